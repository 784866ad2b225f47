// PriceList (seed 004): price lists with their currency, type, optional parent and sales area, validity
// dates, and the list filters open / active / inactive with search and paging.
#include <unordered_map>

#include "management/hierarchy.hpp"
#include "core/ascii.hpp"
#include "management/resources/fields.hpp"
#include "management/resources/resources.hpp"
#include "management/rule_context.hpp"

namespace norced::management::resources {

using namespace fields;
using registry::Cell;
using registry::Entity;
using registry::Expr;
using registry::Instant;
using registry::ListQuery;
using registry::Resource;

namespace {

Resource describe();

const Resource& self() {
  static const Resource r = describe();
  return r;
}

int idx(std::string_view name) { return self().field_index(name); }

std::optional<int64_t> int_of(const Entity& e, std::string_view field) {
  if (auto* v = std::get_if<int64_t>(&e.cells[idx(field)])) return *v;
  return std::nullopt;
}

std::optional<timeutil::Micros> time_of(const Entity& e, std::string_view field) {
  if (auto* v = std::get_if<Instant>(&e.cells[idx(field)])) return v->micros;
  return std::nullopt;
}

std::string ids_of(const auto& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ", ") + std::to_string(i.id);
  return out;
}

// Rule: type, currency and sales area must be the client's.
void check_reference_data(RuleContext& ctx, const Entity& next, std::vector<FieldError>& errors) {
  auto type = int_of(next, "TypeId");
  if (!type || !ctx.ref.price_list_type(*type))
    errors.push_back({"TypeId", "Price list type " + std::to_string(type.value_or(0)) +
                                    " is not a type of this client; use one of: " + ids_of(ctx.ref.price_list_types) + "."});
  auto currency = int_of(next, "CurrencyId");
  if (!currency || !ctx.ref.currency(*currency))
    errors.push_back({"CurrencyId", "Currency " + std::to_string(currency.value_or(0)) +
                                        " is not a currency of this client; use one of: " + ids_of(ctx.ref.currencies) +
                                        " (GET /api/client/currency)."});
  if (auto area = int_of(next, "SalesAreaId"); area && !ctx.ref.sales_area(*area))
    errors.push_back({"SalesAreaId", "Sales area " + std::to_string(*area) + " is not a sales area of this client."});
}

// Rule: a price list ends after it starts.
void check_dates(const Entity& next, std::vector<FieldError>& errors) {
  auto start = time_of(next, "StartDate");
  auto end = time_of(next, "EndDate");
  if (start && end && *end < *start) errors.push_back({"EndDate", "EndDate is before StartDate."});
}

// Rule: a virtual price list computes its prices from a parent, so it needs one; and no list may be its own
// ancestor.
void check_parent(RuleContext& ctx, const Entity& next, std::vector<FieldError>& errors) {
  auto parent = int_of(next, "ParentPriceListId");
  if (std::get<bool>(next.cells[idx("IsVirtual")]) && !parent)
    errors.push_back({"ParentPriceListId", "A virtual price list needs a parent price list."});
  if (!parent || next.id == 0) return;
  if (is_ancestor_or_self(ctx, self(), "ParentPriceListId", *parent, next.id))
    errors.push_back({"ParentPriceListId", "Price list " + std::to_string(*parent) +
                                               " is this price list or inherits from it; that would make a cycle."});
}

void validate(RuleContext& ctx, const json::Value&, Entity& next, const Entity*, std::vector<FieldError>& errors) {
  check_reference_data(ctx, next, errors);
  check_dates(next, errors);
  check_parent(ctx, next, errors);
}

void derive(RuleContext& ctx, std::vector<Entity>& items) {
  std::unordered_map<int64_t, std::optional<std::string>> names;  // parent id -> name
  for (const auto& e : items) names.emplace(e.id, std::get_if<std::string>(&e.cells[idx("Name")])
                                                      ? std::optional(std::get<std::string>(e.cells[idx("Name")]))
                                                      : std::nullopt);
  const auto* app_area = ctx.ref.sales_area(ctx.app.sales_area_id);
  for (auto& e : items) {
    e.cells[idx("PriceListId")] = e.id;
    auto type = int_of(e, "TypeId");
    const auto* t = type ? ctx.ref.price_list_type(*type) : nullptr;
    e.cells[idx("TypeName")] = t ? Cell{t->name} : Cell{};
    auto currency = int_of(e, "CurrencyId");
    const auto* c = currency ? ctx.ref.currency(*currency) : nullptr;
    e.cells[idx("CurrencyCode")] = c ? Cell{c->code} : Cell{};
    e.cells[idx("CurrencyName")] = c ? Cell{c->name} : Cell{};
    auto area = int_of(e, "SalesAreaId");
    const auto* a = area ? ctx.ref.sales_area(*area) : nullptr;
    e.cells[idx("SalesAreaName")] = a ? Cell{a->name} : Cell{};
    e.cells[idx("SalesAreaIdIsInherited")] = !area.has_value();
    e.cells[idx("InheritedSalesAreaName")] = app_area ? Cell{app_area->name} : Cell{};
    if (auto parent = int_of(e, "ParentPriceListId")) {
      auto it = names.find(*parent);
      if (it == names.end()) {
        auto p = ctx.tx.get(self(), *parent);
        auto* n = p ? std::get_if<std::string>(&p->cells[idx("Name")]) : nullptr;
        it = names.emplace(*parent, n ? std::optional(*n) : std::nullopt).first;
      }
      e.cells[idx("ParentPriceListName")] = it->second ? Cell{*it->second} : Cell{};
    }
    auto start = time_of(e, "StartDate");
    auto end = time_of(e, "EndDate");
    e.cells[idx("IsNotStarted")] = start && *start > ctx.now;
    e.cells[idx("IsEnded")] = end && *end <= ctx.now;
    // These two flip with the clock: a cached response is true only until then.
    if (start && *start > ctx.now) ctx.valid_until(*start);
    if (end && *end > ctx.now) ctx.valid_until(*end);
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
  using enum registry::OpKind;
  r.operations = registry::conventional(r.path, {Get, Update, List, Insert});
  r.list_params = {
      {"filter", Type::String, "open: active and not ended; active: active and within its dates; inactive: inactive or ended.",
       {"open", "active", "inactive"}, "open"},
      {"search", Type::String, "Case-insensitive match on name or code.", {}, {}},
      {"page", Type::Int, "1-based page number; without it every match is returned.", {}, {}},
      {"pageSize", Type::Int, "Items per page (default 50, at most 1000); only used with page.", {}, {}},
  };
  r.rules.validate = validate;
  r.rules.derive = derive;
  r.rules.list_query = list_query;
  return r;
}

}  // namespace

const Resource& price_list() { return self(); }

}  // namespace norced::management::resources
