// Group commit of one tenant's writes on PostgreSQL. A tenant's writes must run one at a time (store.hpp's
// isolation contract, held across instances by pg_advisory_xact_lock(kTenantLocks, client)), so each used to
// wait for the previous one's COMMIT, WAL flush included: one commit per flush per tenant. Here the writes of
// one tenant in this process share one transaction, the group:
// - a request takes the tenant's writer (one request at a time on the group's connection), opens the group
//   if none is open (BEGIN and the tenant lock, once per group), and runs in its own SAVEPOINT;
// - when it ends, it keeps (RELEASE) or undoes (ROLLBACK TO) its savepoint, so a failed request never touches
//   the others. If another request is already waiting for the writer and the group has room, it hands the
//   still-open transaction on and waits; otherwise it commits the group: every member's change-log entries
//   in one statement, under the change-log lock taken only now, then COMMIT;
// - a member returns from commit() only after the COMMIT that holds its writes has finished, with its own
//   entries' seqs. If that COMMIT fails, or the connection is lost while the group is open, every member of the
//   group fails and nothing of it is visible; the next request opens a new group.
// The SQLite backend does the same on its single writer (store/sqlite/group_commit.hpp).
//
// Threading: any thread may enter; a Member belongs to the thread that entered. A thread must hold at most
// one Member at a time (two would wait for each other's writers).
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <vector>

#include "store/postgres/pool.hpp"
#include "store/store.hpp"

namespace norced::store::postgres {

class GroupCommit {
 public:
  static constexpr int kMaxMembers = 32;  // bounds how long the first member of a group can wait

  // `writer_wait`: how long a request waits for its tenant's writer before StoreError{Retryable} (the
  // statement timeout, which bounded the wait for the tenant lock before; 0 = no limit).
  GroupCommit(Pool& pool, std::chrono::milliseconds writer_wait);
  ~GroupCommit();
  GroupCommit(const GroupCommit&) = delete;
  GroupCommit& operator=(const GroupCommit&) = delete;

  struct Tenant;
  struct Outcome;

  // One request's part in its tenant's group. Destroyed without commit(), it undoes its part (never throws).
  class Member {
   public:
    // Takes the tenant's writer and joins its open group, or opens one.
    Member(Tenant& tenant, Pool& pool, std::chrono::milliseconds writer_wait);
    ~Member();
    Member(const Member&) = delete;
    Member& operator=(const Member&) = delete;

    // The group's connection, while this member holds the writer.
    Connection& db();
    // Keeps this member's writes with their change-log entries `changes` (seq 0) and returns them with their
    // seqs, once the COMMIT that holds them has finished. Throws StoreError when they were not committed.
    std::vector<Change> commit(std::vector<Change> changes);

   private:
    void leave(bool keep, std::vector<Change>* changes);
    // Waits for the group's end; then throws what kept the member's writes from being committed, or sets the
    // seqs of `changes` (its entries at `offset` in the group's).
    void await(std::optional<StoreError> own, size_t offset, std::vector<Change>* changes);

    Tenant& tenant_;
    std::shared_ptr<Outcome> outcome_;  // of the group this member is in
    bool in_ = true;                    // holds the writer, its savepoint open
  };

  // Takes `client`'s writer (waiting for it while another request of the tenant holds it) and opens this
  // request's savepoint in the tenant's group. Throws StoreError: Retryable after `writer_wait`, or what
  // beginning the group's transaction threw.
  std::unique_ptr<Member> enter(int64_t client);

  // Requests of `client` waiting for its writer now (tests line writers up into one group with it).
  int waiting(int64_t client);

 private:
  Tenant& tenant(int64_t client);

  Pool& pool_;
  const std::chrono::milliseconds writer_wait_;
  std::mutex mu_;
  std::unordered_map<int64_t, std::unique_ptr<Tenant>> tenants_;  // guarded by mu_; never removed
};

}  // namespace norced::store::postgres
