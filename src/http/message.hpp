// Plain request/response values exchanged between the transport (http/server) and the API layer. Nothing here
// knows about sockets or Beast, so handlers can be unit-tested without a network.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace norced::http {

// Header list with case-insensitive lookup (HTTP field names are case-insensitive).
class Headers {
 public:
  void add(std::string name, std::string value) { fields_.emplace_back(std::move(name), std::move(value)); }
  // First value of the field, or nullptr.
  const std::string* find(std::string_view name) const;
  const std::vector<std::pair<std::string, std::string>>& all() const { return fields_; }

 private:
  std::vector<std::pair<std::string, std::string>> fields_;
};

struct Request {
  std::string method;  // upper case as received: "GET", "POST", ...
  std::string target;  // raw request-target, e.g. "/api/pricing/pricelist?page=2"
  std::string path;    // percent-decoded path without the query string
  std::vector<std::pair<std::string, std::string>> query;  // percent-decoded ('+' = space), in order
  Headers headers;
  std::string body;
  std::string remote_address;  // peer IP, for logs and rate limits
  bool tls = false;            // it came over HTTPS (the scheme of the URLs the server writes back)
  // When the transport had read the whole request (monotonic). An answer must reflect at least what was
  // committed before this moment; the default (a request made in code, not received) means "now".
  std::chrono::steady_clock::time_point received{};

  // First query parameter with that name (ASCII case-insensitive, as ASP.NET binds), or nullptr.
  const std::string* query_param(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // For the request log only, never sent: the OAuth client the request was authenticated as (or issued a
  // token to), when known.
  std::string client_id;
};

// scheme://host[:port] as the client reached the server, from the Host header; "" when the header is missing or
// holds anything but host and port characters (the value is written into JSON and must not need escaping).
std::string origin_of(const Request& req);

// Splits "a=1&b=x%20y" into decoded pairs. Malformed escapes are kept literally.
std::vector<std::pair<std::string, std::string>> parse_query(std::string_view query);
std::string percent_decode(std::string_view s, bool plus_is_space);

}  // namespace norced::http
