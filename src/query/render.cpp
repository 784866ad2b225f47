#include "query/render.hpp"

#include <cassert>

#include "core/time.hpp"
#include "management/texts.hpp"

namespace norced::query {

void write_entity(json::Writer& w, const EntitySet& set, const std::vector<const registry::Field*>& properties,
                  const registry::Entity& e, const TextCultures* cultures, std::string_view context) {
  const registry::Resource& r = *set.resource;
  w.begin_object_without_id();
  if (!context.empty()) w.member("@odata.context", context);
  for (const registry::Field* f : properties) {
    w.key(f->name);
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
    std::visit(
        [&](const auto& x) {
          using T = std::decay_t<decltype(x)>;
          if constexpr (std::is_same_v<T, std::monostate>) w.null();
          else if constexpr (std::is_same_v<T, int64_t>) w.integer(x);
          else if constexpr (std::is_same_v<T, bool>) w.boolean(x);
          else if constexpr (std::is_same_v<T, std::string>) w.string(x);
          else if constexpr (std::is_same_v<T, Decimal>) w.decimal(x);
          else w.string(timeutil::format_iso8601(x.micros));
        },
        e.cells[index]);
  }
  w.end_object();
}

}  // namespace norced::query
