// Category (seed 002): a tree of product categories with culture texts, a derived full name that follows
// renames of any ancestor, product defaults, and VAT codes per sales area inherited from the client.
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
#include "management/texts.hpp"

namespace norced::management::resources {

using namespace fields;
using registry::Cell;
using registry::Entity;
using registry::Resource;

namespace {

constexpr std::string_view kFullNameSeparator = " - ";
constexpr size_t kMaxDepth = 10'000;  // bounds walks up the tree even if stored data were ever cyclic

Resource describe();

const Resource& self() {
  static const Resource r = describe();
  return r;
}

int idx(std::string_view name) { return self().field_index(name); }

std::optional<int64_t> parent_of(const Entity& e) {
  if (auto* p = std::get_if<int64_t>(&e.cells[idx("ParentId")])) return *p;
  return std::nullopt;
}

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

// Rule: a category's parent must not be the category itself or one of its descendants.
void check_no_cycle(RuleContext& ctx, const Entity& next, std::vector<FieldError>& errors) {
  auto parent = parent_of(next);
  if (!parent || next.id == 0) return;  // a new category has no descendants yet
  if (is_ancestor_or_self(ctx, self(), "ParentId", *parent, next.id))
    errors.push_back({"ParentId", "Category " + std::to_string(*parent) +
                                      " is this category or one of its descendants; that would make a cycle."});
}

// Rule: VAT codes are written per sales area (VatCodes[]) and, for the application's sales area, through
// VatCodeId. A code must belong to that sales area. When both name the application's area, the member the
// client changed wins.
void apply_vat_codes(RuleContext& ctx, const json::Value& body, Entity& next, const Entity* current,
                     std::vector<FieldError>& errors) {
  auto read_vat = [&](const json::Value& v, const std::string& path, std::optional<int64_t>& out) {
    auto cell = to_cell(v, CellSpec{registry::Type::Int, true, 0, nullptr});
    if (auto* msg = std::get_if<std::string>(&cell)) {
      errors.push_back({path, *msg});
      return false;
    }
    auto* n = std::get_if<int64_t>(&std::get<Cell>(cell));
    out = n ? std::optional<int64_t>(*n) : std::nullopt;
    return true;
  };
  auto check_vat = [&](int64_t area_id, std::optional<int64_t> vat, const std::string& path) {
    const auto* area = ctx.ref.sales_area(area_id);
    if (vat && area && !area->vat_code(*vat)) {
      errors.push_back({path, "VAT code " + std::to_string(*vat) + " is not a VAT code of sales area " +
                                  std::to_string(area_id) + "."});
      return false;
    }
    return true;
  };

  if (const json::Value* list = body.find("VatCodes"); list && !list->is_null()) {
    if (list->kind() != json::Kind::Array) {
      errors.push_back({"VatCodes", "Expected an array of SalesAreaVatCodeModel."});
    } else {
      for (size_t i = 0; i < list->items().size(); ++i) {
        const auto& item = list->items()[i];
        std::string at = "VatCodes[" + std::to_string(i) + "]";
        if (item.kind() != json::Kind::Object) {
          errors.push_back({at, "Expected an object."});
          continue;
        }
        const json::Value* area = item.find("SalesAreaId");
        std::optional<int64_t> area_id;
        if (!area || !read_vat(*area, at + ".SalesAreaId", area_id) || !area_id) {
          if (!area) errors.push_back({at + ".SalesAreaId", "A sales area id is required."});
          continue;
        }
        if (!ctx.ref.sales_area(*area_id)) {
          errors.push_back({at + ".SalesAreaId", "Sales area " + std::to_string(*area_id) +
                                                     " is not a sales area of this client."});
          continue;
        }
        std::optional<int64_t> vat;
        const json::Value* v = item.find("VatCodeId");
        if (v && !read_vat(*v, at + ".VatCodeId", vat)) continue;
        if (!check_vat(*area_id, vat, at + ".VatCodeId")) continue;
        set_own_vat_code(next, *area_id, vat);
      }
    }
  }

  if (const json::Value* v = body.find("VatCodeId")) {
    std::optional<int64_t> vat;
    const int64_t area = ctx.app.sales_area_id;
    if (!read_vat(*v, "VatCodeId", vat)) return;
    std::optional<int64_t> before = current ? own_vat_code(*current, area) : std::nullopt;
    if (vat == before && current) return;  // unchanged here: VatCodes[] (if any) decides
    if (!ctx.ref.sales_area(area)) {
      errors.push_back({"VatCodeId", "The application's sales area is not a sales area of this client."});
      return;
    }
    if (check_vat(area, vat, "VatCodeId")) set_own_vat_code(next, area, vat);
  }
}

void validate(RuleContext& ctx, const json::Value& body, Entity& next, const Entity* current,
              std::vector<FieldError>& errors) {
  check_no_cycle(ctx, next, errors);
  apply_vat_codes(ctx, body, next, current, errors);
}

// Derived members: ParentCode, ParentName, the full names, and the effective VAT code of the application's
// sales area.
void derive(RuleContext& ctx, std::vector<Entity>& items) {
  const Resource& r = self();
  const int name_slot = r.text_index("Name");
  const int full_slot = r.text_index("FullName");
  const std::string& def = ctx.default_culture();

  std::unordered_map<int64_t, const Entity*> known;
  std::unordered_map<int64_t, Entity> fetched;  // ancestors outside `items`
  for (const auto& e : items) known.emplace(e.id, &e);
  auto lookup = [&](int64_t id) -> const Entity* {
    if (auto it = known.find(id); it != known.end()) return it->second;
    // Not loaded yet: fetch it and everything above it in one query.
    for (auto& a : ctx.tx.ancestors(r, "ParentId", id, static_cast<int>(kMaxDepth))) {
      if (known.count(a.id)) continue;
      auto [it, _] = fetched.emplace(a.id, std::move(a));
      known.emplace(it->first, &it->second);
    }
    auto it = known.find(id);
    return it == known.end() ? nullptr : it->second;
  };

  const auto* area = ctx.ref.sales_area(ctx.app.sales_area_id);

  for (auto& e : items) {
    // The path from the root to this category.
    std::vector<const Entity*> path{&e};
    std::unordered_set<int64_t> seen{e.id};
    for (auto p = parent_of(e); p && path.size() < kMaxDepth; ) {
      const Entity* parent = lookup(*p);
      if (!parent || !seen.insert(parent->id).second) break;
      path.push_back(parent);
      p = parent_of(*parent);
    }
    std::reverse(path.begin(), path.end());

    for (const auto& culture : ctx.ref.cultures) {
      std::string full;
      bool own = culture.code == def;
      for (const Entity* node : path) {
        auto name = effective_text(*node, culture.code, def, name_slot);
        own |= own_text(*node, culture.code, name_slot) != nullptr;
        if (!name || name->empty()) continue;
        if (!full.empty()) full += kFullNameSeparator;
        full += *name;
      }
      set_own_text(e, culture.code, full_slot, own && !full.empty() ? std::optional(full) : std::nullopt,
                   r.texts.size());
    }

    if (path.size() > 1) {
      const Entity* parent = path[path.size() - 2];
      e.cells[idx("ParentCode")] = parent->cells[idx("Code")];
      auto pname = effective_text(*parent, ctx.culture(), def, name_slot);
      e.cells[idx("ParentName")] = pname ? Cell{*pname} : Cell{};
    }

    const VatView vat = area ? vat_in(e, *area) : VatView{};
    e.cells[idx("InheritedVatCodeId")] = vat.inherited ? Cell{vat.inherited->id} : Cell{};
    e.cells[idx("IsVatCodeIdInherited")] = !vat.own.has_value();
    e.cells[idx("InheritedVatCodeName")] = vat.inherited ? Cell{vat.inherited->name} : Cell{};
    e.cells[idx("VatCodeIdInheritedFrom")] = vat.own ? Cell{} : Cell{std::string("Client")};
    e.cells[idx("VatCodeName")] = vat.effective ? Cell{vat.effective->name} : Cell{};
    e.cells[idx("VatCodeValue")] = vat.effective ? Cell{vat.effective->value} : Cell{};
    e.cells[idx("InheritedVatCodeValue")] = vat.inherited ? Cell{vat.inherited->value} : Cell{};
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
  r.rules.validate = validate;
  r.rules.derive = derive;
  r.rules.render_custom = render_custom;
  return r;
}

}  // namespace

const Resource& category() { return self(); }

}  // namespace norced::management::resources
