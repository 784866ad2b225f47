#include "store/postgres/conninfo.hpp"

#include <libpq-fe.h>

#include <map>
#include <memory>

#include "store/store.hpp"

namespace norced::store::postgres {

namespace {

// The parameters given in `conninfo` (not libpq's defaults), by keyword.
std::map<std::string, std::string> parse(const std::string& conninfo) {
  char* error = nullptr;
  std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)> options(PQconninfoParse(conninfo.c_str(), &error),
                                                                        &PQconninfoFree);
  if (!options) {
    std::string message = error ? error : "out of memory";
    PQfreemem(error);
    while (!message.empty() && message.back() == '\n') message.pop_back();
    throw StoreError("not a PostgreSQL connection string: " + message);
  }
  std::map<std::string, std::string> out;
  for (PQconninfoOption* o = options.get(); o->keyword; ++o)
    if (o->val) out[o->keyword] = o->val;
  return out;
}

// A value as a quoted conninfo value: 'it''s' style escaping is not libpq's; it wants backslashes.
std::string quoted(const std::string& v) {
  std::string out = "'";
  for (char c : v) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

}  // namespace

std::string redacted(const std::string& conninfo) {
  auto p = parse(conninfo);
  auto take = [&](const char* key) {
    auto it = p.find(key);
    if (it == p.end()) return std::string();
    std::string v = it->second;
    p.erase(it);
    return v;
  };
  std::erase_if(p, [](const auto& kv) { return kv.first.find("password") != std::string::npos; });  // sslpassword too
  const std::string user = take("user"), host = take("host"), port = take("port"), db = take("dbname");
  std::string out = "postgres://" + (user.empty() ? "" : user + "@") + host + (port.empty() ? "" : ":" + port) + "/" + db;
  char sep = '?';
  for (const auto& [k, v] : p) {
    out += sep + k + "=" + v;
    sep = '&';
  }
  return out;
}

std::string with_database(const std::string& conninfo, const std::string& dbname) {
  auto p = parse(conninfo);
  p["dbname"] = dbname;
  std::string out;
  for (const auto& [k, v] : p) out += (out.empty() ? "" : " ") + k + "=" + quoted(v);
  return out;
}

}  // namespace norced::store::postgres
