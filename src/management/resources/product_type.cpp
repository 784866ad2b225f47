// Product Type (catalog part B): Norce's product types are built in (the type decides what business logic a
// product gets: availability, freight, kits); a client enables the ones it uses and names them. So a product type
// is a link, as a client's price-list types are: its Id is the built-in type's id, the same in every client, given
// by the client on POST (enabling it), and its texts are the client's own (a new link starts with the built-in
// name in the default culture). GroupName is the built-in type's group.
#include <array>

#include "management/resources/fields.hpp"
#include "management/resources/metadata.hpp"
#include "management/resources/resources.hpp"
#include "management/rules.hpp"
#include "management/texts.hpp"

namespace norced::management::resources {

using namespace fields;
using registry::Entity;
using registry::FieldRef;
using registry::OpKind;
using registry::Resource;

namespace {

// The built-in product types whose ids Norce documents ("Product Types" in the user portal).
struct BuiltInType {
  int64_t id;
  std::string_view name, group;
};
constexpr std::array<BuiltInType, 8> kBuiltIn = {{
    {1, "Standard", "Physical"},
    {2, "Refurbished", "Physical"},
    {8, "Structure", "Virtual"},
    {14, "Extended Assortment", "Physical"},
    {17, "ERPPackage", "Physical"},
    {22, "Configuration", "Virtual"},
    {23, "StructureWithoutCalc", "Virtual"},
    {38, "ManagedERPPackage", "Physical"},
}};

const BuiltInType* built_in(std::optional<int64_t> id) {
  for (const auto& t : kBuiltIn)
    if (id && t.id == *id) return &t;
  return nullptr;
}

std::string built_in_ids() {
  std::string out;
  for (const auto& t : kBuiltIn) out += (out.empty() ? "" : ", ") + std::to_string(t.id);
  return out;
}

Resource describe() {
  Resource r;
  r.name = "ProductType";
  r.model = "ProductTypeModel";
  r.culture_model = "ProductTypeCultureModel";
  r.path = "product/type";
  r.table = "product_type";
  r.tag = "Product Type";
  r.texts = metadata::name_and_description_slots();
  // The catalog's order: each text's Is...Inherited before its Default... member.
  r.fields = {
      key_id("product_type_id", "Built-in product type id (the same in every client): 1 Standard, 14 Extended Assortment..."),
      text("Name", "Name", "Name in the application's culture."),
      inherited("IsNameInherited", "Name", "True when the name falls back to the default culture."),
      default_text("DefaultName", "Name", "Name in the default culture."),
      text("Description", "Description", "Description in the application's culture."),
      inherited("IsDescriptionInherited", "Description", "True when the description falls back."),
      default_text("DefaultDescription", "Description", "Description in the default culture."),
      derived("GroupName", Type::String, true, "The built-in type's group: Physical, Virtual..."),
      col("SortOrder", Type::Int, true, "Sort order."),
      changed(),
      changed_by(),
      cultures("ProductTypeCultureModel"),
  };
  r.unique = {"Id"};
  r.soft_delete = false;  // no IsActive in the model
  r.operations = registry::conventional(r.path, {OpKind::Get, OpKind::Update, OpKind::List, OpKind::Insert});
  // Rule: the Id names a built-in type (400 naming Id); a newly enabled type without a name in the default
  // culture gets the built-in one, so every listed type has a name.
  rules_for(r).validate = [](RuleContext& ctx, const json::Value&, Entity& next, const Entity* current,
                             std::vector<FieldError>& errors) {
    static const FieldRef<int64_t> id(product_type(), "Id");
    const BuiltInType* t = built_in(id.get(next));
    if (!t) {
      errors.push_back({"Id", "There is no built-in product type with id " + std::to_string(id.get(next).value_or(0)) +
                                  "; use one of " + built_in_ids() + "."});
      return;
    }
    const int slot = product_type().text_index("Name");
    if (!current && !own_text(next, ctx.default_culture(), slot))
      set_own_text(next, ctx.default_culture(), slot, std::string(t->name), product_type().texts.size());
  };
  rules_for(r).derive = [](RuleContext&, std::vector<Entity>& items) {
    static const FieldRef<int64_t> id(product_type(), "Id");
    static const FieldRef<std::string> group(product_type(), "GroupName");
    for (auto& e : items)
      if (const BuiltInType* t = built_in(id.get(e))) group.set(e, std::string(t->group));
  };
  r.example = R"({"Id":14,"Name":"Extended assortment","Description":"Products only Norce knows.","SortOrder":2,)"
              R"("Cultures":[{"CultureCode":"sv-SE","Name":"Utökat sortiment"}]})";
  return r;
}

}  // namespace

const Resource& product_type() {
  static const Resource r = describe();
  return r;
}

}  // namespace norced::management::resources
