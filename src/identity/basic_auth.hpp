// HTTP Basic credentials (`Authorization: Basic base64(user:password)`): the token endpoint's
// client_secret_basic and Connect's legacy `base64(applicationId:secret)`.
#pragma once

#include <optional>
#include <string>
#include <utility>

#include "http/message.hpp"

namespace norced::identity {

// The user and password, percent-decoded (OAuth2 form-encodes them first; plain values pass unchanged).
// Nullopt when the header is absent, not Basic, not base64 or has no ':'.
std::optional<std::pair<std::string, std::string>> basic_credentials(const http::Request& req);

}  // namespace norced::identity
