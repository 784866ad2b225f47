// TokenService over a real SQLite database and a ManualClock: tokens carry the kid of the key that signed
// them; a rotation keeps earlier tokens valid; a second service on the same database (another instance)
// accepts the first's tokens before and after a rotation; retired keys stop verifying after their grace;
// tampered, unknown and unsigned tokens are refused; the single key of earlier versions is migrated; and the
// store is read only when a reload is due, never inside a StoreFreeScope.
#include "identity/tokens.hpp"

#include <gtest/gtest.h>
#include <jwt.h>
#include <openssl/evp.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <thread>

#include "counting_store.hpp"
#include "identity/key_store.hpp"
#include "identity/secret.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace norced::identity {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr int64_t kT0 = 1'735'689'600;  // 2025-01-01T00:00:00Z, in seconds
constexpr timeutil::Micros kSecond = 1'000'000;

std::string base64url(const std::string& in) {
  std::string out(4 * ((in.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(in.data()), static_cast<int>(in.size()));
  out.resize(static_cast<size_t>(n));
  while (!out.empty() && out.back() == '=') out.pop_back();
  for (char& c : out) c = c == '+' ? '-' : c == '/' ? '_' : c;
  return out;
}

// A token as another party could make it: these claims, signed with `secret` (none: alg "none"), with `kid`
// in the header when not empty.
std::string craft(const std::string& secret, const std::string& kid, int64_t iat, int64_t exp, int64_t tenant = 7) {
  jwt_t* jwt = nullptr;
  EXPECT_EQ(jwt_new(&jwt), 0);
  if (!kid.empty()) jwt_add_header(jwt, "kid", kid.c_str());
  jwt_add_grant(jwt, "iss", "norced");
  jwt_add_grant(jwt, "sub", "shop");
  jwt_add_grant_int(jwt, "tenant", tenant);
  jwt_add_grant(jwt, "resources", "management");
  jwt_add_grant_int(jwt, "iat", iat);
  jwt_add_grant_int(jwt, "exp", exp);
  if (secret.empty()) jwt_set_alg(jwt, JWT_ALG_NONE, nullptr, 0);
  else jwt_set_alg(jwt, JWT_ALG_HS256, reinterpret_cast<const unsigned char*>(secret.data()), static_cast<int>(secret.size()));
  char* s = jwt_encode_str(jwt);
  std::string token = s ? s : "";
  free(s);
  jwt_free(jwt);
  return token;
}

// The kid in a token's header as the service wrote it, read without checking the signature.
std::string kid_of(const std::string& token) {
  jwt_t* jwt = nullptr;
  if (jwt_decode(&jwt, token.c_str(), nullptr, 0) != 0) return "<not a JWT>";
  const char* kid = jwt_get_header(jwt, "kid");
  std::string out = kid ? kid : "";
  jwt_free(jwt);
  return out;
}

// The token with its header replaced by {"alg":"HS256","kid":kid,"typ":"JWT"}; payload and signature kept.
std::string with_kid(const std::string& token, const std::string& kid) {
  return base64url(R"({"alg":"HS256","kid":")" + kid + R"(","typ":"JWT"})") + token.substr(token.find('.'));
}

class TokenServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("norced-tokens-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    store_ = open_store();
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  // Another connection to the same database file: what another instance has.
  std::unique_ptr<test::CountingStore> open_store() const {
    return std::make_unique<test::CountingStore>(store::sqlite::open((dir_ / "norced.db").string(), {}));
  }
  TokenOptions options(seconds lifetime = seconds(3600), milliseconds reload = milliseconds(60'000)) const {
    TokenOptions o;
    o.lifetime = lifetime;
    o.reload_interval = reload;
    o.clock = &clock_;
    return o;
  }
  std::unique_ptr<TokenService> service(store::Store& s, TokenOptions o) const {
    return std::make_unique<TokenService>(s, o);
  }
  std::unique_ptr<TokenService> service() const { return service(*store_, options()); }

  int64_t now() const { return clock_.now() / kSecond; }
  void advance(int64_t s) { clock_.advance(s * kSecond); }
  // Rotates in the database, as `norced token rotate-key` does.
  KeyRing rotate(int64_t activate_after = 10, int64_t keep_retired = 100'000) {
    return rotate_signing_key(*store_, now(), Rotation{activate_after, keep_retired});
  }
  KeyRing stored() { return read_key_ring(*store_).value(); }
  static std::string issue(const TokenService& s) { return s.issue("shop", 7, {"management"}, "playground"); }

  std::filesystem::path dir_;
  ManualClock clock_{kT0 * kSecond};
  std::unique_ptr<test::CountingStore> store_;
};

TEST_F(TokenServiceTest, ATokenCarriesTheKidOfTheKeyThatSignedItAndVerifies) {
  auto tokens = service();
  const std::string t = issue(*tokens);
  EXPECT_EQ(kid_of(t), stored().keys.at(0).kid);
  EXPECT_EQ(kid_of(t), tokens->signing_kid());
  auto claims = tokens->verify(t);
  ASSERT_TRUE(claims);
  EXPECT_EQ(claims->oauth_client_id, "shop");
  EXPECT_EQ(claims->tenant_id, 7);
  EXPECT_TRUE(claims->allows("management"));
  EXPECT_EQ(claims->scope, "playground");
  EXPECT_EQ(claims->expires_at, kT0 + 3600);
}

TEST_F(TokenServiceTest, AfterARotationOldTokensStayValidAndNewTokensCarryTheNewKid) {
  auto tokens = service();
  const std::string before = issue(*tokens);
  const std::string old_kid = kid_of(before);
  const std::string new_kid = rotate(/*activate_after=*/10).keys.back().kid;

  advance(59);  // the service has not reloaded yet: still the old key
  EXPECT_EQ(kid_of(issue(*tokens)), old_kid);
  advance(1);  // a minute since the last load: issue() reloads, and the new key has been active for 50 s
  EXPECT_EQ(kid_of(issue(*tokens)), new_kid);
  EXPECT_EQ(tokens->signing_kid(), new_kid);
  EXPECT_TRUE(tokens->verify(before)) << "a token of the retired key is valid until it expires";
  EXPECT_TRUE(tokens->verify(issue(*tokens)));
  advance(3600 - 60 - 1);
  EXPECT_TRUE(tokens->verify(before));
  advance(1);
  EXPECT_FALSE(tokens->verify(before)) << "expired";
}

TEST_F(TokenServiceTest, ARotatedKeyDoesNotSignBeforeItsActivation) {
  auto tokens = service();
  const std::string old_kid = tokens->signing_kid();
  const std::string new_kid = rotate(/*activate_after=*/120).keys.back().kid;
  advance(60);  // reloaded: the service knows the new key, which does not sign yet
  EXPECT_EQ(kid_of(issue(*tokens)), old_kid);
  advance(60);
  EXPECT_EQ(kid_of(issue(*tokens)), new_kid);
}

TEST_F(TokenServiceTest, ARetiredKeyIsDroppedAtTheFirstRotationAfterItsGrace) {
  auto tokens = service(*store_, options(seconds(3600), milliseconds(60'000)));
  const int64_t grace = tokens->retired_key_grace().count();
  EXPECT_EQ(grace, 3600 + 60);
  const std::string old_kid = tokens->signing_kid();
  rotate(0, grace);  // the old key retires now
  advance(grace - 1);
  EXPECT_TRUE(rotate(0, grace).keys.front().kid == old_kid) << "still within its grace: kept";
  advance(1);
  const KeyRing ring = rotate(0, grace);
  EXPECT_EQ(ring.find(old_kid), nullptr) << "past its grace: dropped";
  EXPECT_EQ(ring.keys.size(), 3u) << "the key retired by the previous rotation, and the two newest";
}

TEST_F(TokenServiceTest, ATokenSignedWithARetiredKeyAfterItsGraceIsRefused) {
  auto tokens = service();
  const SigningKey old = stored().keys.at(0);
  rotate(0);  // retired now
  advance(60);
  ASSERT_NE(tokens->signing_kid(), old.kid) << "reloaded";
  const int64_t grace_end = now() - 60 + tokens->retired_key_grace().count();
  // Whoever still holds the old secret signs tokens that claim to be fresh: accepted only within the grace.
  clock_.set((grace_end - 1) * kSecond);
  EXPECT_TRUE(tokens->verify(craft(old.secret, old.kid, now(), now() + 3600)));
  clock_.set(grace_end * kSecond);
  const std::string late = craft(old.secret, old.kid, now(), now() + 3600);
  EXPECT_FALSE(tokens->verify(late));
  EXPECT_FALSE(tokens->verify(late)) << "the refusal is not remembered as a success";
}

TEST_F(TokenServiceTest, ARememberedTokenStillExpiresByTheInjectedClock) {
  auto tokens = service();
  const std::string t = issue(*tokens);
  ASSERT_TRUE(tokens->verify(t));  // remembered from here on
  advance(3599);
  EXPECT_TRUE(tokens->verify(t));
  advance(1);
  EXPECT_FALSE(tokens->verify(t));
  EXPECT_FALSE(tokens->verify(t));
}

TEST_F(TokenServiceTest, ARememberedTokenOfARetiredKeyStillEndsWithItsGrace) {
  auto tokens = service(*store_, options(seconds(600)));
  const SigningKey old = stored().keys.at(0);
  rotate(0);
  advance(60);
  ASSERT_NE(tokens->signing_kid(), old.kid);
  const std::string t = craft(old.secret, old.kid, now(), now() + 100'000);  // a far exp, signed with the old key
  ASSERT_TRUE(tokens->verify(t));
  advance(600 + 60 - 60 - 1);  // one second before the grace (600 s lifetime + 60 s reload) ends
  EXPECT_TRUE(tokens->verify(t));
  advance(1);
  EXPECT_FALSE(tokens->verify(t));
}

TEST_F(TokenServiceTest, AnotherInstanceAcceptsTheTokensOfTheFirstAlsoAfterARotation) {
  auto other_store = open_store();
  auto first = service();
  // The second would reload only hourly on its own: it learns the new key from the first token that has it.
  auto second = service(*other_store, options(seconds(3600), milliseconds(3'600'000)));
  const std::string before = issue(*first);
  ASSERT_TRUE(second->verify(before));
  EXPECT_EQ(kid_of(issue(*second)), kid_of(before)) << "both sign with the one key in the database";

  const std::string new_kid = rotate(10).keys.back().kid;
  advance(60);
  const std::string after = issue(*first);  // the first reloads and signs with the new key
  ASSERT_EQ(kid_of(after), new_kid);
  const int reads = other_store->reads;
  EXPECT_TRUE(second->verify(after)) << "the second loads the key it did not know";
  EXPECT_EQ(other_store->reads, reads + 1);
  EXPECT_TRUE(second->verify(before));
  EXPECT_TRUE(first->verify(issue(*second)));
}

TEST_F(TokenServiceTest, AKeyPublishedJustAfterAReloadIsLearnedBeforeItSigns) {
  // The second instance has just reloaded for an unknown kid when the rotation lands. The activation delay
  // (10 s) is longer than the gap between such reloads (1 s), so by the time any token carries the new kid,
  // the second may reload again and finds it.
  auto other_store = open_store();
  auto first = service(*store_, options(seconds(3600), milliseconds(1'000)));
  auto second = service(*other_store, options());
  advance(5);
  const int reads = other_store->reads;
  EXPECT_FALSE(second->verify(craft(std::string(64, 'f'), "0badf00d", now(), now() + 60)));
  ASSERT_EQ(other_store->reads, reads + 1) << "reloaded for the unknown kid";
  const std::string new_kid = rotate(10).keys.back().kid;
  advance(10);
  const std::string t = issue(*first);
  ASSERT_EQ(kid_of(t), new_kid);
  EXPECT_TRUE(second->verify(t));
}

TEST_F(TokenServiceTest, UnknownKidsReloadTheKeysAtMostOncePerGap) {
  auto tokens = service();
  const int reads = store_->reads;
  for (int i = 0; i < 50; ++i) {
    const std::string t = craft(random_hex(32), random_hex(4), now(), now() + 60);
    EXPECT_FALSE(tokens->verify(t));
  }
  EXPECT_EQ(store_->reads, reads) << "the keys were loaded less than a gap (1 s) ago: no reload";
  advance(1);
  for (int i = 0; i < 50; ++i) EXPECT_FALSE(tokens->verify(craft(random_hex(32), random_hex(4), now(), now() + 60)));
  EXPECT_EQ(store_->reads, reads + 1);
}

TEST_F(TokenServiceTest, TamperedAndUnknownKidsAreRefused) {
  auto tokens = service();
  const std::string old_kid = tokens->signing_kid();
  const std::string t = issue(*tokens);
  const std::string new_kid = rotate(0).keys.back().kid;
  advance(60);
  ASSERT_TRUE(tokens->verify(t));
  ASSERT_EQ(tokens->signing_kid(), new_kid);
  EXPECT_TRUE(tokens->verify(with_kid(t, old_kid))) << "the header rebuilt as it was: the test's encoding is right";
  EXPECT_FALSE(tokens->verify(with_kid(t, new_kid))) << "the other key of the ring";
  EXPECT_FALSE(tokens->verify(with_kid(t, "deadbeef"))) << "a kid the ring does not have";
  EXPECT_FALSE(tokens->verify(with_kid(t, ""))) << "an empty kid";
  const std::string header_only = t.substr(0, t.find('.'));
  EXPECT_FALSE(tokens->verify(header_only + ".e30.")) << "a known kid with an empty payload and no signature";
}

TEST_F(TokenServiceTest, OnlyHs256IsAcceptedWhateverTheKid) {
  auto tokens = service();
  const SigningKey key = stored().keys.at(0);
  EXPECT_TRUE(tokens->verify(craft(key.secret, key.kid, now(), now() + 60)));
  EXPECT_FALSE(tokens->verify(craft("", key.kid, now(), now() + 60))) << "alg none with a known kid";
  EXPECT_FALSE(tokens->verify(craft("", "", now(), now() + 60))) << "alg none without a kid";
  EXPECT_FALSE(tokens->verify(craft(key.secret, "", now(), now() + 60)))
      << "no kid: only a key migrated from an earlier version verifies such tokens, and this ring has none";
}

TEST_F(TokenServiceTest, TheSingleKeyOfEarlierVersionsIsMigratedAndItsTokensStayValid) {
  const std::string legacy_secret = random_hex(32);
  {
    auto tx = store_->system_write();
    tx->put_setting(kLegacyKeySetting, legacy_secret);
    tx->commit();
  }
  const std::string old_token = craft(legacy_secret, "", now() - 100, now() + 3500);  // as earlier versions issued
  auto tokens = service();
  ASSERT_TRUE(tokens->verify(old_token));
  const std::string t = issue(*tokens);
  {  // an instance of the earlier version on the same database, which knows only the single key, accepts it
    jwt_t* jwt = nullptr;
    EXPECT_EQ(jwt_decode(&jwt, t.c_str(), reinterpret_cast<const unsigned char*>(legacy_secret.data()),
                         static_cast<int>(legacy_secret.size())), 0);
    jwt_free(jwt);
  }
  const std::string legacy_kid = kid_of(t);
  EXPECT_TRUE(stored().find(legacy_kid)->legacy);

  rotate(0);
  advance(60);
  EXPECT_NE(tokens->signing_kid(), legacy_kid);
  EXPECT_TRUE(tokens->verify(old_token)) << "retired, but within its grace";
  auto fresh_store = open_store();
  auto fresh = service(*fresh_store, options());  // a service started after the rotation
  EXPECT_TRUE(fresh->verify(old_token));
  clock_.set((kT0 + 3500) * kSecond);
  EXPECT_FALSE(fresh->verify(old_token)) << "expired";
}

TEST_F(TokenServiceTest, AFirstStartCreatesOneRingThatLaterStartsReuse) {
  auto a = service();
  auto b_store = open_store();
  auto b = service(*b_store, options());
  EXPECT_EQ(a->signing_kid(), b->signing_kid());
  EXPECT_EQ(stored().keys.size(), 1u);
  EXPECT_EQ(store_->writes, 1) << "the first start writes the ring";
  EXPECT_EQ(b_store->writes, 0) << "a later start only reads it";
}

TEST_F(TokenServiceTest, InsideAStoreFreeScopeAnUnknownKidIsRefusedWithoutReadingTheStore) {
  auto first = service();
  auto other_store = open_store();
  auto second = service(*other_store, options());
  const std::string new_kid = rotate(0).keys.back().kid;
  advance(60);
  const std::string t = issue(*first);
  ASSERT_EQ(kid_of(t), new_kid);
  const int reads = other_store->reads;
  {
    TokenService::StoreFreeScope scope;
    EXPECT_FALSE(second->verify(t));
    EXPECT_FALSE(second->verify(issue(*first))) << "nor does the periodic reload read inside the scope";
  }
  EXPECT_EQ(other_store->reads, reads);
  EXPECT_TRUE(second->verify(t)) << "outside the scope it reloads";
}

TEST_F(TokenServiceTest, AnUnreadableStoredRingKeepsTheLoadedKeysAndStopsANewStart) {
  auto tokens = service();
  const std::string t = issue(*tokens);
  {
    auto tx = store_->system_write();
    tx->put_setting(kKeyRingSetting, R"({"version":1,"keys":[]})");
    tx->commit();
  }
  advance(60);
  EXPECT_TRUE(tokens->verify(issue(*tokens))) << "the reload failed; the keys loaded before still sign and verify";
  EXPECT_TRUE(tokens->verify(t));
  EXPECT_THROW(service(*open_store(), options()), KeyRingError);
  EXPECT_THROW(rotate(), KeyRingError);
}

TEST_F(TokenServiceTest, ThreadsIssueAndVerifyWhileKeysRotate) {
  auto tokens = service(*store_, options(seconds(3600), milliseconds(1)));
  std::atomic<bool> stop{false};
  std::atomic<int> refused{0}, verified{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i)
    threads.emplace_back([&] {
      while (!stop) {
        if (tokens->verify(issue(*tokens))) ++verified;
        else ++refused;
      }
    });
  auto rotator_store = open_store();
  for (int i = 0; i < 20; ++i) {
    rotate_signing_key(*rotator_store, now(), Rotation{0, 100'000});
    advance(1);
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  stop = true;
  for (auto& t : threads) t.join();
  EXPECT_EQ(refused, 0);
  EXPECT_GT(verified, 0);
  EXPECT_EQ(read_key_ring(*store_)->keys.size(), 21u);
}

}  // namespace
}  // namespace norced::identity

namespace norced::identity {
namespace {

TEST(TokenServiceFixedKey, SignsWithItsOneKeyNeedsNoStoreAndAcceptsTokensWithoutKid) {
  ManualClock clock(kT0 * kSecond);
  const std::string key(40, 'k');
  TokenService tokens(key, seconds(60), clock);
  const std::string t = tokens.issue("shop", 7, {"management"}, "");
  EXPECT_EQ(kid_of(t), tokens.signing_kid());
  EXPECT_TRUE(tokens.verify(t));
  EXPECT_TRUE(tokens.verify(craft(key, "", kT0, kT0 + 60)));
  EXPECT_FALSE(tokens.verify(craft(std::string(40, 'x'), "", kT0, kT0 + 60)));
  clock.advance(3600 * kSecond);  // a reload is due: with no store there is nothing to read
  EXPECT_FALSE(tokens.verify(t)) << "expired by the injected clock";
  EXPECT_TRUE(tokens.verify(tokens.issue("shop", 7, {"management"}, "")));
  EXPECT_THROW(TokenService(std::string(31, 'k'), seconds(60)), std::invalid_argument);
}

}  // namespace
}  // namespace norced::identity
