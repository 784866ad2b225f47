// A page of an entity set rendered as it is read (store::EntityReader::scan): each row's selected properties
// written straight from the cursor's values into the JSON text of the page's "value" array, with no
// registry::Entity per row. It serves the pages that show only the set's own columns and its Id (no culture
// text, no lookup, no $expand), which is what integrations page through; the others go through
// query/render.hpp. Both write the same JSON for the same row.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "query/entity_sets.hpp"
#include "store/row_sink.hpp"

namespace norced::query {

class PageJson final : public store::RowSink {
 public:
  // Whether every one of `properties` is the Id or a column of the set's own rows.
  static bool serves(const EntitySet& set, const std::vector<const registry::Field*>& properties);

  // REQUIRES: serves(set, properties). At most `page` rows are written; one more tells that more follow.
  PageJson(const EntitySet& set, const std::vector<const registry::Field*>& properties, int64_t page);

  bool begin_row(int64_t id) override;
  void value(int field, const store::CellView& v) override;
  void end_row() override;

  // The "value" array: "[{...},...]".
  std::string take_array();
  int64_t rows() const { return rows_; }
  // Whether a row past the page was found.
  bool more() const { return more_; }
  // The last row written, holding its id and the cells read (enough for a $skiptoken).
  const registry::Entity& last() const { return last_; }

 private:
  struct Property {
    std::string key;  // ,"Name": (the first one without its comma)
    int field = -1;   // the member's index in the resource; -1 for the Id
  };
  std::vector<Property> properties_;
  // Writes the Id properties that come next (their value is the row's id, known from begin_row).
  void write_ready();

  std::vector<std::string> cells_;  // per resource field: a value that came before its property's turn
  size_t next_ = 0;                 // the current row's first property not yet written
  int64_t page_;
  int64_t rows_ = 0;
  int64_t id_ = 0;  // the current row's
  bool more_ = false;
  registry::Entity last_;
  std::string out_ = "[";
};

}  // namespace norced::query
