// OAuth2 access tokens: JWTs (HS256, libjwt) signed with the key ring kept in the database
// (identity/key_store.hpp), so tokens survive a restart, every instance on one database accepts the tokens of
// every other, and verifying needs no lookup. A token carries the tenant it acts for, the APIs ("resources")
// its OAuth client may call, and in its header the id ("kid") of the key that signed it.
//
// Keys rotate (`norced token rotate-key`) while instances run. An instance learns of a rotation by reloading
// the ring: when an unknown kid arrives (at most once per unknown_key_reload_gap), and when reload_interval
// has passed since the last load (checked by issue() and by verify() on a token it does not remember).
// Rotations publish a key before it signs (Rotation::activate_after), so an instance meets a token signed
// with a key it does not know only after the gap has passed, and reloads then.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "identity/key_ring.hpp"
#include "store/store.hpp"

namespace norced::identity {

struct Claims {
  std::string oauth_client_id;
  int64_t tenant_id = 0;
  std::vector<std::string> resources;
  std::string scope;
  int64_t expires_at = 0;  // seconds since the epoch

  bool allows(std::string_view resource) const;
};

// The largest values the command line accepts. A rotation from the command line keeps retired keys for the
// longest grace these allow (TokenService::retired_key_grace), whatever the running instances chose.
inline constexpr std::chrono::seconds kMaxTokenLifetime{86'400};
inline constexpr std::chrono::milliseconds kMaxKeyReloadInterval{3'600'000};
inline constexpr std::chrono::seconds kLongestRetiredKeyGrace =
    kMaxTokenLifetime + std::chrono::duration_cast<std::chrono::seconds>(kMaxKeyReloadInterval);

struct TokenOptions {
  std::chrono::seconds lifetime{3600};
  std::chrono::milliseconds reload_interval{60'000};
  // The shorter of this and reload_interval applies. It must stay below the activation delay of rotations
  // (Rotation::activate_after), or an instance could refuse a new key's first tokens for up to this long.
  std::chrono::milliseconds unknown_key_reload_gap{1'000};
  const Clock* clock = &system_clock();  // must outlive the service
};

class TokenService {
 public:
  // Loads the key ring from `store` (which must outlive the service), creating it on first use. Throws when
  // the stored ring is unreadable (load_key_ring).
  TokenService(store::Store& store, TokenOptions options);
  // One fixed key (at least 32 characters) and no store, for tests and tools: it never rotates, and tokens
  // without a kid verify with it too. Throws std::invalid_argument for a shorter key.
  TokenService(std::string signing_key, std::chrono::seconds lifetime, const Clock& clock = system_clock());

  std::chrono::seconds lifetime() const { return options_.lifetime; }
  // How long a retired key still verifies after it stopped signing: one token lifetime, plus one reload
  // interval during which an instance that has not yet seen the rotation may still sign with it.
  std::chrono::seconds retired_key_grace() const;

  // A token signed with the key that signs now. May reload the ring (a store read) first; a reload that fails
  // is logged and the keys loaded before sign. Thread-safe.
  std::string issue(const std::string& oauth_client_id, int64_t tenant_id, const std::vector<std::string>& resources,
                    const std::string& scope) const;
  // The claims of a token signed with a key of the ring, neither expired nor past its key's grace; nullopt
  // otherwise. Verified tokens are remembered per thread until then, so the signature is checked once per
  // token and thread. May reload the ring (see above) unless a StoreFreeScope is open on this thread; store
  // failures throw store::StoreError. Thread-safe.
  std::optional<Claims> verify(const std::string& token) const;

  // The kid of the key issue() signs with now (after any reload issue() would do first).
  std::string signing_kid() const;

  // While one is alive on a thread, verify() on that thread never reads the store: an unknown kid is then
  // simply invalid. For the socket-thread fast path, which promises no I/O; it declines what it cannot
  // answer and the handler thread verifies again, reloading if needed.
  class StoreFreeScope {
   public:
    StoreFreeScope();
    ~StoreFreeScope();
    StoreFreeScope(const StoreFreeScope&) = delete;
    StoreFreeScope& operator=(const StoreFreeScope&) = delete;
  };

 private:
  std::shared_ptr<const KeyRing> ring() const { return ring_.load(std::memory_order_acquire); }
  // The ring, reloaded first when reload_interval has passed and store reads are allowed. Another thread
  // already reloading is not waited for.
  std::shared_ptr<const KeyRing> fresh_ring(timeutil::Micros now) const;
  // The ring after a reload for `kid`, unless the gap since the last load has not passed, in which case
  // the ring as it is (waiting for a reload in progress, which may bring the kid).
  std::shared_ptr<const KeyRing> ring_with(const std::string& kid, timeutil::Micros now) const;
  // REQUIRES: reload_mu_ held.
  void reload(timeutil::Micros now) const;
  int64_t key_valid_until(const SigningKey& key) const;  // seconds; INT64_MAX for a key that has not retired

  store::Store* store_;  // nullptr: the fixed key, nothing to reload
  TokenOptions options_;
  const uint64_t id_;  // tells this service's remembered tokens from another's (tests run several per thread)
  mutable std::atomic<std::shared_ptr<const KeyRing>> ring_;
  mutable std::mutex reload_mu_;                      // one reload at a time
  mutable std::atomic<timeutil::Micros> loaded_at_;  // clock time of the last load, successful or not
};

}  // namespace norced::identity
