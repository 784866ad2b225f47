#include "registry/members.hpp"

#include <algorithm>

namespace norced::registry {

std::vector<std::string> model_members(const Resource& r) {
  std::vector<std::string> out;
  for (const Field& f : r.fields)
    if (f.role != Role::Scope) out.emplace_back(f.name);
  return out;
}

std::vector<std::string> culture_members(const Resource& r) {
  std::vector<std::string> out{"CultureCode"};
  for (const TextSlot& t : r.texts) {
    out.emplace_back(t.name);
    out.push_back("Is" + std::string(t.name) + "Inherited");
  }
  out.emplace_back("IsTranslated");
  return out;
}

std::vector<std::string> model_members(const Model& m) {
  std::vector<std::string> out;
  for (const Field& f : m.fields) out.emplace_back(f.name);
  return out;
}

const Model* element_model(const Resource& r, const Field& f) {
  if (f.type != Type::Array) return nullptr;
  for (const Model& m : r.nested_models)
    if (m.name == f.item_model) return &m;
  return nullptr;
}

QueryParams query_params(const Resource& r, const Operation& op) {
  QueryParams q;
  if (op.kind == OpKind::Custom) {
    q.checked = false;
    return q;
  }
  if (op.kind != OpKind::List) return q;
  for (const QueryParam& p : r.list_params) q.names.push_back(p.name);
  for (std::string_view paging : {"page", "pageSize"})
    if (std::find(q.names.begin(), q.names.end(), paging) == q.names.end()) q.names.push_back(paging);
  return q;
}

}  // namespace norced::registry
