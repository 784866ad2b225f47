#include "store/sql/generator.hpp"

#include <algorithm>
#include <stdexcept>

#include "store/store.hpp"

namespace norced::store::sql {

using registry::Cell;
using registry::Expr;
using registry::Field;
using registry::Resource;
using registry::Role;

bool is_column(const Field& f) { return f.role == Role::Stored || f.role == Role::Audit || f.role == Role::Scope; }

std::string unique_key_column(std::string_view field) { return registry::column_name(field) + "_key"; }

std::string unique_index(const Resource& r, std::string_view field) {
  return std::string(r.table) + "_" + unique_key_column(field);
}

namespace {

std::string culture_table(const Resource& r) { return std::string(r.table) + "_culture"; }

// " AND scope_a = ?3 AND scope_b = ?4": the Scope members, numbered from `first`.
std::string scope_condition(const Resource& r, const Dialect& d, const std::vector<int>& scope_fields, int first) {
  std::string sql;
  for (size_t k = 0; k < scope_fields.size(); ++k)
    sql += " AND " + registry::column_of(r.fields[scope_fields[k]]) + " = " +
           d.param(first + static_cast<int>(k));
  return sql;
}

// ResourceSql::insert_whole: the row, then its texts and collections from the id the row got, as one statement
// of data-modifying CTEs (one round trip where there would be one per table). Each child table is filled from
// its column arrays (the *_insert_set arrays without the owner ids); empty arrays insert nothing.
void build_insert_whole(const Resource& r, const Dialect& d, size_t row_params, ResourceSql& s) {
  if (!d.insert_returns_id || (s.text_slots.empty() && r.collections.empty())) return;
  int next = static_cast<int>(row_params) + 2;  // after the client and the row's columns and unique keys
  const std::string text_type(d.type_text), id_type(d.type_id);
  std::string sql = "WITH new_row AS (" + s.insert + ")";
  if (!s.text_slots.empty()) {
    std::string tcols, tarrays = d.array_param(next++, text_type);
    for (int slot : s.text_slots) {
      tcols += ", " + registry::column_name(r.texts[slot].name);
      tarrays += ", " + d.array_param(next++, text_type);
    }
    sql += ", texts AS (INSERT INTO " + culture_table(r) + " (owner_id, culture" + tcols +
           ") SELECT new_row.id, v.* FROM new_row, unnest(" + tarrays + ") AS v)";
  }
  for (size_t ci = 0; ci < r.collections.size(); ++ci) {
    const auto& c = r.collections[ci];
    std::string ccols, carrays;
    for (size_t k = 0; k < c.columns.size(); ++k) {
      ccols += ", " + std::string(c.columns[k]);
      carrays += (k ? ", " : "") + d.array_param(next++, id_type);
    }
    sql += ", c" + std::to_string(ci) + " AS (INSERT INTO " + std::string(c.table) + " (owner_id" + ccols +
           ") SELECT new_row.id, v.* FROM new_row, unnest(" + carrays + ") AS v)";
  }
  s.insert_whole = sql + " SELECT id FROM new_row";
}

// The set-based statements (ResourceSql::*_set), for dialects with column arrays. `col_types` are the DDL
// types of the resource's columns and unique keys, in insert order.
void build_sets(const Resource& r, const Dialect& d, const std::vector<std::string>& cols,
                const std::vector<std::string>& col_types, ResourceSql& s) {
  if (d.column_array.empty()) return;
  const std::string t(r.table);
  // unnest($2::bigint[], $3::text[], ...): the ids, then one array per column.
  std::string arrays = d.array_param(2, d.type_id);
  for (size_t k = 0; k < cols.size(); ++k) arrays += ", " + d.array_param(static_cast<int>(k + 3), col_types[k]);
  std::string names, sets, aliases = "id";
  for (size_t k = 0; k < cols.size(); ++k) {
    names += ", " + cols[k];
    sets += (k ? ", " : "") + cols[k] + " = v." + cols[k];
    aliases += ", " + cols[k];
  }
  s.allocate_ids = d.new_ids(t);
  s.insert_set = "INSERT INTO " + t + " (client_id, id" + names + ") SELECT " + d.param(1) + ", * FROM unnest(" +
                 arrays + ")";
  s.update_set = "UPDATE " + t + " SET " + (sets.empty() ? "id = v.id" : sets) + " FROM unnest(" + arrays +
                 ") AS v(" + aliases + ") WHERE " + t + ".client_id = " + d.param(1) + " AND " + t +
                 ".id = v.id RETURNING " + t + ".id";
  const std::string text_type(d.type_text), id_type(d.type_id);
  if (!s.text_slots.empty()) {
    const std::string ct = culture_table(r);
    std::string tcols, tarrays = d.array_param(1, id_type) + ", " + d.array_param(2, text_type);
    for (size_t k = 0; k < s.text_slots.size(); ++k) {
      tcols += ", " + registry::column_name(r.texts[s.text_slots[k]].name);
      tarrays += ", " + d.array_param(static_cast<int>(k + 3), text_type);
    }
    s.texts_insert_set = "INSERT INTO " + ct + " (owner_id, culture" + tcols + ") SELECT * FROM unnest(" + tarrays + ")";
    s.texts_delete_set = "DELETE FROM " + ct + " WHERE owner_id" + d.id_set(1);
  }
  for (const auto& c : r.collections) {
    std::string ct(c.table), ccols, carrays = d.array_param(1, id_type);
    for (size_t k = 0; k < c.columns.size(); ++k) {
      ccols += ", " + std::string(c.columns[k]);
      carrays += ", " + d.array_param(static_cast<int>(k + 2), id_type);
    }
    s.collection_insert_set.push_back("INSERT INTO " + ct + " (owner_id" + ccols + ") SELECT * FROM unnest(" +
                                      carrays + ")");
    s.collection_delete_set.push_back("DELETE FROM " + ct + " WHERE owner_id" + d.id_set(1));
  }
  build_insert_whole(r, d, cols.size(), s);
}

}  // namespace

std::string parent_of(const registry::Resource& r, std::string_view parent_member, const Dialect& d) {
  const int i = r.field_index(parent_member);
  if (i < 0) throw std::invalid_argument("parent_of: " + std::string(r.name) + " has no member " + std::string(parent_member));
  return "SELECT " + registry::column_of(r.fields[i]) + " FROM " + std::string(r.table) + " WHERE client_id = " + d.param(1) +
         " AND id = " + d.param(2);
}

ResourceSql build(const Resource& r, const Dialect& d) {
  ResourceSql s;
  const std::string t(r.table);
  s.scope_fields = r.unique_scope_fields();
  std::vector<std::string> cols;       // columns then unique keys, as insert and update bind them
  std::vector<std::string> col_types;  // their DDL types
  for (size_t i = 0; i < r.fields.size(); ++i) {
    if (!is_column(r.fields[i])) continue;
    s.column_fields.push_back(static_cast<int>(i));
    cols.push_back(registry::column_of(r.fields[i]));
    col_types.push_back(d.column_type(r.fields[i].type));
  }
  s.select_list = "id";
  for (const auto& c : cols) s.select_list += ", " + c;
  for (auto u : r.unique) {
    s.unique_fields.push_back(r.field_index(u));
    cols.push_back(unique_key_column(u));
    col_types.push_back(std::string(d.type_text));
  }

  const std::string tenant_row = " WHERE client_id = " + d.param(1) + " AND id = " + d.param(2);
  s.get = "SELECT " + s.select_list + " FROM " + t + tenant_row;
  s.exists = "SELECT 1 FROM " + t + tenant_row;
  s.remove = "DELETE FROM " + t + tenant_row;
  const std::string tenant_set = " FROM " + t + " WHERE client_id = " + d.param(1) + " AND id" + d.id_set(2);
  s.existing = "SELECT id" + tenant_set;
  s.get_many = "SELECT " + s.select_list + tenant_set + " ORDER BY id";
  s.get_many_owners = "(SELECT id" + tenant_set + ")";

  std::string names, values, sets;
  for (size_t k = 0; k < cols.size(); ++k) {
    names += ", " + cols[k];
    values += ", " + d.param(static_cast<int>(k + 2));
    sets += (k ? ", " : "") + cols[k] + " = " + d.param(static_cast<int>(k + 3));
  }
  s.insert = "INSERT INTO " + t + " (client_id" + names + ") VALUES (" + d.param(1) + values + ")";
  if (d.insert_returns_id) s.insert += " RETURNING id";
  // A resource with no columns still needs a statement that matches the tenant's row (and counts it).
  s.update = "UPDATE " + t + " SET " + (sets.empty() ? "id = id" : sets) + tenant_row;

  for (auto u : r.unique) {
    const std::string key = unique_key_column(u);
    s.find_unique.push_back("SELECT id FROM " + t + " WHERE client_id = " + d.param(1) + " AND " + key + " = " +
                            d.param(2) + scope_condition(r, d, s.scope_fields, 3));
    const std::string rows = d.string_set_rows(2);
    if (rows.empty())
      s.find_unique_many.push_back("SELECT " + key + ", id FROM " + t + " WHERE client_id = " + d.param(1) +
                                   " AND " + key + d.string_set(2) + scope_condition(r, d, s.scope_fields, 3));
    else  // one probe of the unique index per key: the LATERAL subquery (with its LIMIT) cannot be reordered
      s.find_unique_many.push_back("SELECT k.v, t.id FROM " + rows + " AS k(v) CROSS JOIN LATERAL (SELECT id FROM " +
                                   t + " WHERE client_id = " + d.param(1) + " AND " + key + " = k.v" +
                                   scope_condition(r, d, s.scope_fields, 3) + " LIMIT 1) AS t");
  }

  std::string tcols, tph;
  for (size_t i = 0; i < r.texts.size(); ++i) {
    if (!r.texts[i].stored) continue;
    tph += ", " + d.param(static_cast<int>(3 + s.text_slots.size()));
    s.text_slots.push_back(static_cast<int>(i));
    tcols += ", " + registry::column_name(r.texts[i].name);
  }
  if (!s.text_slots.empty()) {
    const std::string ct = culture_table(r);
    s.texts_of_owners = "SELECT owner_id, culture" + tcols + " FROM " + ct + " WHERE owner_id IN ";
    s.texts_of_one = "SELECT owner_id, culture" + tcols + " FROM " + ct + " WHERE owner_id = " + d.param(1);
    s.texts_delete = "DELETE FROM " + ct + " WHERE owner_id = " + d.param(1);
    s.texts_insert = "INSERT INTO " + ct + " (owner_id, culture" + tcols + ") VALUES (" + d.param(1) + ", " +
                     d.param(2) + tph + ")";
  }
  for (const auto& c : r.collections) {
    std::string ct(c.table), ccols, cph;
    for (size_t k = 0; k < c.columns.size(); ++k) {
      ccols += ", " + std::string(c.columns[k]);
      cph += ", " + d.param(static_cast<int>(k + 2));
    }
    s.collection_of_owners.push_back("SELECT owner_id" + ccols + " FROM " + ct + " WHERE owner_id IN ");
    s.collection_of_one.push_back("SELECT owner_id" + ccols + " FROM " + ct + " WHERE owner_id = " + d.param(1) +
                                  " ORDER BY " + std::string(c.columns.front()));
    s.collection_delete.push_back("DELETE FROM " + ct + " WHERE owner_id = " + d.param(1));
    s.collection_insert.push_back("INSERT INTO " + ct + " (owner_id" + ccols + ") VALUES (" + d.param(1) + cph + ")");
  }
  build_sets(r, d, cols, col_types, s);
  return s;
}

namespace {

// The SQL column of a filter's or an order's member: a column of the table, or the row id.
std::string member_column(const Resource& r, std::string_view field) {
  if (field == registry::kRowId) return "id";
  const Field* f = r.field(field);
  if (f && f->role == Role::Id) return "id";
  if (!f || !is_column(*f)) throw StoreError("filter on a member without a column: " + std::string(field));
  return registry::column_of(*f);
}

}  // namespace

void compile(const Resource& r, const Dialect& d, const Expr& e, std::string& sql, std::vector<Cell>& params) {
  auto col = [&](std::string_view field) { return member_column(r, field); };
  // The member as a comparison or a string function reads it: folded when the filter asks (tolower).
  auto operand = [&](std::string_view field) { return e.fold_field ? d.fold(col(field)) : col(field); };
  auto next_param = [&](Cell v) {
    params.push_back(std::move(v));
    return d.param(static_cast<int>(params.size()));
  };
  // A string parameter inside a function call: PostgreSQL cannot infer the type of a bare parameter there.
  auto text_param = [&](const std::string& p) { return "CAST(" + p + " AS " + std::string(d.type_text) + ")"; };
  switch (e.op) {
    case Expr::Op::True:
      sql += d.true_literal;
      return;
    case Expr::Op::And:
    case Expr::Op::Or: {
      if (e.args.empty()) {
        sql += e.op == Expr::Op::And ? d.true_literal : d.false_literal;
        return;
      }
      sql += "(";
      for (size_t i = 0; i < e.args.size(); ++i) {
        if (i) sql += e.op == Expr::Op::And ? " AND " : " OR ";
        compile(r, d, e.args[i], sql, params);
      }
      sql += ")";
      return;
    }
    case Expr::Op::Not:
      // SQL's NOT of an unknown (a comparison with a null) is unknown; two-valued logic makes it false first.
      sql += "(NOT COALESCE(";
      compile(r, d, e.args.at(0), sql, params);
      sql += ", " + std::string(d.false_literal) + "))";
      return;
    case Expr::Op::IsNull:
      sql += col(e.fields.at(0)) + " IS NULL";
      return;
    case Expr::Op::NotNull:
      sql += col(e.fields.at(0)) + " IS NOT NULL";
      return;
    case Expr::Op::ContainsFolded: {
      // The needle is folded by the database too, so column and needle fold alike in any dialect; callers may
      // pass it folded already (fold_case is idempotent).
      const auto* needle = std::get_if<std::string>(&e.value);
      if (!needle) throw StoreError("a search needs a string");
      sql += "(";
      for (size_t i = 0; i < e.fields.size(); ++i) {
        if (i) sql += " OR ";
        sql += d.contains(d.fold(col(e.fields[i])), d.fold(next_param(*needle)));
      }
      sql += ")";
      return;
    }
    case Expr::Op::Contains:
    case Expr::Op::StartsWith:
    case Expr::Op::EndsWith: {
      // Positions and substrings rather than LIKE: no wildcard in the needle to escape, and case-sensitive on
      // both engines (SQLite's LIKE ignores ASCII case).
      if (!std::holds_alternative<std::string>(e.value)) throw StoreError("a string function needs a string");
      const std::string c = operand(e.fields.at(0));
      const std::string p = next_param(e.value);
      const std::string length = "length(" + text_param(p) + ")";
      if (e.op == Expr::Op::Contains) sql += d.contains(c, text_param(p));
      else if (e.op == Expr::Op::StartsWith) sql += "substr(" + c + ", 1, " + length + ") = " + p;
      else
        sql += "(length(" + c + ") >= " + length + " AND substr(" + c + ", length(" + c + ") - " + length +
               " + 1) = " + p + ")";
      return;
    }
    case Expr::Op::Eq:
    case Expr::Op::Lt:
    case Expr::Op::Le:
    case Expr::Op::Gt:
    case Expr::Op::Ge:
    case Expr::Op::Ne: {
      static const char* ops[] = {"", "", " = ", " < ", " <= ", " > ", " >= "};
      const char* op = e.op == Expr::Op::Ne ? " <> " : ops[static_cast<int>(e.op)];
      const std::string c = operand(e.fields.at(0));
      const Field* f = r.field(e.fields.at(0));
      const bool decimal = f && f->type == registry::Type::Decimal;  // no member for kRowId
      const std::string comparison = decimal ? d.decimal(c) + op + d.decimal(next_param(e.value))
                                             : c + op + next_param(e.value);
      // A null member is not equal to any value.
      sql += e.op == Expr::Op::Ne ? "(" + c + " IS NULL OR " + comparison + ")" : comparison;
      return;
    }
  }
}

namespace {

// "a NULLS FIRST, b DESC NULLS LAST, id": the keys, nulls before values, then the id unless a key is the id.
// Decimals order as they compare (Dialect::decimal_compare), so a page's continuation matches its order. The
// id is never null and gets no NULLS clause: "id NULLS FIRST" is not the primary key's order to PostgreSQL,
// whose planner then sorts every match instead of walking the key and stopping at the LIMIT.
std::string order_by(const Resource& r, const Dialect& d, const std::vector<registry::OrderKey>& order) {
  std::string sql;
  bool has_id = false;
  for (const auto& k : order) {
    std::string c = member_column(r, k.field);
    if (c == "id") {
      has_id = true;
      sql += k.descending ? "id DESC, " : "id, ";
      continue;
    }
    if (r.field(k.field)->type == registry::Type::Decimal) c = d.decimal(c);
    sql += c + (k.descending ? " DESC NULLS LAST, " : " NULLS FIRST, ");
  }
  if (has_id) sql.resize(sql.size() - 2);
  else sql += "id";
  return sql;
}

}  // namespace

// GCC 12 reports a string alternative of Cell as maybe-uninitialized when the vector grows here (a false
// positive of its variant analysis at -O2); nothing is read uninitialized.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
Query list(const Resource& r, const ResourceSql& s, const Dialect& d, const registry::ListQuery& q,
           int64_t client_id) {
  Query out;
  out.params.emplace_back(client_id);
  std::string where;
  compile(r, d, q.where, where, out.params);
  // No limit: SQLite takes -1, PostgreSQL NULL.
  if (q.limit) out.params.emplace_back(*q.limit);
  else if (d.no_limit_is_minus_one) out.params.emplace_back(int64_t{-1});
  else out.params.emplace_back();
  const std::string limit = d.param(static_cast<int>(out.params.size()));
  out.params.push_back(q.offset);
  const std::string offset = d.param(static_cast<int>(out.params.size()));
  // The no-index prefix keeps SQLite's planner off the (client_id, <unique>_key) index, which would visit every
  // row of the client and sort them; walking the primary key is already id order and stops at the LIMIT.
  const std::string tail = " FROM " + std::string(r.table) + " WHERE " + std::string(d.no_index_prefix) +
                           "client_id = " + d.param(1) + " AND " + where + " ORDER BY " + order_by(r, d, q.order) +
                           " LIMIT " + limit + " OFFSET " + offset;
  std::string select = s.select_list;
  if (q.only) {
    select = "id";
    for (std::string_view member : q.only->members) {
      const int i = r.field_index(member);
      if (i < 0) throw StoreError("list: " + std::string(r.name) + " has no member " + std::string(member));
      if (!is_column(r.fields[i])) continue;  // the Id (always read), a text, a derived member
      if (std::find(out.fields.begin(), out.fields.end(), i) != out.fields.end()) continue;
      out.fields.push_back(i);
      select += ", " + registry::column_of(r.fields[i]);
    }
  } else {
    out.fields = s.column_fields;
  }
  out.sql = "SELECT " + select + tail;
  out.owners = "(SELECT id" + tail + ")";
  return out;
}

Query count(const Resource& r, const Dialect& d, const registry::Expr& where, int64_t client_id) {
  Query out;
  out.params.emplace_back(client_id);
  std::string condition;
  compile(r, d, where, condition, out.params);
  // No no-index prefix here: a count has no order to keep, so any index the planner likes will do.
  out.sql = "SELECT count(*) FROM " + std::string(r.table) + " WHERE client_id = " + d.param(1) + " AND " + condition;
  return out;
}
#pragma GCC diagnostic pop

namespace {

// The recursive chain of ancestors(): "WITH RECURSIVE chain AS (...) ", whose rows are the start and the rows
// above it, each with its id, its depth (chain_depth) and `carried` columns. 1 client, 2 start, 3 depth bound.
// Every step joins the next row by primary key and checks it is the tenant's, so a row that does not exist or
// is another client's ends the chain, and the rows are read from the chain itself: a join of the chain with
// the table afterwards was planned as a scan of all the tenant's rows (the planner cannot tell how short the
// chain is), which made every category write cost a scan of the tenant's categories.
std::string ancestor_chain(const Resource& r, const Dialect& d, std::string_view parent_member,
                           const std::vector<std::string>& carried) {
  const Field* parent = r.field(parent_member);
  if (!parent || !is_column(*parent)) throw StoreError("ancestors: no member " + std::string(parent_member));
  const std::string t(r.table), up = registry::column_of(*parent);
  std::string first = "SELECT 1 AS chain_depth, id, " + up + " AS chain_up", next;
  next = "SELECT chain.chain_depth + 1, " + t + ".id, " + t + "." + up;
  for (const auto& c : carried) {
    first += ", " + c;
    next += ", " + t + "." + c;
  }
  return "WITH RECURSIVE chain AS (" + first + " FROM " + t + " WHERE client_id = " + d.param(1) + " AND id = " +
         d.param(2) + " UNION ALL " + next + " FROM chain JOIN " + t + " ON " + t + ".id = chain.chain_up AND " + t +
         ".client_id = " + d.param(1) + " WHERE chain.chain_depth < " + d.param(3) + ") ";
}

}  // namespace

Query ancestors(const Resource& r, const ResourceSql& s, const Dialect& d, std::string_view parent_member,
                int64_t client_id, int64_t start, int max_depth) {
  std::vector<std::string> columns;
  for (int f : s.column_fields) columns.push_back(registry::column_of(r.fields[f]));
  const std::string chain = ancestor_chain(r, d, parent_member, columns);
  std::string select = "SELECT id";
  for (const auto& c : columns) select += ", " + c;
  Query q;
  q.sql = chain + select + " FROM chain ORDER BY chain_depth";
  q.owners = "(" + chain + "SELECT id FROM chain)";
  q.params = {Cell{client_id}, Cell{start}, Cell{int64_t{max_depth}}};
  return q;
}

std::string ancestor_ids(const Resource& r, const Dialect& d, std::string_view parent_member) {
  return ancestor_chain(r, d, parent_member, {}) + "SELECT id FROM chain ORDER BY chain_depth";
}

std::string next_instant(const Resource& r, const Dialect& d, const std::vector<std::string_view>& fields) {
  std::string sql;
  for (auto f : fields) {
    const Field* field = r.field(f);
    if (!field || !is_column(*field)) throw StoreError("next_instant on a member without a column: " + std::string(f));
    const std::string col = registry::column_of(*field);
    sql += std::string(sql.empty() ? "" : " UNION ALL ") + "SELECT min(" + col + ") AS v FROM " +
           std::string(r.table) + " WHERE client_id = " + d.param(1) + " AND " + col + " > " + d.param(2);
  }
  if (sql.empty()) return "SELECT NULL";
  return "SELECT min(v) FROM (" + sql + ") AS instants";
}

std::string change_log_insert(const Dialect& d) {
  std::string sql = "INSERT INTO change_log (client_id, resource, entity_id, kind, at, account) VALUES (";
  for (int i = 1; i <= 6; ++i) sql += (i > 1 ? ", " : "") + d.param(i);
  sql += ")";
  if (d.insert_returns_id) sql += " RETURNING seq";
  return sql;
}

std::vector<std::string> reconcile(const Resource& r, const Dialect& d,
                                   const std::function<std::set<std::string>(std::string_view)>& columns_of) {
  std::vector<std::string> out;
  const std::string table(r.table);
  const std::string id_type(d.type_id), text_type(d.type_text);

  // The resource table. No (client_id, id) index: reads go by primary key or by a unique key index, and lists
  // scan in id order; the index would cost a page write on every insert for the benefit of multi-tenant list
  // scans only.
  auto have = columns_of(table);
  const bool create = have.empty();
  std::vector<std::string> added;  // column definitions missing from the table
  for (const Field& f : r.fields) {
    if (!is_column(f)) continue;
    std::string col = registry::column_of(f);
    if (!have.count(col)) added.push_back(col + " " + d.column_type(f.type));
  }
  // A unique member is unique ignoring case beyond ASCII: the store keeps the folded value in <column>_key and
  // the index is on that, within the tenant and the Scope members (a Scope member's rows belong to one
  // application, so its keys hold per application) and the members it names in unique_within (a child's parent).
  std::string scope;
  for (int s : r.unique_scope_fields()) scope += registry::column_of(r.fields[s]) + ", ";
  std::vector<std::string> indexes;
  for (auto u : r.unique) {
    const std::string key = unique_key_column(u);
    if (have.count(key)) continue;
    added.push_back(key + " " + text_type);
    indexes.push_back("CREATE UNIQUE INDEX " + unique_index(r, u) + " ON " + table + " (client_id, " + scope + key + ")");
  }
  if (create) {
    // No foreign key on client_id, nor on a text's culture (below): norced sets both itself (the authenticated
    // tenant, the application's cultures), and on PostgreSQL each check costs a statement per written row,
    // a fifth of an import chunk's time (docs/decisions.md, "Foreign keys"). An owner's rows keep theirs.
    std::string ddl = "CREATE TABLE " + table + " (" + std::string(d.id_column) + ", client_id " + id_type +
                      " NOT NULL";
    for (const auto& a : added) ddl += ", " + a;
    out.push_back(ddl + ")");
  } else {
    for (const auto& a : added) out.push_back("ALTER TABLE " + table + " ADD COLUMN " + a);
  }
  out.insert(out.end(), indexes.begin(), indexes.end());

  // Culture texts: one row per owner and culture, a column per stored slot.
  bool stored_texts = false;
  for (const auto& t : r.texts) stored_texts |= t.stored;
  if (stored_texts) {
    const std::string ct = culture_table(r);
    auto have_ct = columns_of(ct);
    std::vector<std::string> slots;
    for (const auto& t : r.texts) {
      if (!t.stored) continue;
      std::string col = registry::column_name(t.name);
      if (!have_ct.count(col)) slots.push_back(col + " " + text_type);
    }
    if (have_ct.empty()) {
      std::string ddl = "CREATE TABLE " + ct + " (owner_id " + id_type + " NOT NULL REFERENCES " + table +
                        "(id), culture " + text_type + " NOT NULL";
      for (const auto& s : slots) ddl += ", " + s;
      out.push_back(ddl + ", PRIMARY KEY (owner_id, culture))" + std::string(d.clustered_suffix));
    } else {
      for (const auto& s : slots) out.push_back("ALTER TABLE " + ct + " ADD COLUMN " + s);
    }
  }
  // Collections: integer rows keyed by the owner and their first column.
  for (const auto& coll : r.collections) {
    const std::string ct(coll.table);
    auto have_coll = columns_of(ct);
    if (have_coll.empty()) {
      std::string ddl = "CREATE TABLE " + ct + " (owner_id " + id_type + " NOT NULL REFERENCES " + table + "(id)";
      for (auto c : coll.columns) ddl += ", " + std::string(c) + " " + id_type;
      out.push_back(ddl + ", PRIMARY KEY (owner_id, " + std::string(coll.columns.front()) + "))" +
                    std::string(d.clustered_suffix));
    } else {
      for (auto c : coll.columns)
        if (!have_coll.count(std::string(c)))
          out.push_back("ALTER TABLE " + ct + " ADD COLUMN " + std::string(c) + " " + id_type);
    }
  }
  return out;
}

}  // namespace norced::store::sql
