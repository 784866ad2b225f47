#include "store/sqlite/sqlite_store.hpp"

#include <algorithm>
#include <cassert>
#include <condition_variable>
#include <map>
#include <tuple>
#include <cstdio>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "core/thread_name.hpp"
#include "core/thread_priority.hpp"
#include "core/time.hpp"
#include "store/sqlite/connection.hpp"
#include "store/name_list.hpp"
#include "store/sqlite/group_commit.hpp"
#include "store/sqlite/jobs.hpp"
#include "store/sqlite/known_rows.hpp"
#include "store/sqlite/schema.hpp"
#include "store/sql/generator.hpp"

namespace norced::store::sqlite {

using registry::Cell;
using registry::Entity;
using registry::Expr;
using registry::Field;
using registry::Instant;
using registry::Resource;
using registry::Type;
using sql::ResourceSql;

namespace {

const sql::Dialect& dialect() { return sql::sqlite_dialect(); }

// A random (version 4) UUID in lower case, for keys the server hands out (Application.Key).
std::string new_guid() {
  unsigned char b[16];
  sqlite3_randomness(sizeof b, b);
  b[6] = static_cast<unsigned char>((b[6] & 0x0f) | 0x40);
  b[8] = static_cast<unsigned char>((b[8] & 0x3f) | 0x80);
  char out[37];
  std::snprintf(out, sizeof out, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1],
                b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
  return out;
}

// A column as a cell of `type`; a text borrows the cursor's memory until the next step.
CellView view_cell(const Cursor& c, int col, Type type) {
  sqlite3_value* v = c.value(col);
  if (sqlite3_value_type(v) == SQLITE_NULL) return std::monostate{};
  switch (type) {
    case Type::Int:
      return static_cast<int64_t>(sqlite3_value_int64(v));
    case Type::Bool:
      return sqlite3_value_int64(v) != 0;
    case Type::Decimal:
      return c.decimal(col);
    case Type::DateTime:
      return Instant{sqlite3_value_int64(v)};
    default: {
      const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(v));  // before its length, as documented
      return std::string_view(text, static_cast<size_t>(sqlite3_value_bytes(v)));
    }
  }
}

Cell read_cell(const Cursor& c, int col, Type type) { return cell_of(view_cell(c, col, type)); }

void bind_cell(Cursor& c, int index, const Cell& v) {
  std::visit(
      [&](const auto& x) {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, std::monostate>) c.bind_null(index);
        else if constexpr (std::is_same_v<T, int64_t>) c.bind(index, x);
        else if constexpr (std::is_same_v<T, bool>) c.bind(index, static_cast<int64_t>(x ? 1 : 0));
        else if constexpr (std::is_same_v<T, std::string>) c.bind(index, std::string_view(x));
        else if constexpr (std::is_same_v<T, Decimal>) c.bind(index, std::string_view(x.to_string()));
        else c.bind(index, x.micros);
      },
      v);
}

// Binds the case-folded values of the unique members (an integer key, such as a link's system id, as its
// decimal text), starting at placeholder `first`.
void bind_unique_keys(Cursor& c, const ResourceSql& s, const Entity& e, int first) {
  for (size_t k = 0; k < s.unique_fields.size(); ++k) {
    const Cell& cell = e.cells[s.unique_fields[k]];
    if (const auto* v = std::get_if<std::string>(&cell)) c.bind(first + static_cast<int>(k), std::string_view(fold_case(*v)));
    else if (const auto* n = std::get_if<int64_t>(&cell)) c.bind(first + static_cast<int>(k), std::string_view(std::to_string(*n)));
    else c.bind_null(first + static_cast<int>(k));
  }
}

// A JSON array of ids or strings, bound as one parameter and expanded by json_each: one statement for a set.
std::string json_array(const std::vector<int64_t>& ids) {
  std::string out = "[";
  for (size_t i = 0; i < ids.size(); ++i) out += (i ? "," : "") + std::to_string(ids[i]);
  return out + "]";
}

std::string json_array(const std::vector<std::string>& values) {
  std::string out = "[";
  for (size_t i = 0; i < values.size(); ++i) {
    out += i ? ",\"" : "\"";
    for (unsigned char c : values[i]) {
      if (c == '"' || c == '\\') {
        out += '\\';
        out += static_cast<char>(c);
      } else if (c < 0x20) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\u%04x", c);
        out += buf;
      } else {
        out += static_cast<char>(c);
      }
    }
    out += '"';
  }
  return out + "]";
}

class SqliteStore;

// What every transaction has: its connection and how it ends. A write transaction runs on the writer
// connection through the group commit; a read transaction on a pooled read-only connection, returned to the
// pool at the end.
class TxBase {
 public:
  TxBase(SqliteStore& store, Connection& writer, GroupCommit& group);
  TxBase(SqliteStore& store, std::unique_ptr<Connection> reader);
  ~TxBase();

 protected:
  void finish_write();  // commits; throws StoreError when the group's COMMIT failed

  SqliteStore& store_;
  Connection& conn_;
  GroupCommit* group_ = nullptr;         // write transactions
  std::unique_ptr<Connection> reader_;   // read transactions
  bool open_ = true;
};

// Identity, tenancy, settings, the change log, and client creation.
class SqliteSystemTx final : public SystemWriteTx, private TxBase {
 public:
  using TxBase::TxBase;
  std::optional<ApplicationRow> application(int64_t id) override;
  std::optional<AccountRow> account_for_application(int64_t account_id, int64_t application_id) override;
  std::optional<OAuthClientRow> oauth_client(std::string_view client_id) override;
  std::optional<std::string> setting(std::string_view key) override;
  int64_t client_count() override;
  std::vector<TenantRow> tenants() override;
  std::vector<OAuthClientRow> oauth_clients() override;
  std::vector<Change> changes_since(int64_t after, int limit) override;
  int64_t last_change() override;
  void put_setting(std::string_view key, std::string_view value) override;
  CreatedClient create_client(const NewClient& c) override;
  void add_oauth_client(const OAuthClientRow& row) override;
  bool set_oauth_secret(std::string_view client_id, std::string_view secret_hash) override;
  int64_t create_application(int64_t client_id, std::string_view name, std::string_view culture,
                             int64_t account_id) override;
  void commit() override { finish_write(); }
};

// One tenant's resource rows. Every statement carries the tenant's client id.
class SqliteTx final : public WriteTx, private TxBase {
 public:
  SqliteTx(SqliteStore& store, Connection& writer, GroupCommit& group, int64_t client, Author author)
      : TxBase(store, writer, group), client_(client), author_(std::move(author)) {}
  SqliteTx(SqliteStore& store, std::unique_ptr<Connection> reader, int64_t client)
      : TxBase(store, std::move(reader)), client_(client) {}

  int64_t client_id() const override { return client_; }
  const Author& author() const override { return author_; }
  // SQLite has no round trips to save, but a chunk's many checks of rows it just wrote or looked up are
  // statements too: from here on the transaction remembers the answers (known_rows.hpp).
  void write_in_batches() override {
    if (group_ && !known_) known_ = std::make_unique<KnownRows>();
  }
  void prefetch(const std::vector<Probe>& probes) override;
  ReferenceData reference_data() override;
  std::optional<Entity> get(const Resource& r, int64_t id) override;
  std::vector<Entity> get_many(const Resource& r, const std::vector<int64_t>& ids) override;
  std::vector<Entity> list(const Resource& r, const registry::ListQuery& q) override;
  void scan(const Resource& r, const registry::ListQuery& q, RowSink& sink) override;
  int64_t count(const Resource& r, const registry::Expr& where) override;
  bool exists(const Resource& r, int64_t id) override;
  std::vector<int64_t> existing(const Resource& r, const std::vector<int64_t>& ids) override;
  std::vector<Entity> ancestors(const Resource& r, std::string_view parent_member, int64_t start,
                                int max_depth) override;
  std::vector<int64_t> ancestor_ids(const Resource& r, std::string_view parent_member, int64_t start,
                                    int max_depth) override;
  std::optional<int64_t> next_instant(const Resource& r, const std::vector<std::string_view>& fields,
                                      int64_t after) override;
  std::optional<int64_t> find_unique(const Resource& r, std::string_view field, std::string_view value,
                                     const std::vector<Cell>& scope) override;
  std::vector<std::pair<std::string, int64_t>> find_unique_many(const Resource& r, std::string_view field,
                                                                const std::vector<std::string>& values,
                                                                const std::vector<Cell>& scope) override;

  int64_t insert(const Resource& r, const Entity& e) override;
  std::vector<int64_t> insert_many(const Resource& r, const std::vector<Entity>& items) override;
  void update(const Resource& r, const Entity& e) override;
  void update_many(const Resource& r, const std::vector<Entity>& items) override;
  void remove(const Resource& r, int64_t id) override;
  void put_tenant_setting(std::string_view name, std::string_view value) override;
  bool record_job_progress(const JobProgress& p) override;
  std::vector<Change> commit() override;

 private:
  const ResourceSql& sql(const Resource& r);
  Entity row_to_entity(const Resource& r, const std::vector<int>& fields, const Cursor& c);
  void load_children(const Resource& r, const ResourceSql& s, std::vector<Entity>& items,
                     const std::string& owners, const std::vector<Cell>& params, bool collections = true, bool texts = true);
  void write_children(const Resource& r, const ResourceSql& s, int64_t id, const Entity& e, bool replace);
  void log(const Resource& r, int64_t id, ChangeKind kind);
  void flush_log();  // writes the change-log entries held since the last flush
  // The KnownRows key of a unique value (folded) within `scope`; nullopt when a scope value is null or not an
  // integer or string (then the answer is not kept: such a key is rare and never found).
  static std::optional<std::string> unique_key(const Resource& r, size_t member, std::string_view folded,
                                               const std::vector<Cell>& scope);
  // Remembers the unique keys row `e` (of id `id`) holds after a write.
  void learn_keys(const Resource& r, const ResourceSql& s, int64_t id, const Entity& e);
  // True when a scope value names a row this transaction inserted: only its own writes can hold the key.
  bool scoped_by_new_row(const Resource& r, const ResourceSql& s, const std::vector<Cell>& scope) const;
  // Runs a write (of a row of `r`, or of no resource: null). Any failure marks the transaction failed (no
  // later write, no commit); a unique-key violation of `r` becomes a Conflict naming the member.
  template <class F>
  void writing(const Resource* r, F&& write);
  static size_t unique_index(const Resource& r, std::string_view field);  // its position in r.unique
  static void bind_scope(Cursor& c, const ResourceSql& s, const std::vector<Cell>& scope, int first);

  int64_t client_;
  Author author_;
  std::vector<Change> changes_;
  size_t logged_ = 0;  // changes_[0, logged_) are rows of change_log; the rest are held until flush_log
  std::unique_ptr<KnownRows> known_;  // after write_in_batches
  bool failed_ = false;  // a write threw: the transaction can only be rolled back
};

class Checkpointer {
 public:
  static constexpr int kPagesBeforeCheckpoint = 16000;  // ~64 MB of WAL
  static constexpr int kNice = 10;                       // as the write lane's and the import workers' default

  explicit Checkpointer(const std::string& path) : conn_(path, Connection::Mode::ReadWrite) {
    thread_ = std::thread([this] {
      name_this_thread("norced-checkpt");
      // Background upkeep: copying the WAL back ran for 5 ms at a time at the requests' priority, and on a
      // machine short of cores a GET waited for it (perf sched, docs/decisions.md "Connect benchmark").
      lower_this_thread_priority(kNice);
      loop();
    });
  }
  ~Checkpointer() {
    {
      std::lock_guard lock(mu_);
      stopping_ = true;
    }
    cv_.notify_one();
    thread_.join();
  }
  // Called by the writer after a commit (SQLite's WAL hook), with the WAL's size in pages.
  void committed(int wal_pages) {
    if (wal_pages < kPagesBeforeCheckpoint) return;
    {
      std::lock_guard lock(mu_);
      requested_ = true;
    }
    cv_.notify_one();
  }

 private:
  void loop() {
    std::unique_lock lock(mu_);
    while (!stopping_) {
      // Also checkpoint now and then while idle, so the WAL does not stay large.
      cv_.wait_for(lock, std::chrono::seconds(2), [this] { return requested_ || stopping_; });
      requested_ = false;
      lock.unlock();
      sqlite3_wal_checkpoint_v2(conn_.handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
      lock.lock();
    }
  }
  Connection conn_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool requested_ = false;
  bool stopping_ = false;
  std::thread thread_;
};


class SqliteStore final : public Store {
 public:
  SqliteStore(std::string path, std::vector<const Resource*> resources)
      : path_(std::move(path)), resources_(std::move(resources)) {
    writer_ = std::make_unique<Connection>(path_, Connection::Mode::ReadWrite);
    migrate(*writer_, resources_);
    for (const Resource* r : resources_)
      if (!r->table.empty()) sql_.emplace(r, sql::build(*r, dialect()));
    checkpointer_ = std::make_unique<Checkpointer>(path_);
    group_ = std::make_unique<GroupCommit>(*writer_);
    jobs_ = job_store(*writer_, *group_);
    writer_->exec("PRAGMA wal_autocheckpoint=0");
    sqlite3_wal_hook(
        writer_->handle(),
        [](void* self, sqlite3*, const char*, int pages) {
          static_cast<Checkpointer*>(self)->committed(pages);
          return SQLITE_OK;
        },
        checkpointer_.get());
  }
  ~SqliteStore() override {
    sqlite3_wal_hook(writer_->handle(), nullptr, nullptr);
    checkpointer_.reset();
  }

  std::unique_ptr<ReadTx> read(int64_t client_id) override {
    return std::make_unique<SqliteTx>(*this, take_reader(), client_id);
  }
  // SQLite has one writer per database, so the writes of every tenant are serialised, which is stronger
  // than the per-tenant contract asks for.
  std::unique_ptr<WriteTx> write(int64_t client_id, Author author) override {
    return std::make_unique<SqliteTx>(*this, *writer_, *group_, client_id, std::move(author));
  }
  std::unique_ptr<SystemReadTx> system() override { return std::make_unique<SqliteSystemTx>(*this, take_reader()); }
  std::unique_ptr<SystemWriteTx> system_write() override {
    return std::make_unique<SqliteSystemTx>(*this, *writer_, *group_);
  }

  bool ready() override {
    try {
      return system()->client_count() >= 0;
    } catch (const std::exception&) {
      return false;
    }
  }

  std::string describe() const override { return "sqlite:" + path_; }
  JobStore& jobs() override { return *jobs_; }

  const ResourceSql& sql(const Resource& r) {
    auto it = sql_.find(&r);
    if (it == sql_.end()) throw StoreError("resource not registered with the store: " + std::string(r.name));
    return it->second;
  }

  // A read transaction's connection, back to the pool when the transaction ends.
  void give_back(std::unique_ptr<Connection> c) {
    std::lock_guard lock(pool_mu_);
    readers_.push_back(std::move(c));
  }

 private:
  std::unique_ptr<Connection> take_reader() {
    {
      std::lock_guard lock(pool_mu_);
      if (!readers_.empty()) {
        auto conn = std::move(readers_.back());
        readers_.pop_back();
        return conn;
      }
    }
    return std::make_unique<Connection>(path_, Connection::Mode::ReadOnly);
  }

  std::string path_;
  std::vector<const Resource*> resources_;
  std::unordered_map<const Resource*, ResourceSql> sql_;
  std::unique_ptr<Connection> writer_;
  std::unique_ptr<GroupCommit> group_;
  std::unique_ptr<Checkpointer> checkpointer_;
  std::unique_ptr<JobStore> jobs_;  // on writer_ and group_
  std::mutex pool_mu_;
  std::vector<std::unique_ptr<Connection>> readers_;  // idle read connections
};

TxBase::TxBase(SqliteStore& store, Connection& writer, GroupCommit& group)
    : store_(store), conn_(writer), group_(&group) {
  group_->enter();
}

TxBase::TxBase(SqliteStore& store, std::unique_ptr<Connection> reader)
    : store_(store), conn_(*reader), reader_(std::move(reader)) {
  conn_.query("BEGIN").run();
}

TxBase::~TxBase() {
  if (open_) {
    if (group_) {
      group_->leave(false);
    } else {
      try {
        conn_.query("COMMIT").run();  // ends the read snapshot
      } catch (const std::exception&) {
        // Nothing to do: SQLite ends it on the connection's next BEGIN.
      }
    }
  }
  if (reader_) store_.give_back(std::move(reader_));
}

void TxBase::finish_write() {
  if (!group_) throw StoreError("commit on a read transaction");
  open_ = false;
  group_->leave(true);
}

std::vector<Change> SqliteTx::commit() {
  if (failed_) throw StoreError("commit after a failed write: the transaction is rolled back");
  writing(nullptr, [&] { flush_log(); });
  finish_write();
  return std::move(changes_);
}

const ResourceSql& SqliteTx::sql(const Resource& r) { return store_.sql(r); }

std::optional<ApplicationRow> SqliteSystemTx::application(int64_t id) {
  auto c = conn_.query("SELECT id, client_id, name, culture_code, sales_area_id FROM application WHERE id = ?1");
  c.bind(1, id);
  if (!c.step()) return std::nullopt;
  return ApplicationRow{c.int64(0), c.int64(1), c.text(2), c.text(3), c.int64(4)};
}

std::optional<AccountRow> SqliteSystemTx::account_for_application(int64_t account_id, int64_t application_id) {
  auto c = conn_.query(
      "SELECT a.id, a.client_id, a.name, a.is_active FROM account a JOIN account_application l "
      "ON l.account_id = a.id JOIN application p ON p.id = l.application_id AND p.client_id = a.client_id "
      "WHERE a.id = ?1 AND l.application_id = ?2");
  c.bind_all(account_id, application_id);
  if (!c.step()) return std::nullopt;
  return AccountRow{c.int64(0), c.int64(1), c.text(2), c.int64(3) != 0};
}

namespace {

constexpr const char* kOAuthColumns = "SELECT client_id, secret_hash, tenant_id, resources, is_active FROM oauth_client";

OAuthClientRow oauth_row(const Cursor& c) { return {c.text(0), c.text(1), c.int64(2), split_names(c.text(3)), c.int64(4) != 0}; }

}  // namespace

std::optional<OAuthClientRow> SqliteSystemTx::oauth_client(std::string_view client_id) {
  auto c = conn_.query(std::string(kOAuthColumns) + " WHERE client_id = ?1");
  c.bind(1, client_id);
  if (!c.step()) return std::nullopt;
  return oauth_row(c);
}

std::vector<OAuthClientRow> SqliteSystemTx::oauth_clients() {
  auto c = conn_.query(std::string(kOAuthColumns) + " ORDER BY tenant_id, client_id");
  std::vector<OAuthClientRow> out;
  while (c.step()) out.push_back(oauth_row(c));
  return out;
}

std::vector<TenantRow> SqliteSystemTx::tenants() {
  auto c = conn_.query(
      "SELECT c.id, c.name, (SELECT min(id) FROM account WHERE client_id = c.id AND is_system), a.id "
      "FROM client c LEFT JOIN application a ON a.client_id = c.id ORDER BY c.id, a.id");
  std::vector<TenantRow> out;
  while (c.step()) {
    if (out.empty() || out.back().id != c.int64(0)) out.push_back({c.int64(0), c.text(1), {}, c.opt_int64(2).value_or(0)});
    if (auto app = c.opt_int64(3)) out.back().application_ids.push_back(*app);
  }
  return out;
}

void SqliteSystemTx::add_oauth_client(const OAuthClientRow& row) {
  conn_.query("INSERT INTO oauth_client VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
      .bind(1, row.client_id).bind(2, row.secret_hash).bind(3, row.tenant_id).bind(4, join_names(row.resources))
      .bind(5, int64_t{row.is_active ? 1 : 0}).bind(6, timeutil::now()).run();
}

bool SqliteSystemTx::set_oauth_secret(std::string_view client_id, std::string_view secret_hash) {
  conn_.query("UPDATE oauth_client SET secret_hash = ?2 WHERE client_id = ?1").bind_all(client_id, secret_hash).run();
  return sqlite3_changes(conn_.handle()) > 0;
}

std::optional<std::string> SqliteSystemTx::setting(std::string_view key) {
  auto c = conn_.query("SELECT value FROM setting WHERE key = ?1");
  c.bind(1, key);
  if (!c.step()) return std::nullopt;
  return c.text(0);
}

void SqliteSystemTx::put_setting(std::string_view key, std::string_view value) {
  auto c = conn_.query(dialect().upsert("setting", {"key", "value"}, {"key"}, {"value"}));
  c.bind_all(key, value).run();
}

int64_t SqliteSystemTx::client_count() {
  auto c = conn_.query("SELECT count(*) FROM client");
  c.step();
  return c.int64(0);
}

std::vector<Change> SqliteSystemTx::changes_since(int64_t after, int limit) {
  auto c = conn_.query("SELECT seq, client_id, resource, entity_id, kind, at, account FROM change_log "
                       "WHERE seq > ?1 ORDER BY seq LIMIT ?2");
  c.bind_all(after, limit);
  std::vector<Change> out;
  while (c.step())
    out.push_back({c.int64(0), c.int64(1), c.text(2), c.int64(3), static_cast<ChangeKind>(c.int64(4)), c.int64(5),
                   c.text(6)});
  return out;
}

int64_t SqliteSystemTx::last_change() {
  auto c = conn_.query("SELECT coalesce(max(seq), 0) FROM change_log");
  c.step();
  return c.int64(0);
}

ReferenceData SqliteTx::reference_data() {
  const int64_t client_id = client_;
  ReferenceData ref;
  ref.client_id = client_id;
  {
    auto c = conn_.query(
        "SELECT c.code, c.name, l.is_default FROM client_culture l JOIN culture c ON c.code = l.culture_code "
        "WHERE l.client_id = ?1 ORDER BY l.is_default DESC, c.code");
    c.bind(1, client_id);
    while (c.step()) {
      ref.cultures.push_back({c.text(0), c.text(1), c.int64(2) != 0});
      if (c.int64(2) != 0) ref.default_culture = c.text(0);
    }
  }
  // The system-wide catalog: what a client or application may link to.
  {
    auto c = conn_.query("SELECT code, name FROM culture ORDER BY code");
    while (c.step()) ref.system.cultures.push_back({c.text(0), c.text(1), false});
  }
  {
    auto c = conn_.query("SELECT id, code, name, exchange_rate FROM currency ORDER BY id");
    while (c.step()) ref.system.currencies.push_back({c.int64(0), c.text(1), c.text(2), std::nullopt, c.decimal(3), 0, {}});
  }
  {
    auto c = conn_.query("SELECT id, code, name, standard_vat_code_id FROM sales_area ORDER BY id");
    while (c.step()) ref.system.sales_areas.push_back({c.int64(0), c.text(1), c.text(2), false, c.int64(3), {}});
  }
  for (auto& area : ref.system.sales_areas) {
    auto c = conn_.query("SELECT id, name, value FROM vat_code WHERE sales_area_id = ?1 ORDER BY id");
    c.bind(1, area.id);
    while (c.step()) area.vat_codes.push_back({c.int64(0), c.text(1), c.decimal(2)});
  }
  {
    auto c = conn_.query("SELECT id, code, name FROM country ORDER BY id");
    while (c.step()) ref.system.countries.push_back({c.int64(0), c.text(1), c.text(2)});
  }
  {
    auto c = conn_.query("SELECT id, code, name, coalesce(description, '') FROM price_list_type ORDER BY id");
    while (c.step()) ref.system.price_list_types.push_back({c.int64(0), c.text(1), c.text(2), c.text(3), 0, 0});
  }
  return ref;
}

Entity SqliteTx::row_to_entity(const Resource& r, const std::vector<int>& fields, const Cursor& c) {
  Entity e;
  e.id = c.int64(0);
  e.cells.resize(r.fields.size());
  for (size_t k = 0; k < fields.size(); ++k) {
    int fi = fields[k];
    e.cells[fi] = read_cell(c, static_cast<int>(k + 1), r.fields[fi].type);
  }
  e.collections.resize(r.collections.size());
  return e;
}

void SqliteTx::load_children(const Resource& r, const ResourceSql& s, std::vector<Entity>& items,
                             const std::string& owners, const std::vector<Cell>& params, bool collections, bool texts) {
  if (items.empty()) return;
  std::unordered_map<int64_t, Entity*> by_id;
  by_id.reserve(items.size());
  for (auto& e : items) by_id.emplace(e.id, &e);
  // One owner: its own statement by owner id; several: one statement over the owners subquery of the read.
  auto run = [&](const std::string& of_one, const std::string& of_owners, auto&& on_row) {
    Cursor c = (items.size() == 1) ? conn_.query(of_one) : conn_.query(of_owners + owners);
    if (items.size() == 1) {
      c.bind(1, items.front().id);
    } else {
      for (size_t i = 0; i < params.size(); ++i) bind_cell(c, static_cast<int>(i + 1), params[i]);
    }
    while (c.step()) {
      auto it = by_id.find(c.int64(0));
      if (it != by_id.end()) on_row(*it->second, c);
    }
  };
  if (texts && !s.text_slots.empty()) {
    run(s.texts_of_one, s.texts_of_owners, [&](Entity& e, const Cursor& c) {
      registry::CultureTexts t{c.text(1), std::vector<std::optional<std::string>>(r.texts.size())};
      for (size_t k = 0; k < s.text_slots.size(); ++k) t.texts[s.text_slots[k]] = c.opt_text(static_cast<int>(k + 2));
      e.cultures.push_back(std::move(t));
    });
  }
  for (size_t ci = 0; collections && ci < r.collections.size(); ++ci) {
    size_t ncols = r.collections[ci].columns.size();
    run(s.collection_of_one[ci], s.collection_of_owners[ci], [&](Entity& e, const Cursor& c) {
      std::vector<int64_t> row(ncols);
      for (size_t k = 0; k < ncols; ++k) row[k] = c.is_null(static_cast<int>(k + 1)) ? INT64_MIN : c.int64(static_cast<int>(k + 1));
      e.collections[ci].push_back(std::move(row));
    });
  }
}

std::optional<Entity> SqliteTx::get(const Resource& r, int64_t id) {
  const ResourceSql& s = sql(r);
  std::vector<Entity> items;
  {
    auto c = conn_.query(s.get);
    c.bind_all(client_, id);
    if (!c.step()) return std::nullopt;
    items.push_back(row_to_entity(r, s.column_fields, c));
  }
  load_children(r, s, items, {}, {});
  return std::move(items.front());
}

std::vector<Entity> SqliteTx::get_many(const Resource& r, const std::vector<int64_t>& ids) {
  const ResourceSql& s = sql(r);
  if (ids.empty()) return {};
  const std::string set = json_array(ids);
  std::vector<Entity> items;
  {
    auto c = conn_.query(s.get_many);
    c.bind(1, client_).bind(2, std::string_view(set));
    while (c.step()) items.push_back(row_to_entity(r, s.column_fields, c));
  }
  load_children(r, s, items, s.get_many_owners, {Cell{client_}, Cell{set}});
  return items;
}

std::vector<Entity> SqliteTx::list(const Resource& r, const registry::ListQuery& q) {
  const ResourceSql& s = sql(r);
  const sql::Query query = sql::list(r, s, dialect(), q, client_);
  std::vector<Entity> items;
  {
    auto c = conn_.query(query.sql);
    for (size_t i = 0; i < query.params.size(); ++i) bind_cell(c, static_cast<int>(i + 1), query.params[i]);
    while (c.step()) items.push_back(row_to_entity(r, query.fields, c));
  }
  // A projection reads the texts only when asked, and no collections.
  load_children(r, s, items, query.owners, query.params, !q.only, !q.only || q.only->texts);
  return items;
}

void SqliteTx::scan(const Resource& r, const registry::ListQuery& q, RowSink& sink) {
  assert(q.only && !q.only->texts);
  const sql::Query query = sql::list(r, sql(r), dialect(), q, client_);
  auto c = conn_.query(query.sql);
  for (size_t i = 0; i < query.params.size(); ++i) bind_cell(c, static_cast<int>(i + 1), query.params[i]);
  sink.columns(query.fields);
  std::vector<Type> types;
  for (const int f : query.fields) types.push_back(r.fields[static_cast<size_t>(f)].type);
  std::vector<CellView> values(types.size());
  while (c.step()) {
    for (size_t k = 0; k < types.size(); ++k) values[k] = view_cell(c, static_cast<int>(k + 1), types[k]);
    if (!sink.row(c.int64(0), values)) return;
  }
}

int64_t SqliteTx::count(const Resource& r, const registry::Expr& where) {
  const sql::Query query = sql::count(r, dialect(), where, client_);
  auto c = conn_.query(query.sql);
  for (size_t i = 0; i < query.params.size(); ++i) bind_cell(c, static_cast<int>(i + 1), query.params[i]);
  c.step();
  return c.int64(0);
}

std::vector<Entity> SqliteTx::ancestors(const Resource& r, std::string_view parent_member, int64_t start,
                                       int max_depth) {
  // A walk of primary-key lookups (row, then texts; no collections). Measured faster here than one recursive
  // CTE, whose materialisation costs more than the two or three cached point reads of a typical tree.
  const ResourceSql& s = sql(r);
  const int parent_index = r.field_index(parent_member);
  if (parent_index < 0) throw StoreError("ancestors: no member " + std::string(parent_member));
  std::vector<Entity> items;
  std::optional<int64_t> at = start;
  while (at && static_cast<int>(items.size()) < max_depth) {
    std::vector<Entity> one;
    {
      auto c = conn_.query(s.get);
      c.bind_all(client_, *at);
      if (!c.step()) break;
      one.push_back(row_to_entity(r, s.column_fields, c));
    }
    load_children(r, s, one, {}, {}, false);
    const auto* up = std::get_if<int64_t>(&one.front().cells[parent_index]);
    at = up ? std::optional<int64_t>(*up) : std::nullopt;
    items.push_back(std::move(one.front()));
  }
  return items;
}

std::vector<int64_t> SqliteTx::ancestor_ids(const Resource& r, std::string_view parent_member, int64_t start,
                                           int max_depth) {
  // One primary-key read of one column per level, the statement prepared once per connection.
  const std::string step = sql::parent_of(r, parent_member, dialect());
  std::vector<int64_t> ids;
  std::optional<int64_t> at = start;
  while (at && static_cast<int>(ids.size()) < max_depth) {
    auto c = conn_.query(step);
    c.bind_all(client_, *at);
    if (!c.step()) break;
    ids.push_back(*at);
    at = c.is_null(0) ? std::nullopt : std::optional<int64_t>(c.int64(0));
  }
  return ids;
}

bool SqliteTx::exists(const Resource& r, int64_t id) {
  if (known_)
    if (auto known = known_->exists(r, id)) return *known;
  auto c = conn_.query(sql(r).exists);
  c.bind_all(client_, id);
  const bool found = c.step();
  if (known_) known_->put_exists(r, id, found);
  return found;
}

std::vector<int64_t> SqliteTx::existing(const Resource& r, const std::vector<int64_t>& ids) {
  if (ids.empty()) return {};
  if (ids.size() == 1) return exists(r, ids.front()) ? ids : std::vector<int64_t>{};
  if (known_ && std::all_of(ids.begin(), ids.end(), [&](int64_t id) { return known_->exists(r, id).has_value(); })) {
    std::vector<int64_t> out;
    for (int64_t id : ids)
      if (*known_->exists(r, id)) out.push_back(id);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }
  auto c = conn_.query(sql(r).existing);
  const std::string set = json_array(ids);
  c.bind(1, client_).bind(2, std::string_view(set));
  std::vector<int64_t> out;
  while (c.step()) out.push_back(c.int64(0));
  if (known_) {
    for (int64_t id : ids) known_->put_exists(r, id, false);
    for (int64_t id : out) known_->put_exists(r, id, true);
  }
  return out;
}

std::optional<int64_t> SqliteTx::next_instant(const Resource& r, const std::vector<std::string_view>& fields,
                                              int64_t after) {
  auto c = conn_.query(sql::next_instant(r, dialect(), fields));
  c.bind_all(client_, after);
  if (!c.step()) return std::nullopt;
  return c.opt_int64(0);
}

size_t SqliteTx::unique_index(const Resource& r, std::string_view field) {
  for (size_t k = 0; k < r.unique.size(); ++k)
    if (r.unique[k] == field) return k;
  throw StoreError("not a unique member of " + std::string(r.name) + ": " + std::string(field));
}

void SqliteTx::bind_scope(Cursor& c, const ResourceSql& s, const std::vector<Cell>& scope, int first) {
  // A missing scope value binds NULL, which matches no row: a scoped key is only ever found within its scope.
  for (size_t k = 0; k < s.scope_fields.size(); ++k)
    bind_cell(c, static_cast<int>(k) + first, k < scope.size() ? scope[k] : Cell{});
}

std::optional<std::string> SqliteTx::unique_key(const Resource& r, size_t member, std::string_view folded,
                                                const std::vector<Cell>& scope) {
  std::string key(r.name);
  key += '\x1f';
  key += std::to_string(member);
  for (const Cell& cell : scope) {
    if (const auto* n = std::get_if<int64_t>(&cell)) key += "\x1fi" + std::to_string(*n);
    else if (const auto* t = std::get_if<std::string>(&cell)) key += "\x1fs" + *t;
    else return std::nullopt;
  }
  key += '\x1e';
  key += folded;
  return key;
}

bool SqliteTx::scoped_by_new_row(const Resource& r, const ResourceSql& s, const std::vector<Cell>& scope) const {
  for (size_t k = 0; k < s.scope_fields.size() && k < scope.size(); ++k) {
    const auto& f = r.fields[s.scope_fields[k]];
    const auto* id = std::get_if<int64_t>(&scope[k]);
    if (id && !f.references.empty() && known_->is_new(f.references, *id)) return true;
  }
  return false;
}

void SqliteTx::learn_keys(const Resource& r, const ResourceSql& s, int64_t id, const Entity& e) {
  if (s.unique_fields.empty()) return;
  std::vector<Cell> scope;
  scope.reserve(s.scope_fields.size());
  for (int f : s.scope_fields) scope.push_back(e.cells[f]);
  for (size_t k = 0; k < s.unique_fields.size(); ++k) {
    const Cell& cell = e.cells[s.unique_fields[k]];
    std::string folded;
    if (const auto* v = std::get_if<std::string>(&cell)) folded = fold_case(*v);
    else if (const auto* n = std::get_if<int64_t>(&cell)) folded = std::to_string(*n);
    else continue;  // NULL holds no key
    if (auto key = unique_key(r, k, folded, scope)) known_->put_unique(r, *key, id);
  }
}

std::optional<int64_t> SqliteTx::find_unique(const Resource& r, std::string_view field, std::string_view value,
                                             const std::vector<Cell>& scope) {
  const ResourceSql& s = sql(r);
  const size_t member = unique_index(r, field);
  const std::string folded = fold_case(value);
  std::optional<std::string> key;
  if (known_ && (key = unique_key(r, member, folded, scope))) {
    if (auto known = known_->unique(*key)) return *known;
    if (scoped_by_new_row(r, s, scope)) return std::nullopt;
  }
  auto c = conn_.query(s.find_unique[member]);
  c.bind(1, client_).bind(2, std::string_view(folded));
  bind_scope(c, s, scope, 3);
  std::optional<int64_t> holder;
  if (c.step()) holder = c.int64(0);
  if (key) known_->put_unique(r, *key, holder);
  return holder;
}

std::vector<std::pair<std::string, int64_t>> SqliteTx::find_unique_many(const Resource& r, std::string_view field,
                                                                       const std::vector<std::string>& values,
                                                                       const std::vector<Cell>& scope) {
  const ResourceSql& s = sql(r);
  const size_t member = unique_index(r, field);
  std::vector<std::string> folded;
  folded.reserve(values.size());
  for (const auto& v : values) folded.push_back(fold_case(v));
  std::unordered_map<std::string, std::optional<int64_t>> held;  // by folded value; nullopt: nobody
  std::vector<std::string> ask;  // the folded values the transaction does not know yet
  const bool remember = known_ && unique_key(r, member, "", scope).has_value();
  if (remember) {
    const bool new_scope = scoped_by_new_row(r, s, scope);
    for (const auto& f : folded) {
      if (auto known = known_->unique(*unique_key(r, member, f, scope))) held.emplace(f, *known);
      else if (new_scope) held.emplace(f, std::nullopt);
      else ask.push_back(f);
    }
  } else {
    ask = folded;
  }
  if (!ask.empty()) {
    auto c = conn_.query(s.find_unique_many[member]);
    const std::string set = json_array(ask);
    c.bind(1, client_).bind(2, std::string_view(set));
    bind_scope(c, s, scope, 3);
    while (c.step()) held[c.text(0)] = c.int64(1);
    if (remember)
      for (const auto& f : ask) known_->put_unique(r, *unique_key(r, member, f, scope), held[f]);
  }
  std::vector<std::pair<std::string, int64_t>> out;
  for (size_t i = 0; i < values.size(); ++i)
    if (auto it = held.find(folded[i]); it != held.end() && it->second) out.emplace_back(values[i], *it->second);
  return out;
}

void SqliteTx::prefetch(const std::vector<Probe>& probes) {
  // Only worth it with KnownRows to keep the answers: unique keys of one member and scope go in one statement.
  if (!known_) return;
  std::map<std::tuple<const Resource*, std::string_view, std::string>, std::pair<std::vector<Cell>, std::vector<std::string>>>
      groups;
  for (const Probe& p : probes) {
    if (p.kind != Probe::Kind::Unique || !p.resource) continue;
    auto scope_key = unique_key(*p.resource, 0, "", p.scope);
    if (!scope_key) continue;
    auto& g = groups[{p.resource, p.member, *scope_key}];
    g.first = p.scope;
    g.second.push_back(p.value);
  }
  for (auto& [key, group] : groups)
    if (group.second.size() > 1) find_unique_many(*std::get<0>(key), std::get<1>(key), group.second, group.first);
}

void SqliteTx::write_children(const Resource& r, const ResourceSql& s, int64_t id, const Entity& e, bool replace) {
  if (!s.text_slots.empty()) {
    if (replace) conn_.query(s.texts_delete).bind(1, id).run();
    for (const auto& t : e.cultures) {
      bool any = false;
      for (int slot : s.text_slots) any |= t.texts.size() > static_cast<size_t>(slot) && t.texts[slot].has_value();
      if (!any) continue;
      auto c = conn_.query(s.texts_insert);
      c.bind(1, id).bind(2, t.culture);
      for (size_t k = 0; k < s.text_slots.size(); ++k) {
        const auto& v = t.texts[s.text_slots[k]];
        if (v) c.bind(static_cast<int>(k + 3), *v);
        else c.bind_null(static_cast<int>(k + 3));
      }
      c.run();
    }
  }
  for (size_t ci = 0; ci < r.collections.size(); ++ci) {
    if (replace) conn_.query(s.collection_delete[ci]).bind(1, id).run();
    if (ci >= e.collections.size()) continue;
    for (const auto& row : e.collections[ci]) {
      auto c = conn_.query(s.collection_insert[ci]);
      c.bind(1, id);
      for (size_t k = 0; k < row.size(); ++k) {
        if (row[k] == INT64_MIN) c.bind_null(static_cast<int>(k + 2));
        else c.bind(static_cast<int>(k + 2), row[k]);
      }
      c.run();
    }
  }
}

// Change-log entries are held and written many rows per INSERT (at most 256, at the latest by commit): one
// statement per entry was a tenth of a Connect chunk's time. Nothing reads the change log inside the
// transaction that writes it, and a rolled-back transaction drops what it held, as it would drop the rows.
void SqliteTx::log(const Resource& r, int64_t id, ChangeKind kind) {
  changes_.push_back({0, client_, std::string(r.name), id, kind, author_.at, author_.account});
  if (changes_.size() - logged_ >= 256) flush_log();
}

void SqliteTx::flush_log() {
  // Statements of 256, 64, 16, 4 and 1 rows: a few prepared shapes cover any count. ?1 to ?3 are the client,
  // time and account every entry of the transaction shares.
  static const std::vector<std::pair<size_t, std::string>> shapes = [] {
    std::vector<std::pair<size_t, std::string>> out;
    for (size_t n : {256, 64, 16, 4, 1}) {
      std::string sql = "INSERT INTO change_log (client_id, resource, entity_id, kind, at, account) VALUES ";
      for (size_t i = 0; i < n; ++i) {
        const size_t p = 4 + 3 * i;
        sql += (i ? ", (?1, ?" : "(?1, ?") + std::to_string(p) + ", ?" + std::to_string(p + 1) + ", ?" +
               std::to_string(p + 2) + ", ?2, ?3)";
      }
      out.emplace_back(n, std::move(sql));
    }
    return out;
  }();
  while (logged_ < changes_.size()) {
    const size_t left = changes_.size() - logged_;
    const auto& [n, sql] = *std::find_if(shapes.begin(), shapes.end(), [&](const auto& s) { return s.first <= left; });
    auto c = conn_.query(sql);
    c.bind(1, client_).bind(2, author_.at).bind(3, author_.account);
    for (size_t i = 0; i < n; ++i) {
      const Change& ch = changes_[logged_ + i];
      const int p = static_cast<int>(4 + 3 * i);
      c.bind(p, std::string_view(ch.resource)).bind(p + 1, ch.entity_id).bind(p + 2, static_cast<int64_t>(ch.kind));
    }
    c.run();
    // seq is the INTEGER PRIMARY KEY: the rows of one INSERT take consecutive values, the last one reported.
    const int64_t last = conn_.last_insert_id();
    for (size_t i = 0; i < n; ++i) changes_[logged_ + i].seq = last - static_cast<int64_t>(n - 1 - i);
    logged_ += n;
  }
}

template <class F>
void SqliteTx::writing(const Resource* r, F&& write) {
  if (!group_) throw StoreError("write on a read transaction");
  if (failed_) throw StoreError("write after a failed write: the transaction is rolled back");
  try {
    write();
  } catch (StoreError& e) {
    // The transaction is rolled back as the contract says (store.hpp), as PostgreSQL aborts one: SQLite only
    // undid the failed statement, so the earlier writes must not be committed later.
    failed_ = true;
    if (!r || e.kind != StoreErrorKind::Conflict || !e.field.empty()) throw;
    // SQLite names the violated columns: "UNIQUE constraint failed: category.client_id, category.code_key".
    std::string what = e.what();
    for (auto u : r->unique)
      if (what.find("." + sql::unique_key_column(u)) != std::string::npos)
        throw StoreError("another " + std::string(r->name) + " already has this " + std::string(u),
                         StoreErrorKind::Conflict, std::string(u));
    throw;
  } catch (...) {
    failed_ = true;
    throw;
  }
}

int64_t SqliteTx::insert(const Resource& r, const Entity& e) {
  const ResourceSql& s = sql(r);
  int64_t id = 0;
  writing(&r, [&] {
    auto c = conn_.query(s.insert);
    c.bind(1, client_);
    for (size_t k = 0; k < s.column_fields.size(); ++k) bind_cell(c, static_cast<int>(k + 2), e.cells[s.column_fields[k]]);
    bind_unique_keys(c, s, e, static_cast<int>(s.column_fields.size() + 2));
    c.run();
    id = conn_.last_insert_id();
    write_children(r, s, id, e, false);
    log(r, id, ChangeKind::Insert);
    if (known_) {
      known_->inserted(r, id);
      learn_keys(r, s, id, e);
    }
  });
  return id;
}

std::vector<int64_t> SqliteTx::insert_many(const Resource& r, const std::vector<Entity>& items) {
  // One prepared statement reused per row: SQLite has no round trips, so a loop is as fast as a multi-row
  // statement here; a server backend batches instead.
  std::vector<int64_t> ids;
  ids.reserve(items.size());
  for (const auto& e : items) ids.push_back(insert(r, e));
  return ids;
}

void SqliteTx::update(const Resource& r, const Entity& e) {
  const ResourceSql& s = sql(r);
  writing(&r, [&] {
    auto c = conn_.query(s.update);
    c.bind(1, client_).bind(2, e.id);
    for (size_t k = 0; k < s.column_fields.size(); ++k) bind_cell(c, static_cast<int>(k + 3), e.cells[s.column_fields[k]]);
    bind_unique_keys(c, s, e, static_cast<int>(s.column_fields.size() + 3));
    c.run();
    if (sqlite3_changes(conn_.handle()) == 0) return;  // not the tenant's row: nothing changed, nothing logged
    write_children(r, s, e.id, e, true);
    log(r, e.id, ChangeKind::Update);
    if (known_) {
      known_->put_exists(r, e.id, true);
      known_->forget_holder(r, e.id);
      learn_keys(r, s, e.id, e);
    }
  });
}

void SqliteTx::update_many(const Resource& r, const std::vector<Entity>& items) {
  for (const auto& e : items) update(r, e);
}

void SqliteTx::remove(const Resource& r, int64_t id) {
  const ResourceSql& s = sql(r);
  writing(&r, [&] {
    if (!exists(r, id)) return;  // not the tenant's row: nothing to remove, nothing logged
    if (!s.text_slots.empty()) conn_.query(s.texts_delete).bind(1, id).run();
    for (const auto& del : s.collection_delete) conn_.query(del).bind(1, id).run();
    conn_.query(s.remove).bind_all(client_, id).run();
    log(r, id, ChangeKind::Delete);
    if (known_) known_->removed(r, id);
  });
}

void SqliteTx::put_tenant_setting(std::string_view name, std::string_view value) {
  writing(nullptr, [&] {
    auto c = conn_.query(dialect().upsert("setting", {"key", "value"}, {"key"}, {"value"}));
    c.bind_all(tenant_setting_key(name, client_), value).run();
  });
}

bool SqliteTx::record_job_progress(const JobProgress& p) {
  bool recorded = false;
  writing(nullptr, [&] { recorded = record_progress(conn_, p); });
  return recorded;
}

CreatedClient SqliteSystemTx::create_client(const NewClient& n) {
  auto now = timeutil::now();
  CreatedClient out;
  conn_.query("INSERT INTO client (name, created) VALUES (?1, ?2)").bind_all(n.name, now).run();
  out.client_id = conn_.last_insert_id();
  // The standard reference data every new client starts with.
  conn_.query("INSERT INTO client_culture VALUES (?1, 'en-US', 1), (?1, 'sv-SE', 0)").bind(1, out.client_id).run();
  conn_.query("INSERT INTO client_currency (client_id, currency_id, exchange_rate, changed, changed_by, id_key) "
              "SELECT ?1, id, NULL, ?2, 'System', CAST(id AS TEXT) FROM currency WHERE code IN "
              "('SEK','EUR','NOK','DKK','USD') ORDER BY id").bind_all(out.client_id, now).run();
  conn_.query("INSERT INTO client_sales_area (client_id, sales_area_id, code, is_primary, primary_vat_code_id, changed, "
              "changed_by, id_key) SELECT ?1, id, code, 1, standard_vat_code_id, ?2, 'System', CAST(id AS TEXT) "
              "FROM sales_area WHERE code = 'SE'").bind_all(out.client_id, now).run();
  conn_.query("INSERT INTO client_price_list_type (client_id, price_list_type_id, sort_order, priority, is_active, "
              "changed, changed_by, id_key) SELECT ?1, id, id, id, 1, ?2, 'System', CAST(id AS TEXT) "
              "FROM price_list_type WHERE code IN ('STANDARD','CAMPAIGN','AGREEMENT','MEMBER') ORDER BY id")
      .bind_all(out.client_id, now).run();
  conn_.query("INSERT INTO client_price_list_type_culture (owner_id, culture, name, description) "
              "SELECT l.id, 'en-US', t.name, t.description FROM client_price_list_type l "
              "JOIN price_list_type t ON t.id = l.price_list_type_id WHERE l.client_id = ?1").bind(1, out.client_id).run();
  conn_.query("INSERT INTO account (client_id, name, is_active, is_system) VALUES (?1, ?2, 1, 1)")
      .bind_all(out.client_id, n.account_name).run();
  out.account_id = conn_.last_insert_id();
  out.application_id = create_application(out.client_id, n.name, n.culture, out.account_id);
  conn_.query("INSERT INTO oauth_client VALUES (?1, ?2, ?3, ?4, 1, ?5)")
      .bind(1, n.oauth_client_id).bind(2, n.oauth_secret_hash).bind(3, out.client_id)
      .bind(4, join_names(n.resources)).bind(5, now).run();
  return out;
}

int64_t SqliteSystemTx::create_application(int64_t client_id, std::string_view name, std::string_view culture,
                                           int64_t account_id) {
  const auto now = timeutil::now();
  conn_.query("INSERT OR IGNORE INTO client_culture VALUES (?1, ?2, 0)").bind(1, client_id).bind(2, culture).run();
  conn_.query("INSERT INTO application (client_id, name, culture_code, sales_area_id, app_key, is_active, changed, "
              "changed_by) SELECT ?1, ?2, ?3, sales_area_id, ?4, 1, ?5, 'System' FROM client_sales_area "
              "WHERE client_id = ?1 AND is_primary = 1 ORDER BY sales_area_id LIMIT 1")
      .bind(1, client_id).bind(2, name).bind(3, culture).bind(4, std::string_view(new_guid())).bind(5, now).run();
  int64_t app_id = conn_.last_insert_id();
  conn_.query("INSERT INTO account_application VALUES (?1, ?2)").bind_all(account_id, app_id).run();
  // The application starts with its culture, the client's currencies (the first one primary), the client's
  // primary sales area and that area's country, each primary.
  conn_.query("INSERT INTO application_culture (client_id, application_id, culture_code, is_primary, is_active, changed, "
              "changed_by, culture_code_key) VALUES (?1, ?2, ?3, 1, 1, ?4, 'System', ?5)")
      .bind(1, client_id).bind(2, app_id).bind(3, culture).bind(4, now)
      .bind(5, std::string_view(fold_case(culture))).run();
  conn_.query("INSERT INTO application_currency (client_id, application_id, currency_id, is_active, is_primary, changed, "
              "changed_by, id_key) SELECT ?1, ?2, currency_id, 1, currency_id = (SELECT min(currency_id) FROM "
              "client_currency WHERE client_id = ?1), ?3, 'System', id_key FROM client_currency WHERE client_id = ?1")
      .bind_all(client_id, app_id, now).run();
  conn_.query("INSERT INTO application_sales_area (client_id, application_id, sales_area_id, code, is_primary, "
              "is_active, changed, changed_by, id_key) SELECT a.client_id, a.id, a.sales_area_id, s.code, 1, 1, ?2, "
              "'System', CAST(a.sales_area_id AS TEXT) FROM application a JOIN sales_area s ON s.id = a.sales_area_id "
              "WHERE a.id = ?1").bind_all(app_id, now).run();
  conn_.query("INSERT INTO application_country (client_id, application_id, country_id, is_primary, is_active, changed, "
              "changed_by, id_key) SELECT a.client_id, a.id, k.id, 1, 1, ?2, 'System', CAST(k.id AS TEXT) "
              "FROM application a JOIN sales_area s ON s.id = a.sales_area_id JOIN country k ON k.code = s.code "
              "WHERE a.id = ?1").bind_all(app_id, now).run();
  return app_id;
}

}  // namespace

std::unique_ptr<Store> open(const std::string& path, std::vector<const Resource*> resources) {
  // SQLite keeps global memory statistics behind one mutex that every allocation takes; with several worker
  // threads that mutex is contended. It must be switched off before SQLite initializes.
  static const bool configured = [] {
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    return true;
  }();
  (void)configured;
  return std::make_unique<SqliteStore>(path, std::move(resources));
}

}  // namespace norced::store::sqlite
