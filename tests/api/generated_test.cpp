// Tests generated from the registry. Every resource in the catalog (management::resources::catalog()) gets the
// generic Management API checks its description implies, so a resource added later is covered without writing
// a test: string limits counted in characters, strict JSON types, null for non-nullable members, unknown
// references, unique keys folded beyond ASCII, the PUT Id rule, unknown ids, the soft-delete round trip, 405
// with the exact Allow header, list answers, and the served OpenAPI document. Each case is a value-parameterised
// gtest instance named after the resource and member (LengthLimit/Category_Code); request bodies start from the
// resource's registry `example`. The per-resource files (category_test.cpp, price_list_test.cpp) keep only each
// resource's own rules.
#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "api/harness.hpp"
#include "connect/import.hpp"
#include "management/resources/resources.hpp"
#include "management/unserved.hpp"

namespace api {
namespace {

namespace reg = norced::registry;
using reg::Field;
using reg::OpKind;
using reg::Resource;
using reg::Role;
using reg::Type;

// An id no test creates, within int32 so that it reaches the store instead of the path check.
constexpr int64_t kUnknownId = 2147483000;
const std::vector<std::string> kMethods = {"GET", "POST", "PUT", "DELETE", "PATCH"};

const std::vector<const Resource*>& resources() { return norced::management::resources::catalog().all(); }

const reg::Operation* op_of(const Resource& r, OpKind k) { return r.find_operation(k); }

// Whether the cases can make as many rows as they need: the resource's rows get their own id from the server.
// A link keyed by a system-wide id or a code (ApplicationCurrency, ApplicationCulture) can hold only the few
// rows the system catalog allows: see keyed().
bool makes_fresh_rows(const Resource& r) {
  const Field* id = r.field("Id");
  return id && id->role == Role::Id;
}

// Whether POST bodies can be built for the resource: it serves Insert, its description has an example, and
// each body can be a new row.
bool insertable(const Resource& r) { return op_of(r, OpKind::Insert) && !r.example.empty() && makes_fresh_rows(r); }

// The member a link is known by when its rows have no id of their own: its Id when that is a system-wide id the
// client gives (a Stored Id: ClientCurrency, ApplicationSalesArea), else its first unique key (ApplicationCulture's
// CultureCode). "" for resources whose rows get their own id.
std::string key_of(const Resource& r) {
  if (makes_fresh_rows(r)) return "";
  if (r.field("Id")) return "Id";
  return r.unique.empty() ? "" : std::string(r.unique.front());
}

// A link keyed by a system-wide id or code: only a few rows can exist, and a new client already has some. Its cases
// PUT to an existing (seeded) row, found through its List, and restore it; its example is POSTed in a new client.
bool keyed(const Resource& r) {
  const std::string key = key_of(r);
  const reg::Operation* update = op_of(r, OpKind::Update);
  return !key.empty() && op_of(r, OpKind::Insert) && !r.example.empty() && op_of(r, OpKind::List) && update &&
         update->param_for(key);
}

// Whether the resource's rows live under a parent its paths name (category/{categoryId}/parametric).
bool under_parent(const Resource& r) {
  const reg::Operation* list = op_of(r, OpKind::List);
  return list && !list->params.empty();
}

// Whether the cases get a row to write to: a new one (insertable) or a seeded one (keyed).
bool has_rows(const Resource& r) { return insertable(r) || keyed(r); }

// The path id of a row given by a body or a listed item: its integer Id, else 0 (a link keyed by a code takes its
// path from the body: path_of).
int64_t id_in(const Json& body) {
  return body.contains("Id") && body["Id"].is_number_integer() ? body["Id"].get<int64_t>() : 0;
}

// A copy without the "$id" members a response numbers its objects with.
Json without_ids(const Json& v) {
  if (v.is_array()) {
    Json out = Json::array();
    for (const auto& e : v) out.push_back(without_ids(e));
    return out;
  }
  if (!v.is_object()) return v;
  Json out = Json::object();
  for (auto it = v.begin(); it != v.end(); ++it)
    if (it.key() != "$id") out[it.key()] = without_ids(it.value());
  return out;
}

// ASCII letters in the other case: "en-US" -> "EN-us".
std::string swap_case(std::string s) {
  for (char& c : s) c = std::islower(static_cast<unsigned char>(c)) ? static_cast<char>(std::toupper(c))
                                                                    : static_cast<char>(std::tolower(c));
  return s;
}

// Members the server reads on input: exactly those the OpenAPI document does not mark readOnly.
bool read_on_input(const Resource& r, const Field& f) { return f.role != Role::Scope && !reg::read_only(r, f); }

// The limit of a writable string member in characters: its own, or its culture text slot's.
int max_length_of(const Resource& r, const Field& f) {
  if (f.type != Type::String || !read_on_input(r, f)) return 0;
  if (f.role == Role::Stored) return f.max_length;
  if (f.role == Role::Text || f.role == Role::DefaultText) return r.texts[r.text_index(f.text)].max_length;
  return 0;
}

// Whether a member's value written on input is what a GET shows in a new client's default-culture application.
// Default<Text> is checked there but not applied (docs/decisions.md, culture texts).
bool round_trips(const Field& f) { return f.role == Role::Stored || f.role == Role::Text; }

// A value no other call in this process has produced, for unique keys.
std::string fresh(const std::string& prefix) {
  static int n = 0;
  return prefix + std::to_string(++n);
}

// The example (or `example`, another body of the resource) with a fresh value in every unique key, so each body
// can be inserted as a new row (the fixtures' body_for also resolves its references).
Json example_body(const Resource& r, std::string_view example = {}) {
  Json body = Json::parse(example.empty() ? r.example : example);
  if (!makes_fresh_rows(r)) return body;  // a keyed link's key is a system-wide id or code: the example's stands
  for (auto u : r.unique) body[std::string(u)] = fresh("G");
  return body;
}

// The body of the row a reference member of r's example stands for: the referenced resource's own example, or the
// one r gives for that member (Resource::example_references).
std::string_view example_of_reference(const Resource& r, const Field& f) {
  for (const auto& [member, body] : r.example_references)
    if (member == f.name) return body;
  return {};
}

// Whether a JSON value can stand in a path parameter of this type: the route takes it as a value to look up.
bool routes(const Json& v, reg::ParamType type) {
  return type == reg::ParamType::Int ? v.is_number_integer() : v.is_string();
}

// The concrete path of an operation: {id} is `id`; any other parameter takes the member it binds to from the
// body (the example), so nested resources (parametric/{parametricId}/list) are reached the same way. A body value
// that cannot stand in the path (a wrong type or null under test) routes to 1 or "x": the body's own check answers.
std::string path_of(const reg::Operation& op, int64_t id, const Json& body = Json::object()) {
  std::string out = "/api";
  for (const auto& seg : op.segments) {
    out += "/";
    if (seg.empty() || seg.front() != '{') {
      out += seg;
      continue;
    }
    const std::string name = seg.substr(1, seg.size() - 2);
    const reg::PathParam* p = nullptr;
    for (const auto& q : op.params)
      if (q.name == name) p = &q;
    if (!p || p->member == "Id") {
      out += std::to_string(id);
    } else if (body.contains(p->member) && routes(body[p->member], p->type)) {
      const Json& v = body[p->member];
      out += v.is_string() ? v.get<std::string>() : v.dump();
    } else {
      out += p->type == reg::ParamType::Int ? "1" : "x";
    }
  }
  return out;
}

// A path that routes to the template without naming any row: 1 for integer parameters, "x" for strings.
std::string routable(const reg::Operation& op) {
  std::string out = "/api";
  for (const auto& seg : op.segments) {
    out += "/";
    if (seg.empty() || seg.front() != '{') {
      out += seg;
      continue;
    }
    const std::string name = seg.substr(1, seg.size() - 2);
    bool is_string = false;
    for (const auto& q : op.params)
      if (q.name == name) is_string = q.type == reg::ParamType::String;
    out += is_string ? "x" : "1";
  }
  return out;
}

// Segments with parameters written "{}" and literals lower-cased: two operations at the same route compare equal.
std::string route_key(const reg::Operation& op) {
  std::string key;
  for (const auto& seg : op.segments) {
    std::string s = seg.front() == '{' ? "{}" : seg;
    std::transform(s.begin(), s.end(), s.begin(), ::tolower);
    key += "/" + s;
  }
  return key;
}

std::set<std::string> split_allow(const std::string& allow) {
  std::set<std::string> out;
  std::stringstream ss(allow);
  std::string item;
  while (std::getline(ss, item, ',')) {
    item.erase(0, item.find_first_not_of(' '));
    item.erase(item.find_last_not_of(' ') + 1);
    if (!item.empty()) out.insert(item);
  }
  return out;
}

// The key members (as JSON text) of a list's items: "7", "\"de-DE\"".
std::set<std::string> keys_in(const Json& list, const std::string& member) {
  std::set<std::string> out;
  if (list.is_array())
    for (const auto& item : list)
      if (item.contains(member)) out.insert(item[member].dump());
  return out;
}

std::set<int64_t> ids_in(const Json& list) {
  std::set<int64_t> out;
  if (list.is_array())
    for (const auto& item : list)
      if (item.contains("Id")) out.insert(item["Id"].get<int64_t>());
  return out;
}

// Letters and digits of a path, for case names: "pricing/pricelist/{id}" -> "pricing_pricelist_id".
std::string identifier(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (std::isalnum(static_cast<unsigned char>(c))) out += c;
    else if (!out.empty() && out.back() != '_') out += '_';
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out;
}

// `n` copies of a (possibly multi-byte) letter.
std::string repeat(const std::string& letter, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += letter;
  return out;
}

// ---- parameters ------------------------------------------------------------------------------------------------

struct ResourceCase {
  const Resource* r;
  std::string name;
};
struct MemberCase {
  const Resource* r;
  const Field* f;
  int max_length = 0;
  std::string name;
};
struct PathCase {
  const Resource* r;
  const reg::Operation* op;           // one operation at the path, for a concrete path
  std::set<std::string> allow;        // every method served at the path, by any resource
  std::string name;
};
// A member of an array element: Cultures[0].Name, VatCodes[0].VatCodeId.
struct NestedCase {
  const Resource* r;
  std::string array;    // the resource's array member: "Cultures"
  Json element;         // a valid element without the member ({"CultureCode": "sv-SE"}), or {} when unknown
  std::string member;   // "Name"
  Type type;
  bool nullable = true;
  int max_length = 0;
  std::string name;
  std::string path() const { return array + "[0]." + member; }  // as the problem document names it
};
void PrintTo(const NestedCase& c, std::ostream* os) { *os << c.name; }
void PrintTo(const ResourceCase& c, std::ostream* os) { *os << c.name; }
void PrintTo(const MemberCase& c, std::ostream* os) { *os << c.name; }
void PrintTo(const PathCase& c, std::ostream* os) { *os << c.name; }

template <class Case>
std::string case_name(const ::testing::TestParamInfo<Case>& info) {
  return info.param.name;
}

// Resources that pass `keep`.
std::vector<ResourceCase> resource_cases(bool (*keep)(const Resource&)) {
  std::vector<ResourceCase> out;
  for (const Resource* r : resources())
    if (keep(*r)) out.push_back({r, std::string(r->name)});
  return out;
}

// Members of insertable resources that pass `keep`.
std::vector<MemberCase> member_cases(bool (*keep)(const Resource&, const Field&)) {
  std::vector<MemberCase> out;
  for (const Resource* r : resources()) {
    if (!has_rows(*r)) continue;
    for (const Field& f : r->fields)
      if (keep(*r, f)) out.push_back({r, &f, max_length_of(*r, f), std::string(r->name) + "_" + std::string(f.name)});
  }
  return out;
}

// The members read inside array elements: the culture model's texts and inherited flags (every client has the
// culture sv-SE, docs/decisions.md), and the writable members of a Custom array's element model.
std::vector<NestedCase> nested_cases() {
  std::vector<NestedCase> out;
  for (const Resource* r : resources()) {
    if (!has_rows(*r)) continue;
    for (const Field& f : r->fields) {
      const std::string array(f.name);
      if (f.role == Role::Cultures) {
        const Json culture = {{"CultureCode", "sv-SE"}};
        for (const auto& t : r->texts) {
          if (!t.stored) continue;
          const std::string text(t.name);
          out.push_back({r, array, culture, text, Type::String, true, t.max_length,
                         std::string(r->name) + "_" + array + "_" + text});
          const std::string flag = "Is" + text + "Inherited";
          out.push_back({r, array, culture, flag, Type::Bool, false, 0, std::string(r->name) + "_" + array + "_" + flag});
        }
      } else if (f.role == Role::Custom && f.type == Type::Array) {
        for (const auto& m : r->nested_models) {
          if (m.name != f.item_model) continue;
          for (const Field& member : m.fields)
            if (member.role == Role::Stored)
              out.push_back({r, array, Json::object(), std::string(member.name), member.type, member.nullable,
                             member.max_length,
                             std::string(r->name) + "_" + array + "_" + std::string(member.name)});
        }
      }
    }
  }
  return out;
}

std::vector<PathCase> path_cases() {
  std::map<std::string, std::set<std::string>> methods;  // route key -> every method served there
  for (const Resource* r : resources())
    for (const auto& op : r->operations) methods[route_key(op)].insert(op.method);
  std::vector<PathCase> out;
  std::set<std::string> seen;
  for (const Resource* r : resources())
    for (const auto& op : r->operations)
      if (seen.insert(route_key(op)).second)
        out.push_back({r, &op, methods[route_key(op)], std::string(r->name) + "_" + identifier(op.path)});
  return out;
}

// Values of a JSON type the member does not have. Numeric and boolean strings are included: types are strict.
std::vector<Json> wrong_values(Type type) {
  switch (type) {
    case Type::Int:
      return {"5", true, Json::object(), Json::array()};
    case Type::Bool:
      return {"true", 1, Json::object()};
    case Type::String:
      return {12, false, Json::object(), Json::array()};
    case Type::Decimal:
      return {"1.5", true, Json::object()};
    case Type::DateTime:
      return {20250101, true, Json::object()};
    case Type::Guid:
      return {12, Json::array()};
    case Type::Array:
      return {"x", 12, Json::object()};
  }
  return {Json::object()};
}

// ---- fixtures: one server per suite ----------------------------------------------------------------------------

template <class Derived, class Param>
class Generated : public ServerFixture<Derived, ::testing::TestWithParam<Param>> {
 protected:
  static Session session() { return ServerFixture<Derived, ::testing::TestWithParam<Param>>::server().default_session(); }
  static TestServer& srv() { return ServerFixture<Derived, ::testing::TestWithParam<Param>>::server(); }

  // The example with fresh unique keys and its references resolved: a reference member the example gives a
  // value names a row of the referenced resource made from that resource's own example (once per server), so
  // an example may rely on rows a new client does not have.
  static Json body_for(const Resource& r) { return body_in(session(), r); }
  // The same for the client of `s` (a test's own tenant): the rows its references name are that client's.
  static Json body_in(const Session& s, const Resource& r, std::string_view example = {}, int depth = 0) {
    // (server data folder, application, resource, example) -> the row made
    static std::map<std::tuple<std::string, int64_t, const Resource*, std::string_view>, int64_t> made;
    Json body = example_body(r, example);
    for (const Field& f : r.fields) {
      const std::string name(f.name);
      if (f.role != Role::Stored || f.references.empty() || !body.contains(name) || body[name].is_null()) continue;
      const Resource* target = norced::management::resources::catalog().find(f.references);
      if (target == &r && depth > 0 && f.nullable) {  // a self-reference (a parent): the row it names is a root
        body[name] = nullptr;
        continue;
      }
      if (!target || !insertable(*target) || depth >= 4) continue;  // the example's value stands
      const std::string_view row_example = example_of_reference(r, f);
      const auto key = std::make_tuple(srv().data_dir(), s.application_id(), target, row_example);
      if (!made.count(key)) made[key] = create(s, *target, body_in(s, *target, row_example, depth + 1));
      body[name] = made[key];
    }
    return body;
  }

  // The members that give `op`'s path: the body's, except that a member a path parameter binds besides the row's
  // key (an info type's GroupId) keeps the example's value, so a case that makes the body's value wrong still
  // reaches the route it means and is judged on the body.
  // The values that build an operation's path: a member the path binds comes from the example, so a case may
  // put a wrong value in the body and still reach the route; except a parent the path names
  // (parametric/{parametricId}/list), which comes from the body: body_in made that row, and a case that names
  // another one means to reach it.
  static Json path_members(const Resource& r, const reg::Operation& op, const Json& body) {
    Json out = body;
    const Json example = Json::parse(r.example);
    for (const auto& p : op.params) {
      const reg::Field* f = r.field(p.member);
      if (f && !f->references.empty() && body.contains(p.member)) continue;
      if (p.member != "Id" && p.member != key_of(r) && example.contains(p.member)) out[p.member] = example[p.member];
    }
    return out;
  }
  // POST of `body`, which must answer 200 with the new id.
  static int64_t create(const Session& s, const Resource& r, const Json& body) {
    const auto& op = *op_of(r, OpKind::Insert);
    return s.create(path_of(op, 0, path_members(r, op, body)), body);
  }
  static Reply post(const Session& s, const Resource& r, const Json& body) {
    const auto& op = *op_of(r, OpKind::Insert);
    return s.post(path_of(op, 0, path_members(r, op, body)), body);
  }
  static Reply put(const Session& s, const Resource& r, int64_t id, const Json& body) {
    const auto& op = *op_of(r, OpKind::Update);
    return s.put(path_of(op, id, path_members(r, op, body)), body);
  }
  static Json get(const Session& s, const Resource& r, int64_t id, const Json& body) {
    return s.fetch(path_of(*op_of(r, OpKind::Get), id, body));
  }

  // A row a case writes to: `id` and `body` give its path (path_of), and `body` is a PUT that rewrites it as it
  // is. For an insertable resource a new row made from the example; for a keyed link an existing one: the first
  // listed item that passes `pick` (any when null), whose members the server reads make the body.
  struct Row {
    int64_t id = 0;
    Json body;
  };
  static Row row_for(const Session& s, const Resource& r, bool (*pick)(const Json&) = nullptr) {
    if (!keyed(r)) {
      Json body = body_for(r);
      return {create(s, r, body), body};
    }
    // A link a new client has none of makes one from its example: under a parent (category/{categoryId}/
    // parametric), or a built-in kind enabled one by one (ProductType).
    const Json example = body_in(s, r);
    for (bool made : {false, true}) {
      Json list = s.fetch(path_of(*op_of(r, OpKind::List), 0, example));
      for (const auto& item : list.is_array() ? list : Json::array())
        if (!pick || pick(item)) return {id_in(item), row_body(r, item)};
      if (made || !list.is_array() || !list.empty()) break;
      if (under_parent(r)) EXPECT_EQ(post(s, r, example).status, 200) << "the example makes a row: " << example.dump();
      else if (pick || post(s, r, example).status != 200) break;
    }
    return {};
  }
  // The members of a listed item the server reads on input, without "$id".
  static Json row_body(const Resource& r, const Json& item) {
    Json body = Json::object();
    for (const Field& f : r.fields)
      if (read_on_input(r, f) && item.contains(std::string(f.name)))
        body[std::string(f.name)] = without_ids(item[std::string(f.name)]);
    return body;
  }
  // PUT `body` to the row (its path from the row, whatever key the body names).
  static Reply put_to(const Session& s, const Resource& r, const Row& row, const Json& body) {
    return s.put(path_of(*op_of(r, OpKind::Update), row.id, row.body), body);
  }
  static Json get_row(const Session& s, const Resource& r, const Row& row) { return get(s, r, row.id, row.body); }

  // Puts a keyed link's row back as it was when the case ends, so the next case of the suite finds the seeded row.
  struct Restore {
    const Session& s;
    const Resource& r;
    Row row;
    ~Restore() {
      if (!keyed(r) || row.body.empty()) return;
      Reply back = put_to(s, r, row, row.body);
      EXPECT_EQ(back.status, 200) << "restoring " << row.body.dump() << ": " << back.describe();
    }
  };
};

class ExampleTest : public Generated<ExampleTest, ResourceCase> {};
class LengthLimitTest : public Generated<LengthLimitTest, MemberCase> {};
class WrongTypeTest : public Generated<WrongTypeTest, MemberCase> {};
class NestedMemberTest : public Generated<NestedMemberTest, NestedCase> {};
class NullTest : public Generated<NullTest, MemberCase> {};
class ReferenceTest : public Generated<ReferenceTest, MemberCase> {};
class UniqueKeyTest : public Generated<UniqueKeyTest, MemberCase> {};
class IdMismatchTest : public Generated<IdMismatchTest, ResourceCase> {};
class SoftDeleteTest : public Generated<SoftDeleteTest, ResourceCase> {};
class UnknownIdTest : public Generated<UnknownIdTest, ResourceCase> {};
class ListTest : public Generated<ListTest, ResourceCase> {};
class MethodNotAllowedTest : public Generated<MethodNotAllowedTest, PathCase> {};
class OpenApiTest : public Generated<OpenApiTest, ResourceCase> {};

// ---- the example -----------------------------------------------------------------------------------------------

// The example is accepted as it is, and a GET shows every member it wrote.
// A keyed link's example names a system-wide id or code a new client does not have yet: it is POSTed once, in a
// new client of the suite's server, and answers that key.
TEST_P(ExampleTest, IsAcceptedAndReadBack) {
  const Resource& r = *GetParam().r;
  Session s = keyed(r) ? srv().new_tenant(fresh("example-")) : session();
  Json body = body_in(s, r);
  int64_t id = 0;
  if (keyed(r)) {
    if (keys_in(s.fetch(path_of(*op_of(r, OpKind::List), 0, body)), key_of(r)).count(body[key_of(r)].dump()))
      GTEST_SKIP() << r.name << "'s example names " << key_of(r) << " " << body[key_of(r)].dump()
                   << ", which every new client already has: no POST of it can succeed";
    Reply created = post(s, r, body);
    ASSERT_EQ(created.status, 200) << created.describe();
    EXPECT_EQ(created.json(), body[key_of(r)]) << "a link answers its key";
    id = id_in(body);
  } else {
    id = create(s, r, body);
    ASSERT_GT(id, 0);
  }
  if (!op_of(r, OpKind::Get)) return;
  Json got = get(s, r, id, body);
  if (keyed(r)) EXPECT_EQ(got[key_of(r)], body[key_of(r)]);
  else EXPECT_EQ(got["Id"], id);
  for (const Field& f : r.fields) {
    const std::string name(f.name);
    if (!body.contains(name) || !round_trips(f) || f.type == Type::DateTime) continue;  // dates: own format
    EXPECT_EQ(got[name], body[name]) << name;
  }
}
INSTANTIATE_TEST_SUITE_P(Catalog, ExampleTest, ::testing::ValuesIn(resource_cases(has_rows)),
                         case_name<ResourceCase>);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(ExampleTest);

// ---- string limits ---------------------------------------------------------------------------------------------

// Exactly the limit is accepted and read back, one more is a 400 naming the member. Lengths are characters:
// the limit in 'å' (2 bytes) or '€' (3 bytes) is far more bytes than the limit.
TEST_P(LengthLimitTest, IsCountedInCharacters) {
  const auto& c = GetParam();
  const Resource& r = *c.r;
  const std::string name(c.f->name);
  Session s = session();
  const bool unique = std::find(r.unique.begin(), r.unique.end(), c.f->name) != r.unique.end();
  // A unique member needs a fresh value each time: a fresh ASCII prefix, filled up with the letter.
  auto value = [&](const std::string& letter, int length) {
    std::string prefix = unique && length >= 12 ? fresh("L") + "-" : "";
    return prefix + repeat(letter, length - static_cast<int>(prefix.size()));
  };
  if (keyed(r)) {
    // A seeded row takes the limit by PUT and is restored; a key member (CultureCode) cannot take another value
    // than its path's, so only its over-long value is checked.
    Restore restore{s, r, row_for(s, r)};
    const Row& row = restore.row;
    ASSERT_FALSE(row.body.empty()) << r.name << " lists no row";
    for (const std::string letter : {"å", "€"}) {
      SCOPED_TRACE(letter);
      if (name != key_of(r)) {
        Json body = row.body;
        body[name] = repeat(letter, c.max_length);
        Reply at_max = put_to(s, r, row, body);
        ASSERT_EQ(at_max.status, 200) << name << " at " << c.max_length << " characters: " << at_max.describe();
        if (round_trips(*c.f) && op_of(r, OpKind::Get)) EXPECT_EQ(get_row(s, r, row)[name], body[name]);
      }
      Json over = row.body;
      over[name] = repeat(letter, c.max_length + 1);
      expect_field_error(put_to(s, r, row, over), name);
      Json post_over = body_for(r);
      post_over[name] = repeat(letter, c.max_length + 1);
      expect_field_error(post(s, r, post_over), name);
    }
    return;
  }
  for (const std::string letter : {"å", "€"}) {
    SCOPED_TRACE(letter);
    Json body = body_for(r);
    body[name] = value(letter, c.max_length);
    Reply at_max = post(s, r, body);
    ASSERT_EQ(at_max.status, 200) << name << " at " << c.max_length << " characters: " << at_max.describe();
    const int64_t id = std::stoll(at_max.body);
    if (round_trips(*c.f) && op_of(r, OpKind::Get)) EXPECT_EQ(get(s, r, id, body)[name], body[name]);

    Json over = body_for(r);
    over[name] = value(letter, c.max_length + 1);
    expect_field_error(post(s, r, over), name);
    if (op_of(r, OpKind::Update)) {
      expect_field_error(put(s, r, id, over), name);
      body[name] = value(letter, c.max_length);
      Reply again = put(s, r, id, body);
      EXPECT_EQ(again.status, 200) << again.describe();
    }
  }
}
INSTANTIATE_TEST_SUITE_P(Catalog, LengthLimitTest,
                         ::testing::ValuesIn(member_cases([](const Resource& r, const Field& f) {
                           return max_length_of(r, f) > 0;
                         })),
                         case_name<MemberCase>);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(LengthLimitTest);

// ---- JSON types and null -------------------------------------------------------------------------------------

// Every member the server reads is checked against its declared JSON type: a 400 naming it, never a 5xx, on
// POST and PUT.
TEST_P(WrongTypeTest, Is400NamingTheMember) {
  const auto& c = GetParam();
  const Resource& r = *c.r;
  const std::string name(c.f->name);
  Session s = session();
  const Row row = op_of(r, OpKind::Update) ? row_for(s, r) : Row{};
  for (const Json& wrong : wrong_values(c.f->type)) {
    SCOPED_TRACE(name + " = " + wrong.dump());
    Json body = body_for(r);
    body[name] = wrong;
    expect_field_error(post(s, r, body), name);
    if (row.body.empty()) continue;
    Json rejected = keyed(r) ? row.body : body;  // a keyed link's row keeps its own members
    rejected[name] = wrong;
    expect_field_error(put_to(s, r, row, rejected), name);
  }
}
INSTANTIATE_TEST_SUITE_P(Catalog, WrongTypeTest, ::testing::ValuesIn(member_cases(read_on_input)),
                         case_name<MemberCase>);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(WrongTypeTest);

// Inside array elements too: a wrong JSON type, or null for a non-nullable member, is a 400 naming the element's
// member (Cultures[0].Name), and a text limit holds there as at the top level.
TEST_P(NestedMemberTest, IsCheckedInsideTheArray) {
  const auto& c = GetParam();
  const Resource& r = *c.r;
  Session s = session();
  Restore restore{s, r, op_of(r, OpKind::Update) ? row_for(s, r) : Row{}};
  const Row& row = restore.row;
  auto with_in = [&](Json body, const Json& value) {
    Json element = c.element;
    element[c.member] = value;
    body[c.array] = Json::array({element});
    return body;
  };
  auto with = [&](const Json& value) { return with_in(body_for(r), value); };
  // A PUT body: a keyed link's row keeps its own members.
  auto put_with = [&](const Json& value) { return keyed(r) ? with_in(row.body, value) : with(value); };
  std::vector<Json> values = wrong_values(c.type);
  if (!c.nullable) values.push_back(nullptr);
  for (const Json& wrong : values) {
    SCOPED_TRACE(c.path() + " = " + wrong.dump());
    expect_field_error(post(s, r, with(wrong)), c.path());
    if (!row.body.empty()) expect_field_error(put_to(s, r, row, put_with(wrong)), c.path());
  }
  if (c.max_length <= 0 || c.element.empty()) return;
  if (keyed(r)) {  // the seeded row takes the limit by PUT (restored at the end)
    Reply at_max = put_to(s, r, row, put_with(repeat("€", c.max_length)));
    EXPECT_EQ(at_max.status, 200) << c.path() << " at " << c.max_length << " characters: " << at_max.describe();
    expect_field_error(put_to(s, r, row, put_with(repeat("å", c.max_length + 1))), c.path());
    return;
  }
  Reply at_max = post(s, r, with(repeat("€", c.max_length)));
  EXPECT_EQ(at_max.status, 200) << c.path() << " at " << c.max_length << " characters: " << at_max.describe();
  expect_field_error(post(s, r, with(repeat("å", c.max_length + 1))), c.path());
}
INSTANTIATE_TEST_SUITE_P(Catalog, NestedMemberTest, ::testing::ValuesIn(nested_cases()), case_name<NestedCase>);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(NestedMemberTest);

// A non-nullable member sent as null is a 400 naming it (a missing one takes its default instead).
TEST_P(NullTest, IsRejectedForNonNullableMembers) {
  const auto& c = GetParam();
  const Resource& r = *c.r;
  const std::string name(c.f->name);
  Session s = session();
  Json body = body_for(r);
  body[name] = nullptr;
  expect_field_error(post(s, r, body), name);
  if (!op_of(r, OpKind::Update)) return;
  const Row row = row_for(s, r);
  Json rejected = keyed(r) ? row.body : body;  // a keyed link's row keeps its own members
  rejected[name] = nullptr;
  expect_field_error(put_to(s, r, row, rejected), name);
}
INSTANTIATE_TEST_SUITE_P(Catalog, NullTest,
                         ::testing::ValuesIn(member_cases([](const Resource& r, const Field& f) {
                           return read_on_input(r, f) && !f.nullable;
                         })),
                         case_name<MemberCase>);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(NullTest);

// ---- references ----------------------------------------------------------------------------------------------

// A reference to an id the client does not have is a 400 naming the member; one it has is accepted.
TEST_P(ReferenceTest, UnknownIdIs400NamingTheMember) {
  const auto& c = GetParam();
  const Resource& r = *c.r;
  const std::string name(c.f->name);
  Session s = session();
  Json body = body_for(r);
  body[name] = kUnknownId;
  expect_field_error(post(s, r, body), name);
  if (op_of(r, OpKind::Update)) {  // to the row's own path: a member the path binds names its parent there
    const Json made = body_for(r);
    expect_field_error(s.put(path_of(*op_of(r, OpKind::Update), create(s, r, made), made), body), name);
  }

  // The positive control: an id of the referenced resource, created from its own example (or the one r gives).
  const Resource* target = norced::management::resources::catalog().find(c.f->references);
  ASSERT_NE(target, nullptr) << name << " references " << c.f->references;
  if (!insertable(*target)) return;
  body[name] = create(s, *target, body_in(s, *target, example_of_reference(r, *c.f)));
  Reply ok = post(s, r, body);
  EXPECT_EQ(ok.status, 200) << ok.describe();
}
INSTANTIATE_TEST_SUITE_P(Catalog, ReferenceTest,
                         ::testing::ValuesIn(member_cases([](const Resource& r, const Field& f) {
                           return insertable(r) && f.role == Role::Stored && !f.references.empty();
                         })),
                         case_name<MemberCase>);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(ReferenceTest);

// ---- unique keys ---------------------------------------------------------------------------------------------

// A unique key taken in another letter case, in ASCII and beyond ("ÅR" = "år"), is a 409 naming the member, on
// POST and PUT; a row keeps its own key in another case.
TEST_P(UniqueKeyTest, DuplicateInAnotherCaseIs409) {
  const auto& c = GetParam();
  const Resource& r = *c.r;
  const std::string name(c.f->name);
  Session s = session();
  if (keyed(r)) {
    // A link's key is taken by each listed row: a POST of that row's own members, its key as listed or (a code) in
    // the other letter case, is a 409 naming the key and writes nothing; a PUT of the row with its key in the other
    // case is the row itself.
    const Row row = row_for(s, r);
    ASSERT_FALSE(row.body.empty()) << r.name << " lists no row";
    const Json taken = row.body[name];
    std::vector<Json> dups = {taken};
    if (taken.is_string() && swap_case(taken.get<std::string>()) != taken.get<std::string>())
      dups.push_back(swap_case(taken.get<std::string>()));
    const std::string list = path_of(*op_of(r, OpKind::List), 0, row.body);
    const size_t listed = s.fetch(list).size();
    for (const Json& dup : dups) {
      SCOPED_TRACE(name + " = " + dup.dump());
      Json body = row.body;
      body[name] = dup;
      Reply conflict = post(s, r, body);
      expect_field_error(conflict, name, 409);
      EXPECT_FALSE(conflict.json().value("detail", "").empty()) << "a 409 says which row holds the key";
      EXPECT_EQ(s.fetch(list).size(), listed) << "a rejected POST writes nothing";
      Reply own = put_to(s, r, row, body);
      EXPECT_EQ(own.status, 200) << "a row does not conflict with itself: " << own.describe();
      if (op_of(r, OpKind::Get)) EXPECT_EQ(get_row(s, r, row)[name], taken) << "the key keeps its spelling";
    }
    return;
  }
  const std::string n = fresh("");
  const std::vector<std::pair<std::string, std::string>> pairs = {
      {"SAME-" + n, "SAME-" + n},
      {"KEY-" + n + "-A", "key-" + n + "-a"},
      {"ÅR-" + n + "-ÄÖ", "år-" + n + "-äö"},
  };
  for (const auto& [taken, other_case] : pairs) {
    SCOPED_TRACE(taken + " vs " + other_case);
    Json first = body_for(r);
    first[name] = taken;
    const int64_t id = create(s, r, first);
    Json dup = body_for(r);
    dup[name] = other_case;
    Reply conflict = post(s, r, dup);
    expect_field_error(conflict, name, 409);
    EXPECT_FALSE(conflict.json().value("detail", "").empty()) << "a 409 says which row holds the key";
    if (!op_of(r, OpKind::Update)) continue;
    const int64_t other = create(s, r, body_for(r));
    expect_field_error(put(s, r, other, dup), name, 409);
    if (op_of(r, OpKind::Get)) EXPECT_NE(get(s, r, other, dup)[name], other_case) << "a rejected PUT writes nothing";
    Reply own = put(s, r, id, dup);
    EXPECT_EQ(own.status, 200) << "a row does not conflict with itself: " << own.describe();
  }
  // Rows without the key (null) do not collide.
  if (!c.f->nullable) return;
  Json none = body_for(r);
  none[name] = nullptr;
  create(s, r, none);
  create(s, r, none);
}
INSTANTIATE_TEST_SUITE_P(Catalog, UniqueKeyTest,
                         ::testing::ValuesIn(member_cases([](const Resource& r, const Field& f) {
                           return std::find(r.unique.begin(), r.unique.end(), f.name) != r.unique.end();
                         })),
                         case_name<MemberCase>);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(UniqueKeyTest);

// ---- PUT and the Id --------------------------------------------------------------------------------------------

// The body's Id may be absent, 0 or the path id; another id, or a non-integer, is a 400 naming Id.
TEST_P(IdMismatchTest, Is400NamingId) {
  const Resource& r = *GetParam().r;
  Session s = session();
  if (keyed(r)) {
    // A keyed link's path names its key (Id or CultureCode): a body key other than the path's (another row's, the
    // example's) or of another JSON type is a 400 naming it; the path's own, 0 for an integer key ("not given") or
    // none at all is the row itself.
    const std::string key = key_of(r);
    const Row row = row_for(s, r);
    ASSERT_FALSE(row.body.empty()) << r.name << " lists no row";
    const Json own = row.body[key];
    std::vector<Json> wrong = {true};
    const Json example_key = Json::parse(r.example).value(key, Json());
    if (!example_key.is_null() && example_key != own) wrong.push_back(example_key);
    if (own.is_number_integer()) {
      wrong.push_back(own.get<int64_t>() + 1);
      wrong.push_back(std::to_string(own.get<int64_t>()));
    } else {
      wrong.push_back(12);
    }
    for (const Json& w : wrong) {
      SCOPED_TRACE(key + " = " + w.dump());
      Json rejected = row.body;
      rejected[key] = w;
      expect_field_error(put_to(s, r, row, rejected), key);
      if (op_of(r, OpKind::Get)) EXPECT_EQ(get_row(s, r, row)[key], own) << "a rejected PUT writes nothing";
    }
    std::vector<Json> fine = {own, Json()};  // null here: the member left out
    if (own.is_number_integer()) fine.push_back(0);
    for (const Json& f : fine) {
      Json body = row.body;
      if (f.is_null()) body.erase(key);
      else body[key] = f;
      Reply ok = put_to(s, r, row, body);
      EXPECT_EQ(ok.status, 200) << key << " = " << (f.is_null() ? "absent" : f.dump()) << ": " << ok.describe();
      EXPECT_EQ(ok.json(), own) << "a link answers its key";
    }
    return;
  }
  Json body = body_for(r);
  const int64_t id = create(s, r, body);
  for (const Json& wrong : {Json(id + 1), Json(std::to_string(id)), Json(true)}) {
    SCOPED_TRACE("Id = " + wrong.dump());
    Json rejected = body_for(r);  // new unique keys, which a rejected PUT must not write
    rejected["Id"] = wrong;
    expect_field_error(put(s, r, id, rejected), "Id");
    if (!op_of(r, OpKind::Get)) continue;
    Json now = get(s, r, id, body);
    for (auto u : r.unique) EXPECT_EQ(now[std::string(u)], body[std::string(u)]) << "a rejected PUT writes nothing";
  }
  for (const Json& fine : {Json(id), Json(0), Json(nullptr)}) {
    body["Id"] = fine;
    Reply ok = put(s, r, id, body);
    EXPECT_EQ(ok.status, 200) << "Id = " << fine.dump() << ": " << ok.describe();
    EXPECT_EQ(ok.body, std::to_string(id));
  }
}
INSTANTIATE_TEST_SUITE_P(Catalog, IdMismatchTest, ::testing::ValuesIn(resource_cases([](const Resource& r) {
                           return has_rows(r) && op_of(r, OpKind::Update) != nullptr;
                         })),
                         case_name<ResourceCase>);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(IdMismatchTest);

// ---- soft delete ---------------------------------------------------------------------------------------------

// PUT IsActive=false hides a row from the list and shows it under deleted; PUT true brings it back. The row stays
// readable by id throughout.
// A keyed link runs in a new client: its first non-primary listed row, else (every seeded row is primary) one made
// from the example. The primary row cannot be soft-deleted (409) and stays listed.
TEST_P(SoftDeleteTest, PutIsActiveFalseAndBack) {
  const Resource& r = *GetParam().r;
  Session s = keyed(r) ? srv().new_tenant(fresh("softdelete-")) : session();
  const std::string key = keyed(r) ? key_of(r) : "Id";
  const std::string list = path_of(*op_of(r, OpKind::List), 0, body_in(s, r));
  const std::string deleted = path_of(*op_of(r, OpKind::ListDeleted), 0, body_in(s, r));
  auto not_primary = [](const Json& item) { return !item.value("IsPrimary", false); };
  Row row;
  if (keyed(r)) {
    const Row primary = row_for(s, r, [](const Json& item) { return item.value("IsPrimary", false); });
    if (!primary.body.empty()) {  // deactivating the primary row is refused, whether or not it stays primary
      Json off = primary.body;
      for (bool still_primary : {true, false}) {
        off["IsActive"] = false;
        off["IsPrimary"] = still_primary;
        Reply refused = put_to(s, r, primary, off);
        Json doc = expect_problem(refused, 409);
        // IsActive, or the key when that is what keeps the row (ApplicationCulture: the client's default culture)
        EXPECT_TRUE(doc["errors"].contains("IsActive") || doc["errors"].contains(key)) << refused.body;
      }
      EXPECT_TRUE(keys_in(s.fetch(list), key).count(primary.body[key].dump())) << "the primary row stays listed";
    }
    row = row_for(s, r, not_primary);
    if (row.body.empty()) {
      Json body = body_in(s, r);
      ASSERT_EQ(post(s, r, body).status, 200) << "the example makes a row: " << body.dump();
      row = row_for(s, r, not_primary);
    }
    ASSERT_FALSE(row.body.empty()) << r.name << " lists no row that is not primary";
  } else {
    row = row_for(s, r);
  }
  Json body = row.body;
  const std::string k = keyed(r) ? body[key].dump() : std::to_string(row.id);
  auto put_ok = [&](const Json& b) {
    Reply ok = put_to(s, r, row, b);
    EXPECT_EQ(ok.status, 200) << b.dump() << ": " << ok.describe();
  };
  ASSERT_TRUE(keys_in(s.fetch(list), key).count(k)) << "the row is listed";
  EXPECT_FALSE(keys_in(s.fetch(deleted), key).count(k));

  const auto* compact = op_of(r, OpKind::Compact);
  if (compact) EXPECT_TRUE(keys_in(s.fetch(path_of(*compact, 0, body)), key).count(k));

  // A PUT without IsActive never soft-deletes: the missing member is true.
  body.erase("IsActive");
  put_ok(body);
  EXPECT_TRUE(keys_in(s.fetch(list), key).count(k)) << "a PUT without IsActive keeps the row active";

  body["IsActive"] = false;
  put_ok(body);
  EXPECT_FALSE(keys_in(s.fetch(list), key).count(k)) << "a soft-deleted row is not listed";
  EXPECT_TRUE(keys_in(s.fetch(deleted), key).count(k)) << "a soft-deleted row is under deleted";
  if (compact) EXPECT_FALSE(keys_in(s.fetch(path_of(*compact, 0, body)), key).count(k)) << "nor in compact";
  if (op_of(r, OpKind::Get)) EXPECT_EQ(get_row(s, r, row)["IsActive"], false) << "and readable by its key";

  body["IsActive"] = true;
  put_ok(body);
  EXPECT_TRUE(keys_in(s.fetch(list), key).count(k)) << "a restored row is listed again";
  EXPECT_FALSE(keys_in(s.fetch(deleted), key).count(k));
  if (compact) EXPECT_TRUE(keys_in(s.fetch(path_of(*compact, 0, body)), key).count(k));
}
INSTANTIATE_TEST_SUITE_P(Catalog, SoftDeleteTest, ::testing::ValuesIn(resource_cases([](const Resource& r) {
                           const Field* active = r.field("IsActive");
                           return has_rows(r) && r.soft_delete && active && read_on_input(r, *active) &&
                                  op_of(r, OpKind::Update) && op_of(r, OpKind::List) && op_of(r, OpKind::ListDeleted);
                         })),
                         case_name<ResourceCase>);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(SoftDeleteTest);

// ---- unknown and invalid ids -----------------------------------------------------------------------------------

// Every operation on one row (Get, Update, Delete) answers 404, naming the id, for an id the client does not
// have (0 and negative ones included), and a 400 naming the parameter for one that is not a 32-bit integer.
//
// A keyed link answers 404 for a key the application or client has not linked: besides those, the example's key
// (a system-wide id or code a new client does not have) and, for a code, one that is no culture at all.
TEST_P(UnknownIdTest, Is404) {
  const Resource& r = *GetParam().r;
  Session s = session();
  const std::string key = keyed(r) ? key_of(r) : "Id";
  const Json body = has_rows(r) ? body_for(r) : Json::object();
  for (OpKind kind : {OpKind::Get, OpKind::Update, OpKind::Delete}) {
    const reg::Operation* op = op_of(r, kind);
    if (!op || !op->param_for(key)) continue;
    SCOPED_TRACE(op->method + " " + op->path);
    const std::string type = op->has_body() ? "application/json" : "";
    std::vector<Json> unknown;
    const Json example_key = keyed(r) ? Json::parse(r.example).value(key, Json()) : Json();
    std::set<std::string> linked;  // the example's key counts only when this client does not have it
    for (OpKind list : {OpKind::List, OpKind::ListDeleted})
      if (const auto* l = keyed(r) ? op_of(r, list) : nullptr) linked.merge(keys_in(s.fetch(path_of(*l, 0, body)), key));
    if (!example_key.is_null() && !linked.count(example_key.dump())) unknown.push_back(example_key);
    if (op->param_for(key)->type == reg::ParamType::String) unknown.push_back("xx-XX");
    else
      for (int64_t id : {kUnknownId, int64_t{0}, int64_t{-5}}) unknown.push_back(id);
    for (const Json& k : unknown) {
      Json b = body;
      if (keyed(r)) b[key] = k;  // the body names the key the path does
      const std::string payload = op->has_body() ? b.dump() : "";
      const int64_t id = k.is_number_integer() ? k.get<int64_t>() : 0;
      Reply missing = s.send(op->method, path_of(*op, id, b), payload, type);
      Json doc = expect_problem(missing, 404);
      const std::string shown = k.is_string() ? k.get<std::string>() : k.dump();
      EXPECT_NE(doc.value("detail", "").find(shown), std::string::npos) << missing.body;
    }
    if (op->param_for(key)->type == reg::ParamType::String) continue;
    // Not a 32-bit integer: the route exists and the value is what is wrong (docs/decisions.md).
    const std::string payload = op->has_body() ? body.dump() : "";
    const std::string param = op->param_for(key)->name;
    const std::string template_path = path_of(*op, kUnknownId, body);
    for (const std::string bad : {"abc", "1.5", "99999999999"}) {
      std::string path = template_path;
      path.replace(path.rfind(std::to_string(kUnknownId)), std::to_string(kUnknownId).size(), bad);
      SCOPED_TRACE(path);
      expect_field_error(s.send(op->method, path, payload, type), param);
    }
  }
}
INSTANTIATE_TEST_SUITE_P(Catalog, UnknownIdTest, ::testing::ValuesIn(resource_cases([](const Resource& r) {
                           const std::string key = keyed(r) ? key_of(r) : "Id";
                           for (OpKind k : {OpKind::Get, OpKind::Update, OpKind::Delete})
                             if (const auto* op = op_of(r, k); op && op->param_for(key)) return true;
                           return false;
                         })),
                         case_name<ResourceCase>);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(UnknownIdTest);

// ---- lists -----------------------------------------------------------------------------------------------------

// Every list (List, ListDeleted, Compact) answers 200 with an array; compact items are {Id, Name, Code}; a listed
// row is readable by its id.
TEST_P(ListTest, AnswersAnArray) {
  const Resource& r = *GetParam().r;
  Session s = session();
  const Json body = has_rows(r) ? body_for(r) : Json::object();  // a keyed link's: the parent its list is under
  if (insertable(r)) create(s, r, body);  // so that the list has a row to read back
  for (OpKind kind : {OpKind::List, OpKind::ListDeleted, OpKind::Compact}) {
    const reg::Operation* op = op_of(r, kind);
    if (!op) continue;
    SCOPED_TRACE(op->path);
    Json list = s.fetch(path_of(*op, 0, body));
    ASSERT_TRUE(list.is_array()) << list.dump();
    if (kind == OpKind::Compact)
      for (const auto& item : list) {
        std::vector<std::string> keys;
        for (auto it = item.begin(); it != item.end(); ++it) keys.push_back(it.key());
        EXPECT_EQ(keys, (std::vector<std::string>{"$id", "Id", "Name", "Code"}));
      }
    if (kind == OpKind::List && insertable(r)) EXPECT_FALSE(list.empty()) << "the new row is listed";
    if (kind == OpKind::List && op_of(r, OpKind::Get) && !list.empty() && makes_fresh_rows(r)) {
      const int64_t id = list.front()["Id"].get<int64_t>();
      EXPECT_EQ(get(s, r, id, body)["Id"], id);
    }
    if (kind == OpKind::List && op_of(r, OpKind::Get) && !list.empty() && keyed(r)) {  // by its key
      const std::string key = key_of(r);
      EXPECT_EQ(get(s, r, id_in(list.front()), list.front())[key], list.front()[key]);
    }
  }
}
INSTANTIATE_TEST_SUITE_P(Catalog, ListTest, ::testing::ValuesIn(resource_cases([](const Resource& r) {
                           return op_of(r, OpKind::List) || op_of(r, OpKind::ListDeleted) || op_of(r, OpKind::Compact);
                         })),
                         case_name<ResourceCase>);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(ListTest);

// ---- routing ---------------------------------------------------------------------------------------------------

// At every served path, each method the path lacks is a 405 whose Allow lists exactly the methods served there,
// with or without a token (routing comes first); each method it has is routed (401 without a token, not 404/405).
TEST_P(MethodNotAllowedTest, ListsExactlyTheServedMethods) {
  const auto& c = GetParam();
  Session s = session();
  const std::string path = routable(*c.op);
  for (const std::string& method : kMethods) {
    SCOPED_TRACE(method + " " + path);
    Reply anonymous = srv().request(method, path, "{}", "application/json");
    if (c.allow.count(method)) {
      EXPECT_EQ(anonymous.status, 401) << "a served operation is routed: " << anonymous.describe();
      continue;
    }
    expect_problem(anonymous, 405);
    EXPECT_EQ(split_allow(anonymous.header("Allow")), c.allow) << "Allow: " << anonymous.header("Allow");
    Reply authorised = s.send(method, path, "{}", "application/json");
    expect_problem(authorised, 405);
    EXPECT_EQ(split_allow(authorised.header("Allow")), c.allow) << "Allow: " << authorised.header("Allow");
    Reply long_prefix = s.send(method, "/commerce/management/1.0" + path, "{}", "application/json");
    expect_problem(long_prefix, 405);
    EXPECT_EQ(split_allow(long_prefix.header("Allow")), c.allow);
  }
}
INSTANTIATE_TEST_SUITE_P(Catalog, MethodNotAllowedTest, ::testing::ValuesIn(path_cases()), case_name<PathCase>);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(MethodNotAllowedTest);

// ---- OpenAPI ---------------------------------------------------------------------------------------------------

std::string openapi_text(TestServer& server) { return server.request("GET", "/openapi.json").body; }

Json openapi(TestServer& server) {
  Reply r = server.request("GET", "/openapi.json");  // no token needed
  EXPECT_EQ(r.status, 200) << r.describe();
  return r.json();
}

// Each of the resource's operations is in the served document at its path and method with the operationId
// <Entity>Api_<Verb>; its model's schema lists the members a GET writes, in order, and shows the example.
TEST_P(OpenApiTest, DescribesTheResource) {
  const Resource& r = *GetParam().r;
  Json doc = openapi(srv());
  ASSERT_TRUE(doc.is_object());
  for (const auto& op : r.operations) {
    SCOPED_TRACE(op.method + " " + op.path);
    std::string method = op.method;
    std::transform(method.begin(), method.end(), method.begin(), ::tolower);
    const Json& operation = doc["paths"]["/api/" + op.path][method];
    ASSERT_TRUE(operation.is_object()) << "not in the document";
    EXPECT_EQ(operation.value("operationId", ""), std::string(r.name) + "Api_" + op.verb);
  }
  Json schema = doc["components"]["schemas"][std::string(r.model)];
  ASSERT_TRUE(schema.is_object()) << r.model << " has no schema";
  if (!r.example.empty()) {
    ASSERT_TRUE(schema.contains("example")) << r.model;
    EXPECT_EQ(schema["example"], Json::parse(r.example));
  }
  // The members a response writes, from a row made from the example or the first listed one.
  Session s = session();
  Json model;
  const Json body = has_rows(r) ? body_for(r) : Json::object();
  if (keyed(r) && under_parent(r)) row_for(s, r);  // a row to read under its parent
  if (insertable(r) && op_of(r, OpKind::Get)) {
    model = get(s, r, create(s, r, body), body);
  } else if (const auto* list = op_of(r, OpKind::List)) {
    Json items = s.fetch(path_of(*list, 0, body));
    if (items.is_array() && !items.empty()) model = items.front();
  }
  if (!model.is_object()) GTEST_SKIP() << "no row to compare the schema with";
  std::vector<std::string> written, described;
  for (auto it = model.begin(); it != model.end(); ++it)
    if (it.key() != "$id") written.push_back(it.key());
  for (auto it = schema["properties"].begin(); it != schema["properties"].end(); ++it) described.push_back(it.key());
  EXPECT_EQ(described, written);
}
INSTANTIATE_TEST_SUITE_P(Catalog, OpenApiTest,
                         ::testing::ValuesIn(resource_cases([](const Resource&) { return true; })),
                         case_name<ResourceCase>);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(OpenApiTest);

class OpenApiDocumentTest : public ServerFixture<OpenApiDocumentTest> {};

// A path with its parameters unnamed: "/api/x/{}".
std::string path_shape(std::string path) {
  for (size_t open = path.find('{'); open != std::string::npos; open = path.find('{', open + 1))
    path.replace(open, path.find('}', open) - open + 1, "{}");
  return path;
}

// The document lists exactly the operations of the registry and the server's own endpoints (the token
// endpoint and the health probes): no other path, method or operationId; and, answering only 501, exactly the
// Norce catalog's operations the server answers 501 for (not served yet).
TEST_F(OpenApiDocumentTest, ListsExactlyTheRegistryOperations) {
  Json doc = openapi(server());
  ASSERT_TRUE(doc.is_object());
  EXPECT_EQ(doc["openapi"].get<std::string>().substr(0, 2), "3.");
  std::set<std::string> expected, actual, ids, not_served;
  size_t operations = 0;
  for (const Resource* r : resources())
    for (const auto& op : r->operations) {
      std::string method = op.method;
      std::transform(method.begin(), method.end(), method.begin(), ::tolower);
      expected.insert(method + " /api/" + op.path + " " + std::string(r->name) + "Api_" + op.verb);
    }
  expected.insert({"post /identity/1.0/connect/token Identity_Token", "get /healthz Health_Live",
                   "get /readyz Health_Ready"});
  // Connect (connect/openapi.cpp): every import, and the Job service.
  for (const norced::connect::ImportKind* kind : norced::connect::import_kinds()) {
    const std::string method(kind->method);
    expected.insert("post /commerce/connect/4.0/" + method + " Connect_" + method.substr(method.find('/') + 1));
  }
  for (const char* job : {"get Get", "get GetLog", "get List", "post Restart", "get Ping"}) {
    const std::string verb_and_name(job), verb = verb_and_name.substr(0, verb_and_name.find(' ')),
                                           name = verb_and_name.substr(verb.size() + 1);
    expected.insert(verb + " /commerce/connect/4.0/Job/" + name + " Connect_Job" + name);
  }
  for (auto p = doc["paths"].begin(); p != doc["paths"].end(); ++p)
    for (auto m = p.value().begin(); m != p.value().end(); ++m) {
      if (m.key() == "servers") continue;  // the path item's own server, not an operation
      if (m.value()["responses"].contains("501")) {
        EXPECT_EQ(m.value()["tags"][0], "Not served yet");
        not_served.insert(m.key() + " " + path_shape(p.key()));
        if (m.value().contains("operationId")) {
          ++operations;
          ids.insert(m.value()["operationId"].get<std::string>());
        }
        continue;
      }
      ++operations;
      const std::string id = m.value().value("operationId", "");
      ids.insert(id);
      actual.insert(m.key() + " " + p.key() + " " + id);
    }
  EXPECT_EQ(actual, expected);
  EXPECT_EQ(ids.size(), operations) << "operationIds are unique (those of the operations not served too)";
  std::set<std::string> answered_501;
  for (const auto& op : norced::management::norce_operations()) {
    std::string path(op.path);
    for (size_t open = path.find('{'); open != std::string::npos; open = path.find('{'))
      path.replace(open, path.find('}', open) - open + 1, "1");
    if (server().request(std::string(op.method), path).status != 501) continue;
    std::string method(op.method);
    std::transform(method.begin(), method.end(), method.begin(), ::tolower);
    answered_501.insert(method + " " + path_shape(std::string(op.path)));
  }
  EXPECT_EQ(not_served, answered_501);
  EXPECT_FALSE(not_served.empty());
  EXPECT_EQ(openapi_text(server()).find("\"$id\""), std::string::npos) << "the document is not a Norce model";
}

}  // namespace
}  // namespace api
