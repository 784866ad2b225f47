// The request log: one info line per answered request (method, path, status, duration, OAuth client, body
// bytes in and out, peer), written by the transport when it hands a response to the socket, so fast-path,
// pool, deferred and transport answers (413, 431, 503...) are all logged the same way. Headers are never
// logged (the Authorization header least of all), nor are bodies unless `bodies` is set (--log-bodies); then
// they are redacted first: members and form or query parameters whose name looks like a secret or a token
// (client_secret, password, access_token...) show "[redacted]".
// Cost: the line is formatted on the socket thread into a reused buffer and handed to spdlog without a second
// formatting pass; on stderr a BatchedSink gathers lines and writes them in batches, because a write(2) per
// line cost a quarter of the hot GET path's throughput (docs/decisions.md, "Seeing what integrations send").
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <condition_variable>
#include <mutex>
#include <thread>

#include <spdlog/logger.h>
#include <spdlog/sinks/base_sink.h>

namespace norced::http {

enum class LogFormat { text, json };

std::optional<LogFormat> parse_log_format(std::string_view name);  // "text" or "json"

// Replaces spdlog's default logger with one on stderr in `format` (text: spdlog's usual line, in colour on a
// terminal; json: one object per line {"time","level","msg"}), at `level`.
void setup_default_logger(LogFormat format, spdlog::level::level_enum level);

struct AccessLogOptions {
  LogFormat format = LogFormat::text;
  bool bodies = false;  // also log request and response bodies, redacted
};

// One answered request, as the transport saw it.
struct Exchange {
  std::string_view method;  // "-" when the request line was never read whole (431)
  std::string_view target;  // raw request-target; its query is redacted on output
  std::string_view remote;
  int status = 0;
  std::chrono::steady_clock::duration duration{};  // from the request's first byte to its answer
  size_t bytes_in = 0;   // request body
  size_t bytes_out = 0;  // response body as sent (none for HEAD, 204, 304)
  std::string_view client;  // OAuth client id, when the request carried a valid token (or got one)
  // Only read with AccessLogOptions::bodies.
  std::string_view request_body, request_type, response_body, response_type;
};

// Whole lines to a descriptor, in batches: a line costs a copy under the sink's lock, and the descriptor gets
// one write(2) when kBatchBytes have gathered or `interval` has passed since the last one (a thread of the sink
// flushes), whichever comes first. flush() and the destructor write what is left. Lines never split, so they
// do not interleave with other writers of the descriptor that also write whole lines.
class BatchedSink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  static constexpr size_t kBatchBytes = 64 * 1024;
  BatchedSink(int fd, std::chrono::milliseconds interval);
  ~BatchedSink() override;
  BatchedSink(const BatchedSink&) = delete;
  BatchedSink& operator=(const BatchedSink&) = delete;

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override;
  void flush_() override;

 private:
  void write_out();  // REQUIRES: mutex_ held
  int fd_;
  std::string buffer_;
  bool stopping_ = false;
  std::condition_variable wake_;
  std::thread flusher_;
};

class AccessLog {
 public:
  // Writes to `logger`, whose sinks get the pattern of options.format; see stderr_logger().
  AccessLog(AccessLogOptions options, std::shared_ptr<spdlog::logger> logger);

  // A logger on stderr beside the default one, through a BatchedSink that writes at least every 200 ms.
  static std::shared_ptr<spdlog::logger> stderr_logger(spdlog::level::level_enum level);

  bool enabled() const { return logger_->should_log(spdlog::level::info); }
  bool bodies() const { return options_.bodies; }
  void record(const Exchange& e) const;  // thread-safe

 private:
  AccessLogOptions options_;
  std::shared_ptr<spdlog::logger> logger_;
};

// Whether a member or parameter name names a secret: it contains secret, password, passwd, apikey, api_key,
// credential or privatekey, or ends with token (access_token, refresh_token, Token; not token_type), in any case.
bool is_secret_name(std::string_view name);
// The body with secrets redacted: JSON by its member names (lexically, so malformed JSON is redacted too),
// a form body by its parameter names; any other media type is not shown, only its size.
std::string redact_body(std::string_view body, std::string_view content_type);
// "a=1&client_secret=x" → "a=1&client_secret=[redacted]".
std::string redact_form(std::string_view form);

}  // namespace norced::http
