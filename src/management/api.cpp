#include "management/api.hpp"
#include "core/ascii.hpp"

#include <strings.h>

#include <charconv>

#include "http/problem_response.hpp"
#include "json/value.hpp"
#include "json/writer.hpp"
#include "management/input.hpp"
#include "management/render.hpp"
#include "management/texts.hpp"

namespace norced::management {

using registry::Entity;
using registry::Expr;
using registry::ListQuery;
using registry::Resource;

namespace {

http::Response json_response(std::string body) {
  http::Response r;
  r.body = std::move(body);
  return r;
}

Result<int64_t> parse_id(const std::string& raw) {
  int64_t id = 0;
  auto [ptr, ec] = std::from_chars(raw.data(), raw.data() + raw.size(), id);
  if (ec != std::errc() || ptr != raw.data() + raw.size() || id < INT32_MIN || id > INT32_MAX)
    return Problem::validation("id", "The value '" + raw + "' is not a valid 32-bit integer id.");
  return id;
}

std::optional<std::string> bearer_token(const http::Request& req) {
  const std::string* auth = req.headers.find("Authorization");
  if (!auth || auth->size() <= 7 || strncasecmp(auth->c_str(), "Bearer ", 7) != 0) return std::nullopt;
  return auth->substr(7);
}

Result<int64_t> query_int(const registry::ListParams& p, std::string_view name) {
  const std::string* v = p.find(name);
  if (!v) return int64_t{-1};
  int64_t out = 0;
  auto [ptr, ec] = std::from_chars(v->data(), v->data() + v->size(), out);
  if (ec != std::errc() || ptr != v->data() + v->size() || out < 1 || out > INT32_MAX)
    return Problem::validation(std::string(name), "'" + *v + "' is not a positive integer.");
  return out;
}

// The soft-delete part of a list's filter.
Expr active_filter(const Resource& r, bool active) {
  if (!r.soft_delete) return {};
  return Expr::cmp(Expr::Op::Eq, "IsActive", active);
}

std::string cache_key(const Match& m, const Caller& caller, const http::Request& req) {
  std::string key = std::to_string(caller.app.id) + "|" + m.route->path + "|" + m.id + "|";
  for (const auto& [k, v] : req.query) key += k + "=" + v + "&";
  return key;
}

}  // namespace

ManagementApi::ManagementApi(store::Store& store, const registry::Catalog& catalog,
                             const identity::TokenService& tokens, ApiOptions options)
    : store_(store),
      catalog_(catalog),
      tokens_(tokens),
      options_(options),
      router_(catalog),
      tenancy_(store, options.tenancy_ttl),
      cache_(options.response_cache_bytes) {}

http::Response ManagementApi::handle(const http::Request& req, std::string_view path) {
  auto match = router_.match(req.method, path);
  if (!match) return http::problem_response(match.problem());

  auto token = bearer_token(req);
  if (!token) return http::problem_response(Problem::unauthorized("A bearer token is required."));
  auto claims = tokens_.verify(*token);
  if (!claims) {
    Problem p = Problem::unauthorized("The bearer token is invalid or has expired.");
    p.headers = {{"WWW-Authenticate", "Bearer error=\"invalid_token\""}};
    return http::problem_response(p);
  }
  if (!claims->allows("management"))
    return http::problem_response(
        Problem::forbidden("This OAuth client does not have the Norce Management resource enabled."));

  auto caller = tenancy_.resolve(*claims, req);
  if (!caller) return http::problem_response(caller.problem());

  auto response = dispatch(req, *match, *caller);
  if (!response) return http::problem_response(response.problem());
  return std::move(*response);
}

Result<http::Response> ManagementApi::dispatch(const http::Request& req, const Match& m, const Caller& caller) {
  int64_t id = 0;
  if (!m.id.empty()) {
    auto parsed = parse_id(m.id);
    if (!parsed) return parsed.take_problem();
    id = *parsed;
  }
  switch (m.route->op) {
    case Op::Insert:
    case Op::Update:
      return write(req, m, caller, id);
    default:
      return read(req, m, caller, id);
  }
}

Result<http::Response> ManagementApi::read(const http::Request& req, const Match& m, const Caller& caller,
                                           int64_t id) {
  const Resource& r = *m.route->resource;
  const int64_t client = caller.app.client_id;
  const auto now = timeutil::now();
  std::string key;
  uint64_t generation = 0;
  if (cache_.enabled()) {
    key = cache_key(m, caller, req);
    if (auto hit = cache_.get(client, key, now)) return json_response(std::move(*hit));
    generation = cache_.generation(client);
  }

  auto tx = store_.read();
  RuleContext ctx(*tx, *caller.ref, caller.app, catalog_, now);
  ctx.set_caching(cache_.enabled());
  json::Writer w;
  if (m.route->op == Op::Get) {
    auto e = tx->get(r, client, id);
    if (!e) return Problem::not_found("There is no " + std::string(r.name) + " with id " + std::to_string(id) + ".");
    std::vector<Entity> one;
    one.push_back(std::move(*e));
    if (r.rules.derive) r.rules.derive(ctx, one);
    render_entity(ctx, r, one.front(), w);
  } else {
    registry::ListParams params{req.query};
    ListQuery q;
    if (m.route->op == Op::List && r.rules.list_query) {
      auto custom = r.rules.list_query(ctx, params);
      if (!custom) return custom.take_problem();
      q = std::move(*custom);
    } else {
      q.where = active_filter(r, m.route->op != Op::Deleted);
    }
    if (m.route->op == Op::List) {  // paging: all items unless page is given
      auto page = query_int(params, "page");
      if (!page) return page.take_problem();
      auto size = query_int(params, "pageSize");
      if (!size) return size.take_problem();
      if (*page > 0) {
        int64_t page_size = *size > 0 ? std::min(*size, options_.max_page_size) : options_.default_page_size;
        q.limit = page_size;
        q.offset = (*page - 1) * page_size;
      }
    }
    auto items = r.rules.list_provider ? r.rules.list_provider(ctx) : tx->list(r, client, q);
    if (r.rules.derive) r.rules.derive(ctx, items);
    w.begin_array();
    if (m.route->op == Op::Compact) {
      int name_slot = r.text_index("Name");
      int code = r.field_index("Code");
      for (const auto& e : items) {
        w.begin_object();
        w.member("Id", e.id);
        w.key("Name");
        auto name = name_slot >= 0 ? effective_text(e, ctx.culture(), ctx.default_culture(), name_slot) : std::nullopt;
        if (name) w.string(*name);
        else w.null();
        w.key("Code");
        render_cell(w, code >= 0 ? e.cells[code] : registry::Cell{});
        w.end_object();
      }
    } else {
      for (const auto& e : items) render_entity(ctx, r, e, w);
    }
    w.end_array();
  }
  std::string body = w.take();
  if (cache_.enabled()) cache_.put(client, generation, key, body, ctx.valid_until());
  return json_response(std::move(body));
}

Result<http::Response> ManagementApi::write(const http::Request& req, const Match& m, const Caller& caller,
                                            int64_t id) {
  const Resource& r = *m.route->resource;
  const int64_t client = caller.app.client_id;
  if (const std::string* type = req.headers.find("Content-Type");
      type && !type->empty() && ascii::to_lower(*type).find("json") == std::string::npos)
    return Problem{415, "Unsupported Media Type", "The body must be application/json.", {}, {}};
  if (req.body.empty()) return Problem::bad_request("A JSON " + std::string(r.model) + " body is required.");
  auto body = json::parse(req.body);
  if (!body) return body.take_problem();
  if (body->kind() != json::Kind::Object)
    return Problem::bad_request("The body must be a JSON object (" + std::string(r.model) + "), not " +
                                json::kind_name(body->kind()) + ".");

  auto tx = store_.write();
  RuleContext ctx(*tx, *caller.ref, caller.app, catalog_, timeutil::now());
  ctx.max_hierarchy_depth = options_.max_hierarchy_depth;
  std::optional<Entity> current;
  if (m.route->op == Op::Update) {
    current = tx->get(r, client, id);
    if (!current) return Problem::not_found("There is no " + std::string(r.name) + " with id " + std::to_string(id) + ".");
  }
  WriteRequest wr{r, *body, current ? &*current : nullptr, id, caller.account.name};
  auto next = build_entity(ctx, wr);
  if (!next) return next.take_problem();
  if (auto s = check_references_and_uniques(ctx, r, *next); !s) return s.take_problem();
  int64_t written = id;
  if (current) tx->update(r, client, *next);
  else written = tx->insert(r, client, *next);
  tx->commit();
  tx.reset();  // releases the writer for the next request before the bookkeeping below
  cache_.invalidate(client);
  return json_response(std::to_string(written));
}

}  // namespace norced::management
