#include "identity/key_store.hpp"

#include <stdexcept>

namespace norced::identity {

namespace {

std::optional<KeyRing> stored_ring(store::SystemReadTx& tx) {
  auto text = tx.setting(kKeyRingSetting);
  if (!text) return std::nullopt;
  auto ring = decode_key_ring(*text);
  if (!ring) throw KeyRingError("the stored token signing keys are unreadable: " + ring.problem().detail);
  return std::move(*ring);
}

}  // namespace

std::optional<KeyRing> read_key_ring(store::Store& store) {
  auto tx = store.system();
  return stored_ring(*tx);
}

KeyRing load_key_ring(store::Store& store, int64_t now) {
  if (auto ring = read_key_ring(store)) return std::move(*ring);
  auto tx = store.system_write();
  if (auto ring = stored_ring(*tx)) return std::move(*ring);  // another process created it meanwhile
  KeyRing ring = first_key_ring(now, tx->setting(kLegacyKeySetting));
  tx->put_setting(kKeyRingSetting, encode_key_ring(ring));
  tx->commit();
  return ring;
}

KeyRing rotate_signing_key(store::Store& store, int64_t now, const Rotation& rotation) {
  load_key_ring(store, now);  // a database that has none yet gets its first (or migrated) key to retire
  auto tx = store.system_write();
  auto current = stored_ring(*tx);
  if (!current) throw std::logic_error("token signing keys vanished during a rotation");
  KeyRing ring = rotated(std::move(*current), now, rotation.activate_after, rotation.keep_retired);
  tx->put_setting(kKeyRingSetting, encode_key_ring(ring));
  tx->commit();
  return ring;
}

}  // namespace norced::identity
