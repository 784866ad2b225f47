#include "management/resources/metadata.hpp"

#include <unordered_map>

#include "management/resources/fields.hpp"
#include "management/texts.hpp"

namespace norced::management::metadata {

std::vector<registry::TextSlot> name_and_description_slots() { return {{"Name", 50, true}, {"Description", 500, true}}; }

registry::Resource resource(std::string_view name, std::string_view model, std::string_view culture_model,
                            std::string_view path, std::string_view table, std::string_view tag) {
  registry::Resource r;
  r.name = name;
  r.model = model;
  r.culture_model = culture_model;
  r.path = path;
  r.table = table;
  r.tag = tag;
  r.texts = name_and_description_slots();
  return r;
}

std::vector<registry::Field> name_and_description_inherited_first() {
  using namespace fields;
  return {text("Name", "Name", "Name in the application's culture."),
          inherited("IsNameInherited", "Name", "True when the name falls back to the default culture."),
          default_text("DefaultName", "Name", "Name in the default culture."),
          text("Description", "Description", "Description in the application's culture."),
          inherited("IsDescriptionInherited", "Description", "True when the description falls back."),
          default_text("DefaultDescription", "Description", "Description in the default culture.")};
}

void derive_referenced_name(RuleContext& ctx, std::vector<registry::Entity>& items, const registry::Resource& target,
                            const registry::FieldRef<int64_t>& ref, const registry::FieldRef<std::string>& name) {
  const int slot = target.text_index("Name");
  std::unordered_map<int64_t, std::optional<std::string>> names;
  for (auto& e : items) {
    auto id = ref.get(e);
    if (!id) continue;
    auto it = names.find(*id);
    if (it == names.end()) {
      std::optional<std::string> shown;
      if (auto row = ctx.tx.get(target, *id); row && slot >= 0)
        shown = effective_text(*row, ctx.culture(), ctx.default_culture(), slot);
      it = names.emplace(*id, std::move(shown)).first;
    }
    name.set(e, it->second);
  }
}

}  // namespace norced::management::metadata
