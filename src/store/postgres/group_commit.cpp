#include "store/postgres/group_commit.hpp"

#include "store/postgres/postgres_store.hpp"
#include "store/postgres/schema.hpp"

namespace norced::store::postgres {

namespace {

// Appends a group's change-log entries: seq continues from the largest committed one (the caller holds the
// change-log lock, so no other commit appends meanwhile), and followers are notified of the last seq. Each
// entry has its own author, since the group's members are different requests.
// 1 client ids, 2 instants, 3 accounts, 4 resources, 5 entity ids, 6 kinds, 7 count → the largest seq before.
const std::string kAppendChanges =
    "WITH top AS (SELECT coalesce(max(seq), 0) AS s FROM change_log), "
    "added AS (INSERT INTO change_log (seq, client_id, resource, entity_id, kind, at, account) "
    "SELECT top.s + v.n, v.client_id, v.resource, v.entity_id, v.kind, v.at, v.account FROM top, "
    "unnest($1::bigint[], $2::timestamptz[], $3::text[], $4::text[], $5::bigint[], $6::smallint[]) "
    "WITH ORDINALITY AS v(client_id, at, account, resource, entity_id, kind, n)) "
    "SELECT s, pg_notify('" + std::string(kChangesChannel) + "', (s + $7)::text) FROM top";

const std::string kLockChangeLog = "SELECT pg_advisory_xact_lock(" + std::to_string(kChangeLogLock) + ", 0)";
const std::string kCommit = "COMMIT";

// The lock key of a tenant: its client id as a 32-bit key. Ids beyond 2^31 share a key with another client,
// which only serialises the two tenants' writes together: stronger than the contract asks, never weaker.
int32_t tenant_key(int64_t client_id) { return static_cast<int32_t>(static_cast<uint32_t>(client_id)); }

// Opens a group: READ COMMITTED under the tenant's transaction lock, so the tenant's writes run one at a
// time on every instance and each sees the tenant's rows as the previous one committed them (no lost update),
// and the first member's savepoint, all in one round trip.
std::string begin_group(int64_t client) {
  return "BEGIN; SELECT pg_advisory_xact_lock(" + std::to_string(kTenantLocks) + ", " +
         std::to_string(tenant_key(client)) + "); SAVEPOINT request";
}

StoreError as_store_error(const std::exception& e) {
  if (const auto* s = dynamic_cast<const StoreError*>(&e)) return *s;
  return StoreError(e.what(), StoreErrorKind::Internal);
}

}  // namespace

// What the members of one group learn when it ends.
struct GroupCommit::Outcome {
  bool done = false;
  int64_t top = 0;                  // the largest seq before the group's first entry
  std::optional<StoreError> error;  // set when the group was not committed
};

struct GroupCommit::Tenant {
  explicit Tenant(int64_t id) : client(id) {}
  const int64_t client;
  std::mutex mu;
  std::condition_variable writer_free;
  std::condition_variable ended;  // a group's Outcome is done
  // Guarded by mu:
  bool busy = false;  // a request holds the writer
  int waiting = 0;    // requests waiting for it
  // The open group, touched only by the request holding the writer (handing the writer on through mu orders
  // one holder's accesses before the next one's):
  Pool::Lease conn;  // valid while a group is open; its transaction holds the tenant lock
  int members = 0;   // requests that have joined it
  std::vector<Change> entries;  // the kept members' entries, in the order they committed
  std::shared_ptr<Outcome> outcome;

  // A request waits for the writer and will continue the open group: worth handing it on.
  bool successor_waiting() {
    std::lock_guard lock(mu);
    return waiting > 0 && members < kMaxMembers;
  }

  void take_writer(std::chrono::milliseconds wait) {
    std::unique_lock lock(mu);
    ++waiting;
    const auto free = [&] { return !busy; };
    bool got = true;
    if (wait.count() > 0) got = writer_free.wait_for(lock, wait, free);
    else writer_free.wait(lock, free);
    --waiting;
    if (!got)
      throw StoreError("another write of client " + std::to_string(client) + " took longer than the statement timeout",
                       StoreErrorKind::Retryable);
    busy = true;
  }

  void release_writer() {
    {
      std::lock_guard lock(mu);
      busy = false;
    }
    writer_free.notify_one();
  }

  // Ends the open group, committed (`error` empty; its entries follow seq `top`) or not, and releases the
  // writer: the next request opens a new group.
  void end(std::optional<StoreError> error, int64_t top) {
    conn.release();  // back to the pool; a failed transaction is rolled back there, a lost connection closed
    members = 0;
    entries.clear();
    const std::shared_ptr<Outcome> done = std::move(outcome);
    {
      std::lock_guard lock(mu);
      done->done = true;
      done->top = top;
      done->error = std::move(error);
      busy = false;
    }
    ended.notify_all();
    writer_free.notify_one();
  }

  // Appends every member's entries in one statement, then COMMITs. The change-log lock is taken only here,
  // after the tenant lock (every writer takes the two in this order, so they never deadlock), and is held
  // until COMMIT, so the next appender reads a larger max(seq): seqs increase in commit order. The lock, the
  // append and the COMMIT go in one round trip; the append's snapshot is taken after the lock is granted,
  // because it is a statement of its own (READ COMMITTED).
  void commit() {
    std::optional<StoreError> error;
    int64_t top = 0;
    try {
      std::vector<Statement> steps;
      if (!entries.empty()) {
        steps.push_back({&kLockChangeLog, {}});
        steps.push_back({&kAppendChanges, append_params()});
      }
      steps.push_back({&kCommit, {}, false});
      auto results = conn->pipeline(steps);
      if (!entries.empty()) top = results[1].int64(0, 0);
    } catch (const std::exception& e) {
      error = as_store_error(e);
    }
    end(std::move(error), top);
  }

  Params append_params() const {
    ArrayLiteral clients, ats, accounts, resources, ids, kinds;
    for (const auto& c : entries) {
      clients.add(c.client_id);
      ats.add(Text(format_instant(c.at)));
      accounts.add(Text(c.account));  // checked by Member::commit: PostgreSQL can hold it
      resources.add(Text(c.resource));
      ids.add(c.entity_id);
      kinds.add(static_cast<int64_t>(c.kind));
    }
    Params p;
    p.add(clients.take()).add(ats.take()).add(accounts.take()).add(resources.take()).add(ids.take()).add(kinds.take());
    p.add(static_cast<int64_t>(entries.size()));
    return p;
  }
};

GroupCommit::Member::Member(Tenant& tenant, Pool& pool, std::chrono::milliseconds writer_wait) : tenant_(tenant) {
  tenant_.take_writer(writer_wait);
  if (!tenant_.conn.valid()) {
    try {
      tenant_.outcome = std::make_shared<Outcome>();
      tenant_.conn = pool.begin(begin_group(tenant_.client));
    } catch (...) {
      tenant_.outcome.reset();
      tenant_.release_writer();  // no group was opened: nobody waits for one
      throw;
    }
  }
  // Otherwise the previous member left a fresh savepoint for this one (see leave()).
  ++tenant_.members;
  outcome_ = tenant_.outcome;
}

GroupCommit::Member::~Member() {
  if (!in_) return;
  try {
    leave(false, nullptr);
  } catch (...) {
    // Undoing never throws a failure of its own: a broken group has told its members already.
  }
}

Connection& GroupCommit::Member::db() {
  if (!in_) throw StoreError("the transaction has ended");
  return *tenant_.conn;
}

std::vector<Change> GroupCommit::Member::commit(std::vector<Change> changes) {
  if (!in_) throw StoreError("the transaction has ended");
  // An entry the server cannot hold would fail the whole group's append: refused here, for this member only.
  for (const auto& c : changes)
    if (!storable_text(c.account)) throw StoreError("the author's name is not text PostgreSQL can hold");
  leave(true, &changes);
  return changes;
}

// Runs while holding the writer. The member's savepoint is kept or undone first; then it either hands the open
// group on to a waiting request (leaving a fresh savepoint for it, so joining costs no round trip) or commits
// the group. Whatever fails, the writer is released and the group left either open with a fresh savepoint or
// ended, so no member waits for a group nobody will end.
void GroupCommit::Member::leave(bool keep, std::vector<Change>* changes) {
  in_ = false;
  Tenant& t = tenant_;
  Connection& db = *t.conn;
  // Handing on needs a fresh savepoint for the successor; made together with the release when one waits now.
  const bool hand_on = t.successor_waiting();
  std::optional<StoreError> own;     // why this member's writes are not kept
  std::optional<StoreError> broken;  // why the group cannot go on
  try {
    if (keep && db.in_error()) own = StoreError("a statement of this transaction failed: it was rolled back");
    else if (keep && hand_on) {
      // Sent with the successor's first statement: nobody needs to wait for them.
      db.defer("RELEASE SAVEPOINT request");
      db.defer("SAVEPOINT request");
    }
    // else keep and commit: COMMIT keeps the savepoint's writes, no round trip needed
  } catch (const std::exception& e) {
    own = as_store_error(e);
  }
  if (!keep || own) {
    try {
      db.run("ROLLBACK TO SAVEPOINT request");  // undoes this member's writes only; the savepoint stays, fresh
    } catch (const std::exception& e) {
      broken = as_store_error(e);  // the connection is lost or the transaction unusable: nothing can commit
    }
  }
  if (broken) {
    t.end(broken, 0);
    if (keep) throw own ? *own : *broken;
    return;
  }
  const bool kept = keep && !own;
  const size_t offset = t.entries.size();
  const bool fresh_savepoint = !kept || hand_on;
  try {
    if (kept) t.entries.insert(t.entries.end(), changes->begin(), changes->end());
  } catch (const std::exception& e) {
    t.end(as_store_error(e), 0);
    throw;
  }
  {
    std::unique_lock lock(t.mu);
    // Checked again: a request that was waiting may have given up meanwhile, and nobody would end the group.
    if (fresh_savepoint && t.waiting > 0 && t.members < kMaxMembers) {
      t.busy = false;
      lock.unlock();
      t.writer_free.notify_one();
      if (kept) await(std::nullopt, offset, changes);
      else if (own) throw *own;
      return;
    }
  }
  t.commit();
  if (keep) await(own, offset, changes);
}

void GroupCommit::Member::await(std::optional<StoreError> own, size_t offset, std::vector<Change>* changes) {
  std::unique_lock lock(tenant_.mu);
  tenant_.ended.wait(lock, [&] { return outcome_->done; });
  if (own) throw *own;
  if (outcome_->error) throw *outcome_->error;
  const int64_t first = outcome_->top + static_cast<int64_t>(offset) + 1;
  for (size_t i = 0; i < changes->size(); ++i) (*changes)[i].seq = first + static_cast<int64_t>(i);
}

GroupCommit::Tenant& GroupCommit::tenant(int64_t client) {
  std::lock_guard lock(mu_);
  auto& t = tenants_[client];
  if (!t) t = std::make_unique<Tenant>(client);
  return *t;
}

std::unique_ptr<GroupCommit::Member> GroupCommit::enter(int64_t client) {
  return std::make_unique<Member>(tenant(client), pool_, writer_wait_);
}

int GroupCommit::waiting(int64_t client) {
  Tenant& t = tenant(client);
  std::lock_guard lock(t.mu);
  return t.waiting;
}

GroupCommit::GroupCommit(Pool& pool, std::chrono::milliseconds writer_wait) : pool_(pool), writer_wait_(writer_wait) {}

GroupCommit::~GroupCommit() = default;

}  // namespace norced::store::postgres
