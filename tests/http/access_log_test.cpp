// The request log's lines (text and JSON) and its redaction of secrets, without a network: AccessLog::record on
// a capturing sink. tests/http/server_test.cpp checks that the transport logs every kind of answer.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <regex>

#include "http/access_log.hpp"
#include "log_capture.hpp"

namespace norced::http {
namespace {

using namespace std::chrono_literals;

Exchange token_exchange() {
  Exchange e;
  e.method = "POST";
  e.target = "/identity/1.0/connect/token?client_secret=q&x=1";
  e.remote = "10.0.0.7";
  e.status = 200;
  e.duration = 1234567ns;  // 1.234 ms
  e.bytes_in = 80;
  e.bytes_out = 120;
  e.client = "acme-pim";
  e.request_body = "grant_type=client_credentials&client_id=acme-pim&client_secret=s3cr3t";
  e.request_type = "application/x-www-form-urlencoded";
  e.response_body = R"({"access_token":"eyJ.abc.def","expires_in":3600,"token_type":"Bearer"})";
  e.response_type = "application/json; charset=utf-8";
  return e;
}

// The payload of each line: the test logger's pattern is reduced to the message.
std::vector<std::string> record(AccessLogOptions options, const Exchange& e) {
  auto [logger, sink] = testing::capture_logger();
  AccessLog log(options, logger);
  logger->set_pattern("%v");
  log.record(e);
  return sink->lines();
}

TEST(AccessLog, TextLineHasTheFieldsAndNoBodiesOrSecrets) {
  const auto lines = record({LogFormat::text, false}, token_exchange());
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0],
            "POST /identity/1.0/connect/token?client_secret=[redacted]&x=1 200 1.234ms client=acme-pim in=80 "
            "out=120 remote=10.0.0.7");
}

TEST(AccessLog, UnknownClientAndRequestLineAreDashes) {
  Exchange e;
  e.method = "-";
  e.target = "-";
  e.status = 431;
  const auto lines = record({LogFormat::text, false}, e);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0], "- - 431 0.000ms client=- in=0 out=0 remote=-");
}

TEST(AccessLog, JsonLineIsOneObjectWithTimeAndLevel) {
  auto [logger, sink] = testing::capture_logger();
  AccessLog log({LogFormat::json, false}, logger);  // the real pattern, time included
  log.record(token_exchange());
  const auto lines = sink->lines();
  ASSERT_EQ(lines.size(), 1u);
  const std::regex shape(
      R"re(\{"time":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z","level":"info","msg":"request","method":"POST",)re"
      R"re("path":"/identity/1.0/connect/token","query":"client_secret=\[redacted\]&x=1","status":200,)re"
      R"re("duration_ms":1.234,"client":"acme-pim","bytes_in":80,"bytes_out":120,"remote":"10.0.0.7"\})re");
  EXPECT_TRUE(std::regex_match(lines[0], shape)) << lines[0];
}

TEST(AccessLog, BodiesAreLoggedRedactedOnRequest) {
  const auto lines = record({LogFormat::text, true}, token_exchange());
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_NE(lines[0].find(
                R"( request_body="grant_type=client_credentials&client_id=acme-pim&client_secret=[redacted]")"),
            std::string::npos)
      << lines[0];
  EXPECT_NE(lines[0].find(
                R"( response_body="{\"access_token\":\"[redacted]\",\"expires_in\":3600,\"token_type\":\"Bearer\"}")"),
            std::string::npos)
      << lines[0];
  EXPECT_EQ(lines[0].find("s3cr3t"), std::string::npos);
  EXPECT_EQ(lines[0].find("eyJ"), std::string::npos);

  const auto json = record({LogFormat::json, true}, token_exchange());
  ASSERT_EQ(json.size(), 1u);
  EXPECT_NE(json[0].find(R"(,"request_body":"grant_type=client_credentials&client_id=acme-pim&client_secret=[redacted]")"),
            std::string::npos)
      << json[0];
  EXPECT_EQ(json[0].find("s3cr3t"), std::string::npos);
}

TEST(AccessLog, SecretNames) {
  for (const char* name : {"client_secret", "ClientSecret", "Password", "db-passwd", "access_token", "refresh_token",
                           "Token", "apiKey", "API_KEY", "Credentials", "private_key"})
    EXPECT_TRUE(is_secret_name(name)) << name;
  for (const char* name : {"token_type", "Name", "Code", "client_id", "TokenLifetime", "expires_in", ""})
    EXPECT_FALSE(is_secret_name(name)) << name;
}

TEST(AccessLog, JsonRedactionIsLexicalAndKeepsEverythingElse) {
  EXPECT_EQ(redact_body(R"({"Name":"Shoes","Password": "p\"w","Nested":{"ApiKey":12,"Code":"A"},"Token":null})",
                        "application/json"),
            R"({"Name":"Shoes","Password": "[redacted]","Nested":{"ApiKey":"[redacted]","Code":"A"},"Token":"[redacted]"})");
  // A value that is itself an object is kept; its own members are judged by their names.
  EXPECT_EQ(redact_body(R"({"Credentials":{"User":"u","Secret":"s"}})", "application/json"),
            R"({"Credentials":{"User":"u","Secret":"[redacted]"}})");
  // Malformed JSON (the case a body log is for) is still redacted.
  EXPECT_EQ(redact_body(R"({"client_secret":"abc", "Name": )", "application/json"),
            R"({"client_secret":"[redacted]", "Name": )");
  // A string value that looks like a secret name is not a member name.
  EXPECT_EQ(redact_body(R"(["password","x"])", "application/json"), R"(["password","x"])");
  // No content type, but JSON-looking.
  EXPECT_EQ(redact_body(R"( {"secret":1})", ""), R"( {"secret":"[redacted]"})");
}

TEST(AccessLog, OtherMediaTypesShowOnlyTheirSize) {
  EXPECT_EQ(redact_body("password=x", "text/plain"), "(10 bytes of text/plain, not shown)");
  EXPECT_EQ(redact_body("", "text/plain"), "");
  EXPECT_EQ(redact_form("a=1&client%5Fsecret=x&&b"), "a=1&client%5Fsecret=[redacted]&&b");
}

TEST(AccessLog, LongBodiesAreCut) {
  const std::string body = "{\"Name\":\"" + std::string(70'000, 'a') + "\"}";
  const std::string shown = redact_body(body, "application/json");
  const std::string note = " …(" + std::to_string(body.size() - 64 * 1024) + " more bytes)";
  EXPECT_EQ(shown, body.substr(0, 64 * 1024) + note);
}

TEST(AccessLog, OffBelowInfo) {
  auto [logger, sink] = testing::capture_logger();
  logger->set_level(spdlog::level::warn);
  AccessLog log({}, logger);
  EXPECT_FALSE(log.enabled());
  logger->set_level(spdlog::level::info);
  EXPECT_TRUE(log.enabled());
}

// Reads what is in the pipe now, without waiting.
std::string drain(int fd) {
  std::string out;
  char buf[65536];
  for (ssize_t n; (n = ::read(fd, buf, sizeof buf)) > 0;) out.append(buf, static_cast<size_t>(n));
  return out;
}

TEST(BatchedSink, WritesWholeLinesInBatchesOnFlushAndWhenFull) {
  int fds[2];
  ASSERT_EQ(::pipe2(fds, O_NONBLOCK), 0);
  ::fcntl(fds[1], F_SETPIPE_SZ, 1 << 20);  // room for a full batch without blocking the writer
  {
    // An hour between timed flushes: only flush(), a full batch and the destructor write here.
    auto sink = std::make_shared<BatchedSink>(fds[1], std::chrono::hours(1));
    spdlog::logger logger("test", sink);
    logger.set_pattern("%v");
    logger.info("one");
    logger.info("two");
    EXPECT_EQ(drain(fds[0]), "") << "gathered, not written";
    logger.flush();
    EXPECT_EQ(drain(fds[0]), "one\ntwo\n");
    const std::string line(1000, 'x');
    for (int i = 0; i < 66; ++i) logger.info(line);  // 66,066 bytes: past a batch, written without a flush
    EXPECT_EQ(drain(fds[0]).size(), 66u * 1001u);
    logger.info("last");
  }
  EXPECT_EQ(drain(fds[0]), "last\n") << "the destructor writes what is left";
  ::close(fds[0]);
  ::close(fds[1]);
}

}  // namespace
}  // namespace norced::http
