#include "connect/imports/support.hpp"

#include <algorithm>
#include <unordered_set>

#include "management/convert.hpp"
#include "registry/field_ref.hpp"
#include "management/rules.hpp"
#include "management/save.hpp"

namespace norced::connect::imports {

using registry::Cell;
using registry::Entity;
using registry::Field;
using registry::Resource;
using registry::Type;

namespace {

constexpr size_t kCodeBatch = 500;  // codes per find_unique_many: bounded statements on both engines

size_t index_of(const Resource& r, std::string_view field) {
  const int i = r.field_index(field);
  if (i < 0) registry::detail::bad_field_ref(r.name, field, "does not exist");
  return static_cast<size_t>(i);
}

bool is_zero(const Cell& c) {
  if (const auto* d = std::get_if<Decimal>(&c)) return *d == Decimal::from_int(0);
  if (const auto* n = std::get_if<int64_t>(&c)) return *n == 0;
  return false;
}

}  // namespace

std::optional<std::string> key_text(const json::Value& item, std::string_view member) {
  const json::Value* v = item.find(member);
  if (!v || v->kind() != json::Kind::String || v->as_string().empty()) return std::nullopt;
  return v->as_string();
}

std::unordered_map<std::string, int64_t> ids_by_code(store::EntityReader& tx, const Resource& r,
                                                     std::string_view member, const std::vector<std::string>& codes,
                                                     const std::vector<Cell>& scope) {
  std::unordered_map<std::string, int64_t> out;
  std::vector<std::string> batch;
  // Each code once: a chunk repeats codes (a manufacturer on every item), and a scan of the batch per code made
  // this quadratic in the chunk.
  std::unordered_set<std::string_view> asked;
  asked.reserve(codes.size());
  auto ask = [&] {
    for (auto& [code, id] : tx.find_unique_many(r, member, batch, scope)) out.emplace(std::move(code), id);
    batch.clear();
  };
  for (const auto& c : codes) {
    if (!asked.insert(c).second) continue;
    batch.push_back(c);
    if (batch.size() == kCodeBatch) ask();
  }
  if (!batch.empty()) ask();
  return out;
}

void prefetch_unique(store::EntityReader& tx, const Resource& r, std::string_view member,
                     const std::vector<UniqueKey>& keys) {
  std::vector<store::Probe> probes;
  probes.reserve(keys.size());
  for (const auto& k : keys) {
    store::Probe p;
    p.kind = store::Probe::Kind::Unique;
    p.resource = &r;
    p.member = member;
    p.value = k.value;
    p.scope = k.scope;
    probes.push_back(std::move(p));
  }
  if (!probes.empty()) tx.prefetch(probes);
}

std::vector<Entity> rows_where_in(store::EntityReader& tx, const Resource& r, std::string_view field,
                                  const std::vector<int64_t>& ids, const registry::Expr& also) {
  constexpr size_t kBatch = 100;  // an OR list SQLite's expression depth and PostgreSQL's planner take well
  std::vector<int64_t> distinct = ids;
  std::sort(distinct.begin(), distinct.end());
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  std::vector<Entity> out;
  for (size_t at = 0; at < distinct.size(); at += kBatch) {
    std::vector<registry::Expr> any;
    for (size_t i = at; i < distinct.size() && i < at + kBatch; ++i)
      any.push_back(registry::Expr::cmp(registry::Expr::Op::Eq, field, distinct[i]));
    registry::ListQuery q;
    q.where = registry::Expr::all_of({also, registry::Expr::any_of(std::move(any))});
    for (auto& e : tx.list(r, q)) out.push_back(std::move(e));
  }
  return out;
}

void Patch::set(const Resource& r, std::string_view field, Cell value) {
  const size_t i = index_of(r, field);
  for (auto& [at, cell] : cells)
    if (at == i) {
      cell = std::move(value);
      return;
    }
  cells.emplace_back(i, std::move(value));
}

bool Patch::has(const Resource& r, std::string_view field) const {
  const size_t i = index_of(r, field);
  return std::any_of(cells.begin(), cells.end(), [&](const auto& c) { return c.first == i; });
}

bool Patch::apply_to(Entity& e) const {
  bool changed = false;
  for (const auto& [i, cell] : cells) {
    if (i >= e.cells.size()) e.cells.resize(i + 1);
    if (e.cells[i] == cell) continue;
    e.cells[i] = cell;
    changed = true;
  }
  return changed;
}

std::optional<std::string> decode_member(const Resource& r, std::string_view field, const json::Value& v, Cell& out) {
  const Field& f = r.fields[index_of(r, field)];
  management::CellSpec spec = management::spec_of(f);
  spec.nullable = true;  // null means "no value" here; the caller decides what that does
  auto cell = management::to_cell(v, spec);
  if (auto* msg = std::get_if<std::string>(&cell)) return *msg;
  out = std::move(std::get<Cell>(cell));
  return std::nullopt;
}

std::optional<std::string> decode_listed(const Resource& r, const json::Value& item, const std::vector<int>& listed,
                                         std::span<const ListedMember> map, Patch& patch) {
  for (const ListedMember& m : map) {
    if (std::find(listed.begin(), listed.end(), m.value) == listed.end()) continue;
    const Field& f = r.fields[index_of(r, m.field)];
    const json::Value* v = item.find(m.json);
    Cell cell;
    if (v && !v->is_null()) {
      // An enum the .NET client left unset arrives as 0: no value, when 0 is none of the enum's.
      if (!f.allowed.empty() && v->kind() == json::Kind::Number && v->number_text() == "0" &&
          std::find(f.allowed.begin(), f.allowed.end(), 0) == f.allowed.end())
        continue;
      if (auto msg = decode_member(r, m.field, *v, cell)) return std::string(m.json) + ": " + *msg;
    }
    if (m.price && (registry::is_null(cell) || is_zero(cell))) continue;
    if (registry::is_null(cell) && !f.nullable) continue;
    patch.set(r, m.field, std::move(cell));
  }
  return std::nullopt;
}

std::optional<std::string> check_text(const Resource& r, std::string_view field, const std::string& value) {
  Cell cell;
  return decode_member(r, field, json::Value::string(value), cell);
}

Entity new_entity(const Resource& r) {
  Entity e;
  e.cells.resize(r.fields.size());
  e.collections.resize(r.collections.size());
  for (size_t i = 0; i < r.fields.size(); ++i) {
    const Field& f = r.fields[i];
    if (f.role != registry::Role::Stored || f.nullable) continue;
    switch (f.type) {
      case Type::Int: e.cells[i] = int64_t{0}; break;
      case Type::Bool: e.cells[i] = f.default_bool.value_or(false); break;
      case Type::Decimal: e.cells[i] = Decimal::from_int(0); break;
      case Type::String: e.cells[i] = std::string(); break;
      default: break;
    }
  }
  return e;
}

std::string changed_by(const ImportContext& ctx) {
  // The job's account, as the transaction's author (the runner's) names it in the change log.
  return ctx.tx.author().account;
}

std::string problem_text(const Problem& p) {
  if (!p.errors.empty()) {
    std::string out;
    for (const auto& e : p.errors) out += (out.empty() ? "" : " ") + e.field + ": " + e.message;
    return out;
  }
  return p.detail.empty() ? p.title : p.detail;
}

Result<Entity> write_row(ImportContext& ctx, const Resource& r, Entity next, const Entity* current) {
  if (int i = r.field_index("Changed"); i >= 0) next.cells[i] = registry::Instant{ctx.now()};
  if (int i = r.field_index("ChangedBy"); i >= 0) next.cells[i] = changed_by(ctx);
  if (const auto& validate = management::rules_of(r).validate) {
    std::vector<FieldError> errors;
    static const json::Value kNoBody = json::Value::object({});
    validate(ctx.rules, kNoBody, next, current, errors);
    if (!errors.empty()) {
      Problem p = Problem::validation("", "");
      p.errors = std::move(errors);
      return p;
    }
  }
  auto saved = management::save(ctx.rules, r, std::move(next), current,
                                current ? management::SaveKind::Update : management::SaveKind::Insert);
  if (saved) ++(current ? ctx.outcome.updates : ctx.outcome.inserts);
  return saved;
}

void deactivate_unsent(ImportContext& ctx, const Resource& r, const std::vector<Entity>& rows,
                       const std::function<bool(const Entity&)>& sent, bool apply, FullFileScope& scope,
                       std::string_view row_name) {
  const int is_active = r.field_index("IsActive");
  for (const Entity& row : rows) {
    ++scope.active;
    if (sent(row)) continue;
    ++scope.deactivate;
    if (!apply) continue;
    Entity next = row;
    next.cells[is_active] = false;
    if (auto done = write_row(ctx, r, std::move(next), &row); !done)
      ctx.info(std::string(row_name) + " " + std::to_string(row.id) + " was not deactivated: " + problem_text(done.problem()));
  }
}

Result<Entity> upsert(ImportContext& ctx, const Resource& r, const std::optional<Entity>& current, const Patch& init,
                      const Patch& patch) {
  if (current) {
    Entity next = *current;
    if (!patch.apply_to(next)) return next;
    return write_row(ctx, r, std::move(next), &*current);
  }
  Entity next = new_entity(r);
  init.apply_to(next);
  patch.apply_to(next);
  return write_row(ctx, r, std::move(next), nullptr);
}

void for_each_batch(const JobItems& items, size_t batch, const std::function<void(const std::vector<json::Value>&)>& f) {
  std::vector<json::Value> pending;
  items([&](const ImportItem& item) {
    pending.push_back(item.value);
    if (pending.size() == batch) {
      f(pending);
      pending.clear();
    }
  });
  if (!pending.empty()) f(pending);
}

}  // namespace norced::connect::imports
