#include "management/resources/metadata.hpp"

#include <unordered_map>

#include "management/texts.hpp"

namespace norced::management::metadata {

std::vector<registry::TextSlot> name_and_description_slots() { return {{"Name", 50, true}, {"Description", 500, true}}; }

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
