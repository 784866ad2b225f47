#include "store/sqlite/group_commit.hpp"

#include "store/store.hpp"

namespace norced::store::sqlite {

void GroupCommit::enter() {
  waiting_.fetch_add(1, std::memory_order_acq_rel);
  writer_.lock();
  waiting_.fetch_sub(1, std::memory_order_acq_rel);
  try {
    if (!open_) {
      db_.query("BEGIN IMMEDIATE").run();
      open_ = true;
      members_ = 0;
      std::lock_guard lock(state_);
      ++group_;
    }
    db_.query("SAVEPOINT request").run();
    ++members_;
  } catch (...) {
    writer_.unlock();
    throw;
  }
}

void GroupCommit::leave(bool keep) {
  bool kept = keep;
  try {
    if (keep) {
      db_.query("RELEASE request").run();
    } else {
      db_.query("ROLLBACK TO request").run();
      db_.query("RELEASE request").run();
    }
  } catch (...) {
    kept = false;  // the savepoint could not be released: treat it as undone (the group COMMIT decides)
    if (keep) {
      try {
        db_.query("ROLLBACK TO request").run();
        db_.query("RELEASE request").run();
      } catch (...) {
      }
    }
  }
  uint64_t mine;
  {
    std::lock_guard lock(state_);
    mine = group_;
  }
  if (waiting_.load(std::memory_order_acquire) > 0 && members_ < kMaxMembers) {
    // Someone is about to take the writer: they continue this transaction, and its last member commits it.
    writer_.unlock();
    if (!kept) {
      if (keep) throw StoreError("could not keep the request's changes");
      return;
    }
    std::unique_lock lock(state_);
    done_.wait(lock, [&] { return committed_ >= mine; });
    if (failed_ == mine) throw StoreError("the database could not commit the transaction");
    return;
  }
  bool ok = true;
  try {
    db_.query("COMMIT").run();
  } catch (...) {
    ok = false;
    try {
      db_.query("ROLLBACK").run();
    } catch (...) {
    }
  }
  open_ = false;
  {
    std::lock_guard lock(state_);
    if (!ok) failed_ = mine;
    committed_ = mine;
  }
  done_.notify_all();
  writer_.unlock();
  if (keep && (!ok || !kept)) throw StoreError("the database could not commit the transaction");
}

}  // namespace norced::store::sqlite
