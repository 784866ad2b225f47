// Client secrets at rest: PBKDF2-HMAC-SHA256 with a random salt, so a leaked database does not leak
// credentials. Random values for generated ids, secrets and signing keys come from OpenSSL's CSPRNG.
#pragma once

#include <string>
#include <string_view>

namespace norced::identity {

// "pbkdf2-sha256$<iterations>$<salt hex>$<hash hex>"
std::string hash_secret(std::string_view secret);
// Constant-time comparison against a stored hash.
bool verify_secret(std::string_view secret, std::string_view stored);
// `bytes` random bytes as lower-case hex.
std::string random_hex(size_t bytes);

}  // namespace norced::identity
