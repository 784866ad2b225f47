// `norced token rotate-key`: a new token signing key in the database, next to the running instances. They learn
// it when they reload their key ring (identity/tokens.hpp) and sign with it once its activation delay has
// passed; tokens signed with the previous key stay valid until they expire.
#include <cstdio>

#include <spdlog/spdlog.h>

#include "app/commands.hpp"
#include "core/clock.hpp"
#include "identity/key_store.hpp"

namespace norced::app {

int token_rotate_key(const TokenRotateOptions& o) {
  auto store = open_existing_store(o.store);  // a new, empty database has no servers to rotate for
  identity::Rotation rotation;  // keeps retired keys as long as any instance may need them, whatever its settings
  rotation.activate_after = o.activate_after.count();
  // Rounded up to the next whole second (ring times are seconds), so the new key signs no sooner than
  // activate_after seconds from now, however close to the end of a second this runs.
  const int64_t now = (system_clock().now() + 999'999) / 1'000'000;
  const identity::KeyRing ring = identity::rotate_signing_key(*store, now, rotation);
  const identity::SigningKey& key = ring.keys.back();
  spdlog::info("token signing key {} signs from {}; the ring holds {} key(s)", key.kid,
               timeutil::format_iso8601(key.signs_from * 1'000'000), ring.keys.size());
  std::printf("%s\n", key.kid.c_str());
  return 0;
}

}  // namespace norced::app
