#include "identity/basic_auth.hpp"

#include <openssl/evp.h>
#include <strings.h>

namespace norced::identity {

std::optional<std::pair<std::string, std::string>> basic_credentials(const http::Request& req) {
  const std::string* auth = req.headers.find("Authorization");
  if (!auth || auth->size() < 7 || strncasecmp(auth->c_str(), "Basic ", 6) != 0) return std::nullopt;
  std::string encoded = auth->substr(6);
  std::string decoded(encoded.size(), '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(decoded.data()),
                          reinterpret_cast<const unsigned char*>(encoded.data()), static_cast<int>(encoded.size()));
  if (n < 0) return std::nullopt;
  size_t pad = 0;
  while (!encoded.empty() && encoded[encoded.size() - 1 - pad] == '=' && pad < 2) ++pad;
  decoded.resize(static_cast<size_t>(n) - pad);
  auto colon = decoded.find(':');
  if (colon == std::string::npos) return std::nullopt;
  return std::make_pair(http::percent_decode(decoded.substr(0, colon), true),
                        http::percent_decode(decoded.substr(colon + 1), true));
}

}  // namespace norced::identity
