#include "store/postgres/pool.hpp"

namespace norced::store::postgres {

namespace {

// Prepared statements a connection keeps; list filters make new texts, so the cache is bounded.
constexpr size_t kMaxStatements = 512;
const std::string kRollback = "ROLLBACK";

}  // namespace

Pool::Pool(ConnectionSettings settings, size_t size, std::chrono::milliseconds wait)
    : settings_(std::move(settings)), size_(size ? size : 1), wait_(wait) {}

Pool::Lease& Pool::Lease::operator=(Lease&& o) noexcept {
  if (this != &o) {
    release();
    pool_ = o.pool_;
    conn_ = std::move(o.conn_);
  }
  return *this;
}

void Pool::Lease::release() {
  if (pool_ && conn_) pool_->give_back(std::move(conn_));
  conn_.reset();
}

Pool::Lease Pool::acquire(bool& reused) {
  std::unique_lock lock(mu_);
  if (!freed_.wait_for(lock, wait_, [&] { return !idle_.empty() || open_ < size_; }))
    throw StoreError("all " + std::to_string(size_) + " database connections are busy", StoreErrorKind::Retryable);
  if (!idle_.empty()) {
    auto c = std::move(idle_.back());
    idle_.pop_back();
    reused = true;
    return Lease(this, std::move(c));
  }
  ++open_;
  lock.unlock();
  reused = false;
  try {
    return Lease(this, std::make_unique<Connection>(settings_));
  } catch (...) {
    forget(1);
    throw;
  }
}

Pool::Lease Pool::begin(const std::string& begin) {
  for (int attempt = 0;; ++attempt) {
    bool reused = false;
    Lease lease = acquire(reused);
    try {
      lease->run(begin);
      return lease;
    } catch (const StoreError& e) {
      if (e.kind != StoreErrorKind::Unavailable || !reused || attempt > 0) throw;
      lease.release();  // broken: closed, not pooled
      drop_idle();
    }
  }
}

Pool::Lease Pool::begin_read(const std::string& begin) {
  bool reused = false;
  Lease lease = acquire(reused);
  lease->defer_read_begin(begin);
  return lease;
}

void Pool::give_back(std::unique_ptr<Connection> c) {
  c->drop_deferred();
  if (!c->broken() && !c->idle()) {
    // A transaction that was not committed (or a read's snapshot) ends here, without waiting: the next lease
    // reads the answer first (Connection::settle), and a connection it finds broken is replaced as a dead
    // idle one is (begin()).
    try {
      c->send_without_waiting(kRollback);
    } catch (const StoreError&) {
      // broken now: closed below
    }
  }
  if (c->broken() || (!c->sending() && !c->idle())) {
    c.reset();
    forget(1);
    return;
  }
  try {
    c->trim_statements(kMaxStatements);
  } catch (const StoreError&) {
    c.reset();
    forget(1);
    return;
  }
  {
    std::lock_guard lock(mu_);
    idle_.push_back(std::move(c));
  }
  freed_.notify_one();
}

void Pool::forget(size_t count) {
  {
    std::lock_guard lock(mu_);
    open_ -= count;
  }
  freed_.notify_all();
}

void Pool::drop_idle() {
  std::vector<std::unique_ptr<Connection>> dead;
  {
    std::lock_guard lock(mu_);
    dead.swap(idle_);
  }
  const size_t n = dead.size();
  dead.clear();  // closed outside the lock
  forget(n);
}

}  // namespace norced::store::postgres
