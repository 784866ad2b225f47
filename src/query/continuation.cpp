#include "query/continuation.hpp"

#include "core/decimal.hpp"
#include "json/value.hpp"
#include "json/writer.hpp"
#include "query/error.hpp"

namespace norced::query {

using registry::Cell;
using registry::Expr;
using registry::OrderKey;
using registry::Resource;
using registry::Role;
using registry::Type;

namespace {

constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

// Whether the key is the row id: kRowId, or the Id member of a resource whose Id is its row id.
bool is_id(const Resource& r, std::string_view field) {
  if (field == registry::kRowId) return true;
  const registry::Field* f = r.field(field);
  return f && f->role == Role::Id;
}

const Cell& cell_of(const Resource& r, const registry::Entity& e, std::string_view field, Cell& id_holder) {
  if (is_id(r, field)) {
    id_holder = e.id;
    return id_holder;
  }
  return e.cells[r.field_index(field)];
}

Problem bad_token() {
  return bad_request("InvalidSkipToken", "The $skiptoken is not one this server wrote for this query.", "$skiptoken");
}

}  // namespace

std::string base64url_encode(std::string_view bytes) {
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char c : bytes) {
    buffer = (buffer << 8) | c;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += kAlphabet[(buffer >> bits) & 63];
    }
  }
  if (bits > 0) out += kAlphabet[(buffer << (6 - bits)) & 63];
  return out;
}

std::optional<std::string> base64url_decode(std::string_view text) {
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    const size_t v = kAlphabet.find(c);
    if (v == std::string_view::npos) return std::nullopt;
    buffer = (buffer << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  return out;
}

std::vector<OrderKey> total_order(const Resource& r, std::vector<OrderKey> order) {
  for (const auto& k : order)
    if (is_id(r, k.field)) return order;
  order.push_back({registry::kRowId, false});
  return order;
}

std::string encode_skiptoken(const Resource& r, const std::vector<OrderKey>& keys, const registry::Entity& last) {
  json::Writer w;
  w.begin_array();
  for (const auto& k : keys) {
    Cell id;
    const Cell& c = cell_of(r, last, k.field, id);
    std::visit(
        [&](const auto& x) {
          using T = std::decay_t<decltype(x)>;
          if constexpr (std::is_same_v<T, std::monostate>) w.null();
          else if constexpr (std::is_same_v<T, int64_t>) w.integer(x);
          else if constexpr (std::is_same_v<T, bool>) w.boolean(x);
          else if constexpr (std::is_same_v<T, std::string>) w.string(x);
          else if constexpr (std::is_same_v<T, Decimal>) w.string(x.to_string());
          else w.integer(x.micros);
        },
        c);
  }
  w.end_array();
  return base64url_encode(w.take());
}

Result<std::vector<Cell>> decode_skiptoken(std::string_view token, const Resource& r, const std::vector<OrderKey>& keys) {
  auto text = base64url_decode(token);
  if (!text) return bad_token();
  auto doc = json::parse(*text);
  if (!doc || doc->kind() != json::Kind::Array || doc->items().size() != keys.size()) return bad_token();
  std::vector<Cell> values;
  for (size_t i = 0; i < keys.size(); ++i) {
    const json::Value& v = doc->items()[i];
    if (v.is_null()) {
      if (is_id(r, keys[i].field)) return bad_token();
      values.emplace_back();
      continue;
    }
    const Type type = is_id(r, keys[i].field) ? Type::Int : r.field(keys[i].field)->type;
    auto integer = [&]() -> std::optional<int64_t> {
      if (v.kind() != json::Kind::Number) return std::nullopt;
      try {
        size_t used = 0;
        int64_t n = std::stoll(v.number_text(), &used);
        if (used != v.number_text().size()) return std::nullopt;
        return n;
      } catch (const std::exception&) {
        return std::nullopt;
      }
    };
    if (type == Type::Int || type == Type::DateTime) {
      auto n = integer();
      if (!n) return bad_token();
      // Years 1 to 9999, as every instant the store holds: a forged one beyond would fail in the database.
      constexpr int64_t kFirst = -62'135'596'800'000'000, kLast = 253'402'300'799'999'999;
      if (type == Type::DateTime && (*n < kFirst || *n > kLast)) return bad_token();
      values.push_back(type == Type::Int ? Cell{*n} : Cell{registry::Instant{*n}});
    } else if (type == Type::Bool) {
      if (v.kind() != json::Kind::Bool) return bad_token();
      values.emplace_back(v.as_bool());
    } else if (type == Type::Decimal) {
      auto d = v.kind() == json::Kind::String ? Decimal::parse(v.as_string()) : std::nullopt;
      if (!d) return bad_token();
      values.emplace_back(*d);
    } else {
      if (v.kind() != json::Kind::String) return bad_token();
      values.emplace_back(v.as_string());
    }
  }
  return values;
}

Expr after(const Resource& r, const std::vector<OrderKey>& keys, const std::vector<Cell>& values) {
  // Rows after (v1, v2, ...): k1 beyond v1, or k1 = v1 and k2 beyond v2, and so on. Null sorts before every
  // value, so ascending "beyond null" is any value and descending "beyond null" is nothing.
  (void)r;
  std::vector<Expr> any;
  std::vector<Expr> equal_so_far;
  for (size_t i = 0; i < keys.size(); ++i) {
    const OrderKey& k = keys[i];
    const Cell& v = values[i];
    Expr beyond;
    if (registry::is_null(v)) beyond = k.descending ? Expr::any_of({}) : Expr::null_check(false, k.field);
    else if (!k.descending) beyond = Expr::cmp(Expr::Op::Gt, k.field, v);
    else beyond = Expr::any_of({Expr::cmp(Expr::Op::Lt, k.field, v), Expr::null_check(true, k.field)});
    std::vector<Expr> branch = equal_so_far;
    branch.push_back(std::move(beyond));
    any.push_back(Expr::all_of(std::move(branch)));
    equal_so_far.push_back(registry::is_null(v) ? Expr::null_check(true, k.field) : Expr::cmp(Expr::Op::Eq, k.field, v));
  }
  return Expr::any_of(std::move(any));
}

}  // namespace norced::query
