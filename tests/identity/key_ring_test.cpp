// The key ring as a value: which key signs when, what a rotation keeps and drops, and the stored JSON (a round
// trip, and every way a hand-edited setting can break the ring's invariant).
#include "identity/key_ring.hpp"

#include <gtest/gtest.h>

#include <set>

namespace norced::identity {
namespace {

constexpr int64_t kT0 = 1'735'689'600;  // 2025-01-01T00:00:00Z
constexpr int64_t kHour = 3600;

bool is_hex(const std::string& s) { return s.find_first_not_of("0123456789abcdef") == std::string::npos; }

TEST(KeyRing, FirstKeySignsAtOnceWithARandomKidAndSecret) {
  KeyRing a = first_key_ring(kT0), b = first_key_ring(kT0);
  ASSERT_EQ(a.keys.size(), 1u);
  const SigningKey& k = a.keys[0];
  EXPECT_EQ(k.kid.size(), 8u);
  EXPECT_TRUE(is_hex(k.kid)) << k.kid;
  EXPECT_EQ(k.secret.size(), 64u);  // 32 random bytes
  EXPECT_TRUE(is_hex(k.secret));
  EXPECT_NE(k.secret, b.keys[0].secret);
  EXPECT_EQ(k.signs_from, kT0);
  EXPECT_FALSE(k.retired_at);
  EXPECT_FALSE(k.legacy);
  EXPECT_EQ(&a.signing_key(kT0), &k);
  EXPECT_EQ(a.legacy(), nullptr);
}

TEST(KeyRing, MigratedSingleKeyKeepsItsSecretAndVerifiesTokensWithoutKid) {
  const std::string old(64, 'a');
  KeyRing ring = first_key_ring(kT0, old);
  ASSERT_EQ(ring.keys.size(), 1u);
  EXPECT_EQ(ring.keys[0].secret, old);
  EXPECT_TRUE(ring.keys[0].legacy);
  EXPECT_EQ(ring.legacy(), &ring.keys[0]);
}

TEST(KeyRing, RotationPublishesTheNewKeyBeforeItSigns) {
  KeyRing ring = rotated(first_key_ring(kT0), kT0 + 100, 10, kHour);
  ASSERT_EQ(ring.keys.size(), 2u);
  const SigningKey &old = ring.keys[0], &next = ring.keys[1];
  EXPECT_NE(old.kid, next.kid);
  EXPECT_EQ(next.created_at, kT0 + 100);
  EXPECT_EQ(next.signs_from, kT0 + 110);
  EXPECT_EQ(old.retired_at, kT0 + 110);
  EXPECT_FALSE(next.retired_at);
  EXPECT_EQ(ring.signing_key(kT0 + 109).kid, old.kid);
  EXPECT_EQ(ring.signing_key(kT0 + 110).kid, next.kid);
  EXPECT_EQ(ring.find(old.kid), &old);
  EXPECT_EQ(ring.find(next.kid), &next);
  EXPECT_EQ(ring.find("00000000"), nullptr);
}

TEST(KeyRing, RotationDropsOnlyKeysRetiredLongerThanKeep) {
  KeyRing ring = rotated(first_key_ring(kT0), kT0, 0, kHour);  // k0 retired at kT0
  const std::string k0 = ring.keys[0].kid, k1 = ring.keys[1].kid;
  ring = rotated(ring, kT0 + kHour - 1, 0, kHour);  // k0 retired 1 s less than keep: kept
  EXPECT_TRUE(ring.find(k0));
  ring = rotated(ring, kT0 + kHour, 0, kHour);  // now exactly keep: dropped
  EXPECT_FALSE(ring.find(k0));
  EXPECT_TRUE(ring.find(k1));
  EXPECT_EQ(ring.keys.size(), 3u);
}

TEST(KeyRing, AShorterActivationOvertakesAKeyStillWaitingToSign) {
  KeyRing ring = rotated(first_key_ring(kT0), kT0, 600, kHour);  // k1 would sign at +600
  ring = rotated(ring, kT0 + 1, 0, kHour);                        // k2 signs at once
  ASSERT_EQ(ring.keys.size(), 3u);
  EXPECT_EQ(ring.signing_key(kT0 + 1).kid, ring.keys[2].kid);
  EXPECT_EQ(ring.signing_key(kT0 + 700).kid, ring.keys[2].kid) << "the older pending key must never sign";
  auto again = decode_key_ring(encode_key_ring(ring));
  EXPECT_TRUE(again) << again.problem().detail;
}

TEST(KeyRing, KidsStayUniqueOverManyRotations) {
  KeyRing ring = first_key_ring(kT0);
  for (int i = 1; i <= 200; ++i) ring = rotated(ring, kT0 + i, 0, 1'000'000);
  std::set<std::string> kids;
  for (const auto& k : ring.keys) kids.insert(k.kid);
  EXPECT_EQ(kids.size(), 201u);
}

TEST(KeyRing, StoredFormRoundTrips) {
  KeyRing ring = rotated(first_key_ring(kT0, std::string(64, 'b')), kT0 + 5, 10, kHour);
  const std::string text = encode_key_ring(ring);
  EXPECT_NE(text.find("\"version\":1"), std::string::npos) << text;
  EXPECT_NE(text.find("\"created\":\"2025-01-01T00:00:00Z\""), std::string::npos) << text;
  EXPECT_NE(text.find("\"retired\":\"2025-01-01T00:00:15Z\""), std::string::npos) << text;
  auto back = decode_key_ring(text);
  ASSERT_TRUE(back) << back.problem().detail;
  ASSERT_EQ(back->keys.size(), 2u);
  for (size_t i = 0; i < 2; ++i) {
    const SigningKey &a = ring.keys[i], &b = back->keys[i];
    EXPECT_EQ(a.kid, b.kid);
    EXPECT_EQ(a.secret, b.secret);
    EXPECT_EQ(a.created_at, b.created_at);
    EXPECT_EQ(a.signs_from, b.signs_from);
    EXPECT_EQ(a.retired_at, b.retired_at);
    EXPECT_EQ(a.legacy, b.legacy);
  }
}

TEST(KeyRing, DecodeRefusesWhatIsNotAValidRing) {
  const std::string secret(64, 'c');
  auto key = [&](const std::string& kid, const std::string& extra = "") {
    return R"({"kid":")" + kid + R"(","secret":")" + secret +
           R"(","created":"2025-01-01T00:00:00Z","signs_from":"2025-01-01T00:00:00Z")" + extra + "}";
  };
  const std::string retired = R"(,"retired":"2025-01-01T00:00:00Z")";
  const std::pair<const char*, std::string> cases[] = {
      {"not JSON", "{"},
      {"another version", R"({"version":2,"keys":[)" + key("aaaaaaaa") + "]}"},
      {"no version", R"({"keys":[)" + key("aaaaaaaa") + "]}"},
      {"no keys", R"({"version":1,"keys":[]})"},
      {"keys not an array", R"({"version":1,"keys":{}})"},
      {"a key not an object", R"({"version":1,"keys":[1]})"},
      {"no kid", R"({"version":1,"keys":[)" + key("") + "]}"},
      {"short secret", R"({"version":1,"keys":[{"kid":"a","secret":"abc","created":"2025-01-01","signs_from":"2025-01-01"}]})"},
      {"bad time", R"({"version":1,"keys":[{"kid":"a","secret":")" + secret + R"(","created":"yesterday","signs_from":"2025-01-01"}]})"},
      {"bad retired", R"({"version":1,"keys":[)" + key("a", R"(,"retired":5)") + "," + key("b") + "]}"},
      {"legacy not a boolean", R"({"version":1,"keys":[)" + key("a", R"(,"legacy":"yes")") + "]}"},
      {"newest key retired", R"({"version":1,"keys":[)" + key("a", retired) + "]}"},
      {"older key not retired", R"({"version":1,"keys":[)" + key("a") + "," + key("b") + "]}"},
      {"retired before its successor signs",
       R"({"version":1,"keys":[)" + key("a", R"(,"retired":"2024-12-31T00:00:00Z")") + "," + key("b") + "]}"},
      {"duplicate kid", R"({"version":1,"keys":[)" + key("a", retired) + "," + key("a") + "]}"},
  };
  for (const auto& [what, text] : cases) {
    auto ring = decode_key_ring(text);
    EXPECT_FALSE(ring) << what;
    if (!ring) EXPECT_EQ(ring.problem().status, 400) << what;
  }
  EXPECT_TRUE(decode_key_ring(R"({"version":1,"keys":[)" + key("a", retired) + "," + key("b") + "]}")) << "the valid one";
}

}  // namespace
}  // namespace norced::identity
