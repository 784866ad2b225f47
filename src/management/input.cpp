#include "management/input.hpp"

#include <algorithm>

#include "management/rules.hpp"
#include "core/ascii.hpp"
#include "management/convert.hpp"
#include "management/texts.hpp"

namespace norced::management {

using registry::Cell;
using registry::Entity;
using registry::Field;
using registry::Resource;
using registry::Role;
using registry::Type;

namespace {

Cell default_cell(const Field& f) {
  if (f.nullable) return Cell{};
  switch (f.type) {
    case Type::Int:
      return Cell{int64_t{0}};
    case Type::Bool:
      return Cell{f.default_bool.value_or(false)};
    case Type::Decimal:
      return Cell{Decimal::from_int(0)};
    case Type::String:
      return Cell{std::string()};
    default:
      return Cell{};
  }
}

// The shape of a Custom member: its declared type, and for an array each element against the element model's
// writable members (Role::Stored), so the resource's rules only ever read well-formed values.
void check_custom_shape(const Resource& r, const Field& f, const json::Value& v, std::vector<FieldError>& errors) {
  const std::string name(f.name);
  if (f.type != Type::Array) {
    auto cell = to_cell(v, spec_of(f));
    if (auto* msg = std::get_if<std::string>(&cell)) errors.push_back({name, *msg});
    return;
  }
  if (v.is_null()) {
    if (!f.nullable) errors.push_back({name, "A value is required; null is not allowed."});
    return;
  }
  if (v.kind() != json::Kind::Array) {
    errors.push_back({name, "Expected an array of " + std::string(f.item_model) + ", got " +
                                json::kind_name(v.kind()) + "."});
    return;
  }
  const registry::Model* model = nullptr;
  for (const auto& m : r.nested_models)
    if (m.name == f.item_model) model = &m;
  for (size_t i = 0; i < v.items().size(); ++i) {
    const json::Value& item = v.items()[i];
    const std::string at = name + "[" + std::to_string(i) + "]";
    if (item.kind() != json::Kind::Object) {
      errors.push_back({at, "Expected an object (" + std::string(f.item_model) + ")."});
      continue;
    }
    if (!model) continue;
    for (const Field& member : model->fields) {
      if (member.role != Role::Stored) continue;  // server-set members of the element are ignored
      const json::Value* m = item.find(member.name);
      if (!m) {
        // An element names what it is about (e.g. its SalesAreaId): without it, it means nothing.
        if (!member.nullable) errors.push_back({at + "." + std::string(member.name), "A value is required."});
        continue;
      }
      auto cell = to_cell(*m, spec_of(member));
      if (auto* msg = std::get_if<std::string>(&cell)) errors.push_back({at + "." + std::string(member.name), *msg});
    }
  }
}

Problem validation_problem(std::vector<FieldError> errors) {
  Problem p = Problem::validation("", "");
  p.errors = std::move(errors);
  return p;
}

}  // namespace

// A code given in another ASCII letter case than the path's: the rules decide (ApplicationCulture's canonical
// spelling), and the path check after them compares the result.
static bool is_same_code(const Cell& a, const Cell& b) {
  const auto* x = std::get_if<std::string>(&a);
  const auto* y = std::get_if<std::string>(&b);
  return x && y && ascii::iequals(*x, *y);
}

Result<Entity> build_entity(RuleContext& ctx, const WriteRequest& req) {
  const Resource& r = req.resource;
  std::vector<FieldError> errors;
  Entity next;
  if (req.current) {
    next = *req.current;
  } else {
    next.cells.resize(r.fields.size());
    next.collections.resize(r.collections.size());
  }

  std::vector<size_t> defaulted;  // members with allowed values the body left out
  for (size_t i = 0; i < r.fields.size(); ++i) {
    const Field& f = r.fields[i];
    const json::Value* v = req.body.find(f.name);
    switch (f.role) {
      case Role::Id:
        if (req.current && v && !v->is_null()) {
          auto cell = to_cell(*v, spec_of(f));
          if (auto* msg = std::get_if<std::string>(&cell)) {
            errors.push_back({std::string(f.name), *msg});
          } else if (auto id = std::get_if<int64_t>(&std::get<Cell>(cell)); id && *id != 0 && *id != req.path_id) {
            errors.push_back({std::string(f.name), "The Id in the body (" + std::to_string(*id) +
                                                       ") does not match the id in the path (" +
                                                       std::to_string(req.path_id) + ")."});
          }
        }
        break;
      case Role::Stored: {
        if (!v) {
          next.cells[i] = default_cell(f);
          if (!f.allowed.empty()) defaulted.push_back(i);
          break;
        }
        auto cell = to_cell(*v, spec_of(f));
        if (auto* msg = std::get_if<std::string>(&cell)) errors.push_back({std::string(f.name), *msg});
        else next.cells[i] = std::move(std::get<Cell>(cell));
        break;
      }
      case Role::Audit:
        if (f.name == "Changed") next.cells[i] = registry::Instant{ctx.now};
        else if (f.name == "ChangedBy") next.cells[i] = req.changed_by;
        break;
      case Role::Scope:
        next.cells[i] = ctx.app.id;  // the caller's application owns the row
        break;
      case Role::Custom:
        if (v) check_custom_shape(r, f, *v, errors);  // the rules apply it, after decoding succeeded
        break;
      default:
        break;  // Derived members are ignored on input; texts are handled below
    }
  }
  for (const auto& [i, value] : req.bound) {
    const Field& f = r.fields[i];
    if (f.role == Role::Scope) continue;
    if (!req.body.find(f.name) || registry::is_null(next.cells[i]) || next.cells[i] == Cell{int64_t{0}}) {
      next.cells[i] = value;
    } else if (next.cells[i] != value && !is_same_code(next.cells[i], value)) {
      // Before the rules, which would judge the body's value (a link's other id) instead of the path's.
      errors.push_back({std::string(f.name), "The body's " + std::string(f.name) + " does not match the path."});
    }
  }
  // A default the member does not allow (a flag's kind, 1 or 2), where the path gave no value either, means the
  // body had to give one.
  for (size_t i : defaulted) {
    const Field& f = r.fields[i];
    if (const auto* n = std::get_if<int64_t>(&next.cells[i]);
        n && std::find(f.allowed.begin(), f.allowed.end(), *n) == f.allowed.end())
      errors.push_back({std::string(f.name), "A value is required."});
  }
  if (r.has_texts()) apply_text_writes(ctx, r, req.body, req.current, next, errors);
  // Decode before rules: when any member fails its shape check, the answer lists every such error and no
  // rule runs. Rules may therefore rely on each cell holding its declared type (or null where nullable).
  if (!errors.empty()) return validation_problem(std::move(errors));
  announce_checks(ctx, r, next);
  if (rules_of(r).validate) rules_of(r).validate(ctx, req.body, next, req.current, errors);
  if (!errors.empty()) return validation_problem(std::move(errors));
  return next;
}

namespace {

// The value a unique member holds, as the store compares it (text; a link's id as decimal), if any.
std::optional<std::string> unique_value(const Entity& e, int field) {
  if (const auto* s = std::get_if<std::string>(&e.cells[field])) return *s;
  if (const auto* n = std::get_if<int64_t>(&e.cells[field])) return std::to_string(*n);
  return std::nullopt;
}

// The values unique keys hold within (store.hpp, find_unique): the Scope members, then Resource::unique_within.
std::vector<registry::Cell> unique_scope(const Resource& r, const Entity& e) {
  std::vector<registry::Cell> scope;
  for (int s : r.unique_scope_fields()) scope.push_back(e.cells[s]);
  return scope;
}

}  // namespace

void announce_checks(RuleContext& ctx, const Resource& r, const Entity& next) {
  std::vector<store::Probe> probes;
  for (size_t i = 0; i < r.fields.size(); ++i) {
    const Field& f = r.fields[i];
    if (f.references.empty() || registry::is_null(next.cells[i])) continue;
    if (const Resource* target = ctx.catalog.find(f.references)) {
      store::Probe& p = probes.emplace_back();
      p.kind = store::Probe::Kind::Exists;
      p.resource = target;
      p.id = std::get<int64_t>(next.cells[i]);
    }
  }
  for (auto name : r.unique) {
    if (auto value = unique_value(next, r.field_index(name))) {
      store::Probe& p = probes.emplace_back();
      p.kind = store::Probe::Kind::Unique;
      p.resource = &r;
      p.member = name;
      p.value = std::move(*value);
      p.scope = unique_scope(r, next);
    }
  }
  if (!r.tree_parent.empty()) {
    const int parent = r.field_index(r.tree_parent);
    if (const auto* id = std::get_if<int64_t>(&next.cells[parent])) {
      // As deep as the depth check looks (hierarchy.cpp): the cycle check's deeper walk is answered from it
      // too whenever the chain ends before.
      store::Probe& p = probes.emplace_back();
      p.kind = store::Probe::Kind::Ancestors;
      p.resource = &r;
      p.member = r.tree_parent;
      p.id = *id;
      p.max_depth = ctx.max_hierarchy_depth + 1;
    }
  }
  ctx.tx.prefetch(probes);
}

Status check_references_and_uniques(RuleContext& ctx, const Resource& r, const Entity& next) {
  std::vector<FieldError> errors;
  for (size_t i = 0; i < r.fields.size(); ++i) {
    const Field& f = r.fields[i];
    if (f.references.empty() || registry::is_null(next.cells[i])) continue;
    const Resource* target = ctx.catalog.find(f.references);
    int64_t id = std::get<int64_t>(next.cells[i]);
    if (target && !ctx.tx.exists(*target, id))
      errors.push_back({std::string(f.name), "There is no " + std::string(f.references) + " with id " +
                                                 std::to_string(id) + "."});
  }
  if (!errors.empty()) return validation_problem(std::move(errors));
  for (auto name : r.unique) {
    const std::optional<std::string> key = unique_value(next, r.field_index(name));
    if (!key) continue;
    const std::string* value = &*key;
    auto holder = ctx.tx.find_unique(r, name, *value, unique_scope(r, next));
    if (holder && *holder != next.id) {
      // A link keyed by a system-wide id has no id of its own worth naming.
      const Field* id = r.field("Id");
      std::string other = id && id->role == Role::Id ? " (id " + std::to_string(*holder) + ")" : "";
      return Problem::conflict(std::string(name), "Another " + std::string(r.name) + other + " already has " +
                                                      std::string(name) + " '" + *value + "'.");
    }
  }
  return ok_status();
}

}  // namespace norced::management
