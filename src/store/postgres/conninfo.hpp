// Connection strings (libpq "key=value" strings or postgres:// URLs), read with libpq's own parser so both
// spellings mean exactly what they mean to libpq.
#pragma once

#include <string>

namespace norced::store::postgres {

// "postgres://user@host:port/dbname" with every other parameter as a query string, and no password: for logs
// and describe(). Throws StoreError when libpq cannot parse `conninfo`.
std::string redacted(const std::string& conninfo);

// The same connection string aimed at database `dbname` (tests make a database per test this way).
std::string with_database(const std::string& conninfo, const std::string& dbname);

}  // namespace norced::store::postgres
