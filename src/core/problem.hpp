// Expected failures as values. Anything a client can cause (bad input, unknown id, missing auth) travels as a
// Problem and becomes an RFC 7807 problem document exactly once, at the HTTP edge. Broken invariants are asserts.
#pragma once

#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace norced {

struct FieldError {
  std::string field;    // JSON member path as the client wrote it, e.g. "Code" or "VatCodes[1].VatCodeId"
  std::string message;  // human readable; the field name is the machine-readable part
};

struct Problem {
  int status = 500;
  std::string title;
  std::string detail;
  std::vector<FieldError> errors;  // validation failures, rendered as {"errors": {Field: [messages]}}
  std::vector<std::pair<std::string, std::string>> headers;  // extra response headers (Allow, WWW-Authenticate)
  // Extension members of the document (RFC 9457 §3.2), as strings, after the standard ones.
  std::vector<std::pair<std::string, std::string>> members = {};

  static Problem bad_request(std::string detail) { return {400, "Bad Request", std::move(detail), {}, {}}; }
  static Problem validation(std::string field, std::string message) {
    return {400, "One or more validation errors occurred.", {}, {{std::move(field), std::move(message)}}, {}};
  }
  static Problem not_found(std::string detail) { return {404, "Not Found", std::move(detail), {}, {}}; }
  static Problem conflict(std::string field, std::string message) {
    return {409, "Conflict", message, {{std::move(field), std::move(message)}}, {}};
  }
  static Problem unauthorized(std::string detail) {
    return {401, "Unauthorized", std::move(detail), {}, {{"WWW-Authenticate", "Bearer"}}};
  }
  static Problem forbidden(std::string detail) { return {403, "Forbidden", std::move(detail), {}, {}}; }
  // The database is busy or unreachable for now: try again in a second.
  static Problem unavailable() {
    return {503, "Service Unavailable", "The database is busy or unreachable; try again.", {}, {{"Retry-After", "1"}}};
  }
};

// A value or the Problem that prevented it.
template <class T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}             // NOLINT: implicit by design
  Result(Problem problem) : v_(std::move(problem)) {}   // NOLINT
  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() { return std::get<0>(v_); }
  const T& value() const { return std::get<0>(v_); }
  T& operator*() { return value(); }
  const T& operator*() const { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const Problem& problem() const { return std::get<1>(v_); }
  Problem&& take_problem() { return std::move(std::get<1>(v_)); }

 private:
  std::variant<T, Problem> v_;
};

struct Unit {};
using Status = Result<Unit>;
inline Status ok_status() { return Unit{}; }

}  // namespace norced
