// Settings of the client (catalog part A): the currencies, sales areas and price-list types enabled for the
// client, and its assortments. The first three are links to system-wide things (the same currency, sales area
// or type id in every client), kept in the client's reference data, which every resource's rules read; a change
// retires that cached data through the change log (feeds_reference_data).
#include "management/resources/fields.hpp"
#include "management/resources/links.hpp"
#include "management/resources/resources.hpp"
#include "management/rule_context.hpp"
#include "management/rules.hpp"
#include "registry/field_ref.hpp"
#include "json/value.hpp"
#include "json/writer.hpp"

namespace norced::management::resources {

using namespace fields;
using registry::Entity;
using registry::FieldRef;
using registry::OpKind;
using registry::Resource;

namespace {

// Rule: a link names a system-wide thing that exists.
void check_system_id(bool exists, std::string_view noun, int64_t id, std::vector<FieldError>& errors) {
  if (!exists) errors.push_back({"Id", "There is no " + std::string(noun) + " with id " + std::to_string(id) + "."});
}

// --- ClientCurrency ---------------------------------------------------------------------------------------

const Decimal& max_exchange_rate() {
  static const Decimal d = *Decimal::parse("999999999");
  return d;
}

Resource describe_currency() {
  Resource r;
  r.name = "ClientCurrency";
  r.model = "ClientCurrencyModel";
  r.path = "client/currency";
  r.table = "client_currency";
  r.tag = "Settings ClientCurrency";
  r.fields = {
      key_id("currency_id", "Currency id (the same in every client)."),
      custom("IsExchangeRateInherited", Type::Bool, false,
             "True when Norce's exchange rate is used; true on a write clears the client's own rate."),
      col("ExchangeRate", Type::Decimal, true, "The client's own rate against EUR (0..999999999); null = inherited."),
      derived("Code", Type::String, true, "ISO 4217 code."),
      derived("Name", Type::String, true, "Currency name."),
      required(derived("InheritedExchangeRate", Type::Decimal, false, "Norce's rate against EUR.")),  // catalog
      changed(),
      changed_by(),
  };
  r.soft_delete = false;
  r.feeds_reference_data = true;
  r.unique = {"Id"};
  r.operations = registry::conventional(r.path, {OpKind::Get, OpKind::Update, OpKind::List, OpKind::Insert});
  rules_for(r).validate = [](RuleContext& ctx, const json::Value& body, Entity& next, const Entity*,
                        std::vector<FieldError>& errors) {
    static const FieldRef<int64_t> id(client_currency(), "Id");
    static const FieldRef<Decimal> rate(client_currency(), "ExchangeRate");
    check_system_id(ctx.ref.system.currency(id.get(next).value_or(0)) != nullptr, "currency", id.get(next).value_or(0),
                    errors);
    // Rule: IsExchangeRateInherited = true goes back to Norce's rate, whatever ExchangeRate says.
    if (const json::Value* inherited = body.find("IsExchangeRateInherited");
        inherited && inherited->kind() == json::Kind::Bool && inherited->as_bool())
      rate.set(next, std::nullopt);
    if (auto v = rate.get(next); v && (*v < Decimal::from_int(0) || max_exchange_rate() < *v))
      errors.push_back({"ExchangeRate", "The exchange rate must be between 0 and 999999999."});
  };
  rules_for(r).derive = [](RuleContext& ctx, std::vector<Entity>& items) {
    static const FieldRef<int64_t> id(client_currency(), "Id");
    static const FieldRef<std::string> code(client_currency(), "Code"), name(client_currency(), "Name");
    static const FieldRef<Decimal> inherited(client_currency(), "InheritedExchangeRate");
    for (auto& e : items) {
      if (const auto* c = ctx.ref.system.currency(id.get(e).value_or(0))) {
        code.set(e, c->code);
        name.set(e, c->name);
        inherited.set(e, c->inherited_exchange_rate);
      }
    }
  };
  rules_for(r).render_custom = [](RuleContext&, const registry::Field&, const Entity& e, json::Writer& w) {
    static const FieldRef<Decimal> rate(client_currency(), "ExchangeRate");
    w.boolean(!rate.get(e).has_value());
  };
  r.example = R"({"Id":6,"ExchangeRate":0.8612})";
  return r;
}

// --- ClientSalesArea --------------------------------------------------------------------------------------

Resource describe_sales_area() {
  Resource r;
  r.name = "ClientSalesArea";
  r.model = "ClientSalesAreaModel";
  r.path = "client/salesarea";
  r.table = "client_sales_area";
  r.tag = "Settings ClientSalesArea";
  r.fields = {
      key_id("sales_area_id", "Sales area id (the same in every client)."),
      derived("Name", Type::String, true, "Sales area name."),
      col("Code", Type::String, true, "Sales area code; the sales area's own when null.", 50),
      // The catalog marks these two required; norced also takes them missing (false; the area's own VAT code).
      required(flag("IsPrimary", false, "The client's primary sales area; exactly one is.")),
      derived("VatCodes", Type::Array, true, "The VAT codes of the sales area."),
      required(col("PrimaryVatCodeId", Type::Int, false, "Primary VAT code of the sales area: the default for products.")),
      changed(),
      changed_by(),
  };
  r.fields[4].item_model = "ClientSalesAreaVatCodeModel";
  r.nested_models = {{"ClientSalesAreaVatCodeModel",
                      {derived("Id", Type::Int, false, "VAT code id."), derived("Name", Type::String, true, "VAT code name."),
                       derived("Value", Type::Decimal, false, "VAT rate, in percent.")}}};
  r.soft_delete = false;
  r.feeds_reference_data = true;
  r.unique = {"Id"};
  r.operations = registry::conventional(r.path, {OpKind::Get, OpKind::Update, OpKind::List, OpKind::Insert});
  rules_for(r).validate = [](RuleContext& ctx, const json::Value&, Entity& next, const Entity*,
                        std::vector<FieldError>& errors) {
    static const FieldRef<int64_t> id(client_sales_area(), "Id"), vat(client_sales_area(), "PrimaryVatCodeId");
    const auto* area = ctx.ref.system.sales_area(id.get(next).value_or(0));
    check_system_id(area != nullptr, "sales area", id.get(next).value_or(0), errors);
    if (!area) return;
    // Rule: the primary VAT code is one of the sales area's own; 0 (not given) takes the area's standard one.
    if (vat.get(next).value_or(0) == 0) vat.set(next, area->primary_vat_code_id);
    else if (!area->vat_code(*vat.get(next)))
      errors.push_back({"PrimaryVatCodeId", "VAT code " + std::to_string(*vat.get(next)) +
                                                " is not a VAT code of sales area " + std::to_string(area->id) + "."});
  };
  rules_for(r).saved = [](RuleContext& ctx, const Entity& next, const Entity*) {
    static const links::Flags flags(client_sales_area());
    links::keep_one_primary(ctx, client_sales_area(), flags, next);
  };
  rules_for(r).derive = [](RuleContext& ctx, std::vector<Entity>& items) {
    static const FieldRef<int64_t> id(client_sales_area(), "Id");
    static const FieldRef<std::string> name(client_sales_area(), "Name"), code(client_sales_area(), "Code");
    for (auto& e : items) {
      if (const auto* a = ctx.ref.system.sales_area(id.get(e).value_or(0))) {
        name.set(e, a->name);
        if (!code.get(e)) code.set(e, a->code);
      }
    }
  };
  rules_for(r).render_custom = [](RuleContext& ctx, const registry::Field&, const Entity& e, json::Writer& w) {
    static const FieldRef<int64_t> id(client_sales_area(), "Id");
    w.begin_array();
    if (const auto* a = ctx.ref.system.sales_area(id.get(e).value_or(0))) {
      for (const auto& v : a->vat_codes) {
        w.begin_object();
        w.member("Id", v.id);
        w.member("Name", v.name);
        w.key("Value");
        w.decimal(v.value);
        w.end_object();
      }
    }
    w.end_array();
  };
  r.example = R"({"Id":2,"Code":"NO","IsPrimary":false,"PrimaryVatCodeId":5})";
  return r;
}

// --- ClientPriceListType ----------------------------------------------------------------------------------

Resource describe_price_list_type() {
  Resource r;
  r.name = "ClientPriceListType";
  r.model = "ClientPriceListTypeModel";
  r.culture_model = "ClientPriceListTypeCultureModel";
  r.path = "pricing/clientpricelisttype";
  r.table = "client_price_list_type";
  r.tag = "PriceList ClientPriceListType";
  r.texts = {{"Name", 50, true}, {"Description", 500, true}};
  r.fields = members({
      {key_id("price_list_type_id", "Price list type id (the same in every client)."),
       derived("Code", Type::String, true, "Type code.")},
      name_and_description(),
      {col("SortOrder", Type::Int, false, "Sort order."),
      col("Priority", Type::Int, false, "Precedence when several types apply."),
      is_active("False when the type is not used by the client."),
      changed(),
      changed_by(),
      cultures("ClientPriceListTypeCultureModel")},
  });
  r.soft_delete = true;
  r.feeds_reference_data = true;
  r.unique = {"Id"};
  r.operations = registry::conventional(r.path, {OpKind::Get, OpKind::Update, OpKind::List, OpKind::Insert,
                                                 OpKind::ListDeleted});
  rules_for(r).validate = [](RuleContext& ctx, const json::Value&, Entity& next, const Entity*,
                        std::vector<FieldError>& errors) {
    static const FieldRef<int64_t> id(client_price_list_type(), "Id");
    check_system_id(ctx.ref.system.price_list_type(id.get(next).value_or(0)) != nullptr, "price list type",
                    id.get(next).value_or(0), errors);
  };
  // Rule: a type that active price lists use stays active (409 naming IsActive and the lists).
  rules_for(r).guard = [](RuleContext& ctx, const Entity& next, const Entity* current) -> Status {
    static const FieldRef<int64_t> id(client_price_list_type(), "Id");
    static const FieldRef<bool> active(client_price_list_type(), "IsActive");
    if (!current || !active.get(*current).value_or(false) || active.get(next).value_or(false)) return ok_status();
    registry::ListQuery q;
    q.where = registry::Expr::all_of({registry::Expr::cmp(registry::Expr::Op::Eq, "TypeId", *id.get(next)),
                                      registry::Expr::cmp(registry::Expr::Op::Eq, "IsActive", true)});
    q.limit = 10;
    auto users = ctx.tx.list(price_list(), q);
    if (users.empty()) return ok_status();
    std::string ids;
    for (const auto& u : users) ids += (ids.empty() ? "" : ", ") + std::to_string(u.id);
    return Problem::conflict("IsActive", "Price list type " + std::to_string(*id.get(next)) +
                                             " is used by active price lists (" + ids + "); it cannot be deactivated.");
  };
  rules_for(r).derive = [](RuleContext& ctx, std::vector<Entity>& items) {
    static const FieldRef<int64_t> id(client_price_list_type(), "Id");
    static const FieldRef<std::string> code(client_price_list_type(), "Code");
    for (auto& e : items)
      if (const auto* t = ctx.ref.system.price_list_type(id.get(e).value_or(0))) code.set(e, t->code);
  };
  r.example = R"({"Id":5,"Name":"Outlet","SortOrder":5,"Priority":5,"IsActive":true})";
  return r;
}

// --- ClientAssortment (deprecated in Norce, served for clients that still call it) ------------------------

Resource describe_assortment() {
  Resource r;
  r.name = "ClientAssortment";
  r.model = "ClientAssortmentModel";
  r.culture_model = "ClientAssortmentCultureModel";
  r.path = "client/assortment";
  r.table = "client_assortment";
  r.tag = "Settings ClientAssortment";
  r.texts = {{"Name", 50, true}, {"Description", 500, true}};
  r.fields = members({
      {id("Assortment id.")},
      name_and_description(),
      {col("Code", Type::String, true, "Unique code of the assortment.", 50),
      changed(),
      changed_by(),
      cultures("ClientAssortmentCultureModel"),
      derived("GetCultureProperties", Type::Array, false, "Names of the members that have culture texts.")},
  });
  r.fields.back().item_model = "string";
  r.soft_delete = false;  // no IsActive: DELETE removes it
  r.unique = {"Code"};
  r.operations = registry::conventional(r.path, {OpKind::Get, OpKind::Update, OpKind::Delete, OpKind::List,
                                                 OpKind::Insert});
  rules_for(r).render_custom = [](RuleContext&, const registry::Field&, const Entity&, json::Writer& w) {
    w.begin_array();
    for (const auto& t : client_assortment().texts) w.string(t.name);
    w.end_array();
  };
  r.example = R"({"Code":"SUMMER","Name":"Summer range","Description":"Seasonal assortment."})";
  return r;
}

}  // namespace

const Resource& client_currency() {
  static const Resource r = describe_currency();
  return r;
}
const Resource& client_sales_area() {
  static const Resource r = describe_sales_area();
  return r;
}
const Resource& client_price_list_type() {
  static const Resource r = describe_price_list_type();
  return r;
}
const Resource& client_assortment() {
  static const Resource r = describe_assortment();
  return r;
}

}  // namespace norced::management::resources
