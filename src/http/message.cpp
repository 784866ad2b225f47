#include "http/message.hpp"

#include <cctype>

#include "core/ascii.hpp"

namespace norced::http {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

const std::string* Headers::find(std::string_view name) const {
  for (const auto& [field, value] : fields_) {
    if (ascii::iequals(field, name)) return &value;
  }
  return nullptr;
}

const std::string* Request::query_param(std::string_view name) const {
  for (const auto& [key, value] : query) {
    if (ascii::iequals(key, name)) return &value;
  }
  return nullptr;
}

std::string percent_decode(std::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '%' && i + 2 < s.size()) {
      const int hi = hex_value(s[i + 1]);
      const int lo = hex_value(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>((hi << 4) | lo));
        i += 2;
        continue;
      }
      out.push_back(c);  // malformed escape: keep literally
    } else if (c == '+' && plus_is_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> parse_query(std::string_view query) {
  std::vector<std::pair<std::string, std::string>> out;
  if (!query.empty() && query.front() == '?') query.remove_prefix(1);
  while (!query.empty()) {
    const size_t amp = query.find('&');
    const std::string_view part = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (part.empty()) continue;  // "a=1&&b=2"
    const size_t eq = part.find('=');
    if (eq == std::string_view::npos) {
      out.emplace_back(percent_decode(part, true), std::string{});
    } else {
      out.emplace_back(percent_decode(part.substr(0, eq), true), percent_decode(part.substr(eq + 1), true));
    }
  }
  return out;
}

std::string origin_of(const Request& req) {
  const std::string* host = req.headers.find("Host");
  if (!host || host->empty() || host->size() > 255) return "";
  for (char c : *host)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-' && c != ':' && c != '[' && c != ']') return "";
  return (req.tls ? "https://" : "http://") + *host;
}

}  // namespace norced::http
