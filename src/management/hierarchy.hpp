// Rules shared by resources that form a tree through a parent member (Category.ParentId,
// PriceList.ParentPriceListId).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "management/rule_context.hpp"
#include "registry/model.hpp"

namespace norced::management {

// True when walking `parent_member` up from `start` reaches `id`, i.e. making `start` the parent of `id`
// would close a cycle. Stops at a root, at a missing parent, and after a bounded number of steps.
bool is_ancestor_or_self(RuleContext& ctx, const registry::Resource& r, std::string_view parent_member,
                         int64_t start, int64_t id);

// Whether making `parent` the parent of `id` (0 on insert) keeps every chain through `id` within
// ctx.max_hierarchy_depth levels: the chain above `parent`, `id` itself and its deepest descendant.
// Returns the message for the parent member when it does not. Assumes the cycle check passed.
std::optional<std::string> check_depth(RuleContext& ctx, const registry::Resource& r, std::string_view parent_member,
                                       int64_t parent, int64_t id);

}  // namespace norced::management
