#include "http/handler_pool.hpp"

#include <atomic>
#include <exception>
#include <utility>

#include <spdlog/spdlog.h>

#include "core/thread_name.hpp"
#include "core/thread_priority.hpp"

namespace norced::http {

Lane lane_for(std::string_view method) {
  return method == "GET" || method == "HEAD" || method == "OPTIONS" ? Lane::read : Lane::write;
}

const char* lane_name(Lane lane) { return lane == Lane::read ? "read" : "write"; }

void run_this_thread_realtime() {
  static std::atomic<bool> warned{false};
  if (const std::string error = raise_this_thread_to_realtime(1); !error.empty() && !warned.exchange(true))
    spdlog::warn("http: --realtime-reads: the system refuses the real-time class ({}); reads run at the normal "
                 "priority (it needs CAP_SYS_NICE or an RLIMIT_RTPRIO of at least 1)",
                 error);
}

WorkLane::WorkLane(std::string name, unsigned threads, size_t queue_depth, int nice, bool realtime)
    : name_(std::move(name)),
      thread_count_(threads == 0 ? 1 : threads),
      depth_(queue_depth),
      nice_(nice),
      realtime_(realtime) {}

WorkLane::~WorkLane() { stop(); }

void WorkLane::start() {
  threads_.reserve(thread_count_);
  for (unsigned i = 0; i < thread_count_; ++i)
    threads_.emplace_back([this, i] {
      name_this_thread("norced-" + name_ + "-" + std::to_string(i + 1));
      loop();
    });
}

bool WorkLane::try_submit(Job&& job) {
  {
    std::lock_guard lock(mu_);
    if (stopping_ || queue_.size() >= depth_) return false;
    queue_.push_back(std::move(job));
  }
  ready_.notify_one();
  return true;
}

void WorkLane::stop() {
  std::deque<Job> dropped;
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    dropped.swap(queue_);
  }
  ready_.notify_all();
  for (auto& t : threads_) t.join();
  threads_.clear();
  // `dropped` is destroyed here, on the caller's thread, after every lane thread has gone: a job's captures
  // (a session, say) may only be safe to destroy once nothing else runs.
}

size_t WorkLane::queued() const {
  std::lock_guard lock(mu_);
  return queue_.size();
}

void WorkLane::loop() {
  if (realtime_) run_this_thread_realtime();
  if (const std::string error = lower_this_thread_priority(nice_); !error.empty())
    spdlog::warn("http: {} lane: cannot change thread priority by {}: {}", name_, nice_, error);
  for (;;) {
    Job job;
    {
      std::unique_lock lock(mu_);
      ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;  // queued jobs are dropped by stop()
      job = std::move(queue_.front());
      queue_.pop_front();
    }
    try {
      job();
    } catch (const std::exception& e) {
      spdlog::error("http: {} lane: job failed: {}", name_, e.what());
    } catch (...) {
      spdlog::error("http: {} lane: job failed: unknown exception", name_);
    }
  }
}

}  // namespace norced::http
