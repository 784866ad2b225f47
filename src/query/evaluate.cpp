#include "query/evaluate.hpp"

#include <algorithm>

#include "store/fold_case.hpp"

namespace norced::query {

using registry::Cell;
using registry::Entity;
using registry::Expr;
using registry::Resource;

namespace {

// The member's value in `row`: the row id for kRowId and the Id member (as the store's "id" column), else its cell.
Cell value_of(const Resource& r, std::string_view member, const Entity& row) {
  if (member == registry::kRowId) return row.id;
  const int i = r.field_index(member);
  if (i < 0) return Cell{};
  if (r.fields[static_cast<size_t>(i)].role == registry::Role::Id) return row.id;
  return row.cells.at(static_cast<size_t>(i));
}

// -1, 0, 1 for two non-null cells; nullopt when they cannot be compared (the SQL would not match either).
// An integer against a decimal compares as numbers, as both engines do.
std::optional<int> compare(const Cell& a, const Cell& b) {
  auto sign = [](auto x, auto y) { return x < y ? -1 : (y < x ? 1 : 0); };
  if (a.index() == b.index()) {
    return std::visit(
        [&](const auto& x) -> std::optional<int> {
          using T = std::decay_t<decltype(x)>;
          const T& y = std::get<T>(b);
          if constexpr (std::is_same_v<T, std::monostate>) return std::nullopt;
          else if constexpr (std::is_same_v<T, Decimal>) return x.compare(y) < 0 ? -1 : (x.compare(y) > 0 ? 1 : 0);
          else if constexpr (std::is_same_v<T, registry::Instant>) return sign(x.micros, y.micros);
          else return sign(x, y);  // int64, bool (false < true), string (bytewise: the C collation)
        },
        a);
  }
  auto as_decimal = [](const Cell& c) -> std::optional<Decimal> {
    if (const auto* d = std::get_if<Decimal>(&c)) return *d;
    if (const auto* i = std::get_if<int64_t>(&c)) return Decimal::parse(std::to_string(*i));
    return std::nullopt;
  };
  auto x = as_decimal(a), y = as_decimal(b);
  if (!x || !y) return std::nullopt;
  const int c = x->compare(*y);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

// The member as the comparison reads it: its case-folded text under tolower(), else the value itself.
Cell operand(const Resource& r, const Expr& e, const Entity& row) {
  Cell v = value_of(r, e.fields.at(0), row);
  if (e.fold_field)
    if (const auto* s = std::get_if<std::string>(&v)) return store::fold_case(*s);
  return v;
}

bool string_test(Expr::Op op, const std::string& haystack, const std::string& needle) {
  switch (op) {
    case Expr::Op::Contains: return haystack.find(needle) != std::string::npos;
    case Expr::Op::StartsWith: return haystack.starts_with(needle);
    default: return haystack.ends_with(needle);  // EndsWith
  }
}

}  // namespace

bool matches(const Resource& r, const Expr& e, const Entity& row) {
  switch (e.op) {
    case Expr::Op::True:
      return true;
    case Expr::Op::And:
      return std::all_of(e.args.begin(), e.args.end(), [&](const Expr& a) { return matches(r, a, row); });
    case Expr::Op::Or:
      return std::any_of(e.args.begin(), e.args.end(), [&](const Expr& a) { return matches(r, a, row); });
    case Expr::Op::Not:
      // SQL's NOT COALESCE(x, FALSE): every unknown below already counts as false here (And and Or are
      // monotone, and each Not coalesces), so two-valued negation gives the same rows.
      return !matches(r, e.args.at(0), row);
    case Expr::Op::IsNull:
      return registry::is_null(value_of(r, e.fields.at(0), row));
    case Expr::Op::NotNull:
      return !registry::is_null(value_of(r, e.fields.at(0), row));
    case Expr::Op::ContainsFolded: {
      const auto* needle = std::get_if<std::string>(&e.value);
      if (!needle) return false;
      const std::string folded = store::fold_case(*needle);
      for (auto f : e.fields) {
        const Cell v = value_of(r, f, row);
        if (const auto* s = std::get_if<std::string>(&v); s && store::fold_case(*s).find(folded) != std::string::npos)
          return true;
      }
      return false;
    }
    case Expr::Op::Contains:
    case Expr::Op::StartsWith:
    case Expr::Op::EndsWith: {
      const Cell v = operand(r, e, row);
      const auto* s = std::get_if<std::string>(&v);
      const auto* needle = std::get_if<std::string>(&e.value);
      return s && needle && string_test(e.op, *s, *needle);
    }
    case Expr::Op::Eq:
    case Expr::Op::Lt:
    case Expr::Op::Le:
    case Expr::Op::Gt:
    case Expr::Op::Ge:
    case Expr::Op::Ne: {
      const Cell v = operand(r, e, row);
      if (e.op == Expr::Op::Ne && registry::is_null(v)) return true;  // a null member is not equal to any value
      const auto c = compare(v, e.value);
      if (!c) return false;
      switch (e.op) {
        case Expr::Op::Eq: return *c == 0;
        case Expr::Op::Ne: return *c != 0;
        case Expr::Op::Lt: return *c < 0;
        case Expr::Op::Le: return *c <= 0;
        case Expr::Op::Gt: return *c > 0;
        default: return *c >= 0;  // Ge
      }
    }
  }
  return false;
}

std::vector<Entity> evaluate(const Resource& r, const registry::ListQuery& q, std::vector<Entity> rows) {
  std::erase_if(rows, [&](const Entity& e) { return !matches(r, q.where, e); });
  // Nulls before every value: first ascending, last descending; then the row id.
  auto before = [&](const Entity& a, const Entity& b) {
    for (const auto& k : q.order) {
      const Cell x = value_of(r, k.field, a), y = value_of(r, k.field, b);
      int c = 0;
      if (registry::is_null(x) || registry::is_null(y)) c = registry::is_null(x) == registry::is_null(y) ? 0 : (registry::is_null(x) ? -1 : 1);
      else c = compare(x, y).value_or(0);
      if (c != 0) return k.descending ? c > 0 : c < 0;
    }
    return a.id < b.id;
  };
  std::stable_sort(rows.begin(), rows.end(), before);
  const auto offset = static_cast<size_t>(std::max<int64_t>(q.offset, 0));
  rows.erase(rows.begin(), rows.begin() + static_cast<std::ptrdiff_t>(std::min(offset, rows.size())));
  if (q.limit && static_cast<size_t>(std::max<int64_t>(*q.limit, 0)) < rows.size())
    rows.resize(static_cast<size_t>(std::max<int64_t>(*q.limit, 0)));
  return rows;
}

int64_t count_matching(const Resource& r, const Expr& where, const std::vector<Entity>& rows) {
  return std::count_if(rows.begin(), rows.end(), [&](const Entity& e) { return matches(r, where, e); });
}

}  // namespace norced::query
