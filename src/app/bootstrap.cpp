// Opening the store for every command, and the first client of a new database.
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include <spdlog/spdlog.h>

#include "app/commands.hpp"
#include "identity/secret.hpp"
#include "management/resources/resources.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace norced::app {

namespace {

constexpr const char* kDatabaseFile = "norced.db";

// NORCED_CLIENT_ID/NORCED_CLIENT_SECRET against a database that already has clients: they are only used when
// the database is created, so a user who set them later (or for another folder) would otherwise be left
// wondering why the token endpoint refuses them.
void check_env_credentials(store::Store& store, const char* id, const char* secret) {
  if (!id || !*id) return;
  auto client = store.system()->oauth_client(id);
  if (!client) {
    spdlog::warn("NORCED_CLIENT_ID '{}' is not an OAuth client of this database: the variables only apply when "
                 "the database is created; `norced client list` shows its clients, `norced client add --tenant 1 "
                 "--client-id ID --client-secret SECRET` adds one",
                 id);
  } else if (secret && *secret && !identity::verify_secret(secret, client->secret_hash)) {
    spdlog::warn("NORCED_CLIENT_SECRET is not the secret of OAuth client '{}' in this database: the variables "
                 "only apply when the database is created; `norced client rotate-secret --client-id {} "
                 "--client-secret SECRET` sets it",
                 id, id);
  } else if (secret && *secret) {
    spdlog::info("OAuth client '{}' from NORCED_CLIENT_ID accepts NORCED_CLIENT_SECRET", id);
  }
}

}  // namespace

std::unique_ptr<store::Store> open_store(const StoreOptions& o) {
  const auto& catalog = management::resources::catalog();
  if (!o.database.empty()) return store::postgres::open(o.database, catalog.all(), o.postgres);
  std::filesystem::create_directories(o.data_dir);
  return store::sqlite::open((std::filesystem::path(o.data_dir) / kDatabaseFile).string(), catalog.all());
}

std::unique_ptr<store::Store> open_existing_store(const StoreOptions& o, bool create) {
  if (o.database.empty() && !create) {
    const auto file = std::filesystem::path(o.data_dir) / kDatabaseFile;
    if (!std::filesystem::exists(file))
      throw std::invalid_argument("--data " + o.data_dir + " holds no norced database (no " + file.string() +
                                  "); give the folder `norced serve` uses, or --create to start a new one there");
  }
  return open_store(o);
}

void bootstrap(store::Store& store) {
  const char* env_id = std::getenv("NORCED_CLIENT_ID");
  const char* env_secret = std::getenv("NORCED_CLIENT_SECRET");
  if (store.system()->client_count() > 0) {
    check_env_credentials(store, env_id, env_secret);
    return;
  }
  bool generated = !(env_id && *env_id && env_secret && *env_secret);
  std::string id = generated ? "norced-" + identity::random_hex(8) : env_id;
  std::string secret = generated ? identity::random_hex(24) : env_secret;

  store::NewClient c;
  c.name = "Default";
  c.oauth_client_id = id;
  c.oauth_secret_hash = identity::hash_secret(secret);
  c.resources = {"management", "connect", "query"};  // every API norced serves
  auto tx = store.system_write();
  if (tx->client_count() > 0) return;  // another instance on the same database was first
  auto created = tx->create_client(c);
  tx->commit();
  spdlog::info("created client {} with application {} and system account {}", created.client_id,
               created.application_id, created.account_id);
  if (generated) {
    // Printed once, on stdout, so it can be captured; the secret is stored only as a hash.
    std::printf("OAuth client created (shown once):\n  client_id:     %s\n  client_secret: %s\n"
                "Set NORCED_CLIENT_ID/NORCED_CLIENT_SECRET before the first start to choose them.\n",
                id.c_str(), secret.c_str());
    std::fflush(stdout);
  } else {
    spdlog::info("OAuth client {} created from NORCED_CLIENT_ID/NORCED_CLIENT_SECRET", id);
  }
}

}  // namespace norced::app
