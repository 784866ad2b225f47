// Shorthand for writing resource descriptions: one line per JSON member.
#pragma once

#include "registry/model.hpp"

namespace norced::management::fields {

using registry::Field;
using registry::Role;
using registry::Type;

// Every other helper starts from this: a Field value-initialized (`Field f{}`) and then given its members by
// name, so a member added to registry::Field later keeps its default everywhere and no positional list needs
// updating (nor trips -Wmissing-field-initializers).
inline Field member(std::string_view name, Type type, Role role, bool nullable, std::string_view desc) {
  Field f{};
  f.name = name;
  f.type = type;
  f.role = role;
  f.nullable = nullable;
  f.description = desc;
  return f;
}

inline Field id(std::string_view desc) { return member("Id", Type::Int, Role::Id, false, desc); }
inline Field col(std::string_view name, Type t, bool nullable, std::string_view desc, int max_length = 0) {
  Field f = member(name, t, Role::Stored, nullable, desc);
  f.max_length = max_length;
  return f;
}
inline Field one_of(std::string_view name, bool nullable, std::vector<int64_t> allowed, std::string_view desc) {
  Field f = member(name, Type::Int, Role::Stored, nullable, desc);
  f.allowed = std::move(allowed);
  return f;
}
inline Field ref(std::string_view name, std::string_view resource, std::string_view desc) {
  Field f = member(name, Type::Int, Role::Stored, true, desc);
  f.references = resource;
  return f;
}
inline Field flag(std::string_view name, bool default_value, std::string_view desc) {
  Field f = member(name, Type::Bool, Role::Stored, false, desc);
  f.default_bool = default_value;
  return f;
}
inline Field derived(std::string_view name, Type t, bool nullable, std::string_view desc) {
  return member(name, t, Role::Derived, nullable, desc);
}
inline Field custom(std::string_view name, Type t, bool nullable, std::string_view desc,
                    std::string_view item_model = {}) {
  Field f = member(name, t, Role::Custom, nullable, desc);
  f.item_model = item_model;
  return f;
}
// A member showing a culture text slot: the text itself, its default-culture value, or whether it is inherited.
inline Field slot_member(std::string_view name, Type t, Role role, bool nullable, std::string_view slot,
                         std::string_view desc) {
  Field f = member(name, t, role, nullable, desc);
  f.text = slot;
  return f;
}
// The Name / DefaultName / IsNameInherited triple of a culture text slot.
inline Field text(std::string_view name, std::string_view slot, std::string_view desc) {
  return slot_member(name, Type::String, Role::Text, true, slot, desc);
}
inline Field default_text(std::string_view name, std::string_view slot, std::string_view desc) {
  return slot_member(name, Type::String, Role::DefaultText, true, slot, desc);
}
inline Field inherited(std::string_view name, std::string_view slot, std::string_view desc) {
  return slot_member(name, Type::Bool, Role::TextInherited, false, slot, desc);
}
// A link's Id: the system-wide id of what it links to, given by the client and kept in `column` (the row's
// own id stays internal). Unique within the link's scope.
inline Field key_id(std::string_view column, std::string_view desc) {
  Field f = member("Id", Type::Int, Role::Stored, false, desc);
  f.column = column;
  f.required = true;  // a link without the id of what it links to names nothing (its rules refuse 0)
  return f;
}
// A member a write must give (registry::Field::required).
inline Field required(Field f) {
  f.required = true;
  return f;
}
// The application a row belongs to: the caller's (application-id header); never in JSON.
inline Field application_scope() {
  return member("ApplicationId", Type::Int, Role::Scope, false, "The application the row belongs to.");
}
// The six members of the Name and Description culture texts, in Norce's order (the texts slots must be declared
// as "Name" and "Description").
inline std::vector<Field> name_and_description() {
  return {text("Name", "Name", "Name in the application's culture."),
          default_text("DefaultName", "Name", "Name in the default culture."),
          inherited("IsNameInherited", "Name", "True when the name falls back to the default culture."),
          text("Description", "Description", "Description in the application's culture."),
          default_text("DefaultDescription", "Description", "Description in the default culture."),
          inherited("IsDescriptionInherited", "Description", "True when the description falls back.")};
}
// Member lists joined in order, for a description that uses a shared group of members.
inline std::vector<Field> members(std::initializer_list<std::vector<Field>> parts) {
  std::vector<Field> out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}
inline Field is_active(std::string_view desc) { return flag("IsActive", true, desc); }
inline Field changed() {
  return member("Changed", Type::DateTime, Role::Audit, true, "When it was last changed (UTC).");
}
inline Field changed_by() {
  return member("ChangedBy", Type::String, Role::Audit, true, "Name of the account that last changed it.");
}
inline Field cultures(std::string_view item_model) {
  Field f = member("Cultures", Type::Array, Role::Cultures, true, "Each culture of the client with its own texts.");
  f.item_model = item_model;
  return f;
}

}  // namespace norced::management::fields

namespace norced::management::resources {

// The one description of a resource, built on first use: `const Resource& x() { return described<describe_x>(); }`.
template <registry::Resource (*Describe)()>
const registry::Resource& described() {
  static const registry::Resource r = Describe();
  return r;
}

}  // namespace norced::management::resources
