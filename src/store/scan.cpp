// EntityReader::scan for an engine that does not read rows one by one: the page through list(), handed over
// row by row, so every reader behaves alike whichever engine (or wrapper, such as the Query API's Core
// namespace) answers.
#include <algorithm>
#include <cassert>

#include "store/sql/generator.hpp"
#include "store/store.hpp"

namespace norced::store {

void EntityReader::scan(const registry::Resource& r, const registry::ListQuery& query, RowSink& sink) {
  assert(query.only && !query.only->texts);
  std::vector<int> fields;
  for (std::string_view member : query.only->members)
    if (const int f = r.field_index(member);
        f >= 0 && sql::is_column(r.fields[static_cast<size_t>(f)]) && std::find(fields.begin(), fields.end(), f) == fields.end())
      fields.push_back(f);
  sink.columns(fields);
  std::vector<CellView> values(fields.size());
  for (const auto& e : list(r, query)) {
    for (size_t k = 0; k < fields.size(); ++k) values[k] = view_of(e.cells[static_cast<size_t>(fields[k])]);
    if (!sink.row(e.id, values)) return;
  }
}

}  // namespace norced::store
