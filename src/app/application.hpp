// The whole server as one request handler: health probes, the OpenAPI document, OAuth2 token issuing and
// the Management API, over one store. The transport (http::Server) calls handle() for every request.
#pragma once

#include <memory>
#include <string>

#include "http/message.hpp"
#include "identity/tokens.hpp"
#include "management/api.hpp"
#include "store/store.hpp"

namespace norced::app {

struct AppOptions {
  management::ApiOptions api;
  std::chrono::seconds token_lifetime{3600};
};

class Application {
 public:
  Application(std::unique_ptr<store::Store> store, AppOptions options);

  http::Response handle(const http::Request& req);
  store::Store& store() { return *store_; }
  const identity::TokenService& tokens() const { return *tokens_; }

 private:
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<identity::TokenService> tokens_;
  std::unique_ptr<management::ManagementApi> management_;
  std::string openapi_;
};

// The signing key for access tokens, created on first use and kept in the store.
std::string token_signing_key(store::Store& store);

}  // namespace norced::app
