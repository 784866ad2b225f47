// /admin/...: operations for test suites, served only when an admin token is configured (serve --admin-token
// or NORCED_ADMIN_TOKEN); otherwise every /admin path answers 404 as an unknown path does. A request must
// carry "Authorization: Bearer <token>", compared in constant time (401 otherwise).
//   POST /admin/reset?client=N   the client back to its seeded state (management/reset.hpp)
//   POST /admin/seed?client=N    a seed file's document as the body (management/seed.hpp): JSON, or YAML with
//                                a YAML media type (application/yaml)
#pragma once

#include <string>

#include "http/message.hpp"
#include "management/api.hpp"
#include "store/store.hpp"

namespace norced::app {

class Admin {
 public:
  Admin(std::string token, store::Store& store, management::ManagementApi& api);
  bool enabled() const { return !token_digest_.empty(); }
  http::Response handle(const http::Request& req);

 private:
  bool authorized(const http::Request& req) const;
  std::string token_digest_;  // SHA-256 of the token: comparing digests takes the same time for any length
  store::Store& store_;
  management::ManagementApi& api_;
};

}  // namespace norced::app
