#include "management/strict.hpp"

#include <algorithm>

#include "core/ascii.hpp"
#include "registry/members.hpp"

namespace norced::management {

using registry::Resource;

namespace {

constexpr std::string_view kIdMember = "$id";  // Newtonsoft's reference id, on every object Norce writes

bool is_known(std::string_view name, const std::vector<std::string>& known) {
  if (name == kIdMember) return true;
  for (const auto& k : known)
    if (ascii::iequals(k, name)) return true;
  return false;
}

std::string squeezed(std::string_view s) {
  std::string out;
  for (char c : s)
    if (c != '_' && c != '-') out.push_back(ascii::lower(c));
  return out;
}

// Optimal string alignment distance (Levenshtein plus adjacent transpositions), letter case ignored.
size_t distance(std::string_view a, std::string_view b) {
  const size_t n = a.size(), m = b.size(), w = m + 1;
  std::vector<size_t> d((n + 1) * w);
  for (size_t i = 0; i <= n; ++i) d[i * w] = i;
  for (size_t j = 0; j <= m; ++j) d[j] = j;
  for (size_t i = 1; i <= n; ++i) {
    for (size_t j = 1; j <= m; ++j) {
      const size_t cost = ascii::lower(a[i - 1]) == ascii::lower(b[j - 1]) ? 0 : 1;
      size_t v = std::min({d[(i - 1) * w + j] + 1, d[i * w + j - 1] + 1, d[(i - 1) * w + j - 1] + cost});
      if (i > 1 && j > 1 && ascii::lower(a[i - 1]) == ascii::lower(b[j - 2]) &&
          ascii::lower(a[i - 2]) == ascii::lower(b[j - 1]))
        v = std::min(v, d[(i - 2) * w + j - 2] + 1);
      d[i * w + j] = v;
    }
  }
  return d[n * w + m];
}

// Suggestions cost an edit distance per known name: only the first ones reported get one (a 400 lists at
// most http::kMaxProblemMembers members anyway), and only for names of a plausible length.
constexpr size_t kMaxSuggested = 100;
constexpr size_t kMaxSuggestedLength = 64;

Unknown unknown(std::string path, std::string_view name, std::string_view model, const std::vector<std::string>& known,
                size_t found_before) {
  std::string suggestion = found_before < kMaxSuggested ? closest(name, known) : std::string();
  return {std::move(path), model, std::move(suggestion)};
}

void check_object(const json::Value& object, std::string_view model, const std::vector<std::string>& known,
                  const std::string& prefix, std::vector<Unknown>& out) {
  for (const auto& m : object.members())
    if (!is_known(m.key, known)) out.push_back(unknown(prefix + m.key, m.key, model, known, out.size()));
}

// Each object element of an array member against the element model's members.
void check_elements(const json::Value& array, std::string_view model, const std::vector<std::string>& known,
                    const std::string& name, std::vector<Unknown>& out) {
  if (array.kind() != json::Kind::Array) return;  // a wrong type is input.cpp's 400
  for (size_t i = 0; i < array.items().size(); ++i) {
    const json::Value& item = array.items()[i];
    if (item.kind() == json::Kind::Object)
      check_object(item, model, known, name + "[" + std::to_string(i) + "].", out);
  }
}

// A header's quoted-string: no control characters (the transport drops a header with CR or LF), quotes and
// backslashes escaped.
std::string quoted_header_text(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? '?' : c);
  }
  out.push_back('"');
  return out;
}

std::string warning_text(const Unknown& u) {
  std::string text = u.model.empty() ? "unknown query parameter '" + u.path + "'"
                                     : "unknown member '" + u.path + "' in " + std::string(u.model);
  text += u.suggestion.empty() ? "; it is ignored" : "; did you mean '" + u.suggestion + "'?";
  return text;
}

}  // namespace

std::string closest(std::string_view name, const std::vector<std::string>& known) {
  if (name.size() > kMaxSuggestedLength) return {};
  const std::string plain = squeezed(name);
  for (const auto& k : known)
    if (squeezed(k) == plain) return k;
  const size_t limit = std::max<size_t>(1, name.size() / 3);
  const std::string* best = nullptr;
  size_t best_distance = limit + 1;
  for (const auto& k : known) {
    const size_t d = distance(name, k);
    if (d < best_distance) {
      best = &k;
      best_distance = d;
    }
  }
  return best ? *best : std::string();
}

std::vector<Unknown> unknown_members(const Resource& r, const json::Value& body) {
  std::vector<Unknown> out;
  if (body.kind() != json::Kind::Object) return out;
  check_object(body, r.model, registry::model_members(r), "", out);
  for (const registry::Field& f : r.fields) {
    const json::Value* v = body.find(f.name);
    if (!v) continue;
    if (f.role == registry::Role::Cultures) {
      check_elements(*v, r.culture_model, registry::culture_members(r), std::string(f.name), out);
    } else if (const registry::Model* m = registry::element_model(r, f)) {
      check_elements(*v, m->name, registry::model_members(*m), std::string(f.name), out);
    }
  }
  return out;
}

std::vector<Unknown> unknown_query_params(const Resource& r, const registry::Operation& op,
                                          const std::vector<std::pair<std::string, std::string>>& query) {
  std::vector<Unknown> out;
  if (query.empty()) return out;
  const registry::QueryParams params = registry::query_params(r, op);
  if (!params.checked) return out;
  std::vector<std::string> known;  // owned names for suggestions, made on the first unknown only (hot path)
  for (const auto& [name, value] : query) {
    if (std::any_of(params.names.begin(), params.names.end(), [&](std::string_view k) { return ascii::iequals(k, name); }))
      continue;
    if (known.empty()) known.assign(params.names.begin(), params.names.end());
    out.push_back(unknown(name, name, {}, known, out.size()));
  }
  return out;
}

bool strict_requested(const http::Request& req) {
  const std::string* v = req.headers.find("norced-strict");
  return v && ascii::iequals(*v, "true");
}

Problem strict_problem(const std::vector<Unknown>& unknown) {
  Problem p = Problem::validation("", "");
  p.errors.clear();
  p.detail = "Strict mode: the request has members or query parameters that the operation does not read "
             "(Norce would ignore them).";
  for (const Unknown& u : unknown) {
    std::string message = u.model.empty() ? "Unknown query parameter" : "Unknown member of " + std::string(u.model);
    message += u.suggestion.empty() ? "." : "; did you mean '" + u.suggestion + "'?";
    p.errors.push_back({u.path, std::move(message)});
  }
  return p;
}

void add_warnings(http::Response& res, const std::vector<Unknown>& unknown) {
  for (size_t i = 0; i < unknown.size() && i < kMaxWarnings; ++i)
    res.headers.emplace_back("Warning", "299 norced " + quoted_header_text(warning_text(unknown[i])));
  if (unknown.size() > kMaxWarnings)
    res.headers.emplace_back("Warning", "299 norced " + quoted_header_text(std::to_string(unknown.size() - kMaxWarnings) +
                                                                          " more unknown members or parameters"));
}

}  // namespace norced::management
