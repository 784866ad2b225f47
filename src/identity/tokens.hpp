// OAuth2 access tokens: JWTs (HS256, libjwt) signed with a per-installation key kept in the database, so tokens
// survive a restart and need no lookup to verify. A token carries the tenant it acts for and the APIs
// ("resources") its OAuth client may call.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace norced::identity {

struct Claims {
  std::string oauth_client_id;
  int64_t tenant_id = 0;
  std::vector<std::string> resources;
  std::string scope;
  int64_t expires_at = 0;  // seconds since the epoch

  bool allows(std::string_view resource) const;
};

class TokenService {
 public:
  TokenService(std::string signing_key, std::chrono::seconds lifetime);

  std::chrono::seconds lifetime() const { return lifetime_; }
  std::string issue(const std::string& oauth_client_id, int64_t tenant_id, const std::vector<std::string>& resources,
                    const std::string& scope) const;
  // The claims of a token this service signed that has not expired; nullopt otherwise. Verified tokens are
  // remembered per thread until they expire, so the signature is checked once per token and thread.
  std::optional<Claims> verify(const std::string& token) const;

 private:
  std::string key_;
  std::chrono::seconds lifetime_;
};

}  // namespace norced::identity
