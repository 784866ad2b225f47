#include "registry/operation.hpp"

#include <cassert>
#include <stdexcept>

#include "core/ascii.hpp"

namespace norced::registry {

std::string_view method_of(OpKind kind) {
  switch (kind) {
    case OpKind::Insert: return "POST";
    case OpKind::Update: return "PUT";
    case OpKind::Delete: return "DELETE";
    default: return "GET";
  }
}

std::string_view verb_of(OpKind kind) {
  switch (kind) {
    case OpKind::Get: return "Get";
    case OpKind::List: return "List";
    case OpKind::ListDeleted: return "ListDeleted";
    case OpKind::Compact: return "Compact";
    case OpKind::Insert: return "Insert";
    case OpKind::Update: return "Update";
    case OpKind::Delete: return "Delete";
    case OpKind::Custom: return "";
  }
  return "";
}

const PathParam* Operation::param_for(std::string_view member) const {
  for (const auto& p : params)
    if (p.member == member) return &p;
  return nullptr;
}

Operation operation(OpKind kind, std::string_view path_template, std::string_view verb) {
  Operation op;
  op.kind = kind;
  op.method = method_of(kind);
  op.verb = verb.empty() ? verb_of(kind) : verb;
  size_t start = 0;
  while (start <= path_template.size()) {
    size_t slash = path_template.find('/', start);
    if (slash == std::string_view::npos) slash = path_template.size();
    std::string_view seg = path_template.substr(start, slash - start);
    start = slash + 1;
    if (seg.empty()) continue;
    if (seg.front() == '{') {
      // A description error, found when the catalog is built (at start-up and in the catalog test).
      if (seg.back() != '}' || seg.size() < 3) throw std::logic_error("bad path parameter in " + std::string(path_template));
      std::string_view inner = seg.substr(1, seg.size() - 2);
      PathParam p;
      if (auto colon = inner.find(':'); colon != std::string_view::npos) {
        std::string_view type = inner.substr(colon + 1);
        if (type == "string") p.type = ParamType::String;
        else if (type != "int") throw std::logic_error("unknown parameter type in " + std::string(path_template));
        inner = inner.substr(0, colon);
      }
      p.name = inner;
      p.member = inner == "id" ? "Id" : std::string(1, ascii::upper(inner.front())) + std::string(inner.substr(1));
      op.segments.push_back("{" + p.name + "}");
      op.params.push_back(std::move(p));
    } else {
      op.segments.emplace_back(seg);
    }
  }
  for (const auto& s : op.segments) op.path += (op.path.empty() ? "" : "/") + s;
  return op;
}

Operation custom_operation(std::string_view method, std::string_view path_template, std::string_view verb, bool body,
                           std::string_view summary) {
  if (verb.empty()) throw std::logic_error("a custom operation needs a verb: " + std::string(path_template));
  Operation op = operation(OpKind::Custom, path_template, verb);
  op.method = method;
  op.body = body;
  op.summary = summary;
  return op;
}

std::vector<Operation> conventional(std::string_view base, std::initializer_list<OpKind> kinds) {
  std::vector<Operation> ops;
  std::string b(base);
  for (OpKind k : kinds) {
    switch (k) {
      case OpKind::Get:
      case OpKind::Update:
      case OpKind::Delete:
        ops.push_back(operation(k, b + "/{id}"));
        break;
      case OpKind::List:
      case OpKind::Insert:
        ops.push_back(operation(k, b));
        break;
      case OpKind::ListDeleted:
        ops.push_back(operation(k, b + "/deleted"));
        break;
      case OpKind::Compact:
        ops.push_back(operation(k, b + "/compact"));
        break;
      case OpKind::Custom:
        throw std::logic_error("a custom operation has no conventional path: use custom_operation()");
    }
  }
  return ops;
}

}  // namespace norced::registry
