#include "management/save.hpp"

#include "management/input.hpp"
#include "management/rules.hpp"

namespace norced::management {

namespace {

// Rule of every resource: a row in use cannot be removed, or its users would name nothing. "In use" is read from
// the descriptions: any stored member of any resource that references this one and holds this id (at most a few
// users are named). A soft delete (IsActive false) is not a removal and is not refused here.
Status not_in_use(RuleContext& ctx, const registry::Resource& r, int64_t id) {
  for (const registry::Resource* other : ctx.catalog.all()) {
    if (other->table.empty()) continue;
    for (const auto& f : other->fields) {
      if (f.role != registry::Role::Stored || f.references != r.name) continue;
      registry::ListQuery q;
      q.where = registry::Expr::cmp(registry::Expr::Op::Eq, f.name, id);
      q.limit = 10;
      std::string users;
      for (const auto& u : ctx.writer()->list(*other, q))
        if (other != &r || u.id != id) users += (users.empty() ? "" : ", ") + std::to_string(u.id);
      if (!users.empty())
        return Problem::conflict("Id", std::string(r.name) + " " + std::to_string(id) + " is used by " +
                                           std::string(other->name) + " " + users + " (" + std::string(f.name) +
                                           "); it cannot be removed.");
    }
  }
  return ok_status();
}

}  // namespace

Result<registry::Entity> save(RuleContext& ctx, const registry::Resource& r, registry::Entity next,
                              const registry::Entity* current, SaveKind kind) {
  store::WriteTx& tx = *ctx.writer();
  const Rules& rules = rules_of(r);
  if (kind != SaveKind::Remove) {
    if (auto s = check_references_and_uniques(ctx, r, next); !s) return s.take_problem();
  }
  if (rules.guard) {
    if (auto s = rules.guard(ctx, next, current); !s) return s.take_problem();
  }
  if (kind == SaveKind::Remove) {
    if (auto s = not_in_use(ctx, r, current->id); !s) return s.take_problem();
  }
  switch (kind) {
    case SaveKind::Remove:
      tx.remove(r, current->id);
      return next;  // a removed row has no related rows to keep
    case SaveKind::Update:
      tx.update(r, next);
      break;
    case SaveKind::Insert:
      next.id = tx.insert(r, next);
      break;
  }
  if (rules.saved) rules.saved(ctx, next, current);
  return next;
}

}  // namespace norced::management
