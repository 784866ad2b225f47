// The served OpenAPI document: the Management API's paths from the routes (management/router.hpp), each
// operation with the error responses it can really give, and the parts in openapi_parts.hpp.
#include "management/openapi.hpp"

#include <set>

#include "core/ascii.hpp"

#include "management/openapi_parts.hpp"
#include "management/rules.hpp"

namespace norced::management {

using namespace registry;

namespace {


const char* summary(OpKind kind) {
  switch (kind) {
    case OpKind::Get: return "Get one";
    case OpKind::Update: return "Replace one (PUT replaces every writable member); returns the id";
    case OpKind::List: return "List the active ones";
    case OpKind::Insert: return "Add one; returns the new id";
    case OpKind::Compact: return "List as Id/Name/Code";
    case OpKind::ListDeleted: return "List the soft-deleted ones (IsActive = false)";
    case OpKind::Delete: return "Remove one";
    case OpKind::Custom: return "";  // the operation's own summary
  }
  return "";
}

// The example is what a renderer fills in: the first client's application and account (app/bootstrap.cpp).
void header_param(json::Writer& w, std::string_view name, std::string_view description) {
  w.begin_object_without_id();
  w.member("name", name);
  w.member("in", "header");
  w.member_bool("required", true);
  w.member("description", description);
  w.key("schema");
  w.begin_object_without_id();
  w.member("type", "integer");
  w.member("format", "int32");
  w.end_object();
  w.member("example", int64_t{1});
  w.end_object();
}

// The errors an operation can answer, as $refs to components.responses (openapi_server.cpp). 405 is not here:
// it answers a method the path does not serve, never the operation's own (the document's description says so).
void error_responses(json::Writer& w, const Resource& r, const Operation& op) {
  const Rules& rules = rules_of(r);
  const bool writes = op.kind == OpKind::Insert || op.kind == OpKind::Update;
  std::vector<std::pair<const char*, const char*>> errors = {
      {"400", "BadRequest"}, {"401", "Unauthorized"}, {"403", "Forbidden"}};
  // A path parameter names something that may not exist (a Custom operation's own parameters too).
  if (!op.params.empty()) errors.push_back({"404", "NotFound"});
  // Unique keys on a write; a guard rule on a write or a removal (e.g. the default culture).
  if ((writes && !r.unique.empty()) || ((writes || op.kind == OpKind::Delete) && rules.guard))
    errors.push_back({"409", "Conflict"});
  if (op.has_body()) {
    errors.push_back({"413", "PayloadTooLarge"});
    errors.push_back({"415", "UnsupportedMediaType"});
  }
  errors.push_back({"503", "ServiceUnavailable"});
  for (const auto& [status, name] : errors) {
    w.key(status);
    w.begin_object_without_id();
    w.member("$ref", std::string("#/components/responses/") + name);
    w.end_object();
  }
}

void ref_schema(json::Writer& w, std::string_view model, bool array) {
  w.key("schema");
  w.begin_object_without_id();
  if (array) {
    w.member("type", "array");
    w.key("items");
    w.begin_object_without_id();
  }
  w.member("$ref", "#/components/schemas/" + std::string(model));
  if (array) w.end_object();
  w.end_object();
}

// The headers of a success answer: X-Total-Count on a list, and strict mode's Warning wherever it checks the
// request (every operation but a Custom one, whose body and query are its handler's own).
void success_headers(json::Writer& w, const Operation& op) {
  if (op.kind == OpKind::Custom) return;
  w.key("headers");
  w.begin_object_without_id();
  if (op.kind == OpKind::List) {
    w.key("X-Total-Count");
    w.begin_object_without_id();
    w.member("description",
             "norced extension (Norce sends no such header): the number of items the whole list holds, "
             "whichever page was asked for.");
    w.key("schema");
    w.begin_object_without_id();
    w.member("type", "integer");
    w.end_object();
    w.end_object();
  }
  w.key("Warning");
  w.begin_object_without_id();
  w.member("$ref", "#/components/headers/Warning");
  w.end_object();
  w.end_object();
}

void operation(json::Writer& w, const management::Route& route) {
  const Resource& r = *route.resource;
  const Operation& op = *route.op;
  w.key(ascii::to_lower(op.method));
  w.begin_object_without_id();
  w.key("tags");
  w.begin_array();
  w.string(r.tag);
  w.end_array();
  w.member("operationId", std::string(r.name) + "Api_" + op.verb);
  w.member("summary", op.kind == OpKind::Custom ? std::string_view(op.summary) : std::string_view(summary(op.kind)));
  w.key("security");
  w.begin_array();
  w.begin_object_without_id();
  w.key("oauth2");
  w.begin_array();
  w.end_array();
  w.end_object();
  w.end_array();
  w.key("parameters");
  w.begin_array();
  header_param(w, "application-id", "Application id.");
  header_param(w, "account-id", "Id of an active account of the application; written as ChangedBy.");
  for (const auto& p : op.params) {
    w.begin_object_without_id();
    w.member("name", p.name);
    w.member("in", "path");
    w.member_bool("required", true);
    w.key("schema");
    w.begin_object_without_id();
    if (p.type == ParamType::Int) {
      w.member("type", "integer");
      w.member("format", "int32");
      // A member with allowed values (an info type's group) takes only those in the path too (ManagementApi::bind).
      if (const registry::Field* f = r.field(p.member); f && !f->allowed.empty() && f->role != registry::Role::Id) {
        w.key("enum");
        w.begin_array();
        for (int64_t v : f->allowed) w.integer(v);
        w.end_array();
      }
    } else {
      w.member("type", "string");
    }
    w.end_object();
    w.end_object();
  }
  if (op.kind == OpKind::List) {
    for (const auto& q : r.list_params) {
      w.begin_object_without_id();
      w.member("name", q.name);
      w.member("in", "query");
      w.member_bool("required", false);
      w.member("description", q.description);
      w.key("schema");
      w.begin_object_without_id();
      w.member("type", q.type == Type::Int ? "integer" : "string");
      if (!q.allowed.empty()) {
        w.key("enum");
        w.begin_array();
        for (auto a : q.allowed) w.string(a);
        w.end_array();
      }
      if (!q.default_value.empty()) w.member("default", q.default_value);
      w.end_object();
      w.end_object();
    }
  }
  w.end_array();
  if (op.has_body()) {
    w.key("requestBody");
    w.begin_object_without_id();
    w.member_bool("required", true);
    w.key("content");
    w.begin_object_without_id();
    w.key("application/json");
    w.begin_object_without_id();
    ref_schema(w, r.model, false);
    w.end_object();
    w.end_object();
    w.end_object();
  }
  w.key("responses");
  w.begin_object_without_id();
  if (op.kind == OpKind::Delete) {
    w.key("204");
    w.begin_object_without_id();
    w.member("description", "Removed");
    success_headers(w, op);
    w.end_object();
  } else {
    w.key("200");
    w.begin_object_without_id();
    w.member("description", "OK");
    success_headers(w, op);
    w.key("content");
    w.begin_object_without_id();
    w.key("application/json");
    w.begin_object_without_id();
    if (op.kind == OpKind::Custom) {
      w.key("schema");
      w.begin_object_without_id();  // what a custom handler answers is its own; any JSON value
      w.end_object();
    } else if (op.has_body()) {
      w.key("schema");
      w.begin_object_without_id();
      w.member("type", "integer");
      w.member("format", "int32");
      w.end_object();
    } else {
      ref_schema(w, op.kind == OpKind::Compact ? "IdNameCodeModel" : r.model, op.kind != OpKind::Get);
    }
    w.end_object();
    w.end_object();
    w.end_object();
  }
  error_responses(w, r, op);
  w.end_object();
  w.end_object();
}

constexpr std::string_view kDescription =
    "norced serves the Norce Commerce Management API 1.0. Every operation needs a bearer token from the OAuth2 "
    "client-credentials endpoint (Authorize above: the client id and secret `norced client add` or the first "
    "start printed) and the `application-id` and `account-id` headers (1 and 1 for the first client). Errors are "
    "problem documents (application/problem+json) that name the member at fault. A method a path does not list "
    "answers 405 with an `Allow` header naming the ones it does. Norce operations norced does not serve yet are "
    "listed under \"Not served yet\": they answer 501. JSON members and query parameters an operation does not "
    "read get a `Warning` header each (norced's strict mode), or with the request header `norced-strict: true` "
    "a 400 naming them.";

}  // namespace

std::string openapi_document(const Catalog& catalog, const Router& router, std::string_view extra_paths,
                             std::string_view extra_schemas) {
  json::Writer w;
  w.begin_object_without_id();
  w.member("openapi", "3.0.3");
  w.key("info");
  w.begin_object_without_id();
  w.member("title", "norced: Norce Commerce Management API 1.0");
  w.member("version", "1.0");
  w.member("description", kDescription);
  w.key("license");
  w.begin_object_without_id();
  w.member("name", "Apache 2.0");
  w.member("url", "https://www.apache.org/licenses/LICENSE-2.0.html");
  w.end_object();
  w.end_object();
  w.key("servers");
  w.begin_array();
  for (const char* url : {"/commerce/management/1.0", "/"}) {
    w.begin_object_without_id();
    w.member("url", url);
    w.end_object();
  }
  w.end_array();

  w.key("paths");
  w.begin_object_without_id();
  std::vector<std::string> paths;
  for (const auto& route : router.routes())
    if (std::find(paths.begin(), paths.end(), route.path) == paths.end()) paths.push_back(route.path);
  std::set<std::string> operation_ids;
  for (const auto& path : paths) {
    w.key(path);
    w.begin_object_without_id();
    for (const auto& route : router.routes())
      if (route.path == path) {
        operation(w, route);
        operation_ids.insert(std::string(route.resource->name) + "Api_" + route.op->verb);
      }
    w.end_object();
  }
  openapi::write_server_paths(w);
  openapi::write_unserved_paths(w, router, operation_ids);
  openapi::write_members(w, extra_paths);
  w.end_object();

  w.key("components");
  w.begin_object_without_id();
  w.key("securitySchemes");
  w.begin_object_without_id();
  w.key("oauth2");
  w.begin_object_without_id();
  w.member("type", "oauth2");
  w.member("description", "OAuth2 client credentials: a client id and secret for a bearer token.");
  w.key("flows");
  w.begin_object_without_id();
  w.key("clientCredentials");
  w.begin_object_without_id();
  w.member("tokenUrl", kTokenPath);  // the server makes it absolute per request (app/application.cpp)
  w.key("scopes");
  w.begin_object_without_id();
  w.end_object();
  w.end_object();
  w.end_object();
  w.end_object();
  w.end_object();
  w.key("responses");
  w.begin_object_without_id();
  openapi::write_error_responses(w);
  w.end_object();
  w.key("headers");
  w.begin_object_without_id();
  openapi::write_headers(w);
  w.end_object();
  w.key("schemas");
  w.begin_object_without_id();
  openapi::write_model_schemas(w, catalog);
  openapi::write_server_schemas(w);
  openapi::write_members(w, extra_schemas);
  w.end_object();
  w.end_object();
  w.end_object();
  return w.take();
}

OpenApiDocument::OpenApiDocument(std::string text) : text_(std::move(text)) {
  const std::string marker = "\"tokenUrl\":\"" + std::string(kTokenPath) + "\"";
  if (auto at = text_.find(marker); at != std::string::npos) token_url_at_ = at + marker.size() - kTokenPath.size() - 1;
}

std::string OpenApiDocument::with_origin(std::string_view origin) const {
  if (origin.empty() || token_url_at_ == std::string::npos) return text_;
  std::string out;
  out.reserve(text_.size() + origin.size());
  out.append(text_, 0, token_url_at_);
  out += origin;
  out.append(text_, token_url_at_, std::string::npos);
  return out;
}

}  // namespace norced::management
