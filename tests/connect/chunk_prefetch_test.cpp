// ChunkPrefetch (connect/chunk_prefetch.hpp): kept chunks come back as they were offered, parsed when the
// thread got to them; a client's older entries are dropped when a later one is taken; the byte bound holds.
#include "connect/chunk_prefetch.hpp"

#include <gtest/gtest.h>

#include <thread>

namespace norced::connect {
namespace {

constexpr int64_t kAt = 1'767'225'600'000'000;  // the jobs' JobRow::created

std::vector<std::string_view> raws(const PreparedChunk& c) {
  std::vector<std::string_view> out;
  for (const auto& i : c.items) out.push_back(i.raw);
  return out;
}

TEST(ChunkPrefetchTest, AKeptChunkComesBackAsOfferedAndParsesOnDemand) {
  ChunkPrefetch p({});
  p.offer(1, 10, kAt, {R"([{"n":1},{"n":2}])", R"([{"n":3}])"});
  auto c = p.take(1, 10, kAt, 0);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->text, R"([{"n":1},{"n":2}])");
  EXPECT_FALSE(c->parsed) << "nobody asked for it to be prepared";
  parse_chunk(*c);
  EXPECT_EQ(raws(*c), (std::vector<std::string_view>{R"({"n":1})", R"({"n":2})"}));
  EXPECT_EQ(c->items[1].value.find("n")->number_text(), "2");
  EXPECT_FALSE(p.take(1, 10, kAt, 0)) << "taken once";
  EXPECT_FALSE(p.take(2, 10, kAt, 1)) << "another client's job";
  EXPECT_FALSE(p.take(1, 11, kAt, 0)) << "never offered";
}

TEST(ChunkPrefetchTest, TheClientsNextChunkIsParsedInTheBackground) {
  ChunkPrefetch p({});
  p.offer(1, 10, kAt, {R"([{"n":1}])"});
  p.offer(2, 11, kAt, {R"([{"other":true}])"});
  p.offer(1, 12, kAt, {R"([{"n":2},{"n":3}])"});
  p.prepare_next(1, 10, 0);  // the client's next kept chunk is job 12's first: job 11 is another client's
  while (!p.parsed(12, 0)) std::this_thread::yield();
  EXPECT_FALSE(p.parsed(11, 0));
  auto c = p.take(1, 12, kAt, 0);
  ASSERT_TRUE(c);
  EXPECT_TRUE(c->parsed);
  EXPECT_EQ(raws(*c), (std::vector<std::string_view>{R"({"n":2})", R"({"n":3})"}));
  p.dispose(std::move(c));
  EXPECT_FALSE(p.take(1, 10, kAt, 0)) << "dropped when a later job of the client was taken: it has ended";
  EXPECT_TRUE(p.take(2, 11, kAt, 0)) << "another client's entry stays";
  EXPECT_EQ(p.kept_bytes(), 0u);
}

TEST(ChunkPrefetchTest, AChunkKeptForAnotherJobOfTheSameIdIsNotApplied) {
  ChunkPrefetch p({});
  p.offer(1, 10, kAt, {R"([{"old":true}])"});
  EXPECT_FALSE(p.take(1, 10, kAt + 1, 0)) << "job 10 of another time: read from the store";
  EXPECT_EQ(p.kept_bytes(), 0u) << "and the stale entry is gone";
}

TEST(ChunkPrefetchTest, ChunksBeyondTheByteBoundAreNotKept) {
  ChunkPrefetch p({.max_bytes = 20});
  p.offer(1, 10, kAt, {std::string(12, ' '), std::string(12, ' ')});
  EXPECT_EQ(p.kept_bytes(), 12u);
  EXPECT_TRUE(p.take(1, 10, kAt, 0));
  EXPECT_FALSE(p.take(1, 10, kAt, 1)) << "read from the store instead";
}

TEST(ChunkPrefetchTest, AChunkThatDoesNotParseIsLeftForTheWorkerToFail) {
  ChunkPrefetch p({});
  p.offer(1, 10, kAt, {"x", "[]"});
  p.prepare_next(1, 9, 0);
  auto c = p.take(1, 10, kAt, 0);  // waits while the thread parses it
  ASSERT_TRUE(c);
  EXPECT_FALSE(c->parsed);
  EXPECT_THROW(parse_chunk(*c), std::runtime_error);
}

}  // namespace
}  // namespace norced::connect
