// SQLSTATE → StoreErrorKind: what the HTTP edge answers for each PostgreSQL failure. A unique violation is a
// Conflict (409); a serialization failure, a deadlock, a lock or statement timeout and a full pool may simply
// be run again (Retryable, 503 with Retry-After); a lost or refused connection, a server shutting down or out
// of connections or disk is Unavailable (503); data or index corruption is Corrupt; anything else is a bug
// (Internal, 500): the rules validate before the store is asked to write, so a foreign-key or not-null
// violation means a missing check, not a client mistake.
#include <string_view>

#include "store/postgres/connection.hpp"

namespace norced::store::postgres {

StoreErrorKind kind_of_sqlstate(std::string_view s) {
  if (s == "23505") return StoreErrorKind::Conflict;            // unique_violation
  if (s == "40001" || s == "40P01" || s == "55P03" || s == "57014")  // serialization, deadlock, lock, timeout
    return StoreErrorKind::Retryable;
  if (s.substr(0, 2) == "08") return StoreErrorKind::Unavailable;  // connection exceptions
  if (s == "57P01" || s == "57P02" || s == "57P03" || s == "57P04")  // shutdown, crash, starting up, dropped
    return StoreErrorKind::Unavailable;
  if (s.substr(0, 2) == "53") return StoreErrorKind::Unavailable;  // out of connections, memory or disk
  if (s == "XX001" || s == "XX002") return StoreErrorKind::Corrupt;  // data or index corrupted
  return StoreErrorKind::Internal;
}

}  // namespace norced::store::postgres
