// The business rules of a Management API resource, attached to its registry description. The registry is a
// pure description (it names nothing of this layer), so the rules travel in Resource::behavior and are read
// back here: a resource file writes `rules_for(r).validate = ...` while describing r, the pipeline reads
// `rules_of(r)`.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/problem.hpp"
#include "registry/model.hpp"

namespace norced::json {
class Writer;
class Value;
}  // namespace norced::json

namespace norced::management {

class RuleContext;  // management/rule_context.hpp: the store transaction, reference data and caller of a request

// What a Custom operation's handler is given besides the request's RuleContext: the path's values (the key,
// when the path names it, and the members it binds) and the body (null when the operation takes none).
struct CustomCall {
  std::optional<int64_t> id;
  std::vector<std::pair<int, registry::Cell>> scope;  // field index, value
  const json::Value* body = nullptr;
  const registry::ListParams* query = nullptr;
};

// Business rules of a resource: small named functions, run inside the store transaction.
struct Rules {
  // Before a write, after generic validation: cross-field checks, references the registry cannot express,
  // and custom members. `current` is null on insert. Report every problem found.
  // `body` is the request document (an object), for Custom members.
  std::function<void(RuleContext&, const json::Value& body, registry::Entity& next, const registry::Entity* current,
                     std::vector<FieldError>& errors)>
      validate;
  // After validation, on insert, update and delete (`next` then has IsActive false): refuse a change that
  // would leave other data without what it uses (409 naming the member and the user).
  std::function<Status(RuleContext&, const registry::Entity& next, const registry::Entity* current)> guard;
  // After the row is written, in the same transaction: keep related rows consistent (one primary per
  // application, a client link for an application link). Writes through ctx.writer(), which logs them.
  std::function<void(RuleContext&, const registry::Entity& next, const registry::Entity* current)> saved;
  // After loading entities for a response: fill Derived cells and computed texts.
  std::function<void(RuleContext&, std::vector<registry::Entity>&)> derive;
  // Write a Custom member's value, or a Derived array's.
  std::function<void(RuleContext&, const registry::Field&, const registry::Entity&, json::Writer&)> render_custom;
  // A list's filter from its query parameters (besides soft delete); may reject parameters.
  std::function<Result<registry::ListQuery>(RuleContext&, const registry::ListParams&)> list_query;
  // For resources without a table of their own (views of reference data): the items a list shows.
  std::function<std::vector<registry::Entity>(RuleContext&)> list_provider;
  // The handlers of the resource's Custom operations, by verb. A handler runs in the request's transaction
  // (a write transaction when the method writes, through ctx.writer(), committed when it succeeds) and answers
  // the response's JSON text, or a problem. Every Custom operation must have one (checked at start-up).
  std::map<std::string, std::function<Result<std::string>(RuleContext&, const CustomCall&)>, std::less<>> custom;
};

// The rules of a description; empty rules when it has none.
const Rules& rules_of(const registry::Resource& r);
// The rules of a description being built, created on first use.
Rules& rules_for(registry::Resource& r);

}  // namespace norced::management
