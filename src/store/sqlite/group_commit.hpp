// Group commit on the single writer connection. A write request takes the writer, runs in its own SAVEPOINT
// inside the current group transaction, and releases (keeps) or rolls back its savepoint. If other requests
// are already waiting for the writer, it hands the still-open transaction to them and waits; the last member
// of the group COMMITs once for all. Every member returns from leave(true) only after the COMMIT that holds
// its changes has finished, so a client never hears "done" for something not yet committed, and one member's
// failure (a rolled-back savepoint) never touches the others' changes.
//
// Why: a commit here costs several syscalls (WAL frames, file locks) that dominate a small write; under load
// they are shared by every request that was waiting anyway, and an idle writer still commits at once.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>

#include "store/sqlite/connection.hpp"

namespace norced::store::sqlite {

class GroupCommit {
 public:
  static constexpr int kMaxMembers = 32;  // bounds how long the first member of a group can wait

  explicit GroupCommit(Connection& writer) : db_(writer) {}

  // Takes the writer (blocking while another request holds it) and opens this request's savepoint.
  void enter();
  // Ends the request's part: keep = commit its changes, otherwise undo them. With keep, returns once they are
  // committed and throws StoreError if the group's COMMIT failed. Never throws without keep.
  void leave(bool keep);

 private:
  Connection& db_;
  std::mutex writer_;            // the connection: one request at a time
  std::atomic<int> waiting_{0};  // requests blocked in enter()
  // Guarded by writer_:
  bool open_ = false;            // a group transaction is open on the connection
  int members_ = 0;              // requests that have been in the open group
  // Guarded by state_:
  std::mutex state_;
  std::condition_variable done_;
  uint64_t group_ = 0;           // id of the open (or last) group
  uint64_t committed_ = 0;       // every group up to this id has finished committing
  uint64_t failed_ = 0;          // the last group whose COMMIT failed
};

}  // namespace norced::store::sqlite
