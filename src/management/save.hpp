// The one way a row is written, for every writer: the Management API today, configuration import and the
// Connect workers next. Inside the writer's transaction (ctx.writer()) it checks references (400) and unique
// keys (409), runs the resource's guard (409), writes the row — the store appends its change-log entry — and
// runs the resource's `saved` rule for related rows. Nothing is written unless every check passed; the caller
// commits or drops the transaction.
#pragma once

#include "core/problem.hpp"
#include "management/rule_context.hpp"
#include "registry/model.hpp"

namespace norced::management {

enum class SaveKind { Insert, Update, Remove };

// `next` is the decoded and validated entity (management/input.hpp); `current` the stored one (null on
// insert). Remove deletes a row of a resource without soft delete; a soft delete is an Update with IsActive
// false. A row that another row of the client references (a member whose Field::references names its resource,
// in any resource of the catalog) is in use and is not removed: 409 naming Id and its users. Returns the entity
// as written (with its id after an insert).
Result<registry::Entity> save(RuleContext& ctx, const registry::Resource& r, registry::Entity next,
                              const registry::Entity* current, SaveKind kind);

}  // namespace norced::management
