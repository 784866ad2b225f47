#include "management/texts.hpp"

#include <algorithm>
#include <set>

#include "management/convert.hpp"

namespace norced::management {

using registry::Entity;
using registry::Field;
using registry::Resource;
using registry::Role;

const std::optional<std::string>* own_text(const Entity& e, const std::string& culture, int slot) {
  const auto* t = e.texts_of(culture);
  if (!t || static_cast<size_t>(slot) >= t->texts.size() || !t->texts[slot]) return nullptr;
  return &t->texts[slot];
}

std::optional<std::string> effective_text(const Entity& e, const std::string& culture,
                                          const std::string& default_culture, int slot) {
  if (const auto* own = own_text(e, culture, slot)) return **own;
  if (culture == default_culture) return std::nullopt;
  if (const auto* def = own_text(e, default_culture, slot)) return **def;
  return std::nullopt;
}

bool is_inherited(const Entity& e, const std::string& culture, const std::string& default_culture, int slot) {
  return culture != default_culture && own_text(e, culture, slot) == nullptr;
}

void set_own_text(Entity& e, const std::string& culture, int slot, std::optional<std::string> value,
                  size_t slot_count) {
  auto* t = e.texts_of(culture);
  if (!t) {
    if (!value) return;
    e.cultures.push_back({culture, std::vector<std::optional<std::string>>(slot_count)});
    t = &e.cultures.back();
  }
  if (t->texts.size() < slot_count) t->texts.resize(slot_count);
  t->texts[slot] = std::move(value);
}

namespace {

// Reads one text value; records an error and returns false when it does not fit.
bool read_text(const json::Value& v, int max_length, const std::string& path, std::optional<std::string>& out,
               std::vector<FieldError>& errors) {
  auto cell = to_cell(v, CellSpec{registry::Type::String, true, max_length, nullptr});
  if (auto* msg = std::get_if<std::string>(&cell)) {
    errors.push_back({path, *msg});
    return false;
  }
  const auto& c = std::get<registry::Cell>(cell);
  out = registry::is_null(c) ? std::nullopt : std::optional<std::string>(std::get<std::string>(c));
  return true;
}

// Writes `value` as `culture`'s own text unless the client signals it still inherits the default text.
void write_text(Entity& next, const std::string& culture, const std::string& default_culture, int slot,
                std::optional<std::string> value, const json::Value* inherited_flag, size_t slot_count) {
  if (value && culture != default_culture && inherited_flag && inherited_flag->kind() == json::Kind::Bool &&
      inherited_flag->as_bool()) {
    const auto* def = own_text(next, default_culture, slot);
    if (def && **def == *value) value.reset();
  }
  set_own_text(next, culture, slot, std::move(value), slot_count);
}

const Field* text_field(const Resource& r, Role role, std::string_view slot) {
  for (const auto& f : r.fields)
    if (f.role == role && f.text == slot) return &f;
  return nullptr;
}

}  // namespace

void apply_text_writes(RuleContext& ctx, const Resource& r, const json::Value& body, const Entity* original,
                       Entity& next, std::vector<FieldError>& errors) {
  const size_t n = r.texts.size();
  const std::string& app_culture = ctx.culture();
  const std::string& def = ctx.default_culture();
  // (culture, slot) pairs a Cultures[] entry wrote: a missing top-level member does not undo them.
  // A set, not a list: a body may hold many thousands of entries, and each one is looked up.
  std::set<std::pair<std::string, size_t>> written_by_cultures;
  auto by_cultures = [&](const std::string& culture, size_t slot) {
    return written_by_cultures.count({culture, slot}) > 0;
  };

  // 1. Cultures[]
  if (r.field("Cultures")) {
    if (const json::Value* cultures = body.find("Cultures"); cultures && !cultures->is_null()) {
      if (cultures->kind() != json::Kind::Array) {
        errors.push_back({"Cultures", std::string("Expected an array, got ") + json::kind_name(cultures->kind()) + "."});
      } else {
        for (size_t i = 0; i < cultures->items().size(); ++i) {
          const json::Value& entry = cultures->items()[i];
          std::string at = "Cultures[" + std::to_string(i) + "]";
          if (entry.kind() != json::Kind::Object) {
            errors.push_back({at, "Expected an object."});
            continue;
          }
          const json::Value* code = entry.find("CultureCode");
          if (!code || code->kind() != json::Kind::String) {
            errors.push_back({at + ".CultureCode", "A culture code such as sv-SE is required."});
            continue;
          }
          if (!ctx.ref.has_culture(code->as_string())) {
            errors.push_back({at + ".CultureCode", "'" + code->as_string() + "' is not a culture of this client."});
            continue;
          }
          for (size_t s = 0; s < n; ++s) {
            if (!r.texts[s].stored) continue;
            std::string name(r.texts[s].name);
            // Is<Text>Inherited is a hint to write_text, and like every member read it is checked as the
            // non-null boolean the culture model declares, whether or not the text comes with it.
            const json::Value* flag = entry.find("Is" + name + "Inherited");
            if (flag) {
              auto cell = to_cell(*flag, CellSpec{registry::Type::Bool, false, 0, nullptr});
              if (auto* msg = std::get_if<std::string>(&cell)) {
                errors.push_back({at + ".Is" + name + "Inherited", *msg});
                flag = nullptr;
              }
            }
            const json::Value* v = entry.find(name);
            if (!v) continue;
            std::optional<std::string> value;
            if (!read_text(*v, r.texts[s].max_length, at + "." + name, value, errors)) continue;
            write_text(next, code->as_string(), def, static_cast<int>(s), std::move(value), flag, n);
            written_by_cultures.emplace(code->as_string(), s);
          }
        }
      }
    }
  }

  // 2. Default<Text> and 3. <Text>. A value equal to what the client last read (with the same inherited
  // flag) is not a change, so a Cultures[] edit is not undone by the unchanged top-level copy sent with it.
  auto unchanged = [&](const std::optional<std::string>& value, const std::optional<std::string>& shown,
                       const json::Value* flag, bool was_inherited) {
    if (!original || value != shown) return false;
    return !flag || flag->kind() != json::Kind::Bool || flag->as_bool() == was_inherited;
  };
  for (size_t s = 0; s < n; ++s) {
    if (!r.texts[s].stored) continue;
    const int slot = static_cast<int>(s);
    std::string name(r.texts[s].name);
    // Is<Text>Inherited is only a hint for the writes below, but it is still checked as the boolean it is.
    if (const Field* f = text_field(r, Role::TextInherited, r.texts[s].name)) {
      if (const json::Value* v = body.find(f->name)) {
        auto cell = to_cell(*v, spec_of(*f));
        if (auto* msg = std::get_if<std::string>(&cell)) errors.push_back({std::string(f->name), *msg});
      }
    }
    const Field* default_field = text_field(r, Role::DefaultText, r.texts[s].name);
    if (const json::Value* v = default_field ? body.find(default_field->name) : nullptr; v && app_culture == def) {
      // In the default culture Default<Text> and <Text> are the same text and <Text> wins; the member is
      // still checked, so a malformed body is reported the same in every application.
      std::optional<std::string> ignored;
      read_text(*v, r.texts[s].max_length, std::string(default_field->name), ignored, errors);
    }
    if (const Field* f = default_field; f && app_culture != def) {
      if (const json::Value* v = body.find(f->name)) {
        std::optional<std::string> value;
        if (read_text(*v, r.texts[s].max_length, std::string(f->name), value, errors)) {
          const auto* shown = original ? own_text(*original, def, slot) : nullptr;
          if (!(by_cultures(def, s) && unchanged(value, shown ? *shown : std::nullopt, nullptr, false)))
            set_own_text(next, def, slot, std::move(value), n);
        }
      }
    }
    if (const Field* f = text_field(r, Role::Text, r.texts[s].name)) {
      const json::Value* v = body.find(f->name);
      if (!v && by_cultures(app_culture, s)) continue;  // Cultures[] said it; absence is not a second opinion
      std::optional<std::string> value;
      if (v && !read_text(*v, r.texts[s].max_length, std::string(f->name), value, errors)) continue;
      const json::Value* flag = body.find("Is" + name + "Inherited");
      if (original && unchanged(value, effective_text(*original, app_culture, def, slot), flag,
                                is_inherited(*original, app_culture, def, slot)))
        continue;
      // A PUT replaces the model: a missing text member clears the application culture's own text.
      write_text(next, app_culture, def, slot, std::move(value), flag, n);
    }
  }
}

}  // namespace norced::management
