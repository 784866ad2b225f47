// Settings of one application (seed 003, catalog part A): the application itself, and the cultures,
// currencies, sales areas and countries enabled on it. Each of the four is a link to a system-wide thing
// (a culture code, or a currency, sales area or country id that is the same in every client), scoped to the
// caller's application (the application-id header) through a Scope member. Exactly one active link of each kind
// is primary: making one primary unsets the others, and the primary one cannot be removed. Enabling a currency
// or sales area on an application also enables it on the client, as Norce does.
#include <memory>

#include "core/ascii.hpp"
#include "management/resources/fields.hpp"
#include "management/resources/links.hpp"
#include "management/resources/resources.hpp"
#include "management/rule_context.hpp"
#include "management/rules.hpp"
#include "registry/field_ref.hpp"

namespace norced::management::resources {

using namespace fields;
using registry::Entity;
using registry::FieldRef;
using registry::Instant;
using registry::OpKind;
using registry::Resource;

namespace {

// --- Application ------------------------------------------------------------------------------------------

Resource describe_application() {
  Resource r;
  r.name = "Application";
  r.model = "ApplicationModel";
  r.path = "application";
  r.table = "application";
  r.tag = "Settings Application";
  Field key = col("Key", Type::Guid, false, "Unique key of the application, set by the server.");
  key.column = "app_key";
  r.fields = {
      id("Environment-wide Norce id of the application."),
      key,
      col("Name", Type::String, true, "Friendly name.", 50),
      col("Description", Type::String, true, "Longer description.", 500),
      derived("HostClientId", Type::Int, false, "Id of the client that owns the application."),
      col("Url", Type::String, true, "Storefront URL, e.g. https://demo.shop.com.", 255),
      col("ProductUrl", Type::String, true, "Base URL of product pages; may hold {uniqueurl}, {productid} or {partno}.", 255),
      is_active("False when the application is deactivated."),
      changed(),
      changed_by(),
  };
  r.soft_delete = false;
  r.operations = {registry::operation(OpKind::Get, "application/{id}")};
  rules_for(r).derive = [](RuleContext& ctx, std::vector<Entity>& items) {
    static const FieldRef<int64_t> host(application(), "HostClientId");
    for (auto& e : items) host.set(e, ctx.client_id());
  };
  return r;
}

// --- The four application links ---------------------------------------------------------------------------

// What differs between the links: the system thing they name and how it is named.
struct LinkKind {
  std::string_view noun;  // "currency", for messages
  // True when `id` names a system-wide thing of this kind.
  std::function<bool(const store::SystemCatalog&, int64_t)> exists;
};

// Members and rules every application link has: Id (a system id), IsPrimary, IsActive, Changed(By), scope.
// The handles are resolved from `r` as it is being described (its members are already set) and captured by
// value: the lambdas below are one type shared by all four links, so they must not keep per-resource statics.
void link_rules(Resource& r, LinkKind kind) {
  r.soft_delete = true;
  r.feeds_reference_data = true;  // the application's culture, currencies and sales area come from these rows
  r.unique = {"Id"};
  const links::Flags flags(r);
  const FieldRef<int64_t> id(r, "Id");
  rules_for(r).validate = [flags, id, kind](RuleContext& ctx, const json::Value&, Entity& next, const Entity* current,
                                       std::vector<FieldError>& errors) {
    if (!kind.exists(ctx.ref.system, id.get(next).value_or(0)))
      errors.push_back({"Id", "There is no " + std::string(kind.noun) + " with id " +
                                  std::to_string(id.get(next).value_or(0)) + "."});
    links::primary_is_active(flags, next, current, errors);
  };
  rules_for(r).guard = [flags, id, kind](RuleContext& ctx, const Entity& next, const Entity* current) -> Status {
    return links::primary_stays(flags, next, current,
                                "The " + std::string(kind.noun) + " " + std::to_string(id.get(next).value_or(0)) +
                                    " of application " + std::to_string(ctx.app.id));
  };
}

void keep_primary_after_save(Resource& r, const Resource& (*self)()) {
  rules_for(r).saved = [self, flags = links::Flags(r), previous = rules_for(r).saved](RuleContext& ctx, const Entity& next,
                                                                            const Entity* current) {
    links::keep_one_primary(ctx, self(), flags, next);
    if (previous) previous(ctx, next, current);
  };
}

Resource describe_application_currency() {
  Resource r;
  r.name = "ApplicationCurrency";
  r.model = "ApplicationCurrencyModel";
  r.path = "application/currency";
  r.table = "application_currency";
  r.tag = "Settings ApplicationCurrency";
  r.fields = {
      key_id("currency_id", "System-wide Norce id of the currency (GET /api/client/currency lists them)."),
      derived("Code", Type::String, true, "ISO three-letter currency code."),
      derived("Name", Type::String, true, "Currency name."),
      is_active("False when the currency is removed from the application."),
      flag("IsPrimary", false, "The application's primary currency; exactly one active currency is."),
      derived("ExchangeRate", Type::Decimal, false, "Rate against EUR: the client's own, else Norce's."),
      changed(),
      changed_by(),
      application_scope(),
  };
  r.operations = registry::conventional(r.path, {OpKind::Get, OpKind::Update, OpKind::List, OpKind::Insert,
                                                 OpKind::ListDeleted});
  link_rules(r, {"currency", [](const store::SystemCatalog& s, int64_t id) {
                                         return s.currency(id) != nullptr;
                                       }});
  // Rule: a currency enabled on an application is enabled on the client too.
  rules_for(r).saved = [](RuleContext& ctx, const Entity& next, const Entity*) {
    static const FieldRef<int64_t> id(application_currency(), "Id");
    const int64_t currency = id.get(next).value_or(0);
    if (ctx.ref.currency(currency)) return;
    const Resource& client = client_currency();
    Entity link;
    link.cells.resize(client.fields.size());
    link.cells[client.field_index("Id")] = currency;
    link.cells[client.field_index("Changed")] = Instant{ctx.now};
    link.cells[client.field_index("ChangedBy")] = next.cells[application_currency().field_index("ChangedBy")];
    ctx.writer()->insert(client, link);
  };
  keep_primary_after_save(r, application_currency);
  rules_for(r).derive = [](RuleContext& ctx, std::vector<Entity>& items) {
    static const FieldRef<int64_t> id(application_currency(), "Id");
    static const FieldRef<std::string> code(application_currency(), "Code"), name(application_currency(), "Name");
    static const FieldRef<Decimal> rate(application_currency(), "ExchangeRate");
    for (auto& e : items) {
      const int64_t c = id.get(e).value_or(0);
      const auto* own = ctx.ref.currency(c);
      const auto* sys = ctx.ref.system.currency(c);
      if (!sys) continue;
      code.set(e, sys->code);
      name.set(e, sys->name);
      rate.set(e, own && own->exchange_rate ? *own->exchange_rate : sys->inherited_exchange_rate);
    }
  };
  r.example = R"({"Id":6,"IsActive":true,"IsPrimary":false})";
  return r;
}

Resource describe_application_sales_area() {
  Resource r;
  r.name = "ApplicationSalesArea";
  r.model = "ApplicationSalesAreaModel";
  r.path = "application/salesarea";
  r.table = "application_sales_area";
  r.tag = "Settings ApplicationSalesArea";
  r.fields = {
      key_id("sales_area_id", "System-wide Norce id of the sales area."),
      col("Code", Type::String, true, "External code used by client systems, e.g. SE; the sales area's own when null.", 50),
      derived("Name", Type::String, true, "Sales area name."),
      flag("IsPrimary", false, "The application's primary sales area; exactly one active sales area is."),
      is_active("False when the sales area is removed from the application."),
      changed(),
      changed_by(),
      application_scope(),
  };
  r.operations = registry::conventional(r.path, {OpKind::Get, OpKind::Update, OpKind::Delete, OpKind::List,
                                                 OpKind::Insert, OpKind::ListDeleted});
  link_rules(r, {"sales area", [](const store::SystemCatalog& s, int64_t id) {
                                           return s.sales_area(id) != nullptr;
                                         }});
  // Rule: a sales area enabled on an application is enabled on the client too, with the area's standard VAT.
  rules_for(r).saved = [](RuleContext& ctx, const Entity& next, const Entity*) {
    static const FieldRef<int64_t> id(application_sales_area(), "Id");
    const int64_t area = id.get(next).value_or(0);
    const auto* sys = ctx.ref.system.sales_area(area);
    if (ctx.ref.sales_area(area) || !sys) return;
    const Resource& client = client_sales_area();
    Entity link;
    link.cells.resize(client.fields.size());
    link.cells[client.field_index("Id")] = area;
    link.cells[client.field_index("Code")] = sys->code;
    link.cells[client.field_index("IsPrimary")] = false;
    link.cells[client.field_index("PrimaryVatCodeId")] = sys->primary_vat_code_id;
    link.cells[client.field_index("Changed")] = Instant{ctx.now};
    link.cells[client.field_index("ChangedBy")] = next.cells[application_sales_area().field_index("ChangedBy")];
    ctx.writer()->insert(client, link);
  };
  keep_primary_after_save(r, application_sales_area);
  rules_for(r).derive = [](RuleContext& ctx, std::vector<Entity>& items) {
    static const FieldRef<int64_t> id(application_sales_area(), "Id");
    static const FieldRef<std::string> code(application_sales_area(), "Code"), name(application_sales_area(), "Name");
    for (auto& e : items) {
      const auto* sys = ctx.ref.system.sales_area(id.get(e).value_or(0));
      if (!sys) continue;
      name.set(e, sys->name);
      if (!code.get(e)) code.set(e, sys->code);
    }
  };
  r.example = R"({"Id":2,"Code":"NO","IsPrimary":false,"IsActive":true})";
  return r;
}

Resource describe_application_country() {
  Resource r;
  r.name = "ApplicationCountry";
  r.model = "ApplicationCountryModel";
  r.path = "application/country";
  r.table = "application_country";
  r.tag = "Settings ApplicationCountry";
  r.fields = {
      key_id("country_id", "System-wide Norce id of the country."),
      derived("Name", Type::String, true, "Country name."),
      flag("IsPrimary", false, "The application's primary country; exactly one active country is."),
      is_active("False when the country is removed from the application."),
      changed(),
      changed_by(),
      application_scope(),
  };
  r.operations = registry::conventional(r.path, {OpKind::Get, OpKind::Update, OpKind::List, OpKind::Insert,
                                                 OpKind::ListDeleted});
  link_rules(r, {"country", [](const store::SystemCatalog& s, int64_t id) {
                                        return s.country(id) != nullptr;
                                      }});
  keep_primary_after_save(r, application_country);
  r.feeds_reference_data = false;  // nothing the pipeline caches depends on countries
  rules_for(r).derive = [](RuleContext& ctx, std::vector<Entity>& items) {
    static const FieldRef<int64_t> id(application_country(), "Id");
    static const FieldRef<std::string> name(application_country(), "Name");
    for (auto& e : items)
      if (const auto* c = ctx.ref.system.country(id.get(e).value_or(0))) name.set(e, c->name);
  };
  r.example = R"({"Id":2,"IsPrimary":false,"IsActive":true})";
  return r;
}

// ApplicationCulture is keyed by its culture code rather than an id.
Resource describe_application_culture() {
  Resource r;
  r.name = "ApplicationCulture";
  r.model = "ApplicationCultureModel";
  r.path = "application/culture";
  r.table = "application_culture";
  r.tag = "Settings ApplicationCulture";
  r.fields = {
      required(col("CultureCode", Type::String, false, "Culture code, e.g. en-US or sv-SE.", 16)),
      flag("IsPrimary", false, "The application's primary culture; exactly one active culture is."),
      is_active("False when the culture is removed from the application."),
      derived("Name", Type::String, true, "Culture name."),
      changed(),
      changed_by(),
      application_scope(),
  };
  const std::string_view key = "application/culture/{cultureCode:string}";
  r.operations = {registry::operation(OpKind::Get, key),
                  registry::operation(OpKind::Update, key),
                  registry::operation(OpKind::Delete, key),
                  registry::operation(OpKind::List, "application/culture"),
                  registry::operation(OpKind::Insert, "application/culture"),
                  registry::operation(OpKind::ListDeleted, "application/culture/deleted")};
  r.soft_delete = true;
  r.feeds_reference_data = true;
  r.unique = {"CultureCode"};
  rules_for(r).validate = [](RuleContext& ctx, const json::Value&, Entity& next, const Entity* current,
                        std::vector<FieldError>& errors) {
    static const links::Flags flags(application_culture());
    static const FieldRef<std::string> code(application_culture(), "CultureCode");
    // A culture code is matched ignoring letter case, as the unique key is ("EN-us" names en-US).
    const store::Culture* culture = nullptr;
    for (const auto& c : ctx.ref.system.cultures)
      if (ascii::iequals(c.code, code.get(next).value_or(""))) culture = &c;
    if (!culture) {
      std::string known;
      for (const auto& c : ctx.ref.system.cultures) known += (known.empty() ? "" : ", ") + c.code;
      errors.push_back({"CultureCode", "'" + code.get(next).value_or("") + "' is not a culture; use one of: " + known + "."});
    } else {
      code.set(next, culture->code);  // the canonical spelling, whatever case the client used
    }
    links::primary_is_active(flags, next, current, errors);
  };
  // Rules: the primary culture stays, and so does the client's default culture (every text falls back to it).
  rules_for(r).guard = [](RuleContext& ctx, const Entity& next, const Entity* current) -> Status {
    static const links::Flags flags(application_culture());
    static const FieldRef<std::string> code(application_culture(), "CultureCode");
    const std::string c = code.get(next).value_or("");
    if (current && !flags.is_active(next) && c == ctx.default_culture())
      return Problem::conflict("CultureCode", c + " is the client's default culture: every text falls back to it, "
                                                  "so it cannot be removed.");
    return links::primary_stays(flags, next, current, "The culture " + c + " of application " + std::to_string(ctx.app.id));
  };
  keep_primary_after_save(r, application_culture);
  rules_for(r).derive = [](RuleContext& ctx, std::vector<Entity>& items) {
    static const FieldRef<std::string> code(application_culture(), "CultureCode"), name(application_culture(), "Name");
    for (auto& e : items)
      if (const auto* c = ctx.ref.system.culture(code.get(e).value_or(""))) name.set(e, c->name);
  };
  r.example = R"({"CultureCode":"de-DE","IsPrimary":false,"IsActive":true})";
  return r;
}

}  // namespace

const Resource& application() {
  static const Resource r = describe_application();
  return r;
}
const Resource& application_culture() {
  static const Resource r = describe_application_culture();
  return r;
}
const Resource& application_currency() {
  static const Resource r = describe_application_currency();
  return r;
}
const Resource& application_sales_area() {
  static const Resource r = describe_application_sales_area();
  return r;
}
const Resource& application_country() {
  static const Resource r = describe_application_country();
  return r;
}

}  // namespace norced::management::resources
