// Writing entities as Norce JSON models, member order and names from the resource description.
#pragma once

#include "json/writer.hpp"
#include "management/rule_context.hpp"
#include "registry/model.hpp"

namespace norced::management {

void render_cell(json::Writer& w, const registry::Cell& c);
// One model object: its members in description order, texts in the application's culture.
void render_entity(RuleContext& ctx, const registry::Resource& r, const registry::Entity& e, json::Writer& w);

}  // namespace norced::management
