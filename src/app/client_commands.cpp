// `norced client add | list | rotate-secret`: tenants and their OAuth clients, next to running servers (the
// token endpoint reads a client's secret hash from the store on every request, so changes apply at once).
// Secrets are stored only as hashes: a generated one is printed once, and `list` never shows any.
#include <cctype>
#include <cstdio>
#include <stdexcept>

#include <spdlog/spdlog.h>

#include "app/commands.hpp"
#include "identity/secret.hpp"
#include "json/writer.hpp"

namespace norced::app {

namespace {

// Client ids travel in form bodies and in Basic auth (where ':' separates id and secret), and secrets in both
// too: a conservative alphabet keeps them usable everywhere without escaping.
void check_client_id(const std::string& id) {
  if (id.empty() || id.size() > 100)
    throw std::invalid_argument("--client-id must be 1 to 100 characters, got " + std::to_string(id.size()));
  for (char ch : id)
    if (!(std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '_' || ch == '.' || ch == '~'))
      throw std::invalid_argument("--client-id '" + id + "' may hold only letters, digits and - _ . ~");
}

void check_client_secret(const std::string& secret) {
  if (secret.size() < 16 || secret.size() > 200)
    throw std::invalid_argument("--client-secret must be 16 to 200 characters, got " + std::to_string(secret.size()));
  for (char ch : secret)
    if (ch <= ' ' || ch > '~') throw std::invalid_argument("--client-secret may hold only printable ASCII without spaces");
}

std::string new_client_id() { return "norced-" + identity::random_hex(8); }
std::string new_secret() { return identity::random_hex(24); }

void print_line(std::string line) {
  line += '\n';
  std::fputs(line.c_str(), stdout);
  std::fflush(stdout);
}

// {"ClientId":..,"ApplicationId":..,"AccountId":..,"OAuthClientId":..[,"OAuthClientSecret":..]}: the secret
// only when it was generated (a given one is already the caller's).
void print_created(int64_t client, int64_t application, int64_t account, const std::string& id,
                   const std::string& generated_secret) {
  json::Writer w;
  w.begin_object_without_id();
  w.member("ClientId", client);
  w.member("ApplicationId", application);
  w.member("AccountId", account);
  w.member("OAuthClientId", id);
  if (!generated_secret.empty()) w.member("OAuthClientSecret", generated_secret);
  w.end_object();
  print_line(w.take());
}

}  // namespace

int client_add(const ClientAddOptions& o) {
  if (!o.client_id.empty()) check_client_id(o.client_id);
  if (!o.client_secret.empty()) check_client_secret(o.client_secret);
  if (!o.tenant && o.name.empty()) throw std::invalid_argument("--name is required to create a client (or --tenant N)");
  auto store = open_existing_store(o.store, o.create);
  const std::string id = o.client_id.empty() ? new_client_id() : o.client_id;
  const std::string generated = o.client_secret.empty() ? new_secret() : std::string();
  const std::string hash = identity::hash_secret(o.client_secret.empty() ? generated : o.client_secret);
  auto tx = store->system_write();
  // Checked in the writing transaction, so the answer cannot be overtaken; the primary key would refuse a
  // taken id anyway, but with a message about a table.
  if (tx->oauth_client(id)) throw std::invalid_argument("--client-id '" + id + "' is taken: OAuth client ids are unique");
  if (o.tenant) {
    store::TenantRow tenant;
    for (auto& t : tx->tenants())
      if (t.id == *o.tenant) tenant = std::move(t);
    if (tenant.id == 0)
      throw std::invalid_argument("--tenant " + std::to_string(*o.tenant) + ": no such client (`norced client list` shows them)");
    tx->add_oauth_client({id, hash, tenant.id, o.resources, true});
    tx->commit();
    print_created(tenant.id, tenant.application_ids.empty() ? 0 : tenant.application_ids.front(),
                  tenant.system_account_id, id, generated);
    return 0;
  }
  store::NewClient c;
  c.name = o.name;
  c.culture = o.culture;
  c.oauth_client_id = id;
  c.oauth_secret_hash = hash;
  c.resources = o.resources;
  auto created = tx->create_client(c);
  tx->commit();
  print_created(created.client_id, created.application_id, created.account_id, id, generated);
  return 0;
}

int client_list(const ClientListOptions& o) {
  auto store = open_existing_store(o.store);
  auto tx = store->system();
  const auto tenants = tx->tenants();
  const auto clients = tx->oauth_clients();
  // One JSON line per tenant, its OAuth clients inside (both lists are in tenant order).
  size_t next = 0;
  for (const auto& t : tenants) {
    json::Writer w;
    w.begin_object_without_id();
    w.member("ClientId", t.id);
    w.member("Name", t.name);
    w.key("ApplicationIds");
    w.begin_array();
    for (int64_t a : t.application_ids) w.integer(a);
    w.end_array();
    w.member("AccountId", t.system_account_id);
    w.key("OAuthClients");
    w.begin_array();
    while (next < clients.size() && clients[next].tenant_id < t.id) ++next;
    for (; next < clients.size() && clients[next].tenant_id == t.id; ++next) {
      const auto& c = clients[next];
      w.begin_object_without_id();
      w.member("OAuthClientId", c.client_id);
      w.key("Resources");
      w.begin_array();
      for (const auto& r : c.resources) w.string(r);
      w.end_array();
      w.member_bool("IsActive", c.is_active);
      w.end_object();
    }
    w.end_array();
    w.end_object();
    print_line(w.take());
  }
  return 0;
}

int client_rotate_secret(const ClientRotateSecretOptions& o) {
  check_client_id(o.client_id);
  if (!o.client_secret.empty()) check_client_secret(o.client_secret);
  auto store = open_existing_store(o.store);
  const std::string secret = o.client_secret.empty() ? new_secret() : o.client_secret;
  auto tx = store->system_write();
  if (!tx->set_oauth_secret(o.client_id, identity::hash_secret(secret)))
    throw std::invalid_argument("--client-id '" + o.client_id + "': no such OAuth client (`norced client list` shows them)");
  tx->commit();
  spdlog::info("OAuth client '{}' has a new secret; the previous one no longer gets tokens", o.client_id);
  if (o.client_secret.empty()) print_line(secret);  // a given secret is already the caller's
  return 0;
}

}  // namespace norced::app
