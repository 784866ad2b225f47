#include "http/access_log.hpp"

#include <unistd.h>

#include <cerrno>
#include <charconv>

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include "http/message.hpp"
#include "json/escape.hpp"

namespace norced::http {

namespace {

constexpr size_t kBodyLogLimit = 64 * 1024;  // a body longer than this is cut (with a note) before redaction
constexpr std::string_view kRedacted = "[redacted]";
// Both formats start alike, so a JSON log is one object per line whatever wrote it.
constexpr const char* kJsonPrefix = R"({"time":"%Y-%m-%dT%H:%M:%S.%fZ","level":"%l",)";
constexpr const char* kTextPattern = "[%Y-%m-%d %H:%M:%S.%e] [%n] [%^%l%$] %v";

// %* : the message as a quoted JSON string (the default logger's lines are free text).
class QuotedMessage final : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm&, spdlog::memory_buf_t& dest) override {
    std::string quoted;
    json::append_quoted(quoted, std::string_view(msg.payload.data(), msg.payload.size()));
    dest.append(quoted.data(), quoted.data() + quoted.size());
  }
  std::unique_ptr<custom_flag_formatter> clone() const override { return std::make_unique<QuotedMessage>(); }
};

constexpr std::chrono::milliseconds kFlushInterval{200};  // how late a request line may reach stderr

std::unique_ptr<spdlog::formatter> json_formatter(bool quote_message) {
  auto f = std::make_unique<spdlog::pattern_formatter>(spdlog::pattern_time_type::utc);
  if (quote_message) {
    f->add_flag<QuotedMessage>('*');
    f->set_pattern(std::string(kJsonPrefix) + R"("msg":%*})");
  } else {
    f->set_pattern(std::string(kJsonPrefix) + "%v}");  // record() writes the members
  }
  return f;
}

spdlog::sink_ptr stderr_sink(LogFormat format) {
  // No colour codes inside JSON.
  if (format == LogFormat::json) return std::make_shared<spdlog::sinks::stderr_sink_mt>();
  return std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
}

void append_int(std::string& out, uint64_t v) {
  char buf[24];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, end);
}

// Milliseconds with three decimals, without going through floating point.
void append_ms(std::string& out, std::chrono::steady_clock::duration d) {
  const auto us = static_cast<uint64_t>(std::max<int64_t>(0, std::chrono::duration_cast<std::chrono::microseconds>(d).count()));
  append_int(out, us / 1000);
  out.push_back('.');
  const uint64_t frac = us % 1000;
  out.push_back(static_cast<char>('0' + frac / 100));
  out.push_back(static_cast<char>('0' + frac / 10 % 10));
  out.push_back(static_cast<char>('0' + frac % 10));
}

bool contains(const std::string& haystack, std::string_view needle) { return haystack.find(needle) != std::string::npos; }

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// The end of the JSON string token starting at `begin` (on its opening quote): one past its closing quote, or
// the end of the text when it is unterminated.
size_t string_end(std::string_view s, size_t begin) {
  for (size_t i = begin + 1; i < s.size(); ++i) {
    if (s[i] == '\\') ++i;
    else if (s[i] == '"') return i + 1;
  }
  return s.size();
}

// Lexical: a string token followed by ':' is a member name; when it names a secret, its scalar value is
// replaced. Works on malformed JSON too, which is when a body log is most wanted. An object or array value
// under such a name is kept (its own members are judged by their names).
std::string redact_json(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool redact_next = false;
  size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    if (c == '"') {
      const size_t end = string_end(s, i);
      if (redact_next) {
        json::append_quoted(out, kRedacted);
        redact_next = false;
        i = end;
        continue;
      }
      size_t k = end;
      while (k < s.size() && is_space(s[k])) ++k;
      out.append(s.substr(i, end - i));
      if (k < s.size() && s[k] == ':' && is_secret_name(s.substr(i + 1, end - i >= 2 ? end - i - 2 : 0))) {
        out.append(s.substr(end, k + 1 - end));
        redact_next = true;
        i = k + 1;
        continue;
      }
      i = end;
      continue;
    }
    if (redact_next && !is_space(c)) {
      redact_next = false;
      if (c != '{' && c != '[') {  // a number or literal: up to the next delimiter
        size_t end = i;
        while (end < s.size() && s[end] != ',' && s[end] != '}' && s[end] != ']' && !is_space(s[end])) ++end;
        json::append_quoted(out, kRedacted);
        i = end;
        continue;
      }
    }
    out.push_back(c);
    ++i;
  }
  return out;
}

void append_body(std::string& line, std::string_view name, std::string_view body, std::string_view type, bool json_line) {
  if (json_line) {
    line += ",\"";
    line += name;
    line += "\":";
  } else {
    line += ' ';
    line += name;
    line += '=';
  }
  json::append_quoted(line, redact_body(body, type));  // one line in either format
}

}  // namespace

std::optional<LogFormat> parse_log_format(std::string_view name) {
  if (name == "text") return LogFormat::text;
  if (name == "json") return LogFormat::json;
  return std::nullopt;
}

void setup_default_logger(LogFormat format, spdlog::level::level_enum level) {
  auto logger = std::make_shared<spdlog::logger>("norced", stderr_sink(format));
  if (format == LogFormat::json) logger->set_formatter(json_formatter(true));
  else logger->set_pattern(kTextPattern);
  logger->set_level(level);
  spdlog::set_default_logger(std::move(logger));
  spdlog::set_level(level);
}

bool is_secret_name(std::string_view name) {
  std::string n;
  n.reserve(name.size());
  for (char c : name) {
    if (c == '_' || c == '-') continue;
    n.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  for (std::string_view word : {"secret", "password", "passwd", "apikey", "credential", "privatekey"})
    if (contains(n, word)) return true;
  return n.size() >= 5 && n.compare(n.size() - 5, 5, "token") == 0;
}

std::string redact_form(std::string_view form) {
  std::string out;
  out.reserve(form.size());
  size_t start = 0;
  while (start <= form.size()) {
    size_t amp = form.find('&', start);
    if (amp == std::string_view::npos) amp = form.size();
    const std::string_view pair = form.substr(start, amp - start);
    const size_t eq = pair.find('=');
    if (start > 0) out.push_back('&');
    if (eq != std::string_view::npos && is_secret_name(percent_decode(pair.substr(0, eq), true))) {
      out.append(pair.substr(0, eq + 1));
      out.append(kRedacted);
    } else {
      out.append(pair);
    }
    start = amp + 1;
  }
  return out;
}

std::string redact_body(std::string_view body, std::string_view content_type) {
  std::string note;
  if (body.size() > kBodyLogLimit) {
    note = " …(" + std::to_string(body.size() - kBodyLogLimit) + " more bytes)";
    body = body.substr(0, kBodyLogLimit);
  }
  std::string type;
  for (char c : content_type) type.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  size_t first = 0;
  while (first < body.size() && is_space(body[first])) ++first;
  const bool looks_json = first < body.size() && (body[first] == '{' || body[first] == '[');
  if (contains(type, "json") || (type.empty() && looks_json)) return redact_json(body) + note;
  if (contains(type, "x-www-form-urlencoded")) return redact_form(body) + note;
  if (body.empty()) return {};
  return "(" + std::to_string(body.size()) + " bytes of " + (type.empty() ? std::string("unknown type") : type) +
         ", not shown)";
}

BatchedSink::BatchedSink(int fd, std::chrono::milliseconds interval) : fd_(fd) {
  buffer_.reserve(kBatchBytes + 4096);
  flusher_ = std::thread([this, interval] {
    std::unique_lock lock(mutex_);
    for (;;) {
      const bool stop = wake_.wait_for(lock, interval, [this] { return stopping_; });
      write_out();
      if (stop) return;
    }
  });
}

BatchedSink::~BatchedSink() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  flusher_.join();  // it writes what is left on its way out
}

void BatchedSink::sink_it_(const spdlog::details::log_msg& msg) {
  spdlog::memory_buf_t line;
  formatter_->format(msg, line);
  buffer_.append(line.data(), line.size());
  if (buffer_.size() >= kBatchBytes) write_out();
}

void BatchedSink::flush_() { write_out(); }

void BatchedSink::write_out() {
  size_t done = 0;
  while (done < buffer_.size()) {
    const ssize_t n = ::write(fd_, buffer_.data() + done, buffer_.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // nowhere to write (a closed stderr): the lines are dropped, the server goes on
    done += static_cast<size_t>(n);
  }
  buffer_.clear();
}

AccessLog::AccessLog(AccessLogOptions options, std::shared_ptr<spdlog::logger> logger)
    : options_(options), logger_(std::move(logger)) {
  if (options_.format == LogFormat::json) logger_->set_formatter(json_formatter(false));
  else logger_->set_pattern(kTextPattern);
}

std::shared_ptr<spdlog::logger> AccessLog::stderr_logger(spdlog::level::level_enum level) {
  auto logger = std::make_shared<spdlog::logger>("norced", std::make_shared<BatchedSink>(STDERR_FILENO, kFlushInterval));
  logger->set_level(level);
  return logger;
}

void AccessLog::record(const Exchange& e) const {
  thread_local std::string line;  // reused: no allocation per request once it has grown
  line.clear();
  const size_t q = e.target.find('?');
  const std::string_view path = e.target.substr(0, q);
  const std::string query = q == std::string_view::npos ? std::string() : redact_form(e.target.substr(q + 1));
  const bool json_line = options_.format == LogFormat::json;
  if (json_line) {
    line += R"("msg":"request","method":)";
    json::append_quoted(line, e.method);
    line += R"(,"path":)";
    json::append_quoted(line, path);
    if (!query.empty()) {
      line += R"(,"query":)";
      json::append_quoted(line, query);
    }
    line += R"(,"status":)";
    append_int(line, static_cast<uint64_t>(e.status));
    line += R"(,"duration_ms":)";
    append_ms(line, e.duration);
    line += R"(,"client":)";
    if (e.client.empty()) line += "null";
    else json::append_quoted(line, e.client);
    line += R"(,"bytes_in":)";
    append_int(line, e.bytes_in);
    line += R"(,"bytes_out":)";
    append_int(line, e.bytes_out);
    line += R"(,"remote":)";
    json::append_quoted(line, e.remote);
  } else {
    line += e.method;
    line += ' ';
    line += path;
    if (!query.empty()) {
      line += '?';
      line += query;
    }
    line += ' ';
    append_int(line, static_cast<uint64_t>(e.status));
    line += ' ';
    append_ms(line, e.duration);
    line += "ms client=";
    line += e.client.empty() ? std::string_view("-") : e.client;
    line += " in=";
    append_int(line, e.bytes_in);
    line += " out=";
    append_int(line, e.bytes_out);
    line += " remote=";
    line += e.remote.empty() ? std::string_view("-") : e.remote;
  }
  if (options_.bodies) {
    if (!e.request_body.empty()) append_body(line, "request_body", e.request_body, e.request_type, json_line);
    if (!e.response_body.empty()) append_body(line, "response_body", e.response_body, e.response_type, json_line);
  }
  logger_->log(spdlog::level::info, spdlog::string_view_t(line.data(), line.size()));
}

}  // namespace norced::http
