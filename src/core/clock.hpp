// The one source of "now" (UTC wall-clock micros). Everything that reads the time takes a Clock, so tests
// advance a ManualClock instead of sleeping, and a price list that ends "tomorrow" can be tested today.
#pragma once

#include <atomic>

#include "core/time.hpp"

namespace norced {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual timeutil::Micros now() const = 0;
};

class SystemClock final : public Clock {
 public:
  timeutil::Micros now() const override { return timeutil::now(); }
};

// The process-wide system clock (the default wherever a Clock is optional).
inline const Clock& system_clock() {
  static const SystemClock clock;
  return clock;
}

// A clock that moves only when told to. Thread-safe.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(timeutil::Micros start) : now_(start) {}
  timeutil::Micros now() const override { return now_.load(std::memory_order_acquire); }
  void set(timeutil::Micros t) { now_.store(t, std::memory_order_release); }
  void advance(timeutil::Micros by) { now_.fetch_add(by, std::memory_order_acq_rel); }

 private:
  std::atomic<timeutil::Micros> now_;
};

}  // namespace norced
