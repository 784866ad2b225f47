// Category (seed 002): a tree of product categories with culture texts, a derived full name that follows
// renames of any ancestor (bounded to its 500 characters), a bounded tree depth, product defaults, and VAT
// codes per sales area inherited from the client. Rules reach members through FieldRef handles resolved when
// the description is built.
#include <algorithm>
#include <memory>
#include <unordered_map>
#include <unordered_set>

#include "json/value.hpp"
#include "json/writer.hpp"
#include "management/convert.hpp"
#include "management/hierarchy.hpp"
#include "management/render.hpp"
#include "management/resources/fields.hpp"
#include "management/resources/resources.hpp"
#include "management/rule_context.hpp"
#include "management/rules.hpp"
#include "management/texts.hpp"
#include "registry/field_ref.hpp"

namespace norced::management::resources {

using namespace fields;
using registry::Cell;
using registry::Entity;
using registry::FieldRef;
using registry::Resource;

namespace {

constexpr std::string_view kFullNameSeparator = " - ";
// Shown in place of the root end of a FullName that would be longer than its maximum ("… - Branch - Leaf").
constexpr std::string_view kFullNameEllipsis = "\u2026";

Resource describe();

const Resource& self() {
  static const Resource r = describe();
  return r;
}

// The members the rules read and write, resolved once when the description is built.
struct Members {
  explicit Members(const Resource& r)
      : parent(r, "ParentId"), code(r, "Code"), parent_code(r, "ParentCode"), parent_name(r, "ParentName"),
        inherited_vat_code_id(r, "InheritedVatCodeId"), is_vat_code_inherited(r, "IsVatCodeIdInherited"),
        inherited_vat_code_name(r, "InheritedVatCodeName"), vat_inherited_from(r, "VatCodeIdInheritedFrom"),
        vat_code_name(r, "VatCodeName"), vat_code_value(r, "VatCodeValue"),
        inherited_vat_code_value(r, "InheritedVatCodeValue") {}
  FieldRef<int64_t> parent;
  FieldRef<std::string> code, parent_code, parent_name;
  FieldRef<int64_t> inherited_vat_code_id;
  FieldRef<bool> is_vat_code_inherited;
  FieldRef<std::string> inherited_vat_code_name, vat_inherited_from, vat_code_name;
  FieldRef<Decimal> vat_code_value, inherited_vat_code_value;
};

// The VAT code a category sets itself for a sales area (collection 0 rows: sales_area_id, vat_code_id).
std::optional<int64_t> own_vat_code(const Entity& e, int64_t sales_area) {
  if (e.collections.empty()) return std::nullopt;
  for (const auto& row : e.collections[0])
    if (row[0] == sales_area && row[1] != INT64_MIN) return row[1];
  return std::nullopt;
}

void set_own_vat_code(Entity& e, int64_t sales_area, std::optional<int64_t> vat) {
  if (e.collections.empty()) e.collections.resize(1);
  auto& rows = e.collections[0];
  std::erase_if(rows, [&](const auto& row) { return row[0] == sales_area; });
  if (vat) rows.push_back({sales_area, *vat});
}

// The VAT codes that apply to a category in one sales area: its own, the area's primary one it inherits,
// and the one in effect.
struct VatView {
  std::optional<int64_t> own;
  const store::VatCode* inherited = nullptr;
  const store::VatCode* effective = nullptr;
};

VatView vat_in(const Entity& e, const store::SalesArea& area) {
  VatView v;
  v.own = own_vat_code(e, area.id);
  v.inherited = area.vat_code(area.primary_vat_code_id);
  v.effective = v.own ? area.vat_code(*v.own) : v.inherited;
  return v;
}

// Rule: a category's parent must not be the category itself or one of its descendants, and the tree stays
// within the configured depth, which also keeps FullName and the work of deriving it bounded.
void check_parent(RuleContext& ctx, const Members& m, const Entity& next, const Entity* current,
                  std::vector<FieldError>& errors) {
  auto parent = m.parent.get(next);
  if (!parent) return;
  if (next.id != 0 && is_ancestor_or_self(ctx, self(), self().tree_parent, *parent, next.id)) {
    errors.push_back({"ParentId", "Category " + std::to_string(*parent) +
                                      " is this category or one of its descendants; that would make a cycle."});
    return;
  }
  if (current && m.parent.get(*current) == parent) return;  // the chain does not change
  if (auto msg = check_depth(ctx, self(), self().tree_parent, *parent, next.id)) errors.push_back({"ParentId", *msg});
}

// Rule: VAT codes are written per sales area (VatCodes[]) and, for the application's sales area, through
// VatCodeId. A code must belong to that sales area. When both name the application's area, the member the
// client changed wins.
// The body's shape was checked before any rule runs (management/input.cpp): VatCodes is an array of objects
// with an integer SalesAreaId, and the VAT code ids are integers or null.
void apply_vat_codes(RuleContext& ctx, const json::Value& body, Entity& next, const Entity* current,
                     std::vector<FieldError>& errors) {
  auto check_vat = [&](int64_t area_id, std::optional<int64_t> vat, const std::string& path) {
    const auto* area = ctx.ref.sales_area(area_id);
    if (vat && area && !area->vat_code(*vat)) {
      errors.push_back({path, "VAT code " + std::to_string(*vat) + " is not a VAT code of sales area " +
                                  std::to_string(area_id) + "."});
      return false;
    }
    return true;
  };

  if (const json::Value* list = body.find("VatCodes"); list && list->kind() == json::Kind::Array) {
    for (size_t i = 0; i < list->items().size(); ++i) {
      const auto& item = list->items()[i];
      std::string at = "VatCodes[" + std::to_string(i) + "]";
      const json::Value* area = item.find("SalesAreaId");
      std::optional<int64_t> area_id = area ? decoded_int(*area) : std::nullopt;
      if (!area_id) continue;  // reported by the shape check
      if (!ctx.ref.sales_area(*area_id)) {
        errors.push_back({at + ".SalesAreaId", "Sales area " + std::to_string(*area_id) +
                                                   " is not a sales area of this client."});
        continue;
      }
      const json::Value* v = item.find("VatCodeId");
      std::optional<int64_t> vat = v ? decoded_int(*v) : std::nullopt;
      if (!check_vat(*area_id, vat, at + ".VatCodeId")) continue;
      set_own_vat_code(next, *area_id, vat);
    }
  }

  if (const json::Value* v = body.find("VatCodeId")) {
    std::optional<int64_t> vat = decoded_int(*v);
    const int64_t area = ctx.app.sales_area_id;
    std::optional<int64_t> before = current ? own_vat_code(*current, area) : std::nullopt;
    if (vat == before && current) return;  // unchanged here: VatCodes[] (if any) decides
    if (!ctx.ref.sales_area(area)) {
      errors.push_back({"VatCodeId", "The application's sales area is not a sales area of this client."});
      return;
    }
    if (check_vat(area, vat, "VatCodeId")) set_own_vat_code(next, area, vat);
  }
}

void validate(RuleContext& ctx, const Members& m, const json::Value& body, Entity& next, const Entity* current,
              std::vector<FieldError>& errors) {
  check_parent(ctx, m, next, current, errors);
  apply_vat_codes(ctx, body, next, current, errors);
}

// The names from the root down, joined with " - ", in at most `max_chars` characters. When the whole chain
// does not fit, or `cut` says the walk stopped below the root, the leaf end is kept and the rest is shown as
// a leading "… - ": the leaf end tells categories apart, and the result never exceeds the declared maximum.
std::string join_full_name(const std::vector<std::string>& root_first, bool cut, size_t max_chars) {
  const size_t sep = utf8_length(kFullNameSeparator);
  size_t total = 0;
  for (const auto& n : root_first) total += utf8_length(n) + (total ? sep : 0);
  std::string out;
  if (!cut && total <= max_chars) {
    for (const auto& n : root_first) {
      if (!out.empty()) out += kFullNameSeparator;
      out += n;
    }
    return out;
  }
  size_t len = utf8_length(kFullNameEllipsis);
  size_t first = root_first.size();
  while (first > 0 && len + sep + utf8_length(root_first[first - 1]) <= max_chars)
    len += sep + utf8_length(root_first[--first]);
  out = kFullNameEllipsis;
  for (size_t i = first; i < root_first.size(); ++i) {
    out += kFullNameSeparator;
    out += root_first[i];
  }
  return out;
}

// Derived members: ParentCode, ParentName, the full names, and the effective VAT code of the application's
// sales area.
void derive(RuleContext& ctx, const Members& m, std::vector<Entity>& items) {
  const Resource& r = self();
  const int name_slot = r.text_index("Name");
  const int full_slot = r.text_index("FullName");
  const size_t max_full = static_cast<size_t>(r.texts[full_slot].max_length);
  // Every name adds at least one character and a separator, so a chain of more nodes than this cannot fit
  // in FullName: the walk up stops there, which keeps deriving a list linear even for trees stored deeper
  // than --max-hierarchy-depth allows today.
  const size_t max_walk = max_full / (utf8_length(kFullNameSeparator) + 1) + 1;
  const std::string& def = ctx.default_culture();

  std::unordered_map<int64_t, const Entity*> known;
  std::unordered_map<int64_t, Entity> fetched;  // ancestors outside `items`
  for (const auto& e : items) known.emplace(e.id, &e);
  auto lookup = [&](int64_t id) -> const Entity* {
    if (auto it = known.find(id); it != known.end()) return it->second;
    // Not loaded yet: fetch it and what is above it, as far as a walk can go, in one call.
    for (auto& a : ctx.tx.ancestors(r, r.tree_parent, id, static_cast<int>(max_walk))) {
      if (known.count(a.id)) continue;
      auto [it, _] = fetched.emplace(a.id, std::move(a));
      known.emplace(it->first, &it->second);
    }
    auto it = known.find(id);
    return it == known.end() ? nullptr : it->second;
  };

  const auto* area = ctx.ref.sales_area(ctx.app.sales_area_id);

  for (auto& e : items) {
    // The path from the root (or as far up as a FullName can show) to this category.
    std::vector<const Entity*> path{&e};
    std::unordered_set<int64_t> seen{e.id};
    bool cut = false;
    for (auto p = m.parent.get(e); p;) {
      if (path.size() >= max_walk) {
        cut = true;
        break;
      }
      const Entity* parent = lookup(*p);
      if (!parent || !seen.insert(parent->id).second) break;
      path.push_back(parent);
      p = m.parent.get(*parent);
    }
    std::reverse(path.begin(), path.end());

    for (const auto& culture : ctx.ref.cultures) {
      std::vector<std::string> names;
      bool own = culture.code == def;
      for (const Entity* node : path) {
        auto name = effective_text(*node, culture.code, def, name_slot);
        own |= own_text(*node, culture.code, name_slot) != nullptr;
        if (name && !name->empty()) names.push_back(std::move(*name));
      }
      std::optional<std::string> full;
      if (own && !names.empty()) full = join_full_name(names, cut, max_full);
      set_own_text(e, culture.code, full_slot, std::move(full), r.texts.size());
    }

    if (path.size() > 1) {
      const Entity* parent = path[path.size() - 2];
      m.parent_code.set(e, m.code.get(*parent));
      m.parent_name.set(e, effective_text(*parent, ctx.culture(), def, name_slot));
    }

    const VatView vat = area ? vat_in(e, *area) : VatView{};
    m.inherited_vat_code_id.set(e, vat.inherited ? std::optional(vat.inherited->id) : std::nullopt);
    m.is_vat_code_inherited.set(e, !vat.own.has_value());
    m.inherited_vat_code_name.set(e, vat.inherited ? std::optional(vat.inherited->name) : std::nullopt);
    m.vat_inherited_from.set(e, vat.own ? std::nullopt : std::optional<std::string>("Client"));
    m.vat_code_name.set(e, vat.effective ? std::optional(vat.effective->name) : std::nullopt);
    m.vat_code_value.set(e, vat.effective ? std::optional(vat.effective->value) : std::nullopt);
    m.inherited_vat_code_value.set(e, vat.inherited ? std::optional(vat.inherited->value) : std::nullopt);
  }
}

void render_custom(RuleContext& ctx, const registry::Field& f, const Entity& e, json::Writer& w) {
  if (f.name == "VatCodeId") {
    auto own = own_vat_code(e, ctx.app.sales_area_id);
    if (own) w.integer(*own);
    else w.null();
    return;
  }
  // VatCodes: one entry per sales area of the client.
  w.begin_array();
  for (const auto& area : ctx.ref.sales_areas) {
    const auto [own, inherited, effective] = vat_in(e, area);
    w.begin_object();
    w.member("SalesAreaId", area.id);
    w.member("SalesAreaName", area.name);
    w.key("VatCodeId");
    own ? w.integer(*own) : w.null();
    w.member("InheritedVatCodeId", inherited ? inherited->id : 0);
    w.member_bool("IsVatCodeIdInherited", !own);
    w.key("VatCodeIdInheritedFrom");
    own ? w.null() : w.string("Client");
    w.key("VatCodeName");
    effective ? w.string(effective->name) : w.null();
    w.key("VatCodeValue");
    w.decimal(effective ? effective->value : Decimal::from_int(0));
    w.key("InheritedVatCodeName");
    inherited ? w.string(inherited->name) : w.null();
    w.key("InheritedVatCodeValue");
    w.decimal(inherited ? inherited->value : Decimal::from_int(0));
    w.end_object();
  }
  w.end_array();
}

Resource describe() {
  Resource r;
  r.name = "Category";
  r.model = "CategoryModel";
  r.culture_model = "CategoryCultureModel";
  r.path = "category";
  r.table = "category";
  r.tag = "Category";
  r.texts = {{"Name", 50, true}, {"Description", 0, true}, {"Synonyms", 500, true}, {"FullName", 500, false}};
  r.fields = {
      id("Category id."),
      text("Name", "Name", "Name in the application's culture (falls back to the default culture)."),
      default_text("DefaultName", "Name", "Name in the client's default culture."),
      inherited("IsNameInherited", "Name", "True when the application's culture has no own name."),
      text("Description", "Description", "Description in the application's culture."),
      default_text("DefaultDescription", "Description", "Description in the default culture."),
      inherited("IsDescriptionInherited", "Description", "True when the description falls back to the default culture."),
      text("FullName", "FullName", "Names from the root down, 'Root - Branch - Leaf'."),
      default_text("DefaultFullName", "FullName", "Full name in the default culture."),
      inherited("IsFullNameInherited", "FullName", "True when the full name falls back to the default culture."),
      ref("ParentId", "Category", "Parent category; null for a root category."),
      derived("ParentCode", Type::String, true, "Code of the parent category."),
      derived("ParentName", Type::String, true, "Name of the parent category."),
      col("SortOrder", Type::Int, true, "Position among the categories with the same parent."),
      flag("IsDisplayOnly", false, "Display-only category."),
      col("ImageKey", Type::Guid, true, "Image key in the Norce image store; rarely used."),
      col("ImageUrl", Type::String, true, "URL of the category image.", 255),
      col("Code", Type::String, true, "Category code; unique within the client's category tree.", 50),
      text("Synonyms", "Synonyms", "Comma-separated search words in the application's culture."),
      default_text("DefaultSynonyms", "Synonyms", "Synonyms in the default culture."),
      inherited("IsSynonymsInherited", "Synonyms", "True when the synonyms fall back to the default culture."),
      col("UnspcCode", Type::String, true, "UNSPSC classification code."),
      col("BusinessArea", Type::String, true, "Business-area classification code."),
      col("CommodityCode", Type::String, true, "Commodity code."),
      col("IntegrationPartNo", Type::String, true, "External id for all products of the category."),
      col("FreightClassId", Type::Int, true, "Freight class."),
      col("GrossWeight", Type::Decimal, true, "Default gross weight."),
      custom("VatCodeId", Type::Int, true, "Own VAT code for the application's sales area; null inherits."),
      derived("InheritedVatCodeId", Type::Int, true, "VAT code that applies when none is set."),
      derived("IsVatCodeIdInherited", Type::Bool, false, "True when the VAT code is inherited."),
      derived("InheritedVatCodeName", Type::String, true, "Name of the inherited VAT code."),
      derived("VatCodeIdInheritedFrom", Type::String, true, "Where the inherited VAT code comes from ('Client')."),
      derived("VatCodeName", Type::String, true, "Name of the effective VAT code."),
      derived("VatCodeValue", Type::Decimal, true, "Rate of the effective VAT code, in percent."),
      derived("InheritedVatCodeValue", Type::Decimal, true, "Rate of the inherited VAT code, in percent."),
      custom("VatCodes", Type::Array, true, "VAT code per sales area of the client.", "SalesAreaVatCodeModel"),
      one_of("UnitOfMeasurementId", true, {1, 2, 3, 4, 5, 6, 7, 8, 9},
             "Default unit: 1 pcs, 2 h, 3 kg, 4 l, 5 pairs, 6 sqm, 7 m, 8 boxes, 9 rolls."),
      col("RecommendedSalesQty", Type::Decimal, true, "Default recommended sales quantity."),
      col("IsReturnable", Type::Bool, true, "Default returnable flag for products."),
      col("IsDropShipOnly", Type::Bool, true, "Drop-ship-only flag."),
      col("PopulationRuleId", Type::Int, true, "Population rule."),
      col("TrackingCodeTypeId", Type::Int, true, "Tracking code type."),
      col("CompetitivePricingMinPercentage", Type::Decimal, true, "Default minimum margin for competitor pricing."),
      col("CompetitivePricingTargetPercentage", Type::Decimal, true, "Default target margin for competitor pricing."),
      flag("HideInTopList", false, "Hide in top lists."),
      col("StockDisplayBreakPoint", Type::Int, true, "Stock level below which delivery promises change."),
      col("IsRecommendedQtyFixed", Type::Bool, true, "Order quantities must be multiples of the recommended quantity."),
      col("IsRecurringOrderable", Type::Bool, true, "Products can be bought in subscriptions."),
      is_active("False when soft-deleted: hidden from lists, listed under deleted, restorable."),
      changed(),
      changed_by(),
      cultures("CategoryCultureModel"),
  };
  r.collections = {{"VatCodes", "category_vat_code", {"sales_area_id", "vat_code_id"}}};
  r.unique = {"Code"};
  r.soft_delete = true;
  r.tree_parent = "ParentId";
  using enum registry::OpKind;
  r.operations = registry::conventional(r.path, {Get, Update, List, Insert, Compact, ListDeleted});
  r.nested_models = {{"SalesAreaVatCodeModel",
                      {col("SalesAreaId", Type::Int, false, "Sales area."),
                       derived("SalesAreaName", Type::String, true, "Sales area name."),
                       col("VatCodeId", Type::Int, true, "Own VAT code for the sales area; null inherits."),
                       derived("InheritedVatCodeId", Type::Int, false, "The sales area's primary VAT code."),
                       derived("IsVatCodeIdInherited", Type::Bool, false, "True when inherited."),
                       derived("VatCodeIdInheritedFrom", Type::String, true, "Source of the inherited code."),
                       derived("VatCodeName", Type::String, true, "Effective VAT code name."),
                       derived("VatCodeValue", Type::Decimal, false, "Effective VAT rate."),
                       derived("InheritedVatCodeName", Type::String, true, "Inherited VAT code name."),
                       derived("InheritedVatCodeValue", Type::Decimal, false, "Inherited VAT rate.")}}};
  auto m = std::make_shared<const Members>(r);
  rules_for(r).validate = [m](RuleContext& ctx, const json::Value& body, Entity& next, const Entity* current,
                         std::vector<FieldError>& errors) { validate(ctx, *m, body, next, current, errors); };
  rules_for(r).derive = [m](RuleContext& ctx, std::vector<Entity>& items) { derive(ctx, *m, items); };
  rules_for(r).render_custom = render_custom;
  // A root category: ParentId names another category, and a new client has none.
  r.example = R"({"Code":"SHOES","Name":"Shoes","Description":"Shoes of every kind.","ParentId":null,)"
              R"("SortOrder":10,"IsDisplayOnly":false,"ImageUrl":"https://images.example.com/shoes.png",)"
              R"("Synonyms":"footwear, sneakers","UnitOfMeasurementId":1,"RecommendedSalesQty":1,)"
              R"("IsReturnable":true,"HideInTopList":false,"IsActive":true,)"
              R"("Cultures":[{"CultureCode":"sv-SE","Name":"Skor"}]})";
  return r;
}

}  // namespace

const Resource& category() { return self(); }

}  // namespace norced::management::resources
