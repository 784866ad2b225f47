#include "management/resources/links.hpp"

namespace norced::management::links {

using registry::Entity;
using registry::Expr;
using registry::Resource;

Flags::Flags(const Resource& r) : primary(r, "IsPrimary") {
  if (r.field("IsActive")) active.emplace(r, "IsActive");
}

void primary_is_active(const Flags& f, const Entity& next, const Entity* current, std::vector<FieldError>& errors) {
  if (current && f.is_primary(*current)) return;
  if (f.is_primary(next) && !f.is_active(next))
    errors.push_back({"IsPrimary", "A primary item must be active; set IsActive to true or IsPrimary to false."});
}

Status primary_stays(const Flags& f, const Entity& next, const Entity* current, const std::string& what) {
  if (!current || !f.is_primary(*current) || !f.active || f.is_active(next)) return ok_status();
  return Problem::conflict("IsActive", what + " is the primary one and cannot be removed; make another one primary first.");
}

void keep_one_primary(RuleContext& ctx, const Resource& r, const Flags& f, const Entity& next) {
  if (!f.is_primary(next)) return;
  std::vector<Expr> where{Expr::cmp(Expr::Op::Eq, "IsPrimary", true)};
  for (int s : r.scope_fields()) where.push_back(Expr::cmp(Expr::Op::Eq, r.fields[s].name, next.cells[s]));
  registry::ListQuery q;
  q.where = Expr::all_of(std::move(where));
  std::vector<Entity> others;
  for (auto& e : ctx.writer()->list(r, q)) {
    if (e.id == next.id) continue;
    f.primary.set(e, false);
    if (int c = r.field_index("Changed"); c >= 0) e.cells[c] = registry::Instant{ctx.now};
    if (int c = r.field_index("ChangedBy"); c >= 0) e.cells[c] = next.cells[c];
    others.push_back(std::move(e));
  }
  ctx.writer()->update_many(r, others);
}

std::string describe_id(std::string_view kind, int64_t id) { return std::string(kind) + " " + std::to_string(id); }

}  // namespace norced::management::links
