// The whole server as one request handler: health probes, the OpenAPI document and the API reference page,
// OAuth2 token issuing, the Management API, Connect (with its job runner) and the Query API, over one store. The transport (http::Server) calls handle_fast() on its socket thread
// first, and handle() on a handler thread when handle_fast() declines.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "app/admin.hpp"
#include "connect/api.hpp"
#include "connect/runner.hpp"
#include "http/message.hpp"
#include "identity/tokens.hpp"
#include "management/api.hpp"
#include "management/openapi.hpp"
#include "query/api.hpp"
#include "store/store.hpp"

namespace norced::app {

struct AppOptions {
  management::ApiOptions api;
  std::chrono::seconds token_lifetime{3600};
  // How soon a running instance signs with a key rotated by another process (identity/tokens.hpp).
  std::chrono::milliseconds token_key_reload{60'000};
  // Turns on /admin/reset and /admin/seed for callers that present it (app/admin.hpp); empty = off (404).
  std::string admin_token;
  connect::ConnectOptions connect;  // its clock is api.clock
  connect::RunnerOptions jobs;      // the Connect job runner's workers; its clock is api.clock
  query::Limits query;              // the Query API's page size and bounds
};

class Application {
 public:
  Application(std::unique_ptr<store::Store> store, AppOptions options);

  // Any request. Thread-safe; may block (store access).
  http::Response handle(const http::Request& req);
  // The answers that never block, for the transport's fast path (http::FastHandler): /healthz, so liveness
  // holds while every handler thread is busy, and Management API GETs whose response is cached
  // (ManagementApi::handle_fast). nullopt means "ask handle()", which then answers exactly as it would
  // without this path. Touches no store, does no I/O and takes only shared locks held for a few map
  // operations; anything added here must keep that promise. `later` lets it defer a request instead
  // (http::Deferral; on a shared database, until the change log is caught up). Thread-safe.
  std::optional<http::Response> handle_fast(const http::Request& req, http::Deferral* later = nullptr);
  store::Store& store() { return *store_; }
  const identity::TokenService& tokens() const { return *tokens_; }
  management::ManagementApi& management() { return *management_; }
  // The Connect job runner: serve starts its workers once the server listens and stops them when it drains
  // (a job cut off keeps its recorded chunks and resumes after its lease).
  connect::JobRunner& jobs() { return *jobs_; }

 private:
  http::Response route(const http::Request& req);  // handle() without the store-error edge
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<identity::TokenService> tokens_;
  std::unique_ptr<management::ManagementApi> management_;
  std::unique_ptr<connect::ConnectApi> connect_;
  std::unique_ptr<query::QueryApi> query_;
  std::unique_ptr<Admin> admin_;
  std::unique_ptr<connect::JobRunner> jobs_;  // after what it writes through: stopped first
  management::OpenApiDocument openapi_{""};
};

}  // namespace norced::app
