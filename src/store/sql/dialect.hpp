// What differs between the SQL databases norced speaks, as data: how a parameter is written, which function
// folds case for searches, how a set of values travels as one parameter, the DDL type of each member type,
// and a few statement shapes (upsert, the generated key, planner hints). The generator (sql/generator.hpp)
// writes every resource statement from a Resource and one Dialect, so a backend adds a Dialect value and its
// driver code, not SQL. Two dialects exist: SQLite (the embedded backend) and PostgreSQL (libpq, next).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "registry/model.hpp"

namespace norced::store::sql {

struct Dialect {
  std::string_view name;
  // A numbered parameter is this prefix and its number: "?3" (SQLite) or "$3" (PostgreSQL). Numbered rather
  // than positional "?", so one value may be used twice and statements can be glued from generated parts.
  std::string_view param_prefix;
  // fold_function(x) folds letter case beyond ASCII: "norced_fold" (an application function registered on
  // each SQLite connection, store/fold_case.hpp) or "lower" (PostgreSQL, by the database's UTF-8 locale).
  std::string_view fold_function;
  // position_function(haystack, needle) > 0 when the needle occurs: "instr" or "strpos".
  std::string_view position_function;
  // Membership in a set of ids or of strings bound as ONE parameter, written after the column ("id" + it), so a
  // set costs one statement and one prepared plan whatever its size. "{}" is replaced by the parameter.
  // SQLite: IN over a JSON array through json_each. PostgreSQL: = ANY over an array, which an index scan takes
  // key by key; IN over unnest let the planner hash the whole tenant's rows instead, a scan per lookup.
  std::string_view int_set;
  std::string_view text_set;
  // The strings of such a set as rows of one column, for a lookup that must probe an index key by key whatever
  // the planner believes of the table ("unnest({}::text[])"); empty when `text_set` already does (SQLite).
  // PostgreSQL plans = ANY from statistics, and a table an import is filling still has those of its empty
  // start until autovacuum analyses it: then the index scan takes the tenant's rows and tests each against the
  // whole array, 41,000 rows x 1,000 keys (about a second per chunk), where 1,000 index probes take milliseconds.
  std::string_view text_set_rows;
  // Literals for an empty AND / OR and for "no filter": SQLite has no boolean type and PostgreSQL's WHERE
  // rejects an integer.
  std::string_view true_literal;
  std::string_view false_literal;
  // How a Decimal column or parameter is compared ("{}" is replaced): SQLite stores decimals as canonical text
  // (exact, core/decimal), which compares as text ("12.50" < "9"), so comparisons go through REAL — monotonic,
  // exact in order up to 15 significant digits; PostgreSQL's numeric compares exactly as it is.
  std::string_view decimal_compare;
  // The value bound to LIMIT for "no limit": -1 (SQLite) or NULL (PostgreSQL); false = NULL.
  bool no_limit_is_minus_one;
  // Prefix that keeps a column's index out of the planner's choice ("+client_id" in SQLite); empty if none.
  std::string_view no_index_prefix;
  // DDL type names per member type, and of ids / integer collection columns / plain text.
  std::string_view type_int, type_bool, type_string, type_decimal, type_datetime, type_guid;
  std::string_view type_id;    // ids, client ids, collection columns
  std::string_view type_text;  // culture codes, texts, unique keys
  // The resource table's key column: an integer that the database assigns on insert.
  std::string_view id_column;
  // Suffix of tables whose primary key is the whole access path (texts, collections): "WITHOUT ROWID".
  std::string_view clustered_suffix;
  // Whether an insert hands back its id with RETURNING (PostgreSQL) rather than through the connection's
  // last insert rowid (SQLite).
  bool insert_returns_id;
  // Set-based writes: a batch of rows travels as one array parameter per column ("{}" is replaced by the
  // parameter, then by the element type: "$3::numeric[]"), expanded by unnest, so 10,000 rows are one
  // statement over the network. Empty when the dialect has none (SQLite: no round trips, so it loops over one
  // prepared statement instead) and then the generator leaves the *_set statements empty.
  std::string_view column_array;
  // A statement handing out `parameter 1` new ids of a table's key ("{}" = the table), so a batch knows the
  // ids of its rows before it writes them (their texts and collections need them) in an order it chooses.
  std::string_view allocate_ids;

  std::string param(int n) const;
  std::string column_type(registry::Type t) const;
  std::string fold(std::string_view expr) const;
  std::string contains(std::string_view haystack, std::string_view needle) const;  // a boolean expression
  std::string id_set(int param_number) const;
  std::string decimal(std::string_view expr) const;  // a Decimal operand of a comparison
  std::string string_set(int param_number) const;
  std::string string_set_rows(int param_number) const;  // empty when the dialect has no text_set_rows
  // An array parameter of `element_type` values (column_array); empty when the dialect has none.
  std::string array_param(int param_number, std::string_view element_type) const;
  // The allocate_ids statement of `table`; empty when the dialect has none.
  std::string new_ids(std::string_view table) const;
  // INSERT INTO table (columns) VALUES (params 1..n) ON CONFLICT (keys) DO UPDATE SET each of `updates` to
  // the new value; with no `updates`, DO NOTHING. The same text in both dialects today (SQLite >= 3.24), and
  // the one place to change if a dialect spells it differently.
  std::string upsert(std::string_view table, const std::vector<std::string_view>& columns,
                     const std::vector<std::string_view>& keys, const std::vector<std::string_view>& updates) const;
};

const Dialect& sqlite_dialect();
const Dialect& postgres_dialect();

}  // namespace norced::store::sql
