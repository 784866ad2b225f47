#include "management/tenancy.hpp"

#include <charconv>
#include <mutex>

namespace norced::management {

namespace {

Result<int64_t> integer_header(const http::Request& req, std::string_view name) {
  const std::string* v = req.headers.find(name);
  if (!v || v->empty()) {
    Problem p = Problem::validation(std::string(name), "The " + std::string(name) + " header is required.");
    p.detail = "The " + std::string(name) + " header is required.";
    return p;
  }
  int64_t out = 0;
  auto [ptr, ec] = std::from_chars(v->data(), v->data() + v->size(), out);
  if (ec != std::errc() || ptr != v->data() + v->size() || out < INT32_MIN || out > INT32_MAX) {
    Problem p = Problem::validation(std::string(name), "The " + std::string(name) + " header must be an integer.");
    p.detail = "The " + std::string(name) + " header must be an integer, got '" + *v + "'.";
    return p;
  }
  return out;
}

// The key of an (application, account) pair in known_: the two int32 ids side by side.
uint64_t caller_key(int64_t app_id, int64_t account_id) {
  return (static_cast<uint64_t>(app_id) << 32) ^ static_cast<uint32_t>(account_id);
}

// integer_header's value when it has one, without building the problem: for try_resolve_cached.
std::optional<int64_t> integer_header_value(const http::Request& req, std::string_view name) {
  const std::string* v = req.headers.find(name);
  if (!v || v->empty()) return std::nullopt;
  int64_t out = 0;
  auto [ptr, ec] = std::from_chars(v->data(), v->data() + v->size(), out);
  if (ec != std::errc() || ptr != v->data() + v->size() || out < INT32_MIN || out > INT32_MAX) return std::nullopt;
  return out;
}

}  // namespace

std::shared_ptr<const store::ReferenceData> Tenancy::reference_data(int64_t client_id) {
  {
    std::shared_lock lock(mu_);
    if (auto it = reference_.find(client_id); it != reference_.end()) return it->second;
  }
  auto tx = store_.read(client_id);
  auto data = load_reference_data(*tx, links_);
  auto ref = std::make_shared<const store::ReferenceData>(std::move(data));
  std::unique_lock lock(mu_);
  reference_[client_id] = ref;
  return ref;
}

void Tenancy::apply_links(store::ApplicationRow& app) {
  auto primary = [&](const registry::Resource* r, std::string_view member) -> std::optional<registry::Cell> {
    if (!r) return std::nullopt;
    registry::ListQuery q;
    q.where = registry::Expr::all_of({registry::Expr::cmp(registry::Expr::Op::Eq, "ApplicationId", app.id),
                                      registry::Expr::cmp(registry::Expr::Op::Eq, "IsPrimary", true),
                                      registry::Expr::cmp(registry::Expr::Op::Eq, "IsActive", true)});
    q.limit = 1;
    auto rows = store_.read(app.client_id)->list(*r, q);
    if (rows.empty()) return std::nullopt;
    return rows.front().cells[r->field_index(member)];
  };
  if (auto c = primary(links_.cultures, "CultureCode"))
    if (const auto* code = std::get_if<std::string>(&*c)) app.culture = *code;
  if (auto a = primary(links_.app_sales_areas, "Id"))
    if (const auto* id = std::get_if<int64_t>(&*a)) app.sales_area_id = *id;
}

void Tenancy::forget_reference_data(int64_t client_id) {
  std::unique_lock lock(mu_);
  reference_.erase(client_id);
  // Callers remembered for this client hold the old reference data too.
  std::erase_if(known_, [&](const auto& kv) { return kv.second.app.client_id == client_id; });
}

Result<Caller> Tenancy::resolve(const identity::Claims& claims, const http::Request& req) {
  auto app_id = integer_header(req, "application-id");
  if (!app_id) return app_id.take_problem();
  auto account_id = integer_header(req, "account-id");
  if (!account_id) return account_id.take_problem();

  uint64_t key = caller_key(*app_id, *account_id);
  auto now = std::chrono::steady_clock::now();
  std::optional<Known> known;
  {
    std::shared_lock lock(mu_);
    if (auto it = known_.find(key); it != known_.end() && it->second.expires > now) known = it->second;
  }
  if (!known) {
    auto tx = store_.system();
    auto app = tx->application(*app_id);
    if (!app || app->client_id != claims.tenant_id)
      return Problem::forbidden("Application " + std::to_string(*app_id) + " is not an application of this client.");
    auto account = tx->account_for_application(*account_id, *app_id);
    if (!account || !account->is_active)
      return Problem::forbidden("Account " + std::to_string(*account_id) +
                                " is not an active account of application " + std::to_string(*app_id) + ".");
    apply_links(*app);
    known = Known{*app, *account, reference_data(app->client_id), now + ttl_};
    std::unique_lock lock(mu_);
    if (known_.size() > 10'000) known_.clear();
    known_[key] = *known;
  }
  if (known->app.client_id != claims.tenant_id)
    return Problem::forbidden("Application " + std::to_string(*app_id) + " is not an application of this client.");
  return Caller{known->app, known->account, known->ref};
}

std::optional<Caller> Tenancy::try_resolve_cached(const identity::Claims& claims, const http::Request& req) const {
  auto app_id = integer_header_value(req, "application-id");
  if (!app_id) return std::nullopt;
  auto account_id = integer_header_value(req, "account-id");
  if (!account_id) return std::nullopt;
  const auto now = std::chrono::steady_clock::now();
  std::shared_lock lock(mu_);
  auto it = known_.find(caller_key(*app_id, *account_id));
  // The tests resolve() applies to a remembered caller.
  if (it == known_.end() || it->second.expires <= now || it->second.app.client_id != claims.tenant_id)
    return std::nullopt;
  return Caller{it->second.app, it->second.account, it->second.ref};
}

}  // namespace norced::management
