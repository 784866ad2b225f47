#include "management/api.hpp"
#include "core/ascii.hpp"

#include <strings.h>

#include <algorithm>
#include <charconv>
#include <stdexcept>

#include "http/problem_response.hpp"
#include "json/value.hpp"
#include "json/writer.hpp"
#include "management/input.hpp"
#include "management/read_set.hpp"
#include "management/render.hpp"
#include "management/rules.hpp"
#include "management/save.hpp"
#include "management/strict.hpp"
#include "management/unserved.hpp"
#include "management/texts.hpp"

namespace norced::management {

using registry::Entity;
using registry::Expr;
using registry::ListQuery;
using registry::Resource;

namespace {

http::Response json_response(std::string body, std::optional<int64_t> total = std::nullopt) {
  http::Response r;
  r.body = std::move(body);
  // A norced extension (Norce answers a bare array): how many items the whole list holds, so a client can
  // page without asking for one page too many.
  if (total) r.headers.emplace_back("X-Total-Count", std::to_string(*total));
  return r;
}

// A path parameter's integer value; the problem names the parameter.
Result<int64_t> parse_int_param(const registry::PathParam& p, const std::string& raw) {
  int64_t v = 0;
  auto [ptr, ec] = std::from_chars(raw.data(), raw.data() + raw.size(), v);
  if (ec != std::errc() || ptr != raw.data() + raw.size() || v < INT32_MIN || v > INT32_MAX)
    return Problem::validation(p.name, "The value '" + raw + "' is not a valid 32-bit integer " + p.name + ".");
  return v;
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
  std::string key = std::to_string(caller.app.id) + "|" + m.route->path + "|";
  for (const auto& v : m.values) key += v + "|";
  for (const auto& [k, v] : req.query) key += k + "=" + v + "&";
  return key;
}

// A database failure the client can act on: a unique key taken meanwhile (409), or a database that is busy
// or unreachable for now (503, try again). Anything else is a bug or a broken disk and stays a 500.
Problem store_problem(const store::StoreError& e) {
  using store::StoreErrorKind;
  switch (e.kind) {
    case StoreErrorKind::Conflict:
      return Problem::conflict(e.field.empty() ? "Id" : e.field, e.what());
    case StoreErrorKind::Retryable:
    case StoreErrorKind::Unavailable:
      return Problem::unavailable();
    default:
      throw e;
  }
}

// What a write answers: the id the client knows the item by, as JSON. That is the row's own id; for a link
// keyed by a system-wide id (ApplicationCurrency) that id; for one keyed by a code (ApplicationCulture) the
// code, as a string.
std::string client_key(const Resource& r, const Entity& e) {
  const registry::Field* id = r.field("Id");
  if (!id || id->role != registry::Role::Id) {
    const int key = id ? r.field_index("Id") : (r.unique.empty() ? -1 : r.field_index(r.unique.front()));
    if (key >= 0) {
      if (const auto* n = std::get_if<int64_t>(&e.cells[key])) return std::to_string(*n);
      if (const auto* s = std::get_if<std::string>(&e.cells[key])) {
        json::Writer w;
        w.string(*s);
        return w.take();
      }
    }
  }
  return std::to_string(e.id);
}

// The request's JSON body: 415 for another media type, 400 when it is missing or not JSON, and with
// `object_only` (a model) when it is not an object.
Result<json::Value> parse_body(const http::Request& req, const Resource& r, bool object_only) {
  if (const std::string* type = req.headers.find("Content-Type");
      type && !type->empty() && ascii::to_lower(*type).find("json") == std::string::npos)
    return Problem{415, "Unsupported Media Type", "The body must be application/json.", {}, {}};
  if (req.body.empty()) return Problem::bad_request("A JSON " + std::string(r.model) + " body is required.");
  auto parsed = json::parse(json::without_bom(req.body));
  if (!parsed) return parsed.take_problem();
  if (object_only && parsed->kind() != json::Kind::Object)
    return Problem::bad_request("The body must be a JSON object (" + std::string(r.model) + "), not " +
                                json::kind_name(parsed->kind()) + ".");
  return std::move(*parsed);
}

}  // namespace

ManagementApi::ManagementApi(store::Store& store, const registry::Catalog& catalog,
                             const identity::TokenService& tokens, ApiOptions options)
    : store_(store),
      catalog_(catalog),
      tokens_(tokens),
      options_(options),
      router_(catalog),
      tenancy_(store, options.tenancy_ttl, ReferenceResources::from(catalog)),
      cache_(options.response_cache_bytes),
      follower_(store, catalog, cache_, tenancy_, options.change_poll) {
  // A Custom operation without its handler is a description mistake: refuse to start.
  for (const Resource* r : catalog.all())
    for (const auto& op : r->operations)
      if (op.kind == registry::OpKind::Custom && !rules_of(*r).custom.count(op.verb))
        throw std::logic_error(std::string(r->name) + ": no handler for the custom operation " + op.verb + " (" +
                               op.method + " " + op.path + ")");
}

http::Response ManagementApi::handle(const http::Request& req, std::string_view path) {
  auto match = router_.match(req.method, path);
  if (!match) {
    if (auto unserved = not_implemented(req.method, path, match.problem())) return http::problem_response(*unserved);
    return http::problem_response(match.problem());
  }

  auto token = bearer_token(req);
  if (!token) return http::problem_response(Problem::unauthorized("A bearer token is required."));
  auto claims = tokens_.verify(*token);
  if (!claims) {
    Problem p = Problem::unauthorized("The bearer token is invalid or has expired.");
    p.headers = {{"WWW-Authenticate", "Bearer error=\"invalid_token\""}};
    return http::problem_response(p);
  }
  http::Response res = handle_as(req, *match, *claims);
  res.client_id = claims->oauth_client_id;  // for the request log
  return res;
}

http::Response ManagementApi::handle_as(const http::Request& req, const Match& match,
                                        const identity::Claims& claims) {
  if (!claims.allows("management"))
    return http::problem_response(
        Problem::forbidden("This OAuth client does not have the Norce Management resource enabled."));

  try {
    // Before the caller is resolved: reference data (cultures, currencies...) may have changed elsewhere.
    if (options_.shared_database) follower_.catch_up(req.received);
  } catch (const store::StoreError& e) {
    return http::problem_response(store_problem(e));
  }
  auto caller = tenancy_.resolve(claims, req);
  if (!caller) return http::problem_response(caller.problem());

  const std::vector<Unknown> unknown = unknown_input(req, match);
  if (!unknown.empty() && (options_.strict || strict_requested(req)))
    return http::problem_response(strict_problem(unknown));
  http::Response res;
  try {
    auto response = dispatch(req, match, *caller);
    res = response ? std::move(*response) : http::problem_response(response.problem());
  } catch (const store::StoreError& e) {
    res = http::problem_response(store_problem(e));
  }
  add_warnings(res, unknown);
  return res;
}

std::vector<Unknown> ManagementApi::unknown_input(const http::Request& req, const Match& m) const {
  const Resource& r = *m.route->resource;
  std::vector<Unknown> unknown = unknown_query_params(r, *m.route->op, req.query);
  // The body is parsed again by write(): a few microseconds on a write, and the checks stay out of its path.
  // A body that does not parse is write()'s 400 to give. A Custom operation's body is its handler's own
  // document, not the model, so it is not checked.
  const registry::OpKind kind = m.route->op->kind;
  if ((kind == registry::OpKind::Insert || kind == registry::OpKind::Update) && !req.body.empty())
    if (auto body = json::parse(json::without_bom(req.body))) {
      std::vector<Unknown> members = unknown_members(r, *body);
      unknown.insert(unknown.end(), std::make_move_iterator(members.begin()), std::make_move_iterator(members.end()));
    }
  return unknown;
}

std::optional<http::Response> ManagementApi::handle_fast(const http::Request& req, std::string_view path,
                                                         http::Deferral* later) {
  if (options_.shared_database && !follower_.caught_up_since(req.received)) {
    // Every request must first catch up with the change log; it waits for the follower's next poll without a
    // thread, then comes back here (or, if the poll failed, goes to handle(), which answers the failure).
    if (later)
      follower_.when_caught_up(req.received, [resume = later->defer()](std::exception_ptr failed) {
        resume(failed ? http::Resume::pool : http::Resume::fast);
      });
    return std::nullopt;
  }
  if (req.method != "GET" || !cache_.enabled()) return std::nullopt;
  auto match = router_.match(req.method, path);
  if (!match || match->route->op->is_write()) return std::nullopt;
  // Unknown query parameters get a Warning (or a strict 400) from handle().
  if (!req.query.empty() && !unknown_query_params(*match->route->resource, *match->route->op, req.query).empty())
    return std::nullopt;
  auto token = bearer_token(req);
  if (!token) return std::nullopt;
  auto claims = tokens_.verify(*token);
  if (!claims || !claims->allows("management")) return std::nullopt;
  auto caller = tenancy_.try_resolve_cached(*claims, req);
  if (!caller) return std::nullopt;
  // handle() would now bind the path parameters and call read(), which looks up this same key first. A key
  // is only ever stored by a read() whose bind succeeded for these route values and application, so bind
  // cannot fail here, and a hit is exactly what read() returns.
  std::optional<int64_t> total;
  auto hit = cache_.get(caller->app.client_id, cache_key(*match, *caller, req), options_.clock->now(), &total);
  if (!hit) return std::nullopt;
  http::Response res = json_response(std::move(*hit), total);
  res.client_id = claims->oauth_client_id;  // as handle() gives it
  return res;
}

Result<Target> ManagementApi::bind(const Match& m, const Caller& caller) const {
  const Resource& r = *m.route->resource;
  Target t;
  std::vector<FieldError> errors;
  for (size_t i = 0; i < m.route->op->params.size(); ++i) {
    const registry::PathParam& p = m.route->op->params[i];
    registry::Cell value;
    if (p.type == registry::ParamType::Int) {
      auto v = parse_int_param(p, m.values[i]);
      if (!v) return v.take_problem();
      value = *v;
    } else {
      value = m.values[i];
    }
    // {id} is the row's own id, unless the model's Id is a key the client gives (a link's system-wide id).
    if (p.member == "Id" && r.field("Id") && r.field("Id")->role == registry::Role::Id) {
      t.id = std::get<int64_t>(value);
      continue;
    }
    // A member with allowed values (an info type's GroupId) names no group outside them: the route exists and
    // the value is what is wrong, as for a malformed id.
    const registry::Field& f = *r.field(p.member);
    if (const auto* n = std::get_if<int64_t>(&value);
        n && !f.allowed.empty() && std::find(f.allowed.begin(), f.allowed.end(), *n) == f.allowed.end()) {
      std::string values;
      for (int64_t a : f.allowed) values += (values.empty() ? "" : ", ") + std::to_string(a);
      return Problem::validation(p.name, p.name + " " + std::to_string(*n) + " is not a " + std::string(f.name) +
                                             " of " + std::string(r.name) + "; use one of " + values + " (" +
                                             std::string(f.description) + ")");
    }
    t.scope.emplace_back(r.field_index(p.member), std::move(value));
  }
  for (int s : r.scope_fields()) t.scope.emplace_back(s, registry::Cell{caller.app.id});  // the caller's application
  return t;
}

Expr Target::filter(const Resource& r) const {
  std::vector<Expr> parts;
  for (const auto& [field, value] : scope) parts.push_back(Expr::cmp(Expr::Op::Eq, r.fields[field].name, value));
  return Expr::all_of(std::move(parts));
}

bool Target::holds(const Entity& e) const {
  for (const auto& [field, value] : scope) {
    // A code in the path matches in any letter case (application/culture/en-us), as unique keys do.
    const auto* a = std::get_if<std::string>(&e.cells[field]);
    const auto* b = std::get_if<std::string>(&value);
    if (a && b ? !ascii::iequals(*a, *b) : e.cells[field] != value) return false;
  }
  return true;
}

std::optional<Entity> ManagementApi::find(store::ReadTx& tx, const Resource& r, const Target& t) const {
  std::optional<Entity> e;
  // A string key bound by the path (a culture code) is found through its unique key, which ignores case.
  std::optional<std::pair<int, std::string>> code;
  for (const auto& [field, value] : t.scope)
    if (const auto* s = std::get_if<std::string>(&value);
        s && std::find(r.unique.begin(), r.unique.end(), r.fields[field].name) != r.unique.end())
      code.emplace(field, *s);
  if (t.id) {
    e = tx.get(r, *t.id);
  } else if (code) {
    std::vector<registry::Cell> scope;
    for (int s : r.unique_scope_fields())
      for (const auto& [field, value] : t.scope)
        if (field == s) scope.push_back(value);
    if (auto id = tx.find_unique(r, r.fields[code->first].name, code->second, scope)) e = tx.get(r, *id);
  } else {
    ListQuery q;
    q.where = t.filter(r);
    q.limit = 1;
    auto items = tx.list(r, q);
    if (!items.empty()) e = std::move(items.front());
  }
  if (e && !t.holds(*e)) e.reset();
  return e;
}

// A 404 naming the parent a list's path names (category/{categoryId}/...) when the client has no such row: a list
// under an unknown parent is not an empty list.
std::optional<Problem> ManagementApi::missing_parent(store::ReadTx& tx, const Resource& r, const Target& t) const {
  for (const auto& [field, value] : t.scope) {
    const registry::Field& f = r.fields[field];
    const auto* id = std::get_if<int64_t>(&value);
    if (f.role == registry::Role::Scope || f.references.empty() || !id) continue;
    const Resource* parent = catalog_.find(f.references);
    if (parent && !tx.exists(*parent, *id))
      return Problem::not_found("There is no " + std::string(parent->name) + " with id " + std::to_string(*id) + ".");
  }
  return std::nullopt;
}

Problem ManagementApi::not_found(const Match& m) const {
  std::string key;
  for (size_t i = 0; i < m.values.size(); ++i)
    key += (key.empty() ? "" : ", ") + m.route->op->params[i].name + " " + m.values[i];
  return Problem::not_found("There is no " + std::string(m.route->resource->name) + " with " + key + ".");
}

Result<http::Response> ManagementApi::dispatch(const http::Request& req, const Match& m, const Caller& caller) {
  auto target = bind(m, caller);
  if (!target) return target.take_problem();
  if (m.route->op->kind == registry::OpKind::Custom) return custom(req, m, caller, *target);
  if (m.route->op->is_write()) return write(req, m, caller, *target);
  return read(req, m, caller, *target);
}

Result<http::Response> ManagementApi::custom(const http::Request& req, const Match& m, const Caller& caller,
                                             const Target& target) {
  const Resource& r = *m.route->resource;
  const registry::Operation& op = *m.route->op;
  const auto& handler = rules_of(r).custom.find(op.verb)->second;  // present: checked at construction
  std::optional<json::Value> body;
  if (op.has_body()) {
    auto parsed = parse_body(req, r, false);
    if (!parsed) return parsed.take_problem();
    body = std::move(*parsed);
  }
  registry::ListParams params{req.query};
  CustomCall call{target.id, target.scope, body ? &*body : nullptr, &params};
  const auto now = options_.clock->now();
  const int64_t client = caller.app.client_id;
  if (!op.is_write()) {  // never cached: what a handler reads is its own business
    auto tx = store_.read(client);
    RuleContext ctx(*tx, *caller.ref, caller.app, catalog_, now);
    auto answer = handler(ctx, call);
    if (!answer) return answer.take_problem();
    return json_response(std::move(*answer));
  }
  auto tx = store_.write(client, store::Author{caller.account.name, now});
  RuleContext ctx(*tx, *caller.ref, caller.app, catalog_, now);
  ctx.max_hierarchy_depth = options_.max_hierarchy_depth;
  ctx.set_writer(tx.get());
  auto answer = handler(ctx, call);
  if (!answer) return answer.take_problem();  // nothing committed
  auto changes = tx->commit();
  tx.reset();
  follower_.applied_locally(changes);
  return json_response(std::move(*answer));
}

Result<http::Response> ManagementApi::read(const http::Request& req, const Match& m, const Caller& caller,
                                           const Target& target) {
  using registry::OpKind;
  const Resource& r = *m.route->resource;
  const OpKind kind = m.route->op->kind;
  const int64_t client = caller.app.client_id;
  const auto now = options_.clock->now();
  std::string key;
  uint64_t stamp = 0;
  if (cache_.enabled()) {
    key = cache_key(m, caller, req);
    std::optional<int64_t> total;
    if (auto hit = cache_.get(client, key, now, &total)) return json_response(std::move(*hit), total);
    stamp = cache_.stamp(client);
  }

  auto store_tx = store_.read(client);
  ReadSet reads;
  ReadRecorder recorder(*store_tx, reads);
  store::ReadTx* tx = &recorder;
  RuleContext ctx(*tx, *caller.ref, caller.app, catalog_, now);
  ctx.set_caching(cache_.enabled());
  json::Writer w;
  std::optional<int64_t> total;  // List: X-Total-Count
  if (kind == OpKind::Get) {
    auto e = find(*tx, r, target);
    if (!e) return not_found(m);
    std::vector<Entity> one;
    one.push_back(std::move(*e));
    if (rules_of(r).derive) rules_of(r).derive(ctx, one);
    render_entity(ctx, r, one.front(), w);
  } else {
    if (auto missing = missing_parent(*tx, r, target)) return std::move(*missing);
    registry::ListParams params{req.query};
    ListQuery q;
    if (kind == OpKind::List && rules_of(r).list_query) {
      auto custom = rules_of(r).list_query(ctx, params);
      if (!custom) return custom.take_problem();
      q = std::move(*custom);
    } else {
      q.where = active_filter(r, kind != OpKind::ListDeleted);
    }
    if (!target.scope.empty()) q.where = Expr::all_of({std::move(q.where), target.filter(r)});
    if (kind == OpKind::List) {  // paging: all items unless page or pageSize is given
      auto page = query_int(params, "page");
      if (!page) return page.take_problem();
      auto size = query_int(params, "pageSize");
      if (!size) return size.take_problem();
      if (*page > 0 || *size > 0) {  // pageSize alone is the first page
        int64_t page_size = *size > 0 ? std::min(*size, options_.max_page_size) : options_.default_page_size;
        q.limit = page_size;
        q.offset = (std::max<int64_t>(*page, 1) - 1) * page_size;
      }
    }
    const bool provided = static_cast<bool>(rules_of(r).list_provider);
    auto items = provided ? rules_of(r).list_provider(ctx) : tx->list(r, q);
    if (kind == OpKind::List) {
      const auto got = static_cast<int64_t>(items.size());
      if (provided || !q.limit) total = got;  // everything was read (a provider pages nothing)
      // A page that is not full, and not past the end, already tells the total: no count needed.
      else if ((got > 0 && got < *q.limit) || (got == 0 && q.offset == 0)) total = q.offset + got;
      else total = tx->count(r, q.where);
    }
    if (rules_of(r).derive) rules_of(r).derive(ctx, items);
    w.begin_array();
    if (kind == OpKind::Compact) {
      int name_slot = r.text_index("Name");
      int name_field = r.field_index("Name");
      int code = r.field_index("Code");
      for (const auto& e : items) {
        w.begin_object();
        w.member("Id", e.id);
        w.key("Name");
        // The Name text in the application's culture, or a Name that is a plain column (Manufacturer).
        if (name_slot >= 0) {
          auto name = effective_text(e, ctx.culture(), ctx.default_culture(), name_slot);
          if (name) w.string(*name);
          else w.null();
        } else {
          render_cell(w, name_field >= 0 ? e.cells[name_field] : registry::Cell{});
        }
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
  if (cache_.enabled()) cache_.put(client, stamp, key, body, ctx.valid_until(), std::move(reads), total);
  return json_response(std::move(body), total);
}

Result<http::Response> ManagementApi::write(const http::Request& req, const Match& m, const Caller& caller,
                                            const Target& target) {
  using registry::OpKind;
  const Resource& r = *m.route->resource;
  const OpKind kind = m.route->op->kind;
  const int64_t client = caller.app.client_id;
  std::optional<json::Value> body;
  if (m.route->op->has_body()) {
    auto parsed = parse_body(req, r, true);
    if (!parsed) return parsed.take_problem();
    body = std::move(*parsed);
  }

  const auto now = options_.clock->now();
  auto tx = store_.write(client, store::Author{caller.account.name, now});
  RuleContext ctx(*tx, *caller.ref, caller.app, catalog_, now);
  ctx.max_hierarchy_depth = options_.max_hierarchy_depth;
  std::optional<Entity> current;
  if (kind != OpKind::Insert) {
    current = find(*tx, r, target);
    if (!current) return not_found(m);
  }
  ctx.set_writer(tx.get());
  const int active = r.field_index("IsActive");
  const bool soft = r.soft_delete && active >= 0;
  Entity next;
  if (kind == OpKind::Delete) {
    next = *current;
    if (soft) next.cells[active] = false;
  } else {
    WriteRequest wr{r, *body, current ? &*current : nullptr, current ? current->id : 0, caller.account.name,
                    target.scope};
    auto built = build_entity(ctx, wr);
    if (!built) return built.take_problem();
    next = std::move(*built);
  }
  const SaveKind how = kind == OpKind::Delete && !soft ? SaveKind::Remove
                       : current                        ? SaveKind::Update
                                                        : SaveKind::Insert;
  auto saved = save(ctx, r, std::move(next), current ? &*current : nullptr, how);
  if (!saved) return saved.take_problem();
  next = std::move(*saved);
  auto changes = tx->commit();
  tx.reset();  // releases the writer for the next request before the bookkeeping below
  follower_.applied_locally(changes);
  if (kind == OpKind::Delete) {
    http::Response none;
    none.status = 204;
    return none;
  }
  return json_response(client_key(r, next));
}

}  // namespace norced::management
