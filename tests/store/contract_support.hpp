// Support for the store contract suite (contract_test.cpp) and the SQL generator test: the backends the suite
// runs against, and the suite's own resources — deliberately not the Management resources, so the contract
// covers every member type and shape whatever the API happens to describe today.
//
// Adding a backend is one line in backends(): a name and a factory that opens an empty store in a folder (and,
// for a backend that needs a server, why it cannot run here: its tests then skip with that message).
#pragma once

#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "pg_test_database.hpp"
#include "registry/model.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "store/store.hpp"

namespace norced::contract {

using registry::Role;
using registry::Type;

struct Backend {
  std::string name;
  // Opens a fresh, empty store whose files (if any) live in `dir`, migrated for `resources`.
  std::function<std::unique_ptr<store::Store>(const std::filesystem::path& dir,
                                              std::vector<const registry::Resource*> resources)>
      open;
  // Empty when the backend can run here; otherwise the reason its tests skip.
  std::function<std::string()> unavailable = [] { return std::string(); };
  friend void PrintTo(const Backend& b, std::ostream* os) { *os << b.name; }
};

inline std::vector<Backend> backends() {
  return {
      {"sqlite", [](const auto& dir, auto resources) { return store::sqlite::open((dir / "norced.db").string(), resources); }},
      {"postgres", [](const auto&, auto resources) { return std::make_unique<pgtest::StoreOnTestDatabase>(resources); },
       [] { return pgtest::admin_conninfo().empty() ? std::string(pgtest::kSkipMessage) : std::string(); }},
  };
}

// Every member type and shape: a unique code, culture texts (one computed, not stored), a child collection,
// a parent member, soft delete and the audit members.
inline const registry::Resource& widget() {
  static const registry::Resource r = [] {
    registry::Resource r;
    r.name = "Widget";
    r.model = "WidgetModel";
    r.culture_model = "WidgetCultureModel";
    r.path = "test/widget";
    r.table = "contract_widget";
    r.fields = {
        {.name = "Id", .type = Type::Int, .role = Role::Id, .nullable = false},
        {.name = "Code", .type = Type::String, .role = Role::Stored, .max_length = 50},
        {.name = "Label", .type = Type::String, .role = Role::Stored, .max_length = 20},
        {.name = "Name", .type = Type::String, .role = Role::Text, .text = "Name"},
        {.name = "Count", .type = Type::Int, .role = Role::Stored},
        {.name = "Flag", .type = Type::Bool, .role = Role::Stored, .nullable = false},
        {.name = "Price", .type = Type::Decimal, .role = Role::Stored},
        {.name = "ValidFrom", .type = Type::DateTime, .role = Role::Stored},
        {.name = "ValidTo", .type = Type::DateTime, .role = Role::Stored},
        {.name = "Uid", .type = Type::Guid, .role = Role::Stored},
        {.name = "ParentId", .type = Type::Int, .role = Role::Stored, .references = "Widget"},
        {.name = "Parts", .type = Type::Array, .role = Role::Custom},
        {.name = "IsActive", .type = Type::Bool, .role = Role::Stored, .nullable = false},
        {.name = "Cultures", .type = Type::Array, .role = Role::Cultures},
        {.name = "Changed", .type = Type::DateTime, .role = Role::Audit},
        {.name = "ChangedBy", .type = Type::String, .role = Role::Audit},
    };
    r.texts = {{"Name", 100}, {"Description", 0}, {"FullName", 0, false}};
    r.collections = {{"Parts", "contract_widget_part", {"part_id", "quantity"}}};
    r.unique = {"Code"};
    return r;
  }();
  return r;
}

// Rows of one application (a Scope member), with a code unique within the application.
inline const registry::Resource& link() {
  static const registry::Resource r = [] {
    registry::Resource r;
    r.name = "Link";
    r.model = "LinkModel";
    r.path = "test/link";
    r.table = "contract_link";
    r.fields = {
        {.name = "Id", .type = Type::Int, .role = Role::Id, .nullable = false},
        {.name = "ApplicationId", .type = Type::Int, .role = Role::Scope, .nullable = false},
        {.name = "Code", .type = Type::String, .role = Role::Stored, .max_length = 50},
        {.name = "WidgetId", .type = Type::Int, .role = Role::Stored, .references = "Widget"},
    };
    r.unique = {"Code"};
    r.soft_delete = false;
    return r;
  }();
  return r;
}

inline std::vector<const registry::Resource*> resources() { return {&widget(), &link()}; }

// A new tenant named `name`, with the OAuth client "contract-<name>".
inline store::CreatedClient new_client(store::Store& s, const std::string& name) {
  auto tx = s.system_write();
  store::NewClient c;
  c.name = name;
  c.oauth_client_id = "contract-" + name;
  c.oauth_secret_hash = "x";
  c.resources = {"management"};
  auto created = tx->create_client(c);
  tx->commit();
  return created;
}

// A fixture for tests run per backend: a fresh store of the backend in a folder of the test's own
// (`store_`, `dir_`), opened for resources() in SetUp and removed in TearDown; skips where the backend cannot
// run. Derived fixtures add their clients in their own SetUp after calling this one.
class BackendFixture : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (auto why = GetParam().unavailable(); !why.empty()) GTEST_SKIP() << why;
    std::string leaf = "norced-" + std::to_string(::getpid()) + "-" +
                       ::testing::UnitTest::GetInstance()->current_test_info()->name();  // "Name/sqlite"
    std::replace(leaf.begin(), leaf.end(), '/', '-');
    dir_ = std::filesystem::temp_directory_path() / leaf;
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    store_ = GetParam().open(dir_, store_resources());
  }
  // The resources the store is migrated for: the suite's own; a fixture of another layer's tests gives its catalog.
  virtual std::vector<const registry::Resource*> store_resources() { return resources(); }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  std::filesystem::path dir_;
  std::unique_ptr<store::Store> store_;
};

}  // namespace norced::contract
