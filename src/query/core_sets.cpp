#include "query/core_sets.hpp"

#include <algorithm>
#include <functional>

namespace norced::query {

using registry::Cell;
using registry::Entity;
using registry::Field;
using registry::Resource;
using registry::Role;
using registry::Type;

namespace {

// One Core set: its description and how to read its rows from the catalog. A member and the cell it reads are
// declared together (Member), so the description and the rows cannot drift apart.
struct CoreSet {
  Resource resource;
  std::function<std::vector<Entity>(const store::SystemCatalog&)> rows;
};

template <class T>
struct Member {
  Field field;
  std::function<Cell(const T&)> read;
};

Field id_member(std::string_view desc) { return {.name = "Id", .type = Type::Int, .role = Role::Id, .nullable = false, .description = desc}; }
Field member(std::string_view name, Type t, bool nullable, std::string_view desc, int max_length = 0) {
  return {.name = name, .type = t, .role = Role::Stored, .nullable = nullable, .max_length = max_length, .description = desc};
}

// `items` → rows: each member's cell read by its reader, the row id by `id` (an Id member reads it too).
template <class T>
CoreSet core_set(std::string_view name, std::vector<Member<T>> members,
                 std::function<std::vector<T>(const store::SystemCatalog&)> items, std::function<int64_t(const T&, size_t)> id,
                 std::vector<std::string_view> unique = {}) {
  CoreSet s;
  s.resource.name = name;
  s.resource.model = name;
  s.resource.tag = "Core";
  s.resource.soft_delete = false;
  s.resource.unique = std::move(unique);
  for (const auto& m : members) s.resource.fields.push_back(m.field);
  s.rows = [members = std::move(members), items = std::move(items), id = std::move(id)](const store::SystemCatalog& c) {
    std::vector<T> all = items(c);
    std::vector<Entity> out;
    for (size_t i = 0; i < all.size(); ++i) {
      Entity e;
      e.id = id(all[i], i);
      for (const auto& m : members) e.cells.push_back(m.read(all[i]));
      out.push_back(std::move(e));
    }
    std::sort(out.begin(), out.end(), [](const Entity& a, const Entity& b) { return a.id < b.id; });
    return out;
  };
  return s;
}

Cell text(const std::string& s) { return s; }
Cell text_or_null(const std::string& s) { return s.empty() ? Cell{} : Cell{s}; }

template <class T>
int64_t own_id(const T& t, size_t) { return t.id; }

// A VAT code with the sales area it belongs to (the catalog holds them inside their areas).
struct AreaVatCode {
  int64_t area_id = 0;
  store::VatCode code;
  int64_t id = 0;
};

std::vector<CoreSet> describe() {
  using store::SystemCatalog;
  std::vector<CoreSet> sets;
  sets.push_back(core_set<store::Country>(
      "Country",
      {{id_member("System-wide country id."), [](const auto& c) { return Cell{c.id}; }},
       {member("Code", Type::String, false, "ISO 3166-1 alpha-2 code.", 2), [](const auto& c) { return text(c.code); }},
       {member("Name", Type::String, false, "English name.", 255), [](const auto& c) { return text(c.name); }}},
      [](const SystemCatalog& c) { return c.countries; }, own_id<store::Country>, {"Code"}));
  sets.push_back(core_set<store::Currency>(
      "Currency",
      {{id_member("System-wide currency id."), [](const auto& c) { return Cell{c.id}; }},
       {member("Code", Type::String, false, "ISO 4217 code.", 3), [](const auto& c) { return text(c.code); }},
       {member("Name", Type::String, false, "English name.", 255), [](const auto& c) { return text(c.name); }},
       {member("ExchangeRate", Type::Decimal, false, "Norce's rate: units of the currency per euro."),
        [](const auto& c) { return Cell{c.inherited_exchange_rate}; }}},
      [](const SystemCatalog& c) { return c.currencies; }, own_id<store::Currency>, {"Code"}));
  sets.push_back(core_set<AreaVatCode>(
      "VatCode",
      {{id_member("System-wide VAT code id."), [](const auto& v) { return Cell{v.id}; }},
       {{.name = "SalesAreaId", .type = Type::Int, .role = Role::Stored, .nullable = false,
         .references = "SalesArea", .description = "The sales area the code belongs to."},
        [](const auto& v) { return Cell{v.area_id}; }},
       {member("Name", Type::String, false, "Name.", 255), [](const auto& v) { return text(v.code.name); }},
       {member("Value", Type::Decimal, false, "The rate in percent."), [](const auto& v) { return Cell{v.code.value}; }}},
      [](const SystemCatalog& c) {
        std::vector<AreaVatCode> out;
        for (const auto& a : c.sales_areas)
          for (const auto& v : a.vat_codes) out.push_back({a.id, v, v.id});
        return out;
      },
      own_id<AreaVatCode>));
  sets.push_back(core_set<store::SalesArea>(
      "SalesArea",
      {{id_member("System-wide sales area id."), [](const auto& a) { return Cell{a.id}; }},
       {member("Code", Type::String, false, "Code.", 50), [](const auto& a) { return text(a.code); }},
       {member("Name", Type::String, false, "Name.", 255), [](const auto& a) { return text(a.name); }},
       // Not a reference member: its generated collection on VatCodes (the areas a code is the standard one of)
       // would read as the code's sales area.
       {member("StandardVatCodeId", Type::Int, false, "The area's standard VAT code (VatCodes)."),
        [](const auto& a) { return Cell{a.primary_vat_code_id}; }}},
      [](const SystemCatalog& c) { return c.sales_areas; }, own_id<store::SalesArea>, {"Code"}));
  sets.push_back(core_set<store::Culture>(
      "Culture",
      {{member("Code", Type::String, false, "The culture code (RFC 5646: sv-SE).", 16), [](const auto& c) { return text(c.code); }},
       {member("Name", Type::String, false, "English name.", 255), [](const auto& c) { return text(c.name); }}},
      [](const SystemCatalog& c) {
        auto all = c.cultures;
        std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.code < b.code; });
        return all;
      },
      [](const store::Culture&, size_t position) { return static_cast<int64_t>(position) + 1; }, {"Code"}));
  sets.push_back(core_set<store::PriceListType>(
      "PriceListType",
      {{id_member("System-wide price-list type id."), [](const auto& t) { return Cell{t.id}; }},
       {member("Code", Type::String, false, "Code.", 50), [](const auto& t) { return text(t.code); }},
       {member("Name", Type::String, false, "Name.", 255), [](const auto& t) { return text(t.name); }},
       {member("Description", Type::String, true, "Description."), [](const auto& t) { return text_or_null(t.description); }}},
      [](const SystemCatalog& c) { return c.price_list_types; }, own_id<store::PriceListType>, {"Code"}));
  return sets;
}

const std::vector<CoreSet>& sets() {
  static const std::vector<CoreSet> all = describe();
  return all;
}

}  // namespace

const std::vector<const Resource*>& core_resources() {
  static const std::vector<const Resource*> all = [] {
    std::vector<const Resource*> out;
    for (const auto& s : sets()) out.push_back(&s.resource);
    return out;
  }();
  return all;
}

bool is_core(const Resource& r) {
  const auto& all = core_resources();
  return std::find(all.begin(), all.end(), &r) != all.end();
}

std::vector<Entity> core_rows(const Resource& r, const store::SystemCatalog& catalog) {
  for (const auto& s : sets())
    if (&s.resource == &r) return s.rows(catalog);
  return {};
}

}  // namespace norced::query
