#include "query/error.hpp"

#include "json/writer.hpp"

namespace norced::query {

namespace {

const std::string* member(const Problem& p, std::string_view name) {
  for (const auto& [k, v] : p.members)
    if (k == name) return &v;
  return nullptr;
}

std::string code_of_status(int status) {
  switch (status) {
    case 400: return "BadRequest";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "NotFound";
    case 405: return "MethodNotAllowed";
    case 503: return "ServiceUnavailable";
    default: return "Error";
  }
}

}  // namespace

Problem odata_error(int status, std::string code, std::string message, std::string target) {
  Problem p{status, "", std::move(message), {}, {}};
  p.members = {{"code", std::move(code)}, {"target", std::move(target)}};
  return p;
}

http::Response error_response(const Problem& p) {
  const std::string* code = member(p, "code");
  const std::string* target = member(p, "target");
  std::string message = p.detail;
  if (message.empty() && !p.errors.empty()) message = p.errors.front().message;
  if (message.empty()) message = p.title;
  json::Writer w;
  w.begin_object_without_id();
  w.key("error");
  w.begin_object_without_id();
  w.member("code", code ? *code : code_of_status(p.status));
  w.member("message", message);
  if (target && !target->empty()) w.member("target", *target);
  else if (!p.errors.empty() && !p.errors.front().field.empty()) w.member("target", p.errors.front().field);
  w.end_object();
  w.end_object();
  http::Response r;
  r.status = p.status;
  r.headers = p.headers;
  r.headers.emplace_back("OData-Version", "4.0");
  r.body = w.take();
  return r;
}

}  // namespace norced::query
