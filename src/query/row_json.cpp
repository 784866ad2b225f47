#include "query/row_json.hpp"

#include <algorithm>
#include <charconv>

#include "core/time.hpp"
#include "json/escape.hpp"

namespace norced::query {

// A value as the JSON Writer writes the same cell (management::render_cell): null, integer, bool, string,
// exact decimal, instant as ISO 8601 UTC text. A switch, not std::visit: this runs for every value of a page.
void PageJson::append_value(Text& out, const store::CellView& v) {
  switch (v.index()) {
    case 0:
      out.append("null");
      return;
    case 1: {
      char* at = out.room(20);
      out.done(std::to_chars(at, at + 20, *std::get_if<int64_t>(&v)).ptr);
      return;
    }
    case 2:
      out.append(*std::get_if<bool>(&v) ? "true" : "false");
      return;
    case 3: {
      const std::string_view text = *std::get_if<std::string_view>(&v);
      out.done(json::write_quoted(out.room(json::quoted_size_bound(text)), text));
      return;
    }
    case 4:
      out.append(std::get_if<Decimal>(&v)->to_string());
      return;
    default: {
      static_assert(std::variant_size_v<store::CellView> == 6, "a new kind of cell needs its JSON here");
      const std::string text = timeutil::format_iso8601(std::get_if<registry::Instant>(&v)->micros);
      out.done(json::write_quoted(out.room(json::quoted_size_bound(text)), text));
    }
  }
}

bool PageJson::serves(const EntitySet& set, const std::vector<const registry::Field*>& properties) {
  using registry::Role;
  for (const registry::Field* f : properties)
    if (set.lookup(f) || is_text(*f) || (f->role != Role::Id && f->role != Role::Stored && f->role != Role::Audit))
      return false;
  return true;
}

PageJson::PageJson(const EntitySet& set, const std::vector<const registry::Field*>& properties, int64_t page,
                   std::string_view head)
    : page_(page) {
  const registry::Resource& r = *set.resource;
  for (const registry::Field* f : properties) {
    Property p;
    if (!properties_.empty()) p.key = ",";
    json::append_quoted(p.key, set.name_of(f));
    p.key += ':';
    p.field = f->role == registry::Role::Id ? -1 : static_cast<int>(f - r.fields.data());
    properties_.push_back(std::move(p));
  }
  last_.cells.resize(r.fields.size());
  // A guess that saves most regrowth: a key and a short value per property.
  size_t row = 2;
  for (const Property& p : properties_) row += p.key.size() + 16;
  out_.room(head.size() + 1 + static_cast<size_t>(page) * row);
  out_.append(head);
  out_.append("[");
}

void PageJson::columns(std::span<const int> fields) {
  fields_.assign(fields.begin(), fields.end());
  for (Property& p : properties_) {
    const auto at = std::find(fields_.begin(), fields_.end(), p.field);
    p.column = p.field >= 0 && at != fields_.end() ? static_cast<int>(at - fields_.begin()) : -1;
  }
}

bool PageJson::row(int64_t id, std::span<const store::CellView> values) {
  if (rows_ == page_) {
    more_ = true;
    return false;
  }
  out_.append(rows_++ > 0 ? std::string_view(",{") : std::string_view("{"));
  for (const Property& p : properties_) {
    out_.append(p.key);
    if (p.column >= 0) append_value(out_, values[static_cast<size_t>(p.column)]);
    else if (p.field < 0) append_value(out_, id);
    else append_value(out_, std::monostate{});
  }
  out_.append("}");
  if (rows_ == page_) {
    last_.id = id;
    for (size_t k = 0; k < fields_.size(); ++k) last_.cells[static_cast<size_t>(fields_[k])] = store::cell_of(values[k]);
  }
  return true;
}

std::string PageJson::take() {
  out_.append("]");
  return out_.take();
}

}  // namespace norced::query
