#include "store/store.hpp"

#include "core/ascii.hpp"

namespace norced::store {

const VatCode* SalesArea::vat_code(int64_t vat_id) const {
  for (const auto& v : vat_codes)
    if (v.id == vat_id) return &v;
  return nullptr;
}

const Currency* ReferenceData::currency(int64_t cid) const {
  for (const auto& c : currencies)
    if (c.id == cid) return &c;
  return nullptr;
}

const SalesArea* ReferenceData::sales_area(int64_t sid) const {
  for (const auto& s : sales_areas)
    if (s.id == sid) return &s;
  return nullptr;
}

const PriceListType* ReferenceData::price_list_type(int64_t tid) const {
  for (const auto& t : price_list_types)
    if (t.id == tid) return &t;
  return nullptr;
}

namespace {
template <class T, class K>
const T* by_id(const std::vector<T>& items, const K& key) {
  for (const auto& i : items)
    if (i.id == key) return &i;
  return nullptr;
}
}  // namespace

const Culture* SystemCatalog::culture(std::string_view code) const {
  for (const auto& c : cultures)
    if (ascii::iequals(c.code, code)) return &c;  // culture codes are case-insensitive (RFC 5646)
  return nullptr;
}
const Currency* SystemCatalog::currency(int64_t id) const { return by_id(currencies, id); }
const SalesArea* SystemCatalog::sales_area(int64_t id) const { return by_id(sales_areas, id); }
const Country* SystemCatalog::country(int64_t id) const { return by_id(countries, id); }
const PriceListType* SystemCatalog::price_list_type(int64_t id) const { return by_id(price_list_types, id); }

std::string_view change_kind_name(ChangeKind k) {
  switch (k) {
    case ChangeKind::Insert: return "insert";
    case ChangeKind::Update: return "update";
    case ChangeKind::Delete: return "delete";
  }
  return "";
}

std::string tenant_setting_key(std::string_view name, int64_t client_id) {
  return std::string(name) + ".client." + std::to_string(client_id);
}

bool ReferenceData::has_culture(std::string_view code) const {
  for (const auto& c : cultures)
    if (c.code == code) return true;
  return false;
}

}  // namespace norced::store
