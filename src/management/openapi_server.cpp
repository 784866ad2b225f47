// What the OpenAPI document says about the server outside the catalog: the token endpoint, the health probes,
// the problem document every error is, and one reusable response per error status. These are fixed, so they
// are written as JSON text; the statuses and bodies they describe are the ones identity/token_endpoint.cpp,
// app/application.cpp and http/problem_response.cpp produce (tests/api/docs_page_test.cpp checks them against
// the running server).
#include <cstdio>
#include <cstdlib>

#include "core/decimal.hpp"
#include "http/problem_response.hpp"
#include "management/openapi_parts.hpp"

namespace norced::management::openapi {

namespace {

constexpr std::string_view kServerSchemas = R"json({
  "ProblemDetails": {
    "type": "object",
    "description": "Every error is a problem document (RFC 9457, application/problem+json). A validation error names each member in `errors`, by its JSON path (Cultures[0].CultureCode).",
    "required": ["type", "title", "status"],
    "properties": {
      "type": {"type": "string", "description": "The RFC 9110 section of the status."},
      "title": {"type": "string"},
      "status": {"type": "integer", "format": "int32"},
      "detail": {"type": "string"},
      "errors": {"type": "object", "description": "What is wrong with each member.",
                 "additionalProperties": {"type": "array", "items": {"type": "string"}}},
      "errorsOmitted": {"type": "integer", "format": "int32",
                        "description": "When more members were at fault than listed: how many errors were left out."},
      "operationId": {"type": "string", "description": "501: the Norce operation not served yet, when the catalog names it."},
      "group": {"type": "string", "description": "501: the Norce catalog group of the operation."},
      "method": {"type": "string", "description": "501: the operation's method."},
      "path": {"type": "string", "description": "501: the operation's path in the Norce catalog."},
      "summary": {"type": "string", "description": "501: what the operation does, from the catalog."}
    },
    "example": {"type": "https://tools.ietf.org/html/rfc9110#section-15.5.1",
                "title": "One or more validation errors occurred.", "status": 400,
                "errors": {"Code": ["The value is longer than the maximum of 50 characters."]}}
  },
  "TokenRequest": {
    "type": "object",
    "description": "OAuth2 client credentials. client_id and client_secret may come in an HTTP Basic Authorization header instead.",
    "required": ["grant_type"],
    "properties": {
      "grant_type": {"type": "string", "enum": ["client_credentials"]},
      "client_id": {"type": "string"},
      "client_secret": {"type": "string", "format": "password"},
      "scope": {"type": "string", "description": "The Norce environment name (playground, stage, prod, lab); echoed in the answer."}
    },
    "example": {"grant_type": "client_credentials", "client_id": "norced-demo", "client_secret": "norced-demo-secret",
                "scope": "playground"}
  },
  "TokenResponse": {
    "type": "object",
    "required": ["access_token", "expires_in", "token_type"],
    "properties": {
      "access_token": {"type": "string", "description": "A JWT; send it as Authorization: Bearer <token>."},
      "expires_in": {"type": "integer", "format": "int32", "description": "Seconds it stays valid."},
      "token_type": {"type": "string", "enum": ["Bearer"]},
      "scope": {"type": "string", "description": "The requested scope, when one was given."}
    },
    "example": {"access_token": "eyJhbGciOiJIUzI1NiIsImtpZCI6IjNmOWEwYzFlIn0.e30.c2ln", "expires_in": 3600,
                "token_type": "Bearer", "scope": "playground"}
  },
  "OAuthError": {
    "type": "object",
    "description": "An OAuth2 error (RFC 6749 section 5.2).",
    "required": ["error"],
    "properties": {
      "error": {"type": "string", "enum": ["invalid_request", "unsupported_grant_type", "invalid_client"]},
      "error_description": {"type": "string"}
    },
    "example": {"error": "invalid_client", "error_description": "Unknown client or wrong secret."}
  },
  "Status": {
    "type": "object",
    "required": ["status"],
    "properties": {"status": {"type": "string", "enum": ["ok", "ready", "database unavailable"]}},
    "example": {"status": "ok"}
  }
})json";

// One response per error status; `Retry-After` on 503 is the only header a client must act on.
struct ErrorResponse {
  const char* name;
  int status;
  const char* title;
  const char* description;
  const char* detail;
};

constexpr ErrorResponse kErrors[] = {
    {"BadRequest", 400, "One or more validation errors occurred.",
     "Invalid input: a missing or malformed application-id or account-id header, a malformed path id, a body that "
     "is not JSON, a member of the wrong type, too long or naming something that does not exist; in strict mode "
     "(serve --strict, or the request header norced-strict: true) also a JSON member or query parameter the "
     "operation does not read. `errors` names each member.",
     nullptr},
    {"Unauthorized", 401, "Unauthorized", "No bearer token, or one that is expired or not valid (WWW-Authenticate: Bearer).",
     "A bearer token is required."},
    {"Forbidden", 403, "Forbidden",
     "The token's client lacks the Management resource, or the application or account is not the caller's.",
     "Application 9 is not an application of this client."},
    {"NotFound", 404, "Not Found", "No item with this id (or no such parent).", "There is no Category with id 99."},
    {"Conflict", 409, "Conflict", "Another item already has this unique value (Code), or a rule forbids the change.",
     "Another Category already has Code SHOES."},
    {"PayloadTooLarge", 413, "Payload Too Large", "The body is larger than the server's --max-body-bytes.",
     "The request body is larger than 1048576 bytes."},
    {"UnsupportedMediaType", 415, "Unsupported Media Type", "The body is not application/json.",
     "The body must be application/json."},
    {"NotImplemented", 501, "Not Implemented",
     "A Norce Management API operation norced does not serve yet. The problem document names it in the extension "
     "members operationId (when the Norce catalog gives one), group, method, path and summary.",
     "norced does not serve this Norce Management API operation yet: ParametricGroupApi_Get, GET "
     "/api/parametricgroup/{id} (Fetch one parametric group by internal id.)."},
    {"ServiceUnavailable", 503, "Service Unavailable",
     "The server is busy (its handler queue is full) or the database is unreachable; retry after Retry-After seconds.",
     "The database is busy or unreachable; try again."},
};

// Outside the Management API: each path item names its own server, "/", so a renderer that sends the catalog's
// operations to /commerce/management/1.0 still sends these to the server's root.
constexpr std::string_view kServerPaths = R"json({
  "/identity/1.0/connect/token": {
    "servers": [{"url": "/"}],
    "post": {
      "tags": ["Identity"],
      "operationId": "Identity_Token",
      "summary": "Issue an access token (OAuth2 client credentials)",
      "description": "Any other method answers 405 with Allow: POST.",
      "security": [],
      "requestBody": {
        "required": true,
        "content": {"application/x-www-form-urlencoded": {"schema": {"$ref": "#/components/schemas/TokenRequest"}}}
      },
      "responses": {
        "200": {"description": "A token (Cache-Control: no-store)",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/TokenResponse"}}}},
        "400": {"description": "Not form-encoded, another grant type, or an unknown client or wrong secret",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/OAuthError"}}}},
        "413": {"$ref": "#/components/responses/PayloadTooLarge"},
        "503": {"$ref": "#/components/responses/ServiceUnavailable"}
      }
    }
  },
  "/healthz": {
    "servers": [{"url": "/"}],
    "get": {
      "tags": ["Health"],
      "operationId": "Health_Live",
      "summary": "Liveness: the process answers HTTP",
      "description": "Answered on the socket thread, so it works while every handler thread is busy.",
      "security": [],
      "responses": {
        "200": {"description": "Alive",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Status"},
                                                 "example": {"status": "ok"}}}}
      }
    }
  },
  "/readyz": {
    "servers": [{"url": "/"}],
    "get": {
      "tags": ["Health"],
      "operationId": "Health_Ready",
      "summary": "Readiness: the database answers",
      "security": [],
      "responses": {
        "200": {"description": "Ready",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Status"},
                                                 "example": {"status": "ready"}}}},
        "503": {"description": "The database is unreachable, or the server is busy",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Status"},
                                                 "example": {"status": "database unavailable"}}}}
      }
    }
  }
})json";

}  // namespace

void write_value(json::Writer& w, const json::Value& v) {
  switch (v.kind()) {
    case json::Kind::Null:
      w.null();
      break;
    case json::Kind::Bool:
      w.boolean(v.as_bool());
      break;
    case json::Kind::Number:
      if (auto d = Decimal::parse(v.number_text())) w.decimal(*d);
      else w.null();  // beyond a decimal's range; description_errors keeps examples to what the server reads
      break;
    case json::Kind::String:
      w.string(v.as_string());
      break;
    case json::Kind::Array:
      w.begin_array();
      for (const auto& item : v.items()) write_value(w, item);
      w.end_array();
      break;
    case json::Kind::Object:
      w.begin_object_without_id();
      for (const auto& m : v.members()) {
        w.key(m.key);
        write_value(w, m.value);
      }
      w.end_object();
      break;
  }
}

void write_members(json::Writer& w, std::string_view object_text) {
  auto v = json::parse(object_text);
  if (!v.ok()) {
    std::fprintf(stderr, "openapi: a fixed part does not parse: %s\n", v.problem().detail.c_str());
    std::abort();  // a constant of this program: only a bug gets here
  }
  for (const auto& m : v->members()) {
    w.key(m.key);
    write_value(w, m.value);
  }
}

void write_json_text(json::Writer& w, std::string_view text) {
  w.begin_object_without_id();
  write_members(w, text);
  w.end_object();
}

void write_server_schemas(json::Writer& w) { write_members(w, kServerSchemas); }

void write_server_paths(json::Writer& w) { write_members(w, kServerPaths); }

void write_headers(json::Writer& w) {
  write_members(w, R"json({
  "Warning": {
    "description": "norced's strict mode: one header per JSON member or query parameter the operation does not read, nested models included, with the closest known name (at most 20, then one that counts the rest); Norce ignores them silently. Also on an error answer. With serve --strict, or the request header norced-strict: true, the request is refused with 400 instead.",
    "schema": {"type": "string"},
    "example": "299 norced \"unknown member 'Nmae' in CategoryModel; did you mean 'Name'?\""
  }
})json");
}

void write_error_responses(json::Writer& w) {
  for (const auto& e : kErrors) {
    w.key(e.name);
    w.begin_object_without_id();
    w.member("description", e.description);
    if (e.status == 401 || e.status == 503) {
      w.key("headers");
      w.begin_object_without_id();
      w.key(e.status == 401 ? "WWW-Authenticate" : "Retry-After");
      w.begin_object_without_id();
      w.member("description", e.status == 401 ? "Bearer" : "Seconds to wait before retrying.");
      w.key("schema");
      w.begin_object_without_id();
      w.member("type", e.status == 401 ? "string" : "integer");
      w.end_object();
      w.end_object();
      w.end_object();
    }
    w.key("content");
    w.begin_object_without_id();
    w.key("application/problem+json");
    w.begin_object_without_id();
    w.key("schema");
    w.begin_object_without_id();
    w.member("$ref", "#/components/schemas/ProblemDetails");
    w.end_object();
    w.key("example");
    w.begin_object_without_id();
    w.member("type", http::problem_type(e.status));
    w.member("title", e.title);
    w.member("status", static_cast<int64_t>(e.status));
    if (e.detail) {
      w.member("detail", e.detail);
      if (e.status == 501)
        write_members(w, R"json({"operationId": "ParametricGroupApi_Get", "group": "Parametric Group",
          "method": "GET", "path": "/api/parametricgroup/{id}", "summary": "Fetch one parametric group by internal id."})json");
    } else {
      w.key("errors");
      w.begin_object_without_id();
      w.key("Code");
      w.begin_array();
      w.string("The value is longer than the maximum of 50 characters.");
      w.end_array();
      w.end_object();
    }
    w.end_object();
    w.end_object();
    w.end_object();
    w.end_object();
  }
}

}  // namespace norced::management::openapi
