// The application-id / account-id headers and the isolation of clients (tenants) from each other.
#include <algorithm>
#include <set>

#include "api/harness.hpp"

namespace api {
namespace {

class TenancyTest : public ServerFixture<TenancyTest> {
 protected:
  static std::set<int64_t> ids_of(const Json& list) {
    std::set<int64_t> out;
    if (!list.is_array()) {
      ADD_FAILURE() << "not a list: " << list.dump();
      return out;
    }
    for (const auto& item : list) out.insert(item["Id"].get<int64_t>());
    return out;
  }
  // A request as `s` but with these tenant headers (an empty value is sent as an empty header).
  static Reply with_headers(const Session& s, const std::string& method, const std::string& path,
                            const HeaderList& tenant, const std::string& body = {}) {
    HeaderList h = {{"Authorization", "Bearer " + s.token()}};
    for (const auto& x : tenant) h.push_back(x);
    return s.server().request(method, path, body, body.empty() ? "" : "application/json", h);
  }
};

TEST_F(TenancyTest, MissingApplicationIdIs400NamingTheHeader) {
  Session a = server().default_session();
  Reply r = with_headers(a, "GET", "/api/category", {{"account-id", "1"}});
  expect_field_error(r, "application-id");
  Json p = r.json();
  EXPECT_NE(p.value("detail", "").find("application-id"), std::string::npos) << r.body;
}

TEST_F(TenancyTest, MissingAccountIdIs400NamingTheHeader) {
  Session a = server().default_session();
  Reply r = with_headers(a, "GET", "/api/category", {{"application-id", "1"}});
  expect_field_error(r, "account-id");
  EXPECT_FALSE(r.json()["errors"].contains("application-id")) << r.body;
}

TEST_F(TenancyTest, BothHeadersMissingOnWrite) {
  Session a = server().default_session();
  Reply r = with_headers(a, "POST", "/api/category", {}, R"({"Code":"NOHDR","Name":"x"})");
  expect_field_error(r, "application-id");
  // Nothing was written.
  for (const auto& c : a.fetch("/api/category")) EXPECT_NE(c["Code"], "NOHDR");
}

TEST_F(TenancyTest, NonIntegerHeadersAre400) {
  Session a = server().default_session();
  for (const std::string bad : {"abc", "1.5", "1x", "0x1", "99999999999", "1 2", "--1", "+"}) {
    Reply app = with_headers(a, "GET", "/api/category", {{"application-id", bad}, {"account-id", "1"}});
    expect_field_error(app, "application-id");
    Reply acc = with_headers(a, "GET", "/api/category", {{"application-id", "1"}, {"account-id", bad}});
    expect_field_error(acc, "account-id");
  }
  Reply empty = with_headers(a, "GET", "/api/category", {{"application-id", ""}, {"account-id", "1"}});
  expect_field_error(empty, "application-id");
}

TEST_F(TenancyTest, ApplicationOfAnotherClientIs403) {
  Session a = server().default_session();
  ClientInfo b = server().add_client("other");
  Reply r = with_headers(a, "GET", "/api/category",
                         {{"application-id", std::to_string(b.application_id)},
                          {"account-id", std::to_string(b.account_id)}});
  expect_problem(r, 403);
  Reply w = with_headers(a, "POST", "/api/category",
                         {{"application-id", std::to_string(b.application_id)},
                          {"account-id", std::to_string(b.account_id)}},
                         R"({"Code":"SNEAK","Name":"x"})");
  expect_problem(w, 403);
  // And the other way round: B's token cannot act for application 1.
  Session bs = server().session_for(b);
  Reply back = with_headers(bs, "GET", "/api/category", {{"application-id", "1"}, {"account-id", "1"}});
  expect_problem(back, 403);
  EXPECT_TRUE(bs.fetch("/api/category").empty()) << "the refused POST must not have written into B";
}

TEST_F(TenancyTest, UnknownApplicationIs403) {
  Session a = server().default_session();
  Reply r = with_headers(a, "GET", "/api/category", {{"application-id", "999999"}, {"account-id", "1"}});
  expect_problem(r, 403);
  Reply zero = with_headers(a, "GET", "/api/category", {{"application-id", "0"}, {"account-id", "1"}});
  expect_problem(zero, 403);
  Reply negative = with_headers(a, "GET", "/api/category", {{"application-id", "-1"}, {"account-id", "1"}});
  expect_problem(negative, 403);
}

TEST_F(TenancyTest, AccountNotOfTheApplicationIs403) {
  Session a = server().default_session();
  ClientInfo b = server().add_client("accounts");
  // B's system account is not an account of application 1.
  Reply r = with_headers(a, "GET", "/api/category",
                         {{"application-id", "1"}, {"account-id", std::to_string(b.account_id)}});
  expect_problem(r, 403);
  Reply unknown = with_headers(a, "GET", "/api/category", {{"application-id", "1"}, {"account-id", "999999"}});
  expect_problem(unknown, 403);
  // Client 1's account is not an account of B's application.
  Session bs = server().session_for(b);
  Reply mixed = with_headers(bs, "GET", "/api/category",
                             {{"application-id", std::to_string(b.application_id)}, {"account-id", "1"}});
  expect_problem(mixed, 403);
  // The right pair works.
  EXPECT_EQ(bs.get("/api/category").status, 200);
}

TEST_F(TenancyTest, CategoryOfAnotherClientIsInvisible) {
  Session a = server().default_session();
  int64_t id = a.create("/api/category", {{"Code", "TEN-CAT-A"}, {"Name", "Owned by A"}});
  int64_t deleted = a.create("/api/category", {{"Code", "TEN-CAT-A-DEL"}, {"Name", "Deleted A"}, {"IsActive", false}});
  ASSERT_GT(id, 0);
  Session b = server().new_tenant("iso-cat");
  std::string path = "/api/category/" + std::to_string(id);

  expect_problem(b.get(path), 404);
  expect_problem(b.get("/api/category/" + std::to_string(deleted)), 404);
  expect_problem(b.put(path, {{"Code", "TEN-CAT-A"}, {"Name", "Taken over"}}), 404);
  expect_problem(b.put(path, {{"Code", "X"}, {"Name", "x"}, {"IsActive", false}}), 404);

  for (const char* list : {"/api/category", "/api/category/compact", "/api/category/deleted"}) {
    auto ids = ids_of(b.fetch(list));
    EXPECT_EQ(ids.count(id), 0u) << list;
    EXPECT_EQ(ids.count(deleted), 0u) << list;
  }
  EXPECT_TRUE(b.fetch("/api/category").empty());
  EXPECT_TRUE(b.fetch("/api/category/deleted").empty());

  // A's category is untouched by B's attempts.
  Json mine = a.fetch(path);
  EXPECT_EQ(mine["Name"], "Owned by A");
  EXPECT_EQ(mine["IsActive"], true);
  EXPECT_EQ(ids_of(a.fetch("/api/category")).count(id), 1u);
  EXPECT_EQ(ids_of(a.fetch("/api/category/deleted")).count(deleted), 1u);
}

TEST_F(TenancyTest, PriceListOfAnotherClientIsInvisible) {
  Session a = server().default_session();
  int64_t id = a.create("/api/pricing/pricelist",
                        {{"Code", "TEN-PL-A"}, {"Name", "A's list"}, {"TypeId", 1}, {"CurrencyId", 1}});
  int64_t inactive = a.create("/api/pricing/pricelist", {{"Code", "TEN-PL-A-OFF"},
                                                         {"Name", "A's inactive list"},
                                                         {"TypeId", 1},
                                                         {"CurrencyId", 1},
                                                         {"IsActive", false}});
  Session b = server().new_tenant("iso-pl");
  std::string path = "/api/pricing/pricelist/" + std::to_string(id);

  expect_problem(b.get(path), 404);
  expect_problem(b.put(path, {{"Code", "TEN-PL-A"}, {"Name", "mine now"}, {"TypeId", 1}, {"CurrencyId", 1}}), 404);
  for (const char* q : {"", "?filter=open", "?filter=active", "?filter=inactive", "?search=TEN-PL",
                        "?page=1&pageSize=1000"}) {
    Json list = b.fetch(std::string("/api/pricing/pricelist") + q);
    EXPECT_TRUE(list.is_array() && list.empty()) << q << ": " << list.dump();
  }
  Json mine = a.fetch(path);
  EXPECT_EQ(mine["Name"], "A's list");
  EXPECT_EQ(ids_of(a.fetch("/api/pricing/pricelist?filter=inactive")).count(inactive), 1u);
}

TEST_F(TenancyTest, CodesMayRepeatAcrossClients) {
  Session a = server().default_session();
  int64_t cat_a = a.create("/api/category", {{"Code", "SHARED-CODE"}, {"Name", "A"}});
  int64_t pl_a = a.create("/api/pricing/pricelist",
                          {{"Code", "SHARED-PL"}, {"Name", "A"}, {"TypeId", 1}, {"CurrencyId", 1}});
  Session b = server().new_tenant("dup");
  int64_t cat_b = b.create("/api/category", {{"Code", "SHARED-CODE"}, {"Name", "B"}});
  int64_t pl_b = b.create("/api/pricing/pricelist",
                          {{"Code", "shared-pl"}, {"Name", "B"}, {"TypeId", 1}, {"CurrencyId", 1}});
  EXPECT_NE(cat_a, cat_b);
  EXPECT_NE(pl_a, pl_b);
  EXPECT_EQ(a.fetch("/api/category/" + std::to_string(cat_a))["Name"], "A");
  EXPECT_EQ(b.fetch("/api/category/" + std::to_string(cat_b))["Name"], "B");
  EXPECT_EQ(b.fetch("/api/pricing/pricelist/" + std::to_string(pl_b))["Code"], "shared-pl");
  // Within B the code is now taken.
  expect_field_error(b.post("/api/category", {{"Code", "shared-code"}, {"Name", "again"}}), "Code", 409);
  // B's list holds exactly its own category.
  Json list = b.fetch("/api/category");
  ASSERT_EQ(list.size(), 1u) << list.dump();
  EXPECT_EQ(list[0]["Id"], cat_b);
}

TEST_F(TenancyTest, ReferencesToAnotherClientsRowsAre400) {
  Session a = server().default_session();
  int64_t parent = a.create("/api/category", {{"Code", "TEN-PARENT"}, {"Name", "A parent"}});
  int64_t list = a.create("/api/pricing/pricelist",
                          {{"Code", "TEN-PARENT-PL"}, {"Name", "A parent list"}, {"TypeId", 1}, {"CurrencyId", 1}});
  Session b = server().new_tenant("refs");
  expect_field_error(b.post("/api/category", {{"Code", "CHILD"}, {"Name", "child"}, {"ParentId", parent}}),
                     "ParentId");
  expect_field_error(b.post("/api/pricing/pricelist", {{"Code", "CHILD-PL"},
                                                       {"Name", "child"},
                                                       {"TypeId", 1},
                                                       {"CurrencyId", 1},
                                                       {"ParentPriceListId", list}}),
                     "ParentPriceListId");
  EXPECT_TRUE(b.fetch("/api/category").empty());
  EXPECT_TRUE(b.fetch("/api/pricing/pricelist").empty());
}

TEST_F(TenancyTest, ListsAreNotSharedThroughTheResponseCache) {
  Session a = server().default_session();
  Session b = server().new_tenant("cache");
  // Prime the cache for A, then let B write and read; A's list must not show B's item and vice versa.
  auto before = ids_of(a.fetch("/api/category"));
  int64_t b_id = b.create("/api/category", {{"Code", "CACHE-B"}, {"Name", "B only"}});
  auto after = ids_of(a.fetch("/api/category"));
  EXPECT_EQ(before, after);
  EXPECT_EQ(after.count(b_id), 0u);
  Json b_list = b.fetch("/api/category");
  ASSERT_EQ(b_list.size(), 1u);
  EXPECT_EQ(b_list[0]["Name"], "B only");
  // A writes: B's cached list is unaffected, A's reflects the write.
  int64_t a_id = a.create("/api/category", {{"Code", "CACHE-A"}, {"Name", "A only"}});
  EXPECT_EQ(ids_of(a.fetch("/api/category")).count(a_id), 1u);
  EXPECT_EQ(ids_of(b.fetch("/api/category")), std::set<int64_t>{b_id});
}

TEST_F(TenancyTest, NewClientHasItsOwnReferenceData) {
  Session b = server().new_tenant("refdata");
  Json currencies = b.fetch("/api/client/currency");
  ASSERT_EQ(currencies.size(), 5u) << currencies.dump();
  Json types = b.fetch("/api/pricing/clientpricelisttype");
  ASSERT_EQ(types.size(), 4u) << types.dump();
  int64_t id = b.create("/api/pricing/pricelist", {{"Code", "B-EUR"}, {"Name", "B euro"}, {"TypeId", 2}, {"CurrencyId", 2}});
  Json pl = b.fetch("/api/pricing/pricelist/" + std::to_string(id));
  EXPECT_EQ(pl["CurrencyCode"], "EUR");
  EXPECT_EQ(pl["TypeName"], "Campaign");
  EXPECT_EQ(pl["ChangedBy"], "System");
}

}  // namespace
}  // namespace api
