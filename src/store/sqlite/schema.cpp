#include "store/sqlite/schema.hpp"

#include <set>

#include "core/time.hpp"
#include "store/sql/generator.hpp"

namespace norced::store::sqlite {

using registry::Resource;

namespace {

struct Migration {
  int version;
  const char* name;
  const char* sql;
};

// Reference data is system-wide (as in Norce: a currency or sales area has one id everywhere, so
// configuration moves between environments unchanged); clients link to the parts they use.
const Migration kMigrations[] = {
    {1, "identity, tenancy and reference data", R"SQL(
CREATE TABLE setting (key TEXT PRIMARY KEY, value TEXT NOT NULL);

CREATE TABLE culture (code TEXT PRIMARY KEY, name TEXT NOT NULL);
INSERT INTO culture VALUES ('en-US','English (United States)'), ('sv-SE','Swedish (Sweden)'),
  ('nb-NO','Norwegian Bokmål (Norway)'), ('da-DK','Danish (Denmark)'), ('fi-FI','Finnish (Finland)'),
  ('de-DE','German (Germany)');

CREATE TABLE currency (id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
  exchange_rate TEXT NOT NULL);
INSERT INTO currency VALUES (1,'SEK','Swedish krona','11.2150'), (2,'EUR','Euro','1.0000'),
  (3,'NOK','Norwegian krone','11.6830'), (4,'DKK','Danish krone','7.4605'), (5,'USD','US dollar','1.0820');

CREATE TABLE sales_area (id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
  standard_vat_code_id INTEGER NOT NULL);
CREATE TABLE vat_code (id INTEGER PRIMARY KEY, sales_area_id INTEGER NOT NULL REFERENCES sales_area(id),
  name TEXT NOT NULL, value TEXT NOT NULL);
INSERT INTO sales_area VALUES (1,'SE','Sweden',1), (2,'NO','Norway',5);
INSERT INTO vat_code VALUES (1,1,'Standard 25%','25'), (2,1,'Reduced 12%','12'), (3,1,'Reduced 6%','6'),
  (4,1,'Exempt 0%','0'), (5,2,'Standard 25%','25'), (6,2,'Reduced 15%','15'), (7,2,'Reduced 12%','12'),
  (8,2,'Exempt 0%','0');

CREATE TABLE price_list_type (id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
  description TEXT);
INSERT INTO price_list_type VALUES (1,'STANDARD','Standard','Ordinary prices for all customers'),
  (2,'CAMPAIGN','Campaign','Time-limited campaign prices'),
  (3,'AGREEMENT','Customer agreement','Prices agreed with specific customers or companies'),
  (4,'MEMBER','Member','Prices for logged-in members');

CREATE TABLE client (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, created INTEGER NOT NULL);
CREATE TABLE client_culture (client_id INTEGER NOT NULL REFERENCES client(id),
  culture_code TEXT NOT NULL REFERENCES culture(code), is_default INTEGER NOT NULL,
  PRIMARY KEY (client_id, culture_code));
CREATE TABLE client_currency (client_id INTEGER NOT NULL REFERENCES client(id),
  currency_id INTEGER NOT NULL REFERENCES currency(id), exchange_rate TEXT, changed INTEGER NOT NULL,
  changed_by TEXT NOT NULL, PRIMARY KEY (client_id, currency_id));
CREATE TABLE client_sales_area (client_id INTEGER NOT NULL REFERENCES client(id),
  sales_area_id INTEGER NOT NULL REFERENCES sales_area(id), is_primary INTEGER NOT NULL,
  primary_vat_code_id INTEGER NOT NULL REFERENCES vat_code(id), PRIMARY KEY (client_id, sales_area_id));
CREATE TABLE client_price_list_type (client_id INTEGER NOT NULL REFERENCES client(id),
  price_list_type_id INTEGER NOT NULL REFERENCES price_list_type(id), sort_order INTEGER NOT NULL,
  priority INTEGER NOT NULL, PRIMARY KEY (client_id, price_list_type_id));

CREATE TABLE application (id INTEGER PRIMARY KEY AUTOINCREMENT, client_id INTEGER NOT NULL REFERENCES client(id),
  name TEXT NOT NULL, culture_code TEXT NOT NULL REFERENCES culture(code),
  sales_area_id INTEGER NOT NULL REFERENCES sales_area(id));
CREATE TABLE account (id INTEGER PRIMARY KEY AUTOINCREMENT, client_id INTEGER NOT NULL REFERENCES client(id),
  name TEXT NOT NULL, is_active INTEGER NOT NULL, is_system INTEGER NOT NULL);
CREATE TABLE account_application (account_id INTEGER NOT NULL REFERENCES account(id),
  application_id INTEGER NOT NULL REFERENCES application(id), PRIMARY KEY (account_id, application_id));
CREATE TABLE oauth_client (client_id TEXT PRIMARY KEY, secret_hash TEXT NOT NULL,
  tenant_id INTEGER NOT NULL REFERENCES client(id), resources TEXT NOT NULL, is_active INTEGER NOT NULL,
  created INTEGER NOT NULL);
)SQL"},
    // The change log (store.hpp, Change). seq is the rowid: rows are only ever appended, so it never repeats.
    {2, "change log", R"SQL(
CREATE TABLE change_log (seq INTEGER PRIMARY KEY, client_id INTEGER NOT NULL REFERENCES client(id),
  resource TEXT NOT NULL, entity_id INTEGER NOT NULL, kind INTEGER NOT NULL, at INTEGER NOT NULL,
  account TEXT NOT NULL);
)SQL"},
    // The Settings groups as registry resources (management/resources/settings*.cpp). Their tables have the
    // shape the registry generates (id, client_id, members, <key>_key and its unique index), created here so the
    // store's own tenancy code (create_client, reference data) never depends on which resources are served.
    // A link keyed by a system-wide id keeps that id in <thing>_id and its folded key in id_key.
    {3, "settings groups", R"SQL(
CREATE TABLE country (id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, name TEXT NOT NULL);
INSERT INTO country VALUES (1,'SE','Sweden'), (2,'NO','Norway'), (3,'DK','Denmark'), (4,'FI','Finland'),
  (5,'DE','Germany'), (6,'GB','United Kingdom'), (7,'US','United States');
INSERT INTO currency VALUES (6,'GBP','Pound sterling','0.8612'), (7,'CHF','Swiss franc','0.9395'),
  (8,'PLN','Polish zloty','4.3105');
INSERT INTO price_list_type VALUES (5,'OUTLET','Outlet','Clearance prices for outlet stores');

ALTER TABLE client_currency RENAME TO client_currency_v1;
ALTER TABLE client_sales_area RENAME TO client_sales_area_v1;
ALTER TABLE client_price_list_type RENAME TO client_price_list_type_v1;

CREATE TABLE client_currency (id INTEGER PRIMARY KEY, client_id INTEGER NOT NULL REFERENCES client(id),
  currency_id INTEGER, exchange_rate TEXT, changed INTEGER, changed_by TEXT, id_key TEXT);
CREATE UNIQUE INDEX client_currency_id_key ON client_currency (client_id, id_key);
INSERT INTO client_currency (client_id, currency_id, exchange_rate, changed, changed_by, id_key)
  SELECT client_id, currency_id, exchange_rate, changed, changed_by, CAST(currency_id AS TEXT) FROM client_currency_v1;

CREATE TABLE client_sales_area (id INTEGER PRIMARY KEY, client_id INTEGER NOT NULL REFERENCES client(id),
  sales_area_id INTEGER, code TEXT, is_primary INTEGER, primary_vat_code_id INTEGER, changed INTEGER,
  changed_by TEXT, id_key TEXT);
CREATE UNIQUE INDEX client_sales_area_id_key ON client_sales_area (client_id, id_key);
INSERT INTO client_sales_area (client_id, sales_area_id, code, is_primary, primary_vat_code_id, changed, changed_by, id_key)
  SELECT l.client_id, l.sales_area_id, s.code, l.is_primary, l.primary_vat_code_id, c.created, 'System',
    CAST(l.sales_area_id AS TEXT)
  FROM client_sales_area_v1 l JOIN sales_area s ON s.id = l.sales_area_id JOIN client c ON c.id = l.client_id;

CREATE TABLE client_price_list_type (id INTEGER PRIMARY KEY, client_id INTEGER NOT NULL REFERENCES client(id),
  price_list_type_id INTEGER, sort_order INTEGER, priority INTEGER, is_active INTEGER, changed INTEGER,
  changed_by TEXT, id_key TEXT);
CREATE UNIQUE INDEX client_price_list_type_id_key ON client_price_list_type (client_id, id_key);
CREATE TABLE client_price_list_type_culture (owner_id INTEGER NOT NULL REFERENCES client_price_list_type(id),
  culture TEXT NOT NULL REFERENCES culture(code), name TEXT, description TEXT, PRIMARY KEY (owner_id, culture))
  WITHOUT ROWID;
INSERT INTO client_price_list_type (client_id, price_list_type_id, sort_order, priority, is_active, changed, changed_by, id_key)
  SELECT l.client_id, l.price_list_type_id, l.sort_order, l.priority, 1, c.created, 'System',
    CAST(l.price_list_type_id AS TEXT)
  FROM client_price_list_type_v1 l JOIN client c ON c.id = l.client_id;
INSERT INTO client_price_list_type_culture (owner_id, culture, name, description)
  SELECT l.id, d.culture_code, t.name, t.description FROM client_price_list_type l
  JOIN price_list_type t ON t.id = l.price_list_type_id
  JOIN client_culture d ON d.client_id = l.client_id AND d.is_default = 1;

DROP TABLE client_currency_v1;
DROP TABLE client_sales_area_v1;
DROP TABLE client_price_list_type_v1;

ALTER TABLE application ADD COLUMN app_key TEXT;
ALTER TABLE application ADD COLUMN description TEXT;
ALTER TABLE application ADD COLUMN url TEXT;
ALTER TABLE application ADD COLUMN product_url TEXT;
ALTER TABLE application ADD COLUMN is_active INTEGER NOT NULL DEFAULT 1;
ALTER TABLE application ADD COLUMN changed INTEGER;
ALTER TABLE application ADD COLUMN changed_by TEXT;
UPDATE application SET app_key = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))), changed = (SELECT created FROM client WHERE client.id = application.client_id),
  changed_by = 'System';

CREATE TABLE application_culture (id INTEGER PRIMARY KEY, client_id INTEGER NOT NULL REFERENCES client(id),
  application_id INTEGER, culture_code TEXT, is_primary INTEGER, is_active INTEGER, changed INTEGER,
  changed_by TEXT, culture_code_key TEXT);
CREATE UNIQUE INDEX application_culture_culture_code_key ON application_culture (client_id, application_id, culture_code_key);
CREATE TABLE application_currency (id INTEGER PRIMARY KEY, client_id INTEGER NOT NULL REFERENCES client(id),
  application_id INTEGER, currency_id INTEGER, is_active INTEGER, is_primary INTEGER, changed INTEGER,
  changed_by TEXT, id_key TEXT);
CREATE UNIQUE INDEX application_currency_id_key ON application_currency (client_id, application_id, id_key);
CREATE TABLE application_sales_area (id INTEGER PRIMARY KEY, client_id INTEGER NOT NULL REFERENCES client(id),
  application_id INTEGER, sales_area_id INTEGER, code TEXT, is_primary INTEGER, is_active INTEGER, changed INTEGER,
  changed_by TEXT, id_key TEXT);
CREATE UNIQUE INDEX application_sales_area_id_key ON application_sales_area (client_id, application_id, id_key);
CREATE TABLE application_country (id INTEGER PRIMARY KEY, client_id INTEGER NOT NULL REFERENCES client(id),
  application_id INTEGER, country_id INTEGER, is_primary INTEGER, is_active INTEGER, changed INTEGER,
  changed_by TEXT, id_key TEXT);
CREATE UNIQUE INDEX application_country_id_key ON application_country (client_id, application_id, id_key);

INSERT INTO application_culture (client_id, application_id, culture_code, is_primary, is_active, changed, changed_by, culture_code_key)
  SELECT client_id, id, culture_code, 1, 1, changed, 'System', lower(culture_code) FROM application;
INSERT INTO application_currency (client_id, application_id, currency_id, is_active, is_primary, changed, changed_by, id_key)
  SELECT a.client_id, a.id, l.currency_id, 1,
    l.currency_id = (SELECT min(currency_id) FROM client_currency WHERE client_id = a.client_id), a.changed, 'System',
    CAST(l.currency_id AS TEXT)
  FROM application a JOIN client_currency l ON l.client_id = a.client_id;
INSERT INTO application_sales_area (client_id, application_id, sales_area_id, code, is_primary, is_active, changed, changed_by, id_key)
  SELECT a.client_id, a.id, a.sales_area_id, s.code, 1, 1, a.changed, 'System', CAST(a.sales_area_id AS TEXT)
  FROM application a JOIN sales_area s ON s.id = a.sales_area_id;
INSERT INTO application_country (client_id, application_id, country_id, is_primary, is_active, changed, changed_by, id_key)
  SELECT a.client_id, a.id, k.id, 1, 1, a.changed, 'System', CAST(k.id AS TEXT)
  FROM application a JOIN sales_area s ON s.id = a.sales_area_id JOIN country k ON k.code = s.code;
)SQL"},
    // Connect import jobs (store/jobs.hpp). A job's payload is kept as chunks of items (each one JSON array
    // applied in one transaction) until the retention purges it; the log has one row per entry.
    {4, "connect jobs", R"SQL(
CREATE TABLE connect_job (id INTEGER PRIMARY KEY AUTOINCREMENT, client_id INTEGER NOT NULL REFERENCES client(id),
  application_id INTEGER NOT NULL, account_id INTEGER NOT NULL, type TEXT NOT NULL, status INTEGER NOT NULL,
  header TEXT NOT NULL, totals INTEGER NOT NULL, inserts INTEGER NOT NULL DEFAULT 0,
  updates INTEGER NOT NULL DEFAULT 0, fail INTEGER NOT NULL DEFAULT 0, chunks INTEGER NOT NULL,
  next_chunk INTEGER NOT NULL DEFAULT 0, created INTEGER NOT NULL, started INTEGER, stopped INTEGER,
  last_updated INTEGER NOT NULL, finished INTEGER NOT NULL DEFAULT 0, payload_kept INTEGER NOT NULL DEFAULT 1,
  worker TEXT NOT NULL DEFAULT '', lease_until INTEGER NOT NULL DEFAULT 0);
CREATE INDEX connect_job_client ON connect_job (client_id, id);
CREATE INDEX connect_job_open ON connect_job (finished, id);
CREATE TABLE connect_job_chunk (job_id INTEGER NOT NULL REFERENCES connect_job(id), n INTEGER NOT NULL,
  items TEXT NOT NULL, PRIMARY KEY (job_id, n)) WITHOUT ROWID;
CREATE TABLE connect_job_log (id INTEGER PRIMARY KEY, job_id INTEGER NOT NULL REFERENCES connect_job(id),
  severity INTEGER NOT NULL, message TEXT NOT NULL, at INTEGER NOT NULL, imported_row TEXT);
CREATE INDEX connect_job_log_job ON connect_job_log (job_id, id);
)SQL"},
};

std::string quote(std::string_view s) {
  std::string out = "'";
  for (char c : s) out += (c == '\'') ? std::string("''") : std::string(1, c);
  return out + "'";
}

std::set<std::string> existing_columns(Connection& db, std::string_view table) {
  std::set<std::string> cols;
  auto c = db.query("SELECT name FROM pragma_table_info(?1)");
  c.bind(1, table);
  while (c.step()) cols.insert(c.text(0));
  return cols;
}

// The resource's tables, brought up to its description by the generated DDL (store/sql/generator.hpp).
void reconcile(Connection& db, const Resource& r) {
  for (const auto& ddl : sql::reconcile(r, sql::sqlite_dialect(), [&](std::string_view t) { return existing_columns(db, t); }))
    db.exec(ddl);
}

}  // namespace

void migrate(Connection& db, const std::vector<const Resource*>& resources) {
  db.exec("BEGIN IMMEDIATE");
  try {
    db.exec("CREATE TABLE IF NOT EXISTS schema_migration (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
            "applied TEXT NOT NULL)");
    int64_t current = 0;
    {
      auto c = db.query("SELECT coalesce(max(version), 0) FROM schema_migration");
      if (c.step()) current = c.int64(0);
    }
    for (const auto& m : kMigrations) {
      if (m.version <= current) continue;
      db.exec(m.sql);
      db.exec("INSERT INTO schema_migration VALUES (" + std::to_string(m.version) + ", " + quote(m.name) + ", " +
              quote(timeutil::format_iso8601(timeutil::now())) + ")");
    }
    for (const Resource* r : resources)
      if (!r->table.empty()) reconcile(db, *r);
    db.exec("COMMIT");
  } catch (...) {
    db.exec("ROLLBACK");
    throw;
  }
}

}  // namespace norced::store::sqlite
