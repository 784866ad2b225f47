// Rows handed over one at a time, straight from the engine's cursor (EntityReader::scan): for a reader that
// only shows what it reads (a Query API page of 500 rows), building a full-width registry::Entity per row
// cost more than the database's own work (bench/results/query.txt). A view borrows the cursor's memory: it is
// valid only during the call that passes it.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <variant>

#include "core/decimal.hpp"
#include "registry/model.hpp"

namespace norced::store {

// A cell as the cursor holds it; a string is borrowed, not copied.
using CellView = std::variant<std::monostate, int64_t, bool, std::string_view, Decimal, registry::Instant>;

inline CellView view_of(const registry::Cell& c) {
  return std::visit(
      [](const auto& x) -> CellView {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, std::string>) return std::string_view(x);
        else return x;
      },
      c);
}

inline registry::Cell cell_of(const CellView& v) {
  return std::visit(
      [](const auto& x) -> registry::Cell {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, std::string_view>) return std::string(x);
        else return x;
      },
      v);
}

class RowSink {
 public:
  virtual ~RowSink() = default;
  // The members the rows hold, in the order of their values: indexes into Resource::fields, each a member of the
  // projection that has a column. Called once, before the first row.
  virtual void columns(std::span<const int> fields) = 0;
  // A row: its id and one value per column. One call per row, not per value: a page of 500 rows of 4 values
  // would otherwise spend more on the calls than on the values. False stops the scan: nothing after is read.
  virtual bool row(int64_t id, std::span<const CellView> values) = 0;
};

}  // namespace norced::store
