// Identity, tenancy, settings and the change log on PostgreSQL, and a new tenant's standard reference data:
// the same rows, in the same order, as the SQLite backend writes (store/sqlite/sqlite_store.cpp), so a
// client starts alike on both engines.
#include "store/fold_case.hpp"
#include "store/name_list.hpp"
#include "store/postgres/transactions.hpp"

#include "core/time.hpp"

namespace norced::store::postgres {

namespace {

class SystemTx final : public SystemWriteTx {
 public:
  SystemTx(Pool::Lease conn, bool write) : conn_(std::move(conn)), write_(write) {}

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
  void commit() override;

 private:
  Connection& db();
  Connection& writer();  // db(), for a SystemWriteTx only

  Pool::Lease conn_;
  bool write_;
};

Connection& SystemTx::db() {
  if (!conn_.valid()) throw StoreError("the transaction has ended");
  return *conn_;
}

Connection& SystemTx::writer() {
  if (!write_) throw StoreError("write on a read transaction");
  return db();
}

std::optional<ApplicationRow> SystemTx::application(int64_t id) {
  Result r = db().exec("SELECT id, client_id, name, culture_code, sales_area_id FROM application WHERE id = $1",
                       Params().add(id));
  if (r.rows() == 0) return std::nullopt;
  return ApplicationRow{r.int64(0, 0), r.int64(0, 1), r.str(0, 2), r.str(0, 3), r.int64(0, 4)};
}

std::optional<AccountRow> SystemTx::account_for_application(int64_t account_id, int64_t application_id) {
  Result r = db().exec(
      "SELECT a.id, a.client_id, a.name, a.is_active FROM account a JOIN account_application l "
      "ON l.account_id = a.id JOIN application p ON p.id = l.application_id AND p.client_id = a.client_id "
      "WHERE a.id = $1 AND l.application_id = $2",
      Params().add(account_id).add(application_id));
  if (r.rows() == 0) return std::nullopt;
  return AccountRow{r.int64(0, 0), r.int64(0, 1), r.str(0, 2), r.boolean(0, 3)};
}

constexpr const char* kOAuthColumns = "SELECT client_id, secret_hash, tenant_id, resources, is_active FROM oauth_client";

OAuthClientRow oauth_row(const Result& r, int i) {
  return {r.str(i, 0), r.str(i, 1), r.int64(i, 2), split_names(r.text(i, 3)), r.boolean(i, 4)};
}

std::optional<OAuthClientRow> SystemTx::oauth_client(std::string_view client_id) {
  Result r = db().exec(std::string(kOAuthColumns) + " WHERE client_id = $1", Params().add(client_id, Binding::Lookup));
  if (r.rows() == 0) return std::nullopt;
  return oauth_row(r, 0);
}

std::vector<OAuthClientRow> SystemTx::oauth_clients() {
  // COLLATE "C": the same byte order as SQLite's, whatever the database's collation.
  Result r = db().exec(std::string(kOAuthColumns) + " ORDER BY tenant_id, client_id COLLATE \"C\"");
  std::vector<OAuthClientRow> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(oauth_row(r, i));
  return out;
}

std::vector<TenantRow> SystemTx::tenants() {
  Result r = db().exec(
      "SELECT c.id, c.name, (SELECT min(id) FROM account WHERE client_id = c.id AND is_system), a.id "
      "FROM client c LEFT JOIN application a ON a.client_id = c.id ORDER BY c.id, a.id");
  std::vector<TenantRow> out;
  for (int i = 0; i < r.rows(); ++i) {
    if (out.empty() || out.back().id != r.int64(i, 0))
      out.push_back({r.int64(i, 0), r.str(i, 1), {}, r.opt_int64(i, 2).value_or(0)});
    if (auto app = r.opt_int64(i, 3)) out.back().application_ids.push_back(*app);
  }
  return out;
}

void SystemTx::add_oauth_client(const OAuthClientRow& row) {
  writer().exec("INSERT INTO oauth_client VALUES ($1, $2, $3, $4, $5, $6)",
                Params()
                    .add(row.client_id, Binding::Stored)
                    .add(row.secret_hash, Binding::Stored)
                    .add(row.tenant_id)
                    .add(join_names(row.resources), Binding::Stored)
                    .add(row.is_active ? "true" : "false", Binding::Stored)
                    .add(format_instant(timeutil::now())));
}

bool SystemTx::set_oauth_secret(std::string_view client_id, std::string_view secret_hash) {
  return writer()
             .exec("UPDATE oauth_client SET secret_hash = $2 WHERE client_id = $1",
                   Params().add(client_id, Binding::Lookup).add(secret_hash, Binding::Stored))
             .affected() > 0;
}

std::optional<std::string> SystemTx::setting(std::string_view key) {
  Result r = db().exec("SELECT value FROM setting WHERE key = $1", Params().add(key, Binding::Lookup));
  if (r.rows() == 0) return std::nullopt;
  return r.str(0, 0);
}

void SystemTx::put_setting(std::string_view key, std::string_view value) {
  writer().exec(sql::postgres_dialect().upsert("setting", {"key", "value"}, {"key"}, {"value"}),
                Params().add(key, Binding::Stored).add(value, Binding::Stored));
}

int64_t SystemTx::client_count() { return db().exec("SELECT count(*) FROM client").int64(0, 0); }

std::vector<Change> SystemTx::changes_since(int64_t after, int limit) { return read_changes(db(), after, limit); }

int64_t SystemTx::last_change() { return db().exec("SELECT coalesce(max(seq), 0) FROM change_log").int64(0, 0); }

CreatedClient SystemTx::create_client(const NewClient& n) {
  Connection& db = writer();
  const std::string now = format_instant(timeutil::now());
  CreatedClient out;
  out.client_id = db.exec("INSERT INTO client (name, created) VALUES ($1, $2) RETURNING id",
                          Params().add(n.name, Binding::Stored).add(now))
                      .int64(0, 0);
  const Params client = Params().add(out.client_id);
  const Params client_at = Params().add(out.client_id).add(now);
  // The standard reference data every new client starts with.
  db.exec("INSERT INTO client_culture VALUES ($1::bigint, 'en-US', true), ($1::bigint, 'sv-SE', false)", client);
  db.exec("INSERT INTO client_currency (client_id, currency_id, exchange_rate, changed, changed_by, id_key) "
          "SELECT $1, c.id, NULL, $2, 'System', c.id::text FROM currency c "
          "WHERE c.code IN ('SEK','EUR','NOK','DKK','USD') ORDER BY c.id",
          client_at);
  db.exec("INSERT INTO client_sales_area (client_id, sales_area_id, code, is_primary, primary_vat_code_id, changed, "
          "changed_by, id_key) SELECT $1, id, code, true, standard_vat_code_id, $2, 'System', id::text "
          "FROM sales_area WHERE code = 'SE'",
          client_at);
  db.exec("INSERT INTO client_price_list_type (client_id, price_list_type_id, sort_order, priority, is_active, "
          "changed, changed_by, id_key) SELECT $1, t.id, t.id, t.id, true, $2, 'System', t.id::text "
          "FROM price_list_type t WHERE t.code IN ('STANDARD','CAMPAIGN','AGREEMENT','MEMBER') ORDER BY t.id",
          client_at);
  db.exec("INSERT INTO client_price_list_type_culture (owner_id, culture, name, description) "
          "SELECT l.id, 'en-US', t.name, t.description FROM client_price_list_type l "
          "JOIN price_list_type t ON t.id = l.price_list_type_id WHERE l.client_id = $1 ORDER BY l.id",
          client);
  out.account_id = db.exec("INSERT INTO account (client_id, name, is_active, is_system) VALUES ($1, $2, true, true) "
                           "RETURNING id",
                           Params().add(out.client_id).add(n.account_name, Binding::Stored))
                       .int64(0, 0);
  out.application_id = create_application(out.client_id, n.name, n.culture, out.account_id);
  db.exec("INSERT INTO oauth_client VALUES ($1, $2, $3, $4, true, $5)",
          Params()
              .add(n.oauth_client_id, Binding::Stored)
              .add(n.oauth_secret_hash, Binding::Stored)
              .add(out.client_id)
              .add(join_names(n.resources), Binding::Stored)
              .add(now));
  return out;
}

int64_t SystemTx::create_application(int64_t client_id, std::string_view name, std::string_view culture,
                                     int64_t account_id) {
  Connection& db = writer();
  const std::string now = format_instant(timeutil::now());
  db.exec("INSERT INTO client_culture VALUES ($1, $2, false) ON CONFLICT DO NOTHING",
          Params().add(client_id).add(culture, Binding::Stored));
  Result app = db.exec(
      "INSERT INTO application (client_id, name, culture_code, sales_area_id, app_key, is_active, changed, changed_by) "
      "SELECT $1, $2, $3, sales_area_id, gen_random_uuid()::text, true, $4, 'System' FROM client_sales_area "
      "WHERE client_id = $1 AND is_primary ORDER BY sales_area_id LIMIT 1 RETURNING id",
      Params().add(client_id).add(name, Binding::Stored).add(culture, Binding::Stored).add(now));
  if (app.rows() == 0) throw StoreError("client " + std::to_string(client_id) + " has no primary sales area");
  const int64_t app_id = app.int64(0, 0);
  db.exec("INSERT INTO account_application VALUES ($1, $2)", Params().add(account_id).add(app_id));
  // The application starts with its culture, the client's currencies (the first one primary), the client's
  // primary sales area and that area's country, each primary.
  db.exec("INSERT INTO application_culture (client_id, application_id, culture_code, is_primary, is_active, changed, "
          "changed_by, culture_code_key) VALUES ($1, $2, $3, true, true, $4, 'System', $5)",
          Params().add(client_id).add(app_id).add(culture, Binding::Stored).add(now).add(fold_case(culture), Binding::Stored));
  db.exec("INSERT INTO application_currency (client_id, application_id, currency_id, is_active, is_primary, changed, "
          "changed_by, id_key) SELECT $1, $2, currency_id, true, currency_id = (SELECT min(currency_id) FROM "
          "client_currency WHERE client_id = $1), $3, 'System', l.id_key FROM client_currency l WHERE l.client_id = $1 "
          "ORDER BY l.id",
          Params().add(client_id).add(app_id).add(now));
  const Params app_at = Params().add(app_id).add(now);
  db.exec("INSERT INTO application_sales_area (client_id, application_id, sales_area_id, code, is_primary, "
          "is_active, changed, changed_by, id_key) SELECT a.client_id, a.id, a.sales_area_id, s.code, true, true, $2, "
          "'System', a.sales_area_id::text FROM application a JOIN sales_area s ON s.id = a.sales_area_id "
          "WHERE a.id = $1",
          app_at);
  db.exec("INSERT INTO application_country (client_id, application_id, country_id, is_primary, is_active, changed, "
          "changed_by, id_key) SELECT a.client_id, a.id, k.id, true, true, $2, 'System', k.id::text "
          "FROM application a JOIN sales_area s ON s.id = a.sales_area_id JOIN country k ON k.code = s.code "
          "WHERE a.id = $1",
          app_at);
  return app_id;
}

void SystemTx::commit() {
  writer().run("COMMIT");
  conn_.release();
}

}  // namespace

std::vector<Change> read_changes(Connection& db, int64_t after, int limit) {
  // Planned for `after` each time (Connection::exec_planned): the log grows by an import's rows a second.
  static const std::string kChanges =
      "SELECT seq, client_id, resource, entity_id, kind, at, account FROM change_log WHERE seq > $1 ORDER BY seq "
      "LIMIT $2";
  Result r = db.exec_planned(kChanges, Params().add(after).add(int64_t{limit}));
  std::vector<Change> out;
  out.reserve(static_cast<size_t>(r.rows()));
  for (int i = 0; i < r.rows(); ++i)
    out.push_back({r.int64(i, 0), r.int64(i, 1), r.str(i, 2), r.int64(i, 3), static_cast<ChangeKind>(r.int64(i, 4)),
                   r.instant(i, 5), r.str(i, 6)});
  return out;
}

ChangeDigest read_change_digest(Connection& db, int64_t after, const std::vector<SeqRange>& skip, size_t max_ids) {
  // One statement however many entries are new: grouped per client and resource in the server, so a chunk of an
  // import (tens of thousands of entries) comes back as a few lines. The ids travel only for groups of at most
  // $2 entries not skipped (string_agg: a plain comma list to split). The skipped ranges are disjoint, so the
  // join matches a row at most once.
  ArrayLiteral firsts, lasts;
  for (const auto& r : skip) {
    firsts.add(r.first);
    lasts.add(r.last);
  }
  static const std::string kDigest =
      "SELECT client_id, resource, max(seq), count(*) FILTER (WHERE NOT own), "
      "CASE WHEN count(*) FILTER (WHERE NOT own) <= $2 "
      "THEN string_agg(entity_id::text, ',') FILTER (WHERE NOT own) END "
      "FROM fresh GROUP BY client_id, resource ORDER BY client_id, resource";
  // Without ranges to skip (the usual case), no join: the join is a loop over the ranges per entry.
  static const std::string kAll =
      "WITH fresh AS (SELECT seq, client_id, resource, entity_id, false AS own FROM change_log WHERE seq > $1) " +
      kDigest;
  static const std::string kSkipping =
      "WITH fresh AS (SELECT c.seq, c.client_id, c.resource, c.entity_id, own.first IS NOT NULL AS own "
      "FROM change_log c LEFT JOIN unnest($3::bigint[], $4::bigint[]) AS own(first, last) "
      "ON c.seq BETWEEN own.first AND own.last WHERE c.seq > $1) " +
      kDigest;
  Params p;
  p.add(after).add(static_cast<int64_t>(max_ids));
  if (!skip.empty()) p.add(firsts.take()).add(lasts.take());
  // Planned for `after` each time (Connection::exec_planned): a follower polls this while an import adds
  // thousands of entries a second, and a cached plan from when the log was small scanned all of it per poll.
  Result r = db.exec_planned(skip.empty() ? kAll : kSkipping, p);
  ChangeDigest out;
  out.last_seq = after;
  for (int i = 0; i < r.rows(); ++i) {
    out.last_seq = std::max(out.last_seq, r.int64(i, 2));
    ChangedRows g;
    g.entries = r.int64(i, 3);
    if (g.entries == 0) continue;  // all skipped
    g.client_id = r.int64(i, 0);
    g.resource = r.str(i, 1);
    g.whole = r.is_null(i, 4);
    if (!g.whole) {
      std::string_view ids = r.text(i, 4);
      for (size_t at = 0; at <= ids.size();) {
        size_t comma = std::min(ids.find(',', at), ids.size());
        g.ids.push_back(parse_int(ids.substr(at, comma - at)));
        at = comma + 1;
      }
      std::sort(g.ids.begin(), g.ids.end());
      g.ids.erase(std::unique(g.ids.begin(), g.ids.end()), g.ids.end());
    }
    out.changed.push_back(std::move(g));
  }
  return out;
}

std::unique_ptr<SystemWriteTx> system_tx(Pool::Lease conn, bool write) {
  return std::make_unique<SystemTx>(std::move(conn), write);
}

}  // namespace norced::store::postgres
