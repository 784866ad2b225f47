// Brings a database to the current schema: the numbered migrations (identity, tenancy and reference data),
// then the resource tables, whose DDL is generated from the registry (store/sql/generator.hpp, SQLite
// dialect). Resource tables are reconciled additively — a missing table is created and a member added to a
// description becomes a new nullable column — so adding a resource or a field needs no hand-written
// migration. Runs in one transaction at start-up.
#pragma once

#include <string>
#include <vector>

#include "registry/model.hpp"
#include "store/sqlite/connection.hpp"

namespace norced::store::sqlite {

void migrate(Connection& db, const std::vector<const registry::Resource*>& resources);

}  // namespace norced::store::sqlite
