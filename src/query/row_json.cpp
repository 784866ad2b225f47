#include "query/row_json.hpp"

#include <charconv>

#include "core/time.hpp"
#include "json/escape.hpp"

namespace norced::query {

namespace {

// A value as the JSON Writer writes the same cell (management::render_cell): null, integer, bool, string,
// exact decimal, instant as ISO 8601 UTC text.
void append_value(std::string& out, const store::CellView& v) {
  std::visit(
      [&](const auto& x) {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          out += "null";
        } else if constexpr (std::is_same_v<T, int64_t>) {
          char digits[24];
          out.append(digits, std::to_chars(digits, digits + sizeof digits, x).ptr);
        } else if constexpr (std::is_same_v<T, bool>) {
          out += x ? "true" : "false";
        } else if constexpr (std::is_same_v<T, std::string_view>) {
          json::append_quoted(out, x);
        } else if constexpr (std::is_same_v<T, Decimal>) {
          out += x.to_string();
        } else {
          json::append_quoted(out, timeutil::format_iso8601(x.micros));
        }
      },
      v);
}

}  // namespace

bool PageJson::serves(const EntitySet& set, const std::vector<const registry::Field*>& properties) {
  using registry::Role;
  for (const registry::Field* f : properties)
    if (set.lookup(f) || is_text(*f) || (f->role != Role::Id && f->role != Role::Stored && f->role != Role::Audit))
      return false;
  return true;
}

PageJson::PageJson(const EntitySet& set, const std::vector<const registry::Field*>& properties, int64_t page)
    : cells_(set.resource->fields.size()), page_(page) {
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
  out_.reserve(static_cast<size_t>(page) * 16 * (properties.size() + 1));  // a guess that saves most regrowth
}

bool PageJson::begin_row(int64_t id) {
  if (rows_ == page_) {
    more_ = true;
    return false;
  }
  ++rows_;
  id_ = id;
  if (rows_ == page_) last_.id = id;
  out_ += rows_ > 1 ? ",{" : "{";
  next_ = 0;
  write_ready();
  return true;
}

void PageJson::value(int field, const store::CellView& v) {
  if (rows_ == page_) last_.cells[static_cast<size_t>(field)] = store::cell_of(v);
  if (next_ < properties_.size() && properties_[next_].field == field) {
    // The common case: values come in the order of the properties, and go straight into the page.
    out_ += properties_[next_++].key;
    append_value(out_, v);
    write_ready();
    return;
  }
  std::string& text = cells_[static_cast<size_t>(field)];  // kept for end_row
  text.clear();
  append_value(text, v);
}

void PageJson::write_ready() {
  while (next_ < properties_.size() && properties_[next_].field < 0) {
    out_ += properties_[next_++].key;
    append_value(out_, id_);
  }
}

void PageJson::end_row() {
  for (; next_ < properties_.size(); ++next_) {
    const Property& p = properties_[next_];
    out_ += p.key;
    if (p.field >= 0) out_ += cells_[static_cast<size_t>(p.field)];
    else append_value(out_, id_);
  }
  out_ += '}';
}

std::string PageJson::take_array() {
  out_ += ']';
  return std::move(out_);
}

}  // namespace norced::query
