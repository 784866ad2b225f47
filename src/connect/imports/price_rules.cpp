#include "connect/imports/price_rules.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "management/resources/resources.hpp"
#include "management/save.hpp"
#include "registry/field_ref.hpp"

namespace norced::connect::price_rules {

namespace {

using imports::ListedMember;
using registry::Cell;
using registry::Entity;
using registry::Expr;
namespace res = management::resources;

constexpr std::string_view kList = "PriceListFieldsThatAreSet";
constexpr std::string_view kRuleList = "PriceListPriceRuleFieldsThatAreSet";
constexpr int kPriceRules = 18, kPriceRulesCleanup = 19, kPriceRulesLimitedUpdate = 20;

const ListedMember kMembers[] = {
    {0, "Type", "Type"},
    {1, "Value", "Value"},
    {2, "LimitToRecPrice", "LimitToRecPrice"},
    {3, "SupplementalChargeFixed", "SupplementalChargeFixed"},
    {4, "SupplementalChargePercent", "SupplementalChargePercent"},
};

// A decimal as the key writes it: no trailing zeros, so 10, 10.0 and 10.00 are one band.
std::string key_decimal(const Cell& c) {
  if (registry::is_null(c)) return "";
  std::string s = std::get<Decimal>(c).to_string();
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  return s;
}

std::string key_id(const Cell& c) { return registry::is_null(c) ? "" : std::to_string(std::get<int64_t>(c)); }

// A code member of the rule resolved to the id of a row of `r`: null when absent, null or empty.
std::optional<std::string> resolve(ImportContext& ctx, const json::Value& rule, std::string_view member,
                                   const registry::Resource& r, std::string_view what, Cell& out) {
  const json::Value* v = rule.find(member);
  if (!v || v->is_null() || (v->kind() == json::Kind::String && v->as_string().empty())) return std::nullopt;
  if (v->kind() != json::Kind::String) return std::string(member) + ": Expected a string.";
  auto id = ctx.tx.find_unique(r, "Code", v->as_string());
  if (!id) return std::string(member) + ": there is no " + std::string(what) + " with code '" + v->as_string() + "'.";
  out = *id;
  return std::nullopt;
}

std::variant<RuleIn, std::string> decode_rule(ImportContext& ctx, const json::Value& rule, const std::string& path) {
  const auto& r = res::price_list_price_rule();
  if (rule.kind() != json::Kind::Object) return path + ": Expected a PriceListPriceRule object.";
  RuleIn in{path, {}, {}, {}};
  Cell manufacturer, category, min, max;
  if (auto bad = resolve(ctx, rule, "ManufacturerCode", res::manufacturer(), "manufacturer", manufacturer))
    return path + "." + *bad;
  if (auto bad = resolve(ctx, rule, "CategoryCode", res::category(), "category", category)) return path + "." + *bad;
  for (auto [member, cell] : {std::pair{"MinValue", &min}, std::pair{"MaxValue", &max}})
    if (const json::Value* v = rule.find(member); v && !v->is_null())
      if (auto bad = imports::decode_member(r, member, *v, *cell)) return path + "." + member + ": " + *bad;
  if (const json::Value* flags = rule.find("Flags"); flags && !flags->is_null()) {
    if (flags->kind() != json::Kind::Array) return path + ".Flags: Expected an array of flag codes.";
    for (const auto& f : flags->items()) {
      if (f.kind() != json::Kind::String) return path + ".Flags: Expected an array of flag codes.";
      auto id = ctx.tx.find_unique(res::product_flag(), "Code", f.as_string());
      if (!id) return path + ".Flags: there is no product flag with code '" + f.as_string() + "'.";
      in.flags.push_back(*id);
    }
    std::sort(in.flags.begin(), in.flags.end());
    in.flags.erase(std::unique(in.flags.begin(), in.flags.end()), in.flags.end());
  }
  std::string flags;
  for (int64_t f : in.flags) flags += (flags.empty() ? "" : ",") + std::to_string(f);
  in.target.set(r, "TargetKey", "manufacturer=" + key_id(manufacturer) + ";category=" + key_id(category) +
                                    ";flags=" + flags + ";min=" + key_decimal(min) + ";max=" + key_decimal(max));
  in.target.set(r, "ManufacturerId", manufacturer);
  in.target.set(r, "CategoryId", category);
  in.target.set(r, "MinValue", min);
  in.target.set(r, "MaxValue", max);
  if (auto bad = imports::decode_listed(r, rule, ctx.header.list(kRuleList), kMembers, in.data))
    return path + "." + *bad;
  return in;
}

const Cell& target_key(const imports::Patch& p) {
  static const size_t at = static_cast<size_t>(res::price_list_price_rule().field_index("TargetKey"));
  for (const auto& [i, c] : p.cells)
    if (i == at) return c;
  static const Cell none;
  return none;
}

// The list's stored rules by target.
std::map<std::string, Entity> stored_rules(ImportContext& ctx, int64_t list_id) {
  const auto& r = res::price_list_price_rule();
  static const registry::FieldRef<std::string> key{r, "TargetKey"};
  registry::ListQuery q;
  q.where = Expr::cmp(Expr::Op::Eq, "PriceListId", list_id);
  std::map<std::string, Entity> stored;
  for (auto& e : ctx.tx.list(r, q)) stored.emplace(key.get(e).value_or(""), std::move(e));
  return stored;
}

}  // namespace

std::optional<std::string> check(ImportContext& ctx, std::optional<int64_t> list_id, const Rules& rules) {
  if (!rules.given || rules.rules.empty()) return std::nullopt;
  std::map<std::string, Entity> stored;
  if (list_id) stored = stored_rules(ctx, *list_id);
  for (const auto& in : rules.rules)
    if (!in.data.has(res::price_list_price_rule(), "Type") &&
        !stored.contains(std::get<std::string>(target_key(in.target))))
      return in.path + ".Type: a new price rule needs a Type; list Type (0) in " + std::string(kRuleList) + ".";
  return std::nullopt;
}

std::variant<Rules, std::string> decode(ImportContext& ctx, const json::Value& item) {
  Rules out;
  // PriceRulesLimitedUpdate writes as PriceRules does: nothing records which values were changed by hand.
  out.given = ctx.header.has(kList, kPriceRules) || ctx.header.has(kList, kPriceRulesCleanup) ||
              ctx.header.has(kList, kPriceRulesLimitedUpdate);
  out.cleanup = ctx.header.has(kList, kPriceRulesCleanup);
  if (!out.given) return out;
  const json::Value* rules = item.find("PriceRules");
  if (!rules || rules->is_null()) return out;
  if (rules->kind() != json::Kind::Array) return std::string("PriceRules: Expected an array of PriceListPriceRule.");
  std::set<std::string> targets;
  for (size_t i = 0; i < rules->items().size(); ++i) {
    auto rule = decode_rule(ctx, rules->items()[i], "PriceRules[" + std::to_string(i) + "]");
    if (auto* bad = std::get_if<std::string>(&rule)) return std::move(*bad);
    auto& in = std::get<RuleIn>(rule);
    if (!targets.insert(std::get<std::string>(target_key(in.target))).second)
      return in.path + ": another rule of the item has the same target (manufacturer, category, flags, MinValue, "
                       "MaxValue).";
    out.rules.push_back(std::move(in));
  }
  return out;
}

Status write(ImportContext& ctx, int64_t list_id, const Rules& rules) {
  const auto& r = res::price_list_price_rule();
  if (!rules.given) return ok_status();
  const std::map<std::string, Entity> stored = stored_rules(ctx, list_id);
  std::set<std::string> sent;
  for (const auto& in : rules.rules) {
    const std::string& target = std::get<std::string>(target_key(in.target));
    sent.insert(target);
    std::optional<Entity> current;
    if (auto it = stored.find(target); it != stored.end()) current = it->second;
    imports::Patch init = in.target;
    init.set(r, "PriceListId", list_id);
    std::optional<Entity> next = current;
    if (!next) next = imports::new_entity(r);
    bool changed = init.apply_to(*next);
    changed |= in.data.apply_to(*next);
    std::vector<std::vector<int64_t>> flags;
    for (int64_t f : in.flags) flags.push_back({f});
    if (next->collections[0] != flags) {
      next->collections[0] = std::move(flags);
      changed = true;
    }
    if (current && !changed) continue;
    if (auto row = imports::write_row(ctx, r, std::move(*next), current ? &*current : nullptr); !row)
      return Problem::validation(in.path, imports::problem_text(row.problem()));
  }
  if (!rules.cleanup) return ok_status();
  for (const auto& [target, row] : stored) {
    if (sent.contains(target)) continue;
    if (auto gone = management::save(ctx.rules, r, row, &row, management::SaveKind::Remove); !gone)
      return gone.take_problem();
    ++ctx.outcome.updates;
  }
  return ok_status();
}

}  // namespace norced::connect::price_rules
