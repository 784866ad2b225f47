// The physical ceiling of bench/connect_scale.py: the rows that ImportProducts writes for PRODUCTS clusters of
// VARIANTS variants (one norced product row per variant, its culture texts, one SKU and one standard price),
// bulk-inserted into an empty database that norced created, with nothing else to do: no JSON, no matching, no
// checks, one transaction.
//
//   connect_ceiling (--sqlite FILE | --postgres CONNINFO) [--products 20000] [--variants 5]
//                   [--cultures en-US,sv-SE] [--client 1] [--manufacturer 1] [--price-list 1] [--change-log]
//
// SQLite: FILE is norced.db of a data folder norced initialised (and stopped); the connection gets norced's
// pragmas (WAL, synchronous=NORMAL, foreign_keys, wal_autocheckpoint=0 as norced's writer) and one prepared
// INSERT per table, all in one BEGIN ... COMMIT. PostgreSQL: CONNINFO names a database norced migrated; the rows
// go in with COPY ... FROM STDIN (text format), one COPY per table, in one transaction. Ids are given explicitly
// (above the tables' largest), so the rows reference each other as norced's do.
//
// The rows are the ones the import writes for the bench's header (bench/connect_scale.py): product (Code,
// manufacturer, ManufacturerPartNo and its key, SortOrderValue, IsDangerousGoods, flags, Changed/ChangedBy),
// product_culture (Name, SubHeader per culture), sku (PartNo and key, Status, Type, EanCode, IsBuyable, ...),
// sku_price_list (PriceSale at QuantityBreak 1, IsPriceDiscountable, IsActive, ...). --change-log adds the
// change_log entries norced writes beside them (Product, Sku, SkuPriceList per SKU), as a second figure.
//
// Prints one JSON line: {"measure": ..., "skus": N, "rows": R, "seconds": S, "skus_per_s": ..., "rows_per_s": ...}.
#include <libpq-fe.h>
#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <memory>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

namespace {

// A cell: NULL, an integer, a boolean, a time (micros since the epoch), or text (decimals included: norced
// keeps decimals as TEXT on SQLite and numeric on PostgreSQL, both written from their text).
struct Null {};
struct Bool {
  bool v;
};
struct Time {
  int64_t micros;
};
using Cell = std::variant<Null, int64_t, Bool, Time, std::string>;
using Row = std::vector<Cell>;

struct Table {
  std::string name;
  std::vector<std::string> columns;
};

struct Options {
  std::string sqlite, postgres;
  int products = 20000, variants = 5;
  std::vector<std::string> cultures = {"en-US", "sv-SE"};
  int64_t client = 1, manufacturer = 1, price_list = 1;
  bool change_log = false;
};

[[noreturn]] void die(const std::string& m) {
  std::fprintf(stderr, "connect_ceiling: %s\n", m.c_str());
  std::exit(1);
}

std::string lower(std::string s) {
  for (auto& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

const Table kProduct{"product",
                     {"id", "client_id", "code", "manufacturer_id", "manufacturer_part_no", "alias", "family_id",
                      "variant_group_id", "sort_order_value", "stock_display_break_point", "is_dangerous_goods",
                      "translation_requested", "is_unique_url_name_manually_maintained", "is_active", "changed",
                      "changed_by", "manufacturer_part_no_key"}};
const Table kProductCulture{"product_culture", {"owner_id", "culture", "name", "sub_header"}};
const Table kSku{"sku",
                 {"id", "client_id", "part_no", "product_id", "status", "type", "ean_code", "is_buyable", "changed",
                  "changed_by", "part_no_key"}};
const Table kPrice{"sku_price_list",
                   {"id", "client_id", "sku_id", "price_list_id", "quantity_break", "price_sale",
                    "is_price_discountable", "is_active", "changed", "changed_by", "quantity_break_key"}};
const Table kChangeLog{"change_log", {"seq", "client_id", "resource", "entity_id", "kind", "at", "account"}};

// The database side: a transaction of bulk inserts into one table after another.
class Sink {
 public:
  virtual ~Sink() = default;
  virtual int64_t max_id(const std::string& table, const std::string& column) = 0;
  virtual void begin() = 0;
  virtual void start(const Table& t) = 0;  // the rows that follow go to t
  virtual void row(const Row& r) = 0;
  virtual void finish() = 0;  // the end of t's rows
  virtual void commit() = 0;
};

class SqliteSink : public Sink {
 public:
  explicit SqliteSink(const std::string& path) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK)
      die("cannot open " + path);
    exec("PRAGMA foreign_keys=ON; PRAGMA mmap_size=268435456; PRAGMA temp_store=MEMORY; "
         "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA wal_autocheckpoint=0;");
  }
  ~SqliteSink() override {
    if (stmt_) sqlite3_finalize(stmt_);
    sqlite3_close(db_);
  }
  int64_t max_id(const std::string& table, const std::string& column) override {
    sqlite3_stmt* s = nullptr;
    const std::string sql = "SELECT coalesce(max(" + column + "), 0) FROM " + table;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &s, nullptr) != SQLITE_OK) die(sqlite3_errmsg(db_));
    int64_t v = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    sqlite3_finalize(s);
    return v;
  }
  void begin() override { exec("BEGIN IMMEDIATE"); }
  void start(const Table& t) override {
    std::string sql = "INSERT INTO " + t.name + " (", params;
    for (size_t i = 0; i < t.columns.size(); ++i) {
      sql += (i ? "," : "") + t.columns[i];
      params += (i ? ",?" : "?");
    }
    sql += ") VALUES (" + params + ")";
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt_, nullptr) != SQLITE_OK) die(sqlite3_errmsg(db_));
  }
  void row(const Row& r) override {
    for (size_t i = 0; i < r.size(); ++i) {
      const int p = static_cast<int>(i + 1);
      const Cell& c = r[i];
      if (std::holds_alternative<Null>(c)) sqlite3_bind_null(stmt_, p);
      else if (const auto* n = std::get_if<int64_t>(&c)) sqlite3_bind_int64(stmt_, p, *n);
      else if (const auto* b = std::get_if<Bool>(&c)) sqlite3_bind_int64(stmt_, p, b->v ? 1 : 0);
      else if (const auto* t = std::get_if<Time>(&c)) sqlite3_bind_int64(stmt_, p, t->micros);
      else {
        const auto& s = std::get<std::string>(c);
        sqlite3_bind_text(stmt_, p, s.data(), static_cast<int>(s.size()), SQLITE_STATIC);
      }
    }
    if (sqlite3_step(stmt_) != SQLITE_DONE) die(sqlite3_errmsg(db_));
    sqlite3_reset(stmt_);
  }
  void finish() override {
    sqlite3_finalize(stmt_);
    stmt_ = nullptr;
  }
  void commit() override { exec("COMMIT"); }

 private:
  void exec(const std::string& sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) die(sql + ": " + (err ? err : "?"));
  }
  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
};

class PostgresSink : public Sink {
 public:
  explicit PostgresSink(const std::string& conninfo) : conn_(PQconnectdb(conninfo.c_str())) {
    if (PQstatus(conn_) != CONNECTION_OK) die(PQerrorMessage(conn_));
  }
  ~PostgresSink() override { PQfinish(conn_); }
  int64_t max_id(const std::string& table, const std::string& column) override {
    PGresult* r = PQexec(conn_, ("SELECT coalesce(max(" + column + "), 0) FROM " + table).c_str());
    if (PQresultStatus(r) != PGRES_TUPLES_OK) die(PQerrorMessage(conn_));
    int64_t v = std::strtoll(PQgetvalue(r, 0, 0), nullptr, 10);
    PQclear(r);
    return v;
  }
  void begin() override { command("BEGIN"); }
  void start(const Table& t) override {
    std::string sql = "COPY " + t.name + " (";
    for (size_t i = 0; i < t.columns.size(); ++i) sql += (i ? "," : "") + t.columns[i];
    sql += ") FROM STDIN";
    PGresult* r = PQexec(conn_, sql.c_str());
    if (PQresultStatus(r) != PGRES_COPY_IN) die(PQerrorMessage(conn_));
    PQclear(r);
  }
  void row(const Row& r) override {
    for (size_t i = 0; i < r.size(); ++i) {
      if (i) buf_ += '\t';
      const Cell& c = r[i];
      if (std::holds_alternative<Null>(c)) buf_ += "\\N";
      else if (const auto* n = std::get_if<int64_t>(&c)) buf_ += std::to_string(*n);
      else if (const auto* b = std::get_if<Bool>(&c)) buf_ += b->v ? 't' : 'f';
      else if (const auto* t = std::get_if<Time>(&c)) append_time(t->micros);
      else
        for (char ch : std::get<std::string>(c)) {  // COPY text format escapes
          if (ch == '\\' || ch == '\t' || ch == '\n' || ch == '\r') buf_ += '\\';
          buf_ += ch == '\t' ? 't' : ch == '\n' ? 'n' : ch == '\r' ? 'r' : ch;
        }
    }
    buf_ += '\n';
    if (buf_.size() >= (1 << 16)) flush();
  }
  void finish() override {
    flush();
    if (PQputCopyEnd(conn_, nullptr) != 1) die(PQerrorMessage(conn_));
    PGresult* r = PQgetResult(conn_);
    if (PQresultStatus(r) != PGRES_COMMAND_OK) die(PQerrorMessage(conn_));
    PQclear(r);
    while ((r = PQgetResult(conn_))) PQclear(r);
  }
  void commit() override { command("COMMIT"); }

 private:
  void command(const std::string& sql) {
    PGresult* r = PQexec(conn_, sql.c_str());
    if (PQresultStatus(r) != PGRES_COMMAND_OK) die(sql + ": " + PQerrorMessage(conn_));
    PQclear(r);
  }
  void flush() {
    if (!buf_.empty() && PQputCopyData(conn_, buf_.data(), static_cast<int>(buf_.size())) != 1)
      die(PQerrorMessage(conn_));
    buf_.clear();
  }
  // timestamptz literal in UTC with microseconds.
  void append_time(int64_t micros) {
    const time_t secs = static_cast<time_t>(micros / 1000000);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char s[48];
    std::snprintf(s, sizeof s, "%04d-%02d-%02d %02d:%02d:%02d.%06lld+00", tm.tm_year + 1900, tm.tm_mon + 1,
                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<long long>(micros % 1000000));
    buf_ += s;
  }
  PGconn* conn_;
  std::string buf_;
};

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) die(a + " needs a value");
      return argv[++i];
    };
    if (a == "--sqlite") o.sqlite = value();
    else if (a == "--postgres") o.postgres = value();
    else if (a == "--products") o.products = std::stoi(value());
    else if (a == "--variants") o.variants = std::stoi(value());
    else if (a == "--client") o.client = std::stoll(value());
    else if (a == "--manufacturer") o.manufacturer = std::stoll(value());
    else if (a == "--price-list") o.price_list = std::stoll(value());
    else if (a == "--change-log") o.change_log = true;
    else if (a == "--cultures") {
      o.cultures.clear();
      std::string v = value(), cur;
      for (char c : v + ",")
        if (c == ',') {
          if (!cur.empty()) o.cultures.push_back(cur);
          cur.clear();
        } else {
          cur += c;
        }
    } else {
      die("unknown argument " + a + " (see the comment at the top of bench/ceiling.cpp)");
    }
  }
  if (o.sqlite.empty() == o.postgres.empty()) die("give one of --sqlite FILE or --postgres CONNINFO");
  return o;
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = parse(argc, argv);
  std::unique_ptr<Sink> sink;
  if (!o.sqlite.empty()) sink = std::make_unique<SqliteSink>(o.sqlite);
  else sink = std::make_unique<PostgresSink>(o.postgres);

  const int64_t n = static_cast<int64_t>(o.products) * o.variants;  // product rows = SKUs = prices
  const int64_t product0 = sink->max_id("product", "id"), sku0 = sink->max_id("sku", "id"),
                price0 = sink->max_id("sku_price_list", "id"), seq0 = sink->max_id("change_log", "seq");
  const int64_t now = std::chrono::duration_cast<std::chrono::microseconds>(
                          std::chrono::system_clock::now().time_since_epoch()).count();
  const std::string by = "System";
  int64_t rows = 0;

  // The same names as bench/connect_scale.py's items (cluster p, variant v).
  auto mpn = [](int64_t i, int variants) {
    return "PR-" + std::to_string(i / variants) + "-" + std::to_string(i % variants + 1);
  };
  auto part_no = [](int64_t i, int variants) {
    return "S-" + std::to_string(i / variants) + "-" + std::to_string(i % variants + 1);
  };

  const auto t0 = std::chrono::steady_clock::now();
  sink->begin();
  sink->start(kProduct);
  for (int64_t i = 0; i < n; ++i) {
    const std::string m = mpn(i, o.variants);
    sink->row({product0 + 1 + i, o.client, "PR-" + std::to_string(i / o.variants), o.manufacturer, m, Null{}, Null{},
               Null{}, static_cast<int64_t>(i % o.variants + 1), Null{}, Bool{false}, Null{}, Bool{false}, Bool{true},
               Time{now}, by, lower(m)});
    ++rows;
  }
  sink->finish();
  sink->start(kProductCulture);
  for (int64_t i = 0; i < n; ++i)
    for (size_t c = 0; c < o.cultures.size(); ++c) {
      const std::string tag = " " + std::to_string(i / o.variants) + " v" + std::to_string(i % o.variants + 1);
      sink->row({product0 + 1 + i, o.cultures[c], (c ? "Produkt" : "Product") + tag,
                 (c ? "Undertitel " : "Subheader ") + std::to_string(i / o.variants)});
      ++rows;
    }
  sink->finish();
  sink->start(kSku);
  for (int64_t i = 0; i < n; ++i) {
    const std::string p = part_no(i, o.variants);
    char ean[32];
    std::snprintf(ean, sizeof ean, "73%011lld", static_cast<long long>(i));
    sink->row({sku0 + 1 + i, o.client, p, product0 + 1 + i, int64_t{1}, int64_t{1}, std::string(ean), Bool{true},
               Time{now}, by, lower(p)});
    ++rows;
  }
  sink->finish();
  sink->start(kPrice);
  for (int64_t i = 0; i < n; ++i) {
    sink->row({price0 + 1 + i, o.client, sku0 + 1 + i, o.price_list, int64_t{1}, std::to_string(100 + i % 900),
               Bool{true}, Bool{true}, Time{now}, by, std::string("1")});
    ++rows;
  }
  sink->finish();
  if (o.change_log) {
    sink->start(kChangeLog);
    int64_t seq = seq0;
    for (int64_t i = 0; i < n; ++i) {
      sink->row({++seq, o.client, std::string("Product"), product0 + 1 + i, int64_t{0}, Time{now}, by});
      sink->row({++seq, o.client, std::string("Sku"), sku0 + 1 + i, int64_t{0}, Time{now}, by});
      sink->row({++seq, o.client, std::string("SkuPriceList"), price0 + 1 + i, int64_t{0}, Time{now}, by});
      rows += 3;
    }
    sink->finish();
  }
  sink->commit();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  std::printf("{\"measure\":\"ceiling: bulk insert (%s%s)\",\"engine\":\"%s\",\"skus\":%lld,\"rows\":%lld,"
              "\"seconds\":%.3f,\"skus_per_s\":%.0f,\"rows_per_s\":%.0f}\n",
              o.sqlite.empty() ? "COPY, one transaction" : "prepared INSERTs, one transaction",
              o.change_log ? ", with change_log" : "", o.sqlite.empty() ? "postgres" : "sqlite",
              static_cast<long long>(n), static_cast<long long>(rows), seconds, n / seconds, rows / seconds);
  return 0;
}
