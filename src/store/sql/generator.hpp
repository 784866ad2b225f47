// SQL for resources, generated once per resource from its registry description and a Dialect (dialect.hpp):
// the row statements of every EntityReader / WriteTx call, list filters compiled from registry::Expr, and the
// DDL that creates or extends a resource's tables. Backend-neutral: no driver is involved, so each backend
// (store/sqlite today, PostgreSQL next) prepares and binds these statements its own way, and a unit test
// can check the text of any dialect without a database.
//
// Parameter conventions (numbered from 1; the backend binds in this order):
// - every statement on a resource table takes the tenant's client id as parameter 1, so no statement can
//   reach another client's rows;
// - texts and collections have no client id of their own: they are reached through an owner id that was
//   read under the tenant's client id, or through an "owners" subquery that carries it.
#pragma once

#include <functional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "registry/model.hpp"
#include "store/sql/dialect.hpp"

namespace norced::store::sql {

// True when the member has a column in the resource's table (Stored, Audit and Scope members).
bool is_column(const registry::Field& f);
// The column holding the case-folded value (store/fold_case.hpp) of a unique member: "code_key".
std::string unique_key_column(std::string_view field);
// The name of the unique index on that column: "category_code_key". A unique violation names it, which is how a
// backend tells which member a conflict is about.
std::string unique_index(const registry::Resource& r, std::string_view field);

struct ResourceSql {
  std::vector<int> column_fields;  // field indexes, in select/insert order (after id)
  std::vector<int> unique_fields;  // field indexes of r.unique, whose folded values follow the columns
  std::vector<int> scope_fields;   // field indexes a unique key holds within (Resource::unique_scope_fields)
  std::vector<int> text_slots;     // stored text slot indexes, in culture-table column order
  std::string select_list;         // "id, a, b"

  std::string get;              // 1 client, 2 id → select_list
  std::string exists;           // 1 client, 2 id → 1
  std::string existing;         // 1 client, 2 id set → id
  std::string get_many;         // 1 client, 2 id set → select_list, id order
  std::string get_many_owners;  // the ids get_many reads, as a subquery with the same parameters
  std::string insert;           // 1 client, 2.. columns, then unique keys (RETURNING id where the dialect does)
  std::string update;           // 1 client, 2 id, 3.. columns, then unique keys
  std::string remove;           // 1 client, 2 id
  // Per member of r.unique, in its order:
  std::vector<std::string> find_unique;       // 1 client, 2 folded value, 3.. scope values → id
  std::vector<std::string> find_unique_many;  // 1 client, 2 set of folded values, 3.. scope values → key, id

  // Texts (when the resource stores any) and collections (one per r.collections).
  std::string texts_of_one;     // 1 owner id → owner_id, culture, slots...
  std::string texts_of_owners;  // append an owners subquery → owner_id, culture, slots...
  std::string texts_delete;     // 1 owner id
  std::string texts_insert;     // 1 owner id, 2 culture, 3.. slots
  std::vector<std::string> collection_of_one, collection_of_owners, collection_delete, collection_insert;

  // Set-based writes, for dialects with column arrays (Dialect::column_array; empty otherwise): each column
  // of a batch is one array parameter, so a batch of any size is one statement and one prepared plan.
  std::string allocate_ids;      // 1 count → that many new ids
  std::string insert_set;        // 1 client, 2 ids, 3.. column arrays, then unique-key arrays
  std::string update_set;        // 1 client, 2 ids, 3.. column arrays, then unique-key arrays → the ids updated
  std::string texts_insert_set;  // 1 owner ids, 2 cultures, 3.. slot arrays
  std::string texts_delete_set;  // 1 owner id set
  std::vector<std::string> collection_insert_set;  // 1 owner ids, 2.. column arrays
  std::vector<std::string> collection_delete_set;  // 1 owner id set
  // One row with its texts and collections in one statement, where the dialect returns ids and the resource
  // has texts or collections (else empty): insert's parameters, then the culture array and one array per
  // text slot, then one array per column of each collection → id.
  std::string insert_whole;
};

ResourceSql build(const registry::Resource& r, const Dialect& d);

// 1 client, 2 id → the Int member `parent_member` of that row: one step of a walk up a tree.
std::string parent_of(const registry::Resource& r, std::string_view parent_member, const Dialect& d);

// A statement with its parameters, and `owners`: the subquery of the ids it reads (same parameters), for
// loading their texts and collections with texts_of_owners / collection_of_owners.
struct Query {
  std::string sql;
  std::string owners;
  std::vector<registry::Cell> params;
  std::vector<int> fields;  // list(): the field indexes of the columns read after the id, in order
};

// The tenant's rows matching `q.where`, in `q.order` (then id order), one page; the id and the columns of
// `q.only` when set (Query::fields says which), else ResourceSql::select_list. Throws StoreError for a filter,
// an order or a projection naming a member the resource does not have, or a filter on a member without a
// column (a bug in a resource's list_query).
Query list(const registry::Resource& r, const ResourceSql& s, const Dialect& d, const registry::ListQuery& q,
           int64_t client_id);

// The number of the tenant's rows matching `where` (same parameters as list() without its limit and offset).
Query count(const registry::Resource& r, const Dialect& d, const registry::Expr& where, int64_t client_id);

// `start` and the rows above it through the Int member `parent_member`, nearest first, at most `max_depth` rows
// (a cycle repeats rows until then), in one recursive statement: for a backend whose every statement is a
// network round trip (SQLite walks by primary key instead, which is faster in-process). Rows that are not the
// tenant's end the chain. Throws StoreError when `parent_member` is not a column.
Query ancestors(const registry::Resource& r, const ResourceSql& s, const Dialect& d, std::string_view parent_member,
                int64_t client_id, int64_t start, int max_depth);
// The ids of the same chain, nearest first, in one statement (same parameters as ancestors()).
std::string ancestor_ids(const registry::Resource& r, const Dialect& d, std::string_view parent_member);

// Appends the SQL of `e` to `sql`; its values go to `params`, numbered after those already there.
void compile(const registry::Resource& r, const Dialect& d, const registry::Expr& e, std::string& sql,
             std::vector<registry::Cell>& params);

// 1 client, 2 after → the smallest value above `after` in any of the DateTime members `fields`, or NULL.
std::string next_instant(const registry::Resource& r, const Dialect& d, const std::vector<std::string_view>& fields);

// The change log (store.hpp, Change): 1 client, 2 resource, 3 entity id, 4 kind, 5 at, 6 account; hands back
// seq with RETURNING where the dialect does.
std::string change_log_insert(const Dialect& d);

// The statements that bring a resource's tables up to its description, additively: a missing table is created
// whole; a member added to a description becomes a new nullable column (with its unique index when it is a
// unique key). `columns_of(table)` answers the table's existing columns, empty when it does not exist.
std::vector<std::string> reconcile(const registry::Resource& r, const Dialect& d,
                                   const std::function<std::set<std::string>(std::string_view table)>& columns_of);

}  // namespace norced::store::sql
