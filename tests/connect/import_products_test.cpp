// Product/ImportProducts (connect/imports/products*.cpp) on every backend, one chunk at a time through
// apply_chunk: matching (create, by PartNo, by ManufacturerCode + ManufacturerPartNo), only listed members
// written, CreateOnly, manufacturers created by name, links by code with warnings for unknown ones, the
// standard price, idempotence, a failed item that blocks nothing, FullFile, and the header's dependencies.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>

#include "../store/contract_support.hpp"
#include "connect/import.hpp"
#include "connect/runner.hpp"
#include "import_fixture.hpp"
#include "json/value.hpp"
#include "management/input.hpp"
#include "management/reference_data.hpp"
#include "management/resources/resources.hpp"
#include "management/save.hpp"
#include "registry/field_ref.hpp"

namespace norced::connect {
namespace {

namespace res = management::resources;
using registry::Entity;
using registry::FieldRef;

constexpr int64_t kT0 = 1'767'225'600'000'000;  // 2026-01-01T00:00:00Z

// Every list the tests use, so that a test states only what it leaves out.
constexpr const char* kAll =
    R"({"AccountId":1,"FullFile":false,"ProductFieldsThatAreSet":[0,1,2,4,5,6,9],)"
    R"("ProductCultureFieldsThatAreSet":[0,2],"VariantFieldsThatAreSet":[0,1,2,3,4,5,16],)"
    R"("VariantCultureFieldsThatAreSet":[1],"SkuFieldsThatAreSet":[1,2,5,10,20],)"
    R"("SkuCultureFieldsThatAreSet":[0],"SkuPriceListFieldsThatAreSet":[3,4,6]})";

// A two-variant cluster as the .NET client sends it.
constexpr const char* kTshirt =
    R"([{"ManufacturerCode":"ACME","ManufacturerName":"Acme Ltd","Code":"TSHIRT","Alias":"Tee",)"
    R"("Cultures":[{"CultureCode":"en-US","Name":"T-shirt","SubHeader":"Cotton"}],)"
    R"("Variants":[{"ManufacturerPartNo":"TS-S","SortOrderValue":1,"IsDangerousGoods":false,)"
    R"("Cultures":[{"CultureCode":"en-US","Name":"T-shirt S"}],)"
    R"("Skus":[{"PartNo":"P-S","Status":1,"Type":"ErpStandard","EanCode":"7300000000017","IsBuyable":true}]},)"
    R"({"ManufacturerPartNo":"TS-M","SortOrderValue":2,)"
    R"("Skus":[{"PartNo":"P-M","Status":2,"Type":1,"EanCode":"7300000000024","IsBuyable":true}]}]}])";

// `s` with its first `from` replaced by `to`.
std::string replaced(std::string s, std::string_view from, std::string_view to) {
  const size_t at = s.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) s.replace(at, from.size(), to);
  return s;
}

class ImportProductsTest : public contract::BackendFixture {
 protected:
  void SetUp() override {
    BackendFixture::SetUp();
    if (IsSkipped()) return;
    client_ = contract::new_client(*store_, "a");
    app_ = *store_->system()->application(client_.application_id);
    job_.id = 1;
    job_.client_id = client_.client_id;
    job_.application_id = client_.application_id;
    job_.account_id = client_.account_id;
    job_.type = "Product/ImportProducts";
    kind_ = find_import("Product/ImportProducts");
    ASSERT_NE(kind_, nullptr);
  }

  std::vector<const registry::Resource*> store_resources() override { return res::catalog().all(); }

  // A row written as the Management API writes it (decoded, checked, saved).
  int64_t add(const registry::Resource& r, const std::string& body) {
    return importtest::add_row(*store_, client_, app_, r, body, kT0);
  }

  ChunkOutcome run(const std::string& header, const std::string& chunk) {
    job_.header = header;
    now_ += 1'000'000;
    auto tx = store_->write(client_.client_id, {"System", now_});
    ChunkOutcome out = apply_chunk(*kind_, *tx, app_, job_, chunk, now_);
    last_changes_ = tx->commit();
    return out;
  }

  std::optional<Entity> sku(const std::string& part_no) {
    auto r = store_->read(client_.client_id);
    auto id = r->find_unique(res::sku(), "PartNo", part_no);
    if (!id) return std::nullopt;
    return r->get(res::sku(), *id);
  }
  std::optional<Entity> product_of(const std::string& part_no) {
    auto s = sku(part_no);
    if (!s) return std::nullopt;
    auto id = FieldRef<int64_t>(res::sku(), "ProductId").get(*s);
    if (!id) return std::nullopt;
    return store_->read(client_.client_id)->get(res::product(), *id);
  }
  std::optional<int64_t> id_of(const registry::Resource& r, const std::string& code) {
    return store_->read(client_.client_id)->find_unique(r, "Code", code);
  }
  static std::optional<std::string> text(const Entity& e, const registry::Resource& r, std::string_view slot,
                                         const std::string& culture = "en-US") {
    const auto* t = e.texts_of(culture);
    if (!t) return std::nullopt;
    const size_t i = static_cast<size_t>(r.text_index(slot));
    return i < t->texts.size() ? t->texts[i] : std::nullopt;
  }
  static std::string messages(const ChunkOutcome& out) {
    std::string all;
    for (const auto& e : out.log) all += std::to_string(static_cast<int>(e.severity)) + " " + e.message + "\n";
    return all;
  }
  static int count(const ChunkOutcome& out, store::JobSeverity s) {
    return static_cast<int>(std::count_if(out.log.begin(), out.log.end(), [&](const auto& e) { return e.severity == s; }));
  }

  template <class T>
  static std::optional<T> get(const registry::Resource& r, const Entity& e, std::string_view member) {
    return FieldRef<T>(r, member).get(e);
  }

  store::CreatedClient client_;
  store::ApplicationRow app_;
  store::JobRow job_;
  const ImportKind* kind_ = nullptr;
  int64_t now_ = kT0;
  std::vector<store::Change> last_changes_;  // of the last run()
};

TEST_P(ImportProductsTest, CreatesATwoVariantClusterWithItsManufacturer) {
  auto out = run(kAll, kTshirt);
  EXPECT_EQ(out.fail, 0) << messages(out);
  EXPECT_EQ(out.inserts, 5) << "the manufacturer, two products, two SKUs";
  EXPECT_EQ(out.updates, 0);

  auto manufacturer = id_of(res::manufacturer(), "ACME");
  ASSERT_TRUE(manufacturer);
  auto s = product_of("P-S");
  auto m = product_of("P-M");
  ASSERT_TRUE(s && m);
  EXPECT_NE(s->id, m->id);
  for (const auto* p : {&*s, &*m}) {
    EXPECT_EQ(get<std::string>(res::product(), *p, "Code"), "TSHIRT");
    EXPECT_EQ(get<int64_t>(res::product(), *p, "ManufacturerId"), manufacturer);
    EXPECT_EQ(get<std::string>(res::product(), *p, "Alias"), "Tee");
    EXPECT_EQ(text(*p, res::product(), "SubHeader"), "Cotton") << "the product's texts are on every variant";
    EXPECT_EQ(get<std::string>(res::product(), *p, "ChangedBy"), "System") << "the transaction's author";
  }
  EXPECT_EQ(get<std::string>(res::product(), *s, "ManufacturerPartNo"), "TS-S");
  EXPECT_EQ(text(*s, res::product(), "Name"), "T-shirt S") << "the variant's own text wins";
  EXPECT_EQ(text(*m, res::product(), "Name"), "T-shirt");
  EXPECT_EQ(get<int64_t>(res::product(), *m, "SortOrderValue"), 2);
  auto sku_s = sku("P-S");
  EXPECT_EQ(get<int64_t>(res::sku(), *sku_s, "Status"), 1);
  EXPECT_EQ(get<int64_t>(res::sku(), *sku_s, "Type"), 1) << "an enum by name";
  EXPECT_EQ(get<std::string>(res::sku(), *sku_s, "EanCode"), "7300000000017");
  EXPECT_EQ(get<int64_t>(res::sku(), *sku("P-M"), "Status"), 2);
}

TEST_P(ImportProductsTest, TheSameChunkTwiceWritesNothingTheSecondTime) {
  add(res::price_list(), R"({"Code":"STD","Name":"Standard","TypeId":1,"CurrencyId":1,"IsPrimary":true})");
  const std::string chunk = replaced(kTshirt, R"("IsBuyable":true}]},)",
                                     R"("IsBuyable":true,"StandardPrice":{"PriceSale":100,"CostPurchase":40}}]},)");
  auto first = run(kAll, chunk);
  EXPECT_EQ(first.inserts, 6) << messages(first);
  auto second = run(kAll, chunk);
  EXPECT_EQ(second.inserts, 0) << messages(second);
  EXPECT_EQ(second.updates, 0) << messages(second);
  EXPECT_EQ(second.fail, 0);
  EXPECT_TRUE(last_changes_.empty()) << "no change-log entry either";
}

TEST_P(ImportProductsTest, KeysThatNameTwoProductsOrTwoSkusRefuseTheItem) {
  run(kAll, kTshirt);
  auto crossed = run(kAll, R"([{"ManufacturerCode":"ACME","Variants":[{"ManufacturerPartNo":"TS-S",)"
                           R"("Skus":[{"PartNo":"P-M","Status":6}]}]}])");
  EXPECT_EQ(crossed.fail, 1);
  EXPECT_NE(messages(crossed).find("belong to two different products"), std::string::npos) << messages(crossed);
  auto two = run(kAll, R"([{"ManufacturerCode":"ACME","Variants":[{"ManufacturerPartNo":"TS-S",)"
                       R"("Skus":[{"PartNo":"P-S"},{"PartNo":"P-S2"}]}]}])");
  EXPECT_EQ(two.fail, 1);
  EXPECT_NE(messages(two).find("Variants[0].Skus: one SKU per variant"), std::string::npos) << messages(two);
  auto other = run(kAll, R"([{"ManufacturerCode":"ACME","Variants":[{"ManufacturerPartNo":"TS-S",)"
                         R"("Skus":[{"PartNo":"P-NEW"}]}]}])");
  EXPECT_EQ(other.fail, 1);
  EXPECT_NE(messages(other).find("the product already has SKU 'P-S'"), std::string::npos) << messages(other);
  EXPECT_EQ(get<int64_t>(res::sku(), *sku("P-M"), "Status"), 2) << "nothing of them was written";
  EXPECT_FALSE(sku("P-S2"));
  EXPECT_FALSE(sku("P-NEW"));
}

TEST_P(ImportProductsTest, ALimitedUpdateWritesLikeAnUpdate) {
  run(kAll, kTshirt);
  auto out = run(R"({"AccountId":1,"ProductFieldsThatAreSet":[4,5],"ProductCultureFieldsThatAreSet":["NameLimitedUpdate"]})",
                 R"([{"Cultures":[{"CultureCode":"en-US","Name":"Tee","SubHeader":"not listed"}],)"
                 R"("Variants":[{"Skus":[{"PartNo":"P-M"}]}]}])");
  EXPECT_EQ(out.updates, 1) << messages(out);
  auto m = product_of("P-M");
  EXPECT_EQ(text(*m, res::product(), "Name"), "Tee");
  EXPECT_EQ(text(*m, res::product(), "SubHeader"), "Cotton");
}

TEST_P(ImportProductsTest, UpdatesBySkuPartNo) {
  run(kAll, kTshirt);
  auto out = run(kAll, R"([{"Variants":[{"Skus":[{"PartNo":"p-s","Status":5,"EanCode":"1"}]}]}])");
  EXPECT_EQ(out.fail, 0) << messages(out);
  EXPECT_EQ(out.inserts, 0);
  EXPECT_EQ(out.updates, 1) << "only the SKU changed: " << messages(out);
  auto s = sku("P-S");
  EXPECT_EQ(get<int64_t>(res::sku(), *s, "Status"), 5);
  EXPECT_EQ(get<std::string>(res::sku(), *s, "EanCode"), "1");
  EXPECT_EQ(get<std::string>(res::product(), *product_of("P-S"), "Code"), "TSHIRT") << "the cluster stays";
}

TEST_P(ImportProductsTest, UpdatesByManufacturerCodeAndManufacturerPartNo) {
  run(kAll, kTshirt);
  auto out = run(kAll, R"([{"ManufacturerCode":"acme","Variants":[{"ManufacturerPartNo":"TS-M","SortOrderValue":9,)"
                       R"("StockDisplayBreakPoint":5,"IsDagerousGoods":true}]}])");
  EXPECT_EQ(out.fail, 0) << messages(out);
  EXPECT_EQ(out.inserts, 0);
  EXPECT_EQ(out.updates, 1);
  auto m = product_of("P-M");
  EXPECT_EQ(get<int64_t>(res::product(), *m, "SortOrderValue"), 9);
  EXPECT_EQ(get<int64_t>(res::product(), *m, "StockDisplayBreakPoint"), 5);
  EXPECT_EQ(get<bool>(res::product(), *m, "IsDangerousGoods"), true) << "the docs' spelling is read too";
  EXPECT_EQ(get<int64_t>(res::product(), *product_of("P-S"), "SortOrderValue"), 1) << "the other variant is untouched";
}

TEST_P(ImportProductsTest, MembersTheHeaderDoesNotListAreIgnored) {
  run(kAll, kTshirt);
  const auto product_before = product_of("P-S");
  const auto sku_before = sku("P-S");
  // Every member present, defaulted as the .NET client sends them; only SKU Status is listed.
  auto out = run(R"({"AccountId":1,"FullFile":false,"ProductFieldsThatAreSet":[],"SkuFieldsThatAreSet":[1]})",
                 R"([{"ManufacturerCode":null,"ManufacturerName":null,"Alias":null,"Code":null,"Cultures":null,)"
                 R"("Categories":null,"Family":null,"ProductFlags":null,"ProductParametrics":null,)"
                 R"("Variants":[{"ManufacturerPartNo":null,"SortOrderValue":0,"StockDisplayBreakPoint":0,)"
                 R"("IsDangerousGoods":false,"TranslationRequested":null,"Cultures":null,"VariantFlags":null,)"
                 R"("Skus":[{"PartNo":"P-S","Status":3,"Type":0,"IntegrationPartNo":null,"EanCode":null,)"
                 R"("UnitOfMeasurementCount":0,"IsBuyable":false,"StandardPrice":null,"Cultures":null}]}]}])");
  EXPECT_EQ(out.fail, 0) << messages(out);
  EXPECT_EQ(out.updates, 1) << messages(out);
  const auto product_after = product_of("P-S");
  EXPECT_EQ(product_after->cells, product_before->cells) << "the product is untouched";
  const auto sku_after = sku("P-S");
  EXPECT_EQ(get<int64_t>(res::sku(), *sku_after, "Status"), 3);
  EXPECT_EQ(get<int64_t>(res::sku(), *sku_after, "Type"), 1);
  EXPECT_EQ(get<std::string>(res::sku(), *sku_after, "EanCode"), "7300000000017");
  EXPECT_EQ(get<bool>(res::sku(), *sku_after, "IsBuyable"), true);
}

TEST_P(ImportProductsTest, CreateOnlyMembersAreWrittenOnlyWhenTheImportCreatesTheRow) {
  const std::string header =
      R"({"AccountId":1,"ProductFieldsThatAreSet":[0,4],"SkuFieldsThatAreSet":["StatusCreateOnly"]})";
  const std::string item = R"([{"ManufacturerCode":"ACME","Variants":[{"ManufacturerPartNo":"X1",)"
                           R"("Skus":[{"PartNo":"X1","Status":STATUS}]}]}])";
  add(res::manufacturer(), R"({"Code":"ACME","Name":"Acme"})");
  auto with = [&](int status) { return replaced(item, "STATUS", std::to_string(status)); };
  auto created = run(header, with(2));
  EXPECT_EQ(created.inserts, 2) << messages(created);
  EXPECT_EQ(get<int64_t>(res::sku(), *sku("X1"), "Status"), 2);
  auto again = run(header, with(1));
  EXPECT_EQ(again.updates, 0) << messages(again);
  EXPECT_EQ(get<int64_t>(res::sku(), *sku("X1"), "Status"), 2);
}

TEST_P(ImportProductsTest, AnUnknownManufacturerNeedsItsName) {
  const std::string item = R"([{"ManufacturerCode":"NEW","ManufacturerName":NAME,)"
                           R"("Variants":[{"ManufacturerPartNo":"N1","Skus":[{"PartNo":"N1"}]}]}])";
  auto with = [&](const std::string& name) { return replaced(item, "NAME", name); };
  auto refused = run(kAll, with("null"));
  EXPECT_EQ(refused.fail, 1);
  EXPECT_EQ(refused.inserts, 0);
  ASSERT_EQ(count(refused, store::JobSeverity::Error), 1);
  EXPECT_NE(messages(refused).find("ManufacturerCode: there is no manufacturer 'NEW'"), std::string::npos)
      << messages(refused);
  EXPECT_FALSE(sku("N1")) << "nothing of a failed item is written";
  EXPECT_FALSE(id_of(res::manufacturer(), "NEW"));

  auto created = run(kAll, with("\"New Co\""));
  EXPECT_EQ(created.fail, 0) << messages(created);
  EXPECT_EQ(created.inserts, 3);
  auto id = id_of(res::manufacturer(), "NEW");
  ASSERT_TRUE(id);
  auto m = store_->read(client_.client_id)->get(res::manufacturer(), *id);
  EXPECT_EQ(get<std::string>(res::manufacturer(), *m, "Name"), "New Co");
  EXPECT_TRUE(get<std::string>(res::manufacturer(), *m, "Key")) << "the manufacturer's own rules ran";
  EXPECT_EQ(get<int64_t>(res::product(), *product_of("N1"), "ManufacturerId"), id);
}

TEST_P(ImportProductsTest, AFailedItemBlocksNothingAndNamesTheMember) {
  auto out = run(kAll, R"([{"ManufacturerCode":"ACME","ManufacturerName":"Acme",)"
                       R"("Variants":[{"ManufacturerPartNo":"B1","Skus":[{"PartNo":"B1","Status":99}]}]},)"
                       R"({"ManufacturerCode":"ACME","ManufacturerName":"Acme",)"
                       R"("Variants":[{"ManufacturerPartNo":"G1","Skus":[{"PartNo":"G1","Status":1}]}]}])");
  EXPECT_EQ(out.fail, 1);
  EXPECT_NE(messages(out).find("Variants[0].Skus[0].Status"), std::string::npos) << messages(out);
  EXPECT_FALSE(sku("B1"));
  EXPECT_TRUE(sku("G1"));
  EXPECT_EQ(out.inserts, 3) << "the manufacturer once, with the good item";
}

TEST_P(ImportProductsTest, CodeIsRequiredForSeveralVariants) {
  auto out = run(kAll, replaced(kTshirt, R"("Code":"TSHIRT",)", ""));
  EXPECT_EQ(out.fail, 1);
  EXPECT_NE(messages(out).find("Code: required when the product has several variants"), std::string::npos)
      << messages(out);
}

TEST_P(ImportProductsTest, AnUnknownFamilyIsAWarningAndNotCreated) {
  const int64_t trail = add(res::family(), R"({"Code":"TRAIL","Name":"Trail"})");
  auto out = run(kAll, replaced(kTshirt, R"("Alias")", R"("Family":{"Code":"NOPE","Name":"Nope"},"Alias")"));
  EXPECT_EQ(out.fail, 0) << messages(out);
  EXPECT_EQ(count(out, store::JobSeverity::Warning), 1) << "one warning for the item: " << messages(out);
  EXPECT_NE(messages(out).find("Family.Code: there is no family 'NOPE'"), std::string::npos) << messages(out);
  EXPECT_FALSE(id_of(res::family(), "NOPE"));
  EXPECT_FALSE(get<int64_t>(res::product(), *product_of("P-S"), "FamilyId"));

  auto known = run(kAll, R"([{"Family":{"Code":"trail"},"Variants":[{"Skus":[{"PartNo":"P-S"}]}]}])");
  EXPECT_EQ(known.updates, 1) << messages(known);
  EXPECT_EQ(get<int64_t>(res::product(), *product_of("P-S"), "FamilyId"), trail);
}

TEST_P(ImportProductsTest, AVariantGroupByCode) {
  const int64_t size = add(res::variant_group(), R"({"Name":"Size","Code":"SIZE","IsActive":true})");
  const std::string header = replaced(kAll, "[0,1,2,4,5,6,9]", "[0,1,4,5,12]");
  const auto item = [](const std::string& group) {
    return R"([{"ManufacturerCode":"ACME","ManufacturerName":"Acme","VariantDefinitionGroup":)" + group +
           R"(,"Variants":[{"ManufacturerPartNo":"V1","Skus":[{"PartNo":"V1"}]}]}])";
  };
  auto unknown = run(header, item(R"({"Code":"COLOUR","Name":"Colour"})"));
  EXPECT_EQ(unknown.fail, 0) << messages(unknown);
  EXPECT_NE(messages(unknown).find("VariantDefinitionGroup.Code: there is no variant group 'COLOUR'"), std::string::npos)
      << messages(unknown);
  EXPECT_FALSE(get<int64_t>(res::product(), *product_of("V1"), "VariantGroupId"));
  auto known = run(header, item(R"({"Code":"size","Types":[{"Code":"SIZE","SortOrder":1}]})"));
  EXPECT_EQ(known.updates, 1) << messages(known);
  EXPECT_NE(messages(known).find("VariantDefinitionGroup.Types are not imported yet"), std::string::npos);
  EXPECT_EQ(get<int64_t>(res::product(), *product_of("V1"), "VariantGroupId"), size);
}

TEST_P(ImportProductsTest, CategoriesAndFlagsByCode) {
  const int64_t shirts = add(res::category(), R"({"Code":"SHIRTS","Name":"Shirts"})");
  const int64_t summer = add(res::category(), R"({"Code":"SUMMER","Name":"Summer"})");
  const int64_t group = add(res::product_flag_group(), R"({"Code":"ECO","Name":"Eco","IsMultipleChoice":false})");
  const std::string flags = R"(,"GroupId":)" + std::to_string(group) + "}";
  const int64_t labelled = add(res::product_flag(), R"({"TypeId":1,"Code":"LABELLED","Name":"Labelled")" + flags);
  const int64_t recycled = add(res::product_flag(), R"({"TypeId":1,"Code":"RECYCLED","Name":"Recycled")" + flags);
  const auto item = [](const std::string& members) {
    return R"([{"ManufacturerCode":"ACME","ManufacturerName":"Acme",)" + members +
           R"(,"Variants":[{"ManufacturerPartNo":"C1","Skus":[{"PartNo":"C1"}]}]}])";
  };
  auto out = run(kAll, item(R"("Categories":[{"Code":"SHIRTS","SortOrder":3},{"Code":"GONE","SortOrder":1},)"
                            R"({"Code":"summer","SortOrder":null}],"ProductFlags":[{"Code":"LABELLED","IsSet":true},)"
                            R"({"Code":"NOPE","IsSet":true}])"));
  EXPECT_EQ(out.fail, 0) << messages(out);
  EXPECT_EQ(count(out, store::JobSeverity::Warning), 2) << messages(out);
  EXPECT_NE(messages(out).find("Categories[1].Code: there is no category 'GONE'"), std::string::npos) << messages(out);
  EXPECT_NE(messages(out).find("ProductFlags[1].Code: there is no product flag 'NOPE'"), std::string::npos);
  auto p = product_of("C1");
  ASSERT_TRUE(p);
  auto categories = p->collections[0];
  std::sort(categories.begin(), categories.end());
  EXPECT_EQ(categories, (std::vector<std::vector<int64_t>>{{shirts, 3}, {summer, INT64_MIN}}));
  EXPECT_EQ(p->collections[1], (std::vector<std::vector<int64_t>>{{labelled}}));

  // A single-choice group: setting one flag clears the other; IsSet false clears it; categories are replaced.
  out = run(kAll, item(R"("Categories":[{"Code":"SUMMER","SortOrder":1}],"ProductFlags":[{"Code":"RECYCLED","IsSet":true}])"));
  EXPECT_EQ(out.updates, 1) << messages(out);
  p = product_of("C1");
  EXPECT_EQ(p->collections[0], (std::vector<std::vector<int64_t>>{{summer, 1}}));
  EXPECT_EQ(p->collections[1], (std::vector<std::vector<int64_t>>{{recycled}}));
  out = run(kAll, item(R"("ProductFlags":[{"Code":"RECYCLED","IsSet":false}])"));
  EXPECT_TRUE(product_of("C1")->collections[1].empty()) << messages(out);
}

TEST_P(ImportProductsTest, TextsInACultureOfTheClientOnly) {
  auto out = run(kAll, R"([{"ManufacturerCode":"ACME","ManufacturerName":"Acme",)"
                       R"("Cultures":[{"CultureCode":"xx-XX","Name":"Nope"},{"CultureCode":"EN-us","Name":"Boot"}],)"
                       R"("Variants":[{"ManufacturerPartNo":"B1","Skus":[{"PartNo":"B1",)"
                       R"("Cultures":[{"CultureCode":"en-US","ErpName":"BOOT 42","Comment":"not listed"}]}]}]}])");
  EXPECT_EQ(out.fail, 0) << messages(out);
  EXPECT_NE(messages(out).find("Cultures[0]: 'xx-XX' is not a culture of the client; skipped."), std::string::npos)
      << messages(out);
  auto p = product_of("B1");
  EXPECT_EQ(text(*p, res::product(), "Name"), "Boot");
  EXPECT_FALSE(p->texts_of("xx-XX"));
  auto s = sku("B1");
  EXPECT_EQ(text(*s, res::sku(), "ErpName"), "BOOT 42");
  EXPECT_EQ(text(*s, res::sku(), "Comment"), std::nullopt) << "Comment is not listed";
}

TEST_P(ImportProductsTest, AStandardPriceOfNullOrZeroNeverOverwrites) {
  add(res::price_list(), R"({"Code":"OTHER","Name":"Other","TypeId":1,"CurrencyId":1})");
  const int64_t standard =
      add(res::price_list(), R"({"Code":"STD","Name":"Standard","TypeId":1,"CurrencyId":1,"IsPrimary":true})");
  const auto item = [](const std::string& price) {
    return R"([{"ManufacturerCode":"ACME","ManufacturerName":"Acme",)"
           R"("Variants":[{"ManufacturerPartNo":"S1","Skus":[{"PartNo":"S1","StandardPrice":)" +
           price + "}]}]}]";
  };
  auto out = run(kAll, item(R"({"PriceSale":100.50,"CostPurchase":40,"PriceRecommended":120,"PriceCatalog":999})"));
  EXPECT_EQ(out.inserts, 4) << messages(out);
  auto stored = [&] {
    auto r = store_->read(client_.client_id);
    registry::ListQuery q;
    auto rows = r->list(res::sku_price_list(), q);
    EXPECT_EQ(rows.size(), 1u);
    return rows.front();
  };
  auto price = stored();
  EXPECT_EQ(get<int64_t>(res::sku_price_list(), price, "PriceListId"), standard) << "the primary list";
  EXPECT_EQ(get<int64_t>(res::sku_price_list(), price, "QuantityBreak"), 1);
  EXPECT_EQ(get<Decimal>(res::sku_price_list(), price, "PriceSale"), Decimal::parse("100.5"));
  EXPECT_FALSE(get<Decimal>(res::sku_price_list(), price, "PriceCatalog")) << "PriceCatalog is not listed";

  out = run(kAll, item(R"({"PriceSale":0,"CostPurchase":null,"PriceRecommended":0})"));
  EXPECT_EQ(out.updates, 0) << messages(out);
  EXPECT_EQ(get<Decimal>(res::sku_price_list(), stored(), "PriceSale"), Decimal::parse("100.5"));

  // A price missing a member IgnoreSkuPriceListFieldsWhenEmpty names is skipped, with a warning.
  const std::string ignoring =
      R"({"AccountId":1,"ProductFieldsThatAreSet":[0,1,4],"SkuFieldsThatAreSet":[20],)"
      R"("SkuPriceListFieldsThatAreSet":[3,4],"IgnoreSkuPriceListFieldsWhenEmpty":[4]})";
  out = run(ignoring, item(R"({"PriceSale":80,"CostPurchase":0})"));
  EXPECT_EQ(out.updates, 0) << messages(out);
  EXPECT_NE(messages(out).find("skipped, CostPurchase is empty"), std::string::npos) << messages(out);
  out = run(ignoring, item(R"({"PriceSale":80,"CostPurchase":30})"));
  EXPECT_EQ(out.updates, 1) << messages(out);
  EXPECT_EQ(get<Decimal>(res::sku_price_list(), stored(), "PriceSale"), Decimal::from_int(80));
}

TEST_P(ImportProductsTest, ListedDataNotImportedYetIsOneWarningPerItem) {
  const std::string header = replaced(replaced(kAll, "[0,1,2,4,5,6,9]", "[0,1,3,4,5,14]"), "[0,1,2,3,4,5,16]",
                                      "[0,1,2,3,4,5,12,16]");
  auto out = run(header, R"([{"ManufacturerCode":"ACME","ManufacturerName":"Acme","Code":"I",)"
                         R"("AssortmentCode":"A","MainImage":{"Url":"http://y"},)"
                         R"("Variants":[{"ManufacturerPartNo":"I1","DeliveryMethods":[{"Code":"A"}],"Skus":[{"PartNo":"I1"}]},)"
                         R"({"ManufacturerPartNo":"I2","DeliveryMethods":[{"Code":"B"}],"Skus":[{"PartNo":"I2"}]}]}])");
  EXPECT_EQ(out.fail, 0) << messages(out);
  EXPECT_EQ(count(out, store::JobSeverity::Warning), 2) << "MainImage is not listed (and images are imported): " << messages(out);
  EXPECT_NE(messages(out).find("DeliveryMethods are not imported yet"), std::string::npos) << messages(out);
  EXPECT_NE(messages(out).find("AssortmentCode: there is no assortment 'A'"), std::string::npos)
      << "AssortmentCode is imported (tests/api/connect_import_sku_rows_test.cpp): " << messages(out);
}

TEST_P(ImportProductsTest, ParametricValuesByTheParametricsType) {
  const int64_t weight = add(res::parametric(), R"({"Code":"WEIGHT","Name":"Weight","Type":"int","IsActive":true})");
  const int64_t material = add(res::parametric(), R"({"Code":"MATERIAL","Name":"Material","Type":"text","IsActive":true})");
  const int64_t colour = add(res::parametric(), R"({"Code":"COLOUR","Name":"Colour","Type":"list","IsActive":true})");
  const int64_t features = add(res::parametric(), R"({"Code":"FEATURES","Name":"Features","Type":"multiple","IsActive":true})");
  const auto of = [](int64_t id) { return R"({"ParametricId":)" + std::to_string(id); };
  const int64_t red = add(res::parametric_list(), of(colour) + R"(,"Code":"RED","Value":"Red"})");
  const int64_t blue = add(res::parametric_list(), of(colour) + R"(,"Code":"BLUE","Value":"Blue"})");
  const int64_t waterproof = add(res::parametric_multiple(), of(features) + R"(,"Code":"WATERPROOF","Value":"Waterproof"})");
  const std::string header = replaced(replaced(kAll, "[0,1,2,4,5,6,9]", "[0,1,4,5,10]"), "[0,1,2,3,4,5,16]", "[4,8]");
  const std::string chunk =
      R"([{"ManufacturerCode":"ACME","ManufacturerName":"Acme","Code":"JACKET","ProductParametrics":[)"
      R"({"ParametricCode":"WEIGHT","ValueInteger":800,"ValueDecimal":null,"ValueBoolean":null,"Cultures":null},)"
      R"({"ParametricCode":"material","ValueInteger":null,"Cultures":[{"CultureCode":"en-US","ValueText":"Nylon"}]},)"
      R"({"ParametricCode":"COLOUR","ValueList":{"Code":"red"}},)"
      R"({"ParametricCode":"FEATURES","MultipleValueList":[{"Code":"WATERPROOF"},{"Code":"NOPE"}]},)"
      R"({"ParametricCode":"UNKNOWN","ValueInteger":1}],)"
      R"("Variants":[{"ManufacturerPartNo":"J1","VariantParametrics":[{"ParametricCode":"COLOUR","ValueList":{"Code":"BLUE"}}],)"
      R"("Skus":[{"PartNo":"J1"}]},{"ManufacturerPartNo":"J2","Skus":[{"PartNo":"J2"}]}]}])";
  auto out = run(header, chunk);
  EXPECT_EQ(out.fail, 0) << messages(out);
  EXPECT_EQ(out.inserts, 1 + 2 + 2 + 8) << messages(out);
  EXPECT_NE(messages(out).find("MultipleValueList[1].Code: the parametric has no value 'NOPE'"), std::string::npos)
      << messages(out);
  EXPECT_NE(messages(out).find("ProductParametrics[4].ParametricCode: there is no parametric 'UNKNOWN'"), std::string::npos)
      << messages(out);
  const auto values = [&](const std::string& part_no) {
    registry::ListQuery q;
    q.where = registry::Expr::cmp(registry::Expr::Op::Eq, "ProductId", product_of(part_no)->id);
    std::map<int64_t, Entity> by_parametric;
    for (auto& e : store_->read(client_.client_id)->list(res::product_parametric(), q))
      by_parametric[*get<int64_t>(res::product_parametric(), e, "ParametricId")] = e;
    return by_parametric;
  };
  auto j1 = values("J1"), j2 = values("J2");
  ASSERT_EQ(j1.size(), 4u);
  ASSERT_EQ(j2.size(), 4u);
  EXPECT_EQ(get<int64_t>(res::product_parametric(), j2[weight], "ValueInteger"), 800);
  EXPECT_EQ(text(j2[material], res::product_parametric(), "ValueText"), "Nylon");
  EXPECT_EQ(get<int64_t>(res::product_parametric(), j2[colour], "ValueListId"), red);
  EXPECT_EQ(get<int64_t>(res::product_parametric(), j1[colour], "ValueListId"), blue) << "the variant's own value wins";
  EXPECT_EQ(j1[features].collections[0], (std::vector<std::vector<int64_t>>{{waterproof}}));

  auto again = run(header, chunk);
  EXPECT_EQ(again.inserts + again.updates, 0) << messages(again);

  // A null value removes the product's value; ParametricsCleanup removes the ones the item does not name.
  auto cleaned = run(replaced(header, "[0,1,4,5,10]", "[0,1,4,5,10,18]"),
                     R"([{"Code":"JACKET","ProductParametrics":[{"ParametricCode":"WEIGHT","ValueInteger":null},)"
                     R"({"ParametricCode":"COLOUR","ValueList":{"Code":"RED"}}],)"
                     R"("Variants":[{"Skus":[{"PartNo":"J1"}]},{"Skus":[{"PartNo":"J2"}]}]}])");
  EXPECT_EQ(cleaned.fail, 0) << messages(cleaned);
  j1 = values("J1");
  j2 = values("J2");
  EXPECT_EQ(j1.size(), 1u);
  EXPECT_EQ(get<int64_t>(res::product_parametric(), j1[colour], "ValueListId"), red);
  EXPECT_EQ(j2.size(), 1u);
  EXPECT_EQ(cleaned.updates, 1 + 3 + 3) << "J1's colour, and three values removed from each";
}

TEST_P(ImportProductsTest, AFullFileDeactivatesTheProductsItLeavesOut) {
  run(kAll, kTshirt);
  run(kAll, R"([{"ManufacturerCode":"ACME","Code":"CAP","Variants":[{"ManufacturerPartNo":"CAP","Skus":[{"PartNo":"CAP"}]}]}])");
  ASSERT_NE(kind_->full_file, nullptr);
  job_.header = replaced(kAll, R"("FullFile":false)", R"("FullFile":true)");
  const std::string feed = R"([{"Code":"TSHIRT","Variants":[{"Skus":[{"PartNo":"P-S"}]},{"Skus":[{"PartNo":"P-M"}]}]}])";
  auto items = [&](const ItemVisitor& visit) {
    auto doc = json::parse(feed);
    for (const auto& v : doc->items()) visit({feed, v});
  };
  ChunkOutcome outcome;
  {
    auto tx = store_->write(client_.client_id, {"System", kT0});
    auto scope = full_file_step(*kind_, *tx, app_, job_, items, kT0, false, outcome);
    EXPECT_EQ(scope.deactivate, 1);
    EXPECT_EQ(scope.active, 3);
  }
  auto tx = store_->write(client_.client_id, {"System", kT0});
  auto scope = full_file_step(*kind_, *tx, app_, job_, items, kT0, true, outcome);
  tx->commit();
  EXPECT_EQ(scope.deactivate, 1);
  EXPECT_EQ(outcome.updates, 1);
  EXPECT_EQ(get<bool>(res::product(), *product_of("CAP"), "IsActive"), false);
  EXPECT_EQ(get<bool>(res::product(), *product_of("P-S"), "IsActive"), true);
  // Named again, it comes back.
  auto back = run(kAll, R"([{"Code":"CAP","Variants":[{"Skus":[{"PartNo":"CAP"}]}]}])");
  EXPECT_EQ(back.updates, 1) << messages(back);
  EXPECT_EQ(get<bool>(res::product(), *product_of("CAP"), "IsActive"), true);
}

// The whole path a client's job takes: accepted, claimed by the runner, applied chunk by chunk, the full feed
// deactivating what it leaves out after the last chunk.
TEST_P(ImportProductsTest, AJobRunsThroughTheRunner) {
  run(kAll, kTshirt);
  run(kAll, R"([{"ManufacturerCode":"ACME","Code":"CAP","Variants":[{"ManufacturerPartNo":"CAP","Skus":[{"PartNo":"CAP"}]}]}])");
  store::NewJob j;
  j.client_id = client_.client_id;
  j.application_id = client_.application_id;
  j.account_id = client_.account_id;
  j.type = "Product/ImportProducts";
  j.header = replaced(kAll, R"("FullFile":false)", R"("FullFile":true)");
  j.chunks = {R"([{"Code":"TSHIRT","Variants":[{"Skus":[{"PartNo":"P-S","Status":4}]},{"Skus":[{"PartNo":"P-M"}]}]}])",
              R"({"ManufacturerCode":"ACME","Code":"SOCK","Variants":[{"ManufacturerPartNo":"SOCK","Skus":[{"PartNo":"SOCK"}]}]})"
              R"({"Code":"BAD","Variants":[{"Skus":[{"PartNo":"NOPE"}]}]})"};
  j.totals = 3;
  j.at = now_;
  const int64_t id = store_->jobs().submit(j);
  ManualClock clock(now_);
  RunnerOptions o;
  o.clock = &clock;
  JobRunner runner(*store_, import_kinds(), o);
  ASSERT_TRUE(runner.run_once("test-1"));
  auto job = store_->jobs().get(client_.client_id, id);
  ASSERT_TRUE(job);
  std::string log;
  for (const auto& e : store_->jobs().log(client_.client_id, id)) log += e.message + "\n";
  EXPECT_EQ(job->status, store::JobStatus::Succeeded) << log;
  EXPECT_EQ(job->inserts, 2) << "SOCK's product and SKU: " << log;
  EXPECT_EQ(job->updates, 2) << "P-S's SKU, and CAP deactivated: " << log;
  EXPECT_EQ(job->fail, 1) << log;
  EXPECT_NE(log.find("Product 'BAD': ManufacturerCode: required to create a product."), std::string::npos) << log;
  EXPECT_EQ(get<int64_t>(res::sku(), *sku("P-S"), "Status"), 4);
  EXPECT_EQ(get<bool>(res::product(), *product_of("CAP"), "IsActive"), false);
  EXPECT_EQ(get<bool>(res::product(), *product_of("SOCK"), "IsActive"), true);
}

TEST(ProductHeader, DependenciesBetweenListsAre400sNamingTheMember) {
  const ImportKind* kind = find_import("product/importproducts");
  ASSERT_NE(kind, nullptr);
  const HeaderSpec& spec = kind->header();
  auto field = [&](const std::string& h) {
    auto parsed = parse_header(h, spec);
    return parsed ? std::string() : parsed.problem().errors.at(0).field;
  };
  EXPECT_EQ(field(R"({"AccountId":1,"ProductFieldsThatAreSet":[0],"VariantFieldsThatAreSet":[1]})"),
            "X-StormConnect-Header.VariantFieldsThatAreSet");
  EXPECT_EQ(field(R"({"AccountId":1,"ProductFieldsThatAreSet":[4],"VariantFieldsThatAreSet":[1]})"), "");
  EXPECT_EQ(field(R"({"AccountId":1,"ProductFieldsThatAreSet":[4],"ProductCultureFieldsThatAreSet":[0]})"),
            "X-StormConnect-Header.ProductCultureFieldsThatAreSet");
  EXPECT_EQ(field(R"({"AccountId":1,"ProductFieldsThatAreSet":[4],"VariantFieldsThatAreSet":[1],)"
                  R"("VariantCultureFieldsThatAreSet":[1]})"),
            "X-StormConnect-Header.VariantCultureFieldsThatAreSet");
  EXPECT_EQ(field(R"({"AccountId":1,"SkuFieldsThatAreSet":[20],"SkuPriceListFieldsThatAreSet":[3],)"
                  R"("IgnoreSkuPriceListFieldsWhenEmpty":[3,6]})"),
            "X-StormConnect-Header.IgnoreSkuPriceListFieldsWhenEmpty");
  EXPECT_EQ(field(R"({"AccountId":1,"SkuFieldsThatAreSet":[1],"SkuPriceListFieldsThatAreSet":[3],)"
                  R"("IgnoreSkuPriceListFieldsWhenEmpty":[3]})"),
            "X-StormConnect-Header.IgnoreSkuPriceListFieldsWhenEmpty");
  // The docs' example, and names in the docs' spelling.
  EXPECT_EQ(field(R"({"AccountId":1,"FullFile":false,"ProductFieldsThatAreSet":[0,1,4,6],)"
                  R"("VariantFieldsThatAreSet":[0,4,5],"VariantCultureFieldsThatAreSet":[0,1,10],)"
                  R"("SkuFieldsThatAreSet":[1,2,7,8,20,21],"SkuCultureFieldsThatAreSet":[0],)"
                  R"("SkuPriceListFieldsThatAreSet":[5,6,10],"SerializationType":0,)"
                  R"("IgnoreSkuPriceListFieldsWhenEmpty":[6,10]})"),
            "");
  auto named = parse_header(R"({"AccountId":1,"ProductFieldsThatAreSet":["AdditionalImagesCleanUp","parametricscleanup"]})",
                            spec);
  ASSERT_TRUE(named);
  EXPECT_EQ(named->list("ProductFieldsThatAreSet"), (std::vector<int>{17, 18}));
  EXPECT_TRUE(named->spec->has_full_file);
}

// --- Images (issue 9): ProductImage rows, stored as references -------------------------------------------

class ImportProductImagesTest : public ImportProductsTest {
 protected:
  void SetUp() override {
    ImportProductsTest::SetUp();
    if (IsSkipped()) return;
    main_type_ = add(res::file(), R"({"Code":"MainImage","Name":"Main image","TypeId":1,"IsActive":true})");
    extra_type_ = add(res::file(), R"({"Code":"Additional","Name":"Additional","TypeId":3,"IsActive":true})");
  }
  // kAll with MainImage and AdditionalImages listed at both levels, and `extra` product fields.
  static std::string header(const std::string& extra = "") {
    return replaced(replaced(kAll, "[0,1,2,4,5,6,9]", "[0,1,2,4,5,6,7,8,9" + extra + "]"), "[0,1,2,3,4,5,16]",
                    "[0,1,2,3,4,5,6,7,16]");
  }
  static std::string image(const std::string& type, const std::string& code, const std::string& url,
                           const std::string& more = "") {
    return R"({"FileTypeName":")" + type + R"(","ExternalCode":")" + code + R"(","Url":")" + url + "\"" + more + "}";
  }
  // The product's images by ExternalCode.
  std::map<std::string, Entity> images_of(const std::string& part_no) {
    std::map<std::string, Entity> out;
    auto p = product_of(part_no);
    if (!p) return out;
    registry::ListQuery q;
    q.where = registry::Expr::cmp(registry::Expr::Op::Eq, "ProductId", p->id);
    for (auto& e : store_->read(client_.client_id)->list(res::product_image(), q))
      out.emplace(*get<std::string>(res::product_image(), e, "ExternalCode"), std::move(e));
    return out;
  }
  static bool is_main(const Entity& e) { return get<bool>(res::product_image(), e, "IsMain").value_or(false); }
  static std::optional<std::string> url(const Entity& e) { return get<std::string>(res::product_image(), e, "Url"); }

  int64_t main_type_ = 0;
  int64_t extra_type_ = 0;
};

TEST_P(ImportProductImagesTest, MainAndAdditionalImagesWithTheirFileTypeAndTexts) {
  const std::string chunk =
      R"([{"ManufacturerCode":"ACME","ManufacturerName":"Acme","Code":"CAP","MainImage":)" +
      image("MainImage", "IMG-1", "https://cdn.example.com/img/cap.jpg?v=2",
            R"(,"Cultures":[{"CultureCode":"en-US","Name":"Cap","AltText":"A red cap"}])") +
      R"(,"AdditionalImages":[)" + image("Additional", "IMG-2", "https://cdn.example.com/img/side.png", R"(,"Filename":"cap-side.png")") +
      R"(],"Variants":[{"ManufacturerPartNo":"C1","Skus":[{"PartNo":"C1"}]},{"ManufacturerPartNo":"C2","Skus":[{"PartNo":"C2"}]}]}])";
  auto out = run(header(), chunk);
  EXPECT_EQ(out.fail, 0) << messages(out);
  EXPECT_EQ(count(out, store::JobSeverity::Warning), 0) << messages(out);
  EXPECT_EQ(out.inserts, 1 + 2 + 2 + 4) << "manufacturer, products, SKUs, two images per product: " << messages(out);
  for (const char* part_no : {"C1", "C2"}) {
    auto images = images_of(part_no);
    ASSERT_EQ(images.size(), 2u) << part_no;
    const Entity& main = images.at("IMG-1");
    const Entity& extra = images.at("IMG-2");
    EXPECT_TRUE(is_main(main));
    EXPECT_FALSE(is_main(extra));
    EXPECT_EQ(get<int64_t>(res::product_image(), main, "FileTypeId"), main_type_);
    EXPECT_EQ(get<int64_t>(res::product_image(), extra, "FileTypeId"), extra_type_);
    EXPECT_EQ(url(main), "https://cdn.example.com/img/cap.jpg?v=2");
    EXPECT_EQ(get<std::string>(res::product_image(), main, "Filename"), "cap.jpg") << "from the Url";
    EXPECT_EQ(get<std::string>(res::product_image(), extra, "Filename"), "cap-side.png") << "as given";
    EXPECT_EQ(get<int64_t>(res::product_image(), extra, "SortOrder"), 1);
    EXPECT_EQ(text(main, res::product_image(), "Name"), "Cap");
    EXPECT_EQ(text(main, res::product_image(), "AltText"), "A red cap");
    EXPECT_EQ(text(main, res::product_image(), "Description"), std::nullopt);
  }

  auto again = run(header(), chunk);
  EXPECT_EQ(again.inserts, 0) << messages(again);
  EXPECT_EQ(again.updates, 0) << messages(again);
  EXPECT_TRUE(last_changes_.empty()) << "no change-log entry either";

  auto moved = run(header(), replaced(chunk, "img/side.png", "img/side-2.png"));
  EXPECT_EQ(moved.inserts, 0) << messages(moved);
  EXPECT_EQ(moved.updates, 2) << "IMG-2 of each product: " << messages(moved);
  EXPECT_EQ(url(images_of("C2").at("IMG-2")), "https://cdn.example.com/img/side-2.png");
  EXPECT_EQ(get<std::string>(res::product_image(), images_of("C2").at("IMG-2"), "Filename"), "cap-side.png");
}

TEST_P(ImportProductImagesTest, ImageCultureFieldsThatAreSetLimitTheTexts) {
  const std::string chunk =
      R"([{"ManufacturerCode":"ACME","ManufacturerName":"Acme","Code":"CAP","MainImage":)" +
      image("MainImage", "IMG-1", "https://x/cap.jpg",
            R"(,"Cultures":[{"CultureCode":"en-US","Name":"Cap","Description":"Red","AltText":"A red cap"}])") +
      R"(,"Variants":[{"ManufacturerPartNo":"C1","Skus":[{"PartNo":"C1"}]}]}])";
  std::string h = header();
  h.insert(h.size() - 1, R"(,"ImageCultureFieldsThatAreSet":[2])");
  auto out = run(h, chunk);
  EXPECT_EQ(out.fail, 0) << messages(out);
  const Entity main = images_of("C1").at("IMG-1");
  EXPECT_EQ(text(main, res::product_image(), "AltText"), "A red cap");
  EXPECT_EQ(text(main, res::product_image(), "Name"), std::nullopt) << "not listed";
  EXPECT_EQ(text(main, res::product_image(), "Description"), std::nullopt) << "not listed";
}

TEST_P(ImportProductImagesTest, AnUnknownFileTypeOrNoUrlIsAWarningAndThatImageIsSkipped) {
  auto out = run(header(), R"([{"ManufacturerCode":"ACME","ManufacturerName":"Acme","Code":"CAP","AdditionalImages":[)" +
                               image("Poster", "IMG-1", "https://x/a.jpg") + "," +
                               R"({"FileTypeName":"Additional","ExternalCode":"IMG-2"},)" +
                               image("additional", "IMG-3", "https://x/c.jpg") +
                               R"(],"Variants":[{"ManufacturerPartNo":"C1","Skus":[{"PartNo":"C1"}]}]}])");
  EXPECT_EQ(out.fail, 0) << messages(out);
  EXPECT_EQ(count(out, store::JobSeverity::Warning), 2) << messages(out);
  EXPECT_NE(messages(out).find("AdditionalImages[0].FileTypeName: there is no file type 'Poster'; skipped."),
            std::string::npos) << messages(out);
  EXPECT_NE(messages(out).find("AdditionalImages[1]: no Url; skipped."), std::string::npos) << messages(out);
  auto images = images_of("C1");
  ASSERT_EQ(images.size(), 1u) << "the file type's code, letter case ignored";
  EXPECT_EQ(get<int64_t>(res::product_image(), images.at("IMG-3"), "FileTypeId"), extra_type_);
}

TEST_P(ImportProductImagesTest, AVariantsImageWinsAndIsMainMoves) {
  auto out = run(header(), R"([{"ManufacturerCode":"ACME","ManufacturerName":"Acme","Code":"CAP","MainImage":)" +
                               image("MainImage", "IMG-1", "https://x/p1.jpg") +
                               R"(,"Variants":[{"ManufacturerPartNo":"C1","MainImage":)" +
                               image("MainImage", "IMG-2", "https://x/v2.jpg") + R"(,"AdditionalImages":[)" +
                               image("Additional", "IMG-1", "https://x/v1.jpg") +
                               R"(],"Skus":[{"PartNo":"C1"}]},{"ManufacturerPartNo":"C2","Skus":[{"PartNo":"C2"}]}]}])");
  EXPECT_EQ(out.fail, 0) << messages(out);
  auto c1 = images_of("C1");
  ASSERT_EQ(c1.size(), 2u);
  EXPECT_TRUE(is_main(c1.at("IMG-2"))) << "the variant's main image";
  EXPECT_FALSE(is_main(c1.at("IMG-1")));
  EXPECT_EQ(url(c1.at("IMG-1")), "https://x/v1.jpg") << "the variant's image wins";
  auto c2 = images_of("C2");
  ASSERT_EQ(c2.size(), 1u);
  EXPECT_TRUE(is_main(c2.at("IMG-1")));
  EXPECT_EQ(url(c2.at("IMG-1")), "https://x/p1.jpg");

  // Another main image: the product's earlier main image is no longer main.
  auto moved = run(header(), R"([{"Code":"CAP","MainImage":)" + image("MainImage", "IMG-3", "https://x/p3.jpg") +
                                 R"(,"Variants":[{"ManufacturerPartNo":"C2","Skus":[{"PartNo":"C2"}]}]}])");
  EXPECT_EQ(moved.fail, 0) << messages(moved);
  c2 = images_of("C2");
  ASSERT_EQ(c2.size(), 2u);
  EXPECT_TRUE(is_main(c2.at("IMG-3")));
  EXPECT_FALSE(is_main(c2.at("IMG-1")));
}

TEST_P(ImportProductImagesTest, CleanupRemovesTheImagesTheItemDoesNotName) {
  const std::string item = R"([{"ManufacturerCode":"ACME","ManufacturerName":"Acme","Code":"CAP",)";
  const std::string variants = R"(,"Variants":[{"ManufacturerPartNo":"C1","Skus":[{"PartNo":"C1"}]}]}])";
  auto out = run(header(), item + R"("MainImage":)" + image("MainImage", "IMG-1", "https://x/1.jpg") +
                               R"(,"AdditionalImages":[)" + image("Additional", "IMG-2", "https://x/2.jpg") + "," +
                               image("Additional", "IMG-3", "https://x/3.jpg") + "]" + variants);
  EXPECT_EQ(out.fail, 0) << messages(out);
  ASSERT_EQ(images_of("C1").size(), 3u);

  // Without a cleanup switch, the images the item leaves out stay.
  run(header(), item + R"("AdditionalImages":[)" + image("Additional", "IMG-2", "https://x/2.jpg") + "]" + variants);
  EXPECT_EQ(images_of("C1").size(), 3u);

  // AdditionalImagesCleanup: the additional images left out go, the main image stays.
  auto additional = run(header(",17"), item + R"("AdditionalImages":[)" +
                                           image("Additional", "IMG-2", "https://x/2.jpg") + "]" + variants);
  EXPECT_EQ(additional.fail, 0) << messages(additional);
  EXPECT_EQ(additional.updates, 1) << "a removed image counts as an update: " << messages(additional);
  auto images = images_of("C1");
  ASSERT_EQ(images.size(), 2u);
  EXPECT_TRUE(images.count("IMG-1") && images.count("IMG-2"));
  EXPECT_TRUE(is_main(images.at("IMG-1")));

  // ImagesAndFilesCleanup: every image left out goes, the main image too.
  auto all = run(header(",19"), item + R"("AdditionalImages":[)" + image("Additional", "IMG-2", "https://x/2.jpg") +
                                    "]" + variants);
  EXPECT_EQ(all.fail, 0) << messages(all);
  images = images_of("C1");
  ASSERT_EQ(images.size(), 1u);
  EXPECT_TRUE(images.count("IMG-2"));
}

INSTANTIATE_TEST_SUITE_P(Backends, ImportProductsTest, ::testing::ValuesIn(contract::backends()),
                         [](const auto& info) { return info.param.name; });
INSTANTIATE_TEST_SUITE_P(Backends, ImportProductImagesTest, ::testing::ValuesIn(contract::backends()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace norced::connect
