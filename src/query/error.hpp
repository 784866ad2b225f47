// OData errors. A client's mistake travels as a Problem (core/problem.hpp) whose members carry the OData error
// code and target; error_response() renders it once, at the edge, as the OData v4 JSON error body
// {"error":{"code","message","target"}} — the shape OData clients parse, not the problem document of the
// Management API.
#pragma once

#include <string>

#include "core/problem.hpp"
#include "http/message.hpp"

namespace norced::query {

// A Problem with an OData error `code` ("InvalidFilter"), a message and, when one thing is at fault, its
// `target` (a property, a query option, a function).
Problem odata_error(int status, std::string code, std::string message, std::string target = {});
inline Problem bad_request(std::string code, std::string message, std::string target = {}) {
  return odata_error(400, std::move(code), std::move(message), std::move(target));
}

// Any Problem as an OData error response; a Problem made elsewhere gets a code from its status.
http::Response error_response(const Problem& p);

}  // namespace norced::query
