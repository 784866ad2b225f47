#include "query/metadata.hpp"

namespace norced::query {

namespace {

// Names in the registry are ASCII identifiers; descriptions are not written, so nothing here needs escaping
// beyond what an attribute holds.
std::string attribute(std::string_view name, std::string_view value) {
  std::string out = " " + std::string(name) + "=\"";
  for (char c : value) {
    if (c == '"') out += "&quot;";
    else if (c == '&') out += "&amp;";
    else if (c == '<') out += "&lt;";
    else out += c;
  }
  return out + "\"";
}

}  // namespace

const char* edm_type(registry::Type t) {
  switch (t) {
    case registry::Type::Int: return "Edm.Int32";
    case registry::Type::Bool: return "Edm.Boolean";
    case registry::Type::String: return "Edm.String";
    case registry::Type::Decimal: return "Edm.Decimal";
    case registry::Type::DateTime: return "Edm.DateTimeOffset";
    case registry::Type::Guid: return "Edm.Guid";
    case registry::Type::Array: return "Edm.String";  // never a property (entity_sets.cpp)
  }
  return "Edm.String";
}

std::string metadata_document(const Namespace& ns) {
  std::string x = R"(<?xml version="1.0" encoding="utf-8"?>)"
                  "\n"
                  R"(<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">)"
                  "<edmx:DataServices>";
  x += "<Schema" + attribute("Namespace", ns.name) + R"( xmlns="http://docs.oasis-open.org/odata/ns/edm">)";
  for (const EntitySet& s : ns.sets) {
    x += "<EntityType" + attribute("Name", s.type_name) + "><Key><PropertyRef" + attribute("Name", s.key->name) + "/></Key>";
    for (const registry::Field* f : s.properties) {
      x += "<Property" + attribute("Name", s.name_of(f)) + attribute("Type", edm_type(f->type));
      // A key is never null; a row id and a non-nullable member neither.
      const bool nullable = f->nullable && f != s.key && f->role != registry::Role::Id;
      if (!nullable) x += attribute("Nullable", "false");
      if (f->type == registry::Type::String && f->max_length > 0) x += attribute("MaxLength", std::to_string(f->max_length));
      if (f->type == registry::Type::Decimal) x += attribute("Scale", "variable");
      x += "/>";
    }
    for (const Navigation& n : s.navigations) {
      const std::string type = n.target_namespace + "." + n.target->type_name;
      x += "<NavigationProperty" + attribute("Name", n.name) + attribute("Type", n.collection ? "Collection(" + type + ")" : type);
      if (!n.collection && !n.via->nullable) x += attribute("Nullable", "false");
      x += "/>";
    }
    x += "</EntityType>";
  }
  x += R"(<EntityContainer Name="Container">)";
  for (const EntitySet& s : ns.sets)
    x += "<EntitySet" + attribute("Name", s.name) + attribute("EntityType", ns.name + "." + s.type_name) + "/>";
  x += "</EntityContainer></Schema></edmx:DataServices></edmx:Edmx>";
  return x;
}

}  // namespace norced::query
