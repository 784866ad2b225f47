#include "query/projection.hpp"

namespace norced::query {

registry::Projection projection(const EntitySet& set, const std::vector<const registry::Field*>& properties,
                                const std::vector<registry::OrderKey>& order, const std::vector<Expansion>& expand) {
  registry::Projection p;
  for (const registry::Field* f : properties) {
    if (const Lookup* l = set.lookup(f)) p.members.push_back(l->via->name);  // its Field is the other resource's
    else if (is_text(*f)) p.texts = true;
    else p.members.push_back(f->name);
  }
  for (const registry::OrderKey& k : order)
    if (k.field != registry::kRowId) p.members.push_back(k.field);  // the row id is always read
  // A collection's rows are found by the parent's id; a single-valued one by the parent's reference.
  for (const Expansion& x : expand)
    if (!x.navigation->collection) p.members.push_back(x.navigation->via->name);
  return p;
}

}  // namespace norced::query
