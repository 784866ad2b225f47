// Client settings that other resources refer to by id: the client's currencies (Settings ClientCurrency) and
// price list types (PriceList ClientPriceListType). Both are views of the client's reference data, filled
// through FieldRef handles resolved when the description is built.
#include <memory>

#include "management/resources/fields.hpp"
#include "management/resources/resources.hpp"
#include "management/rule_context.hpp"
#include "management/texts.hpp"
#include "registry/field_ref.hpp"

namespace norced::management::resources {

using namespace fields;
using registry::Cell;
using registry::Entity;
using registry::FieldRef;
using registry::Instant;
using registry::Resource;

namespace {

Entity blank(const Resource& r, int64_t id) {
  Entity e;
  e.id = id;
  e.cells.resize(r.fields.size());
  return e;
}

Resource describe_currency() {
  Resource r;
  r.name = "ClientCurrency";
  r.model = "ClientCurrencyModel";
  r.path = "client/currency";
  r.tag = "Settings ClientCurrency";
  r.fields = {
      id("Currency id (the same in every client)."),
      derived("IsExchangeRateInherited", Type::Bool, false, "True when Norce's exchange rate is used."),
      derived("ExchangeRate", Type::Decimal, true, "The client's own rate against EUR; null = inherited."),
      derived("Code", Type::String, true, "ISO 4217 code."),
      derived("Name", Type::String, true, "Currency name."),
      derived("InheritedExchangeRate", Type::Decimal, false, "Norce's rate against EUR."),
      derived("Changed", Type::DateTime, true, "When it was last changed (UTC)."),
      derived("ChangedBy", Type::String, true, "Who changed it last."),
  };
  r.soft_delete = false;
  r.operations = registry::conventional(r.path, {registry::OpKind::List});
  // The members the provider fills, resolved once here.
  struct Members {
    FieldRef<bool> inherited;
    FieldRef<Decimal> rate;
    FieldRef<std::string> code, name;
    FieldRef<Decimal> inherited_rate;
    FieldRef<Instant> changed;
    FieldRef<std::string> changed_by;
  };
  auto m = std::make_shared<const Members>(Members{{r, "IsExchangeRateInherited"}, {r, "ExchangeRate"}, {r, "Code"},
                                                   {r, "Name"}, {r, "InheritedExchangeRate"}, {r, "Changed"},
                                                   {r, "ChangedBy"}});
  r.rules.list_provider = [m](RuleContext& ctx) {
    const Resource& self = client_currency();
    std::vector<Entity> out;
    for (const auto& c : ctx.ref.currencies) {
      Entity e = blank(self, c.id);
      m->inherited.set(e, !c.exchange_rate.has_value());
      m->rate.set(e, c.exchange_rate);
      m->code.set(e, c.code);
      m->name.set(e, c.name);
      m->inherited_rate.set(e, c.inherited_exchange_rate);
      m->changed.set(e, Instant{c.changed});
      m->changed_by.set(e, c.changed_by);
      out.push_back(std::move(e));
    }
    return out;
  };
  return r;
}

Resource describe_price_list_type() {
  Resource r;
  r.name = "ClientPriceListType";
  r.model = "ClientPriceListTypeModel";
  r.culture_model = "ClientPriceListTypeCultureModel";
  r.path = "pricing/clientpricelisttype";
  r.tag = "PriceList ClientPriceListType";
  r.texts = {{"Name", 50, true}, {"Description", 500, true}};
  r.fields = {
      id("Price list type id."),
      derived("Code", Type::String, true, "Type code."),
      text("Name", "Name", "Name in the application's culture."),
      default_text("DefaultName", "Name", "Name in the default culture."),
      inherited("IsNameInherited", "Name", "True when the name falls back to the default culture."),
      text("Description", "Description", "Description in the application's culture."),
      default_text("DefaultDescription", "Description", "Description in the default culture."),
      inherited("IsDescriptionInherited", "Description", "True when the description falls back."),
      derived("SortOrder", Type::Int, false, "Sort order."),
      derived("Priority", Type::Int, false, "Precedence when several types apply."),
      derived("IsActive", Type::Bool, false, "Active flag."),
      derived("Changed", Type::DateTime, true, "When it was last changed (UTC)."),
      derived("ChangedBy", Type::String, true, "Who changed it last."),
      cultures("ClientPriceListTypeCultureModel"),
  };
  r.soft_delete = false;
  r.operations = registry::conventional(r.path, {registry::OpKind::List});
  struct Members {
    FieldRef<std::string> code;
    FieldRef<int64_t> sort_order, priority;
    FieldRef<bool> is_active;
  };
  auto m = std::make_shared<const Members>(Members{{r, "Code"}, {r, "SortOrder"}, {r, "Priority"}, {r, "IsActive"}});
  const int name_slot = r.text_index("Name"), description_slot = r.text_index("Description");
  r.rules.list_provider = [m, name_slot, description_slot](RuleContext& ctx) {
    const Resource& self = client_price_list_type();
    std::vector<Entity> out;
    for (const auto& t : ctx.ref.price_list_types) {
      Entity e = blank(self, t.id);
      m->code.set(e, t.code);
      m->sort_order.set(e, t.sort_order);
      m->priority.set(e, t.priority);
      m->is_active.set(e, true);
      set_own_text(e, ctx.default_culture(), name_slot, t.name, self.texts.size());
      set_own_text(e, ctx.default_culture(), description_slot,
                   t.description.empty() ? std::nullopt : std::optional(t.description), self.texts.size());
      out.push_back(std::move(e));
    }
    return out;
  };
  return r;
}

}  // namespace

const Resource& client_currency() {
  static const Resource r = describe_currency();
  return r;
}

const Resource& client_price_list_type() {
  static const Resource r = describe_price_list_type();
  return r;
}

}  // namespace norced::management::resources
