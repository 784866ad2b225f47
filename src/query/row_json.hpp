// A page of an entity set rendered as it is read (store::EntityReader::scan): each row's selected properties
// written straight from the cursor's values into the JSON text of the page's "value" array, with no
// registry::Entity per row. It serves the pages that show only the set's own columns and its Id (no culture
// text, no lookup, no $expand), which is what integrations page through; the others go through
// query/render.hpp. Both write the same JSON for the same row.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <vector>

#include "query/entity_sets.hpp"
#include "store/row_sink.hpp"

namespace norced::query {

class PageJson final : public store::RowSink {
 public:
  // Whether every one of `properties` is the Id or a column of the set's own rows.
  static bool serves(const EntitySet& set, const std::vector<const registry::Field*>& properties);

  // REQUIRES: serves(set, properties). At most `page` rows are written; one more tells that more follow. The
  // text starts with `head` (the response's envelope before its "value"), so that the page is never copied.
  PageJson(const EntitySet& set, const std::vector<const registry::Field*>& properties, int64_t page,
           std::string_view head = {});

  void columns(std::span<const int> fields) override;
  bool row(int64_t id, std::span<const store::CellView> values) override;

  // The head followed by the "value" array: "[{...},...]".
  std::string take();
  int64_t rows() const { return rows_; }
  // Whether a row past the page was found.
  bool more() const { return more_; }
  // The last row written, holding its id and the cells read (enough for a $skiptoken).
  const registry::Entity& last() const { return last_; }

 private:
  struct Property {
    std::string key;  // ,"Name": (the first one without its comma)
    int field = -1;   // the member's index in the resource; -1 for the Id
    int column = -1;  // its value's index in a row; -1 for none (the Id, or a member the rows do not hold: null)
  };
  std::vector<Property> properties_;
  std::vector<int> fields_;  // per column of a row, the member's index in the resource

  // A text written through a pointer: room() makes space for at most n more bytes, done() says where the
  // writing ended. Per value, that is one capacity check instead of one per byte or piece.
  class Text {
   public:
    char* room(size_t n) {
      if (bytes_.size() - used_ < n) bytes_.resize(std::max(bytes_.size() * 2, used_ + n));
      return bytes_.data() + used_;
    }
    void done(const char* end) { used_ = static_cast<size_t>(end - bytes_.data()); }
    void append(std::string_view s) {
      char* at = room(s.size());
      std::memcpy(at, s.data(), s.size());
      done(at + s.size());
    }
    std::string take() {
      bytes_.resize(used_);
      used_ = 0;
      return std::move(bytes_);
    }

   private:
    std::string bytes_;
    size_t used_ = 0;
  };
  static void append_value(Text& out, const store::CellView& v);

  int64_t page_;
  int64_t rows_ = 0;
  bool more_ = false;
  registry::Entity last_;
  Text out_;
};

}  // namespace norced::query
