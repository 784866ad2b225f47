// The storage interface. The API layer and the business rules talk only to these classes; the SQLite backend
// (store/sqlite) implements them today and a PostgreSQL backend will implement them next. Every request runs
// in one transaction: a ReadTx for reads, a WriteTx (serialised, all-or-nothing) for writes.
// Failures of the database itself (disk full, corruption) throw StoreError; client mistakes never reach here
// unchecked — the rules validate first, so a write that starts is expected to succeed.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/decimal.hpp"
#include "registry/model.hpp"

namespace norced::store {

struct StoreError : std::runtime_error {
  using std::runtime_error::runtime_error;
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

struct ReferenceData {
  int64_t client_id = 0;
  std::string default_culture;
  std::vector<Culture> cultures;  // default first
  std::vector<Currency> currencies;
  std::vector<SalesArea> sales_areas;
  std::vector<PriceListType> price_list_types;

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

struct CreatedClient {
  int64_t client_id = 0;
  int64_t application_id = 0;
  int64_t account_id = 0;
};

// --- Transactions ---------------------------------------------------------------------------------------

class ReadTx {
 public:
  virtual ~ReadTx() = default;

  virtual std::optional<ApplicationRow> application(int64_t id) = 0;
  // The account if it exists, belongs to the application's client and is linked to the application.
  virtual std::optional<AccountRow> account_for_application(int64_t account_id, int64_t application_id) = 0;
  virtual std::optional<OAuthClientRow> oauth_client(std::string_view client_id) = 0;
  virtual std::optional<std::string> setting(std::string_view key) = 0;
  virtual int64_t client_count() = 0;
  virtual ReferenceData reference_data(int64_t client_id) = 0;

  // Resources. All of them are scoped to one client: another client's ids do not exist.
  virtual std::optional<registry::Entity> get(const registry::Resource& r, int64_t client_id, int64_t id) = 0;
  // Ordered by id. Soft-delete filtering is part of `query.where` (field IsActive).
  virtual std::vector<registry::Entity> list(const registry::Resource& r, int64_t client_id,
                                             const registry::ListQuery& query) = 0;
  virtual bool exists(const registry::Resource& r, int64_t client_id, int64_t id) = 0;
  // `start` and the rows above it, following the Int member `parent_member` up to a root, nearest first.
  // Texts are loaded, collections are not. Stops after `max_depth` rows (guards against cycles).
  virtual std::vector<registry::Entity> ancestors(const registry::Resource& r, int64_t client_id,
                                                  std::string_view parent_member, int64_t start,
                                                  int max_depth = 10'000) = 0;
  // The earliest value after `after` in any of the DateTime `fields` of the client's rows, if any: the next
  // moment a clock-dependent answer (a filter on dates) can change.
  virtual std::optional<int64_t> next_instant(const registry::Resource& r, int64_t client_id,
                                              const std::vector<std::string_view>& fields, int64_t after) = 0;
  // The id holding `value` in the unique field (letter case ignored), if any.
  virtual std::optional<int64_t> find_unique(const registry::Resource& r, int64_t client_id,
                                             std::string_view field, std::string_view value) = 0;
};

class WriteTx : public ReadTx {
 public:
  // Not committed by the time it is destroyed = rolled back.
  virtual int64_t insert(const registry::Resource& r, int64_t client_id, const registry::Entity& e) = 0;
  virtual void update(const registry::Resource& r, int64_t client_id, const registry::Entity& e) = 0;
  // Removes the row with its texts and collections (links without IsActive; entities are soft-deleted).
  virtual void remove(const registry::Resource& r, int64_t client_id, int64_t id) = 0;
  virtual void commit() = 0;

  virtual void put_setting(std::string_view key, std::string_view value) = 0;
  // A new tenant seeded with the standard reference data, one application, one system account and one OAuth client.
  virtual CreatedClient create_client(const NewClient& c) = 0;
  virtual int64_t create_application(int64_t client_id, std::string_view name, std::string_view culture,
                                     int64_t account_id) = 0;
};

class Store {
 public:
  virtual ~Store() = default;
  virtual std::unique_ptr<ReadTx> read() = 0;
  // Serialised: one write transaction at a time per process.
  virtual std::unique_ptr<WriteTx> write() = 0;
  virtual bool ready() = 0;  // the database answers
  virtual std::string describe() const = 0;
};

}  // namespace norced::store
