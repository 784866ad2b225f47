// The response cache retires exactly what a change can alter: responses that read the changed row, or read
// its resource as a whole; and it refuses a response whose read began before a change it depends on.
#include <gtest/gtest.h>

#include "management/response_cache.hpp"

namespace norced::management {
namespace {

constexpr int64_t kClient = 7;
constexpr timeutil::Micros kNow = 1'000;
constexpr timeutil::Micros kForever = std::numeric_limits<timeutil::Micros>::max();

ReadSet rows(std::initializer_list<std::pair<std::string_view, int64_t>> items) {
  ReadSet r;
  for (auto [resource, id] : items) r.row(resource, id);
  return r;
}

ReadSet whole(std::string_view resource) {
  ReadSet r;
  r.whole(resource);
  return r;
}

class ResponseCacheTest : public ::testing::Test {
 protected:
  void put(const std::string& key, ReadSet reads, uint64_t stamp = 0) {
    cache_.put(kClient, stamp ? stamp : cache_.stamp(kClient), key, "body of " + key, kForever, std::move(reads));
  }
  bool cached(const std::string& key) { return cache_.get(kClient, key, kNow).has_value(); }

  ResponseCache cache_{1 << 20};
};

TEST_F(ResponseCacheTest, AChangeRetiresTheResponsesThatReadItsRowAndNoOthers) {
  put("/category/5", rows({{"Category", 5}, {"Category", 1}}));  // 5 and its parent 1
  put("/category/6", rows({{"Category", 6}}));
  put("/pricelist/5", rows({{"PriceList", 5}}));
  EXPECT_EQ(*cache_.get(kClient, "/category/5", kNow), "body of /category/5");

  cache_.invalidate(kClient, "Category", 1);  // the parent's name changed
  EXPECT_FALSE(cached("/category/5"));
  EXPECT_TRUE(cached("/category/6"));
  EXPECT_TRUE(cached("/pricelist/5")) << "the same id of another resource is another row";

  cache_.invalidate(kClient, "Category", 99);  // a new category
  EXPECT_TRUE(cached("/category/6"));
  EXPECT_EQ(cache_.entries(kClient), 2u);
}

TEST_F(ResponseCacheTest, AResourceReadAsAWholeIsRetiredByAnyOfItsRows) {
  put("/category", whole("Category"));
  put("/category/6", rows({{"Category", 6}}));
  cache_.invalidate(kClient, "Category", 12345);  // inserted: the list would show it
  EXPECT_FALSE(cached("/category"));
  EXPECT_TRUE(cached("/category/6"));
}

TEST_F(ResponseCacheTest, ManyChangesOfAResourceRetireEveryResponseThatReadAnyOfItsRows) {
  // A change digest past its listed rows (store::ChangedRows::whole): the rows are not named.
  put("/category", whole("Category"));
  put("/category/6", rows({{"Category", 6}}));
  put("/pricelist/6", rows({{"PriceList", 6}}));
  const uint64_t before = cache_.stamp(kClient);
  cache_.invalidate_resource(kClient, "Category");
  EXPECT_FALSE(cached("/category"));
  EXPECT_FALSE(cached("/category/6"));
  EXPECT_TRUE(cached("/pricelist/6"));
  put("/category/7", rows({{"Category", 7}}), before);
  EXPECT_FALSE(cached("/category/7")) << "read before the change of some category: refused";
  put("/pricelist/7", rows({{"PriceList", 7}}), before);
  EXPECT_TRUE(cached("/pricelist/7")) << "read nothing of the changed resource";
}

TEST_F(ResponseCacheTest, ManyChangesOfAResourceFindItsReadersThroughEveryResourceTheyRead) {
  // Rows of two resources, with the parent read twice: retired by either resource, once stored again.
  const auto both = [] { return rows({{"Category", 5}, {"PriceList", 2}, {"Category", 1}, {"Category", 5}}); };
  put("/mixed", both());
  put("/pricelist/3", rows({{"PriceList", 3}}));
  cache_.invalidate_resource(kClient, "PriceList");
  EXPECT_FALSE(cached("/mixed"));
  EXPECT_FALSE(cached("/pricelist/3"));
  put("/mixed", both());
  put("/category/9", rows({{"Category", 9}}));
  cache_.invalidate(kClient, "Category", 1);  // retires /mixed by its row: its index entries go with it
  EXPECT_FALSE(cached("/mixed"));
  put("/mixed", both());
  cache_.invalidate_resource(kClient, "Category");
  EXPECT_FALSE(cached("/mixed"));
  EXPECT_FALSE(cached("/category/9"));
  EXPECT_EQ(cache_.entries(kClient), 0u);
  put("/mixed", both());
  cache_.invalidate_resource(kClient, "Parametric");  // read by nothing
  EXPECT_TRUE(cached("/mixed"));
}

TEST_F(ResponseCacheTest, AResponseReadBeforeAChangeItDependsOnIsRefused) {
  const uint64_t before = cache_.stamp(kClient);
  cache_.invalidate(kClient, "Category", 5);  // committed while the response was being rendered
  put("/category/5", rows({{"Category", 5}}), before);
  EXPECT_FALSE(cached("/category/5"));
  put("/category/6", rows({{"Category", 6}}), before);
  EXPECT_TRUE(cached("/category/6")) << "the change did not touch what it read";
  put("/category", whole("Category"), before);
  EXPECT_FALSE(cached("/category"));
}

TEST_F(ResponseCacheTest, AStampOlderThanTheRememberedChangesIsRefused) {
  const uint64_t before = cache_.stamp(kClient);
  for (size_t i = 0; i <= ResponseCache::kRecent; ++i) cache_.invalidate(kClient, "PriceList", 1'000 + i);
  put("/category/6", rows({{"Category", 6}}), before);
  EXPECT_FALSE(cached("/category/6")) << "what changed in between is no longer known";
  put("/category/6", rows({{"Category", 6}}));
  EXPECT_TRUE(cached("/category/6"));
}

TEST_F(ResponseCacheTest, ReferenceDataChangesRetireEverythingOfTheClientOnly) {
  put("/category/6", rows({{"Category", 6}}));
  cache_.put(kClient + 1, cache_.stamp(kClient + 1), "/category/6", "other", kForever, rows({{"Category", 6}}));
  const uint64_t before = cache_.stamp(kClient);
  cache_.invalidate_client(kClient);
  EXPECT_FALSE(cached("/category/6"));
  EXPECT_EQ(*cache_.get(kClient + 1, "/category/6", kNow), "other");
  put("/category/7", rows({{"Category", 7}}), before);
  EXPECT_FALSE(cached("/category/7")) << "read before the reference data changed";
}

TEST_F(ResponseCacheTest, ReplacingAResponseForgetsWhatTheOldOneRead) {
  put("/category/5", rows({{"Category", 5}, {"Category", 1}}));
  put("/category/5", rows({{"Category", 5}}));  // re-rendered after a move to the root
  cache_.invalidate(kClient, "Category", 1);
  EXPECT_TRUE(cached("/category/5"));
  cache_.invalidate(kClient, "Category", 5);
  EXPECT_FALSE(cached("/category/5"));
  EXPECT_EQ(cache_.entries(kClient), 0u);
}

TEST_F(ResponseCacheTest, AResourceNoLongerReadByAReplacedResponseNoLongerRetiresIt) {
  put("/category/5", rows({{"Category", 5}, {"PriceList", 2}}));
  put("/category/5", rows({{"Category", 5}}));
  cache_.invalidate_resource(kClient, "PriceList");
  EXPECT_TRUE(cached("/category/5")) << "the stored response no longer reads any price list";
  cache_.invalidate_resource(kClient, "Category");
  EXPECT_FALSE(cached("/category/5"));
  EXPECT_EQ(cache_.entries(kClient), 0u);
}

TEST_F(ResponseCacheTest, ATimeBoundResponseExpires) {
  cache_.put(kClient, cache_.stamp(kClient), "/pricelist", "x", kNow + 10, whole("PriceList"));
  EXPECT_TRUE(cache_.get(kClient, "/pricelist", kNow + 9));
  EXPECT_FALSE(cache_.get(kClient, "/pricelist", kNow + 10));
}

}  // namespace
}  // namespace norced::management
