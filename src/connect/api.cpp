#include "connect/api.hpp"

#include <strings.h>

#include <charconv>

#include "connect/header.hpp"
#include "connect/import.hpp"
#include "connect/items.hpp"
#include "connect/job_dto.hpp"
#include "core/ascii.hpp"
#include "http/problem_response.hpp"
#include "identity/basic_auth.hpp"
#include "identity/secret.hpp"
#include "store/jobs.hpp"

namespace norced::connect {

namespace {


// The application header's spellings that real clients send (header names are case-insensitive anyway).
constexpr std::string_view kApplicationHeaders[] = {"application-id", "applicationId"};

http::Response json_response(int status, std::string body) {
  http::Response r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

// The path after kPrefix and an optional "/api" segment, without a trailing slash: "/Job/Get".
std::string_view operation_path(std::string_view path) {
  path.remove_prefix(kPrefix.size());
  if (ascii::istarts_with(path, "/api/")) path.remove_prefix(4);
  while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  return path;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

// A required int32 query parameter (`id`); the problem names it.
Result<int64_t> int_param(const http::Request& req, std::string_view name, bool required, int64_t fallback,
                          int64_t min = 1) {
  const std::string* v = req.query_param(name);
  if (!v) {
    if (!required) return fallback;
    return Problem::validation(std::string(name), "The query parameter '" + std::string(name) + "' is required.");
  }
  int64_t out = 0;
  auto [ptr, ec] = std::from_chars(v->data(), v->data() + v->size(), out);
  if (ec != std::errc() || ptr != v->data() + v->size() || out < min || out > INT32_MAX)
    return Problem::validation(std::string(name), "The value '" + *v + "' is not valid for " + std::string(name) + ".");
  return out;
}

Result<std::optional<int64_t>> time_param(const http::Request& req, std::string_view name) {
  const std::string* v = req.query_param(name);
  if (!v) return std::optional<int64_t>();
  auto t = timeutil::parse_iso8601(*v);
  if (!t)
    return Problem::validation(std::string(name), "The value '" + *v + "' is not an ISO 8601 date and time.");
  return std::optional<int64_t>(*t);
}

std::optional<std::string> bearer_token(const http::Request& req) {
  const std::string* auth = req.headers.find("Authorization");
  if (!auth || auth->size() <= 7 || strncasecmp(auth->c_str(), "Bearer ", 7) != 0) return std::nullopt;
  return auth->substr(7);
}

}  // namespace

ConnectApi::ConnectApi(store::Store& store, const identity::TokenService& tokens, ConnectOptions options)
    : store_(store), tokens_(tokens), options_(options), limiter_(options_.rate_limit, *options_.clock) {}

bool ConnectApi::owns(std::string_view path) {
  return ascii::istarts_with(path, kPrefix) && (path.size() == kPrefix.size() || path[kPrefix.size()] == '/');
}

http::Response ConnectApi::handle(const http::Request& req) {
  struct Route {
    std::string_view method;
    std::string_view path;
    http::Response (ConnectApi::*handler)(const http::Request&, const Caller&);
  };
  static const Route kRoutes[] = {
      {"GET", "/Job/Get", &ConnectApi::job_get},
      {"GET", "/Job/GetLog", &ConnectApi::job_get_log},
      {"GET", "/Job/List", &ConnectApi::job_list},
      {"GET", "/Job/Ping", &ConnectApi::job_ping},
      {"POST", "/Job/Restart", &ConnectApi::job_restart},
  };
  const std::string_view path = operation_path(req.path);
  if (const ImportKind* kind = path.size() > 1 ? find_import(path.substr(1)) : nullptr) {
    if (req.method != "POST") {
      Problem p{405, "Method Not Allowed", "An import takes POST.", {}, {{"Allow", "POST"}}};
      return http::problem_response(p);
    }
    auto caller = authenticate(req);
    if (!caller) return http::problem_response(caller.problem());
    http::Response res = import(req, *caller, *kind);
    res.client_id = caller->claims.oauth_client_id;
    return res;
  }
  const Route* found = nullptr;
  std::string allow;
  for (const auto& r : kRoutes) {
    if (!iequals(r.path, path)) continue;
    const bool head = req.method == "HEAD" && r.method == "GET";
    if (req.method == r.method || head) found = &r;
    allow = std::string(r.method);
  }
  if (!found) {
    if (allow.empty()) return http::problem_response(Problem::not_found("No Connect operation at this path."));
    Problem p{405, "Method Not Allowed", "This operation takes " + allow + ".", {}, {{"Allow", allow}}};
    return http::problem_response(p);
  }
  auto caller = authenticate(req);
  if (!caller) return http::problem_response(caller.problem());
  http::Response res = (this->*found->handler)(req, *caller);
  res.client_id = caller->claims.oauth_client_id;
  return res;
}

Result<int64_t> ConnectApi::tenant_of(const http::Request& req, identity::Claims& claims) const {
  if (auto basic = identity::basic_credentials(req)) {
    // Legacy Storm Connect: base64("<applicationId>:<secret>"). The secret is one of the tenant's OAuth client
    // secrets (what `norced client add` prints) whose client has the Connect resource.
    int64_t app_id = 0;
    auto [ptr, ec] = std::from_chars(basic->first.data(), basic->first.data() + basic->first.size(), app_id);
    auto refused = Problem::unauthorized("The Basic credentials are not an application id and its secret.");
    if (ec != std::errc() || ptr != basic->first.data() + basic->first.size()) return refused;
    auto system = store_.system();
    auto app = system->application(app_id);
    if (!app) return refused;
    for (const auto& client : system->oauth_clients()) {
      if (client.tenant_id != app->client_id || !client.is_active) continue;
      if (!identity::verify_secret(basic->second, client.secret_hash)) continue;
      claims.oauth_client_id = client.client_id;
      claims.tenant_id = client.tenant_id;
      claims.resources = client.resources;
      if (!claims.allows("connect"))
        return Problem::forbidden("This OAuth client does not have the Norce Connect resource enabled.");
      return client.tenant_id;
    }
    return refused;
  }
  auto token = bearer_token(req);
  if (!token) return Problem::unauthorized("A bearer token (or the application's Basic credentials) is required.");
  auto verified = tokens_.verify(*token);
  if (!verified) {
    Problem p = Problem::unauthorized("The bearer token is invalid or has expired.");
    p.headers = {{"WWW-Authenticate", "Bearer error=\"invalid_token\""}};
    return p;
  }
  if (!verified->allows("connect"))
    return Problem::forbidden("This OAuth client does not have the Norce Connect resource enabled.");
  claims = std::move(*verified);
  return claims.tenant_id;
}

Result<ConnectApi::Caller> ConnectApi::authenticate(const http::Request& req) {
  identity::Claims claims;
  auto tenant = tenant_of(req, claims);
  if (!tenant) return tenant.problem();
  if (auto wait = limiter_.refuse(*tenant)) {
    Problem p{429, "Too Many Requests",
              "This client has used its Connect requests for now (" + std::to_string(options_.rate_limit.requests) +
                  " per " + std::to_string(options_.rate_limit.period.count()) + " s); retry after " +
                  std::to_string(*wait) + " s.",
              {}, {{"Retry-After", std::to_string(*wait)}}};
    return p;
  }
  const std::string* raw = nullptr;
  for (auto name : kApplicationHeaders)
    if ((raw = req.headers.find(name))) break;
  if (!raw) return Problem::validation("application-id", "The application-id (or applicationId) header is required.");
  int64_t app_id = 0;
  auto [ptr, ec] = std::from_chars(raw->data(), raw->data() + raw->size(), app_id);
  if (ec != std::errc() || ptr != raw->data() + raw->size() || app_id < 1 || app_id > INT32_MAX)
    return Problem::validation("application-id", "The application-id header '" + *raw + "' is not an application id.");
  auto app = store_.system()->application(app_id);
  if (!app || app->client_id != claims.tenant_id)
    return Problem::forbidden("The application " + std::to_string(app_id) + " is not one of this client's.");
  return Caller{std::move(claims), app->client_id, app_id};
}

http::Response ConnectApi::job_ping(const http::Request&, const Caller&) { return json_response(200, "true"); }

http::Response ConnectApi::job_get(const http::Request& req, const Caller& c) {
  auto id = int_param(req, "id", true, 0);
  if (!id) return http::problem_response(id.problem());
  auto job = store_.jobs().get(c.client_id, *id);
  if (!job) return http::problem_response(Problem::not_found("No job with id " + std::to_string(*id) + "."));
  return json_response(200, render_job(*job, options_.clock->now()));
}

http::Response ConnectApi::job_get_log(const http::Request& req, const Caller& c) {
  auto id = int_param(req, "id", true, 0);
  if (!id) return http::problem_response(id.problem());
  if (!store_.jobs().get(c.client_id, *id))
    return http::problem_response(Problem::not_found("No job with id " + std::to_string(*id) + "."));
  return json_response(200, render_log(store_.jobs().log(c.client_id, *id)));
}

// Job/List's parameters (the catalog lists none): statusId, isFinished, from, to (ISO 8601, on the time the
// job was accepted), page (from 1) and pageSize. Newest first; X-Total-Count holds the number of matches.
http::Response ConnectApi::job_list(const http::Request& req, const Caller& c) {
  store::JobQuery q;
  auto status = int_param(req, "statusId", false, 0);
  if (!status) return http::problem_response(status.problem());
  if (*status > 4) return http::problem_response(Problem::validation("statusId", "StatusId is 1, 2, 3 or 4."));
  if (*status > 0) q.status = static_cast<store::JobStatus>(*status);
  if (const std::string* f = req.query_param("isFinished")) {
    if (iequals(*f, "true")) q.finished = true;
    else if (iequals(*f, "false")) q.finished = false;
    else return http::problem_response(Problem::validation("isFinished", "isFinished is true or false."));
  }
  auto from = time_param(req, "from");
  if (!from) return http::problem_response(from.problem());
  auto to = time_param(req, "to");
  if (!to) return http::problem_response(to.problem());
  q.created_from = *from;
  q.created_to = *to;
  auto page = int_param(req, "page", false, 1);
  if (!page) return http::problem_response(page.problem());
  auto size = int_param(req, "pageSize", false, options_.default_page_size);
  if (!size) return http::problem_response(size.problem());
  if (*size > options_.max_page_size)
    return http::problem_response(Problem::validation(
        "pageSize", "pageSize is at most " + std::to_string(options_.max_page_size) + "."));
  q.limit = *size;
  q.offset = (*page - 1) * *size;
  auto jobs = store_.jobs().list(c.client_id, q);
  http::Response res = json_response(200, render_jobs(jobs, options_.clock->now()));
  res.headers.emplace_back("X-Total-Count", std::to_string(store_.jobs().count(c.client_id, q)));
  return res;
}

http::Response ConnectApi::job_restart(const http::Request& req, const Caller& c) {
  auto id = int_param(req, "id", true, 0);
  if (!id) return http::problem_response(id.problem());
  auto job = store_.jobs().get(c.client_id, *id);
  if (!job) return http::problem_response(Problem::not_found("No job with id " + std::to_string(*id) + "."));
  // The catalog: only a finished job that succeeded or failed (StatusId 2 or 3) is restarted.
  if (!job->finished || (job->status != store::JobStatus::Succeeded && job->status != store::JobStatus::Failed))
    return http::problem_response(Problem::validation(
        "id", "Job " + std::to_string(*id) + " can be restarted only when it has finished (StatusId 2 or 3)."));
  switch (store_.jobs().restart(c.client_id, *id, options_.clock->now())) {
    case store::RestartOutcome::Restarted:
      break;
    case store::RestartOutcome::NotFound:
      return http::problem_response(Problem::not_found("No job with id " + std::to_string(*id) + "."));
    case store::RestartOutcome::NotFinished:
      return http::problem_response(Problem::validation("id", "Job " + std::to_string(*id) + " is running."));
    case store::RestartOutcome::PayloadExpired:
      return http::problem_response(Problem::validation(
          "id", "The payload of job " + std::to_string(*id) + " is no longer kept; it cannot be restarted."));
  }
  if (options_.job_queued) options_.job_queued();
  return json_response(200, render_job_response("Restarted", "The job was queued to run again.", *id,
                                                {job->totals, 0, {}}));
}

// An import: the header and the body are checked up front (a mistake is a 400 naming the member or the item),
// then the items are stored as a job in chunks, durably, before the job id is answered.
http::Response ConnectApi::import(const http::Request& req, const Caller& c, const ImportKind& kind) {
  const std::string* raw_header = req.headers.find(kHeaderName);
  auto header = parse_header(raw_header ? *raw_header : std::string_view(), kind.header());
  if (!header) return http::problem_response(header.problem());
  auto account = store_.system()->account_for_application(header->account_id, c.application_id);
  if (!account || !account->is_active)
    return http::problem_response(Problem::validation(
        std::string(kHeaderName) + ".AccountId", "Account " + std::to_string(header->account_id) +
                                                     " is not an active account of application " +
                                                     std::to_string(c.application_id) + "."));
  store::NewJob job;
  job.client_id = c.client_id;
  job.application_id = c.application_id;
  job.account_id = account->id;
  job.type = std::string(kind.method);
  job.header = *raw_header;
  std::string chunk;
  size_t in_chunk = 0;
  auto close_chunk = [&] {
    chunk += ']';
    job.chunks.push_back(std::move(chunk));
    chunk.clear();
    in_chunk = 0;
  };
  // Checked item by item without a parse tree: the runner parses each chunk when it applies it.
  auto scanned = check_items(req.body, [&](std::string_view raw) {
    chunk += in_chunk == 0 ? '[' : ',';
    chunk += raw;
    ++job.totals;
    if (++in_chunk == options_.chunk_items) close_chunk();
  });
  if (!scanned) return http::problem_response(scanned.problem());
  if (in_chunk > 0) close_chunk();
  job.at = options_.clock->now();
  const int64_t id = store_.jobs().submit(job);
  if (options_.job_stored) options_.job_stored(job.client_id, id, job.at, job.chunks);
  if (options_.job_queued) options_.job_queued();
  return json_response(200, render_job_response("Accepted", "The import was accepted and queued as job " +
                                                                std::to_string(id) + ".",
                                                id, {job.totals, 0, {}}));
}

}  // namespace norced::connect
