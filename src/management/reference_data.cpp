#include "management/reference_data.hpp"

#include <algorithm>

#include "management/texts.hpp"

namespace norced::management {

using registry::Cell;
using registry::Entity;
using registry::Expr;

namespace {

template <class T>
std::optional<T> cell(const registry::Resource& r, const Entity& e, std::string_view member) {
  const int i = r.field_index(member);
  if (i < 0) return std::nullopt;
  if (const auto* v = std::get_if<T>(&e.cells[i])) return *v;
  return std::nullopt;
}

std::vector<Entity> rows(store::ReadTx& tx, const registry::Resource& r, bool active_only) {
  registry::ListQuery q;
  if (active_only) q.where = Expr::cmp(Expr::Op::Eq, "IsActive", true);
  return tx.list(r, q);
}

}  // namespace

ReferenceResources ReferenceResources::from(const registry::Catalog& catalog) {
  return {catalog.find("ClientCurrency"), catalog.find("ClientSalesArea"), catalog.find("ClientPriceListType"),
          catalog.find("ApplicationCulture"), catalog.find("ApplicationSalesArea")};
}

store::ReferenceData load_reference_data(store::ReadTx& tx, const ReferenceResources& from) {
  store::ReferenceData data = tx.reference_data();
  const store::SystemCatalog& sys = data.system;
  if (const auto* r = from.currencies) {
    for (const auto& e : rows(tx, *r, false)) {
      const auto* c = sys.currency(cell<int64_t>(*r, e, "Id").value_or(0));
      if (!c) continue;
      auto changed = cell<registry::Instant>(*r, e, "Changed");
      data.currencies.push_back({c->id, c->code, c->name, cell<Decimal>(*r, e, "ExchangeRate"),
                                 c->inherited_exchange_rate, changed ? changed->micros : 0,
                                 cell<std::string>(*r, e, "ChangedBy").value_or("")});
    }
    std::sort(data.currencies.begin(), data.currencies.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  }
  if (const auto* r = from.sales_areas) {
    for (const auto& e : rows(tx, *r, false)) {
      const auto* a = sys.sales_area(cell<int64_t>(*r, e, "Id").value_or(0));
      if (!a) continue;
      store::SalesArea area = *a;
      area.code = cell<std::string>(*r, e, "Code").value_or(a->code);
      area.is_primary = cell<bool>(*r, e, "IsPrimary").value_or(false);
      area.primary_vat_code_id = cell<int64_t>(*r, e, "PrimaryVatCodeId").value_or(a->primary_vat_code_id);
      data.sales_areas.push_back(std::move(area));
    }
    std::sort(data.sales_areas.begin(), data.sales_areas.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  }
  if (const auto* r = from.price_list_types) {
    const int name = r->text_index("Name"), description = r->text_index("Description");
    for (const auto& e : rows(tx, *r, true)) {
      const auto* t = sys.price_list_type(cell<int64_t>(*r, e, "Id").value_or(0));
      if (!t) continue;
      // The client's own texts in its default culture, else the system type's.
      const auto* own_name = name >= 0 ? own_text(e, data.default_culture, name) : nullptr;
      const auto* own_description = description >= 0 ? own_text(e, data.default_culture, description) : nullptr;
      data.price_list_types.push_back({t->id, t->code, own_name ? **own_name : t->name,
                                       own_description ? **own_description : t->description,
                                       cell<int64_t>(*r, e, "SortOrder").value_or(0),
                                       cell<int64_t>(*r, e, "Priority").value_or(0)});
    }
    std::sort(data.price_list_types.begin(), data.price_list_types.end(), [](const auto& a, const auto& b) {
      return std::tie(a.sort_order, a.id) < std::tie(b.sort_order, b.id);
    });
  }
  // Texts may be written in every culture an application of the client has enabled.
  if (const auto* r = from.cultures) {
    for (const auto& e : rows(tx, *r, true)) {
      auto code = cell<std::string>(*r, e, "CultureCode");
      if (!code || data.has_culture(*code)) continue;
      const auto* known = sys.culture(*code);
      data.cultures.push_back({*code, known ? known->name : *code, false});
    }
  }
  return data;
}

}  // namespace norced::management
