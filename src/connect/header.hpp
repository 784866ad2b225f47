// The X-StormConnect-Header of an import (platform.md §1.3): one line of JSON holding the base Header
// (AccountId, SerializationType, SupplierId, JobId, StorageName) and the import's own members (FullFile and
// the *FieldsThatAreSet lists). Parsed against a HeaderSpec, the description of one header object, so every
// import's header is read by the same code: members in any order and letter case (Newtonsoft reads them so),
// explicit nulls, empty lists, enum lists as integers or as names. A mistake is a 400 Problem naming the
// member. Dependencies between members (Variants needed for variant fields, ...) are the spec's `check`.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/problem.hpp"

namespace norced::connect {

struct EnumValue {
  int value;
  std::string_view name;
};

struct EnumList {
  std::string_view member;  // "SkuOnhandFieldsThatAreSet"
  std::vector<EnumValue> values;
  std::string_view alias = {};  // another spelling read as the same list when `member` is absent (docs vs contract)
};

struct ConnectHeader;

struct HeaderSpec {
  std::string_view name;  // "SkuOnhandHeader"
  bool has_full_file = false;
  std::vector<EnumList> lists;
  std::function<Status(const ConnectHeader&)> check;  // dependencies the docs state; empty = none
};

struct ConnectHeader {
  int64_t account_id = 0;
  int serialization_type = 0;  // 0 JSON, 1 XML
  std::optional<int64_t> supplier_id;
  bool full_file = false;
  // Per list of the spec, in the spec's order: the values given (without repeats), nullopt when absent or null.
  std::vector<std::optional<std::vector<int>>> lists;
  std::vector<uint64_t> masks;  // per list, its values below 64 as bits (parse_header fills it)
  const HeaderSpec* spec = nullptr;

  // The values of the list named `member` (empty when absent).
  const std::vector<int>& list(std::string_view member) const;
  bool has(std::string_view member, int value) const;
  // The list's values below 64 as bits (every field enum of the catalog is): for a loop over many fields.
  uint64_t mask(std::string_view member) const;

 private:
  size_t index(std::string_view member) const;  // of the list named `member` in `lists`; SIZE_MAX when none
};

// The header's name as real clients send it (header names are case-insensitive anyway).
inline constexpr std::string_view kHeaderName = "X-StormConnect-Header";

Result<ConnectHeader> parse_header(std::string_view text, const HeaderSpec& spec);

// The header of Product/ImportOnhands.
const HeaderSpec& sku_onhand_header();
// The header of Product/ImportSkuPriceLists: every IgnoreSkuPriceListFieldsWhenEmpty value must be set too.
const HeaderSpec& sku_price_list_header();
// The header of Product/ImportPriceLists (no FullFile): the warehouse and location lists go together.
const HeaderSpec& price_list_header();

}  // namespace norced::connect
