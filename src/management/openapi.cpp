#include "management/openapi.hpp"
#include "core/ascii.hpp"

#include <set>

#include "json/value.hpp"
#include "json/writer.hpp"

namespace norced::management {

using namespace registry;

namespace {


void schema_of_type(json::Writer& w, const Field& f) {
  switch (f.type) {
    case Type::Int:
      w.member("type", "integer");
      w.member("format", "int32");
      if (!f.allowed.empty()) {
        // OpenAPI 3.0's `nullable` does not extend an `enum`: a nullable member lists null itself.
        w.key("enum");
        w.begin_array();
        for (auto a : f.allowed) w.integer(a);
        if (f.nullable) w.null();
        w.end_array();
      }
      break;
    case Type::Bool:
      w.member("type", "boolean");
      break;
    case Type::Decimal:
      w.member("type", "number");
      w.member("format", "decimal");
      break;
    case Type::DateTime:
      w.member("type", "string");
      w.member("format", "date-time");
      break;
    case Type::Guid:
      w.member("type", "string");
      w.member("format", "uuid");
      break;
    case Type::String:
      w.member("type", "string");
      if (f.max_length > 0) w.member("maxLength", static_cast<int64_t>(f.max_length));
      break;
    case Type::Array:
      w.member("type", "array");
      w.key("items");
      w.begin_object_without_id();
      if (f.item_model == "string") w.member("type", "string");  // a list of names, not of models
      else w.member("$ref", "#/components/schemas/" + std::string(f.item_model));
      w.end_object();
      break;
  }
}

// `read_only`: the server ignores the member on input (registry::read_only).
void field_schema(json::Writer& w, const Field& f, int text_max_length, bool read_only) {
  w.key(f.name);
  w.begin_object_without_id();
  Field shown = f;
  if (text_max_length > 0 && f.type == Type::String) shown.max_length = text_max_length;
  schema_of_type(w, shown);
  if (f.nullable && f.type != Type::Array) w.member_bool("nullable", true);
  if (read_only) w.member_bool("readOnly", true);
  if (!f.description.empty()) w.member("description", f.description);
  w.end_object();
}

// A parsed document written back as it was: numbers from their source text, so an example's 12.50 stays 12.50.
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

void object_schema(json::Writer& w, std::string_view name, const std::vector<Field>& fields, const Resource* r) {
  w.key(name);
  w.begin_object_without_id();
  w.member("type", "object");
  w.key("properties");
  w.begin_object_without_id();
  for (const auto& f : fields) {
    if (f.role == Role::Scope) continue;  // never in JSON
    int max = 0;
    if (r && !f.text.empty() && (f.role == Role::Text || f.role == Role::DefaultText)) {
      int slot = r->text_index(f.text);
      if (slot >= 0) max = r->texts[slot].max_length;
    }
    // Members of nested and culture models carry their role directly (Stored or Derived).
    const bool ignored = r ? read_only(*r, f) : f.role == Role::Id || f.role == Role::Audit || f.role == Role::Derived;
    field_schema(w, f, max, ignored);
  }
  w.end_object();
  // The registry's example: a body a POST accepts (description_errors has checked that it parses).
  if (r && !r->example.empty()) {
    if (auto example = json::parse(r->example)) {
      w.key("example");
      write_value(w, *example);
    }
  }
  w.end_object();
}

void culture_schema(json::Writer& w, const Resource& r) {
  std::vector<Field> fields;
  fields.push_back({"CultureCode", Type::String, Role::Stored, true, 16, {}, {}, {}, {}, "Culture code, e.g. sv-SE.", {}});
  for (const auto& t : r.texts) {
    fields.push_back({t.name, Type::String, t.stored ? Role::Stored : Role::Derived, true, t.max_length, {}, {}, {},
                      {}, "Own text in this culture; null when inherited.", {}});
    // Read on input as a hint for stored texts (management/texts.cpp), ignored for computed ones.
    fields.push_back({{}, Type::Bool, t.stored ? Role::Stored : Role::Derived, false, 0, {}, {}, {}, {},
                      "True when the text is inherited.", {}});
  }
  fields.push_back({"IsTranslated", Type::Bool, Role::Derived, false, 0, {}, {}, {}, {}, "True when any text is own.", {}});
  // Inherited flags need owned names.
  std::vector<std::string> names;
  for (const auto& t : r.texts) names.push_back("Is" + std::string(t.name) + "Inherited");
  size_t k = 0;
  for (auto& f : fields)
    if (f.name.empty()) f.name = names[k++];
  object_schema(w, r.culture_model, fields, nullptr);
}

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
  w.end_object();
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
    w.end_object();
  } else {
    w.key("200");
    w.begin_object_without_id();
    w.member("description", "OK");
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
  for (const char* code : {"400", "401", "403", "404", "409"}) {
    w.key(code);
    w.begin_object_without_id();
    w.member("description", "Problem details (application/problem+json)");
    w.end_object();
  }
  w.end_object();
  w.end_object();
}

}  // namespace

std::string openapi_document(const Catalog& catalog, const Router& router) {
  json::Writer w;
  w.begin_object_without_id();
  w.member("openapi", "3.0.3");
  w.key("info");
  w.begin_object_without_id();
  w.member("title", "norced: Norce Commerce Management API 1.0");
  w.member("version", "1.0");
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
  for (const auto& path : paths) {
    w.key(path);
    w.begin_object_without_id();
    for (const auto& route : router.routes())
      if (route.path == path) operation(w, route);
    w.end_object();
  }
  w.end_object();

  w.key("components");
  w.begin_object_without_id();
  w.key("securitySchemes");
  w.begin_object_without_id();
  w.key("oauth2");
  w.begin_object_without_id();
  w.member("type", "oauth2");
  w.key("flows");
  w.begin_object_without_id();
  w.key("clientCredentials");
  w.begin_object_without_id();
  w.member("tokenUrl", "/identity/1.0/connect/token");
  w.key("scopes");
  w.begin_object_without_id();
  w.end_object();
  w.end_object();
  w.end_object();
  w.end_object();
  w.end_object();
  w.key("schemas");
  w.begin_object_without_id();
  std::set<std::string_view> written;
  for (const Resource* r : catalog.all()) {
    object_schema(w, r->model, r->fields, r);
    if (r->has_texts() && !r->culture_model.empty()) culture_schema(w, *r);
    for (const auto& m : r->nested_models)
      if (written.insert(m.name).second) object_schema(w, m.name, m.fields, nullptr);
  }
  object_schema(w, "IdNameCodeModel",
                {{"Id", Type::Int, Role::Id, false, 0, {}, {}, {}, {}, "Id.", {}},
                 {"Name", Type::String, Role::Derived, true, 0, {}, {}, {}, {}, "Name.", {}},
                 {"Code", Type::String, Role::Derived, true, 0, {}, {}, {}, {}, "Code.", {}}},
                nullptr);
  w.end_object();
  w.end_object();
  w.end_object();
  return w.take();
}

}  // namespace norced::management
