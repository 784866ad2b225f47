// POST /identity/1.0/connect/token: the OAuth2 client-credentials grant as Norce's identity service offers it.
// Form-encoded client_id/client_secret (or HTTP Basic), grant_type=client_credentials, optional scope (the
// environment name Norce clients send, e.g. "playground"). Errors follow RFC 6749 section 5.2.
#pragma once

#include "http/message.hpp"
#include "identity/tokens.hpp"
#include "store/store.hpp"

namespace norced::identity {

http::Response token_endpoint(const http::Request& req, store::Store& store, const TokenService& tokens);

}  // namespace norced::identity
