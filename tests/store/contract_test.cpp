// The store contract: what every backend of store.hpp promises, written once against the interface and run
// against each backend in contract_support.hpp (SQLite, and PostgreSQL when NORCED_TEST_DATABASE names a
// server: each test then gets a database of its own). It uses
// its own resources (Widget: every member type, texts, a collection, a parent, soft delete; Link: rows of one
// application), asserts values rather than counts where it can, and checks tenant isolation on every call.
#include <gtest/gtest.h>

#include <algorithm>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <set>
#include <thread>

#include "contract_support.hpp"
#include "store/store.hpp"

using namespace norced;
using contract::link;
using contract::widget;
using registry::Cell;
using registry::Entity;
using registry::Expr;
using registry::Instant;
using registry::ListQuery;
using store::ChangeKind;
using store::StoreError;
using store::StoreErrorKind;

namespace {

constexpr int64_t kDay = 86'400'000'000;  // micros
constexpr int64_t kT0 = 1'700'000'000'000'000;

Cell& at(Entity& e, const registry::Resource& r, std::string_view field) {
  int i = r.field_index(field);
  EXPECT_GE(i, 0) << field;
  return e.cells.at(static_cast<size_t>(i));
}
const Cell& at(const Entity& e, const registry::Resource& r, std::string_view field) {
  return e.cells.at(static_cast<size_t>(r.field_index(field)));
}
std::string code_of(const Entity& e) { return std::get<std::string>(at(e, widget(), "Code")); }
int64_t count_of(const Entity& e) { return std::get<int64_t>(at(e, widget(), "Count")); }

// A widget with a code, a count and an English name; everything else null or false.
Entity make_widget(const std::string& code, int64_t count = 0) {
  const auto& r = widget();
  Entity e;
  e.cells.resize(r.fields.size());
  e.collections.resize(r.collections.size());
  at(e, r, "Code") = code;
  at(e, r, "Count") = count;
  at(e, r, "Flag") = false;
  at(e, r, "IsActive") = true;
  e.cultures.push_back({"en-US", {code + " name", std::nullopt, std::nullopt}});
  return e;
}

Entity make_link(int64_t application, const std::string& code, std::optional<int64_t> widget_id = std::nullopt) {
  const auto& r = link();
  Entity e;
  e.cells.resize(r.fields.size());
  at(e, r, "ApplicationId") = application;
  at(e, r, "Code") = code;
  if (widget_id) at(e, r, "WidgetId") = *widget_id;
  return e;
}

std::vector<int64_t> ids_of(const std::vector<Entity>& items) {
  std::vector<int64_t> out;
  for (const auto& e : items) out.push_back(e.id);
  return out;
}
std::vector<std::string> codes_of(const std::vector<Entity>& items) {
  std::vector<std::string> out;
  for (const auto& e : items) out.push_back(code_of(e));
  return out;
}

class StoreContract : public ::testing::TestWithParam<contract::Backend> {
 protected:
  void SetUp() override {
    if (auto why = GetParam().unavailable(); !why.empty()) GTEST_SKIP() << why;
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string leaf = "norced-contract-" + std::to_string(::getpid()) + "-" + info->name();  // "Name/sqlite"
    std::replace(leaf.begin(), leaf.end(), '/', '-');
    dir_ = std::filesystem::temp_directory_path() / leaf;
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    store_ = GetParam().open(dir_, contract::resources());
    a_ = create_client("a");
    b_ = create_client("b");
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  store::CreatedClient create_client(const std::string& name) { return contract::new_client(*store_, name); }
  std::unique_ptr<store::WriteTx> write(const store::CreatedClient& c, int64_t when = kT0) {
    return store_->write(c.client_id, {"tester-" + std::to_string(c.client_id), when});
  }
  int64_t last_change() { return store_->system()->last_change(); }

  // Commits `items` as client `c`'s widgets and answers their ids.
  std::vector<int64_t> seed(const store::CreatedClient& c, const std::vector<Entity>& items) {
    auto tx = write(c);
    auto ids = tx->insert_many(widget(), items);
    tx->commit();
    return ids;
  }

  std::filesystem::path dir_;
  std::unique_ptr<store::Store> store_;
  store::CreatedClient a_, b_;
};

}  // namespace

// --- Reads ----------------------------------------------------------------------------------------------

TEST_P(StoreContract, RoundTripsEveryMemberType) {
  const auto& r = widget();
  Entity e = make_widget("ALL", -42);
  at(e, r, "Label") = std::string("Grön");
  at(e, r, "Flag") = true;
  at(e, r, "Price") = *Decimal::parse("12.50");
  at(e, r, "ValidFrom") = Instant{kT0 + 123};
  at(e, r, "Uid") = std::string("3f2504e0-4f89-11d3-9a0c-0305e82c3301");
  at(e, r, "Changed") = Instant{kT0};
  at(e, r, "ChangedBy") = std::string("tester");
  e.cultures.push_back({"sv-SE", {std::string("Namn"), std::string("Beskrivning"), std::nullopt}});
  e.collections[0] = {{7, 2}, {3, 1}};
  int64_t id;
  {
    auto tx = write(a_);
    id = tx->insert(r, e);
    tx->commit();
  }
  auto got = store_->read(a_.client_id)->get(r, id);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->id, id);
  EXPECT_EQ(code_of(*got), "ALL");
  EXPECT_EQ(std::get<std::string>(at(*got, r, "Label")), "Grön");
  EXPECT_EQ(count_of(*got), -42);
  EXPECT_EQ(std::get<bool>(at(*got, r, "Flag")), true);
  EXPECT_EQ(std::get<Decimal>(at(*got, r, "Price")).to_string(), "12.50") << "decimals keep their scale";
  EXPECT_EQ(std::get<Instant>(at(*got, r, "ValidFrom")).micros, kT0 + 123) << "instants keep microseconds";
  EXPECT_TRUE(registry::is_null(at(*got, r, "ValidTo")));
  EXPECT_TRUE(registry::is_null(at(*got, r, "ParentId")));
  EXPECT_EQ(std::get<std::string>(at(*got, r, "Uid")), "3f2504e0-4f89-11d3-9a0c-0305e82c3301");
  EXPECT_EQ(std::get<bool>(at(*got, r, "IsActive")), true);
  EXPECT_EQ(std::get<Instant>(at(*got, r, "Changed")).micros, kT0);
  EXPECT_EQ(std::get<std::string>(at(*got, r, "ChangedBy")), "tester");
  ASSERT_NE(got->texts_of("sv-SE"), nullptr);
  EXPECT_EQ(got->texts_of("sv-SE")->texts[0], "Namn");
  EXPECT_EQ(got->texts_of("sv-SE")->texts[1], "Beskrivning");
  EXPECT_EQ(got->texts_of("sv-SE")->texts[2], std::nullopt) << "a computed slot is not stored";
  ASSERT_NE(got->texts_of("en-US"), nullptr);
  EXPECT_EQ(got->texts_of("en-US")->texts[0], "ALL name");
  EXPECT_EQ(got->texts_of("en-US")->texts[1], std::nullopt);
  EXPECT_EQ(got->collections.at(0), (std::vector<std::vector<int64_t>>{{3, 1}, {7, 2}})) << "ordered by key";
}

TEST_P(StoreContract, TenantIsolationOnEveryCall) {
  const auto& r = widget();
  int64_t root, w, l_a;
  {
    auto tx = write(a_);
    root = tx->insert(r, make_widget("ROOT"));
    Entity e = make_widget("ONLY-A", 1);
    at(e, r, "ParentId") = root;
    at(e, r, "ValidFrom") = Instant{kT0 + kDay};
    e.collections[0] = {{1, 1}};
    w = tx->insert(r, e);
    tx->insert(r, make_widget("SAME"));
    l_a = tx->insert(link(), make_link(a_.application_id, "LA", w));
    tx->commit();
  }
  int64_t same_b;
  {
    auto tx = write(b_);
    same_b = tx->insert(r, make_widget("same"));  // the same code in another tenant is no conflict
    tx->commit();
  }
  const int64_t seq_before = last_change();

  // B's reads never see A's rows, not even by id.
  {
    auto b = store_->read(b_.client_id);
    EXPECT_EQ(b->client_id(), b_.client_id);
    EXPECT_FALSE(b->get(r, w));
    EXPECT_EQ(ids_of(b->get_many(r, {root, w, same_b})), std::vector<int64_t>{same_b});
    EXPECT_FALSE(b->exists(r, w));
    EXPECT_EQ(b->existing(r, {root, w, same_b}), std::vector<int64_t>{same_b});
    EXPECT_EQ(ids_of(b->list(r, {})), std::vector<int64_t>{same_b});
    EXPECT_TRUE(b->ancestors(r, "ParentId", w).empty());
    EXPECT_TRUE(b->ancestor_ids(r, "ParentId", w).empty());
    EXPECT_EQ(b->next_instant(r, {"ValidFrom"}, 0), std::nullopt);
    EXPECT_EQ(b->find_unique(r, "Code", "SAME"), same_b);
    EXPECT_EQ(b->find_unique(r, "Code", "ONLY-A"), std::nullopt);
    EXPECT_EQ(b->find_unique_many(r, "Code", {"ONLY-A", "ROOT", "Same"}),
              (std::vector<std::pair<std::string, int64_t>>{{"Same", same_b}}));
    EXPECT_FALSE(b->get(link(), l_a));
    EXPECT_EQ(b->find_unique(link(), "Code", "LA", {Cell{a_.application_id}}), std::nullopt);
  }
  // B's writes never change A's rows and log nothing for them.
  {
    auto tx = write(b_);
    Entity e = make_widget("HIJACK", 99);
    e.id = w;
    tx->update(r, e);
    e.id = root;
    tx->update_many(r, {e});
    tx->remove(r, w);
    tx->remove(link(), l_a);
    EXPECT_FALSE(tx->get(r, w)) << "a write transaction is scoped too";
    EXPECT_TRUE(tx->commit().empty());
  }
  EXPECT_EQ(last_change(), seq_before);
  auto a = store_->read(a_.client_id);
  auto got = a->get(r, w);
  ASSERT_TRUE(got);
  EXPECT_EQ(code_of(*got), "ONLY-A");
  EXPECT_EQ(count_of(*got), 1);
  EXPECT_EQ(got->collections[0], (std::vector<std::vector<int64_t>>{{1, 1}}));
  EXPECT_EQ(code_of(*a->get(r, root)), "ROOT");
  EXPECT_TRUE(a->exists(link(), l_a));
  ASSERT_TRUE(a->find_unique(r, "Code", "same"));
  EXPECT_NE(*a->find_unique(r, "Code", "same"), same_b) << "A's own SAME, not B's";
  EXPECT_EQ(codes_of(a->list(r, {})), (std::vector<std::string>{"ROOT", "ONLY-A", "SAME"}));
}

TEST_P(StoreContract, GetManyAndExistingAnswerTheHeldIdsInIdOrder) {
  const auto& r = widget();
  std::vector<Entity> items = {make_widget("A"), make_widget("B"), make_widget("C")};
  items[1].collections[0] = {{5, 50}};
  auto ids = seed(a_, items);
  auto tx = store_->read(a_.client_id);
  const int64_t missing = ids[2] + 1000;
  auto got = tx->get_many(r, {ids[2], missing, ids[0], ids[1], ids[0]});
  EXPECT_EQ(ids_of(got), (std::vector<int64_t>{ids[0], ids[1], ids[2]}));
  EXPECT_EQ(codes_of(got), (std::vector<std::string>{"A", "B", "C"}));
  ASSERT_NE(got[1].texts_of("en-US"), nullptr) << "texts come with each row";
  EXPECT_EQ(got[1].texts_of("en-US")->texts[0], "B name");
  EXPECT_EQ(got[1].collections[0], (std::vector<std::vector<int64_t>>{{5, 50}})) << "and collections";
  EXPECT_TRUE(got[0].collections[0].empty());
  EXPECT_TRUE(tx->get_many(r, {}).empty());
  EXPECT_TRUE(tx->get_many(r, {missing}).empty());
  auto held = tx->existing(r, {missing, ids[1], ids[2]});
  std::sort(held.begin(), held.end());
  EXPECT_EQ(held, (std::vector<int64_t>{ids[1], ids[2]}));
  EXPECT_EQ(tx->existing(r, {ids[0]}), std::vector<int64_t>{ids[0]});
  EXPECT_TRUE(tx->existing(r, {missing}).empty());
  EXPECT_TRUE(tx->existing(r, {}).empty());
  EXPECT_TRUE(tx->exists(r, ids[0]));
  EXPECT_FALSE(tx->exists(r, missing));
  EXPECT_FALSE(tx->get(r, missing));
}

TEST_P(StoreContract, ListCompilesEveryExpressionOp) {
  const auto& r = widget();
  std::vector<Entity> items;
  for (int i = 1; i <= 5; ++i) {
    Entity e = make_widget("W" + std::to_string(i), i);
    at(e, r, "Flag") = (i % 2 == 0);
    if (i <= 3) at(e, r, "ValidFrom") = Instant{kT0 + i * kDay};
    items.push_back(std::move(e));
  }
  at(items[0], r, "Label") = std::string("Årsmöte");
  at(items[1], r, "Label") = std::string("ÅRSBOK");
  at(items[4], r, "Count") = Cell{};  // W5: null count
  at(items[0], r, "Price") = *Decimal::parse("12.50");
  at(items[1], r, "Price") = *Decimal::parse("100");
  at(items[2], r, "Price") = *Decimal::parse("9");
  at(items[3], r, "Price") = *Decimal::parse("-3.25");
  auto ids = seed(a_, items);
  seed(b_, {make_widget("W1", 1)});  // another tenant's matching row never shows
  auto tx = store_->read(a_.client_id);
  auto codes = [&](Expr e) { return codes_of(tx->list(r, ListQuery{std::move(e), std::nullopt, 0})); };
  using Op = Expr::Op;
  using V = std::vector<std::string>;
  EXPECT_EQ(codes({}), (V{"W1", "W2", "W3", "W4", "W5"})) << "True: everything, in id order";
  EXPECT_EQ(codes(Expr::cmp(Op::Eq, "Count", int64_t{2})), V{"W2"});
  EXPECT_EQ(codes(Expr::cmp(Op::Lt, "Count", int64_t{2})), V{"W1"});
  EXPECT_EQ(codes(Expr::cmp(Op::Le, "Count", int64_t{2})), (V{"W1", "W2"}));
  EXPECT_EQ(codes(Expr::cmp(Op::Gt, "Count", int64_t{3})), V{"W4"}) << "null is not greater";
  EXPECT_EQ(codes(Expr::cmp(Op::Ge, "Count", int64_t{3})), (V{"W3", "W4"}));
  EXPECT_EQ(codes(Expr::cmp(Op::Eq, "Code", std::string("W3"))), V{"W3"});
  EXPECT_EQ(codes(Expr::cmp(Op::Eq, "Flag", true)), (V{"W2", "W4"}));
  EXPECT_EQ(codes(Expr::cmp(Op::Eq, "Flag", false)), (V{"W1", "W3", "W5"}));
  EXPECT_EQ(codes(Expr::cmp(Op::Lt, "ValidFrom", Instant{kT0 + 2 * kDay})), V{"W1"});
  EXPECT_EQ(codes(Expr::cmp(Op::Ge, "ValidFrom", Instant{kT0 + 2 * kDay})), (V{"W2", "W3"}));
  EXPECT_EQ(codes(Expr::null_check(true, "ValidFrom")), (V{"W4", "W5"}));
  EXPECT_EQ(codes(Expr::null_check(false, "ValidFrom")), (V{"W1", "W2", "W3"}));
  EXPECT_EQ(codes(Expr::null_check(true, "Count")), V{"W5"});
  EXPECT_EQ(codes(Expr::cmp(Op::Lt, "Price", *Decimal::parse("10"))), (V{"W3", "W4"})) << "decimals compare as numbers";
  EXPECT_EQ(codes(Expr::cmp(Op::Ge, "Price", *Decimal::parse("9.5"))), (V{"W1", "W2"}));
  EXPECT_EQ(codes(Expr::cmp(Op::Eq, "Price", *Decimal::parse("12.5"))), V{"W1"}) << "12.5 = 12.50";
  EXPECT_EQ(codes(Expr::contains_folded({"Label"}, "års")), (V{"W1", "W2"})) << "folded beyond ASCII";
  EXPECT_EQ(codes(Expr::contains_folded({"Label"}, "ÅRSM")), V{"W1"});
  EXPECT_EQ(codes(Expr::contains_folded({"Label", "Code"}, "w4")), V{"W4"}) << "any of the members";
  EXPECT_EQ(codes(Expr::contains_folded({"Label"}, "zzz")), V{});
  EXPECT_EQ(codes(Expr::all_of({Expr::cmp(Op::Ge, "Count", int64_t{2}), Expr::cmp(Op::Eq, "Flag", false)})), V{"W3"});
  EXPECT_EQ(codes(Expr::any_of({Expr::cmp(Op::Eq, "Count", int64_t{1}), Expr::null_check(true, "Count")})),
            (V{"W1", "W5"}));
  EXPECT_EQ(codes(Expr::all_of({Expr::any_of({Expr::cmp(Op::Eq, "Count", int64_t{1}), Expr::cmp(Op::Eq, "Count", int64_t{4})}),
                                Expr::cmp(Op::Eq, "Flag", true)})),
            V{"W4"}) << "nested";
  EXPECT_EQ(codes(Expr::all_of({})), (V{"W1", "W2", "W3", "W4", "W5"})) << "an empty AND holds";
  EXPECT_EQ(codes(Expr::any_of({})), V{}) << "an empty OR does not";
  EXPECT_EQ(codes(Expr::cmp(Op::Eq, "IsActive", true)).size(), 5u);
  EXPECT_THROW(codes(Expr::cmp(Op::Eq, "Name", std::string("x"))), StoreError) << "Name is a text, not a column";
  EXPECT_EQ(ids.size(), 5u);
}

// The operators the Query API's $filter compiles to (issue 10): not-equal and negation in two-valued logic (a
// null is not equal to a value, and `not` of a comparison with a null holds), case-sensitive string functions
// with no wildcard characters, a folded member, and the row id as a member.
TEST_P(StoreContract, ListCompilesTheQueryApiOperators) {
  const auto& r = widget();
  std::vector<Entity> items;
  const char* labels[] = {"Alpha", "alphabet", "Beta_%", "50%_off", nullptr};
  for (int i = 1; i <= 5; ++i) {
    Entity e = make_widget("Q" + std::to_string(i), i);
    at(e, r, "Label") = labels[i - 1] ? Cell{std::string(labels[i - 1])} : Cell{};
    items.push_back(std::move(e));
  }
  at(items[0], r, "Price") = *Decimal::parse("12.50");
  auto ids = seed(a_, items);
  auto tx = store_->read(a_.client_id);
  auto codes = [&](Expr e) { return codes_of(tx->list(r, ListQuery{std::move(e), std::nullopt, 0})); };
  auto text = [](const char* s) { return Cell{std::string(s)}; };
  using Op = Expr::Op;
  using V = std::vector<std::string>;
  EXPECT_EQ(codes(Expr::cmp(Op::Ne, "Label", text("Alpha"))), (V{"Q2", "Q3", "Q4", "Q5"})) << "null is not equal";
  EXPECT_EQ(codes(Expr::cmp(Op::Ne, "Price", *Decimal::parse("12.5"))), (V{"Q2", "Q3", "Q4", "Q5"}));
  EXPECT_EQ(codes(Expr::negate(Expr::cmp(Op::Eq, "Label", text("Alpha")))), (V{"Q2", "Q3", "Q4", "Q5"}))
      << "not of a comparison with a null holds";
  EXPECT_EQ(codes(Expr::negate(Expr::negate(Expr::cmp(Op::Eq, "Label", text("Alpha"))))), V{"Q1"});
  EXPECT_EQ(codes(Expr::cmp(Op::Contains, "Label", text("lph"))), (V{"Q1", "Q2"}));
  EXPECT_EQ(codes(Expr::cmp(Op::Contains, "Label", text("ALPH"))), V{}) << "case-sensitive";
  EXPECT_EQ(codes(Expr::cmp(Op::Contains, "Label", text("%"))), (V{"Q3", "Q4"})) << "no wildcards";
  EXPECT_EQ(codes(Expr::cmp(Op::StartsWith, "Label", text("Alpha"))), V{"Q1"});
  EXPECT_EQ(codes(Expr::cmp(Op::StartsWith, "Label", text("_"))), V{});
  EXPECT_EQ(codes(Expr::cmp(Op::EndsWith, "Label", text("_%"))), V{"Q3"});
  EXPECT_EQ(codes(Expr::cmp(Op::EndsWith, "Label", text("a"))), V{"Q1"});
  EXPECT_EQ(codes(Expr::cmp(Op::EndsWith, "Label", text("a long needle beyond"))), V{});
  Expr folded = Expr::cmp(Op::StartsWith, "Label", text("alpha"));
  folded.fold_field = true;
  EXPECT_EQ(codes(folded), (V{"Q1", "Q2"})) << "tolower(Label)";
  Expr folded_eq = Expr::cmp(Op::Eq, "Label", text("alpha"));
  folded_eq.fold_field = true;
  EXPECT_EQ(codes(folded_eq), V{"Q1"});
  EXPECT_EQ(codes(Expr::cmp(Op::Eq, "Id", ids[2])), V{"Q3"}) << "the row id is a member";
  EXPECT_EQ(codes(Expr::cmp(Op::Gt, "Id", ids[3])), V{"Q5"});
}

// An order of several keys, nulls first ascending and last descending on every engine, with the id breaking
// ties; decimals order as numbers.
TEST_P(StoreContract, ListOrdersByKeysWithNullsFirstAndTheIdLast) {
  const auto& r = widget();
  std::vector<Entity> items;
  const int counts[] = {2, 1, 2, 0, 1};
  const char* prices[] = {"10", "9.5", nullptr, "100", "-1"};
  for (int i = 0; i < 5; ++i) {
    Entity e = make_widget("O" + std::to_string(i), counts[i]);
    if (i == 3) at(e, r, "Count") = Cell{};
    at(e, r, "Price") = prices[i] ? Cell{*Decimal::parse(prices[i])} : Cell{};
    items.push_back(std::move(e));
  }
  seed(a_, items);
  auto tx = store_->read(a_.client_id);
  auto ordered = [&](std::vector<registry::OrderKey> order, std::optional<int64_t> limit = std::nullopt) {
    ListQuery q;
    q.order = std::move(order);
    q.limit = limit;
    return codes_of(tx->list(r, q));
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(ordered({{"Count"}}), (V{"O3", "O1", "O4", "O0", "O2"})) << "null first, ties by id";
  EXPECT_EQ(ordered({{"Count", true}}), (V{"O0", "O2", "O1", "O4", "O3"})) << "descending: null last, ties by id";
  EXPECT_EQ(ordered({{"Count", true}, {"Code", true}}), (V{"O2", "O0", "O4", "O1", "O3"}));
  EXPECT_EQ(ordered({{"Price"}}), (V{"O2", "O4", "O1", "O0", "O3"})) << "decimals as numbers";
  EXPECT_EQ(ordered({{"Id", true}}, 2), (V{"O4", "O3"}));
}

TEST_P(StoreContract, ListPagesInIdOrderWithChildren) {
  const auto& r = widget();
  std::vector<Entity> items;
  for (int i = 0; i < 7; ++i) {
    items.push_back(make_widget("P" + std::to_string(i), i));
    items.back().collections[0] = {{i, i * 10}};
  }
  seed(a_, items);
  auto tx = store_->read(a_.client_id);
  auto page = [&](std::optional<int64_t> limit, int64_t offset, Expr where = {}) {
    return tx->list(r, ListQuery{std::move(where), limit, offset});
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(codes_of(page(3, 0)), (V{"P0", "P1", "P2"}));
  auto second = page(3, 3);
  EXPECT_EQ(codes_of(second), (V{"P3", "P4", "P5"}));
  ASSERT_EQ(second[1].collections[0].size(), 1u);
  EXPECT_EQ(second[1].collections[0][0], (std::vector<int64_t>{4, 40})) << "children of the page's own rows";
  EXPECT_EQ(second[2].texts_of("en-US")->texts[0], "P5 name");
  EXPECT_EQ(codes_of(page(3, 6)), V{"P6"});
  EXPECT_TRUE(page(3, 7).empty());
  EXPECT_EQ(codes_of(page(std::nullopt, 5)), (V{"P5", "P6"})) << "an offset without a limit";
  EXPECT_TRUE(page(0, 0).empty());
  EXPECT_EQ(codes_of(page(2, 1, Expr::cmp(Expr::Op::Ge, "Count", int64_t{3}))), (V{"P4", "P5"})) << "paging after the filter";
}

// A projection (ListQuery::only) reads the id and the named columns, the texts only when asked and no
// collections; the rest of each row stays null. Filter, order and paging are the whole read's.
TEST_P(StoreContract, ListReadsOnlyAProjection) {
  const auto& r = widget();
  std::vector<Entity> items;
  for (int i = 0; i < 4; ++i) {
    items.push_back(make_widget("J" + std::to_string(i), 10 - i));
    at(items.back(), r, "Label") = "label " + std::to_string(i);
    at(items.back(), r, "Price") = Cell{*Decimal::parse("1.5")};
    items.back().collections[0] = {{i, i}};
  }
  const auto ids = seed(a_, items);
  seed(b_, {make_widget("OTHER", 1)});
  auto tx = store_->read(a_.client_id);
  ListQuery q;
  q.where = Expr::cmp(Expr::Op::Le, "Count", int64_t{9});
  q.order = {{"Count"}};
  q.limit = 2;
  q.only = registry::Projection{{"Code", "Id", "Count", "Code"}};
  auto rows = tx->list(r, q);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(ids_of(rows), (std::vector<int64_t>{ids[3], ids[2]})) << "the filter, the order and the limit apply";
  EXPECT_EQ(codes_of(rows), (std::vector<std::string>{"J3", "J2"}));
  EXPECT_EQ(count_of(rows[0]), 7);
  ASSERT_EQ(rows[0].cells.size(), r.fields.size());
  EXPECT_TRUE(registry::is_null(at(rows[0], r, "Label"))) << "a column not named is not read";
  EXPECT_TRUE(registry::is_null(at(rows[0], r, "Price")));
  EXPECT_TRUE(registry::is_null(at(rows[0], r, "IsActive")));
  EXPECT_TRUE(rows[0].cultures.empty()) << "no texts unless asked";
  for (const auto& e : rows)
    for (const auto& c : e.collections) EXPECT_TRUE(c.empty()) << "never the collections";

  q.only = registry::Projection{{"Label"}, true};
  q.limit = std::nullopt;
  rows = tx->list(r, q);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(std::get<std::string>(at(rows[2], r, "Label")), "label 1");
  EXPECT_TRUE(registry::is_null(at(rows[2], r, "Code")));
  ASSERT_NE(rows[2].texts_of("en-US"), nullptr) << "the texts when asked";
  EXPECT_EQ(rows[2].texts_of("en-US")->texts[0], "J1 name");
  EXPECT_EQ(rows[0].texts_of("en-US")->texts[0], "J3 name") << "each row its own texts";

  q.only = registry::Projection{};
  EXPECT_EQ(ids_of(tx->list(r, q)), (std::vector<int64_t>{ids[3], ids[2], ids[1]})) << "the ids alone";
  q.only = registry::Projection{{"NoSuchMember"}};
  EXPECT_THROW(tx->list(r, q), store::StoreError);
}

// What a RowSink was handed: per row its id and each value, copied out of the cursor's memory.
class RecordingSink : public store::RowSink {
 public:
  explicit RecordingSink(size_t stop_at = SIZE_MAX) : stop_at_(stop_at) {}
  void columns(std::span<const int> fields) override {
    ++columns_calls;
    fields_.assign(fields.begin(), fields.end());
  }
  bool row(int64_t id, std::span<const store::CellView> values) override {
    if (rows.size() == stop_at_) return false;
    EXPECT_EQ(values.size(), fields_.size()) << "one value per column";
    rows.push_back({id, {}});
    for (size_t k = 0; k < values.size() && k < fields_.size(); ++k)
      rows.back().second.emplace_back(fields_[k], store::cell_of(values[k]));
    return true;
  }
  std::vector<std::pair<int64_t, std::vector<std::pair<int, Cell>>>> rows;
  int columns_calls = 0;

 private:
  std::vector<int> fields_;
  size_t stop_at_;
};

TEST_P(StoreContract, ScanHandsOverTheRowsListReadsOneByOne) {
  const auto& r = widget();
  std::vector<Entity> items;
  for (int i = 0; i < 3; ++i) {
    items.push_back(make_widget("S" + std::to_string(i), i));
    at(items.back(), r, "Label") = i == 1 ? Cell{} : Cell{"quote \" " + std::to_string(i)};
    at(items.back(), r, "Flag") = i == 2;
    at(items.back(), r, "Price") = Cell{*Decimal::parse("2.50")};
    at(items.back(), r, "ValidFrom") = Instant{kT0 + i};
  }
  const auto ids = seed(a_, items);
  seed(b_, {make_widget("OTHER", 1)});
  auto tx = store_->read(a_.client_id);
  ListQuery q;
  q.order = {{"Count", true}};
  q.only = registry::Projection{{"Id", "Label", "Flag", "Price", "ValidFrom", "Label"}};
  const auto listed = tx->list(r, q);
  RecordingSink all;
  tx->scan(r, q, all);
  ASSERT_EQ(all.rows.size(), 3u) << "the tenant's rows only";
  EXPECT_EQ(all.columns_calls, 1) << "the columns are told once, before the rows";
  const std::vector<int> fields{r.field_index("Label"), r.field_index("Flag"), r.field_index("Price"),
                                r.field_index("ValidFrom")};
  for (size_t i = 0; i < listed.size(); ++i) {
    EXPECT_EQ(all.rows[i].first, listed[i].id) << "list's order";
    std::vector<int> seen;
    for (const auto& [f, cell] : all.rows[i].second) {
      seen.push_back(f);
      EXPECT_EQ(cell, listed[i].cells[static_cast<size_t>(f)]) << r.fields[static_cast<size_t>(f)].name;
    }
    std::sort(seen.begin(), seen.end());
    auto want = fields;
    std::sort(want.begin(), want.end());
    EXPECT_EQ(seen, want) << "each column of the projection once; the Id is the row's id";
  }
  auto value_of = [&](size_t row, std::string_view member) {
    for (const auto& [f, cell] : all.rows[row].second)
      if (f == r.field_index(member)) return cell;
    return Cell{std::string("(not handed over)")};
  };
  EXPECT_EQ(all.rows[0].first, ids[2]);
  EXPECT_EQ(value_of(0, "Label"), Cell{std::string("quote \" 2")});
  EXPECT_EQ(value_of(0, "Flag"), Cell{true});
  EXPECT_EQ(std::get<Decimal>(value_of(0, "Price")).to_string(), "2.50") << "decimals keep their scale";
  EXPECT_EQ(std::get<Instant>(value_of(0, "ValidFrom")).micros, kT0 + 2);
  EXPECT_TRUE(registry::is_null(value_of(1, "Label")));

  RecordingSink first(1);
  tx->scan(r, q, first);
  ASSERT_EQ(first.rows.size(), 1u) << "false from row() stops the scan";
  EXPECT_EQ(first.rows[0].first, ids[2]);
}

TEST_P(StoreContract, CountIsTheTenantsMatchesWithoutPaging) {
  const auto& r = widget();
  std::vector<Entity> items;
  for (int i = 0; i < 5; ++i) items.push_back(make_widget("C" + std::to_string(i), i));
  seed(a_, items);
  seed(b_, {make_widget("OTHER", 1)});
  auto tx = store_->read(a_.client_id);
  EXPECT_EQ(tx->count(r, {}), 5);
  EXPECT_EQ(tx->count(r, Expr::cmp(Expr::Op::Ge, "Count", int64_t{3})), 2);
  EXPECT_EQ(tx->count(r, Expr::cmp(Expr::Op::Eq, "Code", std::string("nothing"))), 0);
  EXPECT_EQ(store_->read(b_.client_id)->count(r, {}), 1) << "only the tenant's rows";
}

TEST_P(StoreContract, AncestorsFollowTheParentNearestFirstWithinTheDepthBound) {
  const auto& r = widget();
  int64_t root, mid, leaf, x, y;
  {
    auto tx = write(a_);
    root = tx->insert(r, make_widget("ROOT"));
    Entity m = make_widget("MID");
    at(m, r, "ParentId") = root;
    m.collections[0] = {{1, 1}};
    mid = tx->insert(r, m);
    Entity l = make_widget("LEAF");
    at(l, r, "ParentId") = mid;
    leaf = tx->insert(r, l);
    x = tx->insert(r, make_widget("X"));
    Entity ye = make_widget("Y");
    at(ye, r, "ParentId") = x;
    y = tx->insert(r, ye);
    Entity xe = make_widget("X");
    xe.id = x;
    at(xe, r, "ParentId") = y;  // a cycle X -> Y -> X
    tx->update(r, xe);
    tx->commit();
  }
  auto tx = store_->read(a_.client_id);
  auto chain = tx->ancestors(r, "ParentId", leaf);
  EXPECT_EQ(ids_of(chain), (std::vector<int64_t>{leaf, mid, root}));
  for (const auto& e : chain) ASSERT_NE(e.texts_of("en-US"), nullptr) << "texts come along";
  EXPECT_TRUE(chain[1].collections.empty() || chain[1].collections[0].empty()) << "collections do not";
  EXPECT_EQ(ids_of(tx->ancestors(r, "ParentId", root)), std::vector<int64_t>{root});
  EXPECT_EQ(ids_of(tx->ancestors(r, "ParentId", leaf, 2)), (std::vector<int64_t>{leaf, mid}));
  EXPECT_EQ(ids_of(tx->ancestors(r, "ParentId", x, 5)), (std::vector<int64_t>{x, y, x, y, x})) << "a cycle stops";
  EXPECT_TRUE(tx->ancestors(r, "ParentId", root + 1000).empty());
  // The ids-only walk answers the same ids.
  EXPECT_EQ(tx->ancestor_ids(r, "ParentId", leaf), (std::vector<int64_t>{leaf, mid, root}));
  EXPECT_EQ(tx->ancestor_ids(r, "ParentId", leaf, 2), (std::vector<int64_t>{leaf, mid}));
  EXPECT_EQ(tx->ancestor_ids(r, "ParentId", x, 5), (std::vector<int64_t>{x, y, x, y, x}));
  EXPECT_TRUE(tx->ancestor_ids(r, "ParentId", root + 1000).empty());
}

TEST_P(StoreContract, NextInstantIsTheEarliestLaterValueOfAnyMember) {
  const auto& r = widget();
  std::vector<Entity> items = {make_widget("A"), make_widget("B"), make_widget("C")};
  at(items[0], r, "ValidFrom") = Instant{kT0 + 10};
  at(items[0], r, "ValidTo") = Instant{kT0 + 50};
  at(items[1], r, "ValidFrom") = Instant{kT0 + 30};
  at(items[2], r, "ValidTo") = Instant{kT0 + 20};
  seed(a_, items);
  Entity other = make_widget("OTHER");
  at(other, r, "ValidFrom") = Instant{kT0 + 11};
  seed(b_, {other});
  auto tx = store_->read(a_.client_id);
  const std::vector<std::string_view> both = {"ValidFrom", "ValidTo"};
  EXPECT_EQ(tx->next_instant(r, both, 0), kT0 + 10);
  EXPECT_EQ(tx->next_instant(r, both, kT0 + 10), kT0 + 20) << "strictly after, across members, not B's 11";
  EXPECT_EQ(tx->next_instant(r, both, kT0 + 20), kT0 + 30);
  EXPECT_EQ(tx->next_instant(r, {"ValidFrom"}, kT0 + 30), std::nullopt);
  EXPECT_EQ(tx->next_instant(r, both, kT0 + 30), kT0 + 50);
  EXPECT_EQ(tx->next_instant(r, both, kT0 + 50), std::nullopt);
}

TEST_P(StoreContract, ANewClientGetsTheStandardReferenceData) {
  auto ref = store_->read(a_.client_id)->reference_data();
  EXPECT_EQ(ref.client_id, a_.client_id);
  EXPECT_EQ(ref.default_culture, "en-US");
  ASSERT_EQ(ref.cultures.size(), 2u);
  EXPECT_EQ(ref.cultures[1].code, "sv-SE");
  // The system catalog the client's links name (the links themselves are registry resources).
  ASSERT_GE(ref.system.currencies.size(), 5u);
  EXPECT_EQ(ref.system.currencies[0].code, "SEK");
  ASSERT_NE(ref.system.sales_area(1), nullptr);
  EXPECT_EQ(ref.system.sales_area(1)->name, "Sweden");
  ASSERT_EQ(ref.system.sales_area(1)->vat_codes.size(), 4u);
  EXPECT_EQ(ref.system.sales_area(1)->vat_codes[1].value.to_string(), "12");
  EXPECT_GE(ref.system.price_list_types.size(), 4u);
  EXPECT_NE(ref.system.culture("SV-se"), nullptr) << "culture codes compare without case";
  auto sys = store_->system();
  EXPECT_EQ(sys->client_count(), 2);
  auto app = sys->application(a_.application_id);
  ASSERT_TRUE(app);
  EXPECT_EQ(app->client_id, a_.client_id);
  EXPECT_EQ(app->culture, "en-US");
  auto account = sys->account_for_application(a_.account_id, a_.application_id);
  ASSERT_TRUE(account);
  EXPECT_EQ(account->name, "System");
  EXPECT_FALSE(sys->account_for_application(a_.account_id, b_.application_id)) << "not another client's application";
  auto oauth = sys->oauth_client("contract-b");
  ASSERT_TRUE(oauth);
  EXPECT_EQ(oauth->tenant_id, b_.client_id);
  EXPECT_EQ(oauth->resources, std::vector<std::string>{"management"});
}

TEST_P(StoreContract, TenantsListTheirApplicationsAndSystemAccount) {
  {
    auto tx = store_->system_write();
    tx->create_application(a_.client_id, "Second app", "sv-SE", a_.account_id);
    tx->commit();
  }
  auto tenants = store_->system()->tenants();
  ASSERT_EQ(tenants.size(), 2u);
  EXPECT_EQ(tenants[0].id, a_.client_id);
  EXPECT_EQ(tenants[0].name, "a");
  ASSERT_EQ(tenants[0].application_ids.size(), 2u);
  EXPECT_EQ(tenants[0].application_ids[0], a_.application_id);
  EXPECT_GT(tenants[0].application_ids[1], b_.application_id) << "id order";
  EXPECT_EQ(tenants[0].system_account_id, a_.account_id);
  EXPECT_EQ(tenants[1].id, b_.client_id);
  EXPECT_EQ(tenants[1].application_ids, std::vector<int64_t>{b_.application_id});
  EXPECT_EQ(tenants[1].system_account_id, b_.account_id);
}

TEST_P(StoreContract, ATenantGetsMoreOAuthClientsAndASecretIsReplaced) {
  {
    auto tx = store_->system_write();
    tx->add_oauth_client({"extra-a", "hash-1", a_.client_id, {"management", "connect"}, true});
    EXPECT_TRUE(tx->set_oauth_secret("contract-b", "hash-2"));
    EXPECT_FALSE(tx->set_oauth_secret("nobody", "hash-3")) << "no such client";
    tx->commit();
  }
  auto sys = store_->system();
  auto extra = sys->oauth_client("extra-a");
  ASSERT_TRUE(extra);
  EXPECT_EQ(extra->tenant_id, a_.client_id);
  EXPECT_EQ(extra->secret_hash, "hash-1");
  EXPECT_EQ(extra->resources, (std::vector<std::string>{"management", "connect"}));
  EXPECT_EQ(sys->oauth_client("contract-b")->secret_hash, "hash-2");
  EXPECT_EQ(sys->oauth_client("contract-a")->secret_hash, "x") << "only the named client changed";
  auto all = sys->oauth_clients();
  std::vector<std::pair<int64_t, std::string>> seen;
  for (const auto& c : all) seen.emplace_back(c.tenant_id, c.client_id);
  EXPECT_EQ(seen, (std::vector<std::pair<int64_t, std::string>>{
                      {a_.client_id, "contract-a"}, {a_.client_id, "extra-a"}, {b_.client_id, "contract-b"}}));
  sys.reset();
  auto tx = store_->system_write();
  try {
    tx->add_oauth_client({"extra-a", "hash-4", b_.client_id, {"management"}, true});
    ADD_FAILURE() << "a taken client id must be refused";
  } catch (const store::StoreError& e) {
    EXPECT_EQ(e.kind, store::StoreErrorKind::Conflict) << e.what();
  }
}

TEST_P(StoreContract, SettingsAreUpserted) {
  {
    auto tx = store_->system_write();
    EXPECT_EQ(tx->setting("k"), std::nullopt);
    tx->put_setting("k", "one");
    tx->put_setting("k", "two");
    tx->commit();
  }
  EXPECT_EQ(store_->system()->setting("k"), "two");
}

TEST_P(StoreContract, ATenantSettingCommitsAndRollsBackWithTheRows) {
  const std::string key_a = store::tenant_setting_key("state", a_.client_id);
  EXPECT_EQ(key_a, "state.client." + std::to_string(a_.client_id));
  {
    auto tx = write(a_);
    tx->insert(widget(), make_widget("GONE"));
    tx->put_tenant_setting("state", "rolled back");
  }
  EXPECT_EQ(store_->system()->setting(key_a), std::nullopt);
  {
    auto tx = write(a_);
    tx->insert(widget(), make_widget("KEPT"));
    tx->put_tenant_setting("state", "one");
    tx->put_tenant_setting("state", "two");
    EXPECT_EQ(tx->commit().size(), 1u) << "the setting is no row: no change-log entry";
  }
  EXPECT_EQ(store_->system()->setting(key_a), "two");
  EXPECT_EQ(store_->system()->setting(store::tenant_setting_key("state", b_.client_id)), std::nullopt)
      << "each tenant's own";
  // A failed write abandons the transaction, the setting with it.
  {
    auto tx = write(a_);
    tx->put_tenant_setting("state", "three");
    EXPECT_THROW(tx->insert(widget(), make_widget("KEPT")), store::StoreError);
  }
  EXPECT_EQ(store_->system()->setting(key_a), "two");
}

// --- Unique keys ----------------------------------------------------------------------------------------

TEST_P(StoreContract, FindUniqueIgnoresCaseBeyondAscii) {
  const auto& r = widget();
  auto ids = seed(a_, {make_widget("ÅR"), make_widget("Łódź"), make_widget("plain")});
  auto tx = store_->read(a_.client_id);
  EXPECT_EQ(tx->find_unique(r, "Code", "år"), ids[0]);
  EXPECT_EQ(tx->find_unique(r, "Code", "ÅR"), ids[0]);
  EXPECT_EQ(tx->find_unique(r, "Code", "År"), ids[0]);
  EXPECT_EQ(tx->find_unique(r, "Code", "AR"), std::nullopt) << "Å is not A";
  EXPECT_EQ(tx->find_unique(r, "Code", "ŁÓDŹ"), ids[1]);
  EXPECT_EQ(tx->find_unique(r, "Code", "PLAIN"), ids[2]);
  EXPECT_EQ(tx->find_unique(r, "Code", "plai"), std::nullopt) << "whole values only";
  EXPECT_THROW(tx->find_unique(r, "Label", "x"), StoreError) << "Label is not a unique member";
  auto w = write(a_);
  EXPECT_THROW(
      {
        try {
          w->insert(r, make_widget("år"));
        } catch (const StoreError& e) {
          EXPECT_EQ(e.kind, StoreErrorKind::Conflict);
          EXPECT_EQ(e.field, "Code");
          throw;
        }
      },
      StoreError)
      << "the database folds the key as find_unique does";
}

TEST_P(StoreContract, FindUniqueManyAnswersTheHeldValuesAsGiven) {
  const auto& r = widget();
  auto ids = seed(a_, {make_widget("ÅR"), make_widget("B"), make_widget("C")});
  auto tx = store_->read(a_.client_id);
  using P = std::vector<std::pair<std::string, int64_t>>;
  EXPECT_EQ(tx->find_unique_many(r, "Code", {"år", "missing", "c", "B"}), (P{{"år", ids[0]}, {"c", ids[2]}, {"B", ids[1]}}));
  EXPECT_EQ(tx->find_unique_many(r, "Code", {}), P{});
  EXPECT_EQ(tx->find_unique_many(r, "Code", {"x\"y", "back\\slash"}), P{}) << "values are data, not syntax";
}

TEST_P(StoreContract, UniqueKeysOfScopedRowsHoldWithinTheirApplication) {
  int64_t app2;
  {
    auto sys = store_->system_write();
    app2 = sys->create_application(a_.client_id, "second", "sv-SE", a_.account_id);
    sys->commit();
  }
  const int64_t app1 = a_.application_id;
  int64_t l1, l2;
  {
    auto tx = write(a_);
    l1 = tx->insert(link(), make_link(app1, "L1"));
    l2 = tx->insert(link(), make_link(app2, "l1"));  // the same code in another application is no conflict
    tx->commit();
  }
  auto tx = store_->read(a_.client_id);
  EXPECT_EQ(tx->find_unique(link(), "Code", "l1", {Cell{app1}}), l1);
  EXPECT_EQ(tx->find_unique(link(), "Code", "L1", {Cell{app2}}), l2);
  EXPECT_EQ(tx->find_unique(link(), "Code", "L1", {Cell{app2 + 100}}), std::nullopt);
  EXPECT_EQ(tx->find_unique(link(), "Code", "L1"), std::nullopt) << "no scope given: found in none";
  using P = std::vector<std::pair<std::string, int64_t>>;
  EXPECT_EQ(tx->find_unique_many(link(), "Code", {"L1", "L2"}, {Cell{app2}}), (P{{"L1", l2}}));
  EXPECT_EQ(tx->find_unique_many(link(), "Code", {"L1"}, {Cell{app1}}), (P{{"L1", l1}}));
  auto scoped = tx->list(link(), ListQuery{Expr::cmp(Expr::Op::Eq, "ApplicationId", app2), std::nullopt, 0});
  EXPECT_EQ(ids_of(scoped), std::vector<int64_t>{l2});
  auto w = write(a_);
  try {
    w->insert(link(), make_link(app2, "L1"));
    ADD_FAILURE() << "a duplicate within one application must conflict";
  } catch (const StoreError& e) {
    EXPECT_EQ(e.kind, StoreErrorKind::Conflict);
    EXPECT_EQ(e.field, "Code");
  }
}

TEST_P(StoreContract, AUniqueViolationIsAConflictAndTheTransactionIsAbandonedCleanly) {
  const auto& r = widget();
  auto ids = seed(a_, {make_widget("DUP"), make_widget("OTHER")});
  const int64_t seq = last_change();
  {
    auto tx = write(a_);
    const int64_t fresh = tx->insert(r, make_widget("FRESH"));
    EXPECT_GT(fresh, 0);
    try {
      tx->insert(r, make_widget("dup"));  // written directly, without the find_unique pre-check
      ADD_FAILURE() << "expected a Conflict";
    } catch (const StoreError& e) {
      EXPECT_EQ(e.kind, StoreErrorKind::Conflict);
      EXPECT_EQ(e.field, "Code");
    }
    EXPECT_THROW(tx->commit(), StoreError) << "the failed transaction cannot be committed";
  }  // destroyed: rolled back
  {
    auto tx = write(a_);
    Entity e = make_widget("Dup");
    e.id = ids[1];
    try {
      tx->update(r, e);
      ADD_FAILURE() << "expected a Conflict";
    } catch (const StoreError& e) {
      EXPECT_EQ(e.kind, StoreErrorKind::Conflict);
      EXPECT_EQ(e.field, "Code");
    }
  }
  EXPECT_EQ(last_change(), seq) << "nothing of either transaction was logged";
  auto read = store_->read(a_.client_id);
  EXPECT_EQ(codes_of(read->list(r, {})), (std::vector<std::string>{"DUP", "OTHER"}));
  // The next transaction works normally.
  auto tx = write(a_);
  tx->insert(r, make_widget("FRESH"));
  EXPECT_EQ(tx->commit().size(), 1u);
  EXPECT_TRUE(store_->read(a_.client_id)->find_unique(r, "Code", "fresh"));
}

// --- Writes ---------------------------------------------------------------------------------------------

TEST_P(StoreContract, InsertManyWritesTenThousandRowsInOneTransaction) {
  const auto& r = widget();
  constexpr int kRows = 10'000;
  std::vector<Entity> items;
  items.reserve(kRows);
  for (int i = 0; i < kRows; ++i) {
    char code[16];
    std::snprintf(code, sizeof code, "N%05d", i);
    items.push_back(make_widget(code, i));
  }
  std::vector<int64_t> ids;
  std::vector<store::Change> changes;
  {
    auto tx = write(a_);
    ids = tx->insert_many(r, items);
    changes = tx->commit();
  }
  ASSERT_EQ(ids.size(), static_cast<size_t>(kRows));
  EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
  EXPECT_EQ(std::set<int64_t>(ids.begin(), ids.end()).size(), static_cast<size_t>(kRows));
  ASSERT_EQ(changes.size(), static_cast<size_t>(kRows));
  EXPECT_EQ(changes.front().entity_id, ids.front());
  EXPECT_EQ(changes.back().entity_id, ids.back());
  auto tx = store_->read(a_.client_id);
  auto all = tx->list(r, {});
  ASSERT_EQ(all.size(), static_cast<size_t>(kRows));
  EXPECT_EQ(code_of(all[4321]), "N04321");
  EXPECT_EQ(count_of(all[4321]), 4321);
  EXPECT_EQ(all[9999].texts_of("en-US")->texts[0], "N09999 name");
  EXPECT_EQ(tx->get_many(r, ids).size(), static_cast<size_t>(kRows));
  EXPECT_EQ(tx->find_unique(r, "Code", "n07777"), ids[7777]);
}

TEST_P(StoreContract, UpdateReplacesColumnsTextsAndCollections) {
  const auto& r = widget();
  Entity first = make_widget("U1", 1);
  first.cultures.push_back({"sv-SE", {std::string("Ett"), std::nullopt, std::nullopt}});
  first.collections[0] = {{1, 1}, {2, 2}};
  auto ids = seed(a_, {first, make_widget("U2", 2), make_widget("U3", 3)});
  {
    auto tx = write(a_, kT0 + kDay);
    Entity e = make_widget("U1-NEW", 10);
    e.id = ids[0];
    at(e, r, "Price") = *Decimal::parse("0.001");
    at(e, r, "IsActive") = false;
    e.collections[0] = {{9, 9}};
    tx->update(r, e);
    EXPECT_EQ(count_of(*tx->get(r, ids[0])), 10) << "a transaction reads its own writes";
    Entity two = make_widget("U2", 20), three = make_widget("u3-new", 30);
    two.id = ids[1];
    three.id = ids[2];
    tx->update_many(r, {two, three});
    tx->commit();
  }
  auto tx = store_->read(a_.client_id);
  auto got = tx->get_many(r, ids);
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(code_of(got[0]), "U1-NEW");
  EXPECT_EQ(count_of(got[0]), 10);
  EXPECT_EQ(std::get<Decimal>(at(got[0], r, "Price")).to_string(), "0.001");
  EXPECT_EQ(std::get<bool>(at(got[0], r, "IsActive")), false);
  EXPECT_EQ(got[0].texts_of("sv-SE"), nullptr) << "texts are replaced, not merged";
  EXPECT_EQ(got[0].texts_of("en-US")->texts[0], "U1-NEW name");
  EXPECT_EQ(got[0].collections[0], (std::vector<std::vector<int64_t>>{{9, 9}}));
  EXPECT_EQ(count_of(got[1]), 20);
  EXPECT_EQ(code_of(got[2]), "u3-new");
  EXPECT_EQ(tx->find_unique(r, "Code", "U1"), std::nullopt) << "the old key is gone";
  EXPECT_EQ(tx->find_unique(r, "Code", "U3-NEW"), ids[2]);
  EXPECT_EQ(codes_of(tx->list(r, ListQuery{Expr::cmp(Expr::Op::Eq, "IsActive", true), std::nullopt, 0})),
            (std::vector<std::string>{"U2", "u3-new"}));
}

TEST_P(StoreContract, RemoveDeletesTheRowWithItsTextsAndCollections) {
  const auto& r = widget();
  Entity e = make_widget("GONE");
  e.collections[0] = {{1, 1}};
  auto ids = seed(a_, {e, make_widget("KEPT")});
  int64_t l;
  {
    auto tx = write(a_);
    l = tx->insert(link(), make_link(a_.application_id, "L", ids[0]));
    tx->commit();
  }
  {
    auto tx = write(a_);
    tx->remove(r, ids[0]);
    tx->remove(link(), l);
    tx->remove(r, ids[1] + 1000);  // not there: nothing happens
    auto changes = tx->commit();
    ASSERT_EQ(changes.size(), 2u);
    EXPECT_EQ(changes[0].kind, ChangeKind::Delete);
    EXPECT_EQ(changes[0].entity_id, ids[0]);
    EXPECT_EQ(changes[1].resource, "Link");
  }
  auto tx = store_->read(a_.client_id);
  EXPECT_FALSE(tx->get(r, ids[0]));
  EXPECT_FALSE(tx->exists(link(), l));
  EXPECT_EQ(tx->find_unique(r, "Code", "GONE"), std::nullopt) << "its key is free again";
  EXPECT_EQ(codes_of(tx->list(r, {})), std::vector<std::string>{"KEPT"});
  auto w = write(a_);
  EXPECT_GT(w->insert(r, make_widget("GONE")), 0);
  w->commit();
}

TEST_P(StoreContract, ATransactionDestroyedWithoutCommitLeavesNothing) {
  const auto& r = widget();
  auto ids = seed(a_, {make_widget("KEEP", 1)});
  const int64_t seq = last_change();
  {
    auto tx = write(a_);
    tx->insert(r, make_widget("NEW"));
    tx->insert_many(r, {make_widget("NEW2"), make_widget("NEW3")});
    Entity e = make_widget("CHANGED", 2);
    e.id = ids[0];
    tx->update(r, e);
    tx->insert(link(), make_link(a_.application_id, "L"));
  }
  {
    auto tx = write(a_);
    tx->remove(r, ids[0]);
  }
  EXPECT_EQ(last_change(), seq) << "no change-log entry for a rolled-back transaction";
  auto tx = store_->read(a_.client_id);
  auto all = tx->list(r, {});
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(code_of(all[0]), "KEEP");
  EXPECT_EQ(count_of(all[0]), 1);
  EXPECT_TRUE(tx->list(link(), {}).empty());
  EXPECT_EQ(tx->find_unique(r, "Code", "NEW"), std::nullopt);
}

TEST_P(StoreContract, PrefetchedAnswersAreTheCallsOwnUntilTheNextWriteChangesThem) {
  const auto& r = widget();
  int64_t root = 0, mid = 0;
  {
    auto tx = write(a_);
    root = tx->insert(r, make_widget("ROOT"));
    Entity m = make_widget("MID");
    at(m, r, "ParentId") = root;
    mid = tx->insert(r, m);
    tx->commit();
  }
  using Kind = store::Probe::Kind;
  {
    auto tx = write(a_);
    tx->prefetch({{.kind = Kind::Exists, .resource = &r, .id = mid},
                  {.kind = Kind::Exists, .resource = &r, .id = mid + 1000},
                  {.kind = Kind::Unique, .resource = &r, .member = "Code", .value = "root"},
                  {.kind = Kind::Unique, .resource = &r, .member = "Code", .value = "NEW"},
                  {.kind = Kind::Ancestors, .resource = &r, .member = "ParentId", .id = mid, .max_depth = 1},
                  {.kind = Kind::Ancestors, .resource = &r, .member = "ParentId", .id = root, .max_depth = 5}});
    EXPECT_TRUE(tx->exists(r, mid));
    EXPECT_FALSE(tx->exists(r, mid + 1000));
    EXPECT_EQ(tx->find_unique(r, "Code", "ROOT"), root) << "letter case ignored, as without prefetch";
    EXPECT_EQ(tx->find_unique(r, "Code", "new"), std::nullopt);
    // Deeper than fetched, on a chain that did not end: walked again, not cut short.
    EXPECT_EQ(tx->ancestor_ids(r, "ParentId", mid, 5), (std::vector<int64_t>{mid, root}));
    EXPECT_EQ(tx->ancestor_ids(r, "ParentId", mid, 1), std::vector<int64_t>{mid});
    EXPECT_EQ(tx->ancestor_ids(r, "ParentId", root, 10'000), std::vector<int64_t>{root}) << "the chain ended";
    // Writes change what the same calls answer.
    Entity fresh = make_widget("new");
    at(fresh, r, "ParentId") = mid;
    const int64_t id = tx->insert(r, fresh);
    EXPECT_EQ(tx->find_unique(r, "Code", "NEW"), id);
    EXPECT_TRUE(tx->exists(r, id));
    EXPECT_EQ(tx->ancestor_ids(r, "ParentId", id), (std::vector<int64_t>{id, mid, root}));
    tx->prefetch({{.kind = Kind::Exists, .resource = &r, .id = id}});
    tx->remove(r, id);
    EXPECT_FALSE(tx->exists(r, id));
    tx->commit();
  }
  // Another tenant's rows are not found through prefetch either.
  auto other = write(b_);
  other->prefetch({{.kind = Kind::Exists, .resource = &r, .id = root},
                   {.kind = Kind::Unique, .resource = &r, .member = "Code", .value = "ROOT"}});
  EXPECT_FALSE(other->exists(r, root));
  EXPECT_EQ(other->find_unique(r, "Code", "ROOT"), std::nullopt);
}

TEST_P(StoreContract, ABatchedTransactionAnswersAndCommitsWhatAnUnbatchedOneDoes) {
  // write_in_batches() may hold writes until a call needs an answer (PostgreSQL); every call still answers as
  // if each write had been made at once, and the commit holds them all.
  const auto& r = widget();
  auto ids = seed(a_, {make_widget("OLD", 1), make_widget("KEEP", 2)});
  std::vector<store::Change> changes;
  int64_t fresh = 0, after = 0;
  std::vector<int64_t> many;
  {
    auto tx = write(a_);
    tx->write_in_batches();
    Entity f = make_widget("FRESH", 3);
    f.cultures.push_back({"sv-SE", {std::string("Ny"), std::nullopt, std::nullopt}});
    f.collections[0] = {{4, 4}};
    fresh = tx->insert(r, f);
    many = tx->insert_many(r, {make_widget("M1"), make_widget("M2")});
    EXPECT_EQ(tx->find_unique(r, "Code", "fresh"), fresh) << "an inserted row holds its key at once";
    EXPECT_TRUE(tx->exists(r, many[1]));
    auto old = tx->get(r, ids[0]);
    ASSERT_TRUE(old);
    Entity renamed = *old;
    at(renamed, r, "Code") = std::string("RENAMED");
    at(renamed, r, "Count") = int64_t{10};
    tx->update(r, renamed);
    // A new row after the update: its texts are written after its row, not with the update's texts before it.
    after = tx->insert(r, make_widget("AFTER", 4));
    EXPECT_EQ(tx->find_unique(r, "Code", "OLD"), std::nullopt) << "the old key is free again";
    EXPECT_EQ(tx->find_unique(r, "Code", "renamed"), ids[0]);
    EXPECT_EQ(count_of(*tx->get(r, ids[0])), 10) << "a transaction reads its own writes";
    EXPECT_EQ(codes_of(tx->list(r, {})),
              (std::vector<std::string>{"RENAMED", "KEEP", "FRESH", "M1", "M2", "AFTER"}));
    changes = tx->commit();
  }
  ASSERT_EQ(changes.size(), 5u);
  EXPECT_EQ(changes[0].entity_id, fresh);
  EXPECT_EQ(changes[0].kind, ChangeKind::Insert);
  EXPECT_EQ(changes[3].entity_id, ids[0]);
  EXPECT_EQ(changes[3].kind, ChangeKind::Update);
  auto tx = store_->read(a_.client_id);
  auto got = tx->get(r, fresh);
  ASSERT_TRUE(got);
  EXPECT_EQ(count_of(*got), 3);
  ASSERT_NE(got->texts_of("sv-SE"), nullptr);
  EXPECT_EQ(got->texts_of("sv-SE")->texts[0], "Ny");
  EXPECT_EQ(got->collections[0], (std::vector<std::vector<int64_t>>{{4, 4}}));
  EXPECT_EQ(tx->find_unique(r, "Code", "m2"), many[1]);
  EXPECT_EQ(tx->find_unique(r, "Code", "old"), std::nullopt);
  EXPECT_EQ(tx->get(r, after)->texts_of("en-US")->texts[0], "AFTER name");
  EXPECT_EQ(tx->get(r, ids[0])->texts_of("en-US")->texts[0], "OLD name") << "the update kept the row's texts";
}

TEST_P(StoreContract, AHeldWriteThatFailsIsAConflictAndEndsTheTransaction) {
  const auto& r = widget();
  seed(a_, {make_widget("DUP")});
  const int64_t seq = last_change();
  {
    auto tx = write(a_);
    tx->write_in_batches();
    tx->insert(r, make_widget("FIRST"));
    try {
      tx->insert(r, make_widget("dup"));  // without the pre-check: held on PostgreSQL, refused at once on SQLite
      tx->count(r, {});                   // a call that needs an answer sends what was held
      ADD_FAILURE() << "expected a Conflict";
    } catch (const StoreError& e) {
      EXPECT_EQ(e.kind, StoreErrorKind::Conflict);
      EXPECT_EQ(e.field, "Code");
    }
    EXPECT_THROW(tx->commit(), StoreError) << "the failed transaction cannot be committed";
  }
  EXPECT_EQ(last_change(), seq);
  EXPECT_EQ(codes_of(store_->read(a_.client_id)->list(r, {})), std::vector<std::string>{"DUP"});
}

// Enough rows for a batched transaction on PostgreSQL to reserve several blocks of ids and to send its held
// writes without waiting at least once (tenant_tx.cpp: kSendWithoutWaitingBytes) before it commits.
constexpr int kRowsSentWithoutWaiting = 4000;

TEST_P(StoreContract, AWriteSentWithoutWaitingThatFailsIsAConflictAndEndsTheTransaction) {
  const auto& r = widget();
  seed(a_, {make_widget("DUP")});
  const int64_t seq = last_change();
  {
    auto tx = write(a_);
    tx->write_in_batches();
    std::optional<StoreError> refused;
    try {
      tx->insert(r, make_widget("dup"));  // early, so on PostgreSQL it goes in a pipeline nobody waits for
      for (int i = 0; i < kRowsSentWithoutWaiting; ++i) tx->insert(r, make_widget("ROW" + std::to_string(i)));
      tx->commit();
    } catch (const StoreError& e) {
      refused = e;
    }
    ASSERT_TRUE(refused) << "the duplicate was not refused";
    EXPECT_EQ(refused->kind, StoreErrorKind::Conflict) << refused->what();
    EXPECT_EQ(refused->field, "Code");
    EXPECT_THROW(tx->commit(), StoreError) << "the failed transaction cannot be committed";
  }
  EXPECT_EQ(last_change(), seq);
  EXPECT_EQ(codes_of(store_->read(a_.client_id)->list(r, {})), std::vector<std::string>{"DUP"});
  // The tenant's writer and its connection are fine for the next transaction.
  auto tx = write(a_);
  tx->insert(r, make_widget("NEXT"));
  tx->commit();
  EXPECT_EQ(codes_of(store_->read(a_.client_id)->list(r, {})), (std::vector<std::string>{"DUP", "NEXT"}));
}

TEST_P(StoreContract, ABatchedTransactionDroppedWithWritesOnTheirWayWritesNothing) {
  const auto& r = widget();
  const int64_t seq = last_change();
  {
    auto tx = write(a_);
    tx->write_in_batches();
    for (int i = 0; i < kRowsSentWithoutWaiting; ++i) tx->insert(r, make_widget("GONE" + std::to_string(i)));
  }  // dropped: rolled back
  EXPECT_EQ(last_change(), seq);
  EXPECT_EQ(store_->read(a_.client_id)->count(r, {}), 0);
  std::vector<int64_t> kept;
  {
    auto tx = write(a_);
    tx->write_in_batches();
    for (int i = 0; i < kRowsSentWithoutWaiting; ++i)
      kept.push_back(tx->insert(r, make_widget("KEPT" + std::to_string(i), i)));
    tx->commit();
  }
  auto read = store_->read(a_.client_id);
  EXPECT_EQ(read->count(r, {}), kRowsSentWithoutWaiting);
  EXPECT_EQ(count_of(*read->get(r, kept.back())), kRowsSentWithoutWaiting - 1);
  EXPECT_EQ(read->find_unique(r, "Code", "kept0"), kept.front());
}

// --- The change log -------------------------------------------------------------------------------------

TEST_P(StoreContract, EveryWriteLogsExactlyOneEntryPerChangedRow) {
  const auto& r = widget();
  const int64_t before = last_change();
  const int64_t when = kT0 + 7;
  std::vector<store::Change> committed;
  std::vector<int64_t> many;
  int64_t one;
  {
    auto tx = write(a_, when);
    one = tx->insert(r, make_widget("ONE"));
    many = tx->insert_many(r, {make_widget("M1"), make_widget("M2"), make_widget("M3")});
    Entity e = make_widget("ONE", 5);
    e.id = one;
    tx->update(r, e);
    Entity m1 = make_widget("M1", 1), m2 = make_widget("M2", 2), ghost = make_widget("GHOST");
    m1.id = many[0];
    m2.id = many[1];
    ghost.id = many[2] + 1000;  // no such row: no entry
    tx->update_many(r, {m1, m2, ghost});
    tx->remove(r, many[2]);
    tx->remove(r, many[2]);  // already gone: no entry
    committed = tx->commit();
  }
  struct Expected {
    int64_t id;
    ChangeKind kind;
  };
  const std::vector<Expected> expected = {{one, ChangeKind::Insert},      {many[0], ChangeKind::Insert},
                                          {many[1], ChangeKind::Insert},  {many[2], ChangeKind::Insert},
                                          {one, ChangeKind::Update},      {many[0], ChangeKind::Update},
                                          {many[1], ChangeKind::Update},  {many[2], ChangeKind::Delete}};
  ASSERT_EQ(committed.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(committed[i].entity_id, expected[i].id);
    EXPECT_EQ(committed[i].kind, expected[i].kind);
    EXPECT_EQ(committed[i].client_id, a_.client_id);
    EXPECT_EQ(committed[i].resource, "Widget");
    EXPECT_EQ(committed[i].at, when);
    EXPECT_EQ(committed[i].account, "tester-" + std::to_string(a_.client_id));
    EXPECT_GT(committed[i].seq, i ? committed[i - 1].seq : before) << "strictly increasing";
  }
  auto logged = store_->system()->changes_since(before, 100);
  ASSERT_EQ(logged.size(), committed.size()) << "commit() answers exactly what the log holds";
  for (size_t i = 0; i < logged.size(); ++i) {
    EXPECT_EQ(logged[i].seq, committed[i].seq);
    EXPECT_EQ(logged[i].entity_id, committed[i].entity_id);
    EXPECT_EQ(logged[i].kind, committed[i].kind);
    EXPECT_EQ(logged[i].resource, committed[i].resource);
    EXPECT_EQ(logged[i].client_id, committed[i].client_id);
    EXPECT_EQ(logged[i].at, committed[i].at);
    EXPECT_EQ(logged[i].account, committed[i].account);
  }
  EXPECT_EQ(last_change(), committed.back().seq);
}

TEST_P(StoreContract, ALargeBatchedTransactionLogsEveryRowInOrder) {
  // SQLite holds change-log entries and writes them many per statement (256, 64, 16, 4, 1): 341 entries cross
  // every shape. commit() must still answer the seqs the log holds, in the order of the writes.
  const auto& r = widget();
  const int64_t before = last_change();
  std::vector<int64_t> ids;
  std::vector<store::Change> committed;
  {
    auto tx = write(a_);
    tx->write_in_batches();
    for (int i = 0; i < 340; ++i) ids.push_back(tx->insert(r, make_widget("BULK" + std::to_string(i))));
    Entity first = make_widget("BULK0", 9);
    first.id = ids[0];
    tx->update(r, first);
    committed = tx->commit();
  }
  ASSERT_EQ(committed.size(), 341u);
  for (size_t i = 0; i < 340; ++i) {
    EXPECT_EQ(committed[i].entity_id, ids[i]);
    EXPECT_EQ(committed[i].kind, ChangeKind::Insert);
  }
  EXPECT_EQ(committed[340].entity_id, ids[0]);
  EXPECT_EQ(committed[340].kind, ChangeKind::Update);
  auto logged = store_->system()->changes_since(before, 1000);
  ASSERT_EQ(logged.size(), committed.size());
  for (size_t i = 0; i < logged.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_GT(committed[i].seq, i ? committed[i - 1].seq : before);
    EXPECT_EQ(logged[i].seq, committed[i].seq);
    EXPECT_EQ(logged[i].entity_id, committed[i].entity_id);
    EXPECT_EQ(logged[i].kind, committed[i].kind);
    EXPECT_EQ(logged[i].account, committed[i].account);
  }
}

TEST_P(StoreContract, ABatchedTransactionAnswersChecksFromWhatItReadAndWrote) {
  // SQLite remembers answers in a batched transaction (known_rows.hpp): each must stay what the statement would
  // say now, across inserts, key changes and removals, and for keys asked many at once.
  const auto& r = widget();
  auto ids = seed(a_, {make_widget("K1"), make_widget("K2")});
  auto tx = write(a_);
  tx->write_in_batches();
  EXPECT_EQ(tx->find_unique_many(r, "Code", {"k1", "K2", "K3"}).size(), 2u);
  EXPECT_EQ(tx->find_unique(r, "Code", "K3"), std::nullopt);
  const int64_t k3 = tx->insert(r, make_widget("K3"));
  EXPECT_EQ(tx->find_unique(r, "Code", "k3"), k3) << "a key it asked about before, then wrote";
  auto many = tx->find_unique_many(r, "Code", {"K3", "K4"});
  ASSERT_EQ(many.size(), 1u);
  EXPECT_EQ(many[0], (std::pair<std::string, int64_t>{"K3", k3}));
  Entity moved = *tx->get(r, ids[0]);
  at(moved, r, "Code") = std::string("K4");
  tx->update(r, moved);
  EXPECT_EQ(tx->find_unique(r, "Code", "K1"), std::nullopt) << "the key the update gave up";
  EXPECT_EQ(tx->find_unique(r, "Code", "K4"), ids[0]);
  EXPECT_TRUE(tx->exists(r, ids[1]));
  auto sorted = [](std::vector<int64_t> v) {
    std::sort(v.begin(), v.end());
    return v;
  };
  EXPECT_EQ(sorted(tx->existing(r, {ids[1], k3, k3 + 1000})), (std::vector<int64_t>{ids[1], k3}));
  tx->remove(r, k3);
  EXPECT_FALSE(tx->exists(r, k3));
  EXPECT_EQ(sorted(tx->existing(r, {ids[1], k3})), (std::vector<int64_t>{ids[1]}));
  EXPECT_EQ(tx->find_unique(r, "Code", "K3"), std::nullopt) << "the removed row's key";
  const int64_t link_id = tx->insert(link(), make_link(a_.application_id, "L1"));
  EXPECT_EQ(tx->find_unique(link(), "Code", "l1", {Cell{a_.application_id}}), link_id);
  EXPECT_EQ(tx->find_unique(link(), "Code", "L1", {Cell{a_.application_id + 1}}), std::nullopt) << "another scope";
  tx->commit();
}

TEST_P(StoreContract, ChangesSincePagesInSeqOrderAcrossTenants) {
  const int64_t before = last_change();
  std::vector<store::Change> all;
  for (int round = 0; round < 5; ++round) {
    for (const auto* c : {&a_, &b_}) {
      auto tx = write(*c);
      tx->insert_many(widget(), {make_widget("R" + std::to_string(round) + "a"), make_widget("R" + std::to_string(round) + "b")});
      tx->insert(link(), make_link(c->application_id, "R" + std::to_string(round)));
      auto got = tx->commit();
      all.insert(all.end(), got.begin(), got.end());
    }
  }
  ASSERT_EQ(all.size(), 30u);
  auto sys = store_->system();
  std::vector<store::Change> paged;
  int64_t after = before;
  int pages = 0;
  for (;;) {
    auto page = sys->changes_since(after, 8);
    if (page.empty()) break;
    EXPECT_LE(page.size(), 8u);
    ++pages;
    after = page.back().seq;
    paged.insert(paged.end(), page.begin(), page.end());
  }
  EXPECT_EQ(pages, 4);  // 8 + 8 + 8 + 6
  ASSERT_EQ(paged.size(), all.size());
  for (size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(paged[i].seq, all[i].seq);
    EXPECT_EQ(paged[i].client_id, all[i].client_id);
    EXPECT_EQ(paged[i].entity_id, all[i].entity_id);
    if (i) EXPECT_GT(paged[i].seq, paged[i - 1].seq);
  }
  EXPECT_EQ(sys->last_change(), all.back().seq);
  EXPECT_TRUE(sys->changes_since(all.back().seq, 10).empty());
  EXPECT_EQ(sys->changes_since(all[9].seq, 1).at(0).seq, all[10].seq);
}

TEST_P(StoreContract, ChangeDigestGroupsTheLogPerClientAndResourceAndLeavesOutTheSkippedSeqs) {
  // What a cache follower's poll reads (Store::change_digest): few rows are listed, many are "the resource".
  const int64_t before = last_change();
  std::vector<store::Change> small, large, other, skipped;
  {
    auto tx = write(a_);
    tx->insert_many(widget(), {make_widget("S1"), make_widget("S2")});
    small = tx->commit();
  }
  {
    auto tx = write(a_);
    tx->insert(link(), make_link(a_.application_id, "SKIPPED"));
    skipped = tx->commit();
  }
  {
    std::vector<Entity> rows;
    for (int i = 0; i < 5; ++i) rows.push_back(make_widget("L" + std::to_string(i)));
    auto tx = write(b_);
    tx->insert_many(widget(), rows);
    large = tx->commit();
  }
  {
    auto tx = write(a_);
    tx->insert(link(), make_link(a_.application_id, "OTHER"));
    other = tx->commit();
  }
  ASSERT_EQ(skipped.size(), 1u);
  const std::vector<store::SeqRange> skip = {{skipped[0].seq, skipped[0].seq}};
  const store::ChangeDigest d = store_->change_digest(before, skip, 4);
  EXPECT_EQ(d.last_seq, other.back().seq);
  const auto a_first = a_.client_id < b_.client_id;
  ASSERT_EQ(d.changed.size(), 3u) << "a's widgets, a's links (the skipped one left out), b's widgets";
  for (const auto& g : d.changed) {
    SCOPED_TRACE(std::to_string(g.client_id) + " " + g.resource);
    if (g.client_id == b_.client_id) {
      EXPECT_EQ(g.resource, widget().name);
      EXPECT_TRUE(g.whole) << "5 entries, more than 4: the resource as a whole";
      EXPECT_TRUE(g.ids.empty());
      EXPECT_EQ(g.entries, 5);
    } else if (g.resource == widget().name) {
      EXPECT_FALSE(g.whole);
      EXPECT_EQ(g.ids, (std::vector<int64_t>{small[0].entity_id, small[1].entity_id}));
      EXPECT_EQ(g.entries, 2);
    } else {
      EXPECT_EQ(g.resource, link().name);
      EXPECT_EQ(g.ids, std::vector<int64_t>{other[0].entity_id}) << "the skipped entry is not listed";
      EXPECT_EQ(g.entries, 1);
    }
  }
  EXPECT_EQ(d.changed.front().client_id, a_first ? a_.client_id : b_.client_id) << "by client";
  const store::ChangeDigest later = store_->change_digest(large.back().seq, {}, 4);
  EXPECT_EQ(later.last_seq, other.back().seq);
  ASSERT_EQ(later.changed.size(), 1u);
  EXPECT_EQ(later.changed[0].ids, std::vector<int64_t>{other[0].entity_id});
  const store::ChangeDigest all_skipped =
      store_->change_digest(large.back().seq, {{other[0].seq, other[0].seq + 5}}, 4);
  EXPECT_EQ(all_skipped.last_seq, other.back().seq) << "a skipped entry is still passed";
  EXPECT_TRUE(all_skipped.changed.empty());
  const store::ChangeDigest none = store_->change_digest(other.back().seq, {}, 4);
  EXPECT_EQ(none.last_seq, other.back().seq);
  EXPECT_TRUE(none.changed.empty());
}

// --- Concurrency ----------------------------------------------------------------------------------------

TEST_P(StoreContract, TwoWritersOfOneTenantLoseNoWrite) {
  const auto& r = widget();
  const int64_t id = seed(a_, {make_widget("COUNTER", 0)}).front();
  const int64_t before = last_change();
  constexpr int kThreads = 2, kIncrements = 100;
  std::atomic<int> failures{0};
  auto work = [&](int t) {
    for (int i = 0; i < kIncrements; ++i) {
      for (int attempt = 0;; ++attempt) {  // the contract lets a Retryable transaction run again
        try {
          auto tx = write(a_);
          Entity e = *tx->get(r, id);  // read-modify-write: lost if two transactions interleave
          at(e, r, "Count") = count_of(e) + 1;
          tx->update(r, e);
          tx->insert(r, make_widget("T" + std::to_string(t) + "-" + std::to_string(i)));
          tx->commit();
          break;
        } catch (const StoreError& e) {
          if (e.kind != StoreErrorKind::Retryable || attempt > 50) {
            ++failures;
            break;
          }
        }
      }
    }
  };
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) threads.emplace_back(work, t);
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  auto tx = store_->read(a_.client_id);
  EXPECT_EQ(count_of(*tx->get(r, id)), kThreads * kIncrements);
  EXPECT_EQ(tx->list(r, {}).size(), static_cast<size_t>(1 + kThreads * kIncrements));
  auto log = store_->system()->changes_since(before, 10'000);
  EXPECT_EQ(log.size(), static_cast<size_t>(2 * kThreads * kIncrements));
  for (size_t i = 1; i < log.size(); ++i) EXPECT_GT(log[i].seq, log[i - 1].seq);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreContract, ::testing::ValuesIn(contract::backends()),
                         [](const ::testing::TestParamInfo<contract::Backend>& info) { return info.param.name; });
