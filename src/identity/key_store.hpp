// The key ring in the database, as the setting "token_signing_keys" (identity/key_ring.hpp gives its JSON), so
// every store backend keeps it unchanged and every instance on one database signs and verifies with the same
// keys. Both calls re-read the ring inside their write transaction, so processes that run them at once create
// one ring and lose no rotation, as long as the store runs system write transactions one at a time (SQLite's
// single writer does; docs/decisions.md, "Token signing keys").
#pragma once

#include <cstdint>
#include <stdexcept>

#include "identity/key_ring.hpp"
#include "store/store.hpp"

namespace norced::identity {

inline constexpr std::string_view kKeyRingSetting = "token_signing_keys";
// The single key of earlier versions: migrated into the ring as its first (legacy) key and then left as it is,
// so an instance of an earlier version on the same database keeps verifying until the first rotation.
inline constexpr std::string_view kLegacyKeySetting = "token_signing_key";

// The stored ring does not decode (edited by hand, or written by a newer version).
struct KeyRingError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The stored ring, or nullopt when there is none yet. Throws KeyRingError when it does not decode.
std::optional<KeyRing> read_key_ring(store::Store& store);

// The stored ring; on first use it is created (from the legacy key when there is one). Throws KeyRingError
// when the stored ring does not decode: an operator must look, since a new key would invalidate every token
// issued so far. Store failures throw store::StoreError as every store call does.
KeyRing load_key_ring(store::Store& store, int64_t now);

struct Rotation {
  int64_t activate_after = 10;  // seconds between publishing the new key and signing with it
  // Seconds a retired key is kept after it stopped signing. The default is the longest grace an instance may
  // give (kLongestRetiredKeyGrace, identity/tokens.hpp): dropping a key sooner could cut tokens short.
  int64_t keep_retired = 90'000;
};
// Rotates the stored ring at `now` (see rotated()) in one write transaction and returns the new ring, whose
// last key is the new one.
KeyRing rotate_signing_key(store::Store& store, int64_t now, const Rotation& rotation);

}  // namespace norced::identity
