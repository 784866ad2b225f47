#include "registry/model.hpp"
#include "registry/catalog.hpp"
#include "core/ascii.hpp"

#include <cctype>

#include "json/value.hpp"

namespace norced::registry {

const std::string* ListParams::find(std::string_view name) const {
  for (const auto& [k, v] : values)
    if (ascii::iequals(k, name)) return &v;
  return nullptr;
}

CultureTexts* Entity::texts_of(std::string_view culture) {
  for (auto& t : cultures)
    if (t.culture == culture) return &t;
  return nullptr;
}

const CultureTexts* Entity::texts_of(std::string_view culture) const {
  for (const auto& t : cultures)
    if (t.culture == culture) return &t;
  return nullptr;
}

int Resource::field_index(std::string_view n) const {
  for (size_t i = 0; i < fields.size(); ++i)
    if (fields[i].name == n) return static_cast<int>(i);
  return -1;
}

const Field* Resource::field(std::string_view n) const {
  int i = field_index(n);
  return i < 0 ? nullptr : &fields[i];
}

int Resource::text_index(std::string_view n) const {
  for (size_t i = 0; i < texts.size(); ++i)
    if (texts[i].name == n) return static_cast<int>(i);
  return -1;
}

std::vector<int> Resource::scope_fields() const {
  std::vector<int> out;
  for (size_t i = 0; i < fields.size(); ++i)
    if (fields[i].role == Role::Scope) out.push_back(static_cast<int>(i));
  return out;
}

std::vector<int> Resource::unique_scope_fields() const {
  std::vector<int> out = scope_fields();
  for (auto name : unique_within) out.push_back(field_index(name));
  return out;
}

const Operation* Resource::find_operation(OpKind kind) const {
  for (const auto& op : operations)
    if (op.kind == kind) return &op;
  return nullptr;
}

std::vector<std::string> description_errors(const Resource& r) {
  std::vector<std::string> out;
  const std::string where = std::string(r.name) + ": ";
  for (const auto& op : r.operations)
    for (const auto& p : op.params)
      if (!r.field(p.member))
        out.push_back(where + "path parameter {" + p.name + "} of " + op.path + " binds to no member " + p.member);
  for (auto w : r.unique_within)
    if (const Field* f = r.field(w); !f || f->role != Role::Stored || f->type != Type::Int)
      out.push_back(where + "unique_within " + std::string(w) + " is not a stored integer member");
  for (auto u : r.unique)
    if (const Field* f = r.field(u); !f || f->role != Role::Stored || (f->type != Type::String && f->type != Type::Int))
      out.push_back(where + "unique key " + std::string(u) + " is not a stored string or integer member");
  for (const auto& f : r.fields) {
    if (!f.text.empty() && r.text_index(f.text) < 0)
      out.push_back(where + std::string(f.name) + " shows an unknown text slot " + std::string(f.text));
  }
  // The example is documentation and the seed of the generated tests: it must be an object of the model's own
  // members, or both would silently describe something the server does not read.
  if (!r.example.empty()) {
    auto parsed = json::parse(r.example);
    if (!parsed || parsed->kind() != json::Kind::Object) {
      out.push_back(where + "the example is not a JSON object");
    } else {
      for (const auto& m : parsed->members())
        if (const Field* f = r.field(m.key); !f || f->role == Role::Scope)
          out.push_back(where + "the example names " + m.key + ", which is not a member of " + std::string(r.model));
    }
  }
  for (const auto& [member, body] : r.example_references) {
    const Field* f = r.field(member);
    auto parsed = json::parse(body);
    if (!f || f->references.empty())
      out.push_back(where + "example_references names " + std::string(member) + ", which references nothing");
    else if (!parsed || parsed->kind() != json::Kind::Object)
      out.push_back(where + "the example row of " + std::string(member) + " is not a JSON object");
  }
  return out;
}

bool read_only(const Resource& r, const Field& f) {
  switch (f.role) {
    case Role::Id:
    case Role::Audit:
    case Role::Derived:
    case Role::Scope:
      return true;
    case Role::Text:
    case Role::DefaultText:
    case Role::TextInherited: {
      const int slot = r.text_index(f.text);
      return slot < 0 || !r.texts[slot].stored;
    }
    case Role::Stored:
    case Role::Cultures:
    case Role::Custom:
      return false;
  }
  return true;
}

std::string column_of(const Field& f) { return f.column.empty() ? column_name(f.name) : std::string(f.column); }

std::string column_of(const Resource& r, std::string_view member) {
  const Field* f = r.field(member);
  return f ? column_of(*f) : column_name(member);
}

std::string column_name(std::string_view name) {
  std::string out;
  for (size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    if (std::isupper(static_cast<unsigned char>(c))) {
      bool prev_lower = i > 0 && std::islower(static_cast<unsigned char>(name[i - 1]));
      bool next_lower = i + 1 < name.size() && std::islower(static_cast<unsigned char>(name[i + 1]));
      bool prev_upper = i > 0 && std::isupper(static_cast<unsigned char>(name[i - 1]));
      if (i > 0 && (prev_lower || (prev_upper && next_lower))) out += '_';
      out += ascii::lower(c);
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace norced::registry
