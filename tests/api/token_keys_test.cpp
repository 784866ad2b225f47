// Token signing keys on running servers: `norced token rotate-key` against the data folder of a running server
// keeps the tokens it issued valid, and new tokens carry the new kid once the server has reloaded its keys
// (the hidden --token-key-reload-ms shortens that to 200 ms here). A second instance on the same database
// accepts the first's tokens, before the rotation and after it, when it meets the new kid first.
#include <chrono>
#include <thread>

#include "api/harness.hpp"

namespace api {
namespace {

using Clock = std::chrono::steady_clock;

// The "kid" of a JWT's header; "" when there is none or the token is not a JWT.
std::string kid_of(const std::string& token) {
  static const std::string chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string header;
  uint32_t bits = 0;
  int count = 0;
  for (char c : token.substr(0, token.find('.'))) {
    const size_t v = chars.find(c);
    if (v == std::string::npos) return "";
    bits = (bits << 6) | static_cast<uint32_t>(v);
    if ((count += 6) >= 8) header += static_cast<char>((bits >> (count -= 8)) & 0xff);
  }
  Json j = Json::parse(header, nullptr, false);
  return j.is_object() && j.contains("kid") && j["kid"].is_string() ? j["kid"].get<std::string>() : "";
}

// `norced token rotate-key` on `server`'s store; returns the kid it printed (a failure is recorded otherwise).
std::string rotate_key(const TestServer& server, int activate_after) {
  std::vector<std::string> args = {NORCED_BINARY, "--log-level", "warn", "token", "rotate-key"};
  for (const auto& a : server.store_args()) args.push_back(a);
  args.push_back("--activate-after");
  args.push_back(std::to_string(activate_after));
  auto [code, out] = run_capture(args);
  EXPECT_EQ(code, 0) << out;
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  EXPECT_EQ(out.size(), 8u) << "one kid of 8 hex characters: " << out;
  return out;
}

// GET /api/category on `server` with `token` as the bootstrap tenant.
int list_status(TestServer& server, const std::string& token) {
  return server.request("GET", "/api/category", {}, {},
                        {{"Authorization", "Bearer " + token}, {"application-id", "1"}, {"account-id", "1"}})
      .status;
}

// Tokens from `server` until one carries `kid` (its next reload), for at most `limit`; "" if none did.
std::string token_with_kid(TestServer& server, const std::string& kid, std::chrono::milliseconds limit) {
  const auto end = Clock::now() + limit;
  do {
    std::string t = server.token(kClientId, kClientSecret);
    if (kid_of(t) == kid) return t;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  } while (Clock::now() < end);
  return "";
}

class TokenKeysTest : public ServerFixture<TokenKeysTest> {
 public:
  static ServerConfig config() { return {.extra_args = {"--token-key-reload-ms", "200"}}; }
};

TEST_F(TokenKeysTest, RotatingTheKeyWhileServingKeepsOldTokensAndNewTokensCarryTheNewKid) {
  const std::string before = server().token(kClientId, kClientSecret);
  const std::string old_kid = kid_of(before);
  ASSERT_EQ(old_kid.size(), 8u) << "tokens name their key: " << before;
  ASSERT_EQ(list_status(server(), before), 200);

  const std::string new_kid = rotate_key(server(), 0);
  ASSERT_NE(new_kid, old_kid);
  EXPECT_EQ(list_status(server(), before), 200) << "a token of the retired key stays valid";

  const std::string after = token_with_kid(server(), new_kid, std::chrono::milliseconds(5000));
  ASSERT_FALSE(after.empty()) << "no token carried the new kid within 5 s\n" << server().log();
  EXPECT_EQ(list_status(server(), after), 200);
  EXPECT_EQ(list_status(server(), before), 200);
  std::string forged = after;
  char& c = forged[forged.rfind('.') + 5];  // inside the signature: every bit of it counts
  c = c == 'A' ? 'B' : 'A';
  EXPECT_EQ(list_status(server(), forged), 401) << "a forged signature under the new kid";
}

TEST_F(TokenKeysTest, RotateKeyRefusesABadActivationDelay) {
  std::vector<std::string> args = {NORCED_BINARY, "token", "rotate-key"};
  for (const auto& a : server().store_args()) args.push_back(a);
  args.push_back("--activate-after");
  args.push_back("-1");
  auto [code, out] = run_capture(args);
  EXPECT_NE(code, 0) << out;
}

TEST_F(TokenKeysTest, ASecondInstanceOnTheSameDatabaseAcceptsTheFirstsTokensAcrossARotation) {
  // The second reloads on its own only every minute: it learns the new key from the first token that has it.
  TestServer second(server().same_store());
  std::string error;
  ASSERT_TRUE(second.start(&error)) << error << "\n" << second.log();

  const std::string from_first = server().token(kClientId, kClientSecret);
  const std::string from_second = second.token(kClientId, kClientSecret);
  EXPECT_EQ(list_status(second, from_first), 200) << second.log();
  EXPECT_EQ(list_status(server(), from_second), 200);

  // A second's delay before the key signs lets the second instance reload for the unknown kid (at most once
  // a second) after the rotation, as the default delay of 10 s does for instances on other hosts.
  const std::string new_kid = rotate_key(server(), 1);
  const std::string rotated = token_with_kid(server(), new_kid, std::chrono::milliseconds(5000));
  ASSERT_FALSE(rotated.empty()) << server().log();
  EXPECT_EQ(list_status(second, rotated), 200) << "the second loads the new key\n" << second.log();
  EXPECT_EQ(kid_of(second.token(kClientId, kClientSecret)), new_kid) << "and signs with it too";
  EXPECT_EQ(list_status(second, from_first), 200);
  EXPECT_EQ(list_status(second, from_second), 200);
  EXPECT_EQ(list_status(server(), from_second), 200);
  EXPECT_EQ(second.stop(), 0) << second.log();
}

}  // namespace
}  // namespace api
