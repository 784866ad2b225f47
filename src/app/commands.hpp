// The command-line commands: `serve`, `client add|list|rotate-secret` and `token rotate-key`. main.cpp parses options (CLI11) into these structs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/application.hpp"
#include "http/access_log.hpp"
#include "http/server.hpp"
#include "identity/key_store.hpp"
#include "store/postgres/postgres_store.hpp"

namespace norced::app {

// Where the data lives: PostgreSQL when `database` is set (a libpq connection string or postgres:// URL),
// otherwise the embedded SQLite database in `data_dir`.
struct StoreOptions {
  std::string data_dir = "./norced-data";
  std::string database;
  store::postgres::Options postgres;
};

struct ServeOptions {
  std::string listen = "127.0.0.1:8080";
  StoreOptions store;
  bool demo = false;
  std::string seed_file;  // seeded into client 1 before the server listens (norced seed)
  unsigned workers = 0;
  std::string tls_cert, tls_key;
  http::ServerLimits limits;
  http::HandlerPoolOptions pool;
  http::AccessLogOptions access_log;  // the request log on stderr, at info
  http::CorsOptions cors;
  AppOptions app;
};

struct ClientAddOptions {
  StoreOptions store;
  bool create = false;          // SQLite: create the database when --data holds none
  std::optional<int64_t> tenant;  // add an OAuth client to this tenant instead of creating a tenant
  std::string name;
  std::string culture = "en-US";
  std::vector<std::string> resources{"management"};
  std::string client_id, client_secret;  // empty = generated
};

struct ClientListOptions {
  StoreOptions store;
};

struct ClientRotateSecretOptions {
  StoreOptions store;
  std::string client_id;
  std::string client_secret;  // empty = generated
};

struct TokenRotateOptions {
  StoreOptions store;
  // Publish the key this long before it signs (identity/key_ring.hpp).
  std::chrono::seconds activate_after{identity::Rotation{}.activate_after};
};

// norced seed, export and reset (app/config_commands.cpp; docs/decisions.md "Seed, export and reset").
struct SeedCommandOptions {
  StoreOptions store;
  int64_t client = 0;
  std::optional<int64_t> application;
  std::string file;
};
struct ExportOptions {
  StoreOptions store;
  int64_t client = 0;
  std::optional<int64_t> application;
  std::vector<std::string> resources;
  std::string output;  // empty = stdout
  std::string format;  // "json" or "yaml"; empty = by the output's name (.yaml, .yml), else JSON
};
struct ResetOptions {
  StoreOptions store;
  int64_t client = 0;
};

int serve(const ServeOptions& options);
// Each prints one JSON line saying what it did; a refused file throws, naming the file, item and member.
int seed_command(const SeedCommandOptions& options);
int export_command(const ExportOptions& options);
int reset_command(const ResetOptions& options);
// A seed of `file` into `client` through `app`'s store and caches (serve --seed); returns the summary line.
std::string seed_file(Application& app, int64_t client, std::optional<int64_t> application, const std::string& file);
int client_add(const ClientAddOptions& options);
int client_list(const ClientListOptions& options);
// Prints the new secret on stdout when it generated it.
int client_rotate_secret(const ClientRotateSecretOptions& options);
// Prints the new key's kid on stdout.
int token_rotate_key(const TokenRotateOptions& options);

// Shared by all: the store (SQLite: the data folder is created if missing), migrated.
std::unique_ptr<store::Store> open_store(const StoreOptions& options);

// open_store for a command that works on data that must already be there: with --data, a folder without a
// norced database is refused (a mistyped path would otherwise become a new, empty database) unless `create`.
std::unique_ptr<store::Store> open_existing_store(const StoreOptions& options, bool create = false);

// The first client of an empty database, with the credentials from NORCED_CLIENT_ID/NORCED_CLIENT_SECRET or
// generated ones (printed once). When a client exists, it only checks those variables against the database
// and warns when they would not work. `serve` calls it once the port is bound, so a start that fails (port
// in use) never consumes the one-time secret.
void bootstrap(store::Store& store);

// A small realistic catalog (category tree, price lists) for the first client, written through the API's
// own pipeline so it obeys the same rules. Does nothing when that client already has categories.
void seed_demo(Application& app);

}  // namespace norced::app
