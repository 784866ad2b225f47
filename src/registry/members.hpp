// What a client may send, from the description alone: the JSON members of each model (the resource's own, its
// culture model's, the element models of its arrays) and the query parameters of each operation. Strict mode
// (management/strict.hpp) flags everything else, which Norce would silently ignore.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "registry/model.hpp"

namespace norced::registry {

// The members of a model as its JSON shows them (every role but Scope, which never appears in JSON). Read-only
// members count: clients send back what they read.
std::vector<std::string> model_members(const Resource& r);
// The culture model's members: CultureCode, each text, Is<Text>Inherited per text, IsTranslated.
std::vector<std::string> culture_members(const Resource& r);
std::vector<std::string> model_members(const Model& m);
// The element model of an array member, or nullptr (a list of plain values, or an unknown model).
const Model* element_model(const Resource& r, const Field& f);

// The query parameters an operation reads: a List reads the resource's list_params and page/pageSize (paging
// works on every list); other operations read none. A Custom operation's handler reads what it likes, so its
// parameters are not checked (`checked` is false).
struct QueryParams {
  bool checked = true;
  std::vector<std::string_view> names;
};
QueryParams query_params(const Resource& r, const Operation& op);

}  // namespace norced::registry
