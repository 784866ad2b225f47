#include "identity/secret.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <stdexcept>
#include <vector>

namespace norced::identity {

namespace {

constexpr int kIterations = 60'000;  // ~20 ms here: cheap for a token request, costly for guessing

std::string to_hex(const unsigned char* p, size_t n) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  out.reserve(n * 2);
  for (size_t i = 0; i < n; ++i) {
    out += digits[p[i] >> 4];
    out += digits[p[i] & 15];
  }
  return out;
}

std::vector<unsigned char> from_hex(std::string_view s) {
  std::vector<unsigned char> out;
  if (s.size() % 2) return out;
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  for (size_t i = 0; i < s.size(); i += 2) {
    int hi = nibble(s[i]), lo = nibble(s[i + 1]);
    if (hi < 0 || lo < 0) return {};
    out.push_back(static_cast<unsigned char>(hi * 16 + lo));
  }
  return out;
}

std::vector<unsigned char> derive(std::string_view secret, const std::vector<unsigned char>& salt, int iterations) {
  std::vector<unsigned char> out(32);
  if (PKCS5_PBKDF2_HMAC(secret.data(), static_cast<int>(secret.size()), salt.data(), static_cast<int>(salt.size()),
                        iterations, EVP_sha256(), static_cast<int>(out.size()), out.data()) != 1)
    throw std::runtime_error("PBKDF2 failed");
  return out;
}

}  // namespace

std::string random_hex(size_t bytes) {
  std::vector<unsigned char> buf(bytes);
  if (RAND_bytes(buf.data(), static_cast<int>(bytes)) != 1) throw std::runtime_error("no randomness available");
  return to_hex(buf.data(), buf.size());
}

std::string hash_secret(std::string_view secret) {
  auto salt = from_hex(random_hex(16));
  auto hash = derive(secret, salt, kIterations);
  return "pbkdf2-sha256$" + std::to_string(kIterations) + "$" + to_hex(salt.data(), salt.size()) + "$" +
         to_hex(hash.data(), hash.size());
}

bool verify_secret(std::string_view secret, std::string_view stored) {
  // Split "scheme$iterations$salt$hash".
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    size_t d = stored.find('$', start);
    parts.push_back(stored.substr(start, d == std::string_view::npos ? std::string_view::npos : d - start));
    if (d == std::string_view::npos) break;
    start = d + 1;
  }
  if (parts.size() != 4 || parts[0] != "pbkdf2-sha256") return false;
  int iterations = 0;
  for (char c : parts[1]) {
    if (c < '0' || c > '9' || iterations > 10'000'000) return false;
    iterations = iterations * 10 + (c - '0');
  }
  auto salt = from_hex(parts[2]);
  auto expected = from_hex(parts[3]);
  if (iterations <= 0 || salt.empty() || expected.size() != 32) return false;
  auto actual = derive(secret, salt, iterations);
  return CRYPTO_memcmp(actual.data(), expected.data(), expected.size()) == 0;
}

}  // namespace norced::identity
