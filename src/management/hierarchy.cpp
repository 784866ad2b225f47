#include "management/hierarchy.hpp"

namespace norced::management {

namespace {
constexpr int kMaxDepth = 10'000;  // bounds the walk even if stored data were ever cyclic
}

bool is_ancestor_or_self(RuleContext& ctx, const registry::Resource& r, std::string_view parent_member,
                         int64_t start, int64_t id) {
  if (start == id) return true;
  for (const auto& e : ctx.tx.ancestors(r, parent_member, start, kMaxDepth))
    if (e.id == id) return true;
  return false;
}

}  // namespace norced::management
