// Shorthand for writing resource descriptions: one line per JSON member. Each Field is written out to its
// `column` (empty: the member's snake_case name), so -Wmissing-field-initializers has nothing to say.
#pragma once

#include "registry/model.hpp"

namespace norced::management::fields {

using registry::Field;
using registry::Role;
using registry::Type;

inline Field id(std::string_view desc) { return {"Id", Type::Int, Role::Id, false, 0, {}, {}, {}, {}, desc, {}, {}}; }
inline Field col(std::string_view name, Type t, bool nullable, std::string_view desc, int max_length = 0) {
  return {name, t, Role::Stored, nullable, max_length, {}, {}, {}, {}, desc, {}, {}};
}
inline Field one_of(std::string_view name, bool nullable, std::vector<int64_t> allowed, std::string_view desc) {
  return {name, Type::Int, Role::Stored, nullable, 0, {}, std::move(allowed), {}, {}, desc, {}, {}};
}
inline Field ref(std::string_view name, std::string_view resource, std::string_view desc) {
  return {name, Type::Int, Role::Stored, true, 0, {}, {}, resource, {}, desc, {}, {}};
}
inline Field flag(std::string_view name, bool default_value, std::string_view desc) {
  return {name, Type::Bool, Role::Stored, false, 0, {}, {}, {}, {}, desc, default_value, {}};
}
inline Field derived(std::string_view name, Type t, bool nullable, std::string_view desc) {
  return {name, t, Role::Derived, nullable, 0, {}, {}, {}, {}, desc, {}, {}};
}
inline Field custom(std::string_view name, Type t, bool nullable, std::string_view desc,
                    std::string_view item_model = {}) {
  return {name, t, Role::Custom, nullable, 0, {}, {}, {}, item_model, desc, {}, {}};
}
// The Name / DefaultName / IsNameInherited triple of a culture text slot.
inline Field text(std::string_view name, std::string_view slot, std::string_view desc) {
  return {name, Type::String, Role::Text, true, 0, slot, {}, {}, {}, desc, {}, {}};
}
inline Field default_text(std::string_view name, std::string_view slot, std::string_view desc) {
  return {name, Type::String, Role::DefaultText, true, 0, slot, {}, {}, {}, desc, {}, {}};
}
inline Field inherited(std::string_view name, std::string_view slot, std::string_view desc) {
  return {name, Type::Bool, Role::TextInherited, false, 0, slot, {}, {}, {}, desc, {}, {}};
}
// A link's Id: the system-wide id of what it links to, given by the client and kept in `column` (the row's
// own id stays internal). Unique within the link's scope.
inline Field key_id(std::string_view column, std::string_view desc) {
  Field f{"Id", Type::Int, Role::Stored, false, 0, {}, {}, {}, {}, desc, {}, column};
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
  return {"ApplicationId", Type::Int, Role::Scope, false, 0, {}, {}, {}, {}, "The application the row belongs to.", {}, {}};
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
  return {"Changed", Type::DateTime, Role::Audit, true, 0, {}, {}, {}, {}, "When it was last changed (UTC).", {}, {}};
}
inline Field changed_by() {
  return {"ChangedBy", Type::String, Role::Audit, true, 0, {}, {}, {}, {}, "Name of the account that last changed it.", {}, {}};
}
inline Field cultures(std::string_view item_model) {
  return {"Cultures", Type::Array, Role::Cultures, true, 0, {}, {}, {}, item_model,
          "Each culture of the client with its own texts.", {}, {}};
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
