// Typed handles to one member of a resource. Business rules reach an entity's cells through a FieldRef<T>
// resolved once, when the resource's description is built, instead of looking members up by name and
// calling std::get on a cell at request time. Resolving checks that the member exists and has the type T
// stands for, so a typo or a type change stops the server at start-up (and fails the catalog unit test)
// rather than answering a request with a crash.
//
// The cell types: Int -> int64_t, Bool -> bool, String and Guid -> std::string, Decimal -> Decimal,
// DateTime -> Instant. A cell that is null (or, through a bug, of another type) reads as std::nullopt; the
// write pipeline guarantees that rules only see cells of their declared type (management/input.cpp).
#pragma once

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string_view>
#include <type_traits>

#include "registry/model.hpp"

namespace norced::registry {

namespace detail {

template <class T>
constexpr bool holds_type(Type t) {
  if constexpr (std::is_same_v<T, int64_t>) return t == Type::Int;
  else if constexpr (std::is_same_v<T, bool>) return t == Type::Bool;
  else if constexpr (std::is_same_v<T, std::string>) return t == Type::String || t == Type::Guid;
  else if constexpr (std::is_same_v<T, Decimal>) return t == Type::Decimal;
  else if constexpr (std::is_same_v<T, Instant>) return t == Type::DateTime;
  else static_assert(sizeof(T) == 0, "FieldRef: no cell type for T");
}

// A broken description is a bug, not a request error: stop loudly (asserts are compiled out in release).
[[noreturn]] inline void bad_field_ref(std::string_view resource, std::string_view member, const char* why) {
  std::fprintf(stderr, "norced: resource description %.*s: member %.*s %s\n", static_cast<int>(resource.size()),
               resource.data(), static_cast<int>(member.size()), member.data(), why);
  std::abort();
}

}  // namespace detail

template <class T>
class FieldRef {
 public:
  // Resolves `name` in `r`. Aborts when the member is missing or is not of T's type.
  FieldRef(const Resource& r, std::string_view name) {
    const int i = r.field_index(name);
    if (i < 0) detail::bad_field_ref(r.name, name, "does not exist");
    if (!detail::holds_type<T>(r.fields[i].type)) detail::bad_field_ref(r.name, name, "has another type");
    index_ = static_cast<size_t>(i);
  }

  std::optional<T> get(const Entity& e) const {
    if (index_ >= e.cells.size()) return std::nullopt;
    if (const T* v = std::get_if<T>(&e.cells[index_])) return *v;
    return std::nullopt;
  }
  // Null when `value` is empty.
  void set(Entity& e, std::optional<T> value) const {
    if (index_ >= e.cells.size()) e.cells.resize(index_ + 1);
    e.cells[index_] = value ? Cell{std::move(*value)} : Cell{};
  }
  size_t index() const { return index_; }

 private:
  size_t index_ = 0;
};

}  // namespace norced::registry
