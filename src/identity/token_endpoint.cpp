#include "identity/token_endpoint.hpp"

#include "core/ascii.hpp"

#include <openssl/evp.h>
#include <strings.h>

#include "identity/basic_auth.hpp"
#include "identity/secret.hpp"
#include "json/writer.hpp"

namespace norced::identity {

namespace {

http::Response oauth_error(int status, std::string_view error, std::string_view description) {
  json::Writer w;
  w.begin_object_without_id();
  w.member("error", error);
  w.member("error_description", description);
  w.end_object();
  http::Response r;
  r.status = status;
  r.body = w.take();
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

}  // namespace

http::Response token_endpoint(const http::Request& req, store::Store& store, const TokenService& tokens) {
  const std::string* type = req.headers.find("Content-Type");
  if (ascii::to_lower(type ? *type : "").find("application/x-www-form-urlencoded") == std::string::npos)
    return oauth_error(400, "invalid_request", "The body must be application/x-www-form-urlencoded.");
  http::Request form;
  form.query = http::parse_query(req.body);
  const std::string* grant = form.query_param("grant_type");
  if (!grant) return oauth_error(400, "invalid_request", "grant_type is required.");
  if (*grant != "client_credentials")
    return oauth_error(400, "unsupported_grant_type", "Only the client_credentials grant is supported.");

  std::string client_id, client_secret;
  if (auto basic = basic_credentials(req)) {
    client_id = basic->first;
    client_secret = basic->second;
  } else {
    const std::string* id = form.query_param("client_id");
    const std::string* secret = form.query_param("client_secret");
    if (!id || !secret) return oauth_error(400, "invalid_client", "client_id and client_secret are required.");
    client_id = *id;
    client_secret = *secret;
  }

  std::optional<store::OAuthClientRow> client;
  {
    auto tx = store.system();
    client = tx->oauth_client(client_id);
  }
  // Verify a hash even for an unknown id so the answer takes as long either way.
  static const std::string decoy = hash_secret(random_hex(16));
  bool valid = verify_secret(client_secret, client ? client->secret_hash : decoy);
  if (!client || !valid || !client->is_active)
    return oauth_error(400, "invalid_client", "Unknown client or wrong secret.");

  const std::string* scope = form.query_param("scope");
  std::string token = tokens.issue(client->client_id, client->tenant_id, client->resources, scope ? *scope : "");
  json::Writer w;
  w.begin_object_without_id();
  w.member("access_token", token);
  w.member("expires_in", static_cast<int64_t>(tokens.lifetime().count()));
  w.member("token_type", "Bearer");
  if (scope) w.member("scope", *scope);
  w.end_object();
  http::Response r;
  r.body = w.take();
  r.headers.emplace_back("Cache-Control", "no-store");
  r.headers.emplace_back("Pragma", "no-cache");
  r.client_id = client->client_id;  // for the request log
  return r;
}

}  // namespace norced::identity
