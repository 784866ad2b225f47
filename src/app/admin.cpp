#include "app/admin.hpp"

#include <openssl/crypto.h>
#include <openssl/sha.h>
#include <strings.h>

#include <charconv>
#include <chrono>

#include "app/config_file.hpp"
#include "core/ascii.hpp"
#include "http/problem_response.hpp"
#include "json/writer.hpp"
#include "management/reset.hpp"
#include "management/resources/resources.hpp"
#include "management/seed.hpp"

namespace norced::app {

namespace {

std::string sha256(std::string_view s) {
  unsigned char d[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(s.data()), s.size(), d);
  return std::string(reinterpret_cast<const char*>(d), sizeof d);
}

Result<int64_t> client_param(const http::Request& req) {
  for (const auto& [k, v] : req.query)
    if (ascii::iequals(k, "client")) {
      int64_t n = 0;
      auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
      if (ec != std::errc() || p != v.data() + v.size() || n < 1)
        return Problem::validation("client", "'" + v + "' is not a client id.");
      return n;
    }
  return Problem::validation("client", "The client to act on is required: ?client=N.");
}

// A seed body in YAML says so in its media type: application/yaml (RFC 9512), application/x-yaml, text/yaml.
bool yaml_body(const http::Request& req) {
  const std::string* type = req.headers.find("Content-Type");
  return type && ascii::to_lower(*type).find("yaml") != std::string::npos;
}

http::Response json_ok(std::string body) {
  http::Response r;
  r.body = std::move(body);
  return r;
}

int64_t now_micros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

Admin::Admin(std::string token, store::Store& store, management::ManagementApi& api)
    : token_digest_(token.empty() ? std::string() : sha256(token)), store_(store), api_(api) {}

bool Admin::authorized(const http::Request& req) const {
  const std::string* auth = req.headers.find("Authorization");
  if (!auth || auth->size() <= 7 || strncasecmp(auth->c_str(), "Bearer ", 7) != 0) return false;
  const std::string given = sha256(std::string_view(*auth).substr(7));
  return CRYPTO_memcmp(given.data(), token_digest_.data(), given.size()) == 0;
}

http::Response Admin::handle(const http::Request& req) {
  if (!enabled()) return http::problem_response(Problem::not_found("No resource at this path."));
  const bool reset = req.path == "/admin/reset", seed = req.path == "/admin/seed";
  if (!reset && !seed) return http::problem_response(Problem::not_found("No resource at this path."));
  if (req.method != "POST")
    return http::problem_response(Problem{405, "Method Not Allowed", "Use POST.", {}, {{"Allow", "POST"}}});
  if (!authorized(req))
    return http::problem_response(Problem::unauthorized("The admin token (serve --admin-token) is required."));
  auto client = client_param(req);
  if (!client) return http::problem_response(client.problem());
  const auto& catalog = management::resources::catalog();
  const auto started = std::chrono::steady_clock::now();
  json::Writer w;
  w.begin_object_without_id();
  w.member("ClientId", *client);
  try {
    if (reset) {
      auto restored = management::reset::restore(store_, catalog, *client, {"norced reset", now_micros()});
      if (!restored) return http::problem_response(restored.problem());
      api_.changes().applied_locally(restored->changes);  // before the answer: the next read sees the reset
      w.member("Inserted", restored->inserted);
      w.member("Updated", restored->updated);
      w.member("Removed", restored->removed);
    } else {
      auto doc = parse_config(req.body, yaml_body(req) ? ConfigFormat::Yaml : ConfigFormat::Json, "request body");
      if (!doc) return http::problem_response(doc.problem());
      management::SeedOptions o;
      o.client = *client;
      o.source = "request body";
      o.lines = std::move(doc->lines);
      o.author = {"norced seed", now_micros()};
      o.max_hierarchy_depth = api_.options().max_hierarchy_depth;
      auto seeded = management::seed(store_, catalog, doc->document, o);
      if (!seeded) return http::problem_response(seeded.problem());
      api_.changes().applied_locally(seeded->changes);
      return json_ok(management::summary(*client, *seeded));
    }
  } catch (const store::StoreError& e) {
    if (e.kind == store::StoreErrorKind::Conflict) return http::problem_response(Problem::conflict(e.field, e.what()));
    throw;  // Application::handle answers a busy or absent database with 503
  }
  w.member("Milliseconds", static_cast<int64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                               std::chrono::steady_clock::now() - started).count()));
  w.end_object();
  return json_ok(w.take());
}

}  // namespace norced::app
