#include "identity/tokens.hpp"

#include <jwt.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdlib>
#include <limits>
#include <stdexcept>
#include <unordered_map>

#include "identity/key_store.hpp"

namespace norced::identity {

static_assert(Rotation{}.keep_retired == kLongestRetiredKeyGrace.count());

namespace {

constexpr int64_t kMicrosPerSecond = 1'000'000;
constexpr size_t kMaxRememberedTokens = 4096;
constexpr size_t kMaxTokenBytes = 4096;

int64_t seconds(timeutil::Micros t) { return t / kMicrosPerSecond; }
timeutil::Micros micros(std::chrono::milliseconds d) { return d.count() * 1000; }

thread_local int store_free_scopes = 0;  // StoreFreeScopes open on this thread
std::atomic<uint64_t> next_service_id{1};

struct JwtHandle {
  jwt_t* p = nullptr;
  ~JwtHandle() { jwt_free(p); }
};

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : " ") + s;
  return out;
}

std::vector<std::string> split(const char* s) {
  std::vector<std::string> out;
  if (!s) return out;
  std::string cur;
  for (const char* p = s;; ++p) {
    if (*p == ' ' || *p == '\0') {
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
      if (*p == '\0') break;
    } else {
      cur += *p;
    }
  }
  return out;
}

const unsigned char* key_bytes(const SigningKey& k) { return reinterpret_cast<const unsigned char*>(k.secret.data()); }
int key_length(const SigningKey& k) { return static_cast<int>(k.secret.size()); }

// The tokens this thread verified for one service, with the second each stops being valid.
struct Remembered {
  Claims claims;
  int64_t valid_until = 0;
};
struct Memory {
  uint64_t owner = 0;
  std::unordered_map<std::string, Remembered> tokens;
};

Memory& memory_of(uint64_t service) {
  thread_local Memory memory;
  if (memory.owner != service) {  // a different service (tests run several) must not see another's tokens
    memory.tokens.clear();
    memory.owner = service;
  }
  return memory;
}

// The part of a token's header read before its signature can be checked: the kid chooses the key. The header
// is signed too, so a changed kid fails the check that follows.
struct Header {
  std::optional<std::string> kid;  // none in tokens issued before keys rotated
};

std::optional<Header> unverified_header(const std::string& token) {
  JwtHandle jwt;
  if (jwt_decode(&jwt.p, token.c_str(), nullptr, 0) != 0) return std::nullopt;
  Header h;
  if (const char* kid = jwt_get_header(jwt.p, "kid")) h.kid = kid;
  return h;
}

std::optional<Claims> verified_claims(const std::string& token, const SigningKey& key) {
  JwtHandle jwt;
  if (jwt_decode(&jwt.p, token.c_str(), key_bytes(key), key_length(key)) != 0) return std::nullopt;
  if (jwt_get_alg(jwt.p) != JWT_ALG_HS256) return std::nullopt;  // never accept "none" or another algorithm
  const char* iss = jwt_get_grant(jwt.p, "iss");
  if (!iss || std::string_view(iss) != "norced") return std::nullopt;
  Claims c;
  c.expires_at = jwt_get_grant_int(jwt.p, "exp");
  const char* sub = jwt_get_grant(jwt.p, "sub");
  c.oauth_client_id = sub ? sub : "";
  c.tenant_id = jwt_get_grant_int(jwt.p, "tenant");
  c.resources = split(jwt_get_grant(jwt.p, "resources"));
  const char* scope = jwt_get_grant(jwt.p, "scope");
  c.scope = scope ? scope : "";
  if (c.tenant_id <= 0) return std::nullopt;
  return c;
}

}  // namespace

bool Claims::allows(std::string_view resource) const {
  return std::find(resources.begin(), resources.end(), resource) != resources.end();
}

TokenService::StoreFreeScope::StoreFreeScope() { ++store_free_scopes; }
TokenService::StoreFreeScope::~StoreFreeScope() { --store_free_scopes; }

TokenService::TokenService(store::Store& store, TokenOptions options)
    : store_(&store), options_(options), id_(next_service_id.fetch_add(1)) {
  const timeutil::Micros now = options_.clock->now();
  ring_.store(std::make_shared<const KeyRing>(load_key_ring(store, seconds(now))));
  loaded_at_.store(now);
}

TokenService::TokenService(std::string signing_key, std::chrono::seconds lifetime, const Clock& clock)
    : store_(nullptr), id_(next_service_id.fetch_add(1)) {
  if (signing_key.size() < 32) throw std::invalid_argument("token signing key too short");
  options_.lifetime = lifetime;
  options_.clock = &clock;
  const timeutil::Micros now = clock.now();
  ring_.store(std::make_shared<const KeyRing>(first_key_ring(seconds(now), std::move(signing_key))));
  loaded_at_.store(now);
}

std::chrono::seconds TokenService::retired_key_grace() const {
  return options_.lifetime + std::chrono::ceil<std::chrono::seconds>(options_.reload_interval);
}

int64_t TokenService::key_valid_until(const SigningKey& key) const {
  if (!key.retired_at) return std::numeric_limits<int64_t>::max();
  return *key.retired_at + retired_key_grace().count();
}

void TokenService::reload(timeutil::Micros now) const {
  loaded_at_.store(now);  // first: a failing store is not asked again before the next interval or gap
  if (!store_) return;
  try {
    if (auto fresh = read_key_ring(*store_)) ring_.store(std::make_shared<const KeyRing>(std::move(*fresh)));
  } catch (const KeyRingError& e) {
    // Serving on with the keys known so far beats refusing every token; the operator must fix the setting.
    spdlog::error("{}; keeping the token signing keys loaded before", e.what());
  }
}

std::shared_ptr<const KeyRing> TokenService::fresh_ring(timeutil::Micros now) const {
  if (store_free_scopes == 0 && now - loaded_at_.load() >= micros(options_.reload_interval)) {
    std::unique_lock lock(reload_mu_, std::try_to_lock);
    if (lock.owns_lock() && now - loaded_at_.load() >= micros(options_.reload_interval)) {
      try {
        reload(now);
      } catch (const store::StoreError& e) {
        // The keys known so far still sign and verify correctly; a rotation is only noticed later.
        spdlog::warn("token signing keys: reload failed, keeping the ones loaded before: {}", e.what());
      }
    }
  }
  return ring();
}

std::shared_ptr<const KeyRing> TokenService::ring_with(const std::string& kid, timeutil::Micros now) const {
  std::lock_guard lock(reload_mu_);
  auto current = ring();
  if (current->find(kid)) return current;  // a reload that finished while this thread waited brought it
  const auto gap = std::min(options_.unknown_key_reload_gap, options_.reload_interval);
  if (now - loaded_at_.load() < micros(gap)) return current;
  reload(now);  // a store failure propagates: whether the token is valid cannot be known now
  return ring();
}

std::string TokenService::signing_kid() const {
  const timeutil::Micros now = options_.clock->now();
  return fresh_ring(now)->signing_key(seconds(now)).kid;
}

std::string TokenService::issue(const std::string& oauth_client_id, int64_t tenant_id,
                                const std::vector<std::string>& resources, const std::string& scope) const {
  const timeutil::Micros now = options_.clock->now();
  const auto keys = fresh_ring(now);
  const int64_t iat = seconds(now);
  const SigningKey& key = keys->signing_key(iat);
  JwtHandle jwt;
  if (jwt_new(&jwt.p) != 0) throw std::runtime_error("jwt_new failed");
  jwt_add_header(jwt.p, "kid", key.kid.c_str());
  jwt_add_grant(jwt.p, "iss", "norced");
  jwt_add_grant(jwt.p, "sub", oauth_client_id.c_str());
  jwt_add_grant(jwt.p, "client_id", oauth_client_id.c_str());
  jwt_add_grant_int(jwt.p, "tenant", tenant_id);
  jwt_add_grant(jwt.p, "resources", join(resources).c_str());
  jwt_add_grant(jwt.p, "scope", scope.c_str());
  jwt_add_grant_int(jwt.p, "iat", iat);
  jwt_add_grant_int(jwt.p, "exp", iat + options_.lifetime.count());
  if (jwt_set_alg(jwt.p, JWT_ALG_HS256, key_bytes(key), key_length(key)) != 0)
    throw std::runtime_error("jwt_set_alg failed");
  char* encoded = jwt_encode_str(jwt.p);
  if (!encoded) throw std::runtime_error("jwt_encode_str failed");
  std::string token(encoded);
  free(encoded);
  return token;
}

std::optional<Claims> TokenService::verify(const std::string& token) const {
  const timeutil::Micros now_micros = options_.clock->now();
  const int64_t now = seconds(now_micros);
  Memory& memory = memory_of(id_);
  if (auto it = memory.tokens.find(token); it != memory.tokens.end()) {
    if (it->second.valid_until > now) return it->second.claims;
    memory.tokens.erase(it);
    return std::nullopt;
  }
  if (token.size() > kMaxTokenBytes) return std::nullopt;
  auto header = unverified_header(token);
  if (!header) return std::nullopt;
  auto keys = fresh_ring(now_micros);
  // A token without a kid was issued before key rotation existed, with the key that became the legacy one.
  const SigningKey* key = header->kid ? keys->find(*header->kid) : keys->legacy();
  if (!key && header->kid && store_free_scopes == 0) {
    keys = ring_with(*header->kid, now_micros);  // another instance may sign with a key not loaded here yet
    key = keys->find(*header->kid);
  }
  if (!key) return std::nullopt;
  auto claims = verified_claims(token, *key);
  if (!claims) return std::nullopt;
  const int64_t valid_until = std::min(claims->expires_at, key_valid_until(*key));
  if (valid_until <= now) return std::nullopt;
  if (memory.tokens.size() >= kMaxRememberedTokens) memory.tokens.clear();
  memory.tokens.emplace(token, Remembered{*claims, valid_until});
  return claims;
}

}  // namespace norced::identity
