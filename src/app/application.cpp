#include "app/application.hpp"

#include "connect/openapi.hpp"

#include <cctype>
#include <chrono>
#include <mutex>

#include <spdlog/spdlog.h>

#include "app/docs_page.hpp"
#include "core/ascii.hpp"

#include "http/problem_response.hpp"
#include "identity/token_endpoint.hpp"
#include "management/resources/resources.hpp"
#include "management/openapi.hpp"

namespace norced::app {

namespace {

constexpr std::string_view kManagementPrefix = "/commerce/management/1.0";

bool is_api_path(std::string_view p) { return ascii::istarts_with(p, "/api/") || (p.size() == 4 && ascii::istarts_with(p, "/api")); }

http::Response method_not_allowed(std::string allow) {
  Problem p{405, "Method Not Allowed", "Use " + allow + ".", {}, {{"Allow", allow}}};
  return http::problem_response(p);
}

http::Response text_json(int status, std::string body) {
  http::Response r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

// Liveness: the process answers HTTP. Shared by handle() and handle_fast(), so both give the same bytes.
http::Response healthz(const http::Request& req) {
  if (req.method != "GET" && req.method != "HEAD") return method_not_allowed("GET");
  return text_json(200, R"({"status":"ok"})");
}

// At most one warning per 10 s while the database is away, with the number of requests it refused.
void log_unavailable(const std::string& what) {
  static std::mutex mu;
  static std::chrono::steady_clock::time_point last;
  static int64_t refused = 0;
  std::lock_guard lock(mu);
  ++refused;
  const auto now = std::chrono::steady_clock::now();
  if (now - last < std::chrono::seconds(10)) return;
  spdlog::warn("database unavailable, {} request(s) answered 503 meanwhile: {}", refused, what);
  last = now;
  refused = 0;
}

}  // namespace

Application::Application(std::unique_ptr<store::Store> store, AppOptions options) : store_(std::move(store)) {
  // A description mistake is a bug: refuse to start rather than fail at request time.
  for (const registry::Resource* r : management::resources::catalog().all())
    if (auto errors = registry::description_errors(*r); !errors.empty()) throw std::logic_error(errors.front());
  identity::TokenOptions token_options;
  token_options.lifetime = options.token_lifetime;
  token_options.reload_interval = options.token_key_reload;
  token_options.clock = options.api.clock;
  tokens_ = std::make_unique<identity::TokenService>(*store_, token_options);
  if (store_->shared()) options.api.shared_database = true;
  management_ = std::make_unique<management::ManagementApi>(*store_, management::resources::catalog(), *tokens_,
                                                            options.api);
  connect::RunnerOptions runner_options = options.jobs;
  runner_options.clock = options.api.clock;
  // A committed chunk retires the cached responses it changed at once, as the Management API's own writes do.
  runner_options.on_commit = [this](const std::vector<store::Change>& changes) {
    management_->changes().applied_locally(changes);
  };
  jobs_ = std::make_unique<connect::JobRunner>(*store_, connect::import_kinds(), runner_options);
  connect::ConnectOptions connect_options = options.connect;
  connect_options.clock = options.api.clock;
  connect_options.job_queued = [this] { jobs_->notify(); };
  connect_options.job_stored = [this](int64_t client_id, int64_t job_id, int64_t created,
                                      const std::vector<std::string>& chunks) {
    jobs_->stored(client_id, job_id, created, chunks);
  };
  connect_ = std::make_unique<connect::ConnectApi>(*store_, *tokens_, connect_options);
  query_ = std::make_unique<query::QueryApi>(*store_, *tokens_, management::resources::catalog(), options.query);
  admin_ = std::make_unique<Admin>(options.admin_token, *store_, *management_);
  openapi_ = management::OpenApiDocument(
      management::openapi_document(management::resources::catalog(), management_->router(),
                                   connect::openapi_part().paths, connect::openapi_part().schemas));
}

http::Response Application::handle(const http::Request& req) {
  try {
    return route(req);
  } catch (const store::StoreError& e) {
    // A database that is busy or unreachable is a 503 wherever the store was asked (a token request, a
    // tenancy look-up), never a 500; the Management API maps its own store errors the same way.
    if (e.kind != store::StoreErrorKind::Retryable && e.kind != store::StoreErrorKind::Unavailable) throw;
    log_unavailable(e.what());
    return http::problem_response(Problem::unavailable());
  }
}

http::Response Application::route(const http::Request& req) {
  std::string_view path = req.path;
  if (connect::ConnectApi::owns(path)) return connect_->handle(req);
  if (query::QueryApi::owns(path)) return query_->handle(req);
  if (ascii::istarts_with(path, kManagementPrefix)) {
    std::string_view rest = path.substr(kManagementPrefix.size());
    if (is_api_path(rest)) return management_->handle(req, rest);
  } else if (is_api_path(path)) {
    return management_->handle(req, path);
  }
  if (path == "/healthz") return healthz(req);
  if (path == "/readyz") {
    if (req.method != "GET" && req.method != "HEAD") return method_not_allowed("GET");
    bool ok = store_->ready();
    return text_json(ok ? 200 : 503, ok ? R"({"status":"ready"})" : R"({"status":"database unavailable"})");
  }
  if (path == "/openapi.json") {
    if (req.method != "GET" && req.method != "HEAD") return method_not_allowed("GET");
    return text_json(200, openapi_.with_origin(http::origin_of(req)));
  }
  if (path.starts_with("/admin/")) return admin_->handle(req);
  if (auto page = docs_page(req)) return std::move(*page);
  if (path == "/identity/1.0/connect/token") {
    if (req.method != "POST") return method_not_allowed("POST");
    return identity::token_endpoint(req, *store_, *tokens_);
  }
  return http::problem_response(Problem::not_found("No resource at this path."));
}

std::optional<http::Response> Application::handle_fast(const http::Request& req, http::Deferral* later) {
  identity::TokenService::StoreFreeScope no_store_reads;  // keeps this path's promise through token checks
  std::string_view path = req.path;
  if (ascii::istarts_with(path, kManagementPrefix)) {
    std::string_view rest = path.substr(kManagementPrefix.size());
    if (is_api_path(rest)) return management_->handle_fast(req, rest, later);
  } else if (is_api_path(path)) {
    return management_->handle_fast(req, path, later);
  }
  if (path == "/healthz") return healthz(req);
  return std::nullopt;
}

}  // namespace norced::app
