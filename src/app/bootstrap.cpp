#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include <spdlog/spdlog.h>

#include "app/commands.hpp"
#include "identity/secret.hpp"
#include "management/resources/resources.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace norced::app {

std::unique_ptr<store::Store> open_store(const StoreOptions& o) {
  const auto& catalog = management::resources::catalog();
  if (!o.database.empty()) return store::postgres::open(o.database, catalog.all(), o.postgres);
  std::filesystem::create_directories(o.data_dir);
  return store::sqlite::open((std::filesystem::path(o.data_dir) / "norced.db").string(), catalog.all());
}

void bootstrap(store::Store& store) {
  {
    auto tx = store.system();
    if (tx->client_count() > 0) return;
  }
  const char* env_id = std::getenv("NORCED_CLIENT_ID");
  const char* env_secret = std::getenv("NORCED_CLIENT_SECRET");
  bool generated = !(env_id && *env_id && env_secret && *env_secret);
  std::string id = generated ? "norced-" + identity::random_hex(8) : env_id;
  std::string secret = generated ? identity::random_hex(24) : env_secret;

  store::NewClient c;
  c.name = "Default";
  c.oauth_client_id = id;
  c.oauth_secret_hash = identity::hash_secret(secret);
  c.resources = {"management", "connect"};
  auto tx = store.system_write();
  if (tx->client_count() > 0) return;
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

int client_add(const ClientAddOptions& o) {
  auto store = open_store(o.store);
  store::NewClient c;
  c.name = o.name;
  c.culture = o.culture;
  c.oauth_client_id = "norced-" + identity::random_hex(8);
  std::string secret = identity::random_hex(24);
  c.oauth_secret_hash = identity::hash_secret(secret);
  c.resources = o.resources;
  auto tx = store->system_write();
  auto created = tx->create_client(c);
  tx->commit();
  std::printf(
      "{\"ClientId\":%lld,\"ApplicationId\":%lld,\"AccountId\":%lld,\"OAuthClientId\":\"%s\",\"OAuthClientSecret\":\"%s\"}\n",
      static_cast<long long>(created.client_id), static_cast<long long>(created.application_id),
      static_cast<long long>(created.account_id), c.oauth_client_id.c_str(), secret.c_str());
  return 0;
}

}  // namespace norced::app
