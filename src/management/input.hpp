// Turning a write request's body into the entity it asks for, with every generic check the description
// implies. PUT replaces the model: a missing scalar member takes its default (null, 0, false), except
// IsActive, which stays true unless the client says false (an omitted member must not soft-delete).
// Decoding comes before the rules: when any member fails its shape check, every such error is reported and no
// rule runs, so rules only ever see cells of their declared type.
#pragma once

#include <vector>

#include "core/problem.hpp"
#include "json/value.hpp"
#include "management/rule_context.hpp"
#include "registry/model.hpp"

namespace norced::management {

struct WriteRequest {
  const registry::Resource& resource;
  const json::Value& body;          // an object
  const registry::Entity* current;  // null on insert
  int64_t path_id = 0;              // on update
  std::string changed_by;
  // Members the path binds (a link's Id or CultureCode, a parent's id), by field index: a body that leaves one
  // out (or gives 0, "not given") takes the path's value before the rules run.
  std::vector<std::pair<int, registry::Cell>> bound;
};

// The entity to store, or the 400 listing every member that is wrong.
Result<registry::Entity> build_entity(RuleContext& ctx, const WriteRequest& req);

// Tells the store which reads the checks of `next` are about to make (the references, the unique keys and,
// for a tree, the walk up from the new parent), so that it can answer them together (store.hpp, prefetch).
void announce_checks(RuleContext& ctx, const registry::Resource& r, const registry::Entity& next);

// Members naming another resource must name one of the client's (400), unique members must be free (409).
Status check_references_and_uniques(RuleContext& ctx, const registry::Resource& r, const registry::Entity& next);

}  // namespace norced::management
