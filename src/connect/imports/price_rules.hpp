// The price rules of an ImportPriceLists item (PriceList.PriceRules, PriceListField 18–20) as rows of
// PriceListPriceRule: decoded and resolved before anything of the item is written, then written to its list.
// A rule is matched by its target (manufacturer, category, flags, cost band; management/resources/
// price_rules.cpp); the members PriceListPriceRuleFieldsThatAreSet lists are its data.
#pragma once

#include <string>
#include <variant>
#include <vector>

#include "connect/imports/support.hpp"

namespace norced::connect::price_rules {

// One rule of the item, ready to write.
struct RuleIn {
  std::string path;          // "PriceRules[n]", for messages
  imports::Patch target;     // TargetKey, ManufacturerId, CategoryId, MinValue, MaxValue
  std::vector<int64_t> flags;
  imports::Patch data;       // the listed members
};

struct Rules {
  bool given = false;    // the header lists PriceRules, PriceRulesCleanup or PriceRulesLimitedUpdate
  bool cleanup = false;  // PriceRulesCleanup: the list keeps only the rules the item sends
  std::vector<RuleIn> rules;
};

// The item's rules, or "<member>: <why>" for the first that cannot be imported (an unknown manufacturer,
// category or flag code, a bad value, two rules with one target).
std::variant<Rules, std::string> decode(ImportContext& ctx, const json::Value& item);

// Why `rules` cannot be written to the list `list_id` (none yet: a new list), if they cannot: a new rule needs a
// Type. Checked before any of the item is written.
std::optional<std::string> check(ImportContext& ctx, std::optional<int64_t> list_id, const Rules& rules);

// Writes `rules` to the list `list_id`: each updated by target or created (a new rule needs a Type), and with
// cleanup the list's other rules removed. Counted as inserts and updates.
Status write(ImportContext& ctx, int64_t list_id, const Rules& rules);

}  // namespace norced::connect::price_rules
