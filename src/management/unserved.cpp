#include "management/unserved.hpp"

#include "core/ascii.hpp"
#include "management/router.hpp"

namespace norced::management {

namespace {

bool path_matches(std::string_view pattern, const std::vector<std::string_view>& request) {
  const auto want = split_path(pattern);
  if (want.size() != request.size()) return false;
  for (size_t i = 0; i < want.size(); ++i)
    if (want[i].front() != '{' && !ascii::iequals(want[i], request[i])) return false;
  return true;
}

}  // namespace

const std::vector<NorceOperation>& norce_operations() {
  static const std::vector<NorceOperation> table = {
#include "management/norce_operations.inc"
  };
  return table;
}

const NorceOperation* find_norce_operation(std::string_view method, std::string_view path) {
  const auto request = split_path(path);
  const NorceOperation* other = nullptr;
  for (const NorceOperation& op : norce_operations()) {
    if (!path_matches(op.path, request)) continue;
    if (op.method == method) return &op;
    if (!other) other = &op;
  }
  return other;
}

std::optional<Problem> not_implemented(std::string_view method, std::string_view path, const Problem& refused) {
  // Only a 404: at a path norced serves with other methods, the 405 and its Allow header say what is served,
  // and a catalog parameter segment would also match norced's literal ones (PUT category/{id} is not
  // PUT category/compact).
  if (refused.status != 404) return std::nullopt;
  const NorceOperation* op = find_norce_operation(method, path);
  if (!op) return std::nullopt;
  const std::string name = op->name.empty() ? std::string(op->group) : std::string(op->name);
  Problem p{501, "Not Implemented",
            "norced does not serve this Norce Management API operation yet: " + name + ", " + std::string(op->method) +
                " " + std::string(op->path) + " (" + std::string(op->summary) + ").",
            {},
            {}};
  if (!op->name.empty()) p.members.emplace_back("operationId", std::string(op->name));
  p.members.insert(p.members.end(),
              {{"group", std::string(op->group)},
               {"method", std::string(op->method)},
               {"path", std::string(op->path)},
               {"summary", std::string(op->summary)}});
  return p;
}

}  // namespace norced::management
