// A store for tests that forwards to a real one and counts the system transactions opened on it, to see when
// code reads or writes identity data (the token signing keys).
#pragma once

#include <atomic>
#include <memory>

#include "store/store.hpp"

namespace norced::test {

class CountingStore final : public store::Store {
 public:
  explicit CountingStore(std::unique_ptr<store::Store> inner) : inner_(std::move(inner)) {}
  std::unique_ptr<store::ReadTx> read(int64_t c) override { return inner_->read(c); }
  std::unique_ptr<store::WriteTx> write(int64_t c, store::Author a) override { return inner_->write(c, std::move(a)); }
  std::unique_ptr<store::SystemReadTx> system() override {
    ++reads;
    return inner_->system();
  }
  std::unique_ptr<store::SystemWriteTx> system_write() override {
    ++writes;
    return inner_->system_write();
  }
  bool ready() override { return inner_->ready(); }
  std::string describe() const override { return inner_->describe(); }
  store::JobStore& jobs() override { return inner_->jobs(); }

  std::atomic<int> reads{0}, writes{0};

 private:
  std::unique_ptr<store::Store> inner_;
};

}  // namespace norced::test
