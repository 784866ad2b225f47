// Brings a database to the current schema: the numbered migrations below (identity, tenancy and reference
// data), then the resource tables generated from the registry. Resource tables are reconciled additively —
// a missing table is created and a member added to a description becomes a new nullable column — so adding a
// resource or a field needs no hand-written migration. Runs in one transaction at start-up.
#pragma once

#include <string>
#include <vector>

#include "registry/model.hpp"
#include "store/sqlite/connection.hpp"

namespace norced::store::sqlite {

void migrate(Connection& db, const std::vector<const registry::Resource*>& resources);

// SQL column type of a member.
const char* sql_type(registry::Type t);
// True when the member has a column in the resource's table.
bool is_column(const registry::Field& f);
// The column holding the case-folded value of a unique member.
std::string unique_key_column(std::string_view field);

}  // namespace norced::store::sqlite
