#include "management/read_set.hpp"

#include <algorithm>

namespace norced::management {

using registry::Entity;
using registry::Resource;

void ReadSet::whole(std::string_view resource) {
  if (std::find(resources.begin(), resources.end(), resource) == resources.end()) resources.push_back(resource);
}

bool ReadSet::depends_on(std::string_view resource, int64_t id) const {
  if (std::find(resources.begin(), resources.end(), resource) != resources.end()) return true;
  return std::find(rows.begin(), rows.end(), std::pair<std::string_view, int64_t>{resource, id}) != rows.end();
}

bool ReadSet::touches(std::string_view resource) const {
  if (std::find(resources.begin(), resources.end(), resource) != resources.end()) return true;
  return std::any_of(rows.begin(), rows.end(), [&](const auto& row) { return row.first == resource; });
}

std::optional<Entity> ReadRecorder::get(const Resource& r, int64_t id) {
  reads_.row(r.name, id);
  return inner_.get(r, id);
}

std::vector<Entity> ReadRecorder::get_many(const Resource& r, const std::vector<int64_t>& ids) {
  for (int64_t id : ids) reads_.row(r.name, id);
  return inner_.get_many(r, ids);
}

std::vector<Entity> ReadRecorder::list(const Resource& r, const registry::ListQuery& query) {
  reads_.whole(r.name);
  return inner_.list(r, query);
}

int64_t ReadRecorder::count(const Resource& r, const registry::Expr& where) {
  reads_.whole(r.name);  // any row of the resource may enter or leave the count
  return inner_.count(r, where);
}

bool ReadRecorder::exists(const Resource& r, int64_t id) {
  reads_.row(r.name, id);
  return inner_.exists(r, id);
}

std::vector<int64_t> ReadRecorder::existing(const Resource& r, const std::vector<int64_t>& ids) {
  for (int64_t id : ids) reads_.row(r.name, id);
  return inner_.existing(r, ids);
}

void ReadRecorder::walked(const Resource& r, int64_t start, const std::vector<int64_t>& ids) {
  reads_.row(r.name, start);
  for (int64_t id : ids)
    if (id != start) reads_.row(r.name, id);
}

std::vector<Entity> ReadRecorder::ancestors(const Resource& r, std::string_view parent_member, int64_t start,
                                            int max_depth) {
  auto items = inner_.ancestors(r, parent_member, start, max_depth);
  std::vector<int64_t> ids;
  ids.reserve(items.size());
  for (const auto& e : items) ids.push_back(e.id);
  walked(r, start, ids);
  return items;
}

std::vector<int64_t> ReadRecorder::ancestor_ids(const Resource& r, std::string_view parent_member, int64_t start,
                                                int max_depth) {
  auto ids = inner_.ancestor_ids(r, parent_member, start, max_depth);
  walked(r, start, ids);
  return ids;
}

std::optional<int64_t> ReadRecorder::next_instant(const Resource& r, const std::vector<std::string_view>& fields,
                                                  int64_t after) {
  reads_.whole(r.name);
  return inner_.next_instant(r, fields, after);
}

std::optional<int64_t> ReadRecorder::find_unique(const Resource& r, std::string_view field, std::string_view value,
                                                 const std::vector<registry::Cell>& scope) {
  reads_.whole(r.name);  // which row holds a value can change with any row of the resource
  return inner_.find_unique(r, field, value, scope);
}

std::vector<std::pair<std::string, int64_t>> ReadRecorder::find_unique_many(const Resource& r, std::string_view field,
                                                                            const std::vector<std::string>& values,
                                                                            const std::vector<registry::Cell>& scope) {
  reads_.whole(r.name);
  return inner_.find_unique_many(r, field, values, scope);
}

}  // namespace norced::management
