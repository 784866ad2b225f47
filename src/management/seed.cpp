#include "management/seed.hpp"

#include <functional>
#include <map>

#include "json/writer.hpp"
#include "management/config_format.hpp"
#include "management/convert.hpp"
#include "management/input.hpp"
#include "management/reference_data.hpp"
#include "management/reset.hpp"
#include "management/rule_context.hpp"
#include "management/save.hpp"
#include "management/snapshot.hpp"
#include "store/fold_case.hpp"

namespace norced::management {

using registry::Cell;
using registry::Entity;
using registry::Field;
using registry::Resource;

namespace {

// Where a problem is: the file, and the item when there is one.
struct Place {
  const SeedOptions& options;
  const Resource* resource = nullptr;
  size_t index = 0;
  std::optional<std::string> key;

  std::string path() const { return resource ? std::string(resource->name) + "[" + std::to_string(index) + "]" : ""; }
  // The path of one of the item's members (of the file's group named `field` when there is no item).
  std::string path(const std::string& field) const {
    if (!resource) return field;
    return field.empty() ? path() : path() + "." + field;
  }
  // "file: ", or "file:line: " when the file says where `field` (else the item) is; then the item.
  std::string prefix(const std::string& field) const {
    std::string p = options.source;
    if (int line = options.lines.line_of(path(field)); line > 0) p += ":" + std::to_string(line);
    p += ": ";
    if (!resource) return p;
    p += path();
    if (key) p += " (" + std::string(config::natural_key(*resource)->name) + " '" + *key + "')";
    return p + ": ";
  }

  // The problem of one item, its members named in the detail and in the errors.
  Problem wrap(Problem p) const {
    Problem out{p.status >= 500 ? 400 : p.status, "The seed file was refused.", {}, {}, {}};
    if (p.errors.empty()) {
      out.detail = prefix("") + p.detail;
      out.errors.push_back({resource ? path() : options.source, p.detail});
      return out;
    }
    for (const auto& e : p.errors) {
      out.detail += (out.detail.empty() ? "" : "\n") + prefix(e.field) + (e.field.empty() ? "" : e.field + ": ") + e.message;
      out.errors.push_back({path(e.field), e.message});
    }
    return out;
  }
  Problem error(const std::string& field, const std::string& message) const {
    return wrap(Problem::validation(field, message));
  }
};

std::string known_groups(const std::vector<const Resource*>& rs) {
  std::string out;
  for (const Resource* r : rs) out += (out.empty() ? "" : ", ") + std::string(r->name);
  return out;
}

// The members of `item` that refer to another item by its Code, with that Code replaced by the item's id (an
// integer is taken as an id and left to the generic reference check).
Result<json::Value> resolve_references(store::ReadTx& tx, const registry::Catalog& catalog, const Resource& r,
                                       const json::Value& item, const Place& at) {
  std::vector<json::Member> members;
  for (const auto& m : item.members()) {
    const Field* f = config::member(r, m.key);
    const Resource* target = f ? config::code_reference(catalog, *f) : nullptr;
    if (!target || m.value.kind() != json::Kind::String) {
      members.push_back(m);
      continue;
    }
    auto id = tx.find_unique(*target, "Code", m.value.as_string());
    if (!id)
      return at.error(std::string(f->name), "There is no " + std::string(target->name) + " with Code '" +
                                                m.value.as_string() + "'.");
    members.push_back({m.key, json::Value::number(std::to_string(*id))});
  }
  return json::Value::object(std::move(members));
}

// The order to write a group's items in: an item after the items of the same group it refers to by Code, so
// a file may list a child before its parent. A cycle among the file's items is the first item's problem.
Result<std::vector<size_t>> write_order(const registry::Catalog& catalog, const Resource& r,
                                        const std::vector<json::Value>& items, const Place& group) {
  std::vector<const Field*> self_refs;
  for (const auto& f : r.fields)
    if (config::code_reference(catalog, f) == &r) self_refs.push_back(&f);
  std::map<std::string, size_t> by_code;
  if (!self_refs.empty())
    for (size_t i = 0; i < items.size(); ++i)
      if (const json::Value* code = items[i].find("Code"); code && code->kind() == json::Kind::String)
        by_code.emplace(store::fold_case(code->as_string()), i);
  std::vector<int> state(items.size(), 0);  // 0 new, 1 being placed, 2 placed
  std::vector<size_t> order;
  std::optional<Problem> cycle;
  std::function<void(size_t)> place = [&](size_t i) {
    if (state[i] == 2 || cycle) return;
    state[i] = 1;
    for (const Field* f : self_refs) {
      const json::Value* v = items[i].find(f->name);
      if (!v || v->kind() != json::Kind::String) continue;
      auto it = by_code.find(store::fold_case(v->as_string()));
      if (it == by_code.end() || it->second == i) continue;
      if (state[it->second] == 1) {
        Place at = group;
        at.index = i;
        cycle = at.error(std::string(f->name), "The items of this file refer to each other in a cycle through '" +
                                                   v->as_string() + "'.");
        return;
      }
      place(it->second);
    }
    state[i] = 2;
    order.push_back(i);
  };
  for (size_t i = 0; i < items.size() && !cycle; ++i) place(i);
  if (cycle) return std::move(*cycle);
  return order;
}

// The value of `f` in a body whose references by Code are resolved, as the cell a write stores (an error
// naming the member when it is missing or of the wrong kind).
Result<Cell> member_cell(const json::Value& body, const Field& f, const Place& at, std::string_view why) {
  const json::Value* v = body.find(f.name);
  if (!v || v->is_null()) return at.error(std::string(f.name), "A value is required: " + std::string(why) + ".");
  auto cell = to_cell(*v, spec_of(f));
  if (auto* msg = std::get_if<std::string>(&cell)) return at.error(std::string(f.name), *msg);
  return std::get<Cell>(std::move(cell));
}

// One item: found by its natural key (within its parents, for a child), decoded and checked like the body of a
// PUT or POST, then saved.
Result<Unit> seed_item(RuleContext& ctx, store::WriteTx& tx, const Resource& r, const json::Value& item, Place at,
                       const std::string& changed_by, SeedCount& count) {
  const Field& key = *config::natural_key(r);
  if (item.kind() != json::Kind::Object)
    return at.wrap(Problem::bad_request("Expected an object (" + std::string(r.model) + "), got " +
                                        json::kind_name(item.kind()) + "."));
  // The key as the file writes it names the item in messages; a key that is a reference (a category's
  // parametric by the parametric's Code) is looked up as the id it resolves to.
  const char* why_key = "it is the key that finds the item in any database";
  const json::Value* given = item.find(key.name);
  if (!given || given->is_null()) return at.error(std::string(key.name), std::string("A value is required: ") + why_key + ".");
  if (given->kind() == json::Kind::String) at.key = given->as_string();
  if (given->kind() == json::Kind::Number) at.key = given->number_text();

  auto body = resolve_references(tx, ctx.catalog, r, item, at);
  if (!body) return body.take_problem();
  auto key_cell = member_cell(*body, key, at, why_key);
  if (!key_cell) return key_cell.take_problem();

  // The scope the key holds within: the application, and a child's parents (which bind it as its path would).
  std::vector<Cell> scope;
  std::vector<std::pair<int, Cell>> bound;
  for (int s : r.unique_scope_fields()) {
    if (r.fields[s].role == registry::Role::Scope) {
      scope.push_back(ctx.app.id);  // the only Scope member there is: the application
      continue;
    }
    auto parent = member_cell(*body, r.fields[s], at, "it names the parent the item belongs to");
    if (!parent) return parent.take_problem();
    scope.push_back(*parent);
    bound.emplace_back(s, *parent);
  }
  std::optional<Entity> current;
  if (auto id = tx.find_unique(r, key.name, *config::key_text(*key_cell), scope)) current = tx.get(r, *id);
  if (!current && !r.find_operation(registry::OpKind::Insert))
    return at.error(std::string(key.name), std::string(r.name) + " items cannot be created, only changed.");

  WriteRequest wr{r, *body, current ? &*current : nullptr, current ? current->id : 0, changed_by, std::move(bound)};
  auto next = build_entity(ctx, wr);
  if (!next) return at.wrap(next.take_problem());
  if (current && snapshot::same_row(r, *current, *next, false)) {
    ++count.unchanged;
    return Unit{};
  }
  auto saved = save(ctx, r, std::move(*next), current ? &*current : nullptr,
                    current ? SaveKind::Update : SaveKind::Insert);
  if (!saved) return at.wrap(saved.take_problem());
  ++(current ? count.updated : count.inserted);
  return Unit{};
}

// The text that tells an item of a group from the others as the file writes it: its natural key, after the
// parents' Codes for a child, letters folded as the keys are compared. Nullopt when a part is missing or not a
// scalar (the item's own check then says so).
std::optional<std::string> identity_in_file(const Resource& r, const json::Value& item) {
  std::vector<std::string_view> parts(r.unique_within.begin(), r.unique_within.end());
  parts.push_back(config::natural_key(r)->name);
  std::string out;
  for (std::string_view name : parts) {
    const json::Value* k = item.find(name);
    if (!k || (k->kind() != json::Kind::String && k->kind() != json::Kind::Number)) return std::nullopt;
    out += store::fold_case(k->kind() == json::Kind::String ? k->as_string() : k->number_text()) + '\x1f';
  }
  return out;
}

}  // namespace

std::string summary(int64_t client, const Seeded& seeded) {
  json::Writer w;
  w.begin_object_without_id();
  w.member("ClientId", client);
  w.key("Resources");
  w.begin_object_without_id();
  for (const auto& c : seeded.counts) {
    w.key(c.resource);
    w.begin_object_without_id();
    w.member("Inserted", c.inserted);
    w.member("Updated", c.updated);
    w.member("Unchanged", c.unchanged);
    w.end_object();
  }
  w.end_object();
  w.end_object();
  return w.take();
}

Result<Seeded> seed(store::Store& store, const registry::Catalog& catalog, const json::Value& document,
                    const SeedOptions& options) {
  const Place file{options, nullptr, 0, std::nullopt};
  const auto groups = config::resources(catalog);
  if (document.kind() != json::Kind::Object)
    return file.wrap(Problem::bad_request("Expected an object whose members are resource names (" +
                                          known_groups(groups) + "), got " + json::kind_name(document.kind()) + "."));
  for (const auto& m : document.members()) {
    bool known = false;
    for (const Resource* r : groups) known |= r->name == m.key;
    if (!known)
      return file.error(m.key, "Not a resource a seed file holds; use " + known_groups(groups) + ".");
    if (m.value.kind() != json::Kind::Array)
      return file.error(m.key, std::string("Expected an array of items, got ") + json::kind_name(m.value.kind()) + ".");
  }

  std::optional<int64_t> app_id = options.application;
  if (!app_id) app_id = config::first_application(*store.read(options.client), catalog);
  std::optional<store::ApplicationRow> app;
  if (app_id) app = store.system()->application(*app_id);
  if (!app || app->client_id != options.client)
    return file.wrap(Problem::not_found(app_id ? "Application " + std::to_string(*app_id) + " is not an application of client " +
                                                     std::to_string(options.client) + "."
                                               : "There is no client " + std::to_string(options.client) + "."));

  auto tx = store.write(options.client, options.author);
  const ReferenceResources links = ReferenceResources::from(catalog);
  store::ReferenceData ref = load_reference_data(*tx, links);
  RuleContext ctx(*tx, ref, *app, catalog, options.author.at);
  ctx.max_hierarchy_depth = options.max_hierarchy_depth;
  ctx.set_writer(tx.get());

  Seeded out;
  for (const Resource* r : groups) {
    const json::Value* items = document.find(r->name);
    if (!items) continue;
    Place group{options, r, 0, std::nullopt};
    // The same item twice would be written twice, the second silently winning.
    std::map<std::string, size_t> seen;
    const Field& key = *config::natural_key(*r);
    const std::string within = r->unique_within.empty() ? "" : " within the same " + std::string(r->unique_within.front());
    for (size_t i = 0; i < items->items().size(); ++i) {
      auto text = identity_in_file(*r, items->items()[i]);
      if (!text) continue;
      if (auto [it, fresh] = seen.emplace(*text, i); !fresh) {
        Place at = group;
        at.index = i;
        return at.error(std::string(key.name), "Item " + std::to_string(it->second) + " of " + std::string(r->name) +
                                                   " has the same " + std::string(key.name) + within + ".");
      }
    }
    auto order = write_order(catalog, *r, items->items(), group);
    if (!order) return order.take_problem();
    SeedCount count{std::string(r->name)};
    for (size_t i : *order) {
      Place at = group;
      at.index = i;
      auto done = seed_item(ctx, *tx, *r, items->items()[i], at, options.author.account, count);
      if (!done) return done.take_problem();
      // Later items are checked against the currencies, cultures... this one may have enabled.
      if (r->feeds_reference_data) ref = load_reference_data(*tx, links);
    }
    out.counts.push_back(std::move(count));
  }
  // The seeded state a reset returns to: read and saved inside the transaction, so it is exactly what this
  // seed left, and a seed that fails at its commit leaves no snapshot of rows that were never written.
  reset::save(*tx, snapshot::encode(catalog, snapshot::read(*tx, catalog)));
  out.changes = tx->commit();
  return out;
}

}  // namespace norced::management
