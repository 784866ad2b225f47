// What the imports share: reading an item's key members, finding rows by code, turning the members a header
// lists into a patch of typed cells, and writing a row through management::save only when the patch changes
// it (counted in the chunk's outcome). An import decodes every member of an item into patches first, so an
// item with a bad value fails before any of it is written.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "connect/import.hpp"
#include "core/problem.hpp"
#include "json/value.hpp"
#include "registry/model.hpp"

namespace norced::connect::imports {

// The text of a required key member (PartNo, Code): nullopt when it is absent, null, not a string or empty.
std::optional<std::string> key_text(const json::Value& item, std::string_view member);

// The id of each code among `codes` that a row of `r` holds in its unique member `member` (letter case
// ignored, within `scope` as store::EntityReader::find_unique_many takes it), keyed by the code as given.
// Asks in batches, so a payload's worth of codes is a few statements.
std::unordered_map<std::string, int64_t> ids_by_code(store::EntityReader& tx, const registry::Resource& r,
                                                     std::string_view member, const std::vector<std::string>& codes,
                                                     const std::vector<registry::Cell>& scope = {});

// One key of a unique member to look up ahead: the value as given and its scope.
struct UniqueKey {
  std::string value;
  std::vector<registry::Cell> scope;
};

// Asks at once who holds each of `keys` of `r`'s unique member `member` (store::EntityReader::prefetch: one
// round trip on PostgreSQL for the lot), so that the chunk's lookups and the checks before its writes find the
// answers in the transaction instead of asking one by one.
void prefetch_unique(store::EntityReader& tx, const registry::Resource& r, std::string_view member,
                     const std::vector<UniqueKey>& keys);

// The rows of `r` whose Int member `field` holds one of `ids` (and that match `also`), a bounded batch of ids
// per statement: what a chunk's items may update, read in a few statements instead of one per item.
std::vector<registry::Entity> rows_where_in(store::EntityReader& tx, const registry::Resource& r,
                                            std::string_view field, const std::vector<int64_t>& ids,
                                            const registry::Expr& also = {});

// Cells to set in a row, by field index.
struct Patch {
  std::vector<std::pair<size_t, registry::Cell>> cells;
  void set(const registry::Resource& r, std::string_view field, registry::Cell value);
  // Sets the cells in `e`; true when any of them differs from what `e` held.
  bool apply_to(registry::Entity& e) const;
  bool empty() const { return cells.empty(); }
  bool has(const registry::Resource& r, std::string_view field) const;
};

// One member of a *FieldsThatAreSet list: the enum value, the item's JSON member and the resource's field.
struct ListedMember {
  int value;
  std::string_view json;
  std::string_view field;
  bool price = false;  // a price: null or 0 never overwrites it (platform.md §1.4)
};

// Decodes into `patch` each member of `map` whose value `listed` holds, read from `item` and checked against
// the field's description (type, length, allowed values). What a value means:
//  - absent or null: a nullable field becomes null; a field that cannot be null keeps its value;
//  - 0 for a field with allowed values that exclude 0 (an enum the .NET client left unset): kept;
//  - a price (ListedMember::price) that is null or 0: kept.
// An unlisted member is ignored whatever it holds. Returns "<member>: <why>" for the first bad value.
std::optional<std::string> decode_listed(const registry::Resource& r, const json::Value& item,
                                         const std::vector<int>& listed, std::span<const ListedMember> map,
                                         Patch& patch);

// Decodes one member against `field` of `r`; the message when the value does not fit. Null gives a null cell.
std::optional<std::string> decode_member(const registry::Resource& r, std::string_view field, const json::Value& v,
                                         registry::Cell& out);

// Why the text `value` does not fit `field` of `r` (too long, a character no engine stores), if it does not:
// for the codes an import creates rows with, checked before any of the item is written.
std::optional<std::string> check_text(const registry::Resource& r, std::string_view field, const std::string& value);

// A row of `r` not yet stored: every cell its default (null, or 0 / false / the flag's default / "").
registry::Entity new_entity(const registry::Resource& r);

// The name written as ChangedBy for the job's rows: the transaction's author (the job's account), as the change
// log records it.
std::string changed_by(const ImportContext& ctx);

// Writes `next` (a new row when `current` is null) through management::save after the resource's validate
// rule, stamping Changed and ChangedBy, and counts the insert or update. Returns the row as written, or the
// problem that kept it from being written.
Result<registry::Entity> write_row(ImportContext& ctx, const registry::Resource& r, registry::Entity next,
                                   const registry::Entity* current);

// `current` (or a new row when there is none, `init` filling its key cells) with `patch` applied, written only
// when that changes it: nothing is written (no update, no change-log entry) when the row already holds the
// patch. Returns the row, written or not.
Result<registry::Entity> upsert(ImportContext& ctx, const registry::Resource& r,
                                const std::optional<registry::Entity>& current, const Patch& init,
                                const Patch& patch);

// A full feed's step over `rows`, active rows of `r`: counts them, and those `sent` says the feed left out; with
// `apply`, deactivates those (IsActive false, counted as updates), logging one that could not be written
// ("<row_name> <id> was not deactivated: ...").
void deactivate_unsent(ImportContext& ctx, const registry::Resource& r, const std::vector<registry::Entity>& rows,
                       const std::function<bool(const registry::Entity&)>& sent, bool apply, FullFileScope& scope,
                       std::string_view row_name);

// A problem as one line for the job log: its detail, else its errors.
std::string problem_text(const Problem& p);

// Visits the items of a job in batches of `batch`, for the FullFile steps that resolve codes batch by batch.
void for_each_batch(const JobItems& items, size_t batch, const std::function<void(const std::vector<json::Value>&)>& f);

}  // namespace norced::connect::imports
