// Strict mode's findings (unknown members, nested too, and unknown query parameters, with suggestions) and the
// 501 for known Norce paths not served yet. Generic checks run over every resource of the catalog.
#include <gtest/gtest.h>

#include <set>

#include "http/problem_response.hpp"
#include "management/openapi.hpp"
#include "management/resources/resources.hpp"
#include "management/router.hpp"
#include "management/strict.hpp"
#include "management/unserved.hpp"
#include "registry/members.hpp"

namespace norced::management {
namespace {

const registry::Resource& resource(std::string_view name) { return *resources::catalog().find(name); }

json::Value parse(std::string_view text) { return std::move(*json::parse(text)); }

std::vector<std::string> described(const std::vector<Unknown>& unknown) {
  std::vector<std::string> out;
  for (const auto& u : unknown) out.push_back(u.path + "|" + std::string(u.model) + "|" + u.suggestion);
  return out;
}

TEST(Strict, UnknownMembersWithSuggestionsNestedModelsToo) {
  const auto body = parse(R"({"$id":"1","Code":"A","Nmae":"x","Parent_Id":1,"name":"case is not a typo","Zzz":1,)"
                          R"("Cultures":[{"$id":"2","CultureCode":"sv-SE","Nmae":"y"},7],)"
                          R"("VatCodes":[{"SalesAreaId":1,"VatCodeID":2,"VatCode":3}]})");
  EXPECT_EQ(described(unknown_members(resource("Category"), body)),
            (std::vector<std::string>{"Nmae|CategoryModel|Name", "Parent_Id|CategoryModel|ParentId",
                                      "Zzz|CategoryModel|", "VatCodes[0].VatCode|SalesAreaVatCodeModel|VatCodeId",
                                      "Cultures[0].Nmae|CategoryCultureModel|Name"}));
}

TEST(Strict, EveryExampleAndEveryRenderedMemberIsKnown) {
  // Generated over the catalog: a model's own example, and a body made of every member its JSON shows (the
  // OpenAPI schema's properties), carry no unknown member.
  const std::string doc = openapi_document(resources::catalog(), Router(resources::catalog()));
  const auto openapi = parse(doc);
  const json::Value* schemas = openapi.find("components")->find("schemas");
  for (const registry::Resource* r : resources::catalog().all()) {
    if (!r->example.empty())
      EXPECT_TRUE(unknown_members(*r, parse(r->example)).empty()) << r->name << ": " << r->example;
    const json::Value* schema = schemas->find(r->model);
    ASSERT_NE(schema, nullptr) << r->model;
    std::set<std::string> properties, known;
    for (const auto& m : schema->find("properties")->members()) properties.insert(m.key);
    for (const auto& m : registry::model_members(*r)) known.insert(m);
    EXPECT_EQ(properties, known) << r->model;
    if (!r->culture_model.empty()) {
      std::set<std::string> culture_properties, culture_known;
      for (const auto& m : schemas->find(r->culture_model)->find("properties")->members())
        culture_properties.insert(m.key);
      for (const auto& m : registry::culture_members(*r)) culture_known.insert(m);
      EXPECT_EQ(culture_properties, culture_known) << r->culture_model;
    }
  }
}

TEST(Strict, QueryParametersOfEachOperation) {
  const auto& pl = resource("PriceList");
  const auto* list = pl.find_operation(registry::OpKind::List);
  const auto* get = pl.find_operation(registry::OpKind::Get);
  EXPECT_TRUE(unknown_query_params(pl, *list, {{"filter", "open"}, {"PAGESIZE", "2"}, {"page", "1"}}).empty());
  EXPECT_EQ(described(unknown_query_params(pl, *list, {{"page_size", "2"}, {"serach", "x"}, {"q", "1"}})),
            (std::vector<std::string>{"page_size||pageSize", "serach||search", "q||"}));
  EXPECT_EQ(described(unknown_query_params(pl, *get, {{"filter", "open"}})), (std::vector<std::string>{"filter||"}));
  // Every List of every resource pages.
  for (const registry::Resource* r : resources::catalog().all())
    if (const auto* l = r->find_operation(registry::OpKind::List))
      EXPECT_TRUE(unknown_query_params(*r, *l, {{"page", "1"}, {"pageSize", "5"}}).empty()) << r->name;
}

TEST(Strict, Closest) {
  const std::vector<std::string> known{"Name", "ParentId", "Code", "SortOrder"};
  EXPECT_EQ(closest("Nmae", known), "Name");
  EXPECT_EQ(closest("parent-id", known), "ParentId");
  EXPECT_EQ(closest("SortOrdr", known), "SortOrder");
  EXPECT_EQ(closest("Colour", known), "");
  EXPECT_EQ(closest("X", known), "");
  EXPECT_EQ(closest(std::string(500, 'a'), known), "");
}

TEST(Strict, WarningHeadersAndTheProblem) {
  const std::vector<Unknown> unknown{{"Nmae", "CategoryModel", "Name"},
                                     {"Cultures[0].Zz\"\r\n", "CategoryCultureModel", ""},
                                     {"page_size", {}, "pageSize"}};
  http::Response res;
  add_warnings(res, unknown);
  EXPECT_EQ(res.headers, (std::vector<std::pair<std::string, std::string>>{
                             {"Warning", R"(299 norced "unknown member 'Nmae' in CategoryModel; did you mean 'Name'?")"},
                             {"Warning", R"(299 norced "unknown member 'Cultures[0].Zz\"??' in CategoryCultureModel; it is ignored")"},
                             {"Warning", R"(299 norced "unknown query parameter 'page_size'; did you mean 'pageSize'?")"}}));
  EXPECT_EQ(http::problem_response(strict_problem(unknown)).body,
            R"({"type":"https://tools.ietf.org/html/rfc9110#section-15.5.1","title":"One or more validation errors occurred.",)"
            R"("status":400,"detail":"Strict mode: the request has members or query parameters that the operation does not read )"
            R"((Norce would ignore them).","errors":{"Nmae":["Unknown member of CategoryModel; did you mean 'Name'?"],)"
            R"("Cultures[0].Zz\"\r\n":["Unknown member of CategoryCultureModel."],)"
            R"("page_size":["Unknown query parameter; did you mean 'pageSize'?"]}})");

  std::vector<Unknown> many(kMaxWarnings + 3, Unknown{"X", "CategoryModel", ""});
  http::Response capped;
  add_warnings(capped, many);
  ASSERT_EQ(capped.headers.size(), kMaxWarnings + 1);
  EXPECT_EQ(capped.headers.back().second, R"(299 norced "3 more unknown members or parameters")");
}

// ------------------------------------------------------------------------------------------------ 501

TEST(Unserved, EveryCatalogOperationIsServedOrAnswers501NamingIt) {
  const Router router(resources::catalog());
  size_t unserved = 0;
  for (const NorceOperation& op : norce_operations()) {
    std::string path;  // the catalog path with a value for each parameter
    for (size_t i = 0; i < op.path.size(); ++i) {
      if (op.path[i] != '{') {
        path.push_back(op.path[i]);
        continue;
      }
      const size_t close = op.path.find('}', i);
      path += op.path.substr(i, close - i).find("Code") != std::string_view::npos ? "en-US" : "1";
      i = close;
    }
    auto match = router.match(op.method, path);
    if (match) continue;
    ++unserved;
    auto problem = not_implemented(op.method, path, match.problem());
    ASSERT_TRUE(problem) << op.method << " " << path << " answers " << match.problem().status;
    EXPECT_EQ(problem->status, 501);
    EXPECT_NE(problem->detail.find(std::string(op.path)), std::string::npos) << problem->detail;
    EXPECT_NE(problem->detail.find(std::string(op.summary)), std::string::npos) << problem->detail;
  }
  EXPECT_GT(unserved, 10u) << "the catalog names many operations norced does not serve yet";
}

TEST(Unserved, TheProblemNamesTheOperation) {
  const Router router(resources::catalog());
  auto match = router.match("GET", "/api/Supplier/12/warehouse/3");
  ASSERT_FALSE(match);
  auto p = not_implemented("GET", "/api/Supplier/12/warehouse/3", match.problem());
  ASSERT_TRUE(p);
  EXPECT_EQ(http::problem_response(*p).body,
            R"({"type":"https://tools.ietf.org/html/rfc9110#section-15.6.2","title":"Not Implemented","status":501,)"
            R"("detail":"norced does not serve this Norce Management API operation yet: Supplier Warehouse, GET )"
            R"(/api/supplier/{supplierId}/warehouse/{warehouseId} (Fetch one supplier warehouse.).",)"
            R"("group":"Supplier Warehouse","method":"GET","path":"/api/supplier/{supplierId}/warehouse/{warehouseId}",)"
            R"("summary":"Fetch one supplier warehouse."})");
  // The operation name, when the catalog knows it.
  auto promo = not_implemented("GET", "/api/pricing/roundingrule/3", Problem::not_found("x"));
  ASSERT_TRUE(promo);
  EXPECT_EQ(promo->members.front(), (std::pair<std::string, std::string>{"operationId", "RoundingRuleApi_Get"}));
  // Another method at a catalog path norced does not serve: still 501, naming what the catalog has there.
  auto other = not_implemented("DELETE", "/api/supplier/12/warehouse/3", Problem::not_found("x"));
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 501);
  // A typo stays a 404; a 405 of a served path stays a 405 (PUT category/{id} is in the catalog, but
  // category/compact is a path of its own).
  EXPECT_FALSE(not_implemented("GET", "/api/categroy/12", Problem::not_found("x")));
  auto compact = router.match("PUT", "/api/category/compact");
  ASSERT_FALSE(compact);
  EXPECT_FALSE(not_implemented("PUT", "/api/category/compact", compact.problem()));
}

}  // namespace
}  // namespace norced::management
