#include "management/render.hpp"

#include "management/rules.hpp"
#include "management/texts.hpp"

namespace norced::management {

using registry::Cell;
using registry::Entity;
using registry::Field;
using registry::Resource;
using registry::Role;

void render_cell(json::Writer& w, const Cell& c) {
  std::visit(
      [&](const auto& x) {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, std::monostate>) w.null();
        else if constexpr (std::is_same_v<T, int64_t>) w.integer(x);
        else if constexpr (std::is_same_v<T, bool>) w.boolean(x);
        else if constexpr (std::is_same_v<T, std::string>) w.string(x);
        else if constexpr (std::is_same_v<T, Decimal>) w.decimal(x);
        else w.string(timeutil::format_iso8601(x.micros));
      },
      c);
}

namespace {

void render_optional(json::Writer& w, const std::optional<std::string>& s) {
  if (s) w.string(*s);
  else w.null();
}

void render_cultures(RuleContext& ctx, const Resource& r, const Entity& e, json::Writer& w) {
  const std::string& def = ctx.default_culture();
  w.begin_array();
  for (const auto& culture : ctx.ref.cultures) {
    w.begin_object();
    w.member("CultureCode", culture.code);
    bool translated = false;
    for (size_t s = 0; s < r.texts.size(); ++s) {
      const auto* own = own_text(e, culture.code, static_cast<int>(s));
      translated |= own != nullptr && r.texts[s].stored && culture.code != def;
      w.key(r.texts[s].name);
      render_optional(w, own ? std::optional<std::string>(**own) : std::nullopt);
      w.member_bool("Is" + std::string(r.texts[s].name) + "Inherited", culture.code != def && own == nullptr);
    }
    w.member_bool("IsTranslated", translated);  // the default culture is the original, never a translation
    w.end_object();
  }
  w.end_array();
}

}  // namespace

void render_entity(RuleContext& ctx, const Resource& r, const Entity& e, json::Writer& w) {
  const std::string& app = ctx.culture();
  const std::string& def = ctx.default_culture();
  w.begin_object();
  for (size_t i = 0; i < r.fields.size(); ++i) {
    const Field& f = r.fields[i];
    if (f.role == Role::Scope) continue;
    w.key(f.name);
    switch (f.role) {
      case Role::Scope:
        break;
      case Role::Id:
        w.integer(e.id);
        break;
      case Role::Derived:
        if (f.type == registry::Type::Array) {  // computed lists (a sales area's VAT codes) are the rules' to write
          if (rules_of(r).render_custom) rules_of(r).render_custom(ctx, f, e, w);
          else w.null();
          break;
        }
        [[fallthrough]];
      case Role::Stored:
      case Role::Audit:
        render_cell(w, i < e.cells.size() ? e.cells[i] : Cell{});
        break;
      case Role::Text:
        render_optional(w, effective_text(e, app, def, r.text_index(f.text)));
        break;
      case Role::DefaultText: {
        const auto* own = own_text(e, def, r.text_index(f.text));
        render_optional(w, own ? std::optional<std::string>(**own) : std::nullopt);
        break;
      }
      case Role::TextInherited:
        w.boolean(is_inherited(e, app, def, r.text_index(f.text)));
        break;
      case Role::Cultures:
        render_cultures(ctx, r, e, w);
        break;
      case Role::Custom:
        if (rules_of(r).render_custom) rules_of(r).render_custom(ctx, f, e, w);
        else w.null();
        break;
    }
  }
  w.end_object();
}

}  // namespace norced::management
