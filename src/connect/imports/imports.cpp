// The imports norced serves, and what every import's items share: how an item's failure or warning is
// counted and logged.
#include <strings.h>

#include "connect/import.hpp"
#include "connect/imports/stock_imports.hpp"

namespace norced::connect {

namespace {

std::string truncated(std::string_view raw) {
  if (raw.size() <= kImportedRowLimit) return std::string(raw);
  // Cut at a UTF-8 character boundary: the row is shown as text.
  size_t n = kImportedRowLimit;
  while (n > 0 && (static_cast<unsigned char>(raw[n]) & 0xC0) == 0x80) --n;
  return std::string(raw.substr(0, n)) + "...";
}

}  // namespace

void ImportContext::failed(const ImportItem& item, std::string message) {
  ++outcome.fail;
  outcome.log.push_back({store::JobSeverity::Error, std::move(message), now(), truncated(item.raw)});
}

void ImportContext::warning(const ImportItem& item, std::string message) {
  outcome.log.push_back({store::JobSeverity::Warning, std::move(message), now(), truncated(item.raw)});
}

void ImportContext::info(std::string message) {
  outcome.log.push_back({store::JobSeverity::Information, std::move(message), now(), std::nullopt});
}

const ImportKind& import_products();  // products.cpp

const std::vector<const ImportKind*>& import_kinds() {
  static const std::vector<const ImportKind*> kinds = {
      &import_onhands(),
      &import_sku_price_lists(),
      &import_price_lists(),
      &import_products(),
  };
  return kinds;
}

const ImportKind* find_import(std::string_view method) {
  for (const ImportKind* k : import_kinds())
    if (k->method.size() == method.size() && strncasecmp(k->method.data(), method.data(), method.size()) == 0)
      return k;
  return nullptr;
}

}  // namespace norced::connect
