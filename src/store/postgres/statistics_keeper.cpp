#include "store/postgres/statistics_keeper.hpp"

#include "core/thread_name.hpp"
#include "core/thread_priority.hpp"

namespace norced::store::postgres {

namespace {

// The schema's tables changed by at least as many rows as they held when last analysed (reltuples is -1 for a
// table never analysed) and by $1 or more. n_mod_since_analyze is what autovacuum decides by, too.
const std::string kDue =
    "SELECT s.relname FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid "
    "WHERE s.schemaname = current_schema() AND s.n_mod_since_analyze >= greatest($1::bigint, c.reltuples::bigint) "
    "ORDER BY s.n_mod_since_analyze DESC";

constexpr int kNice = 10;  // background upkeep, as the SQLite checkpointer

std::string quoted(const std::string& name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + '"';
}

}  // namespace

StatisticsKeeper::StatisticsKeeper(Pool& pool, Settings settings) : pool_(pool), settings_(settings) {
  if (settings_.interval.count() <= 0) return;
  thread_ = std::thread([this] {
    name_this_thread("norced-analyze");
    lower_this_thread_priority(kNice);
    loop();
  });
}

StatisticsKeeper::~StatisticsKeeper() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_one();
  if (thread_.joinable()) thread_.join();
}

void StatisticsKeeper::wrote() {
  if (!thread_.joinable() || written_.load(std::memory_order_relaxed)) return;
  if (!written_.exchange(true)) cv_.notify_one();
}

std::vector<std::string> StatisticsKeeper::analyze_due() {
  std::vector<std::string> due = pool_.outside_transaction([&](Connection& db) {
    // Planned each time (exec_planned): the statistics views' sizes change with every table norced creates.
    Result r = db.exec_planned(kDue, Params().add(settings_.min_changes));
    std::vector<std::string> names;
    for (int i = 0; i < r.rows(); ++i) names.push_back(r.str(i, 0));
    return names;
  });
  for (const std::string& table : due)
    pool_.outside_transaction([&](Connection& db) { db.run("ANALYZE (SKIP_LOCKED) " + quoted(table)); });
  return due;
}

void StatisticsKeeper::loop() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    cv_.wait(lock, [&] { return stopping_ || written_.load(); });
    // At most once per interval; waiting also gives the writing sessions time to report their counts
    // (PostgreSQL sessions send their table counters at most about once a second).
    if (cv_.wait_for(lock, settings_.interval, [&] { return stopping_; })) break;
    written_.store(false);
    lock.unlock();
    try {
      analyze_due();
    } catch (const std::exception&) {
      // The database away or the pool busy: the next write tries again; autovacuum analyses meanwhile.
    }
    lock.lock();
  }
}

}  // namespace norced::store::postgres
