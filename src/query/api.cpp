#include "query/api.hpp"

#include <strings.h>

#include <charconv>

#include "core/ascii.hpp"
#include "json/escape.hpp"
#include "json/writer.hpp"
#include "query/continuation.hpp"
#include "query/derived_reader.hpp"
#include "query/error.hpp"
#include "query/expand.hpp"
#include "query/filter.hpp"
#include "query/lookups.hpp"
#include "query/metadata.hpp"
#include "query/projection.hpp"
#include "query/render.hpp"
#include "query/row_json.hpp"

namespace norced::query {

using registry::Expr;

namespace {

// The application header's spellings (header names are case-insensitive, so ApplicationId is applicationId).
constexpr std::string_view kApplicationHeaders[] = {"application-id", "applicationId"};

// How long an application lookup is remembered: as long as the Management API remembers its callers
// (ApiOptions::tenancy_ttl).
constexpr std::chrono::milliseconds kApplicationTtl{5'000};
constexpr std::string_view kJson = "application/json; odata.metadata=minimal; charset=utf-8";

http::Response odata_response(std::string body, std::string_view content_type = kJson) {
  http::Response r;
  r.content_type = std::string(content_type);
  r.headers.emplace_back("OData-Version", "4.0");
  r.body = std::move(body);
  return r;
}

std::optional<std::string> bearer_token(const http::Request& req) {
  const std::string* auth = req.headers.find("Authorization");
  if (!auth || auth->size() <= 7 || strncasecmp(auth->c_str(), "Bearer ", 7) != 0) return std::nullopt;
  return auth->substr(7);
}

// Percent-encodes a query value for a link (unreserved characters and a few OData keeps readable stay).
std::string encode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '$' || c == ',' || c == '(' ||
        c == ')' || c == '\'' || c == ':') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

// "Products/ProductSkus('100011')" → namespace, set and key text ("'100011'"); key empty without parentheses.
struct Target {
  std::string_view ns, set, key;
  bool has_key = false;
};

std::optional<Target> parse_target(std::string_view rest) {
  while (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
  if (rest.starts_with("/")) rest.remove_prefix(1);
  Target t;
  const size_t slash = rest.find('/');
  t.ns = rest.substr(0, slash);
  if (slash == std::string_view::npos) return t;
  std::string_view set = rest.substr(slash + 1);
  if (set.find('/') != std::string_view::npos) return std::nullopt;  // no navigation or property paths (yet)
  if (const size_t open = set.find('('); open != std::string_view::npos) {
    if (set.back() != ')') return std::nullopt;
    t.key = set.substr(open + 1, set.size() - open - 2);
    t.has_key = true;
    set = set.substr(0, open);
  }
  t.set = set;
  return t;
}

// The key's value: `1`, `'100011'` ('' is a quote) or `PartNo='100011'`.
std::optional<registry::Cell> key_value(std::string_view text, const registry::Field& key) {
  if (const size_t eq = text.find('='); eq != std::string_view::npos) {
    if (text.substr(0, eq) != key.name) return std::nullopt;
    text.remove_prefix(eq + 1);
  }
  if (text.size() >= 2 && text.front() == '\'' && text.back() == '\'') {
    std::string unquoted;
    for (size_t i = 1; i + 1 < text.size(); ++i) {
      unquoted += text[i];
      if (text[i] == '\'') {
        if (text[i + 1] != '\'' || i + 2 == text.size()) return std::nullopt;
        ++i;
      }
    }
    return literal_value(unquoted, true, key.type);
  }
  return literal_value(text, false, key.type);
}

// Whether a culture text is among the properties written, the expanded rows' included.
bool shows_text(const std::vector<const registry::Field*>& properties, const std::vector<Expansion>& expand) {
  for (const registry::Field* f : properties)
    if (is_text(*f)) return true;
  for (const Expansion& x : expand) {
    const auto& o = x.options;
    if (shows_text(o.select.empty() ? x.navigation->target->properties : o.select, o.expand)) return true;
  }
  return false;
}

// The caller's read transaction, which also answers the derived sets (query/derived_reader.hpp) — in any
// namespace, since a navigation may lead into one (Categories → Hierarchies).
std::unique_ptr<store::ReadTx> read(store::Store& store, int64_t client_id) {
  return std::make_unique<DerivedReadTx>(store.read(client_id));
}

}  // namespace

QueryApi::QueryApi(store::Store& store, const identity::TokenService& tokens, const registry::Catalog& catalog,
                   Limits limits)
    : store_(store), tokens_(tokens), model_(catalog), limits_(limits), applications_(store, kApplicationTtl) {}

bool QueryApi::owns(std::string_view path) {
  return ascii::istarts_with(path, kPrefix) && (path.size() == kPrefix.size() || path[kPrefix.size()] == '/');
}

http::Response QueryApi::handle(const http::Request& req) {
  if (req.method != "GET") {
    Problem p = odata_error(405, "MethodNotAllowed", "The Query API is read-only: use GET.");
    p.headers = {{"Allow", "GET"}};
    return error_response(p);
  }
  auto caller = authenticate(req);
  if (!caller) return error_response(caller.problem());
  auto respond = [&](http::Response r) {
    r.client_id = caller->claims.oauth_client_id;
    return r;
  };
  auto not_found = [&](std::string message) { return respond(error_response(odata_error(404, "NotFound", std::move(message)))); };
  auto target = parse_target(std::string_view(req.path).substr(kPrefix.size()));
  if (!target || target->ns.empty()) return not_found("No Query API resource at this path; use /commerce/query/2.0/{Namespace}/{EntitySet}.");
  const Namespace* ns = model_.find(target->ns);
  if (!ns) return not_found("No namespace '" + std::string(target->ns) + "'.");
  const std::string base = http::origin_of(req) + std::string(kPrefix) + "/" + ns->name + "/";
  if (target->set.empty() && !target->has_key) {
    // The service document: the namespace's entity sets.
    json::Writer w;
    w.begin_object_without_id();
    w.member("@odata.context", base + "$metadata");
    w.key("value");
    w.begin_array();
    for (const auto& s : ns->sets) {
      w.begin_object_without_id();
      w.member("name", s.name);
      w.member("kind", "EntitySet");
      w.member("url", s.name);
      w.end_object();
    }
    w.end_array();
    w.end_object();
    return respond(odata_response(w.take()));
  }
  if (target->set == "$metadata" && !target->has_key)
    return respond(odata_response(metadata_document(*ns), "application/xml; charset=utf-8"));
  const EntitySet* set = ns->find(target->set);
  if (!set) return not_found("The namespace " + ns->name + " has no entity set '" + std::string(target->set) + "'.");
  if (target->has_key) return respond(entity(req, *caller, *ns, *set, target->key));
  return respond(collection(req, *caller, *ns, *set));
}

Result<QueryApi::Caller> QueryApi::authenticate(const http::Request& req) const {
  auto token = bearer_token(req);
  if (!token) {
    Problem p = odata_error(401, "Unauthorized", "A bearer token is required.");
    p.headers = {{"WWW-Authenticate", "Bearer"}};
    return p;
  }
  auto claims = tokens_.verify(*token);
  if (!claims) {
    Problem p = odata_error(401, "Unauthorized", "The bearer token is invalid or has expired.");
    p.headers = {{"WWW-Authenticate", "Bearer error=\"invalid_token\""}};
    return p;
  }
  if (!claims->allows("query"))
    return odata_error(403, "Forbidden", "This OAuth client does not have the Norce Query resource enabled.");
  const std::string* raw = nullptr;
  for (auto name : kApplicationHeaders)
    if ((raw = req.headers.find(name))) break;
  if (!raw) return bad_request("MissingHeader", "The applicationId (or application-id) header is required.", "applicationId");
  int64_t app_id = 0;
  auto [ptr, ec] = std::from_chars(raw->data(), raw->data() + raw->size(), app_id);
  if (ec != std::errc() || ptr != raw->data() + raw->size() || app_id < 1 || app_id > INT32_MAX)
    return bad_request("InvalidHeader", "The applicationId header '" + *raw + "' is not an application id.", "applicationId");
  auto app = applications_.find(app_id);
  if (!app || app->client_id != claims->tenant_id)
    return odata_error(403, "Forbidden", "The application " + std::to_string(app_id) + " is not one of this client's.");
  return Caller{std::move(*claims), app->client_id, app_id, app->culture};
}

Expr QueryApi::scope(const EntitySet& set, const Caller& c) const {
  std::vector<Expr> parts;
  for (int f : set.resource->scope_fields())
    parts.push_back(Expr::cmp(Expr::Op::Eq, set.resource->fields[f].name, c.application_id));
  return Expr::all_of(std::move(parts));
}

std::optional<TextCultures> QueryApi::cultures(const std::vector<const registry::Field*>& properties,
                                              const std::vector<Expansion>& expand, const Caller& c,
                                              store::ReadTx& tx) const {
  if (shows_text(properties, expand)) return TextCultures{c.culture, tx.reference_data().default_culture};
  return std::nullopt;
}

http::Response QueryApi::collection(const http::Request& req, const Caller& c, const Namespace& ns, const EntitySet& set) {
  auto options = parse_options(req, set, limits_);
  if (!options) return error_response(options.problem());
  const registry::Resource& r = *set.resource;
  const auto keys = total_order(r, options->order);
  auto tx = read(store_, c.client_id);
  const ScopeOf scope_of = [&](const EntitySet& s) { return scope(s, c); };
  auto filter = resolve_lookups(options->filter, set, *tx, scope_of);
  if (!filter) return error_response(filter.problem());
  const Expr where = Expr::all_of({scope(set, c), std::move(*filter)});
  registry::ListQuery q;
  q.order = keys;
  q.where = where;
  q.offset = options->skip;
  if (options->skiptoken) {
    // A continuation: the rows after the token's row. $skip was spent on the first page.
    auto values = decode_skiptoken(*options->skiptoken, r, keys);
    if (!values) return error_response(values.problem());
    q.where = Expr::all_of({where, after(r, keys, *values)});
    q.offset = 0;
  }
  const int64_t page = std::min(limits_.page_size, options->top.value_or(limits_.page_size));
  q.limit = page + 1;  // one more tells whether a next page exists
  const auto& properties = options->select.empty() ? set.properties : options->select;
  q.only = projection(set, properties, keys, options->expand);

  const std::string base = http::origin_of(req) + std::string(kPrefix) + "/" + ns.name + "/";
  const std::string context = base + "$metadata#" + set.name + context_select_list(set, *options);
  // The envelope is written by hand around the rows, so that a page (tens of kilobytes) is written once, in
  // place, and never copied.
  std::string head = "{\"@odata.context\":";
  json::append_quoted(head, context);
  if (options->count) {
    head += ",\"@odata.count\":";
    head += std::to_string(tx->count(r, where));
  }
  head += ",\"value\":";
  std::string body;
  int64_t shown = 0;
  bool more = false;
  registry::Entity last;  // the page's last row, for the $skiptoken
  if (options->expand.empty() && PageJson::serves(set, properties)) {
    // The set's own columns only: rendered as they are read.
    PageJson rows(set, properties, page, head);
    tx->scan(r, q, rows);
    body = rows.take();
    shown = rows.rows();
    more = rows.more();
    if (more) last = rows.last();
  } else {
    std::vector<registry::Entity> rows = tx->list(r, q);
    more = static_cast<int64_t>(rows.size()) > page;
    if (more) rows.resize(static_cast<size_t>(page));
    const auto expanded = read_expansions(*tx, set, rows, options->expand, scope_of);
    if (!expanded) return error_response(expanded.problem());
    const LookedUp looked = read_lookups(*tx, set, properties, rows, scope_of);
    json::Writer w;
    w.begin_array();
    const auto texts = cultures(properties, options->expand, c, *tx);
    for (const auto& e : rows) write_expanded_entity(w, set, properties, e, *expanded, texts ? &*texts : nullptr, &looked);
    w.end_array();
    body = std::move(head);
    body += w.take();
    shown = static_cast<int64_t>(rows.size());
    if (more && !rows.empty()) last = std::move(rows.back());
  }
  const std::optional<int64_t> top_left = options->top ? std::optional(*options->top - shown) : std::nullopt;
  if (more && (!top_left || *top_left > 0) && shown > 0) {
    // The same request after the page's last row: every option but the position ($skip, $skiptoken, $top).
    std::string link = base + set.name + "?";
    for (const auto& [name, value] : req.query)
      if (name.starts_with("$") && name != "$skip" && name != "$skiptoken" && name != "$top")
        link += encode(name) + "=" + encode(value) + "&";
    if (top_left) link += "$top=" + std::to_string(*top_left) + "&";
    link += "$skiptoken=" + encode_skiptoken(r, keys, last);
    body += ",\"@odata.nextLink\":";
    json::append_quoted(body, link);
  }
  body += '}';
  return odata_response(std::move(body));
}

http::Response QueryApi::entity(const http::Request& req, const Caller& c, const Namespace& ns, const EntitySet& set,
                                std::string_view key) {
  auto value = key_value(key, *set.key);
  if (!value)
    return error_response(bad_request("InvalidKey", "'" + std::string(key) + "' is not a key of " + set.name + " (" +
                                                        std::string(set.key->name) + ", " + edm_type(set.key->type) + ").",
                                      std::string(set.key->name)));
  auto options = parse_options(req, set, limits_);
  if (!options) return error_response(options.problem());
  registry::ListQuery q;
  q.where = Expr::all_of({scope(set, c), Expr::cmp(Expr::Op::Eq, set.key->name, *value)});
  q.limit = 1;
  q.only = projection(set, options->select.empty() ? set.properties : options->select, {}, options->expand);
  auto tx = read(store_, c.client_id);
  auto rows = tx->list(*set.resource, q);
  if (rows.empty())
    return error_response(odata_error(404, "NotFound", "No " + set.type_name + " with " + std::string(set.key->name) + " " +
                                                           std::string(key) + "."));
  const auto& properties = options->select.empty() ? set.properties : options->select;
  const std::string context =
      http::origin_of(req) + std::string(kPrefix) + "/" + ns.name + "/$metadata#" + set.name + context_select_list(set, *options) + "/$entity";
  const auto texts = cultures(properties, options->expand, c, *tx);
  const ScopeOf scope_of = [&](const EntitySet& s) { return scope(s, c); };
  const auto expanded = read_expansions(*tx, set, rows, options->expand, scope_of);
  if (!expanded) return error_response(expanded.problem());
  const LookedUp looked = read_lookups(*tx, set, properties, rows, scope_of);
  json::Writer w;
  write_expanded_entity(w, set, properties, rows.front(), *expanded, texts ? &*texts : nullptr, &looked, context);
  return odata_response(w.take());
}

}  // namespace norced::query
