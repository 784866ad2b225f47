// The SQL generator's text for both dialects, checked without a database: these expectations pin what each
// backend prepares (store/sqlite, store/postgres); the contract suite runs them against the databases.
#include "store/sql/generator.hpp"

#include <gtest/gtest.h>

#include "contract_support.hpp"
#include "store/store.hpp"

using namespace norced;
using namespace norced::store::sql;
using contract::link;
using contract::widget;
using registry::Cell;
using registry::Expr;
using registry::Instant;

namespace {

const Dialect& pg() { return postgres_dialect(); }
const Dialect& lite() { return sqlite_dialect(); }
const std::string kWidgetColumns =
    "id, code, label, count, flag, price, valid_from, valid_to, uid, parent_id, is_active, changed, changed_by";

std::set<std::string> nothing(std::string_view) { return {}; }

}  // namespace

TEST(SqlDialect, SpellsWhatDiffers) {
  EXPECT_EQ(pg().param(3), "$3");
  EXPECT_EQ(lite().param(3), "?3");
  EXPECT_EQ(pg().fold("name"), "lower(name)");
  EXPECT_EQ(lite().fold("name"), "norced_fold(name)");
  EXPECT_EQ(pg().contains("a", "b"), "strpos(a, b) > 0");
  EXPECT_EQ(lite().contains("a", "b"), "instr(a, b) > 0");
  EXPECT_EQ(pg().id_set(2), " = ANY($2::bigint[])");
  EXPECT_EQ(pg().string_set(2), " = ANY($2::text[])");
  EXPECT_EQ(lite().id_set(2), " IN (SELECT value FROM json_each(?2))");
  EXPECT_EQ(lite().string_set(2), " IN (SELECT value FROM json_each(?2))");
  using registry::Type;
  EXPECT_EQ(pg().column_type(Type::Int), "bigint");
  EXPECT_EQ(pg().column_type(Type::Bool), "boolean");
  EXPECT_EQ(pg().column_type(Type::String), "text");
  EXPECT_EQ(pg().column_type(Type::Decimal), "numeric");
  EXPECT_EQ(pg().column_type(Type::DateTime), "timestamptz");
  EXPECT_EQ(pg().column_type(Type::Guid), "text");
  EXPECT_EQ(lite().column_type(Type::Decimal), "TEXT");
  EXPECT_EQ(lite().column_type(Type::DateTime), "INTEGER");
  EXPECT_EQ(lite().column_type(Type::Bool), "INTEGER");
  EXPECT_EQ(pg().upsert("setting", {"key", "value"}, {"key"}, {"value"}),
            "INSERT INTO setting (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value");
  EXPECT_EQ(lite().upsert("client_culture", {"client_id", "culture_code"}, {"client_id", "culture_code"}, {}),
            "INSERT INTO client_culture (client_id, culture_code) VALUES (?1, ?2) ON CONFLICT (client_id, culture_code) "
            "DO NOTHING");
}

TEST(SqlGenerator, PostgresRowStatements) {
  auto s = build(widget(), pg());
  EXPECT_EQ(s.select_list, kWidgetColumns);
  EXPECT_EQ(s.get, "SELECT " + kWidgetColumns + " FROM contract_widget WHERE client_id = $1 AND id = $2");
  EXPECT_EQ(s.exists, "SELECT 1 FROM contract_widget WHERE client_id = $1 AND id = $2");
  EXPECT_EQ(s.remove, "DELETE FROM contract_widget WHERE client_id = $1 AND id = $2");
  EXPECT_EQ(s.existing, "SELECT id FROM contract_widget WHERE client_id = $1 AND id = ANY($2::bigint[])");
  EXPECT_EQ(s.get_many, "SELECT " + kWidgetColumns +
                            " FROM contract_widget WHERE client_id = $1 AND id = ANY($2::bigint[]) ORDER BY id");
  EXPECT_EQ(s.get_many_owners,
            "(SELECT id FROM contract_widget WHERE client_id = $1 AND id = ANY($2::bigint[]))");
  EXPECT_EQ(s.insert,
            "INSERT INTO contract_widget (client_id, code, label, count, flag, price, valid_from, valid_to, uid, "
            "parent_id, is_active, changed, changed_by, code_key) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, "
            "$11, $12, $13, $14) RETURNING id");
  EXPECT_EQ(s.update,
            "UPDATE contract_widget SET code = $3, label = $4, count = $5, flag = $6, price = $7, valid_from = $8, "
            "valid_to = $9, uid = $10, parent_id = $11, is_active = $12, changed = $13, changed_by = $14, "
            "code_key = $15 WHERE client_id = $1 AND id = $2");
  ASSERT_EQ(s.find_unique.size(), 1u);
  EXPECT_EQ(s.find_unique[0], "SELECT id FROM contract_widget WHERE client_id = $1 AND code_key = $2");
  // One index probe per key, whatever the table's statistics say (dialect.hpp, text_set_rows).
  EXPECT_EQ(s.find_unique_many[0],
            "SELECT k.v, t.id FROM unnest($2::text[]) AS k(v) CROSS JOIN LATERAL (SELECT id FROM contract_widget "
            "WHERE client_id = $1 AND code_key = k.v LIMIT 1) AS t");
  EXPECT_EQ(s.text_slots, (std::vector<int>{0, 1})) << "FullName is computed, not stored";
  EXPECT_EQ(s.texts_of_one, "SELECT owner_id, culture, name, description FROM contract_widget_culture WHERE owner_id = $1");
  EXPECT_EQ(s.texts_of_owners + s.get_many_owners,
            "SELECT owner_id, culture, name, description FROM contract_widget_culture WHERE owner_id IN "
            "(SELECT id FROM contract_widget WHERE client_id = $1 AND id = ANY($2::bigint[]))");
  EXPECT_EQ(s.texts_insert,
            "INSERT INTO contract_widget_culture (owner_id, culture, name, description) VALUES ($1, $2, $3, $4)");
  EXPECT_EQ(s.texts_delete, "DELETE FROM contract_widget_culture WHERE owner_id = $1");
  EXPECT_EQ(s.collection_of_one[0],
            "SELECT owner_id, part_id, quantity FROM contract_widget_part WHERE owner_id = $1 ORDER BY part_id");
  EXPECT_EQ(s.collection_insert[0], "INSERT INTO contract_widget_part (owner_id, part_id, quantity) VALUES ($1, $2, $3)");
  EXPECT_EQ(s.collection_delete[0], "DELETE FROM contract_widget_part WHERE owner_id = $1");
  EXPECT_EQ(change_log_insert(pg()),
            "INSERT INTO change_log (client_id, resource, entity_id, kind, at, account) VALUES ($1, $2, $3, $4, $5, $6) "
            "RETURNING seq");
  EXPECT_EQ(next_instant(widget(), pg(), {"ValidFrom", "ValidTo"}),
            "SELECT min(v) FROM (SELECT min(valid_from) AS v FROM contract_widget WHERE client_id = $1 AND "
            "valid_from > $2 UNION ALL SELECT min(valid_to) AS v FROM contract_widget WHERE client_id = $1 AND "
            "valid_to > $2) AS instants");
}

TEST(SqlGenerator, ScopeMembersNarrowUniqueLookups) {
  auto s = build(link(), pg());
  EXPECT_EQ(s.scope_fields, std::vector<int>{1});
  EXPECT_EQ(s.select_list, "id, application_id, code, widget_id");
  EXPECT_EQ(s.find_unique[0],
            "SELECT id FROM contract_link WHERE client_id = $1 AND code_key = $2 AND application_id = $3");
  EXPECT_EQ(s.find_unique_many[0],
            "SELECT k.v, t.id FROM unnest($2::text[]) AS k(v) CROSS JOIN LATERAL (SELECT id FROM contract_link "
            "WHERE client_id = $1 AND code_key = k.v AND application_id = $3 LIMIT 1) AS t");
  EXPECT_TRUE(s.texts_insert.empty());
  auto ddl = reconcile(link(), pg(), nothing);
  ASSERT_EQ(ddl.size(), 2u);
  EXPECT_EQ(ddl[1], "CREATE UNIQUE INDEX contract_link_code_key ON contract_link (client_id, application_id, code_key)");
}

// A child resource's unique keys hold within its parent too (Resource::unique_within): the parent's column joins
// the Scope ones in every look-up and in the index, after them.
TEST(SqlGenerator, UniqueKeysHoldWithinAParentMember) {
  registry::Resource child = link();
  child.unique_within = {"WidgetId"};
  auto s = build(child, pg());
  EXPECT_EQ(s.scope_fields, (std::vector<int>{1, 3}));
  EXPECT_EQ(s.find_unique[0], "SELECT id FROM contract_link WHERE client_id = $1 AND code_key = $2 AND "
                              "application_id = $3 AND widget_id = $4");
  EXPECT_EQ(build(child, lite()).find_unique[0], "SELECT id FROM contract_link WHERE client_id = ?1 AND code_key = ?2 "
                                                 "AND application_id = ?3 AND widget_id = ?4");
  auto ddl = reconcile(child, pg(), nothing);
  ASSERT_EQ(ddl.size(), 2u);
  EXPECT_EQ(ddl[1],
            "CREATE UNIQUE INDEX contract_link_code_key ON contract_link (client_id, application_id, widget_id, code_key)");
}

TEST(SqlGenerator, PostgresListFilters) {
  auto s = build(widget(), pg());
  registry::ListQuery q;
  q.where = Expr::all_of({Expr::cmp(Expr::Op::Eq, "IsActive", true),
                          Expr::any_of({Expr::cmp(Expr::Op::Ge, "ValidFrom", Instant{5}), Expr::null_check(true, "ValidFrom")}),
                          Expr::contains_folded({"Code", "Label"}, "år")});
  q.limit = 20;
  q.offset = 40;
  auto l = list(widget(), s, pg(), q, 7);
  const std::string tail =
      " FROM contract_widget WHERE client_id = $1 AND (is_active = $2 AND (valid_from >= $3 OR valid_from IS NULL) "
      "AND (strpos(lower(code), lower($4)) > 0 OR strpos(lower(label), lower($5)) > 0)) ORDER BY id LIMIT $6 OFFSET $7";
  EXPECT_EQ(l.sql, "SELECT " + kWidgetColumns + tail);
  EXPECT_EQ(l.owners, "(SELECT id" + tail + ")");
  ASSERT_EQ(l.params.size(), 7u);
  EXPECT_EQ(l.params[0], Cell{int64_t{7}});
  EXPECT_EQ(l.params[1], Cell{true});
  EXPECT_EQ(l.params[2], Cell{Instant{5}});
  EXPECT_EQ(l.params[3], Cell{std::string("år")});
  EXPECT_EQ(l.params[5], Cell{int64_t{20}});
  EXPECT_EQ(l.params[6], Cell{int64_t{40}});

  auto all = list(widget(), s, pg(), {}, 7);
  EXPECT_EQ(all.sql, "SELECT " + kWidgetColumns +
                         " FROM contract_widget WHERE client_id = $1 AND TRUE ORDER BY id LIMIT $2 OFFSET $3");
  EXPECT_TRUE(registry::is_null(all.params[1])) << "no limit is LIMIT NULL";
  std::string sql;
  std::vector<Cell> params;
  compile(widget(), pg(), Expr::any_of({}), sql, params);
  EXPECT_EQ(sql, "FALSE");
  EXPECT_THROW(compile(widget(), pg(), Expr::cmp(Expr::Op::Eq, "Name", std::string("x")), sql, params),
               store::StoreError);
}

TEST(SqlGenerator, SqliteListKeepsThePlannerOnTheKey) {
  auto s = build(widget(), lite());
  auto l = list(widget(), s, lite(), {Expr::cmp(Expr::Op::Lt, "Count", int64_t{3}), std::nullopt, 0}, 7);
  EXPECT_EQ(l.sql, "SELECT " + kWidgetColumns +
                       " FROM contract_widget WHERE +client_id = ?1 AND count < ?2 ORDER BY id LIMIT ?3 OFFSET ?4");
  EXPECT_EQ(l.params[2], Cell{int64_t{-1}}) << "no limit is LIMIT -1";
  std::string sql;
  std::vector<Cell> params;
  compile(widget(), lite(), Expr::cmp(Expr::Op::Gt, "Price", *Decimal::parse("9")), sql, params);
  EXPECT_EQ(sql, "CAST(price AS REAL) > CAST(?1 AS REAL)") << "text decimals compare as numbers";
  sql.clear();
  compile(widget(), pg(), Expr::cmp(Expr::Op::Gt, "Price", *Decimal::parse("9")), sql, params);
  EXPECT_EQ(sql, "price > $2");
  EXPECT_EQ(s.insert.find("RETURNING"), std::string::npos);
}

TEST(SqlGenerator, PostgresDdlForANewResource) {
  auto ddl = reconcile(widget(), pg(), nothing);
  ASSERT_EQ(ddl.size(), 4u);
  EXPECT_EQ(ddl[0],
            "CREATE TABLE contract_widget (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, client_id bigint "
            "NOT NULL, code text, label text, count bigint, flag boolean, price numeric, "
            "valid_from timestamptz, valid_to timestamptz, uid text, parent_id bigint, is_active boolean, changed "
            "timestamptz, changed_by text, code_key text)");
  EXPECT_EQ(ddl[1], "CREATE UNIQUE INDEX contract_widget_code_key ON contract_widget (client_id, code_key)");
  EXPECT_EQ(ddl[2],
            "CREATE TABLE contract_widget_culture (owner_id bigint NOT NULL REFERENCES contract_widget(id), culture "
            "text NOT NULL, name text, description text, PRIMARY KEY (owner_id, culture))");
  EXPECT_EQ(ddl[3],
            "CREATE TABLE contract_widget_part (owner_id bigint NOT NULL REFERENCES contract_widget(id), part_id "
            "bigint, quantity bigint, PRIMARY KEY (owner_id, part_id))");
}

TEST(SqlGenerator, DdlExtendsExistingTablesAdditively) {
  auto have = [](std::string_view t) -> std::set<std::string> {
    if (t == "contract_widget") return {"id", "client_id", "code", "label", "count", "flag", "price", "valid_from",
                                        "valid_to", "uid", "parent_id", "is_active", "changed", "changed_by"};
    if (t == "contract_widget_culture") return {"owner_id", "culture", "name"};
    if (t == "contract_widget_part") return {"owner_id", "part_id", "quantity"};
    return {};
  };
  EXPECT_EQ(reconcile(widget(), pg(), have),
            (std::vector<std::string>{
                "ALTER TABLE contract_widget ADD COLUMN code_key text",
                "CREATE UNIQUE INDEX contract_widget_code_key ON contract_widget (client_id, code_key)",
                "ALTER TABLE contract_widget_culture ADD COLUMN description text"}));
  auto lite_ddl = reconcile(widget(), lite(), nothing);
  EXPECT_EQ(lite_ddl[0].rfind("CREATE TABLE contract_widget (id INTEGER PRIMARY KEY, client_id INTEGER NOT NULL, "
                              "code TEXT, label TEXT, count INTEGER, flag INTEGER, price TEXT",
                              0),
            0u);
  EXPECT_NE(lite_ddl[2].find(") WITHOUT ROWID"), std::string::npos);
  EXPECT_NE(lite_ddl[3].find(") WITHOUT ROWID"), std::string::npos);
}

TEST(SqlGenerator, PostgresSetBasedWrites) {
  auto s = build(widget(), pg());
  EXPECT_EQ(s.allocate_ids,
            "WITH s AS MATERIALIZED (SELECT pg_get_serial_sequence('contract_widget', 'id')::regclass AS seq) "
            "SELECT nextval(s.seq) FROM s, generate_series(1, $1)");
  EXPECT_EQ(s.insert_set,
            "INSERT INTO contract_widget (client_id, id, code, label, count, flag, price, valid_from, valid_to, uid, "
            "parent_id, is_active, changed, changed_by, code_key) SELECT $1, * FROM unnest($2::bigint[], $3::text[], "
            "$4::text[], $5::bigint[], $6::boolean[], $7::numeric[], $8::timestamptz[], $9::timestamptz[], $10::text[], "
            "$11::bigint[], $12::boolean[], $13::timestamptz[], $14::text[], $15::text[])");
  EXPECT_EQ(s.update_set,
            "UPDATE contract_widget SET code = v.code, label = v.label, count = v.count, flag = v.flag, price = v.price, "
            "valid_from = v.valid_from, valid_to = v.valid_to, uid = v.uid, parent_id = v.parent_id, is_active = "
            "v.is_active, changed = v.changed, changed_by = v.changed_by, code_key = v.code_key FROM unnest("
            "$2::bigint[], $3::text[], $4::text[], $5::bigint[], $6::boolean[], $7::numeric[], $8::timestamptz[], "
            "$9::timestamptz[], $10::text[], $11::bigint[], $12::boolean[], $13::timestamptz[], $14::text[], "
            "$15::text[]) AS v(id, code, label, count, flag, price, valid_from, valid_to, uid, parent_id, is_active, "
            "changed, changed_by, code_key) WHERE contract_widget.client_id = $1 AND contract_widget.id = v.id "
            "RETURNING contract_widget.id");
  EXPECT_EQ(s.texts_insert_set,
            "INSERT INTO contract_widget_culture (owner_id, culture, name, description) SELECT * FROM "
            "unnest($1::bigint[], $2::text[], $3::text[], $4::text[])");
  EXPECT_EQ(s.texts_delete_set, "DELETE FROM contract_widget_culture WHERE owner_id = ANY($1::bigint[])");
  ASSERT_EQ(s.collection_insert_set.size(), 1u);
  EXPECT_EQ(s.collection_insert_set[0],
            "INSERT INTO contract_widget_part (owner_id, part_id, quantity) SELECT * FROM unnest($1::bigint[], "
            "$2::bigint[], $3::bigint[])");
  EXPECT_EQ(s.collection_delete_set[0], "DELETE FROM contract_widget_part WHERE owner_id = ANY($1::bigint[])");
  EXPECT_EQ(unique_index(widget(), "Code"), "contract_widget_code_key") << "the name reconcile() gives the index";

  // SQLite has no column arrays: it loops over one prepared statement, and these stay empty.
  auto lite_sql = build(widget(), lite());
  EXPECT_TRUE(lite_sql.allocate_ids.empty());
  EXPECT_TRUE(lite_sql.insert_set.empty());
  EXPECT_TRUE(lite_sql.update_set.empty());
  EXPECT_TRUE(lite_sql.texts_insert_set.empty());
  EXPECT_TRUE(lite_sql.collection_insert_set.empty());
}

TEST(SqlGenerator, AncestorsInOneRecursiveStatement) {
  auto s = build(widget(), pg());
  auto q = ancestors(widget(), s, pg(), "ParentId", 7, 42, 10);
  const std::string columns =
      "code, label, count, flag, price, valid_from, valid_to, uid, parent_id, is_active, changed, changed_by";
  const std::string carried =
      "contract_widget.code, contract_widget.label, contract_widget.count, contract_widget.flag, "
      "contract_widget.price, contract_widget.valid_from, contract_widget.valid_to, contract_widget.uid, "
      "contract_widget.parent_id, contract_widget.is_active, contract_widget.changed, contract_widget.changed_by";
  // Each step joins the next row by its key and checks the tenant; the rows come from the chain itself.
  const std::string chain =
      "WITH RECURSIVE chain AS (SELECT 1 AS chain_depth, id, parent_id AS chain_up, " + columns +
      " FROM contract_widget WHERE client_id = $1 AND id = $2 UNION ALL SELECT chain.chain_depth + 1, "
      "contract_widget.id, contract_widget.parent_id, " + carried +
      " FROM chain JOIN contract_widget ON contract_widget.id = chain.chain_up AND contract_widget.client_id = $1 "
      "WHERE chain.chain_depth < $3) ";
  EXPECT_EQ(q.sql, chain + "SELECT id, " + columns + " FROM chain ORDER BY chain_depth");
  EXPECT_EQ(q.owners, "(" + chain + "SELECT id FROM chain)");
  EXPECT_EQ(q.params, (std::vector<Cell>{Cell{int64_t{7}}, Cell{int64_t{42}}, Cell{int64_t{10}}}));
  EXPECT_EQ(ancestor_ids(widget(), pg(), "ParentId"),
            "WITH RECURSIVE chain AS (SELECT 1 AS chain_depth, id, parent_id AS chain_up FROM contract_widget WHERE "
            "client_id = $1 AND id = $2 UNION ALL SELECT chain.chain_depth + 1, contract_widget.id, "
            "contract_widget.parent_id FROM chain JOIN contract_widget ON contract_widget.id = chain.chain_up AND "
            "contract_widget.client_id = $1 WHERE chain.chain_depth < $3) SELECT id FROM chain ORDER BY chain_depth");
  EXPECT_THROW(ancestors(widget(), s, pg(), "Name", 7, 42, 10), store::StoreError) << "a text, not a column";
}

// The Query API's operators (issue 10): every value a parameter, string functions as positions and substrings
// with the needle's type spelled out for PostgreSQL, and an order with nulls placed alike on both engines.
TEST(SqlGenerator, QueryOperatorsAndOrderAreParameterised) {
  std::string sql;
  std::vector<Cell> params;
  Expr folded = Expr::cmp(Expr::Op::StartsWith, "Label", std::string("a'b"));
  folded.fold_field = true;
  compile(widget(), pg(),
          Expr::all_of({Expr::cmp(Expr::Op::Ne, "Count", int64_t{2}), Expr::negate(std::move(folded)),
                        Expr::cmp(Expr::Op::EndsWith, "Code", std::string("%")),
                        Expr::cmp(Expr::Op::Gt, registry::kRowId, int64_t{9})}),
          sql, params);
  EXPECT_EQ(sql,
            "((count IS NULL OR count <> $1) AND (NOT COALESCE(substr(lower(label), 1, length(CAST($2 AS text))) = $2, "
            "FALSE)) AND (length(code) >= length(CAST($3 AS text)) AND substr(code, length(code) - "
            "length(CAST($3 AS text)) + 1) = $3) AND id > $4)");
  ASSERT_EQ(params.size(), 4u);
  registry::ListQuery q;
  q.order = {{"Price", true}, {"Code", false}};
  auto l = list(widget(), build(widget(), lite()), lite(), q, 7);
  EXPECT_NE(l.sql.find(" ORDER BY CAST(price AS REAL) DESC NULLS LAST, code NULLS FIRST, id LIMIT"), std::string::npos)
      << l.sql;
  q.order = {{"Id", true}};
  l = list(widget(), build(widget(), pg()), pg(), q, 7);
  EXPECT_NE(l.sql.find(" ORDER BY id DESC LIMIT"), std::string::npos) << "the id is the last key already";
  // The id takes no NULLS clause (it is never null): "id NULLS FIRST" is not the primary key's order to
  // PostgreSQL's planner, which then sorts every match rather than walk the key up to the LIMIT.
  q.order = {{"Code", false}, {registry::kRowId, false}};
  l = list(widget(), build(widget(), pg()), pg(), q, 7);
  EXPECT_NE(l.sql.find(" ORDER BY code NULLS FIRST, id LIMIT"), std::string::npos) << l.sql;
  q.order = {{registry::kRowId, false}};
  l = list(widget(), build(widget(), pg()), pg(), q, 7);
  EXPECT_NE(l.sql.find(" ORDER BY id LIMIT"), std::string::npos) << l.sql;
}

// A projection selects the id and the named columns once each, in the order named; members without a column
// (the Id, a text) add nothing.
TEST(SqlGenerator, ListSelectsOnlyAProjection) {
  registry::ListQuery q;
  q.only = registry::Projection{{"Count", "Id", "Name", "Code", "Count"}};
  const auto& r = widget();
  auto l = list(r, build(r, pg()), pg(), q, 7);
  EXPECT_EQ(l.sql, "SELECT id, count, code FROM contract_widget WHERE client_id = $1 AND TRUE ORDER BY id LIMIT $2 OFFSET $3");
  EXPECT_EQ(l.fields, (std::vector<int>{r.field_index("Count"), r.field_index("Code")}));
  EXPECT_EQ(l.owners, "(SELECT id FROM contract_widget WHERE client_id = $1 AND TRUE ORDER BY id LIMIT $2 OFFSET $3)");
  q.only.reset();
  EXPECT_EQ(list(r, build(r, pg()), pg(), q, 7).fields, build(r, pg()).column_fields) << "unset: every column";
}
