// Query API 2.0 (`/commerce/query/2.0/{Namespace}/{EntitySet}`, the `query` segment in any letter case): the
// read-only OData v4 surface over everything the registry describes (issue 10, platform.md §5). GET only (any
// other method is a 405) → bearer token with the "query" resource (403 without) → the application header in
// any of its spellings, naming an application of the caller's client → the namespace's service document, its
// $metadata, an entity set (filtered, ordered, selected, expanded and paged by key: query/options.hpp,
// query/expand.hpp, query/continuation.hpp) or one entity by key (`Set(1)`, `ProductSkus('100011')`). Every read is the caller's
// tenant's (store::ReadTx), narrowed to its application for rows that belong to one. Errors are OData error
// bodies (query/error.hpp), rendered once here.
#pragma once

#include <string_view>

#include "http/message.hpp"
#include "identity/tokens.hpp"
#include "query/applications.hpp"
#include "query/entity_sets.hpp"
#include "query/options.hpp"
#include "query/render.hpp"
#include "store/store.hpp"

namespace norced::query {

inline constexpr std::string_view kPrefix = "/commerce/query/2.0";

class QueryApi {
 public:
  QueryApi(store::Store& store, const identity::TokenService& tokens, const registry::Catalog& catalog, Limits limits = {});

  // True when `path` is under kPrefix (letter case ignored): the requests handle() answers.
  static bool owns(std::string_view path);
  // REQUIRES: owns(req.path). Never throws for a client's mistake; StoreError passes through (the application
  // maps Retryable/Unavailable to 503).
  http::Response handle(const http::Request& req);

  const Model& model() const { return model_; }

 private:
  struct Caller {
    identity::Claims claims;
    int64_t client_id = 0;
    int64_t application_id = 0;
    std::string culture;  // the application's: culture texts are shown in it
  };
  Result<Caller> authenticate(const http::Request& req) const;
  http::Response collection(const http::Request& req, const Caller& c, const Namespace& ns, const EntitySet& set);
  http::Response entity(const http::Request& req, const Caller& c, const Namespace& ns, const EntitySet& set,
                        std::string_view key);
  // The caller's rows of the set: its application's, for a set whose rows belong to one.
  registry::Expr scope(const EntitySet& set, const Caller& c) const;
  // The cultures to show `properties` in, read only when one of them is a culture text.
  std::optional<TextCultures> cultures(const std::vector<const registry::Field*>& properties,
                                       const std::vector<Expansion>& expand, const Caller& c, store::ReadTx& tx) const;

  store::Store& store_;
  const identity::TokenService& tokens_;
  Model model_;
  Limits limits_;
  mutable ApplicationLookup applications_;  // authenticate() is const; the lookup only remembers
};

}  // namespace norced::query
