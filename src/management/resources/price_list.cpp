// PriceList (seed 004): price lists with their currency, type, optional parent and sales area, validity
// dates, and the list filters open / active / inactive with search and paging. Rules reach members through
// FieldRef handles resolved when the description is built.
#include <memory>
#include <unordered_map>

#include "management/hierarchy.hpp"
#include "core/ascii.hpp"
#include "management/resources/fields.hpp"
#include "management/resources/resources.hpp"
#include "management/rule_context.hpp"
#include "management/rules.hpp"
#include "registry/field_ref.hpp"

namespace norced::management::resources {

using namespace fields;
using registry::Cell;
using registry::Entity;
using registry::Expr;
using registry::FieldRef;
using registry::Instant;
using registry::ListQuery;
using registry::Resource;

namespace {

Resource describe();

const Resource& self() {
  static const Resource r = describe();
  return r;
}

// The members the rules read and write, resolved once when the description is built.
struct Members {
  explicit Members(const Resource& r)
      : price_list_id(r, "PriceListId"), name(r, "Name"), type_id(r, "TypeId"), type_name(r, "TypeName"),
        start(r, "StartDate"), end(r, "EndDate"), currency_id(r, "CurrencyId"), currency_code(r, "CurrencyCode"),
        currency_name(r, "CurrencyName"), sales_area_id(r, "SalesAreaId"), sales_area_name(r, "SalesAreaName"),
        sales_area_inherited(r, "SalesAreaIdIsInherited"), inherited_sales_area_name(r, "InheritedSalesAreaName"),
        parent(r, "ParentPriceListId"), parent_name(r, "ParentPriceListName"), is_not_started(r, "IsNotStarted"),
        is_ended(r, "IsEnded"), is_virtual(r, "IsVirtual") {}
  FieldRef<int64_t> price_list_id;
  FieldRef<std::string> name;
  FieldRef<int64_t> type_id;
  FieldRef<std::string> type_name;
  FieldRef<Instant> start, end;
  FieldRef<int64_t> currency_id;
  FieldRef<std::string> currency_code, currency_name;
  FieldRef<int64_t> sales_area_id;
  FieldRef<std::string> sales_area_name;
  FieldRef<bool> sales_area_inherited;
  FieldRef<std::string> inherited_sales_area_name;
  FieldRef<int64_t> parent;
  FieldRef<std::string> parent_name;
  FieldRef<bool> is_not_started, is_ended, is_virtual;
};

std::string ids_of(const auto& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ", ") + std::to_string(i.id);
  return out;
}

// Rule: a list sent without a type (TypeId missing or 0) gets the client's standard type, the one with code
// STANDARD, as Norce does; the catalog does not mark TypeId as required.
void default_type(RuleContext& ctx, const Members& m, Entity& next) {
  if (m.type_id.get(next).value_or(0) != 0) return;
  for (const auto& t : ctx.ref.price_list_types)
    if (ascii::iequals(t.code, "STANDARD")) return m.type_id.set(next, t.id);
}

// Rule: type, currency and sales area must be the client's.
void check_reference_data(RuleContext& ctx, const Members& m, const Entity& next, std::vector<FieldError>& errors) {
  auto type = m.type_id.get(next);
  if (!type || !ctx.ref.price_list_type(*type))
    errors.push_back({"TypeId", "Price list type " + std::to_string(type.value_or(0)) +
                                    " is not a type of this client; use one of: " + ids_of(ctx.ref.price_list_types) + "."});
  auto currency = m.currency_id.get(next);
  if (!currency || !ctx.ref.currency(*currency))
    errors.push_back({"CurrencyId", "Currency " + std::to_string(currency.value_or(0)) +
                                        " is not a currency of this client; use one of: " + ids_of(ctx.ref.currencies) +
                                        " (GET /api/client/currency)."});
  if (auto area = m.sales_area_id.get(next); area && !ctx.ref.sales_area(*area))
    errors.push_back({"SalesAreaId", "Sales area " + std::to_string(*area) + " is not a sales area of this client."});
}

// Rule: a price list ends after it starts.
void check_dates(const Members& m, const Entity& next, std::vector<FieldError>& errors) {
  auto start = m.start.get(next);
  auto end = m.end.get(next);
  if (start && end && end->micros < start->micros) errors.push_back({"EndDate", "EndDate is before StartDate."});
}

// Rule: a virtual price list computes its prices from a parent, so it needs one; no list may be its own
// ancestor; and parent chains stay within the configured depth.
void check_parent(RuleContext& ctx, const Members& m, const Entity& next, const Entity* current,
                  std::vector<FieldError>& errors) {
  auto parent = m.parent.get(next);
  if (m.is_virtual.get(next).value_or(false) && !parent)
    errors.push_back({"ParentPriceListId", "A virtual price list needs a parent price list."});
  if (!parent) return;
  if (next.id != 0 && is_ancestor_or_self(ctx, self(), self().tree_parent, *parent, next.id)) {
    errors.push_back({"ParentPriceListId", "Price list " + std::to_string(*parent) +
                                               " is this price list or inherits from it; that would make a cycle."});
    return;
  }
  if (current && m.parent.get(*current) == parent) return;  // the chain does not change
  if (auto msg = check_depth(ctx, self(), self().tree_parent, *parent, next.id))
    errors.push_back({"ParentPriceListId", *msg});
}

void validate(RuleContext& ctx, const Members& m, Entity& next, const Entity* current,
              std::vector<FieldError>& errors) {
  default_type(ctx, m, next);
  check_reference_data(ctx, m, next, errors);
  check_dates(m, next, errors);
  check_parent(ctx, m, next, current, errors);
}

void derive(RuleContext& ctx, const Members& m, std::vector<Entity>& items) {
  std::unordered_map<int64_t, std::optional<std::string>> names;  // parent id -> name
  for (const auto& e : items) names.emplace(e.id, m.name.get(e));
  const auto* app_area = ctx.ref.sales_area(ctx.app.sales_area_id);
  for (auto& e : items) {
    m.price_list_id.set(e, e.id);
    auto type = m.type_id.get(e);
    const auto* t = type ? ctx.ref.price_list_type(*type) : nullptr;
    m.type_name.set(e, t ? std::optional(t->name) : std::nullopt);
    auto currency = m.currency_id.get(e);
    const auto* c = currency ? ctx.ref.currency(*currency) : nullptr;
    m.currency_code.set(e, c ? std::optional(c->code) : std::nullopt);
    m.currency_name.set(e, c ? std::optional(c->name) : std::nullopt);
    auto area = m.sales_area_id.get(e);
    const auto* a = area ? ctx.ref.sales_area(*area) : nullptr;
    m.sales_area_name.set(e, a ? std::optional(a->name) : std::nullopt);
    m.sales_area_inherited.set(e, !area.has_value());
    m.inherited_sales_area_name.set(e, app_area ? std::optional(app_area->name) : std::nullopt);
    if (auto parent = m.parent.get(e)) {
      auto it = names.find(*parent);
      if (it == names.end()) {
        auto p = ctx.tx.get(self(), *parent);
        it = names.emplace(*parent, p ? m.name.get(*p) : std::nullopt).first;
      }
      m.parent_name.set(e, it->second);
    }
    auto start = m.start.get(e);
    auto end = m.end.get(e);
    m.is_not_started.set(e, start && start->micros > ctx.now);
    m.is_ended.set(e, end && end->micros <= ctx.now);
    // These two flip with the clock: a cached response is true only until then.
    if (start && start->micros > ctx.now) ctx.valid_until(start->micros);
    if (end && end->micros > ctx.now) ctx.valid_until(end->micros);
  }
}

// filter: open (default) = active and not ended; active = active and within its dates; inactive = inactive
// or ended. search: name or code contains the text, ignoring case.
Result<ListQuery> list_query(RuleContext& ctx, const registry::ListParams& params) {
  const Cell now = Instant{ctx.now};
  auto not_ended = Expr::any_of({Expr::null_check(true, "EndDate"), Expr::cmp(Expr::Op::Gt, "EndDate", now)});
  std::string filter = "open";
  if (const std::string* f = params.find("filter"); f && !f->empty()) filter = ascii::to_lower(*f);
  ListQuery q;
  if (filter == "open") {
    q.where = Expr::all_of({Expr::cmp(Expr::Op::Eq, "IsActive", true), not_ended});
  } else if (filter == "active") {
    q.where = Expr::all_of({Expr::cmp(Expr::Op::Eq, "IsActive", true),
                            Expr::any_of({Expr::null_check(true, "StartDate"), Expr::cmp(Expr::Op::Le, "StartDate", now)}),
                            not_ended});
  } else if (filter == "inactive") {
    q.where = Expr::any_of({Expr::cmp(Expr::Op::Eq, "IsActive", false),
                            Expr::all_of({Expr::null_check(false, "EndDate"), Expr::cmp(Expr::Op::Le, "EndDate", now)})});
  } else {
    return Problem::validation("filter", "'" + *params.find("filter") + "' is not a filter; use open, active or inactive.");
  }
  if (const std::string* s = params.find("search"); s && !s->empty())
    q.where = Expr::all_of({std::move(q.where), Expr::contains_folded({"Name", "Code"}, *s)});
  // Which lists match changes when any list of the client starts or ends, not only the ones shown now.
  if (ctx.caching()) {
    if (auto next = ctx.tx.next_instant(self(), {"StartDate", "EndDate"}, ctx.now))
      ctx.valid_until(*next);
  }
  return q;
}

Resource describe() {
  Resource r;
  r.name = "PriceList";
  r.model = "PriceListModel";
  r.path = "pricing/pricelist";
  r.table = "price_list";
  r.tag = "PriceList";
  r.fields = {
      id("Price list id."),
      derived("PriceListId", Type::Int, false, "Price list identifier (the same as Id)."),
      col("Name", Type::String, true, "Name of the price list.", 50),
      col("Description", Type::String, true, "Description."),
      col("Code", Type::String, true, "Agreement code; identifies the list in imports. Unique per client.", 50),
      col("ImageKey", Type::Guid, true, "Image key; rarely used."),
      col("ImageUrl", Type::String, true, "Image URL path; deprecated.", 255),
      col("TypeId", Type::Int, false, "Price list type (GET /api/pricing/clientpricelisttype)."),
      derived("TypeName", Type::String, true, "Name of the price list type."),
      derived("PriceRuleName", Type::String, true, "Name of the default price rule."),
      col("StartDate", Type::DateTime, true, "When the list starts to apply (UTC); null = always started."),
      col("EndDate", Type::DateTime, true, "When the list stops applying (UTC); null = never ends."),
      col("CurrencyId", Type::Int, false, "Currency of the list (GET /api/client/currency)."),
      derived("CurrencyCode", Type::String, true, "ISO code of the currency."),
      derived("CurrencyName", Type::String, true, "Name of the currency."),
      col("SalesAreaId", Type::Int, true, "Sales area; null = the application's sales area applies."),
      derived("SalesAreaName", Type::String, true, "Name of the list's own sales area."),
      derived("SalesAreaIdIsInherited", Type::Bool, false, "True when the list has no sales area of its own."),
      derived("InheritedSalesAreaName", Type::String, true, "Name of the application's sales area."),
      col("DefaultPriceRuleId", Type::Int, true, "Default price rule."),
      col("DefaultPriceRuleValue", Type::Decimal, true, "Value used with the default price rule."),
      col("DefaultSupplementChargePercentage", Type::Decimal, false, "Default supplement charge, percent."),
      col("DefaultSupplementCharge", Type::Decimal, true, "Default supplement charge, amount."),
      col("DefaultMinimumProductMarginPercentage", Type::Decimal, true, "Default minimum product margin, percent."),
      col("DefaultLimitToPriceRecommended", Type::Bool, true, "Cap prices at the recommended price."),
      col("InheritStructureCalculationRule", Type::Int, false, "How structure calculation settings are inherited."),
      ref("ParentPriceListId", "PriceList", "Parent list to inherit from."),
      derived("ParentPriceListName", Type::String, true, "Name of the parent list."),
      col("PopulationRuleId", Type::Int, false, "Population rule that fills the list with products."),
      derived("PopulationRuleName", Type::String, true, "Name of the population rule."),
      col("ChosenWarehouseId", Type::Int, true, "Main warehouse for stock checks."),
      col("ChosenLocationId", Type::Int, true, "Main stock location; receives reservations."),
      flag("IsPrimary", false, "Primary price list of the application."),
      flag("IsPublic", false, "Prices are publicly available from the application."),
      derived("IsNotStarted", Type::Bool, false, "True while StartDate is in the future."),
      derived("IsEnded", Type::Bool, false, "True once EndDate has passed."),
      flag("IsVirtual", false, "Computed from a parent list on the fly; needs ParentPriceListId."),
      col("IsLimitedToStock", Type::Bool, true, "Limit to items in stock (not functional in Norce)."),
      flag("IsFavorite", false, "Favorite in the admin UI."),
      is_active("Active flag; an active list may still be not started or ended."),
      changed(),
      changed_by(),
  };
  r.unique = {"Code"};
  r.soft_delete = true;
  r.tree_parent = "ParentPriceListId";
  using enum registry::OpKind;
  r.operations = registry::conventional(r.path, {Get, Update, List, Insert});
  r.list_params = {
      {"filter", Type::String, "open: active and not ended; active: active and within its dates; inactive: inactive or ended.",
       {"open", "active", "inactive"}, "open"},
      {"search", Type::String, "Case-insensitive match on name or code.", {}, {}},
      {"page", Type::Int, "1-based page number; without it every match is returned.", {}, {}},
      {"pageSize", Type::Int, "Items per page (default 50, at most 1000); without page, the first page.", {}, {}},
  };
  auto m = std::make_shared<const Members>(r);
  rules_for(r).validate = [m](RuleContext& ctx, const json::Value&, Entity& next, const Entity* current,
                         std::vector<FieldError>& errors) { validate(ctx, *m, next, current, errors); };
  rules_for(r).derive = [m](RuleContext& ctx, std::vector<Entity>& items) { derive(ctx, *m, items); };
  rules_for(r).list_query = list_query;
  // Type 1 (STANDARD), currency 1 (SEK) and sales area 1 (Sweden) are in every client's reference data.
  r.example = R"({"Code":"SEK-RETAIL","Name":"Retail SEK","Description":"Consumer prices in Sweden.","TypeId":1,)"
              R"("CurrencyId":1,"SalesAreaId":1,"StartDate":"2025-01-01T00:00:00Z","EndDate":null,)"
              R"("DefaultSupplementChargePercentage":0,"InheritStructureCalculationRule":0,"PopulationRuleId":0,)"
              R"("IsPrimary":false,"IsPublic":true,"IsVirtual":false,"IsActive":true})";
  return r;
}

}  // namespace

const Resource& price_list() { return self(); }

}  // namespace norced::management::resources
