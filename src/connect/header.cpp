#include "connect/header.hpp"

#include <strings.h>

#include <algorithm>
#include <charconv>

#include "json/value.hpp"

namespace norced::connect {

namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

Problem member_problem(std::string_view member, std::string message) {
  return Problem::validation(std::string(kHeaderName) + "." + std::string(member), std::move(message));
}

// An int32 given as a JSON integer or, as Newtonsoft also reads it, a string holding one.
std::optional<int64_t> int32_of(const json::Value& v) {
  if (v.kind() != json::Kind::Number && v.kind() != json::Kind::String) return std::nullopt;
  const std::string& t = v.kind() == json::Kind::Number ? v.number_text() : v.as_string();
  int64_t out = 0;
  auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), out);
  if (ec != std::errc() || ptr != t.data() + t.size() || out < INT32_MIN || out > INT32_MAX) return std::nullopt;
  return out;
}

Result<std::optional<std::vector<int>>> read_list(const json::Value* v, const EnumList& spec) {
  if (!v || v->is_null()) return std::optional<std::vector<int>>();
  if (v->kind() != json::Kind::Array)
    return member_problem(spec.member, std::string(spec.member) + " must be a list of values.");
  std::vector<int> out;
  for (const auto& item : v->items()) {
    const EnumValue* found = nullptr;
    if (auto n = int32_of(item)) {
      for (const auto& e : spec.values)
        if (e.value == *n) found = &e;
    } else if (item.kind() == json::Kind::String) {
      for (const auto& e : spec.values)
        if (iequals(e.name, item.as_string())) found = &e;
    }
    if (!found) {
      std::string shown = item.kind() == json::Kind::String ? "'" + item.as_string() + "'"
                          : item.kind() == json::Kind::Number ? item.number_text()
                                                               : std::string(json::kind_name(item.kind()));
      return member_problem(spec.member, shown + " is not a value of " + std::string(spec.member) + ".");
    }
    if (std::find(out.begin(), out.end(), found->value) == out.end()) out.push_back(found->value);
  }
  return std::optional<std::vector<int>>(std::move(out));
}

}  // namespace

size_t ConnectHeader::index(std::string_view member) const {
  if (!spec) return SIZE_MAX;
  const size_t n = std::min(spec->lists.size(), lists.size());
  // The imports ask with the very constants the specs are made of, so the name's address finds the list without
  // comparing text.
  for (size_t i = 0; i < n; ++i)
    if (spec->lists[i].member.data() == member.data() && spec->lists[i].member.size() == member.size()) return i;
  for (size_t i = 0; i < n; ++i)
    if (spec->lists[i].member == member) return i;
  return SIZE_MAX;
}

const std::vector<int>& ConnectHeader::list(std::string_view member) const {
  static const std::vector<int> kNone;
  const size_t i = index(member);
  return i != SIZE_MAX && lists[i] ? *lists[i] : kNone;
}

uint64_t ConnectHeader::mask(std::string_view member) const {
  const size_t i = index(member);
  return i < masks.size() ? masks[i] : 0;
}

bool ConnectHeader::has(std::string_view member, int value) const {
  // Asked for every field of every row an import writes (a few thousand times per item): a bit test.
  const size_t i = index(member);
  if (i == SIZE_MAX || !lists[i]) return false;
  if (value >= 0 && value < 64 && i < masks.size()) return (masks[i] >> value) & 1;
  return std::find(lists[i]->begin(), lists[i]->end(), value) != lists[i]->end();
}

Result<ConnectHeader> parse_header(std::string_view text, const HeaderSpec& spec) {
  if (text.empty())
    return Problem::validation(std::string(kHeaderName), "The " + std::string(kHeaderName) + " header is required.");
  auto doc = json::parse(text);
  if (!doc)
    return Problem::validation(std::string(kHeaderName),
                               "The " + std::string(kHeaderName) + " header is not JSON: " + doc.problem().detail);
  if (doc->kind() != json::Kind::Object)
    return Problem::validation(std::string(kHeaderName),
                               "The " + std::string(kHeaderName) + " header must be a JSON object (" +
                                   std::string(spec.name) + ").");
  ConnectHeader h;
  h.spec = &spec;

  const json::Value* account = doc->find("AccountId");
  if (!account || account->is_null()) return member_problem("AccountId", "AccountId is required.");
  auto account_id = int32_of(*account);
  if (!account_id || *account_id < 1) return member_problem("AccountId", "AccountId must be an account id.");
  h.account_id = *account_id;

  if (const json::Value* st = doc->find("SerializationType"); st && !st->is_null()) {
    std::optional<int64_t> n = int32_of(*st);
    if (!n && st->kind() == json::Kind::String) {
      if (iequals(st->as_string(), "Json")) n = 0;
      else if (iequals(st->as_string(), "DataContractSerializer") || iequals(st->as_string(), "Xml")) n = 1;
    }
    if (!n || (*n != 0 && *n != 1))
      return member_problem("SerializationType", "SerializationType is 0 (Json) or 1 (DataContractSerializer).");
    if (*n == 1)
      return member_problem("SerializationType",
                            "SerializationType 1 (XML) is not supported yet; send the items as JSON (0).");
    h.serialization_type = static_cast<int>(*n);
  }
  if (const json::Value* s = doc->find("SupplierId"); s && !s->is_null()) {
    auto n = int32_of(*s);
    if (!n) return member_problem("SupplierId", "SupplierId must be an integer or null.");
    h.supplier_id = *n;
  }
  if (spec.has_full_file) {
    if (const json::Value* f = doc->find("FullFile"); f && !f->is_null()) {
      if (f->kind() != json::Kind::Bool) return member_problem("FullFile", "FullFile must be true or false.");
      h.full_file = f->as_bool();
    }
  }
  for (const auto& l : spec.lists) {
    const json::Value* given = doc->find(l.member);
    if ((!given || given->is_null()) && !l.alias.empty()) given = doc->find(l.alias);
    auto values = read_list(given, l);
    if (!values) return values.problem();
    uint64_t mask = 0;
    if (*values)
      for (int v : **values)
        if (v >= 0 && v < 64) mask |= uint64_t{1} << v;
    h.lists.push_back(std::move(*values));
    h.masks.push_back(mask);
  }
  if (spec.check)
    if (auto ok = spec.check(h); !ok) return ok.problem();
  return h;
}

const HeaderSpec& sku_onhand_header() {
  static const HeaderSpec spec{
      "SkuOnhandHeader",
      true,
      {{"SkuOnhandFieldsThatAreSet",
        {{3, "OnhandValue"}, {4, "IncomingValue"}, {5, "NextDeliveryDate"}, {6, "LeadTimeDayCount"},
         {7, "OnOrderValue"}, {8, "MinimumValue"}, {9, "MaximumValue"}, {10, "IsActive"}, {11, "Infos"}}}},
      {}};
  return spec;
}

namespace {

const std::vector<EnumValue>& sku_price_list_fields() {
  static const std::vector<EnumValue> values = {
      {3, "PriceSale"},           {4, "CostPurchase"}, {5, "CostUnit"},   {6, "PriceRecommended"},
      {7, "PricePrevious"},       {8, "PriceCatalog"}, {9, "IsPriceDiscountable"}, {10, "IsActive"},
      {11, "IsPriceDiscountableCreateOnly"}, {12, "PriceRule"}, {13, "FullfileResetInheritance"}};
  return values;
}

std::string_view name_of(const std::vector<EnumValue>& values, int value) {
  for (const auto& v : values)
    if (v.value == value) return v.name;
  return {};
}

}  // namespace

const HeaderSpec& sku_price_list_header() {
  static const HeaderSpec spec{
      "SkuPriceListHeader",
      true,
      {{"SkuPriceListFieldsThatAreSet", sku_price_list_fields()},
       {"IgnoreSkuPriceListFieldsWhenEmpty", sku_price_list_fields()}},
      [](const ConnectHeader& h) -> Status {
        for (int v : h.list("IgnoreSkuPriceListFieldsWhenEmpty"))
          if (!h.has("SkuPriceListFieldsThatAreSet", v))
            return member_problem("IgnoreSkuPriceListFieldsWhenEmpty",
                                  std::string(name_of(sku_price_list_fields(), v)) + " (" + std::to_string(v) +
                                      ") is in IgnoreSkuPriceListFieldsWhenEmpty but not in "
                                      "SkuPriceListFieldsThatAreSet; every ignored field must also be set.");
        return ok_status();
      }};
  return spec;
}

const HeaderSpec& price_list_header() {
  static const HeaderSpec spec{
      "PriceListHeader",
      false,
      {{"PriceListFieldsThatAreSet",
        {{0, "Name"}, {1, "CurrencyCode"}, {2, "StartDate"}, {3, "EndDate"}, {4, "IsPublic"}, {5, "IsPrimary"},
         {6, "TypeCode"}, {7, "Warehouses"}, {8, "DefaultPriceRule"}, {9, "Description"}, {10, "IsErpIntegrated"},
         {11, "DoNotCreateApplicationPriceList"}, {12, "SalesArea"}, {13, "DefaultMinMarginPercent"},
         {14, "LimitToRecPrice"}, {15, "ParentPriceListCode"}, {16, "DefaultSupplementalChargeFixed"},
         {17, "DefaultSupplementalChargePercent"}, {18, "PriceRules"}, {19, "PriceRulesCleanup"},
         {20, "PriceRulesLimitedUpdate"}, {21, "Population"}, {22, "PopulationCleanup"}, {23, "IsFavorite"},
         {24, "InheritStructureCalculationRule"}}},
       {"WarehouseFieldsThatAreSet", {{0, "Type"}, {1, "Name"}, {2, "LeadTimeDayCount"}}},
       {"WarehouseLocationFieldsThatAreSet", {{0, "Name"}, {1, "LeadTimeDayCount"}, {2, "IsIncludedInStockCalculation"}}},
       {"PriceListPriceRuleFieldsThatAreSet",
        {{0, "Type"}, {1, "Value"}, {2, "LimitToRecPrice"}, {3, "SupplementalChargeFixed"}, {4, "SupplementalChargePercent"}},
        "PriceListRuleFieldsThatAreSet"}},
      [](const ConnectHeader& h) -> Status {
        // The docs: the warehouse and location lists must be given together.
        const bool warehouses = h.lists[1].has_value();
        const bool locations = h.lists[2].has_value();
        if (warehouses && !locations)
          return member_problem("WarehouseLocationFieldsThatAreSet",
                                "WarehouseLocationFieldsThatAreSet is required with WarehouseFieldsThatAreSet.");
        if (locations && !warehouses)
          return member_problem("WarehouseFieldsThatAreSet",
                                "WarehouseFieldsThatAreSet is required with WarehouseLocationFieldsThatAreSet.");
        return ok_status();
      }};
  return spec;
}

}  // namespace norced::connect
