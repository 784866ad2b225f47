// What the product and customer metadata groups (flags and flag groups, info types, relation types, families,
// file types, manufacturers, variant groups) share: their culture text slots and the derived name of the row a
// member references (a flag's GroupName).
#pragma once

#include <vector>

#include "management/rule_context.hpp"
#include "registry/field_ref.hpp"

namespace norced::management::metadata {

// The Name (at most 50 characters) and Description (at most 500) culture texts of most metadata models.
std::vector<registry::TextSlot> name_and_description_slots();

// A metadata resource's names (JSON, OpenAPI, SQL) with the Name and Description texts; the caller adds members,
// keys and operations.
registry::Resource resource(std::string_view name, std::string_view model, std::string_view culture_model,
                            std::string_view path, std::string_view table, std::string_view tag);

// The six Name and Description members in the order RelationTypeModel and ProductTypeModel give them: each text's
// Is<Text>Inherited before its Default<Text>.
std::vector<registry::Field> name_and_description_inherited_first();

// Derived rule: `name` shows the Name text, in the application's culture (falling back to the default one), of
// the `target` row that `ref` names. Each referenced row is read once per call.
void derive_referenced_name(RuleContext& ctx, std::vector<registry::Entity>& items, const registry::Resource& target,
                            const registry::FieldRef<int64_t>& ref, const registry::FieldRef<std::string>& name);

}  // namespace norced::management::metadata
