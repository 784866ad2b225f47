#include "management/hierarchy.hpp"

namespace norced::management {

namespace {
constexpr int kMaxDepth = 10'000;  // bounds the walk even if stored data were ever cyclic
}

bool is_ancestor_or_self(RuleContext& ctx, const registry::Resource& r, std::string_view parent_member,
                         int64_t start, int64_t id) {
  const int parent_index = r.field_index(parent_member);
  int64_t at = start;
  for (int depth = 0; depth < kMaxDepth; ++depth) {
    if (at == id) return true;
    auto e = ctx.tx.get(r, ctx.client_id(), at);
    if (!e) return false;
    const auto* up = std::get_if<int64_t>(&e->cells[parent_index]);
    if (!up) return false;
    at = *up;
  }
  return false;
}

}  // namespace norced::management
