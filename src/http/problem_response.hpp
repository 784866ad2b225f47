// The one place a Problem becomes an HTTP response: an RFC 9457 problem document
// {"type","title","status","detail","errors":{Field:[message]}} with Content-Type application/problem+json.
#pragma once

#include "core/problem.hpp"
#include "http/message.hpp"

namespace norced::http {

Response problem_response(const Problem& p);

}  // namespace norced::http
