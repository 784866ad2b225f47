// Model schemas of the OpenAPI document, from the resource descriptions: every member's type, format,
// nullability, limits and readOnly, the `required` list, and an example. A resource's example is the body its
// POST accepts (registry::Resource::example); any other model gets one made from its members' types, so every
// model shows one.
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "core/decimal.hpp"
#include "management/openapi_parts.hpp"
#include "management/resources/fields.hpp"

namespace norced::management::openapi {

using namespace registry;

namespace {

// One model to describe: its members, the resource that owns them (for readOnly and text limits; null for
// nested and culture models, whose members carry their role directly), and its explicit example.
struct ModelSpec {
  std::string name;
  std::vector<Field> fields;
  const Resource* owner = nullptr;
  std::string_view example;
  std::vector<std::string> required;
};

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
      if (!f.allowed_text.empty()) {  // as for integers: a nullable member lists null itself
        w.key("enum");
        w.begin_array();
        for (auto a : f.allowed_text) w.string(a);
        if (f.nullable) w.null();
        w.end_array();
      }
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

// The limit a text member shows: its culture text slot's.
int text_limit(const ModelSpec& m, const Field& f) {
  if (!m.owner || f.text.empty() || (f.role != Role::Text && f.role != Role::DefaultText)) return 0;
  int slot = m.owner->text_index(f.text);
  return slot >= 0 ? m.owner->texts[slot].max_length : 0;
}

bool ignored_on_input(const ModelSpec& m, const Field& f) {
  return m.owner ? read_only(*m.owner, f) : f.role == Role::Id || f.role == Role::Audit || f.role == Role::Derived;
}

// A value of the member's type for a made-up example: the first allowed value, the default flag, a string
// within the limit. Arrays hold one element of their model when it is known, so examples nest.
void example_value(json::Writer& w, const Field& f, int limit, const std::map<std::string, const ModelSpec*>& models,
                   int depth);

void made_up_example(json::Writer& w, const ModelSpec& m, const std::map<std::string, const ModelSpec*>& models,
                     int depth) {
  w.begin_object_without_id();
  for (const auto& f : m.fields) {
    if (f.role == Role::Scope) continue;
    w.key(f.name);
    example_value(w, f, text_limit(m, f), models, depth);
  }
  w.end_object();
}

void example_value(json::Writer& w, const Field& f, int limit, const std::map<std::string, const ModelSpec*>& models,
                   int depth) {
  switch (f.type) {
    case Type::Int:
      w.integer(f.allowed.empty() ? 1 : f.allowed.front());
      break;
    case Type::Bool:
      w.boolean(f.default_bool.value_or(false));
      break;
    case Type::Decimal:
      w.decimal(*Decimal::parse("1.0"));
      break;
    case Type::DateTime:
      w.string("2025-01-31T12:00:00Z");
      break;
    case Type::Guid:
      w.string("3fa85f64-5717-4562-b3fc-2c963f66afa6");
      break;
    case Type::String: {
      if (!f.allowed_text.empty()) {
        w.string(f.allowed_text.front());
        break;
      }
      std::string s(f.name);
      const int max = limit > 0 ? limit : f.max_length;
      if (max > 0 && s.size() > static_cast<size_t>(max)) s.resize(static_cast<size_t>(max));
      w.string(s);
      break;
    }
    case Type::Array: {
      w.begin_array();
      auto it = models.find(std::string(f.item_model));
      if (f.item_model == "string") w.string(f.name);
      else if (it != models.end() && depth < 2) made_up_example(w, *it->second, models, depth + 1);
      w.end_array();
      break;
    }
  }
}

void write_schema(json::Writer& w, const ModelSpec& m, const std::map<std::string, const ModelSpec*>& models) {
  w.key(m.name);
  w.begin_object_without_id();
  w.member("type", "object");
  if (!m.required.empty()) {
    w.key("required");
    w.begin_array();
    for (const auto& name : m.required) w.string(name);
    w.end_array();
  }
  w.key("properties");
  w.begin_object_without_id();
  for (const auto& f : m.fields) {
    if (f.role == Role::Scope) continue;  // never in JSON
    w.key(f.name);
    w.begin_object_without_id();
    Field shown = f;
    if (int limit = text_limit(m, f); limit > 0 && f.type == Type::String) shown.max_length = limit;
    schema_of_type(w, shown);
    if (f.nullable && f.type != Type::Array) w.member_bool("nullable", true);
    if (ignored_on_input(m, f)) w.member_bool("readOnly", true);
    if (!f.description.empty()) w.member("description", f.description);
    w.end_object();
  }
  w.end_object();
  w.key("example");
  // The registry's example is a body a POST accepts (description_errors has checked that it parses).
  auto given = m.example.empty() ? std::nullopt : std::optional(json::parse(m.example));
  if (given && given->ok()) write_value(w, **given);
  else made_up_example(w, m, models, 0);
  w.end_object();
}

// A member of a model the document makes up (culture models, IdNameCodeModel): what it shows, nothing more.
Field shown_member(std::string_view name, Type type, Role role, bool nullable, int max_length,
                   std::string_view description) {
  Field f = fields::member(name, type, role, nullable, description);
  f.max_length = max_length;
  return f;
}

// `names` owns the Is<Text>Inherited member names (a Field holds views); a deque keeps them in place.
ModelSpec culture_model(const Resource& r, std::deque<std::string>& names) {
  ModelSpec m{std::string(r.culture_model), {}, nullptr, {}, {"CultureCode"}};  // texts.cpp refuses an entry without
  m.fields.push_back(shown_member("CultureCode", Type::String, Role::Stored, true, 16, "Culture code, e.g. sv-SE."));
  for (const auto& t : r.texts) {
    const Role role = t.stored ? Role::Stored : Role::Derived;
    m.fields.push_back(
        shown_member(t.name, Type::String, role, true, t.max_length, "Own text in this culture; null when inherited."));
    // Read on input as a hint for stored texts (management/texts.cpp), ignored for computed ones.
    names.push_back("Is" + std::string(t.name) + "Inherited");
    m.fields.push_back(shown_member(names.back(), Type::Bool, role, false, 0, "True when the text is inherited."));
  }
  m.fields.push_back(shown_member("IsTranslated", Type::Bool, Role::Derived, false, 0, "True when any text is own."));
  return m;
}

}  // namespace

void write_model_schemas(json::Writer& w, const Catalog& catalog) {
  std::vector<ModelSpec> specs;
  std::deque<std::string> names;
  for (const Resource* r : catalog.all()) {
    ModelSpec m{std::string(r->model), r->fields, r, r->example, {}};
    for (const auto& f : r->fields)
      if (f.required && f.role != Role::Scope) m.required.emplace_back(f.name);
    specs.push_back(std::move(m));
    if (r->has_texts() && !r->culture_model.empty()) specs.push_back(culture_model(*r, names));
    for (const auto& nested : r->nested_models) {
      ModelSpec n{std::string(nested.name), nested.fields, nullptr, {}, {}};
      // input.cpp refuses an element without a non-nullable member the client writes: it names what it is about.
      for (const auto& f : nested.fields)
        if ((f.role == Role::Stored && !f.nullable) || f.required) n.required.emplace_back(f.name);
      specs.push_back(std::move(n));
    }
  }
  specs.push_back({"IdNameCodeModel",
                   {shown_member("Id", Type::Int, Role::Id, false, 0, "Id."),
                    shown_member("Name", Type::String, Role::Derived, true, 0, "Name."),
                    shown_member("Code", Type::String, Role::Derived, true, 0, "Code.")},
                   nullptr, {}, {"Id"}});
  std::map<std::string, const ModelSpec*> by_name;
  for (const auto& m : specs) by_name.emplace(m.name, &m);  // the first of a name: nested models may be shared
  std::set<std::string> written;
  for (const auto& m : specs)
    if (written.insert(m.name).second) write_schema(w, m, by_name);
}

}  // namespace norced::management::openapi
