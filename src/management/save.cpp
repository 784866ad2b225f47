#include "management/save.hpp"

#include "management/input.hpp"
#include "management/rules.hpp"

namespace norced::management {

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
