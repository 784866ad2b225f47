// Client settings that other resources refer to by id: the client's currencies (Settings ClientCurrency) and
// price list types (PriceList ClientPriceListType). Both are views of the client's reference data.
#include "management/resources/fields.hpp"
#include "management/resources/resources.hpp"
#include "management/rule_context.hpp"
#include "management/texts.hpp"

namespace norced::management::resources {

using namespace fields;
using registry::Cell;
using registry::Entity;
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
  r.rules.list_provider = [](RuleContext& ctx) {
    const Resource& self = client_currency();
    std::vector<Entity> out;
    for (const auto& c : ctx.ref.currencies) {
      Entity e = blank(self, c.id);
      e.cells[self.field_index("IsExchangeRateInherited")] = !c.exchange_rate.has_value();
      e.cells[self.field_index("ExchangeRate")] = c.exchange_rate ? Cell{*c.exchange_rate} : Cell{};
      e.cells[self.field_index("Code")] = c.code;
      e.cells[self.field_index("Name")] = c.name;
      e.cells[self.field_index("InheritedExchangeRate")] = c.inherited_exchange_rate;
      e.cells[self.field_index("Changed")] = Instant{c.changed};
      e.cells[self.field_index("ChangedBy")] = c.changed_by;
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
  r.rules.list_provider = [](RuleContext& ctx) {
    const Resource& self = client_price_list_type();
    std::vector<Entity> out;
    for (const auto& t : ctx.ref.price_list_types) {
      Entity e = blank(self, t.id);
      e.cells[self.field_index("Code")] = t.code;
      e.cells[self.field_index("SortOrder")] = t.sort_order;
      e.cells[self.field_index("Priority")] = t.priority;
      e.cells[self.field_index("IsActive")] = true;
      set_own_text(e, ctx.default_culture(), 0, t.name, 2);
      set_own_text(e, ctx.default_culture(), 1, t.description.empty() ? std::nullopt : std::optional(t.description), 2);
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
