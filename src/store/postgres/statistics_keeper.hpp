// Keeps the planner's statistics up with tables that grow fast, such as a new tenant's categories seeded over
// the API or an import's products.
//
// Why: norced runs its statements as prepared statements, and PostgreSQL keeps a prepared statement's generic
// plan until the table's statistics next change. A plan chosen while a table held a few rows scans it whole
// (the cheapest way through one page), and keeps doing so when it holds ten thousand: after seeding 10,000
// categories, POST /api/category ran at 150-300/s instead of about 3,000/s, its tree walk's plan scanning the
// table on every step, until autovacuum analysed the table (it looks once a minute by default). So after this
// instance writes, at most once per `interval`, the keeper asks which of the schema's tables have changed by at
// least as many rows as they held when last analysed (and by `min_changes` or more), and ANALYZEs them. That
// refreshes their statistics and makes every session plan its statements over them again. Doubling keeps the
// work small: a table that grows to a million rows is analysed about a dozen times on the way.
//
// Several instances may do it at once: ANALYZE (SKIP_LOCKED) leaves a table another session is analysing. A
// failure (the database away, the pool busy) is dropped: the next write tries again.
//
// Threading: wrote() from any thread; one thread of its own ("norced-analyze") when `interval` > 0.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "store/postgres/pool.hpp"

namespace norced::store::postgres {

class StatisticsKeeper {
 public:
  struct Settings {
    std::chrono::milliseconds interval{1000};  // 0: no thread (analyze_due only when called)
    int64_t min_changes = 500;
  };

  StatisticsKeeper(Pool& pool, Settings settings);
  ~StatisticsKeeper();
  StatisticsKeeper(const StatisticsKeeper&) = delete;
  StatisticsKeeper& operator=(const StatisticsKeeper&) = delete;

  // A write of this instance committed: the keeper looks at the tables within `interval`.
  void wrote();

  // ANALYZEs the tables due now and returns their names. Throws what the database throws.
  std::vector<std::string> analyze_due();

 private:
  void loop();

  Pool& pool_;
  const Settings settings_;
  std::atomic<bool> written_{false};  // since the keeper last looked: a commit costs one load when set
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace norced::store::postgres
