#include "management/hierarchy.hpp"

#include <algorithm>
#include <vector>

namespace norced::management {

namespace {
constexpr int kMaxDepth = 10'000;  // bounds the walk even if stored data were ever cyclic
}

bool is_ancestor_or_self(RuleContext& ctx, const registry::Resource& r, std::string_view parent_member,
                         int64_t start, int64_t id) {
  if (start == id) return true;
  const auto above = ctx.tx.ancestor_ids(r, parent_member, start, kMaxDepth);
  return std::find(above.begin(), above.end(), id) != above.end();
}

namespace {
// Children are looked up a bounded number of parents at a time: SQLite limits the depth of an expression
// tree (1,000), and a flat OR of n comparisons is n deep.
constexpr size_t kParentsPerQuery = 100;
}  // namespace

std::optional<std::string> check_depth(RuleContext& ctx, const registry::Resource& r, std::string_view parent_member,
                                       int64_t parent, int64_t id) {
  const int max = ctx.max_hierarchy_depth;
  const int above = static_cast<int>(ctx.tx.ancestor_ids(r, parent_member, parent, max + 1).size());
  int depth = above + 1;
  // Levels below `id`, walked one level at a time and only as far as the bound needs.
  std::vector<int64_t> frontier;
  if (id != 0) frontier.push_back(id);
  while (!frontier.empty() && depth <= max) {
    std::vector<int64_t> children;
    for (size_t from = 0; from < frontier.size(); from += kParentsPerQuery) {
      std::vector<registry::Expr> any;
      for (size_t i = from; i < std::min(frontier.size(), from + kParentsPerQuery); ++i)
        any.push_back(registry::Expr::cmp(registry::Expr::Op::Eq, parent_member, frontier[i]));
      registry::ListQuery q;
      q.where = registry::Expr::any_of(std::move(any));
      for (const auto& child : ctx.tx.list(r, q)) children.push_back(child.id);
    }
    if (children.empty()) break;
    ++depth;
    frontier = std::move(children);
  }
  if (depth <= max) return std::nullopt;
  return "That would make a chain of more than " + std::to_string(max) + " levels of " + std::string(r.name) +
         " (the server's --max-hierarchy-depth).";
}

}  // namespace norced::management
