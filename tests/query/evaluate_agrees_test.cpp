// The in-memory evaluator of compiled queries (query/evaluate.hpp, which serves the Core namespace) against the
// store's SQL on each engine: the same $filter texts, compiled once by the Query API's filter compiler, and the
// same orders and continuations, run both ways over the same rows must select the same rows in the same order.
// The rows cover every member type with nulls, letter case beyond ASCII, negative and scaled decimals and ties.
#include <gtest/gtest.h>

#include "../store/contract_support.hpp"
#include "query/continuation.hpp"
#include "query/entity_sets.hpp"
#include "query/evaluate.hpp"
#include "query/filter.hpp"

using namespace norced;
using registry::Cell;
using registry::Entity;
using registry::ListQuery;

namespace {

class EvaluatorAgreement : public contract::BackendFixture {
 protected:
  void SetUp() override {
    BackendFixture::SetUp();
    if (IsSkipped()) return;
    client_ = contract::new_client(*store_, "agree");
    const auto& r = contract::widget();
    struct Row {
      const char* code;
      const char* label;
      std::optional<int64_t> count;
      const char* price;
      bool flag;
      std::optional<int64_t> valid_from;  // micros
    };
    const Row rows[] = {
        {"R01", "Alpha", 2, "10", true, 1'700'000'000'000'000},
        {"R02", "alphabet", 1, "9.5", false, std::nullopt},
        {"R03", nullptr, 2, nullptr, true, 1'600'000'000'000'000},
        {"R04", "Beta_%", std::nullopt, "100", false, 1'800'000'000'000'000},
        {"R05", "Åsa", -3, "-1", true, 1'700'000'000'000'000},
        {"R06", "ärlig", 0, "0.10", false, std::nullopt},
        {"R07", "Zebra", 1, "10.00", true, 1'500'000'000'000'000},
        {"R08", "", 5, "0.1", false, 1'700'000'000'000'001},
        {"R09", "50%_off", std::nullopt, nullptr, true, std::nullopt},
        {"R10", "ALPHA", 2, "12.5", false, 1'750'000'000'000'000},
    };
    std::vector<Entity> items;
    for (const Row& row : rows) {
      Entity e;
      e.cells.resize(r.fields.size());
      e.collections.resize(r.collections.size());
      auto at = [&](std::string_view f) -> Cell& { return e.cells[static_cast<size_t>(r.field_index(f))]; };
      at("Code") = std::string(row.code);
      if (row.label) at("Label") = std::string(row.label);
      if (row.count) at("Count") = *row.count;
      if (row.price) at("Price") = *Decimal::parse(row.price);
      at("Flag") = row.flag;
      if (row.valid_from) at("ValidFrom") = registry::Instant{*row.valid_from};
      at("IsActive") = true;
      e.cultures.push_back({"en-US", {std::string(row.code) + " name", std::nullopt, std::nullopt}});
      items.push_back(std::move(e));
    }
    auto tx = store_->write(client_.client_id, {"tester", 1'700'000'000'000'000});
    tx->insert_many(r, items);
    tx->commit();
  }

  std::vector<std::string> codes(const std::vector<Entity>& rows) {
    std::vector<std::string> out;
    const int code = contract::widget().field_index("Code");
    for (const auto& e : rows) out.push_back(std::get<std::string>(e.cells[static_cast<size_t>(code)]));
    return out;
  }

  // The query's rows read by the store and by the evaluator over every row the store holds.
  void expect_agreement(const ListQuery& q, const std::string& what) {
    const auto& r = contract::widget();
    auto tx = store_->read(client_.client_id);
    const auto by_sql = codes(tx->list(r, q));
    const auto in_memory = codes(query::evaluate(r, q, tx->list(r, {})));
    EXPECT_EQ(by_sql, in_memory) << what;
    EXPECT_EQ(tx->count(r, q.where), query::count_matching(r, q.where, tx->list(r, {}))) << what;
  }

  store::CreatedClient client_;
};

TEST_P(EvaluatorAgreement, FiltersSelectTheSameRowsBothWays) {
  const query::EntitySet set = query::entity_set(contract::widget());
  const char* filters[] = {
      "Count eq 2", "Count ne 2", "Count gt 1", "Count le 0", "Count eq null", "Count ne null", "not (Count eq 2)",
      "not (Count gt 1 and Label eq 'Alpha')", "not not (Count lt 2)", "Label eq 'Alpha'", "Label ne 'Alpha'",
      "Label lt 'B'", "Label ge 'alpha'", "Label gt 'Z'", "Label eq ''", "contains(Label,'ph')",
      "contains(Label,'%')", "startswith(Label,'A')", "startswith(Label,'')", "endswith(Label,'a')",
      "not contains(Label,'a')", "tolower(Label) eq 'alpha'", "startswith(tolower(Label),'å')",
      "contains(tolower(Label),'ÄR')", "tolower(Label) lt 'b'", "Price gt 9.5", "Price eq 10", "Price lt 0",
      "Price ne 10", "Price ge 0.1", "Price le 0.10", "Flag", "Flag eq false", "not Flag", "Flag ne true",
      "ValidFrom gt 2023-11-14T22:13:20Z", "ValidFrom ge 2023-11-14T22:13:20Z", "ValidFrom eq null or Count lt 1",
      "ValidFrom lt 2020-01-01", "Id gt 3", "Id le 3 or Id eq 9", "Code ge 'R05' and Code lt 'R08'",
      "(Count gt 0 or Label eq null) and not (Price le 10)", "Label eq null and Price eq null",
      "not (Label eq null or Count eq null)", "ChangedBy eq 'tester'", "Changed ne null",
  };
  for (const char* text : filters) {
    auto where = query::parse_filter(text, set);
    ASSERT_TRUE(where) << text;
    ListQuery q;
    q.where = *where;
    expect_agreement(q, text);
  }
}

TEST_P(EvaluatorAgreement, OrdersPagesAndContinuationsAgree) {
  const auto& r = contract::widget();
  using Keys = std::vector<registry::OrderKey>;
  const Keys orders[] = {{},
                         {{"Count"}},
                         {{"Count", true}},
                         {{"Count", true}, {"Code"}},
                         {{"Price"}},
                         {{"Price", true}, {"Label"}},
                         {{"Label"}},
                         {{"Label", true}},
                         {{"ValidFrom"}, {"Flag", true}},
                         {{"Flag"}, {"Price", true}},
                         {{"Id", true}}};
  for (const Keys& order : orders) {
    const auto keys = query::total_order(r, order);
    std::string what = "order by";
    for (const auto& k : order) what += " " + std::string(k.field) + (k.descending ? " desc" : "");
    ListQuery q;
    q.order = keys;
    expect_agreement(q, what);
    q.offset = 3;
    q.limit = 4;
    expect_agreement(q, what + ", rows 4 to 7");
    // The continuation after each row (a $skiptoken's condition) selects the same rest both ways.
    auto tx = store_->read(client_.client_id);
    for (const Entity& last : tx->list(r, ListQuery{{}, std::nullopt, 0, keys})) {
      auto values = query::decode_skiptoken(query::encode_skiptoken(r, keys, last), r, keys);
      ASSERT_TRUE(values) << what;
      ListQuery rest;
      rest.order = keys;
      rest.where = query::after(r, keys, *values);
      expect_agreement(rest, what + ", after row " + std::to_string(last.id));
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, EvaluatorAgreement, ::testing::ValuesIn(contract::backends()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
