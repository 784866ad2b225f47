// One tenant's rows on PostgreSQL: the EntityReader calls and the set-based writes of WriteTx, on the
// statements the generator writes for each resource (PostgreSQL dialect). Every statement on a resource
// table carries the tenant's client id. Reads of many rows load their texts and collections with one
// statement each over the "owners" subquery of the read; writes of many rows are one statement per table
// (column arrays through unnest), whatever the batch size. A write transaction runs as a member of its
// tenant's group (group_commit.hpp); its change-log entries are buffered and handed to the group in commit(),
// which appends them with the other members' (see postgres_store.hpp for why there).
//
// A write transaction remembers what it learns about the tenant's rows (prefetched.hpp), so the checks before
// a write ask the server only about what it has not yet read or written. With write_in_batches() it also holds
// its writes and sends them in one pipeline with its next statement that needs an answer (or its commit): the
// new rows take ids reserved ahead, so nothing waits for an insert's answer. When it reserves more ids and holds
// enough, it sends the held writes without waiting, so the server runs them while the caller builds the next rows.
#include <algorithm>
#include <cassert>
#include <charconv>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "store/fold_case.hpp"
#include "store/postgres/prefetched.hpp"
#include "store/postgres/jobs.hpp"
#include "store/postgres/transactions.hpp"

namespace norced::store::postgres {

using registry::Cell;
using registry::Entity;
using registry::Resource;
using sql::ResourceSql;

namespace {

const sql::Dialect& dialect() { return sql::postgres_dialect(); }

// PostgreSQL cuts longer identifiers (NAMEDATALEN - 1), index names included.
constexpr size_t kMaxIdentifier = 63;

std::string id_array(const std::vector<int64_t>& ids) {
  ArrayLiteral a;
  for (int64_t id : ids) a.add(id);
  return a.take();
}

// The stored form of a unique member: its case-folded text (store/fold_case.hpp, the same keys as SQLite's),
// or an integer key (a link's system id) as decimal text.
Text unique_key(const Cell& cell) {
  if (const auto* v = std::get_if<std::string>(&cell)) return to_text(fold_case(*v), Binding::Stored);
  if (const auto* n = std::get_if<int64_t>(&cell)) return std::to_string(*n);
  return std::nullopt;
}

// One row's columns then its unique keys, as insert and update bind them.
void add_row(Params& p, const ResourceSql& s, const Entity& e) {
  for (int f : s.column_fields) p.add_cell(e.cells[f], Binding::Stored);
  for (int f : s.unique_fields) p.add(unique_key(e.cells[f]));
}

// The same for a batch: one array per column, then one per unique key (ResourceSql::insert_set, update_set).
void add_rows(Params& p, const ResourceSql& s, const std::vector<const Entity*>& items) {
  for (int f : s.column_fields) {
    ArrayLiteral a;
    for (const Entity* e : items) a.add(cell_text(e->cells[f], Binding::Stored));
    p.add(a.take());
  }
  for (int f : s.unique_fields) {
    ArrayLiteral a;
    for (const Entity* e : items) a.add(unique_key(e->cells[f]));
    p.add(a.take());
  }
}

std::vector<const Entity*> pointers(const std::vector<Entity>& items) {
  std::vector<const Entity*> out;
  out.reserve(items.size());
  for (const auto& e : items) out.push_back(&e);
  return out;
}

class TenantTx final : public WriteTx {
 public:
  // A read transaction on its own connection.
  TenantTx(StoreState& store, Pool::Lease conn, int64_t client)
      : store_(store), conn_(std::move(conn)), client_(client) {}
  // A write transaction, a member of its tenant's group.
  TenantTx(StoreState& store, std::unique_ptr<GroupCommit::Member> member, int64_t client, Author author)
      : store_(store), member_(std::move(member)), client_(client), author_(std::move(author)) {}
  // Dropped without commit(): the answers of writes sent without waiting are read (and a failure among them
  // forgotten) before the group undoes this transaction's savepoint.
  ~TenantTx() override {
    if (!sent_.empty() && member_) {
      try {
        member_->db().discard_sent();
      } catch (...) {
        // the group's connection is gone: the group tells its members
      }
    }
  }

  int64_t client_id() const override { return client_; }
  const Author& author() const override { return *author_; }  // a write transaction always has one
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
  void prefetch(const std::vector<Probe>& probes) override;

  void write_in_batches() override { batched_ = true; }
  int64_t insert(const Resource& r, const Entity& e) override { return insert_rows(r, {&e}).front(); }
  std::vector<int64_t> insert_many(const Resource& r, const std::vector<Entity>& items) override {
    return insert_rows(r, pointers(items));
  }
  void update(const Resource& r, const Entity& e) override { update_rows(r, {&e}); }
  void update_many(const Resource& r, const std::vector<Entity>& items) override;
  void remove(const Resource& r, int64_t id) override;
  void put_tenant_setting(std::string_view name, std::string_view value) override;
  bool record_job_progress(const JobProgress& p) override;
  std::vector<Change> commit() override;

 private:
  // The connection for a statement whose answer is needed: the held writes go first.
  Connection& db();
  // The connection as it is (held writes stay held).
  Connection& conn();
  // Runs `sql` now, or holds it (write_in_batches) for the next round trip; the write belongs to `r`. A held
  // insert of new rows whose parameters from `merge_from` on are arrays joins a held one with the same text:
  // a chunk's rows of one table become one statement. It joins no held write before `merge_after` (the rows'
  // children join none before their owners' rows). Returns where the write is held (or held_.size() when sent).
  size_t send(const Resource& r, const std::string& sql, Params p, std::optional<size_t> merge_from = std::nullopt,
              size_t merge_after = 0);
  // Sends the held writes in one pipeline. A failure ends the transaction, as a failed write does.
  void flush();
  // Sends the held writes without waiting for their answers (Connection::send_pipeline).
  void flush_without_waiting();
  // The size of the held writes' parameters.
  size_t held_bytes() const;
  // Empties the held writes into statements, adding their resources to `resources` in the same order.
  std::vector<Statement> take_held(std::vector<const Resource*>& resources);
  // A write sent among those of `resources` failed with `e`: ends the transaction, throwing the Conflict naming
  // the member whose unique index it hit, or `e`.
  [[noreturn]] void failed_with(const DatabaseError& e, const std::vector<const Resource*>& resources);
  // Reads the answers of the writes sent without waiting; a failure ends the transaction, as a failed write
  // does (a unique violation is the Conflict naming the member).
  void finish_sent();
  // `n` ids for new rows of `r`, ascending, from a block reserved ahead.
  std::vector<int64_t> reserve_ids(const Resource& r, size_t n);
  // Records what row `e` of `r`, as read or written now, tells: it exists and holds its unique keys.
  void learn(const Resource& r, int64_t id, const std::vector<Cell>& cells);
  // A unique violation of `r` as the Conflict naming the member whose index it hit; nullopt for another error.
  static std::optional<StoreError> conflict_of(const Resource& r, const DatabaseError& e);
  const ResourceSql& sql(const Resource& r) const { return store_.sql_of(r); }
  Entity row_to_entity(const Resource& r, const std::vector<int>& fields, const Result& res, int row) const;
  // Whose children a read of rows reads with them: the one row `id` (a get), or the rows the subquery `sql`
  // with `params` names (the same query's ids: a list, get_many, ancestors).
  struct Owners {
    std::optional<int64_t> id;
    const std::string* sql = nullptr;
    const Params* params = nullptr;
  };
  // The rows `rows` (with `p`) returns, each its id and then the columns of `fields`, with their texts and
  // collections as asked. One round trip: the children's statements travel in the rows' pipeline, as a
  // statement each would cost one (a GET of a category was five where it is now two).
  std::vector<Entity> read_rows(const Resource& r, const ResourceSql& s, const std::string& rows, const Params& p,
                                const std::vector<int>& fields, const Owners& owners, bool collections = true,
                                bool texts = true);
  std::vector<int64_t> insert_rows(const Resource& r, const std::vector<const Entity*>& items);
  void update_rows(const Resource& r, const std::vector<const Entity*>& items);
  // Inserts one row with its texts and collections in one statement (ResourceSql::insert_whole) → its id.
  int64_t insert_whole(const Resource& r, const ResourceSql& s, const Entity& e);
  // Writes the texts and collections of the rows `ids` (parallel to `items`); `replace` deletes theirs first.
  // Held children join no held write before `merge_after`.
  void write_children(const Resource& r, const ResourceSql& s, const std::vector<int64_t>& ids,
                      const std::vector<const Entity*>& items, bool replace, size_t merge_after = 0);
  void log(const Resource& r, int64_t id, ChangeKind kind);
  // Runs a write (of a row of `r`, or of no resource: null). Any failure marks the transaction failed (no
  // later write, no commit: PostgreSQL has aborted it anyway); a unique violation of `r` becomes a Conflict
  // naming the member whose index it hit.
  template <class F>
  void writing(const Resource* r, F&& write);
  static size_t unique_position(const Resource& r, std::string_view field);
  static void add_scope(Params& p, const ResourceSql& s, const std::vector<Cell>& scope);
  // find_unique's statement parameters, and the key of its answer among the prefetched ones.
  Params unique_params(const ResourceSql& s, std::string_view value, const std::vector<Cell>& scope) const;
  static std::string answer_key(size_t unique_position, const Params& p);

  StoreState& store_;
  Pool::Lease conn_;                          // a read transaction's
  std::unique_ptr<GroupCommit::Member> member_;  // a write transaction's: the group's connection
  int64_t client_;
  std::optional<Author> author_;  // set for a write transaction
  std::vector<Change> changes_;   // this transaction's entries; seq is assigned in commit()
  bool failed_ = false;           // a write threw, or commit() ran: nothing more may be written
  Prefetched prefetched_;         // what the transaction knows of the tenant's rows
  bool batched_ = false;          // write_in_batches()
  struct HeldWrite {
    const Resource* resource;
    const std::string* sql;  // a statement of the store's ResourceSql, which outlives the transaction
    Params params;
    std::optional<size_t> merge_from;
  };
  std::vector<HeldWrite> held_;
  std::vector<const Resource*> sent_;  // whose writes flush_without_waiting() sent, until finish_sent()
  // Inserts may join held ones from here on only: a write that is no insert of new rows (an update, a delete)
  // must stay after everything held before it.
  size_t merge_start_ = 0;
  std::set<std::pair<std::string_view, int64_t>> fresh_;  // (resource name, id) of the rows this transaction inserted
  // The answer of find_unique for a key scoped by a row this transaction inserted: no holder, unless the
  // transaction wrote one (which it then knows). Nobody else can refer to a row it made.
  bool scoped_by_fresh_row(const Resource& r, const Params& p) const;
  // Per resource: ids reserved and not used yet (descending: taken from the back), and the last block's size.
  std::unordered_map<const Resource*, std::pair<std::vector<int64_t>, int64_t>> spare_ids_;
};

// Held writes sent in one pipeline at most: their answers are small, but a pipeline that is never read could
// fill the socket buffers both ways.
constexpr size_t kMaxHeldWrites = 256;
// Held parameters (bytes) from which reserving ids also sends the held writes without waiting. Below it a
// send would mostly wait for the last one: the resources of a chunk reserve their blocks at about the same rows.
constexpr size_t kSendWithoutWaitingBytes = 256 * 1024;
// Ids reserved at once for a batched transaction's new rows of a resource, at first; each later block of the
// same transaction is twice the last, up to kMaxIdBlock. Those it does not use are gaps.
constexpr int64_t kIdBlock = 64, kMaxIdBlock = 1024;

Connection& TenantTx::conn() {
  if (member_) return member_->db();
  if (!conn_.valid()) throw StoreError("the transaction has ended");
  return *conn_;
}

Connection& TenantTx::db() {
  flush();
  return conn();
}

size_t TenantTx::held_bytes() const {
  size_t bytes = 0;
  for (const auto& w : held_)
    for (const auto& v : w.params.values()) bytes += v ? v->size() : 0;
  return bytes;
}

void TenantTx::finish_sent() {
  if (sent_.empty()) return;
  std::vector<const Resource*> resources = std::move(sent_);
  sent_.clear();
  try {
    conn().finish_sent();
  } catch (const DatabaseError& e) {
    failed_with(e, resources);
  } catch (...) {
    failed_ = true;
    throw;
  }
}

void TenantTx::flush_without_waiting() {
  finish_sent();
  if (held_.empty()) return;
  std::vector<Statement> statements = take_held(sent_);
  try {
    conn().send_pipeline(std::move(statements));
  } catch (...) {
    failed_ = true;
    sent_.clear();
    throw;
  }
}

size_t TenantTx::send(const Resource& r, const std::string& sql, Params p, std::optional<size_t> merge_from,
                      size_t merge_after) {
  if (!batched_) {
    db().exec(sql, p);
    return 0;
  }
  if (merge_from) {
    // Joining moves the rows up to an earlier held insert of the table: still after every update or delete
    // held before them (merge_start_) and, for children, after their owners' rows (merge_after).
    for (size_t i = std::max(merge_start_, merge_after); i < held_.size(); ++i)
      if (held_[i].sql == &sql && held_[i].merge_from == merge_from) {
        held_[i].params.append_arrays(p, *merge_from);
        return i;
      }
  }
  held_.push_back({&r, &sql, std::move(p), merge_from});
  const size_t at = held_.size() - 1;
  if (!merge_from) merge_start_ = held_.size();
  if (held_.size() >= kMaxHeldWrites) {
    flush();
    return 0;  // sent: whatever follows may join anything held from now on
  }
  return at;
}

bool TenantTx::scoped_by_fresh_row(const Resource& r, const Params& p) const {
  if (fresh_.empty()) return false;
  const ResourceSql& s = sql(r);
  // find_unique's parameters: client, key, then the scope members in s.scope_fields order.
  for (size_t k = 0; k < s.scope_fields.size() && k + 2 < p.size(); ++k) {
    const auto& f = r.fields[static_cast<size_t>(s.scope_fields[k])];
    const Text& v = p.values()[k + 2];
    if (f.references.empty() || !v) continue;
    int64_t id = 0;
    auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), id);
    if (ec == std::errc() && end == v->data() + v->size() && fresh_.contains({f.references, id})) return true;
  }
  return false;
}

void TenantTx::flush() {
  finish_sent();
  if (held_.empty()) return;
  std::vector<const Resource*> resources;
  std::vector<Statement> statements = take_held(resources);
  try {
    conn().pipeline(statements);
  } catch (const DatabaseError& e) {
    failed_with(e, resources);
  } catch (...) {
    failed_ = true;
    throw;
  }
}

std::vector<Statement> TenantTx::take_held(std::vector<const Resource*>& resources) {
  std::vector<HeldWrite> writes = std::move(held_);
  held_.clear();
  merge_start_ = 0;
  std::vector<Statement> statements;
  statements.reserve(writes.size());
  for (auto& w : writes) {
    statements.push_back({w.sql, std::move(w.params)});
    resources.push_back(w.resource);
  }
  return statements;
}

void TenantTx::failed_with(const DatabaseError& e, const std::vector<const Resource*>& resources) {
  failed_ = true;
  for (const Resource* r : resources)
    if (auto conflict = conflict_of(*r, e)) throw *conflict;
  throw e;
}

std::vector<int64_t> TenantTx::reserve_ids(const Resource& r, size_t n) {
  auto& [spare, block] = spare_ids_[&r];
  if (spare.size() < n) {
    block = block == 0 ? kIdBlock : std::min(block * 2, kMaxIdBlock);
    const int64_t more = std::max<int64_t>(static_cast<int64_t>(n - spare.size()), block);
    // The sequence owes nothing to the held writes, and the ids come from a connection of the store's
    // (IdReserver): this one may have writes on their way. Then the rows held now go without waiting, once
    // there are enough of them, and the server runs them while the caller builds the next block's.
    for (int64_t id : store_.ids.reserve(sql(r).allocate_ids, more)) spare.push_back(id);
    std::sort(spare.begin(), spare.end(), std::greater<>());
    if (held_bytes() >= kSendWithoutWaitingBytes) flush_without_waiting();
  }
  std::vector<int64_t> ids(spare.end() - static_cast<std::ptrdiff_t>(n), spare.end());
  spare.resize(spare.size() - n);
  std::reverse(ids.begin(), ids.end());
  return ids;
}

void TenantTx::learn(const Resource& r, int64_t id, const std::vector<Cell>& cells) {
  if (!author_) return;  // a read transaction keeps nothing: it does not check before writing
  prefetched_.put_exists(r, id, true);
  const ResourceSql& s = sql(r);
  std::vector<Cell> scope;
  for (int f : s.scope_fields) {
    if (registry::is_null(cells[f])) return;  // a NULL scope matches nothing: find_unique finds no holder
    scope.push_back(cells[f]);
  }
  for (size_t k = 0; k < s.unique_fields.size(); ++k) {
    Text key = unique_key(cells[s.unique_fields[k]]);
    if (!key) continue;  // no key: nothing to find it by
    Params p;
    p.add(client_).add(std::move(key));
    add_scope(p, s, scope);
    prefetched_.put_unique(r, answer_key(k, p), id);
  }
}

ReferenceData TenantTx::reference_data() {
  ReferenceData ref;
  ref.client_id = client_;
  // Codes sort bytewise (COLLATE "C"), as SQLite sorts them, whatever the database's collation.
  auto cultures = db().exec(
      "SELECT c.code, c.name, l.is_default FROM client_culture l JOIN culture c ON c.code = l.culture_code "
      "WHERE l.client_id = $1 ORDER BY l.is_default DESC, c.code COLLATE \"C\"",
      Params().add(client_));
  for (int i = 0; i < cultures.rows(); ++i) {
    ref.cultures.push_back({cultures.str(i, 0), cultures.str(i, 1), cultures.boolean(i, 2)});
    if (cultures.boolean(i, 2)) ref.default_culture = cultures.str(i, 0);
  }
  // The system-wide catalog: what a client or application may link to.
  auto all = db().exec("SELECT code, name FROM culture ORDER BY code COLLATE \"C\"");
  for (int i = 0; i < all.rows(); ++i) ref.system.cultures.push_back({all.str(i, 0), all.str(i, 1), false});
  auto currencies = db().exec("SELECT id, code, name, exchange_rate FROM currency ORDER BY id");
  for (int i = 0; i < currencies.rows(); ++i)
    ref.system.currencies.push_back({currencies.int64(i, 0), currencies.str(i, 1), currencies.str(i, 2), std::nullopt,
                                     currencies.decimal(i, 3), 0, {}});
  auto areas = db().exec("SELECT id, code, name, standard_vat_code_id FROM sales_area ORDER BY id");
  for (int i = 0; i < areas.rows(); ++i)
    ref.system.sales_areas.push_back({areas.int64(i, 0), areas.str(i, 1), areas.str(i, 2), false, areas.int64(i, 3), {}});
  auto vat = db().exec("SELECT sales_area_id, id, name, value FROM vat_code ORDER BY sales_area_id, id");
  for (int i = 0; i < vat.rows(); ++i)
    for (auto& area : ref.system.sales_areas)
      if (area.id == vat.int64(i, 0)) area.vat_codes.push_back({vat.int64(i, 1), vat.str(i, 2), vat.decimal(i, 3)});
  auto countries = db().exec("SELECT id, code, name FROM country ORDER BY id");
  for (int i = 0; i < countries.rows(); ++i)
    ref.system.countries.push_back({countries.int64(i, 0), countries.str(i, 1), countries.str(i, 2)});
  auto types = db().exec("SELECT id, code, name, coalesce(description, '') FROM price_list_type ORDER BY id");
  for (int i = 0; i < types.rows(); ++i)
    ref.system.price_list_types.push_back({types.int64(i, 0), types.str(i, 1), types.str(i, 2), types.str(i, 3), 0, 0});
  return ref;
}

Entity TenantTx::row_to_entity(const Resource& r, const std::vector<int>& fields, const Result& res, int row) const {
  Entity e;
  e.id = res.int64(row, 0);
  e.cells.resize(r.fields.size());
  for (size_t k = 0; k < fields.size(); ++k) {
    const int f = fields[k];
    e.cells[f] = res.cell(row, static_cast<int>(k + 1), r.fields[f].type);
  }
  e.collections.resize(r.collections.size());
  return e;
}

std::vector<Entity> TenantTx::read_rows(const Resource& r, const ResourceSql& s, const std::string& rows,
                                        const Params& p, const std::vector<int>& fields, const Owners& owners,
                                        bool collections, bool texts) {
  texts = texts && !s.text_slots.empty();
  std::vector<std::string> children;  // the texts', then each collection's statement
  children.reserve(1 + r.collections.size());
  auto child = [&](const std::string& of_one, const std::string& of_owners) {
    children.push_back(owners.id ? of_one : of_owners + *owners.sql);
  };
  if (texts) child(s.texts_of_one, s.texts_of_owners);
  for (size_t ci = 0; collections && ci < r.collections.size(); ++ci)
    child(s.collection_of_one[ci], s.collection_of_owners[ci]);
  std::vector<Result> results;
  if (children.empty()) {
    results.push_back(db().exec(rows, p));
  } else {
    Params of_one;
    if (owners.id) of_one.add(*owners.id);
    std::vector<Statement> all{Statement{&rows, p, true}};
    for (const auto& sql : children) all.push_back(Statement{&sql, owners.id ? of_one : *owners.params, true});
    results = db().pipeline(all);
  }
  std::vector<Entity> items;
  const Result& found = results.front();
  items.reserve(static_cast<size_t>(found.rows()));
  for (int i = 0; i < found.rows(); ++i) items.push_back(row_to_entity(r, fields, found, i));
  if (items.empty() || children.empty()) return items;

  // An id may appear more than once (ancestors on a cycle): each copy gets the children.
  std::unordered_multimap<int64_t, Entity*> by_id;
  by_id.reserve(items.size());
  for (auto& e : items) by_id.emplace(e.id, &e);
  auto each = [&](const Result& res, auto&& on_row) {
    for (int i = 0; i < res.rows(); ++i) {
      auto [from, to] = by_id.equal_range(res.int64(i, 0));
      for (auto it = from; it != to; ++it) on_row(*it->second, res, i);
    }
  };
  size_t next = 1;
  if (texts) {
    each(results[next++], [&](Entity& e, const Result& res, int i) {
      registry::CultureTexts t{res.str(i, 1), std::vector<std::optional<std::string>>(r.texts.size())};
      for (size_t k = 0; k < s.text_slots.size(); ++k) {
        const int col = static_cast<int>(k + 2);
        if (!res.is_null(i, col)) t.texts[s.text_slots[k]] = res.str(i, col);
      }
      e.cultures.push_back(std::move(t));
    });
  }
  for (size_t ci = 0; collections && ci < r.collections.size(); ++ci) {
    const size_t ncols = r.collections[ci].columns.size();
    each(results[next++], [&](Entity& e, const Result& res, int i) {
      std::vector<int64_t> row(ncols);
      for (size_t k = 0; k < ncols; ++k) row[k] = res.opt_int64(i, static_cast<int>(k + 1)).value_or(INT64_MIN);
      e.collections[ci].push_back(std::move(row));
    });
  }
  // PostgreSQL returns these rows in no particular order; the store's order is SQLite's, whose tables are
  // clustered by (owner, key): cultures by code (bytewise), collection rows by their key.
  for (auto& e : items) {
    std::sort(e.cultures.begin(), e.cultures.end(), [](const auto& a, const auto& b) { return a.culture < b.culture; });
    for (auto& rows_of : e.collections) std::sort(rows_of.begin(), rows_of.end());
  }
  return items;
}

std::optional<Entity> TenantTx::get(const Resource& r, int64_t id) {
  const ResourceSql& s = sql(r);
  Owners owners;
  owners.id = id;
  std::vector<Entity> items = read_rows(r, s, s.get, Params().add(client_).add(id), s.column_fields, owners);
  if (items.empty()) return std::nullopt;
  learn(r, items.front().id, items.front().cells);
  return std::move(items.front());
}

std::vector<Entity> TenantTx::get_many(const Resource& r, const std::vector<int64_t>& ids) {
  if (ids.empty()) return {};
  const ResourceSql& s = sql(r);
  Params p;
  p.add(client_).add(id_array(ids));
  Owners owners;
  owners.sql = &s.get_many_owners;
  owners.params = &p;
  std::vector<Entity> items = read_rows(r, s, s.get_many, p, s.column_fields, owners);
  for (const auto& e : items) learn(r, e.id, e.cells);
  return items;
}

void TenantTx::scan(const Resource& r, const registry::ListQuery& q, RowSink& sink) {
  assert(q.only && !q.only->texts);
  const sql::Query query = sql::list(r, sql(r), dialect(), q, client_);
  Params p;
  for (const auto& v : query.params) p.add_cell(v, Binding::Lookup);
  const Result res = db().exec(query.sql, p);
  sink.columns(query.fields);
  std::vector<registry::Type> types;
  for (const int f : query.fields) types.push_back(r.fields[static_cast<size_t>(f)].type);
  std::vector<CellView> values(types.size());
  for (int i = 0; i < res.rows(); ++i) {
    for (size_t k = 0; k < types.size(); ++k) values[k] = res.view(i, static_cast<int>(k + 1), types[k]);
    if (!sink.row(res.int64(i, 0), values)) return;
  }
}

std::vector<Entity> TenantTx::list(const Resource& r, const registry::ListQuery& q) {
  const ResourceSql& s = sql(r);
  const sql::Query query = sql::list(r, s, dialect(), q, client_);
  Params p;
  for (const auto& v : query.params) p.add_cell(v, Binding::Lookup);
  Owners owners;
  owners.sql = &query.owners;
  owners.params = &p;
  // A projection reads the texts only when asked, and no collections; its rows hold too few cells to learn from.
  std::vector<Entity> items = read_rows(r, s, query.sql, p, query.fields, owners, !q.only, !q.only || q.only->texts);
  if (!q.only)
    for (const auto& e : items) learn(r, e.id, e.cells);
  return items;
}

int64_t TenantTx::count(const Resource& r, const registry::Expr& where) {
  const sql::Query query = sql::count(r, dialect(), where, client_);
  Params p;
  for (const auto& v : query.params) p.add_cell(v, Binding::Lookup);
  return db().exec(query.sql, p).int64(0, 0);
}

std::vector<Entity> TenantTx::ancestors(const Resource& r, std::string_view parent_member, int64_t start,
                                        int max_depth) {
  // One recursive statement for the rows and one for their texts (no collections), in one round trip whatever
  // the depth, where a walk would take two per level.
  const ResourceSql& s = sql(r);
  const sql::Query query = sql::ancestors(r, s, dialect(), parent_member, client_, start, max_depth);
  Params p;
  for (const auto& v : query.params) p.add_cell(v, Binding::Lookup);
  Owners owners;
  owners.sql = &query.owners;
  owners.params = &p;
  return read_rows(r, s, query.sql, p, s.column_fields, owners, false);
}

std::vector<int64_t> TenantTx::ancestor_ids(const Resource& r, std::string_view parent_member, int64_t start,
                                            int max_depth) {
  if (auto known = prefetched_.chain(r, parent_member, start, max_depth)) return std::move(*known);
  Result res = db().exec(sql::ancestor_ids(r, dialect(), parent_member),
                         Params().add(client_).add(start).add(int64_t{max_depth}));
  std::vector<int64_t> ids;
  for (int i = 0; i < res.rows(); ++i) ids.push_back(res.int64(i, 0));
  return ids;
}

bool TenantTx::exists(const Resource& r, int64_t id) {
  if (auto known = prefetched_.exists(r, id)) return *known;
  const bool found = db().exec(sql(r).exists, Params().add(client_).add(id)).rows() > 0;
  if (author_) prefetched_.put_exists(r, id, found);
  return found;
}

std::vector<int64_t> TenantTx::existing(const Resource& r, const std::vector<int64_t>& ids) {
  if (ids.empty()) return {};
  Result res = db().exec(sql(r).existing, Params().add(client_).add(id_array(ids)));
  std::vector<int64_t> out;
  for (int i = 0; i < res.rows(); ++i) out.push_back(res.int64(i, 0));
  if (author_) {
    for (int64_t id : ids) prefetched_.put_exists(r, id, false);
    for (int64_t id : out) prefetched_.put_exists(r, id, true);
  }
  return out;
}

std::optional<int64_t> TenantTx::next_instant(const Resource& r, const std::vector<std::string_view>& fields,
                                              int64_t after) {
  Result res = db().exec(sql::next_instant(r, dialect(), fields), Params().add(client_).add(format_instant(after)));
  if (res.rows() == 0 || res.is_null(0, 0)) return std::nullopt;
  return res.instant(0, 0);
}

size_t TenantTx::unique_position(const Resource& r, std::string_view field) {
  for (size_t k = 0; k < r.unique.size(); ++k)
    if (r.unique[k] == field) return k;
  throw StoreError("not a unique member of " + std::string(r.name) + ": " + std::string(field));
}

void TenantTx::add_scope(Params& p, const ResourceSql& s, const std::vector<Cell>& scope) {
  // A missing scope value binds NULL, which matches no row: a scoped key is only found within its scope.
  for (size_t k = 0; k < s.scope_fields.size(); ++k) p.add_cell(k < scope.size() ? scope[k] : Cell{}, Binding::Lookup);
}

std::optional<int64_t> TenantTx::find_unique(const Resource& r, std::string_view field, std::string_view value,
                                             const std::vector<Cell>& scope) {
  const ResourceSql& s = sql(r);
  const size_t k = unique_position(r, field);
  const Params p = unique_params(s, value, scope);
  std::string key = answer_key(k, p);
  if (auto known = prefetched_.unique(r, key)) return *known;
  if (scoped_by_fresh_row(r, p)) return std::nullopt;
  Result res = db().exec(s.find_unique[k], p);
  const std::optional<int64_t> holder = res.rows() == 0 ? std::nullopt : std::optional<int64_t>(res.int64(0, 0));
  if (author_) {
    prefetched_.put_unique(r, std::move(key), holder);
    if (holder) prefetched_.put_exists(r, *holder, true);
  }
  return holder;
}

Params TenantTx::unique_params(const ResourceSql& s, std::string_view value, const std::vector<Cell>& scope) const {
  Params p;
  p.add(client_).add(fold_case(value), Binding::Lookup);
  add_scope(p, s, scope);
  return p;
}

std::string TenantTx::answer_key(size_t unique_position, const Params& p) {
  std::string key = std::to_string(unique_position);
  for (const auto& v : p.values()) {
    // Length-prefixed, so that no two parameter lists make the same key; '-' for NULL.
    key += v ? "|" + std::to_string(v->size()) + ":" + *v : "|-";
  }
  return key;
}

void TenantTx::prefetch(const std::vector<Probe>& probes) {
  // One statement per probe, all in one round trip; but the unique probes of one key and scope, when many (an
  // import's chunk asks one per variant), become one set lookup (find_unique_many), which the server answers
  // in a fraction of the time thousands of statements take. The statements' texts must outlive the pipeline:
  // the ancestor walk's is built per call.
  constexpr size_t kSetFrom = 8;  // unique probes of one key and scope asked as one set lookup from here
  struct Asked {
    const Probe* probe;
    std::vector<Params> keys;  // a unique probe's parameters; several for a set lookup
  };
  std::vector<Statement> statements;
  std::vector<std::string> walks;
  std::vector<Asked> asked;  // parallel to statements
  // Unique probes by key and scope (the parameters after the value), in the order first asked.
  std::map<std::string, std::pair<const Probe*, std::vector<Params>>> uniques;
  std::vector<std::string> unique_order;
  walks.reserve(probes.size());
  for (const auto& probe : probes) {
    const Resource& r = *probe.resource;
    const ResourceSql& s = sql(r);
    switch (probe.kind) {
      case Probe::Kind::Exists:
        if (prefetched_.exists(r, probe.id)) continue;
        statements.push_back({&s.exists, Params().add(client_).add(probe.id)});
        asked.push_back({&probe, {}});
        break;
      case Probe::Kind::Unique: {
        const size_t k = unique_position(r, probe.member);
        Params p = unique_params(s, probe.value, probe.scope);
        if (prefetched_.unique(r, answer_key(k, p)) || scoped_by_fresh_row(r, p)) continue;
        Params scope;
        for (size_t i = 2; i < p.values().size(); ++i) scope.add(p.values()[i]);
        std::string group = std::string(r.name) + "|" + answer_key(k, scope);
        auto [it, fresh] = uniques.try_emplace(group, &probe, std::vector<Params>{});
        if (fresh) unique_order.push_back(group);
        it->second.second.push_back(std::move(p));
        break;
      }
      case Probe::Kind::Ancestors:
        walks.push_back(sql::ancestor_ids(r, dialect(), probe.member));
        statements.push_back({&walks.back(), Params().add(client_).add(probe.id).add(int64_t{probe.max_depth})});
        asked.push_back({&probe, {}});
        break;
    }
  }
  for (const auto& group : unique_order) {
    auto& [probe, keys] = uniques.at(group);
    const Resource& r = *probe->resource;
    const ResourceSql& s = sql(r);
    const size_t k = unique_position(r, probe->member);
    if (keys.size() < kSetFrom) {
      for (auto& p : keys) {
        statements.push_back({&s.find_unique[k], p});
        asked.push_back({probe, {std::move(p)}});
      }
      continue;
    }
    ArrayLiteral set;
    for (const auto& p : keys) set.add(p.values()[1]);
    Params many;
    many.add(client_).add(set.take());
    for (size_t i = 2; i < keys.front().values().size(); ++i) many.add(keys.front().values()[i]);
    statements.push_back({&s.find_unique_many[k], std::move(many)});
    asked.push_back({probe, std::move(keys)});
  }
  if (statements.empty()) return;
  std::vector<Result> results = db().pipeline(statements);
  for (size_t i = 0; i < asked.size(); ++i) {
    const Probe& probe = *asked[i].probe;
    const Resource& r = *probe.resource;
    const Result& res = results[i];
    switch (probe.kind) {
      case Probe::Kind::Exists:
        prefetched_.put_exists(r, probe.id, res.rows() > 0);
        break;
      case Probe::Kind::Unique: {
        const size_t k = unique_position(r, probe.member);
        std::unordered_map<std::string, int64_t> held;  // folded key → holder
        if (asked[i].keys.size() == 1) {
          const Text& value = asked[i].keys[0].values()[1];
          if (res.rows() > 0 && value) held.emplace(*value, res.int64(0, 0));
        } else {
          for (int row = 0; row < res.rows(); ++row) held.emplace(res.str(row, 0), res.int64(row, 1));
        }
        for (const auto& p : asked[i].keys) {
          const Text& value = p.values()[1];
          auto it = value ? held.find(*value) : held.end();
          prefetched_.put_unique(r, answer_key(k, p),
                                 it != held.end() ? std::optional<int64_t>(it->second) : std::nullopt);
          if (it != held.end()) prefetched_.put_exists(r, it->second, true);
        }
        break;
      }
      case Probe::Kind::Ancestors: {
        std::vector<int64_t> ids;
        for (int row = 0; row < res.rows(); ++row) ids.push_back(res.int64(row, 0));
        prefetched_.put_chain(r, probe.member, probe.id, std::move(ids), probe.max_depth);
        break;
      }
    }
  }
}

std::vector<std::pair<std::string, int64_t>> TenantTx::find_unique_many(const Resource& r, std::string_view field,
                                                                       const std::vector<std::string>& values,
                                                                       const std::vector<Cell>& scope) {
  const ResourceSql& s = sql(r);
  const size_t k = unique_position(r, field);
  std::vector<std::string> folded;
  folded.reserve(values.size());
  ArrayLiteral set;
  for (const auto& v : values) {
    folded.push_back(fold_case(v));
    set.add(to_text(folded.back(), Binding::Lookup));
  }
  Params p;
  p.add(client_).add(set.take());
  add_scope(p, s, scope);
  Result res = db().exec(s.find_unique_many[k], p);
  std::unordered_map<std::string, int64_t> held;
  for (int i = 0; i < res.rows(); ++i) held.emplace(res.str(i, 0), res.int64(i, 1));
  std::vector<std::pair<std::string, int64_t>> out;
  for (size_t i = 0; i < values.size(); ++i) {
    auto it = held.find(folded[i]);
    if (it != held.end()) out.emplace_back(values[i], it->second);
    if (!author_) continue;
    // What find_unique would answer for the value, held or not; a holder exists.
    prefetched_.put_unique(r, answer_key(k, unique_params(s, values[i], scope)),
                           it != held.end() ? std::optional<int64_t>(it->second) : std::nullopt);
    if (it != held.end()) prefetched_.put_exists(r, it->second, true);
  }
  return out;
}

template <class F>
void TenantTx::writing(const Resource* r, F&& write) {
  if (!author_) throw StoreError("write on a read transaction");
  if (failed_) throw StoreError("write after a failed write or commit: the transaction is over");
  // The write keeps what the transaction knows up to date (insert_rows, update_rows, remove); a walk up a tree
  // may pass through any row it changes.
  prefetched_.clear_chains();
  try {
    write();
  } catch (const DatabaseError& e) {
    failed_ = true;
    if (r)
      if (auto conflict = conflict_of(*r, e)) throw *conflict;
    throw;
  } catch (...) {
    failed_ = true;
    throw;
  }
}

std::optional<StoreError> TenantTx::conflict_of(const Resource& r, const DatabaseError& e) {
  if (e.kind != StoreErrorKind::Conflict) return std::nullopt;
  for (auto u : r.unique)
    if (e.constraint == sql::unique_index(r, u).substr(0, kMaxIdentifier))
      return StoreError("another " + std::string(r.name) + " already has this " + std::string(u),
                        StoreErrorKind::Conflict, std::string(u));
  return std::nullopt;
}

void TenantTx::log(const Resource& r, int64_t id, ChangeKind kind) {
  changes_.push_back({0, client_, std::string(r.name), id, kind, author_->at, author_->account});
}

std::vector<int64_t> TenantTx::insert_rows(const Resource& r, const std::vector<const Entity*>& items) {
  const ResourceSql& s = sql(r);
  std::vector<int64_t> ids;
  if (items.empty()) return ids;
  writing(&r, [&] {
    auto done = [&] {
      for (size_t i = 0; i < ids.size(); ++i) {
        log(r, ids[i], ChangeKind::Insert);
        if (author_) fresh_.insert({r.name, ids[i]});
        learn(r, ids[i], items[i]->cells);
      }
    };
    if (batched_) {
      // The ids are reserved, so the rows and their children can wait for the next round trip.
      ids = reserve_ids(r, items.size());
      Params p;
      p.add(client_).add(id_array(ids));
      add_rows(p, s, items);
      // After the client id every parameter is an array; the rows' children join nothing held before them.
      const size_t at = send(r, s.insert_set, std::move(p), 1);
      write_children(r, s, ids, items, false, held_.empty() ? 0 : at + 1);
      done();
      return;
    }
    if (items.size() == 1 && !s.insert_whole.empty()) {
      ids.push_back(insert_whole(r, s, *items.front()));
      done();
      return;
    }
    if (items.size() == 1) {
      Params p;
      p.add(client_);
      add_row(p, s, *items.front());
      ids.push_back(db().exec(s.insert, p).int64(0, 0));
    } else {
      // The batch's ids first, in ascending order, so row i gets the i-th and its texts and collections can
      // be written by id; then every row in one statement.
      Result got = db().exec(s.allocate_ids, Params().add(static_cast<int64_t>(items.size())));
      for (int i = 0; i < got.rows(); ++i) ids.push_back(got.int64(i, 0));
      std::sort(ids.begin(), ids.end());
      Params p;
      p.add(client_).add(id_array(ids));
      add_rows(p, s, items);
      db().exec(s.insert_set, p);
    }
    write_children(r, s, ids, items, false);
    done();
  });
  return ids;
}

void TenantTx::update_rows(const Resource& r, const std::vector<const Entity*>& items) {
  const ResourceSql& s = sql(r);
  writing(&r, [&] {
    // Only the tenant's own rows change; others are left out, and nothing is logged for them.
    std::vector<const Entity*> changed;
    // Rows known to be the tenant's are all changed: held, their updates need no answer.
    const bool hold = batched_ && std::all_of(items.begin(), items.end(), [&](const Entity* e) {
      return prefetched_.exists(r, e->id).value_or(false);
    });
    if (hold) {
      Params p;
      if (items.size() == 1) {
        p.add(client_).add(items.front()->id);
        add_row(p, s, *items.front());
      } else {
        std::vector<int64_t> ids;
        for (const Entity* e : items) ids.push_back(e->id);
        p.add(client_).add(id_array(ids));
        add_rows(p, s, items);
      }
      send(r, items.size() == 1 ? s.update : s.update_set, std::move(p));
      changed = items;
    } else if (items.size() == 1) {
      Params p;
      p.add(client_).add(items.front()->id);
      add_row(p, s, *items.front());
      if (db().exec(s.update, p).affected() > 0) changed.push_back(items.front());
    } else {
      std::vector<int64_t> ids;
      for (const Entity* e : items) ids.push_back(e->id);
      Params p;
      p.add(client_).add(id_array(ids));
      add_rows(p, s, items);
      Result res = db().exec(s.update_set, p);
      std::unordered_set<int64_t> hit;
      for (int i = 0; i < res.rows(); ++i) hit.insert(res.int64(i, 0));
      for (const Entity* e : items)
        if (hit.count(e->id)) changed.push_back(e);
    }
    std::vector<int64_t> ids;
    for (const Entity* e : changed) ids.push_back(e->id);
    write_children(r, s, ids, changed, true);
    for (const Entity* e : changed) {
      log(r, e->id, ChangeKind::Update);
      prefetched_.forget_holder(r, e->id);  // the keys it held before
      learn(r, e->id, e->cells);
    }
  });
}

void TenantTx::update_many(const Resource& r, const std::vector<Entity>& items) {
  // One statement updates a row once; a batch that names a row twice is applied in order, one by one, so the
  // last one wins and each is logged, as separate updates would be.
  std::unordered_set<int64_t> seen;
  for (const auto& e : items)
    if (!seen.insert(e.id).second) {
      for (const auto& each : items) update(r, each);
      return;
    }
  update_rows(r, pointers(items));
}

namespace {

// The stored texts of `items` (rows `ids`, parallel) as column arrays: owner ids, cultures, then one per stored
// slot (ResourceSql::texts_insert_set). A culture without any stored text has no row.
std::vector<ArrayLiteral> text_columns(const ResourceSql& s, const std::vector<int64_t>& ids,
                                       const std::vector<const Entity*>& items) {
  std::vector<ArrayLiteral> cols(2 + s.text_slots.size());
  for (size_t i = 0; i < items.size(); ++i) {
    for (const auto& t : items[i]->cultures) {
      auto slot = [&](size_t k) -> const std::optional<std::string>& {
        static const std::optional<std::string> none;
        const auto at = static_cast<size_t>(s.text_slots[k]);
        return at < t.texts.size() ? t.texts[at] : none;
      };
      bool any = false;
      for (size_t k = 0; k < s.text_slots.size(); ++k) any |= slot(k).has_value();
      if (!any) continue;
      cols[0].add(ids[i]);
      cols[1].add(to_text(t.culture, Binding::Stored));
      for (size_t k = 0; k < s.text_slots.size(); ++k) {
        const auto& v = slot(k);
        cols[k + 2].add(v ? to_text(*v, Binding::Stored) : Text());
      }
    }
  }
  return cols;
}

// Collection `ci` of `items` as column arrays: owner ids, then one per column (collection_insert_set).
std::vector<ArrayLiteral> collection_columns(const Resource& r, size_t ci, const std::vector<int64_t>& ids,
                                             const std::vector<const Entity*>& items) {
  const size_t ncols = r.collections[ci].columns.size();
  std::vector<ArrayLiteral> cols(1 + ncols);
  for (size_t i = 0; i < items.size(); ++i) {
    if (ci >= items[i]->collections.size()) continue;
    for (const auto& row : items[i]->collections[ci]) {
      cols[0].add(ids[i]);
      for (size_t k = 0; k < ncols; ++k) {
        if (k < row.size() && row[k] != INT64_MIN) cols[k + 1].add(row[k]);
        else cols[k + 1].add(Text());
      }
    }
  }
  return cols;
}

// Binds `cols` from the `from`-th on.
void add_columns(Params& p, std::vector<ArrayLiteral>& cols, size_t from = 0) {
  for (size_t k = from; k < cols.size(); ++k) p.add(cols[k].take());
}

}  // namespace

int64_t TenantTx::insert_whole(const Resource& r, const ResourceSql& s, const Entity& e) {
  // The children's arrays without their owner column: the statement takes the owner from the new row.
  const std::vector<int64_t> no_id{0};
  const std::vector<const Entity*> one{&e};
  Params p;
  p.add(client_);
  add_row(p, s, e);
  if (!s.text_slots.empty()) {
    auto cols = text_columns(s, no_id, one);
    add_columns(p, cols, 1);
  }
  for (size_t ci = 0; ci < r.collections.size(); ++ci) {
    auto cols = collection_columns(r, ci, no_id, one);
    add_columns(p, cols, 1);
  }
  return db().exec(s.insert_whole, p).int64(0, 0);
}

void TenantTx::write_children(const Resource& r, const ResourceSql& s, const std::vector<int64_t>& ids,
                              const std::vector<const Entity*>& items, bool replace, size_t merge_after) {
  if (ids.empty()) return;
  const std::string owners = id_array(ids);
  if (!s.text_slots.empty()) {
    if (replace) send(r, s.texts_delete_set, Params().add(owners));
    auto cols = text_columns(s, ids, items);
    if (cols[0].size() > 0) {
      Params p;
      add_columns(p, cols);
      // New rows' texts may join other held ones; after a delete (replace) they stay in order anyway.
      send(r, s.texts_insert_set, std::move(p), 0, merge_after);
    }
  }
  for (size_t ci = 0; ci < r.collections.size(); ++ci) {
    if (replace) send(r, s.collection_delete_set[ci], Params().add(owners));
    auto cols = collection_columns(r, ci, ids, items);
    if (cols[0].size() > 0) {
      Params p;
      add_columns(p, cols);
      send(r, s.collection_insert_set[ci], std::move(p), 0, merge_after);
    }
  }
}

void TenantTx::remove(const Resource& r, int64_t id) {
  const ResourceSql& s = sql(r);
  writing(&r, [&] {
    if (!exists(r, id)) return;  // not the tenant's row: nothing to remove, nothing logged
    const std::string owner = id_array({id});
    if (!s.text_slots.empty()) db().exec(s.texts_delete_set, Params().add(owner));
    for (const auto& del : s.collection_delete_set) db().exec(del, Params().add(owner));
    db().exec(s.remove, Params().add(client_).add(id));
    log(r, id, ChangeKind::Delete);
    prefetched_.put_exists(r, id, false);
    prefetched_.forget_holder(r, id);
  });
}

void TenantTx::put_tenant_setting(std::string_view name, std::string_view value) {
  writing(nullptr, [&] {
    db().exec(dialect().upsert("setting", {"key", "value"}, {"key"}, {"value"}),
              Params().add(tenant_setting_key(name, client_), Binding::Stored).add(value, Binding::Stored));
  });
}

bool TenantTx::record_job_progress(const JobProgress& p) {
  bool recorded = false;
  writing(nullptr, [&] { recorded = record_progress(db(), p); });
  return recorded;
}

std::vector<Change> TenantTx::commit() {
  if (!author_) throw StoreError("commit on a read transaction");
  if (failed_) throw StoreError("commit after a failed write: the transaction is rolled back");
  flush();
  failed_ = true;  // whatever happens below, this transaction takes no more writes
  // Returns once the group's COMMIT has finished, with the seqs the group gave these entries.
  std::vector<Change> committed = member_->commit(std::move(changes_));
  store_.statistics.wrote();
  return committed;
}

}  // namespace

std::vector<int64_t> IdReserver::reserve(const std::string& allocate_ids, int64_t n) {
  std::lock_guard lock(mu_);
  if (conn_ && conn_->broken()) conn_.reset();
  if (!conn_) conn_ = std::make_unique<Connection>(settings_);
  Result got = conn_->exec(allocate_ids, Params().add(n));
  std::vector<int64_t> ids;
  ids.reserve(static_cast<size_t>(got.rows()));
  for (int i = 0; i < got.rows(); ++i) ids.push_back(got.int64(i, 0));
  return ids;
}

const ResourceSql& StoreState::sql_of(const Resource& r) const {
  auto it = sql.find(&r);
  if (it == sql.end()) throw StoreError("resource not registered with the store: " + std::string(r.name));
  return it->second;
}

std::unique_ptr<ReadTx> tenant_read_tx(StoreState& store, Pool::Lease conn, int64_t client_id) {
  return std::make_unique<TenantTx>(store, std::move(conn), client_id);
}

std::unique_ptr<WriteTx> tenant_write_tx(StoreState& store, std::unique_ptr<GroupCommit::Member> member,
                                         int64_t client_id, Author author) {
  return std::make_unique<TenantTx>(store, std::move(member), client_id, std::move(author));
}

}  // namespace norced::store::postgres
