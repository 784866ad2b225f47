// Response documents. Every object opens with a "$id" member numbered "1", "2", ... in document order, the way
// Newtonsoft's reference tracking writes it in Norce responses; arrays get none. Backed by RapidJSON's Writer.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/decimal.hpp"

namespace norced::json {

class Writer {
 public:
  Writer();
  ~Writer();
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  void begin_object();  // writes "{" and the "$id" member
  void end_object();
  void begin_object_without_id();  // for documents that are not Norce models (problem details, OAuth2)
  void begin_array();
  void end_array();
  void key(std::string_view name);

  void null();
  void boolean(bool b);
  void integer(int64_t v);
  void string(std::string_view s);
  void decimal(const Decimal& d);  // exact: written from its decimal text, never through double
  // A value that is already JSON text, written as it is (REQUIRES: one valid JSON value): what a caller that
  // renders many rows itself (query/row_json.hpp) hands over in one piece.
  void raw(std::string_view json);

  // Convenience: key followed by a value.
  void member(std::string_view name, std::string_view s) { key(name); string(s); }
  void member(std::string_view name, int64_t v) { key(name); integer(v); }
  void member_bool(std::string_view name, bool b) { key(name); boolean(b); }
  void member_null(std::string_view name) { key(name); null(); }

  // The finished document. The writer is reset and may be reused.
  std::string take();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace norced::json
