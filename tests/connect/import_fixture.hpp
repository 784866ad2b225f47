// A fixture for the tests of one Connect import, on every backend: a store over the Management catalog with one
// client, SKUs and price lists made directly in the store, and a chunk applied through apply_chunk in a write
// transaction that is committed, as the runner does. Rows are read back through store->read(client).
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "../store/contract_support.hpp"
#include "connect/import.hpp"
#include "connect/imports/support.hpp"
#include "json/value.hpp"
#include "management/input.hpp"
#include "management/reference_data.hpp"
#include "management/resources/resources.hpp"
#include "management/save.hpp"
#include "registry/model.hpp"

namespace norced::connect::importtest {

inline constexpr int64_t kNow = 1'767'225'600'000'000;  // 2026-01-01T00:00:00Z

// A row of `client`, written as the Management API writes it (decoded, checked, saved) at `at`: what an import
// finds by code. Returns its id.
inline int64_t add_row(store::Store& store, const store::CreatedClient& client, const store::ApplicationRow& app,
                       const registry::Resource& r, const std::string& body, int64_t at = kNow) {
  namespace res = management::resources;
  auto tx = store.write(client.client_id, {"test", at});
  auto ref = management::load_reference_data(*tx, management::ReferenceResources::from(res::catalog()));
  management::RuleContext ctx(*tx, ref, app, res::catalog(), at);
  ctx.set_writer(tx.get());
  auto doc = json::parse(body);
  EXPECT_TRUE(doc);
  auto e = management::build_entity(ctx, {r, *doc, nullptr, 0, "test", {}});
  EXPECT_TRUE(e) << (e ? "" : e.problem().detail + (e.problem().errors.empty() ? "" : e.problem().errors[0].message));
  auto saved = management::save(ctx, r, *e, nullptr, management::SaveKind::Insert);
  EXPECT_TRUE(saved);
  tx->commit();
  return saved->id;
}

class ImportFixture : public contract::BackendFixture {
 protected:
  std::vector<const registry::Resource*> store_resources() override {
    return management::resources::catalog().all();
  }
  void SetUp() override {
    BackendFixture::SetUp();
    if (IsSkipped()) return;
    client_ = contract::new_client(*store_, "shop");
    app_ = *store_->system()->application(client_.application_id);
  }

  store::JobRow job(const ImportKind& kind, const std::string& header) const {
    store::JobRow j;
    j.id = 7;
    j.client_id = client_.client_id;
    j.application_id = client_.application_id;
    j.account_id = client_.account_id;
    j.type = std::string(kind.method);
    j.header = header;
    return j;
  }
  std::unique_ptr<store::WriteTx> write() { return store_->write(client_.client_id, {"System", kNow}); }

  // Applies `chunk` (a JSON array of items) and commits.
  ChunkOutcome apply(const ImportKind& kind, const std::string& header, std::string_view chunk) {
    auto tx = write();
    ChunkOutcome out = apply_chunk(kind, *tx, app_, job(kind, header), chunk, kNow);
    tx->commit();
    return out;
  }
  // The FullFile step over `chunks` (JSON arrays), committed; its writes are counted in `out`.
  FullFileScope full_file(const ImportKind& kind, const std::string& header, const std::vector<std::string>& chunks,
                          bool apply_it, ChunkOutcome& out) {
    JobItems items = [&chunks](const ItemVisitor& visit) {
      for (const auto& c : chunks) {
        auto doc = json::parse(c);
        for (const auto& v : doc->items()) visit(ImportItem{c, v});
      }
    };
    auto tx = write();
    FullFileScope scope = full_file_step(kind, *tx, app_, job(kind, header), items, kNow, apply_it, out);
    tx->commit();
    return scope;
  }

  // A product with one SKU `part_no`; the SKU's id.
  int64_t add_sku(const std::string& part_no) {
    namespace res = management::resources;
    auto tx = write();
    imports::Patch p;
    p.set(res::product(), "Code", "P-" + part_no);
    p.set(res::product(), "ManufacturerPartNo", "M-" + part_no);
    auto product = imports::new_entity(res::product());
    p.apply_to(product);
    const int64_t product_id = tx->insert(res::product(), product);
    imports::Patch s;
    s.set(res::sku(), "PartNo", part_no);
    s.set(res::sku(), "ProductId", product_id);
    auto sku = imports::new_entity(res::sku());
    s.apply_to(sku);
    const int64_t id = tx->insert(res::sku(), sku);
    tx->commit();
    return id;
  }
  // A price list `code` in currency 1 (SEK) of type 1 (STANDARD).
  int64_t add_price_list(const std::string& code) {
    namespace res = management::resources;
    auto tx = write();
    imports::Patch p;
    p.set(res::price_list(), "Code", code);
    p.set(res::price_list(), "Name", code);
    p.set(res::price_list(), "CurrencyId", int64_t{1});
    p.set(res::price_list(), "TypeId", int64_t{1});
    auto e = imports::new_entity(res::price_list());
    p.apply_to(e);
    const int64_t id = tx->insert(res::price_list(), e);
    tx->commit();
    return id;
  }

  std::vector<registry::Entity> rows(const registry::Resource& r) {
    return store_->read(client_.client_id)->list(r, {});
  }
  static const registry::Cell& cell(const registry::Resource& r, const registry::Entity& e, std::string_view field) {
    return e.cells.at(static_cast<size_t>(r.field_index(field)));
  }
  // A cell as text: "null", a number's plain text, "true"/"false", a string.
  static std::string text(const registry::Resource& r, const registry::Entity& e, std::string_view field) {
    const registry::Cell& c = cell(r, e, field);
    if (registry::is_null(c)) return "null";
    if (auto* n = std::get_if<int64_t>(&c)) return std::to_string(*n);
    if (auto* b = std::get_if<bool>(&c)) return *b ? "true" : "false";
    if (auto* s = std::get_if<std::string>(&c)) return *s;
    if (auto* d = std::get_if<Decimal>(&c)) return d->to_string();
    if (auto* t = std::get_if<registry::Instant>(&c)) return std::to_string(t->micros);
    return "?";
  }
  static std::vector<std::string> messages(const ChunkOutcome& out) {
    std::vector<std::string> m;
    for (const auto& e : out.log) m.push_back(e.message);
    return m;
  }
  int64_t last_change() { return store_->system()->last_change(); }

  store::CreatedClient client_;
  store::ApplicationRow app_;
};

}  // namespace norced::connect::importtest
