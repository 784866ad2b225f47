#include "identity/key_ring.hpp"

#include <algorithm>
#include <unordered_set>

#include "core/time.hpp"
#include "identity/secret.hpp"
#include "json/value.hpp"
#include "json/writer.hpp"

namespace norced::identity {

namespace {

constexpr size_t kMinSecretChars = 32;  // what the first single key already had as its minimum
constexpr int64_t kMicros = 1'000'000;

std::string iso(int64_t seconds) { return timeutil::format_iso8601(seconds * kMicros); }

Problem bad(const std::string& what) { return Problem::bad_request("token_signing_keys: " + what); }

// A member that must be a string; nullptr when absent or of another type.
const std::string* text_member(const json::Value& v, std::string_view name) {
  const json::Value* m = v.find(name);
  return m && m->kind() == json::Kind::String ? &m->as_string() : nullptr;
}

std::optional<int64_t> time_member(const json::Value& v, std::string_view name) {
  const std::string* text = text_member(v, name);
  if (!text) return std::nullopt;
  auto t = timeutil::parse_iso8601(*text);
  if (!t) return std::nullopt;
  return *t / kMicros;
}

Result<SigningKey> decode_key(const json::Value& v, size_t index) {
  const std::string where = "key " + std::to_string(index) + ": ";
  if (v.kind() != json::Kind::Object) return bad(where + "not an object");
  SigningKey k;
  const std::string* kid = text_member(v, "kid");
  const std::string* secret = text_member(v, "secret");
  auto created = time_member(v, "created");
  auto signs_from = time_member(v, "signs_from");
  if (!kid || kid->empty()) return bad(where + "kid missing");
  if (!secret || secret->size() < kMinSecretChars) return bad(where + "secret missing or shorter than 32 characters");
  if (!created || !signs_from) return bad(where + "created or signs_from missing or not an ISO 8601 time");
  k.kid = *kid;
  k.secret = *secret;
  k.created_at = *created;
  k.signs_from = *signs_from;
  if (v.find("retired")) {
    k.retired_at = time_member(v, "retired");
    if (!k.retired_at) return bad(where + "retired is not an ISO 8601 time");
  }
  if (const json::Value* legacy = v.find("legacy")) {
    if (legacy->kind() != json::Kind::Bool) return bad(where + "legacy is not a boolean");
    k.legacy = legacy->as_bool();
  }
  return k;
}

Status check_invariant(const KeyRing& ring) {
  if (ring.keys.empty()) return bad("no keys");
  std::unordered_set<std::string_view> kids;
  for (size_t i = 0; i < ring.keys.size(); ++i) {
    const SigningKey& k = ring.keys[i];
    if (!kids.insert(k.kid).second) return bad("kid " + k.kid + " occurs twice");
    const bool last = i + 1 == ring.keys.size();
    if (last && k.retired_at) return bad("the newest key is retired");
    if (!last && k.retired_at != ring.keys[i + 1].signs_from)
      return bad("key " + k.kid + " does not retire when its successor starts signing");
  }
  return ok_status();
}

}  // namespace

const SigningKey& KeyRing::signing_key(int64_t now) const {
  for (auto it = keys.rbegin(); it != keys.rend(); ++it)
    if (it->signs_from <= now) return *it;
  return keys.front();
}

const SigningKey* KeyRing::find(std::string_view kid) const {
  for (const SigningKey& k : keys)
    if (k.kid == kid) return &k;
  return nullptr;
}

const SigningKey* KeyRing::legacy() const {
  for (const SigningKey& k : keys)
    if (k.legacy) return &k;
  return nullptr;
}

SigningKey new_signing_key(const KeyRing& ring, int64_t now) {
  SigningKey k;
  do k.kid = random_hex(4);
  while (ring.find(k.kid));
  k.secret = random_hex(32);
  k.created_at = k.signs_from = now;
  return k;
}

KeyRing first_key_ring(int64_t now, std::optional<std::string> legacy_secret) {
  KeyRing ring;
  SigningKey k = new_signing_key(ring, now);
  if (legacy_secret) {
    k.secret = std::move(*legacy_secret);
    k.legacy = true;
  }
  ring.keys.push_back(std::move(k));
  return ring;
}

KeyRing rotated(KeyRing ring, int64_t now, int64_t activate_after, int64_t keep_retired) {
  std::erase_if(ring.keys, [&](const SigningKey& k) { return k.retired_at && *k.retired_at <= now - keep_retired; });
  SigningKey next = new_signing_key(ring, now);
  next.signs_from = now + std::max<int64_t>(activate_after, 0);
  if (!ring.keys.empty()) ring.keys.back().retired_at = next.signs_from;
  ring.keys.push_back(std::move(next));
  return ring;
}

std::string encode_key_ring(const KeyRing& ring) {
  json::Writer w;
  w.begin_object_without_id();
  w.member("version", int64_t{1});
  w.key("keys");
  w.begin_array();
  for (const SigningKey& k : ring.keys) {
    w.begin_object_without_id();
    w.member("kid", k.kid);
    w.member("secret", k.secret);
    w.member("created", iso(k.created_at));
    w.member("signs_from", iso(k.signs_from));
    if (k.retired_at) w.member("retired", iso(*k.retired_at));
    if (k.legacy) w.member_bool("legacy", true);
    w.end_object();
  }
  w.end_array();
  w.end_object();
  return w.take();
}

Result<KeyRing> decode_key_ring(std::string_view text) {
  auto doc = json::parse(text);
  if (!doc) return bad(doc.problem().detail);
  const json::Value* version = doc->find("version");
  if (!version || version->kind() != json::Kind::Number || version->number_text() != "1")
    return bad("version is not 1");
  const json::Value* keys = doc->find("keys");
  if (!keys || keys->kind() != json::Kind::Array) return bad("keys is not an array");
  KeyRing ring;
  for (const json::Value& item : keys->items()) {
    auto key = decode_key(item, ring.keys.size());
    if (!key) return key.take_problem();
    ring.keys.push_back(std::move(*key));
  }
  if (auto ok = check_invariant(ring); !ok) return ok.take_problem();
  return ring;
}

}  // namespace norced::identity
