#include "query/render.hpp"

#include <cassert>

#include "management/render.hpp"
#include "management/texts.hpp"

namespace norced::query {

const registry::Cell* LookedUp::find(const registry::Field* f, int64_t id) const {
  for (const auto& [field, by_id] : values)
    if (field == f) {
      auto it = by_id.find(id);
      return it == by_id.end() ? nullptr : &it->second;
    }
  return nullptr;
}

void write_properties(json::Writer& w, const EntitySet& set, const std::vector<const registry::Field*>& properties,
                      const registry::Entity& e, const TextCultures* cultures, const LookedUp* looked) {
  const registry::Resource& r = *set.resource;
  for (const registry::Field* f : properties) {
    w.key(set.name_of(f));
    if (const Lookup* l = set.lookup(f)) {
      assert(looked);
      const auto* id = std::get_if<int64_t>(&e.cells[static_cast<size_t>(l->via - r.fields.data())]);
      const registry::Cell* value = id && looked ? looked->find(f, *id) : nullptr;
      if (value) management::render_cell(w, *value);
      else w.null();
      continue;
    }
    if (f->role == registry::Role::Id) {
      w.integer(e.id);
      continue;
    }
    if (is_text(*f)) {
      assert(cultures);
      auto text = management::effective_text(e, cultures->culture, cultures->default_culture, r.text_index(f->text));
      if (text) w.string(*text);
      else w.null();
      continue;
    }
    const auto index = static_cast<size_t>(f - r.fields.data());
    assert(index < r.fields.size());
    management::render_cell(w, e.cells[index]);
  }
}

void write_entity(json::Writer& w, const EntitySet& set, const std::vector<const registry::Field*>& properties,
                  const registry::Entity& e, const TextCultures* cultures, std::string_view context,
                  const LookedUp* looked) {
  w.begin_object_without_id();
  if (!context.empty()) w.member("@odata.context", context);
  write_properties(w, set, properties, e, cultures, looked);
  w.end_object();
}

}  // namespace norced::query
