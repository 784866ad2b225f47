// Rules shared by the Settings links (an application's cultures, currencies, sales areas and countries; the
// client's sales areas): at most one primary row, a primary that stays active, and the id of the system-wide
// thing a link names.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "management/rule_context.hpp"
#include "registry/field_ref.hpp"

namespace norced::management::links {

// The IsPrimary / IsActive pair of a link resource.
struct Flags {
  explicit Flags(const registry::Resource& r);
  registry::FieldRef<bool> primary;
  std::optional<registry::FieldRef<bool>> active;  // absent on client links without IsActive
  bool is_primary(const registry::Entity& e) const { return primary.get(e).value_or(false); }
  bool is_active(const registry::Entity& e) const { return !active || active->get(e).value_or(false); }
};

// Rule: a row made primary is an active one (400 naming IsPrimary). Deactivating the row that already is the
// primary one is primary_stays' business (409).
void primary_is_active(const Flags& f, const registry::Entity& next, const registry::Entity* current,
                       std::vector<FieldError>& errors);

// Rule: the primary row cannot be deactivated or deleted; another row must be made primary first (409 naming
// IsActive, and what it is the primary of).
Status primary_stays(const Flags& f, const registry::Entity& next, const registry::Entity* current,
                     const std::string& what);

// Rule: making a row primary makes every other row of the same scope (the application, or the client) not
// primary. Runs after the write, in the same transaction; each changed row is logged.
void keep_one_primary(RuleContext& ctx, const registry::Resource& r, const Flags& f, const registry::Entity& next);

// "en-US", "SEK"...: the message part naming what a system id is, for errors.
std::string describe_id(std::string_view kind, int64_t id);

}  // namespace norced::management::links
