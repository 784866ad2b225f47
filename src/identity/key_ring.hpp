// The token signing keys: a small ring of HMAC keys, each named by a key id ("kid") that tokens carry in
// their JWT header. One key signs at a time; keys that signed before keep verifying for a grace period, so a
// rotation never cuts a token short. This file is the ring as a value (choosing keys, rotating, the JSON it is
// stored as); identity/key_store.hpp keeps it in the database. Times are seconds since the epoch, as in JWTs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/problem.hpp"

namespace norced::identity {

struct SigningKey {
  std::string kid;     // 8 random hex characters, unique within the ring
  std::string secret;  // the HMAC key, used as this text: 64 hex characters (32 random bytes)
  int64_t created_at = 0;
  // The first second it signs. A rotation publishes the new key some seconds before it signs, so every
  // instance can learn it (a reload for an unknown kid) before it meets a token signed with it.
  int64_t signs_from = 0;
  // The first second it no longer signs (its successor's signs_from); nullopt for the newest key.
  std::optional<int64_t> retired_at;
  // Migrated from the single key of earlier versions, whose tokens carry no kid: it alone verifies those.
  bool legacy = false;
};

// Invariant (decode_key_ring and rotated keep it): at least one key, in the order they were created; every key
// but the last is retired at its successor's signs_from, the last is not retired; kids are unique.
struct KeyRing {
  std::vector<SigningKey> keys;

  // The key that signs at `now`: the newest one whose signs_from has come (the oldest if none has, which
  // only a clock behind the rotating host's can cause). Newest by creation, so a rotation with a shorter
  // activation overtakes a key still waiting to sign.
  const SigningKey& signing_key(int64_t now) const;
  const SigningKey* find(std::string_view kid) const;  // nullptr when unknown
  const SigningKey* legacy() const;                    // the migrated key, if still in the ring
};

// A new key (random kid not in `ring`, random secret) created at `now`.
SigningKey new_signing_key(const KeyRing& ring, int64_t now);

// A ring of one key that signs from `now`: the first key of an installation, or (legacy_secret) the single key
// of an earlier version, kept so that its tokens stay valid.
KeyRing first_key_ring(int64_t now, std::optional<std::string> legacy_secret = std::nullopt);

// The ring after a rotation at `now`: a new key that signs from now + activate_after; the newest key so far
// retires then; keys retired at or before now - keep_retired are dropped (they verify nothing any more).
// The new key is the last one of the result.
KeyRing rotated(KeyRing ring, int64_t now, int64_t activate_after, int64_t keep_retired);

// The stored form: {"version":1,"keys":[{"kid","secret","created","signs_from","retired"?,"legacy"?}]}, times
// as ISO 8601 UTC text, so an operator reading the settings table sees dates.
std::string encode_key_ring(const KeyRing& ring);
// A 400 Problem saying what is wrong when `text` is not a ring in that form or breaks the invariant.
Result<KeyRing> decode_key_ring(std::string_view text);

}  // namespace norced::identity
