// Operations are data: each resource lists what it serves as (kind, method, path template), and routing,
// dispatch, the Allow header and the OpenAPI document all derive from that one list.
//
// A path template is relative to `api/` and may hold any number of named parameters in braces:
//   "category/{id}", "application/culture/{cultureCode:string}", "supplier/{supplierId}/warehouse/{id}".
// A parameter is an integer unless written `{name:string}`. Each parameter binds to a member of the model:
// `id` to the key (Id); any other name to the member of the same name in PascalCase (`priceListId` →
// PriceListId), which then scopes the operation — a list shows only rows holding that value, an insert stores
// it, a get/update/delete finds its row by the bound members. The catalog test checks every binding.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace norced::registry {

enum class OpKind : uint8_t {
  Get,          // GET  x/{id}      one model
  List,         // GET  x           the active models (all, when the resource has no soft delete)
  ListDeleted,  // GET  x/deleted   the soft-deleted models
  Compact,      // GET  x/compact   [{Id, Name, Code}]
  Insert,       // POST x           body = model; answers the new id
  Update,       // PUT  x/{id}      body = model (replaces it); answers the id
  Delete,       // DELETE x/{id}    removes a link: soft (IsActive = false) where the model has IsActive
  Custom,       // any method and path whose behaviour the conventions do not give: the resource's rules
                // name a handler for its verb (management/rules.hpp, Rules::custom)
};

enum class ParamType : uint8_t { Int, String };

struct PathParam {
  std::string name;    // as written in the template: "cultureCode"
  ParamType type = ParamType::Int;
  std::string member;  // the model member it binds to: "Id", "CultureCode", "PriceListId"
};

struct Operation {
  OpKind kind = OpKind::Get;
  std::string method;   // "GET", "PUT", "POST", "DELETE"
  std::string path;     // the template without type suffixes: "application/culture/{cultureCode}"
  std::vector<std::string> segments;  // path split at '/'; a parameter segment is "{name}"
  std::vector<PathParam> params;      // in path order
  std::string verb;     // operation id suffix: <Entity>Api_<verb>
  bool body = false;    // Custom: the request carries a JSON body
  std::string summary;  // Custom: what it does, for the OpenAPI document

  bool has_body() const { return kind == OpKind::Insert || kind == OpKind::Update || (kind == OpKind::Custom && body); }
  bool is_write() const {
    return has_body() || kind == OpKind::Delete || (kind == OpKind::Custom && method != "GET" && method != "HEAD");
  }
  // The parameter bound to `member`, or nullptr.
  const PathParam* param_for(std::string_view member) const;
};

// One operation from its kind and template; the method and verb follow the kind unless given.
Operation operation(OpKind kind, std::string_view path_template, std::string_view verb = {});

// A Custom operation: `method` and `verb` as the catalog names them, a template as for operation(), whether a
// JSON body comes with it, and a one-line summary.
Operation custom_operation(std::string_view method, std::string_view path_template, std::string_view verb, bool body,
                           std::string_view summary);

// The conventional operations of a top-level group at `base` ("category"): Get and Update at base/{id}, List
// and Insert at base, ListDeleted at base/deleted, Compact at base/compact, Delete at base/{id}.
std::vector<Operation> conventional(std::string_view base, std::initializer_list<OpKind> kinds);

std::string_view method_of(OpKind kind);
std::string_view verb_of(OpKind kind);

}  // namespace norced::registry
