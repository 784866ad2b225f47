#include "management/export.hpp"

#include <algorithm>
#include <cctype>
#include <map>

#include "json/writer.hpp"
#include "management/config_format.hpp"
#include "management/reference_data.hpp"
#include "management/render.hpp"
#include "management/rule_context.hpp"
#include "management/rules.hpp"
#include "store/fold_case.hpp"

namespace norced::management {

using registry::Entity;
using registry::Field;
using registry::Resource;
using registry::Role;

namespace {

// Whether a member goes into the file: what a write reads, less the per-culture copies of texts (<Text>,
// Default<Text>, Is<Text>Inherited), which Cultures holds for every culture at once.
bool exported(const Resource& r, const Field& f) {
  if (read_only(r, f)) return false;
  return f.role != Role::Text && f.role != Role::DefaultText && f.role != Role::TextInherited;
}

// A Cultures entry: the culture and its stored texts (null where it has none of its own).
json::Value culture_entry(const Resource& r, const json::Value& rendered) {
  std::vector<json::Member> out;
  if (const json::Value* code = rendered.find("CultureCode")) out.push_back({"CultureCode", *code});
  for (const auto& slot : r.texts)
    if (slot.stored)
      if (const json::Value* v = rendered.find(slot.name)) out.push_back({std::string(slot.name), *v});
  return json::Value::object(std::move(out));
}

// An element of a Custom array: the members its model lets a write set.
json::Value element(const registry::Model* model, const json::Value& rendered) {
  std::vector<json::Member> out;
  for (const auto& m : rendered.members()) {
    if (m.key == "$id") continue;
    bool writable = !model;
    if (model)
      for (const auto& f : model->fields) writable |= f.name == m.key && f.role == Role::Stored;
    if (writable) out.push_back(m);
  }
  return json::Value::object(std::move(out));
}

// An element whose model is a resource of its own (VariantGroup.VariantTypes holds VariantTypeModels): what a
// write of that resource reads, as an item of it is exported (no Id: a seed finds the element by its Code).
json::Value resource_element(const Resource& model, const json::Value& rendered) {
  std::vector<json::Member> out;
  for (const Field& f : model.fields) {
    if (!exported(model, f)) continue;
    const json::Value* v = rendered.find(f.name);
    if (!v) continue;
    if (f.role == Role::Cultures && v->kind() == json::Kind::Array) {
      std::vector<json::Value> entries;
      for (const auto& c : v->items()) entries.push_back(culture_entry(model, c));
      out.push_back({std::string(f.name), json::Value::array(std::move(entries))});
    } else {
      out.push_back({std::string(f.name), *v});
    }
  }
  return json::Value::object(std::move(out));
}

const Resource* resource_of_model(const registry::Catalog& catalog, std::string_view model) {
  for (const Resource* r : catalog.all())
    if (r->model == model) return r;
  return nullptr;
}

const registry::Model* model_of(const Resource& r, const Field& f) {
  for (const auto& m : r.nested_models)
    if (m.name == f.item_model) return &m;
  return nullptr;
}

// The Codes of the items that reference members name, by resource and id.
using Codes = std::map<std::pair<std::string, int64_t>, std::optional<std::string>>;

Result<json::Value> item_of(RuleContext& ctx, const Resource& r, const Entity& e, const Codes& codes) {
  json::Writer w;
  render_entity(ctx, r, e, w);
  auto rendered = json::parse(w.take());
  if (!rendered) return rendered.take_problem();
  std::vector<json::Member> out;
  for (const Field& f : r.fields) {
    if (!exported(r, f)) continue;
    const json::Value* v = rendered->find(f.name);
    if (!v) continue;
    if (f.role == Role::Cultures && v->kind() == json::Kind::Array) {
      std::vector<json::Value> entries;
      for (const auto& c : v->items()) entries.push_back(culture_entry(r, c));
      out.push_back({std::string(f.name), json::Value::array(std::move(entries))});
    } else if (f.type == registry::Type::Array && v->kind() == json::Kind::Array) {
      std::vector<json::Value> elements;
      const registry::Model* model = model_of(r, f);
      const Resource* own = model ? nullptr : resource_of_model(ctx.catalog, f.item_model);
      for (const auto& x : v->items()) elements.push_back(own ? resource_element(*own, x) : element(model, x));
      out.push_back({std::string(f.name), json::Value::array(std::move(elements))});
    } else if (const Resource* target = config::code_reference(ctx.catalog, f); target && !v->is_null()) {
      const int64_t id = std::get<int64_t>(e.cells[r.field_index(f.name)]);
      auto it = codes.find({std::string(target->name), id});
      if (it == codes.end() || !it->second)
        return Problem::validation(std::string(f.name), std::string(target->name) + " " + std::to_string(id) +
                                                            " has no Code, so the file cannot name it.");
      out.push_back({std::string(f.name), json::Value::string(*it->second)});
    } else {
      out.push_back({std::string(f.name), *v});
    }
  }
  return json::Value::object(std::move(out));
}

// Natural-key order: numbers by value, text ignoring letter case (then by bytes, so the order is total).
bool key_less(const registry::Cell& a, const registry::Cell& b) {
  const auto* x = std::get_if<int64_t>(&a);
  const auto* y = std::get_if<int64_t>(&b);
  if (x && y) return *x < *y;
  const std::string s = config::key_text(a).value_or(""), t = config::key_text(b).value_or("");
  const std::string fs = store::fold_case(s), ft = store::fold_case(t);
  return fs != ft ? fs < ft : s < t;
}

// Items in the order of their natural keys as the file writes them: a child's parents' Codes first, and a key
// that refers to another item by its Code (a category's parametric) by that Code, so that the order is the same
// in every database.
void sort_as_files_name_them(const Resource& r, std::vector<Entity>& rows, const Codes& codes) {
  std::vector<int> parts;
  for (std::string_view parent : r.unique_within) parts.push_back(r.field_index(parent));
  parts.push_back(r.field_index(config::natural_key(r)->name));
  auto shown = [&](const Entity& e, int i) -> registry::Cell {
    const Field& f = r.fields[i];
    const auto* id = std::get_if<int64_t>(&e.cells[i]);
    if (f.references.empty() || !id) return e.cells[i];
    auto it = codes.find({std::string(f.references), *id});
    return it != codes.end() && it->second ? registry::Cell{*it->second} : e.cells[i];
  };
  std::sort(rows.begin(), rows.end(), [&](const Entity& a, const Entity& b) {
    for (int i : parts) {
      const registry::Cell x = shown(a, i), y = shown(b, i);
      if (key_less(x, y)) return true;
      if (key_less(y, x)) return false;
    }
    return false;
  });
}

// "category_id" -> "CategoryId": a collection column as a member name.
std::string pascal_case(std::string_view column) {
  std::string out;
  bool upper = true;
  for (char c : column) {
    if (c == '_') {
      upper = true;
      continue;
    }
    out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  return out;
}

json::Value without_ids(const json::Value& v) {
  if (v.kind() == json::Kind::Array) {
    std::vector<json::Value> items;
    for (const auto& i : v.items()) items.push_back(without_ids(i));
    return json::Value::array(std::move(items));
  }
  if (v.kind() != json::Kind::Object) return v;
  std::vector<json::Member> members;
  for (const auto& m : v.members())
    if (m.key != "$id") members.push_back({m.key, without_ids(m.value)});
  return json::Value::object(std::move(members));
}

// A row of stored data as it is stored: every member, Id and references as ids included, its culture texts and
// its collections (one object per row, members named after the columns).
json::Value data_row(RuleContext& ctx, const Resource& r, const Entity& e) {
  json::Writer w;
  render_entity(ctx, r, e, w);
  json::Value rendered = without_ids(*json::parse(w.take()));
  std::vector<json::Member> members = rendered.members();
  for (size_t c = 0; c < r.collections.size() && c < e.collections.size(); ++c) {
    std::vector<json::Value> rows;
    for (const auto& row : e.collections[c]) {
      std::vector<json::Member> cells;
      for (size_t k = 0; k < row.size() && k < r.collections[c].columns.size(); ++k)
        cells.push_back({pascal_case(r.collections[c].columns[k]), json::Value::number(std::to_string(row[k]))});
      rows.push_back(json::Value::object(std::move(cells)));
    }
    members.push_back({std::string(r.collections[c].field), json::Value::array(std::move(rows))});
  }
  return json::Value::object(std::move(members));
}

}  // namespace

std::vector<const Resource*> data_resources(const registry::Catalog& catalog) {
  const auto files = config::snapshot_resources(catalog);
  std::vector<const Resource*> out;
  for (const Resource* r : catalog.all())
    if (!r->table.empty() && r->operations.empty() && std::find(files.begin(), files.end(), r) == files.end())
      out.push_back(r);
  return out;
}

Result<json::Value> export_client(store::Store& store, const registry::Catalog& catalog, const ExportOptions& options) {
  std::vector<const Resource*> chosen, chosen_data;
  const auto all = config::resources(catalog);
  const auto data = data_resources(catalog);
  auto named = [&](const Resource* r) {
    return std::find(options.resources.begin(), options.resources.end(), r->name) != options.resources.end();
  };
  for (const Resource* r : all)
    if (options.resources.empty() || named(r)) chosen.push_back(r);
  for (const Resource* r : data)
    if (named(r)) chosen_data.push_back(r);
  for (const auto& name : options.resources) {
    auto is = [&](const Resource* r) { return r->name == name; };
    if (std::none_of(all.begin(), all.end(), is) && std::none_of(data.begin(), data.end(), is)) {
      std::string known;
      for (const Resource* r : all) known += (known.empty() ? "" : ", ") + std::string(r->name);
      for (const Resource* r : data) known += ", " + std::string(r->name);
      return Problem::validation("resources", "'" + name + "' is not a resource an export holds; use " + known + ".");
    }
  }

  auto tx = store.read(options.client);
  std::optional<int64_t> app_id = options.application ? options.application : config::first_application(*tx, catalog);
  std::optional<store::ApplicationRow> app;
  if (app_id) app = store.system()->application(*app_id);
  if (!app || app->client_id != options.client)
    return Problem::not_found(app_id ? "Application " + std::to_string(*app_id) + " is not an application of client " +
                                           std::to_string(options.client) + "."
                                     : "There is no client " + std::to_string(options.client) + ".");
  const store::ReferenceData ref = load_reference_data(*tx, ReferenceResources::from(catalog));
  RuleContext ctx(*tx, ref, *app, catalog, options.now);

  std::vector<json::Member> groups;
  for (const Resource* r : chosen) {
    auto rows = tx->list(*r, registry::ListQuery{});  // active and soft-deleted alike
    std::erase_if(rows, [&](const Entity& e) {        // another application's settings
      for (int s : r->scope_fields())
        if (e.cells[s] != registry::Cell{app->id}) return true;
      return false;
    });
    const int key = r->field_index(config::natural_key(*r)->name);
    std::string missing;
    for (const auto& e : rows)
      if (registry::is_null(e.cells[key])) missing += (missing.empty() ? "" : ", ") + std::to_string(e.id);
    if (!missing.empty())
      return Problem::validation(std::string(r->name), std::string(r->name) + " " + missing + " ha" +
                                                           (missing.find(',') == std::string::npos ? "s" : "ve") +
                                                           " no " + std::string(config::natural_key(*r)->name) +
                                                           ": give every item one, so that a seed can find it again.");
    // The Codes that reference members will show instead of ids.
    Codes codes;
    for (const Field& f : r->fields) {
      const Resource* target = config::code_reference(catalog, f);
      if (!target) continue;
      std::vector<int64_t> ids;
      for (const auto& e : rows)
        if (const auto* id = std::get_if<int64_t>(&e.cells[r->field_index(f.name)])) ids.push_back(*id);
      std::sort(ids.begin(), ids.end());
      ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
      const int code = target->field_index("Code");
      for (const auto& t : tx->get_many(*target, ids))
        codes[{std::string(target->name), t.id}] = config::key_text(t.cells[code]);
    }
    sort_as_files_name_them(*r, rows, codes);
    if (rules_of(*r).derive) rules_of(*r).derive(ctx, rows);
    std::vector<json::Value> items;
    for (const auto& e : rows) {
      auto item = item_of(ctx, *r, e, codes);
      if (!item) return item.take_problem();
      items.push_back(std::move(*item));
    }
    groups.push_back({std::string(r->name), json::Value::array(std::move(items))});
  }
  for (const Resource* r : chosen_data) {
    std::vector<json::Value> items;
    for (const auto& e : tx->list(*r, registry::ListQuery{})) items.push_back(data_row(ctx, *r, e));
    groups.push_back({std::string(r->name), json::Value::array(std::move(items))});
  }
  return json::Value::object(std::move(groups));
}

}  // namespace norced::management
