// The OpenAPI document's Norce operations that norced does not serve yet: those of the catalog table
// (management/unserved.hpp) at which the router finds nothing, so the server answers 501 naming them. Listed
// under their own tag, with their path parameters, an operationId (the catalog's where it names one) and one
// response, 501, so a reader of the reference page sees what exists in Norce and is still missing here, and
// the document states exactly what the server says.
#include <cctype>
#include <map>

#include "core/ascii.hpp"
#include "management/openapi_parts.hpp"
#include "management/unserved.hpp"

namespace norced::management::openapi {

namespace {

// The path with every parameter as "1": a request the router and the 501 check can be asked about.
std::string sample_path(std::string_view path) {
  std::string out;
  for (auto segment : split_path(path)) out += "/" + std::string(segment.front() == '{' ? "1" : segment);
  return out;
}

// The path with its parameters unnamed ("/api/x/{}"): two Norce paths that differ only in the names of their
// parameters are one path of the document.
std::string path_shape(std::string_view path) {
  std::string out;
  for (auto segment : split_path(path)) out += "/" + (segment.front() == '{' ? "{}" : ascii::to_lower(segment));
  return out;
}

// The catalog's name for the operation when it has one that is still free; else one made from the method and
// path, which says it is norced's ("NotServed_GET_api_customer_group_id").
std::string operation_id(const NorceOperation& op, std::string_view path, std::set<std::string>& ids) {
  if (!op.name.empty() && ids.insert(std::string(op.name)).second) return std::string(op.name);
  std::string id = "NotServed_" + std::string(op.method);
  for (auto segment : split_path(path)) {
    id += '_';
    for (char c : segment)
      if (std::isalnum(static_cast<unsigned char>(c))) id += c;
  }
  ids.insert(id);
  return id;
}

void operation(json::Writer& w, const NorceOperation& op, std::string_view path, std::set<std::string>& ids) {
  w.key(ascii::to_lower(op.method));
  w.begin_object_without_id();
  w.key("tags");
  w.begin_array();
  w.string("Not served yet");
  w.end_array();
  w.member("operationId", operation_id(op, path, ids));
  w.member("summary", op.summary);
  w.member("description", "Norce Management API, " + std::string(op.group) +
                              ". norced does not serve this operation yet: every request gets 501, a problem "
                              "document naming the operation.");
  w.key("security");  // answered before any token is looked at
  w.begin_array();
  w.end_array();
  w.key("parameters");
  w.begin_array();
  for (auto segment : split_path(path)) {
    if (segment.front() != '{') continue;
    w.begin_object_without_id();
    w.member("name", segment.substr(1, segment.size() - 2));
    w.member("in", "path");
    w.member_bool("required", true);
    w.key("schema");
    w.begin_object_without_id();
    w.member("type", "string");
    w.end_object();
    w.end_object();
  }
  w.end_array();
  w.key("responses");
  w.begin_object_without_id();
  w.key("501");
  w.begin_object_without_id();
  w.member("$ref", "#/components/responses/NotImplemented");
  w.end_object();
  w.end_object();
  w.end_object();
}

}  // namespace

void write_unserved_paths(json::Writer& w, const Router& router, std::set<std::string>& operation_ids) {
  // By path shape, in catalog order; a shape's first Norce path names its parameters for every method.
  std::vector<std::pair<std::string, std::vector<const NorceOperation*>>> paths;
  std::map<std::string, size_t> by_shape;
  for (const NorceOperation& op : norce_operations()) {
    const std::string sample = sample_path(op.path);
    auto served = router.match(op.method, sample);
    if (served) continue;
    auto answer = not_implemented(op.method, sample, served.problem());
    if (!answer) continue;  // a 405: norced serves the path with other methods, and says which
    auto [at, fresh] = by_shape.emplace(path_shape(op.path), paths.size());
    if (fresh) paths.push_back({std::string(op.path), {}});
    auto& ops = paths[at->second].second;
    bool method_listed = false;
    for (const NorceOperation* o : ops) method_listed = method_listed || o->method == op.method;
    if (!method_listed) ops.push_back(&op);
  }
  for (const auto& [path, ops] : paths) {
    w.key(path);
    w.begin_object_without_id();
    for (const NorceOperation* op : ops) operation(w, *op, path, operation_ids);
    w.end_object();
  }
}

}  // namespace norced::management::openapi
