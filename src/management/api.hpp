// The Management API 1.0: one generic pipeline for every resource in the catalog.
//   route → bearer token (401) → "management" resource (403) → application/account headers (400/403) →
//   operation: [cache] → one store transaction → rules → JSON.
// Writes: parse → validate (400 with every member at fault) → references (400) and unique keys (409) →
// insert/update → commit, all in one write transaction; nothing is written unless everything passed.
#pragma once

#include <optional>

#include "core/clock.hpp"

#include "http/deferral.hpp"
#include "http/message.hpp"
#include "identity/tokens.hpp"
#include "management/change_follower.hpp"
#include "management/response_cache.hpp"
#include "management/router.hpp"
#include "management/strict.hpp"
#include "management/tenancy.hpp"
#include "registry/catalog.hpp"
#include "store/store.hpp"

namespace norced::management {

struct ApiOptions {
  size_t response_cache_bytes = 256u << 20;
  std::chrono::milliseconds tenancy_ttl{5'000};
  int64_t default_page_size = 50;   // when page is given without pageSize
  int64_t max_page_size = 1'000;
  std::chrono::milliseconds change_poll{500};  // how often the change log is read for other processes' writes
  // Other processes write the same database (Store::shared): every request first catches up with the change
  // log (ChangeFollower), on the fast path by deferring without a thread, else on its handler thread.
  bool shared_database = false;
  const Clock* clock = &system_clock();
  // Longest Category or PriceList parent chain a write may create (400 naming the parent member above it).
  // It bounds the ancestor walks of reads and writes, and keeps derived names such as FullName short.
  int max_hierarchy_depth = 32;
  // Unknown JSON members and query parameters are refused with 400 instead of answered with a Warning
  // header (management/strict.hpp); a request asks the same with `norced-strict: true`.
  bool strict = false;
};

// The path parameters of a request, parsed: the key (Id) if the path names it, and the members the path
// scopes the operation to.
struct Target {
  std::optional<int64_t> id;
  std::vector<std::pair<int, registry::Cell>> scope;  // field index, value

  registry::Expr filter(const registry::Resource& r) const;  // every scope member equals its value
  bool holds(const registry::Entity& e) const;               // e carries every scope value
};

class ManagementApi {
 public:
  ManagementApi(store::Store& store, const registry::Catalog& catalog, const identity::TokenService& tokens,
                ApiOptions options = {});

  // `path` is relative to the API root ("/api/category/5"); the caller strips "/commerce/management/1.0".
  http::Response handle(const http::Request& req, std::string_view path);
  // The socket-thread fast path (http::FastHandler): the response handle() would give, for a GET whose
  // response is already in the response cache, or nullopt to send the request to handle(). It never blocks:
  // route match, token verification (a signature check, or the thread's verified-token memory; never the
  // store), the caller from Tenancy's memory only (try_resolve_cached), then a cache lookup, with only shared
  // locks held for a few map operations. Any other case (another method, a cache miss or an expired entry, a
  // problem of any kind, a caller not remembered) is nullopt, and handle() answers it exactly as it would
  // without this path. A hit is byte-identical to what handle() gives for the same request at that moment.
  // On a shared database a request not yet caught up with the change log is deferred with `later` (when
  // given) until the follower's next poll, then looked at again; without `later` it goes to handle().
  // Thread-safe.
  std::optional<http::Response> handle_fast(const http::Request& req, std::string_view path,
                                            http::Deferral* later = nullptr);

  const Router& router() const { return router_; }
  ChangeFollower& changes() { return follower_; }
  const ApiOptions& options() const { return options_; }

 private:
  // handle() once the token is verified.
  http::Response handle_as(const http::Request& req, const Match& match, const identity::Claims& claims);
  // The query parameters and body members the operation does not read (strict.hpp).
  std::vector<Unknown> unknown_input(const http::Request& req, const Match& m) const;
  Result<http::Response> dispatch(const http::Request& req, const Match& m, const Caller& caller);
  Result<Target> bind(const Match& m, const Caller& caller) const;
  // The one entity an operation addresses: by id, or by the path's scope members (a string key).
  std::optional<registry::Entity> find(store::ReadTx& tx, const registry::Resource& r, const Target& t) const;
  Problem not_found(const Match& m) const;
  std::optional<Problem> missing_parent(store::ReadTx& tx, const registry::Resource& r, const Target& t) const;
  Result<http::Response> read(const http::Request& req, const Match& m, const Caller& caller, const Target& t);
  Result<http::Response> write(const http::Request& req, const Match& m, const Caller& caller, const Target& t);
  Result<http::Response> custom(const http::Request& req, const Match& m, const Caller& caller, const Target& t);

  store::Store& store_;
  const registry::Catalog& catalog_;
  const identity::TokenService& tokens_;
  ApiOptions options_;
  Router router_;
  Tenancy tenancy_;
  ResponseCache cache_;
  ChangeFollower follower_;  // after the caches it invalidates
};

}  // namespace norced::management
