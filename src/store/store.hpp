// The storage interface. The API layer and the business rules talk only to these classes; the SQLite backend
// (store/sqlite) implements them today and a PostgreSQL backend will implement them next. Every request runs
// in one transaction of one tenant: a ReadTx for reads, a WriteTx (serialised, all-or-nothing) for writes;
// identity and tenancy look-ups run in a SystemReadTx before the tenant is known. Calls are set-based where a
// caller has many rows (get_many, existing, insert_many...), so a batch costs a few statements.
// Failures of the database itself throw StoreError with a kind; client mistakes never reach here unchecked —
// the rules validate first — except a unique key taken by a concurrent writer, which the database reports as a
// Conflict.
#pragma once

#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/decimal.hpp"
#include "registry/model.hpp"
#include "store/row_sink.hpp"

namespace norced::store {

struct JobProgress;  // store/jobs.hpp

// Failures of the database, by what the caller can do about them. The HTTP edge maps them: Conflict → 409,
// Retryable (a lock or serialization failure; the transaction may simply be run again) and Unavailable (the
// database cannot be reached) → 503 with Retry-After, Corrupt and Internal → 500 (a bug or a broken disk).
enum class StoreErrorKind : uint8_t { Conflict, Retryable, Unavailable, Corrupt, Internal };

struct StoreError : std::runtime_error {
  StoreErrorKind kind;
  std::string field;  // Conflict: the member whose unique key was violated, when known
  explicit StoreError(const std::string& what, StoreErrorKind k = StoreErrorKind::Internal, std::string f = {})
      : std::runtime_error(what), kind(k), field(std::move(f)) {}
};

// --- Identity and tenancy -------------------------------------------------------------------------------

struct ApplicationRow {
  int64_t id = 0;
  int64_t client_id = 0;
  std::string name;
  std::string culture;      // the application's culture: texts are read and written in it
  int64_t sales_area_id = 0;
};

struct AccountRow {
  int64_t id = 0;
  int64_t client_id = 0;
  std::string name;  // written as ChangedBy
  bool is_active = false;
};

struct OAuthClientRow {
  std::string client_id;
  std::string secret_hash;  // identity/secret_hash format
  int64_t tenant_id = 0;    // the norced client (tenant) it acts for
  std::vector<std::string> resources;  // APIs it may call: "management", "connect", ...
  bool is_active = true;
};

// --- Reference data a client's resources refer to -------------------------------------------------------

struct VatCode {
  int64_t id = 0;
  std::string name;
  Decimal value;
};

struct SalesArea {
  int64_t id = 0;
  std::string code;
  std::string name;
  bool is_primary = false;
  int64_t primary_vat_code_id = 0;
  std::vector<VatCode> vat_codes;
  const VatCode* vat_code(int64_t id) const;
};

struct Currency {
  int64_t id = 0;
  std::string code;
  std::string name;
  std::optional<Decimal> exchange_rate;  // set by the client; null = Norce's rate applies
  Decimal inherited_exchange_rate;
  int64_t changed = 0;  // micros
  std::string changed_by;
};

struct Culture {
  std::string code;
  std::string name;
  bool is_default = false;
};

struct PriceListType {
  int64_t id = 0;
  std::string code;
  std::string name;
  std::string description;
  int64_t sort_order = 0;
  int64_t priority = 0;
};

struct Country {
  int64_t id = 0;
  std::string code;  // ISO 3166-1 alpha-2
  std::string name;
};

// What exists system-wide (the same ids in every client and environment): what a client or an application
// may link to. Seeded by migrations.
struct SystemCatalog {
  std::vector<Culture> cultures;
  std::vector<Currency> currencies;
  std::vector<SalesArea> sales_areas;  // with their VAT codes
  std::vector<Country> countries;
  std::vector<PriceListType> price_list_types;

  const Culture* culture(std::string_view code) const;
  const Currency* currency(int64_t id) const;
  const SalesArea* sales_area(int64_t id) const;
  const Country* country(int64_t id) const;
  const PriceListType* price_list_type(int64_t id) const;
};

struct ReferenceData {
  int64_t client_id = 0;
  std::string default_culture;
  std::vector<Culture> cultures;  // default first
  std::vector<Currency> currencies;
  std::vector<SalesArea> sales_areas;
  std::vector<PriceListType> price_list_types;  // the client's active ones
  // (currencies, sales_areas and price_list_types are filled by management/reference_data.cpp)
  SystemCatalog system;

  const Currency* currency(int64_t id) const;
  const SalesArea* sales_area(int64_t id) const;
  const PriceListType* price_list_type(int64_t id) const;
  bool has_culture(std::string_view code) const;
};

struct NewClient {
  std::string name;
  std::string culture = "en-US";  // of its first application
  std::string account_name = "System";
  std::string oauth_client_id;
  std::string oauth_secret_hash;
  std::vector<std::string> resources;
};

// A tenant as `norced client list` shows it: its applications and its system account (the ids the API's
// application-id and account-id headers take).
struct TenantRow {
  int64_t id = 0;
  std::string name;
  std::vector<int64_t> application_ids;  // id order
  int64_t system_account_id = 0;
};

struct CreatedClient {
  int64_t client_id = 0;
  int64_t application_id = 0;
  int64_t account_id = 0;
};

// --- The change log ------------------------------------------------------------------------------------

enum class ChangeKind : uint8_t { Insert, Update, Delete };
std::string_view change_kind_name(ChangeKind k);

// One committed change of one row. Every write appends exactly one per changed row, in the same transaction
// as the row itself (a transactional outbox): caches, other instances, webhooks and feed deltas follow it.
struct Change {
  int64_t seq = 0;        // strictly increasing in commit order of the database
  int64_t client_id = 0;
  std::string resource;   // registry name: "Category"
  int64_t entity_id = 0;
  ChangeKind kind = ChangeKind::Insert;
  int64_t at = 0;         // micros since the epoch, UTC
  std::string account;    // who wrote it (ChangedBy)
};

// The change log after a seq in the form a cache follows it (management/change_follower.hpp): which rows of
// which resource of which client changed, or, past a number of entries, only that the resource changed (a
// cache then retires all it holds of the resource). Kind, time and author are left out: no cache needs them. A
// large import commits tens of thousands of entries at once; their digest is a few lines.
struct ChangedRows {
  int64_t client_id = 0;
  std::string resource;      // registry name
  std::vector<int64_t> ids;  // the changed rows, ascending, each once; empty when `whole`
  bool whole = false;        // more entries than the digest lists rows for: the resource as a whole
  int64_t entries = 0;       // change-log entries summarised here
};
struct ChangeDigest {
  int64_t last_seq = 0;              // every entry up to this seq is in the digest (or skipped)
  std::vector<ChangedRows> changed;  // by client, then resource
};
// Seqs first..last (inclusive) that a digest leaves out: what a process already applied itself.
struct SeqRange {
  int64_t first = 0;
  int64_t last = 0;
};
// Builds a digest from entries handed to it in seq order (`after`: the seq before the first one).
class ChangeDigestBuilder {
 public:
  ChangeDigestBuilder(int64_t after, size_t max_ids) : max_ids_(max_ids) { digest_.last_seq = after; }
  void add(const Change& c);                               // an entry to summarise
  void pass(int64_t seq) { digest_.last_seq = std::max(digest_.last_seq, seq); }  // an entry skipped
  ChangeDigest take();

 private:
  size_t max_ids_;
  ChangeDigest digest_;
  std::map<std::pair<int64_t, std::string>, ChangedRows> groups_;
};

// Who writes and when (the request's clock), recorded in the change log.
struct Author {
  std::string account;
  int64_t at = 0;  // micros since the epoch, UTC
};

// --- Transactions ---------------------------------------------------------------------------------------
//
// Isolation contract. A ReadTx sees one consistent snapshot of the database. A WriteTx belongs to one tenant
// (client): its methods take no client id, so a wrong argument can never reach another client's rows, and the
// writes of one tenant are serialisable — two write transactions of the same tenant behave as if one ran after
// the other (SQLite: one writer at a time; PostgreSQL: a per-tenant lock). Unique keys are enforced by the
// database itself; a violation throws StoreError{Conflict} and the transaction is rolled back: any failed
// write leaves the transaction able only to be destroyed (later writes and commit() throw StoreError).

// A question a write is about to ask (EntityReader::prefetch): exists(resource, id), find_unique(resource,
// member, value, scope) or ancestor_ids(resource, member, id, max_depth).
struct Probe {
  enum class Kind { Exists, Unique, Ancestors };
  Kind kind = Kind::Exists;
  const registry::Resource* resource = nullptr;
  std::string_view member;            // Unique: the unique member; Ancestors: the parent member
  int64_t id = 0;                     // Exists: the row; Ancestors: the start
  std::string value;                  // Unique: the value as given
  std::vector<registry::Cell> scope;  // Unique
  int max_depth = 0;                  // Ancestors
};

// Resource rows of one tenant. Every id is the tenant's: another client's ids do not exist here.
class EntityReader {
 public:
  virtual ~EntityReader() = default;
  virtual int64_t client_id() const = 0;

  virtual std::optional<registry::Entity> get(const registry::Resource& r, int64_t id) = 0;
  // The rows among `ids` that exist, in id order (missing ids are left out).
  virtual std::vector<registry::Entity> get_many(const registry::Resource& r, const std::vector<int64_t>& ids) = 0;
  // Ordered by `query.order`, then by id. Soft-delete filtering is part of `query.where` (member IsActive).
  // With `query.only` set, each row holds its id and the projection's cells (texts only when it asks, no
  // collections; every other cell null): one statement for the rows where the whole entity takes one more per
  // child table.
  virtual std::vector<registry::Entity> list(const registry::Resource& r, const registry::ListQuery& query) = 0;
  // The rows list() would return, handed to `sink` one by one as they are read, for a reader that shows them
  // and keeps none. REQUIRES: `query.only` is set, without texts. The default goes through list(); an engine
  // overrides it to read from its cursor with no Entity per row.
  virtual void scan(const registry::Resource& r, const registry::ListQuery& query, RowSink& sink);
  // How many of the tenant's rows match `where`: a paged list's total (X-Total-Count).
  virtual int64_t count(const registry::Resource& r, const registry::Expr& where) = 0;
  virtual bool exists(const registry::Resource& r, int64_t id) = 0;
  // The ids among `ids` that exist.
  virtual std::vector<int64_t> existing(const registry::Resource& r, const std::vector<int64_t>& ids) = 0;
  // `start` and the rows above it, following the Int member `parent_member` up to a root, nearest first.
  // Texts are loaded, collections are not. Stops after `max_depth` rows (guards against cycles).
  virtual std::vector<registry::Entity> ancestors(const registry::Resource& r, std::string_view parent_member,
                                                  int64_t start, int max_depth = 10'000) = 0;
  // The ids of the same walk, without loading rows or texts: what a cycle or depth check needs. The default
  // goes through ancestors(); a backend overrides it with one cheap read per level.
  virtual std::vector<int64_t> ancestor_ids(const registry::Resource& r, std::string_view parent_member,
                                            int64_t start, int max_depth = 10'000) {
    std::vector<int64_t> ids;
    for (const auto& e : ancestors(r, parent_member, start, max_depth)) ids.push_back(e.id);
    return ids;
  }
  // The earliest value after `after` in any of the DateTime `fields` of the tenant's rows, if any: the next
  // moment a clock-dependent answer (a filter on dates) can change.
  virtual std::optional<int64_t> next_instant(const registry::Resource& r, const std::vector<std::string_view>& fields,
                                              int64_t after) = 0;
  // The id holding `value` in the unique member `field` (letter case ignored), if any. `scope` holds the values
  // of Resource::unique_scope_fields (its application, a child's parent), in order: unique keys hold within them.
  virtual std::optional<int64_t> find_unique(const registry::Resource& r, std::string_view field,
                                             std::string_view value,
                                             const std::vector<registry::Cell>& scope = {}) = 0;
  // The same for many values at once: (value as given, id) for each value that is held, within `scope` as above.
  virtual std::vector<std::pair<std::string, int64_t>> find_unique_many(
      const registry::Resource& r, std::string_view field, const std::vector<std::string>& values,
      const std::vector<registry::Cell>& scope = {}) = 0;
  // Announces calls that are about to come, so that a backend that pays a round trip per statement can answer
  // them all at once (PostgreSQL: one pipeline) and keep the answers for those calls until this transaction
  // next writes. The calls return what they would have returned without it. The default does nothing.
  virtual void prefetch(const std::vector<Probe>& probes) { (void)probes; }
};

class ReadTx : public EntityReader {
 public:
  // The tenant's cultures and the system catalog. The client's currencies, sales areas and price-list types
  // are rows of registry resources; management/reference_data.cpp reads them through this interface.
  virtual ReferenceData reference_data() = 0;
};

class WriteTx : public ReadTx {
 public:
  // Who writes and when, as the change log records it: what a writer puts in a row's ChangedBy.
  virtual const Author& author() const = 0;
  // A hint from a writer of many rows (a Connect chunk): the engine may hold the writes and send them together
  // with its next statement that needs an answer, or the commit, and give new rows ids it reserved ahead (so
  // ids the transaction does not use are gaps). Every call returns what it would without the hint; a failure
  // of a held write is thrown by the call that sends it and ends the transaction. The default ignores it.
  virtual void write_in_batches() {}
  // Not committed by the time it is destroyed = rolled back. Each write appends its change-log entry.
  virtual int64_t insert(const registry::Resource& r, const registry::Entity& e) = 0;
  virtual std::vector<int64_t> insert_many(const registry::Resource& r, const std::vector<registry::Entity>& items) = 0;
  virtual void update(const registry::Resource& r, const registry::Entity& e) = 0;
  virtual void update_many(const registry::Resource& r, const std::vector<registry::Entity>& items) = 0;
  // Removes the row with its texts and collections (links without IsActive; entities are soft-deleted).
  virtual void remove(const registry::Resource& r, int64_t id) = 0;
  // Sets the tenant's own system setting `name` (SystemReadTx::setting(tenant_setting_key(name, client))) in
  // this transaction, so it commits or rolls back with the rows: a seed's snapshot of what it wrote
  // (management/reset.hpp). No change-log entry: it is no row of a resource, and no cache reads it.
  virtual void put_tenant_setting(std::string_view name, std::string_view value) = 0;
  // Records an applied chunk of a Connect job (JobStore::progress, store/jobs.hpp) in this transaction, so the
  // rows a chunk wrote and its progress commit together or not at all. False when `p.worker` no longer holds
  // the job's lease or the chunk is not the next one: the caller then drops the transaction.
  virtual bool record_job_progress(const JobProgress& p) = 0;
  // Makes the writes durable; returns the change-log entries they appended, in order.
  virtual std::vector<Change> commit() = 0;
};

// The key of a tenant's own system setting (WriteTx::put_tenant_setting): "<name>.client.<id>".
std::string tenant_setting_key(std::string_view name, int64_t client_id);

// Identity and tenancy: what is looked up before a tenant is known.
class SystemReadTx {
 public:
  virtual ~SystemReadTx() = default;
  virtual std::optional<ApplicationRow> application(int64_t id) = 0;
  // The account if it exists, belongs to the application's client and is linked to the application.
  virtual std::optional<AccountRow> account_for_application(int64_t account_id, int64_t application_id) = 0;
  virtual std::optional<OAuthClientRow> oauth_client(std::string_view client_id) = 0;
  virtual std::optional<std::string> setting(std::string_view key) = 0;
  virtual int64_t client_count() = 0;
  virtual std::vector<TenantRow> tenants() = 0;  // id order
  // Every OAuth client, by tenant and then client id (secret hashes included: callers must not show them).
  virtual std::vector<OAuthClientRow> oauth_clients() = 0;
  // Change-log entries with seq > `after`, oldest first, at most `limit`.
  virtual std::vector<Change> changes_since(int64_t after, int limit) = 0;
  virtual int64_t last_change() = 0;  // 0 when there is none
};

class SystemWriteTx : public SystemReadTx {
 public:
  virtual void put_setting(std::string_view key, std::string_view value) = 0;
  // A new tenant seeded with the standard reference data, one application, one system account and one OAuth client.
  virtual CreatedClient create_client(const NewClient& c) = 0;
  virtual int64_t create_application(int64_t client_id, std::string_view name, std::string_view culture,
                                     int64_t account_id) = 0;
  // Another OAuth client of an existing tenant (`row.tenant_id`). A taken client id is a Conflict.
  virtual void add_oauth_client(const OAuthClientRow& row) = 0;
  // Replaces a client's secret hash; false when there is no such client. The token endpoint reads the hash
  // on every request, so the old secret stops working at commit.
  virtual bool set_oauth_secret(std::string_view client_id, std::string_view secret_hash) = 0;
  virtual void commit() = 0;
};

class JobStore;  // store/jobs.hpp: Connect's import jobs

class Store {
 public:
  virtual ~Store() = default;
  // The durable queue of Connect import jobs (store/jobs.hpp), owned by the store; never null.
  virtual JobStore& jobs() = 0;
  virtual std::unique_ptr<ReadTx> read(int64_t client_id) = 0;
  // Serialised per tenant (see the isolation contract above).
  virtual std::unique_ptr<WriteTx> write(int64_t client_id, Author author) = 0;
  virtual std::unique_ptr<SystemReadTx> system() = 0;
  virtual std::unique_ptr<SystemWriteTx> system_write() = 0;
  // The entries after `after`, without those in `skip` (ascending, disjoint), as a digest that lists the rows
  // of a client and resource only for at most `max_ids` entries. The follower's poll, run once per batch of
  // waiting requests, so a backend makes it as cheap as it can (PostgreSQL: one statement, one round trip,
  // however many entries; the default pages through SystemReadTx::changes_since).
  virtual ChangeDigest change_digest(int64_t after, const std::vector<SeqRange>& skip, size_t max_ids);
  virtual bool ready() = 0;  // the database answers
  // True when other processes may write the same database at any moment (several norced instances on one
  // PostgreSQL): a process's caches must then catch up with the change log before they answer. SQLite is
  // written by one process.
  virtual bool shared() const { return false; }
  virtual std::string describe() const = 0;
};

}  // namespace norced::store
