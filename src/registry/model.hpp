// The resource registry's vocabulary. One Resource value describes a Management API resource completely:
// its JSON members (name, type, nullability, limits, role), its culture texts, unique keys, soft delete and
// operations. That single description drives request parsing and validation (management/input), storage
// (store/sqlite/schema), response writing (management/render), routing (management/router) and the served
// OpenAPI document (registry/openapi). Business rules that are not expressible as data live in Rules, beside
// the resource's description (management/resources/*).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/decimal.hpp"
#include "core/problem.hpp"
#include "core/time.hpp"
#include "registry/operation.hpp"


namespace norced::registry {

enum class Type : uint8_t { Int, Bool, String, Decimal, DateTime, Guid, Array };

// What a member is and who writes it.
enum class Role : uint8_t {
  Id,             // the key: server-set on insert; on update it must be absent, 0 or equal to the path id
  Stored,         // a column of the resource's table, written by the client
  Audit,          // a column written by the server (Changed, ChangedBy); ignored on input
  Derived,        // computed by the resource's rules when read (names of references, state flags); ignored on input
  Text,           // a culture text in the application's culture, falling back to the client's default culture
  DefaultText,    // the same text in the client's default culture
  TextInherited,  // true when the application's culture has no own text and shows the default one
  Cultures,       // the Cultures array: each client culture's own texts
  Custom,         // parsed, stored and written by the resource's rules (e.g. Category.VatCodes)
  Scope,          // a column holding the caller's application id: rows belong to one application (the
                  // application-id header), every operation is narrowed to it, unique keys hold per
                  // application; never read from or written to JSON
};

struct Field {
  std::string_view name;  // JSON member name exactly as the Norce catalog spells it
  Type type;
  Role role;
  bool nullable = true;
  int max_length = 0;           // strings: maximum length in characters; 0 = none
  std::string_view text;        // Text / DefaultText / TextInherited: the text slot it shows
  std::vector<int64_t> allowed; // Int: the allowed values; empty = any int32
  std::string_view references;  // Stored Int: the resource whose id it names (checked within the client)
  std::string_view item_model;  // Array: the element model's name (OpenAPI)
  std::string_view description;
  std::optional<bool> default_bool;  // value a missing Bool gets (else false)
  std::string_view column;           // SQL column when not the snake_case of the name (a link's "Id" that
                                     // holds a system-wide id is "currency_id": the row's own id is "id")
  // A write must give it: the Norce catalog marks it required, or a rule refuses the default a missing member
  // gets (a link's Id of 0 names nothing). The OpenAPI document lists it under `required`; for a member the
  // server ignores on input (readOnly) that means only that every response carries it.
  bool required = false;
  // String: the allowed values, matched ignoring ASCII letter case and stored as spelled here (a Norce enum
  // sent as text, ParametricModel.Type); empty = any string.
  std::vector<std::string_view> allowed_text;
};

// A culture text: stored per culture in <table>_culture, or computed by a rule (stored = false).
struct TextSlot {
  std::string_view name;
  int max_length = 0;
  bool stored = true;
};

// A child collection stored in its own table, keyed by the owner and one integer key (e.g. a sales area).
// Rows are integers only; the rules give them meaning.
struct Collection {
  std::string_view field;    // the JSON member that shows it ("VatCodes")
  std::string_view table;    // "category_vat_code"
  std::vector<std::string_view> columns;  // first is the key within the owner
  // The resource whose ids the key column holds, when the collection links its owner to rows of another
  // resource (a product's Categories): the Query API makes it a collection navigation. Empty otherwise.
  std::string_view references = {};
};

// A cell of an entity: null, integer, bool, string, exact decimal or UTC instant.
struct Instant {
  timeutil::Micros micros;
  bool operator==(const Instant&) const = default;
};
using Cell = std::variant<std::monostate, int64_t, bool, std::string, Decimal, Instant>;

inline bool is_null(const Cell& c) { return std::holds_alternative<std::monostate>(c); }

struct CultureTexts {
  std::string culture;                           // "sv-SE"
  std::vector<std::optional<std::string>> texts; // one per TextSlot of the resource
};

// One row of a resource as loaded from or written to the store.
struct Entity {
  int64_t id = 0;
  std::vector<Cell> cells;             // one per Field, by index; Stored/Audit from the store, Derived by rules
  std::vector<CultureTexts> cultures;  // own texts per culture (stored slots from the store, others by rules)
  std::vector<std::vector<std::vector<int64_t>>> collections;  // per Collection: rows of integer columns

  CultureTexts* texts_of(std::string_view culture);
  const CultureTexts* texts_of(std::string_view culture) const;
};

// A backend-neutral filter for list queries. A comparison with a null value matches nothing (Eq with null is
// IsNull's job); Ne also matches rows whose member is null (a null is not equal to a value), and Not inverts
// its one argument as two-valued logic: a comparison that met a null counts as false before it is inverted.
struct Expr {
  enum class Op : uint8_t {
    And, Or, Eq, Lt, Le, Gt, Ge, IsNull, NotNull, ContainsFolded, True,
    Ne,          // not equal, or null
    Not,         // args[0] is false
    Contains,    // the String member holds `value` (case-sensitive unless fold_field)
    StartsWith,  // the String member begins with `value`
    EndsWith,    // the String member ends with `value`
  };
  Op op = Op::True;
  std::vector<Expr> args;              // And / Or; Not: one
  std::vector<std::string_view> fields; // comparisons: one field; ContainsFolded: any of these fields
  Cell value;
  // Comparisons and Contains/StartsWith/EndsWith: compare the member's case-folded text (store/fold_case.hpp)
  // rather than the text itself (OData's tolower(Member)). `value` is compared as given.
  bool fold_field = false;

  static Expr all_of(std::vector<Expr> a) { return {Op::And, std::move(a), {}, {}}; }
  static Expr any_of(std::vector<Expr> a) { return {Op::Or, std::move(a), {}, {}}; }
  static Expr negate(Expr e) { return {Op::Not, {std::move(e)}, {}, {}}; }
  static Expr cmp(Op op, std::string_view field, Cell v) { return {op, {}, {field}, std::move(v)}; }
  static Expr null_check(bool is_null, std::string_view f) { return {is_null ? Op::IsNull : Op::NotNull, {}, {f}, {}}; }
  static Expr contains_folded(std::vector<std::string_view> f, std::string needle) {
    return {Op::ContainsFolded, {}, std::move(f), std::move(needle)};
  }
};

// The name that stands for the row's own id (the store's key) in an Expr or an OrderKey. It is the Id member
// where a resource has one, but a link's "Id" member is the system-wide id it links to (Field::column) and its
// row id is no member at all; a continuation by key (the Query API's paging) needs the row id either way.
inline constexpr std::string_view kRowId = "$rowid";

// One key of a list's order. Nulls sort before every value (so first ascending, last descending) on every
// engine, and the row id always breaks ties last, so an order is total and a page can continue after a row.
struct OrderKey {
  std::string_view field;  // a member with a column, the Id, or kRowId
  bool descending = false;
};

// What a list reads of each row, for a reader that shows a few members (the Query API): the row id, the
// columns of `members` (a member without a column, such as the Id, adds nothing), the culture texts only when
// `texts`, and never the collections. Every other cell stays null, so such rows are for showing, not for
// writing back.
struct Projection {
  std::vector<std::string_view> members;
  bool texts = false;
};

struct ListQuery {
  Expr where;                        // Op::True = everything
  std::optional<int64_t> limit;      // paging
  int64_t offset = 0;
  std::vector<OrderKey> order;       // empty = id order
  std::optional<Projection> only;    // unset = the whole entity: every column, the texts and the collections
};

struct QueryParam {
  std::string_view name;
  Type type;
  std::string_view description;
  std::vector<std::string_view> allowed;
  std::string_view default_value;
};

struct Resource;

// The query parameters of a list request, names matched without regard to case.
struct ListParams {
  std::vector<std::pair<std::string, std::string>> values;
  const std::string* find(std::string_view name) const;
};


// A nested model that is not a resource (array elements such as SalesAreaVatCodeModel), for OpenAPI.
struct Model {
  std::string_view name;
  std::vector<Field> fields;
};

struct Resource {
  std::string_view name;          // "Category"
  std::string_view model;         // "CategoryModel"
  std::string_view culture_model; // "CategoryCultureModel" (when texts exist)
  std::string_view path;          // the group's base under api/: "category", "pricing/pricelist"
  std::string_view table;         // SQL table; empty for views of reference data (rules.list_provider)
  std::string_view tag;           // OpenAPI tag
  std::vector<Field> fields;      // in JSON member order
  std::vector<TextSlot> texts;    // in the culture model's order
  std::vector<Collection> collections;
  std::vector<std::string_view> unique;  // Stored String fields unique per client, ignoring letter case
  // Members besides the Scope ones within which the unique keys hold: a child resource's parent, bound by a path
  // parameter (a list value's Code is unique within its ParametricId, a category link's Id within its CategoryId).
  std::vector<std::string_view> unique_within;
  bool soft_delete = true;        // has IsActive; lists show active ones, `deleted` the others
  // The Int member that links a row to its parent row of the same resource, when the rows form a tree
  // (no cycles, bounded depth: management/hierarchy.hpp); empty otherwise.
  std::string_view tree_parent;
  bool feeds_reference_data = false;  // a change retires the client's cached reference data too
  std::vector<Operation> operations;  // what it serves (registry/operation.hpp)
  std::vector<QueryParam> list_params;
  std::vector<Model> nested_models;  // element models of Custom arrays
  // A JSON object that a POST of this resource accepts in a new client's database (the reference data every
  // client gets). The OpenAPI document shows it as the model's example, and the generated API tests
  // (tests/api/generated_test.cpp) build every request body from it, so a resource with Insert needs one.
  // A non-null reference member (Field::references) stands for a row the tests first make from the referenced
  // resource's own example; members bound by a path parameter other than id give that parameter's value.
  std::string_view example;
  // For a reference member of the example whose row the referenced resource's own example cannot stand for, the
  // body of that row instead (a multiple-choice value's parametric must be of type multiple): member -> JSON.
  std::vector<std::pair<std::string_view, std::string_view>> example_references;
  // Behaviour a layer above attaches to the description (the Management API's business rules, see
  // management/rules.hpp). The registry only carries it: it is a pure description and names nothing above it.
  std::shared_ptr<const void> behavior;

  int field_index(std::string_view name) const;  // -1 when absent
  std::vector<int> scope_fields() const;         // indexes of the Scope members, in order
  // Indexes of the members a unique key holds within: the Scope members, then `unique_within`, in order.
  std::vector<int> unique_scope_fields() const;
  const Field* field(std::string_view name) const;
  int text_index(std::string_view name) const;
  bool has_texts() const { return !texts.empty(); }
  const Operation* find_operation(OpKind kind) const;
};

// Whether the server ignores the member on input, so the OpenAPI document marks it readOnly: the server sets
// it (Id, Audit: an update's Id may only repeat the path id), computes it (Derived), or it shows a culture text
// that is computed rather than stored (FullName with its Default... and Is...Inherited members). Every other
// member is applied on input: stored columns, Custom members, Cultures, stored texts, their Default<Text>
// (written when the application's culture is not the default one) and their Is<Text>Inherited (read as a hint
// by management/texts.cpp).
bool read_only(const Resource& r, const Field& f);

// Column name of a member in SQL: snake_case of its name ("ParentId" -> "parent_id").
std::string column_name(std::string_view field_name);
// The SQL column of a member: its `column`, else column_name(name).
std::string column_of(const Field& f);
// The same by member name; a name the resource does not have maps to column_name(name).
std::string column_of(const Resource& r, std::string_view member);

}  // namespace norced::registry
