// The one place a Problem becomes an HTTP response: an RFC 9457 problem document
// {"type","title","status","detail","errors":{Field:[message]}} with Content-Type application/problem+json.
// A validation problem lists at most kMaxProblemMembers members; when more were at fault, the top-level
// integer "errorsOmitted" counts the errors (messages) left out.
#pragma once

#include <cstddef>

#include "core/problem.hpp"
#include "http/message.hpp"

namespace norced::http {

inline constexpr size_t kMaxProblemMembers = 100;

Response problem_response(const Problem& p);
// The problem document's "type" for a status: its RFC 9110 section, or about:blank.
const char* problem_type(int status);

}  // namespace norced::http
