#include "identity/tokens.hpp"

#include <jwt.h>

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <stdexcept>
#include <unordered_map>

namespace norced::identity {

namespace {

int64_t now_seconds() { return static_cast<int64_t>(std::time(nullptr)); }

struct JwtHandle {
  jwt_t* p = nullptr;
  ~JwtHandle() { jwt_free(p); }
};

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : " ") + s;
  return out;
}

std::vector<std::string> split(const char* s) {
  std::vector<std::string> out;
  if (!s) return out;
  std::string cur;
  for (const char* p = s;; ++p) {
    if (*p == ' ' || *p == '\0') {
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
      if (*p == '\0') break;
    } else {
      cur += *p;
    }
  }
  return out;
}

constexpr size_t kMaxRememberedTokens = 4096;

}  // namespace

bool Claims::allows(std::string_view resource) const {
  return std::find(resources.begin(), resources.end(), resource) != resources.end();
}

TokenService::TokenService(std::string signing_key, std::chrono::seconds lifetime)
    : key_(std::move(signing_key)), lifetime_(lifetime) {
  if (key_.size() < 32) throw std::invalid_argument("token signing key too short");
}

std::string TokenService::issue(const std::string& oauth_client_id, int64_t tenant_id,
                                const std::vector<std::string>& resources, const std::string& scope) const {
  JwtHandle jwt;
  if (jwt_new(&jwt.p) != 0) throw std::runtime_error("jwt_new failed");
  int64_t iat = now_seconds();
  jwt_add_grant(jwt.p, "iss", "norced");
  jwt_add_grant(jwt.p, "sub", oauth_client_id.c_str());
  jwt_add_grant(jwt.p, "client_id", oauth_client_id.c_str());
  jwt_add_grant_int(jwt.p, "tenant", tenant_id);
  jwt_add_grant(jwt.p, "resources", join(resources).c_str());
  jwt_add_grant(jwt.p, "scope", scope.c_str());
  jwt_add_grant_int(jwt.p, "iat", iat);
  jwt_add_grant_int(jwt.p, "exp", iat + lifetime_.count());
  if (jwt_set_alg(jwt.p, JWT_ALG_HS256, reinterpret_cast<const unsigned char*>(key_.data()),
                  static_cast<int>(key_.size())) != 0)
    throw std::runtime_error("jwt_set_alg failed");
  char* encoded = jwt_encode_str(jwt.p);
  if (!encoded) throw std::runtime_error("jwt_encode_str failed");
  std::string token(encoded);
  free(encoded);
  return token;
}

std::optional<Claims> TokenService::verify(const std::string& token) const {
  thread_local std::unordered_map<std::string, Claims> remembered;
  thread_local const TokenService* owner = nullptr;
  if (owner != this) {  // a different service (tests run several) must not see another's tokens
    remembered.clear();
    owner = this;
  }
  int64_t now = now_seconds();
  if (auto it = remembered.find(token); it != remembered.end()) {
    if (it->second.expires_at > now) return it->second;
    remembered.erase(it);
    return std::nullopt;
  }
  if (token.size() > 4096) return std::nullopt;
  JwtHandle jwt;
  if (jwt_decode(&jwt.p, token.c_str(), reinterpret_cast<const unsigned char*>(key_.data()),
                 static_cast<int>(key_.size())) != 0)
    return std::nullopt;
  if (jwt_get_alg(jwt.p) != JWT_ALG_HS256) return std::nullopt;  // never accept "none" or another algorithm
  const char* iss = jwt_get_grant(jwt.p, "iss");
  if (!iss || std::string_view(iss) != "norced") return std::nullopt;
  Claims c;
  c.expires_at = jwt_get_grant_int(jwt.p, "exp");
  if (c.expires_at <= now) return std::nullopt;
  const char* sub = jwt_get_grant(jwt.p, "sub");
  c.oauth_client_id = sub ? sub : "";
  c.tenant_id = jwt_get_grant_int(jwt.p, "tenant");
  c.resources = split(jwt_get_grant(jwt.p, "resources"));
  const char* scope = jwt_get_grant(jwt.p, "scope");
  c.scope = scope ? scope : "";
  if (c.tenant_id <= 0) return std::nullopt;
  if (remembered.size() >= kMaxRememberedTokens) remembered.clear();
  remembered.emplace(token, c);
  return c;
}

}  // namespace norced::identity
