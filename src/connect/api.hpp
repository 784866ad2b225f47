// Connect API 4.0 (`/commerce/connect/4.0/...`, also with an extra `api/` segment, which real client code
// builds): the request pipeline of the Connect surface. A route table (operations are data) → bearer token with
// the "connect" resource (403 without) → the application header in any of its spellings, which must name an
// application of the caller's client → the operation: the Job service (Get, GetLog, List, Ping, Restart) and
// the imports (connect/import.hpp), which store the payload as a durable job and answer its id. Errors are Problems, rendered once at the edge as problem documents
// (the catalog states no error shape of Connect's own).
#pragma once

#include <functional>
#include <memory>
#include <string_view>

#include "connect/rate_limit.hpp"
#include "core/clock.hpp"
#include "http/message.hpp"
#include "identity/tokens.hpp"
#include "store/store.hpp"

namespace norced::connect {

inline constexpr std::string_view kPrefix = "/commerce/connect/4.0";

struct ConnectOptions {
  const Clock* clock = &system_clock();
  int64_t default_page_size = 50;  // Job/List
  int64_t max_page_size = 500;
  RateLimit rate_limit;       // per client, over every Connect request; requests 0 = off (the default)
  size_t chunk_items = 1000;  // items per chunk of an accepted import: each chunk is applied in one transaction
  // An import was accepted or a job restarted: wakes the job runner (connect/runner.hpp). Thread-safe.
  std::function<void()> job_queued;
  // An import was stored as job `job_id` of the client with these chunks (before job_queued): the runner keeps
  // them to parse ahead (connect/chunk_prefetch.hpp). Thread-safe.
  std::function<void(int64_t client_id, int64_t job_id, int64_t created, const std::vector<std::string>& chunks)>
      job_stored;
};

struct ImportKind;  // connect/import.hpp

class ConnectApi {
 public:
  ConnectApi(store::Store& store, const identity::TokenService& tokens, ConnectOptions options = {});

  // True when `path` is under kPrefix: the requests handle() answers.
  static bool owns(std::string_view path);
  // REQUIRES: owns(req.path). Never throws for a client's mistake; StoreError passes through (the
  // application maps Retryable/Unavailable to 503).
  http::Response handle(const http::Request& req);

 private:
  struct Caller {
    identity::Claims claims;
    int64_t client_id = 0;
    int64_t application_id = 0;
  };
  // Also takes a token of the caller's rate limit (429 when none is left).
  Result<Caller> authenticate(const http::Request& req);
  // The caller's tenant from a bearer token with the Connect resource, or from the legacy Basic credentials
  // `applicationId:secret` (the secret of one of the tenant's OAuth clients with the Connect resource).
  Result<int64_t> tenant_of(const http::Request& req, identity::Claims& claims) const;
  http::Response import(const http::Request& req, const Caller& c, const ImportKind& kind);

  http::Response job_get(const http::Request& req, const Caller& c);
  http::Response job_get_log(const http::Request& req, const Caller& c);
  http::Response job_list(const http::Request& req, const Caller& c);
  http::Response job_ping(const http::Request& req, const Caller& c);
  http::Response job_restart(const http::Request& req, const Caller& c);

  store::Store& store_;
  const identity::TokenService& tokens_;
  ConnectOptions options_;
  RateLimiter limiter_;
};

}  // namespace norced::connect
