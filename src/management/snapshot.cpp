#include "management/snapshot.hpp"

#include <algorithm>
#include <charconv>

#include "json/value.hpp"
#include "json/writer.hpp"
#include "management/config_format.hpp"
#include "management/render.hpp"

namespace norced::management::snapshot {

using registry::Cell;
using registry::Entity;
using registry::Field;
using registry::Resource;
using registry::Role;
using registry::Type;

namespace {

constexpr int kFormat = 1;

// The members the store keeps as columns of the resource's own table.
bool is_column(const Field& f) { return f.role == Role::Stored || f.role == Role::Audit || f.role == Role::Scope; }

// The API's rendering, except for the two types whose JSON text is not what the store keeps exactly.
void write_cell(json::Writer& w, const Cell& c) {
  if (const auto* d = std::get_if<Decimal>(&c)) return w.string(d->to_string());
  if (const auto* t = std::get_if<registry::Instant>(&c)) return w.integer(t->micros);
  render_cell(w, c);
}

std::optional<int64_t> to_int(const json::Value& v) {
  if (v.kind() != json::Kind::Number) return std::nullopt;
  int64_t out = 0;
  const std::string& t = v.number_text();
  auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), out);
  if (ec != std::errc() || p != t.data() + t.size()) return std::nullopt;
  return out;
}

std::optional<Cell> read_cell(const json::Value& v, Type type) {
  if (v.is_null()) return Cell{};
  switch (type) {
    case Type::Int:
      if (auto n = to_int(v)) return Cell{*n};
      return std::nullopt;
    case Type::Bool:
      if (v.kind() == json::Kind::Bool) return Cell{v.as_bool()};
      return std::nullopt;
    case Type::String:
    case Type::Guid:
      if (v.kind() == json::Kind::String) return Cell{v.as_string()};
      return std::nullopt;
    case Type::Decimal:
      if (v.kind() != json::Kind::String) return std::nullopt;
      if (auto d = Decimal::parse(v.as_string())) return Cell{*d};
      return std::nullopt;
    case Type::DateTime:
      if (auto n = to_int(v)) return Cell{registry::Instant{*n}};
      return std::nullopt;
    default:
      return std::nullopt;
  }
}

Problem corrupt(const std::string& what) {
  return {500, "Internal Server Error", "The client's saved seed state cannot be read: " + what + ".", {}, {}};
}

// Own texts of the stored slots, by culture, without the cultures that hold none.
std::map<std::string, std::vector<std::optional<std::string>>> texts_of(const Resource& r, const Entity& e) {
  std::map<std::string, std::vector<std::optional<std::string>>> out;
  for (const auto& t : e.cultures) {
    std::vector<std::optional<std::string>> slots;
    bool any = false;
    for (size_t s = 0; s < r.texts.size(); ++s) {
      if (!r.texts[s].stored) continue;
      slots.push_back(s < t.texts.size() ? t.texts[s] : std::nullopt);
      any |= slots.back().has_value();
    }
    if (any) out[t.culture] = std::move(slots);
  }
  return out;
}

}  // namespace

Rows read(store::EntityReader& tx, const registry::Catalog& catalog) {
  Rows rows;
  for (const Resource* r : config::snapshot_resources(catalog)) rows[std::string(r->name)] = tx.list(*r, registry::ListQuery{});
  return rows;
}

// {"format":1,"resources":{"Category":{"members":[...],"rows":[[id,[cells],[[culture,[texts]]],[[[ints]]]]]}}}
std::string encode(const registry::Catalog& catalog, const Rows& rows) {
  json::Writer w;
  w.begin_object_without_id();
  w.member("format", int64_t{kFormat});
  w.key("resources");
  w.begin_object_without_id();
  for (const auto& [name, items] : rows) {
    const Resource* r = catalog.find(name);
    if (!r) continue;
    w.key(name);
    w.begin_object_without_id();
    w.key("members");
    w.begin_array();
    for (const auto& f : r->fields)
      if (is_column(f)) w.string(f.name);
    w.end_array();
    w.key("texts");
    w.begin_array();
    for (const auto& t : r->texts)
      if (t.stored) w.string(t.name);
    w.end_array();
    w.key("rows");
    w.begin_array();
    for (const Entity& e : items) {
      w.begin_array();
      w.integer(e.id);
      w.begin_array();
      for (size_t i = 0; i < r->fields.size(); ++i)
        if (is_column(r->fields[i])) write_cell(w, i < e.cells.size() ? e.cells[i] : Cell{});
      w.end_array();
      w.begin_array();
      for (const auto& [culture, slots] : texts_of(*r, e)) {
        w.begin_array();
        w.string(culture);
        w.begin_array();
        for (const auto& s : slots) s ? w.string(*s) : w.null();
        w.end_array();
        w.end_array();
      }
      w.end_array();
      w.begin_array();
      for (const auto& collection : e.collections) {
        w.begin_array();
        for (const auto& row : collection) {
          w.begin_array();
          for (int64_t v : row) v == INT64_MIN ? w.null() : w.integer(v);
          w.end_array();
        }
        w.end_array();
      }
      w.end_array();
      w.end_array();
    }
    w.end_array();
    w.end_object();
  }
  w.end_object();
  w.end_object();
  return w.take();
}

Result<Rows> decode(const registry::Catalog& catalog, std::string_view text) {
  json::ParseOptions options;
  options.max_depth = 16;
  auto doc = json::parse(text, options);
  if (!doc) return corrupt(doc.problem().detail);
  const json::Value* format = doc->find("format");
  if (!format || to_int(*format) != kFormat) return corrupt("unknown format");
  const json::Value* resources = doc->find("resources");
  if (!resources || resources->kind() != json::Kind::Object) return corrupt("no resources");
  Rows out;
  for (const auto& [name, group] : resources->members()) {
    const Resource* r = catalog.find(name);
    if (!r) continue;  // a resource this build no longer serves
    const json::Value* members = group.find("members");
    const json::Value* texts = group.find("texts");
    const json::Value* rows = group.find("rows");
    if (!members || !texts || !rows || rows->kind() != json::Kind::Array) return corrupt(name + " is malformed");
    std::vector<int> field_of;  // snapshot member position → field index (-1: no longer a member)
    for (const auto& m : members->items()) {
      const int i = m.kind() == json::Kind::String ? r->field_index(m.as_string()) : -1;
      field_of.push_back(i >= 0 && is_column(r->fields[i]) ? i : -1);
    }
    std::vector<int> slot_of;
    for (const auto& t : texts->items()) slot_of.push_back(t.kind() == json::Kind::String ? r->text_index(t.as_string()) : -1);
    auto& entities = out[name];
    for (const auto& row : rows->items()) {
      if (row.kind() != json::Kind::Array || row.items().size() != 4) return corrupt(name + " has a malformed row");
      const auto& parts = row.items();
      Entity e;
      auto id = to_int(parts[0]);
      if (!id || parts[1].items().size() != field_of.size()) return corrupt(name + " has a malformed row");
      e.id = *id;
      e.cells.resize(r->fields.size());
      for (size_t k = 0; k < field_of.size(); ++k) {
        if (field_of[k] < 0) continue;
        auto cell = read_cell(parts[1].items()[k], r->fields[field_of[k]].type);
        if (!cell) return corrupt(name + " " + std::to_string(e.id) + " has a malformed member");
        e.cells[field_of[k]] = std::move(*cell);
      }
      for (const auto& t : parts[2].items()) {
        if (t.items().size() != 2 || t.items()[0].kind() != json::Kind::String) return corrupt(name + " has malformed texts");
        registry::CultureTexts ct{t.items()[0].as_string(), std::vector<std::optional<std::string>>(r->texts.size())};
        for (size_t k = 0; k < t.items()[1].items().size() && k < slot_of.size(); ++k) {
          const auto& v = t.items()[1].items()[k];
          if (slot_of[k] >= 0 && v.kind() == json::Kind::String) ct.texts[slot_of[k]] = v.as_string();
        }
        e.cultures.push_back(std::move(ct));
      }
      e.collections.resize(r->collections.size());
      for (size_t ci = 0; ci < parts[3].items().size() && ci < r->collections.size(); ++ci)
        for (const auto& crow : parts[3].items()[ci].items()) {
          std::vector<int64_t> values;
          for (const auto& v : crow.items()) values.push_back(to_int(v).value_or(INT64_MIN));
          e.collections[ci].push_back(std::move(values));
        }
      entities.push_back(std::move(e));
    }
  }
  return out;
}

bool same_row(const Resource& r, const Entity& a, const Entity& b, bool with_audit) {
  for (size_t i = 0; i < r.fields.size(); ++i) {
    const Field& f = r.fields[i];
    if (!is_column(f) || (f.role == Role::Audit && !with_audit)) continue;
    const Cell none;
    if ((i < a.cells.size() ? a.cells[i] : none) != (i < b.cells.size() ? b.cells[i] : none)) return false;
  }
  if (texts_of(r, a) != texts_of(r, b)) return false;
  for (size_t ci = 0; ci < r.collections.size(); ++ci) {
    auto x = ci < a.collections.size() ? a.collections[ci] : std::vector<std::vector<int64_t>>{};
    auto y = ci < b.collections.size() ? b.collections[ci] : std::vector<std::vector<int64_t>>{};
    std::sort(x.begin(), x.end());
    std::sort(y.begin(), y.end());
    if (x != y) return false;
  }
  return true;
}

}  // namespace norced::management::snapshot
