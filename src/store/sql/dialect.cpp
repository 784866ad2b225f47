#include "store/sql/dialect.hpp"

namespace norced::store::sql {

namespace {

std::string replace_braces(std::string_view pattern, const std::string& with) {
  std::string out(pattern);
  auto at = out.find("{}");
  if (at != std::string::npos) out.replace(at, 2, with);
  return out;
}

}  // namespace

std::string Dialect::param(int n) const { return std::string(param_prefix) + std::to_string(n); }

std::string Dialect::column_type(registry::Type t) const {
  using registry::Type;
  switch (t) {
    case Type::Int:
      return std::string(type_int);
    case Type::Bool:
      return std::string(type_bool);
    case Type::Decimal:
      return std::string(type_decimal);
    case Type::DateTime:
      return std::string(type_datetime);
    case Type::Guid:
      return std::string(type_guid);
    default:
      return std::string(type_string);
  }
}

std::string Dialect::fold(std::string_view expr) const {
  return std::string(fold_function) + "(" + std::string(expr) + ")";
}

std::string Dialect::contains(std::string_view haystack, std::string_view needle) const {
  return std::string(position_function) + "(" + std::string(haystack) + ", " + std::string(needle) + ") > 0";
}

std::string Dialect::id_set(int n) const { return replace_braces(int_set, param(n)); }
std::string Dialect::string_set(int n) const { return replace_braces(text_set, param(n)); }
std::string Dialect::string_set_rows(int n) const {
  return text_set_rows.empty() ? std::string() : replace_braces(text_set_rows, param(n));
}
std::string Dialect::array_param(int n, std::string_view element_type) const {
  if (column_array.empty()) return {};
  return replace_braces(replace_braces(column_array, param(n)), std::string(element_type));
}
std::string Dialect::new_ids(std::string_view table) const {
  return allocate_ids.empty() ? std::string() : replace_braces(allocate_ids, std::string(table));
}
std::string Dialect::decimal(std::string_view expr) const { return replace_braces(decimal_compare, std::string(expr)); }

std::string Dialect::upsert(std::string_view table, const std::vector<std::string_view>& columns,
                            const std::vector<std::string_view>& keys,
                            const std::vector<std::string_view>& updates) const {
  auto join = [](const std::vector<std::string_view>& v) {
    std::string out;
    for (size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + std::string(v[i]);
    return out;
  };
  std::string values;
  for (size_t i = 0; i < columns.size(); ++i) values += (i ? ", " : "") + param(static_cast<int>(i + 1));
  std::string sql = "INSERT INTO " + std::string(table) + " (" + join(columns) + ") VALUES (" + values +
                    ") ON CONFLICT (" + join(keys) + ") DO ";
  if (updates.empty()) return sql + "NOTHING";
  sql += "UPDATE SET ";
  for (size_t i = 0; i < updates.size(); ++i)
    sql += (i ? ", " : "") + std::string(updates[i]) + " = excluded." + std::string(updates[i]);
  return sql;
}

const Dialect& sqlite_dialect() {
  // Decimals are canonical text (exact; core/decimal), instants and bools integers (micros, 0/1).
  static const Dialect d{
      .name = "sqlite",
      .param_prefix = "?",
      .fold_function = "norced_fold",
      .position_function = "instr",
      .int_set = " IN (SELECT value FROM json_each({}))",
      .text_set = " IN (SELECT value FROM json_each({}))",
      .text_set_rows = "",
      .true_literal = "1",
      .false_literal = "0",
      .decimal_compare = "CAST({} AS REAL)",
      .no_limit_is_minus_one = true,
      .no_index_prefix = "+",
      .type_int = "INTEGER",
      .type_bool = "INTEGER",
      .type_string = "TEXT",
      .type_decimal = "TEXT",
      .type_datetime = "INTEGER",
      .type_guid = "TEXT",
      .type_id = "INTEGER",
      .type_text = "TEXT",
      // No AUTOINCREMENT: rows are never reused after a delete in practice (soft delete), and it would cost a
      // write of sqlite_sequence on every insert.
      .id_column = "id INTEGER PRIMARY KEY",
      .clustered_suffix = " WITHOUT ROWID",
      .insert_returns_id = false,
      .column_array = "",
      .allocate_ids = "",
  };
  return d;
}

const Dialect& postgres_dialect() {
  // Native types: numeric keeps decimals exact, timestamptz holds UTC instants (bound as ISO text).
  static const Dialect d{
      .name = "postgres",
      .param_prefix = "$",
      .fold_function = "lower",
      .position_function = "strpos",
      .int_set = " = ANY({}::bigint[])",
      .text_set = " = ANY({}::text[])",
      .text_set_rows = "unnest({}::text[])",
      .true_literal = "TRUE",
      .false_literal = "FALSE",
      .decimal_compare = "{}",
      .no_limit_is_minus_one = false,
      .no_index_prefix = "",
      .type_int = "bigint",
      .type_bool = "boolean",
      .type_string = "text",
      .type_decimal = "numeric",
      .type_datetime = "timestamptz",
      .type_guid = "text",
      .type_id = "bigint",
      .type_text = "text",
      .id_column = "id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
      .clustered_suffix = "",
      .insert_returns_id = true,
      .column_array = "{}::{}[]",
      // The sequence is looked up once per statement (the CTE), not once per id: pg_get_serial_sequence is
      // only stable, so in the select list it ran a catalog lookup and a text-to-regclass cast for every id,
      // 8x the cost of the nextval itself.
      .allocate_ids = "WITH s AS MATERIALIZED (SELECT pg_get_serial_sequence('{}', 'id')::regclass AS seq) "
                      "SELECT nextval(s.seq) FROM s, generate_series(1, $1)",
  };
  return d;
}

}  // namespace norced::store::sql
