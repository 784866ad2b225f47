// Product and customer flags and their flag groups (catalog parts A and B). A flag belongs to a flag group of its
// own kind (GroupId, required, checked within the client, and the group must be active); the group gives its flags
// context and says whether several of them may be set on one product or customer at once (IsMultipleChoice).
// Flags are not assigned to anything yet (no products or customers exist), so IsMultipleChoice is stored and shown
// only; docs/decisions.md says how the assignment will honour it.
#include <memory>

#include "management/resources/fields.hpp"
#include "management/resources/metadata.hpp"
#include "management/resources/resources.hpp"
#include "management/rules.hpp"

namespace norced::management::resources {

using namespace fields;
using registry::Entity;
using registry::FieldRef;
using registry::OpKind;
using registry::Resource;

namespace {

// A flag's GroupId: required, never null, naming a flag group of the client.
Field group_id(std::string_view group_resource) {
  Field f = ref("GroupId", group_resource, "The flag group the flag belongs to.");
  f.nullable = false;
  return required(f);
}

// Rule: a flag is put only in an active flag group; a soft-deleted group takes no new members (400 naming
// GroupId). A flag that stays in the group it had may be edited while the group is deleted.
void check_group_active(RuleContext& ctx, const Resource& group, const FieldRef<int64_t>& group_ref,
                        const FieldRef<bool>& group_active, const Entity& next, const Entity* current,
                        std::vector<FieldError>& errors) {
  auto id = group_ref.get(next);
  if (!id || (current && group_ref.get(*current) == id)) return;
  if (auto g = ctx.tx.get(group, *id); g && !group_active.get(*g).value_or(true))
    errors.push_back({"GroupId", std::string(group.name) + " " + std::to_string(*id) +
                                     " is deleted (IsActive false); restore it or choose another group."});
}

// The rules of a flag resource: its group is active, and GroupName shows the group's name.
void flag_rules(Resource& r, const Resource& (*group)()) {
  const FieldRef<int64_t> group_ref(r, "GroupId");
  const FieldRef<std::string> group_name(r, "GroupName");
  // Resolved here and captured by value: the lambdas are one type for both flag resources, so no statics.
  const FieldRef<bool> active(group(), "IsActive");
  rules_for(r).validate = [group, group_ref, active](RuleContext& ctx, const json::Value&, Entity& next,
                                                     const Entity* current, std::vector<FieldError>& errors) {
    check_group_active(ctx, group(), group_ref, active, next, current, errors);
  };
  rules_for(r).derive = [group, group_ref, group_name](RuleContext& ctx, std::vector<Entity>& items) {
    metadata::derive_referenced_name(ctx, items, group(), group_ref, group_name);
  };
}

// --- Product FlagGroup (FlagGroupModel) --------------------------------------------------------------------

Resource describe_product_flag_group() {
  Resource r = metadata::resource("ProductFlagGroup", "FlagGroupModel", "FlagGroupCultureModel",
                                   "product/flaggroup", "product_flag_group", "Product FlagGroup");
  r.fields = members({
      {id("Flag group id."), col("Code", Type::String, true, "Code of the flag group; unique within the client.", 50)},
      name_and_description(),
      {flag("IsMultipleChoice", false, "True: several flags of the group can be set together; false: setting one clears the others."),
       is_active("False when soft-deleted: hidden from lists, listed under deleted, restorable."),
       flag("IsFavorite", false, "Shown prominently on the admin product page (UI only)."),
       changed(), changed_by(), cultures("FlagGroupCultureModel")},
  });
  r.unique = {"Code"};
  r.soft_delete = true;
  r.operations = registry::conventional(r.path, {OpKind::Get, OpKind::Update, OpKind::List, OpKind::Insert,
                                                 OpKind::ListDeleted, OpKind::Compact});
  r.example = R"({"Code":"CAMPAIGN","Name":"Campaign","Description":"Campaign markers.","IsMultipleChoice":true,)"
              R"("IsActive":true,"IsFavorite":false,"Cultures":[{"CultureCode":"sv-SE","Name":"Kampanj"}]})";
  return r;
}

// --- Product Flag (ProductFlagModel) -----------------------------------------------------------------------

Resource describe_product_flag() {
  Resource r = metadata::resource("ProductFlag", "ProductFlagModel", "ProductFlagCultureModel",
                                   "product/flag", "product_flag", "Product Flag");
  r.fields = members({
      {id("Flag id."), required(one_of("TypeId", false, {1, 2}, "Flag kind: 1 product flag, 2 variant flag.")),
       group_id("ProductFlagGroup"), derived("GroupName", Type::String, true, "Name of the flag group."),
       required(col("Code", Type::String, false, "Code integrations know the flag by; unique within the client.", 50))},
      name_and_description(),
      {flag("IsManuallyEditable", false, "Admin users may set and unset the flag by hand."),
       col("SortOrder", Type::Int, true, "Sort order."),
       is_active("False when soft-deleted: hidden from lists, listed under deleted, restorable."),
       changed(), changed_by(), cultures("ProductFlagCultureModel")},
  });
  r.unique = {"Code"};
  r.soft_delete = true;
  r.operations = registry::conventional(r.path, {OpKind::Get, OpKind::Update, OpKind::List, OpKind::Insert,
                                                 OpKind::ListDeleted, OpKind::Compact});
  flag_rules(r, product_flag_group);
  // Rule: a product flag has a code (the catalog requires it; a missing member would be stored as "").
  rules_for(r).validate = [check = rules_for(r).validate](RuleContext& ctx, const json::Value& body, Entity& next,
                                                          const Entity* current, std::vector<FieldError>& errors) {
    static const FieldRef<std::string> code(product_flag(), "Code");
    if (code.get(next).value_or("").empty()) errors.push_back({"Code", "A product flag needs a Code."});
    check(ctx, body, next, current, errors);
  };
  r.example = R"({"TypeId":1,"GroupId":1,"Code":"NEWS","Name":"News","Description":"New in the range.",)"
              R"("IsManuallyEditable":true,"SortOrder":1,"IsActive":true,"Cultures":[{"CultureCode":"sv-SE","Name":"Nyhet"}]})";
  return r;
}

// --- Customer FlagGroup (CustomerFlagGroupModel) -----------------------------------------------------------

Resource describe_customer_flag_group() {
  Resource r = metadata::resource("CustomerFlagGroup", "CustomerFlagGroupModel", "CustomerFlagGroupCultureModel",
                                   "customer/group", "customer_flag_group", "Customer FlagGroup");
  r.fields = members({
      {id("Flag group id."), derived("ClientId", Type::Int, false, "The client the group belongs to.")},
      name_and_description(),
      {flag("IsMultipleChoice", false, "True: several flags of the group can be set together; false: setting one clears the others."),
       is_active("False when soft-deleted: hidden from lists, listed under deleted, restorable."),
       changed(), changed_by(), cultures("CustomerFlagGroupCultureModel")},
  });
  r.soft_delete = true;
  // No Code in the model, so no compact list.
  r.operations = registry::conventional(r.path, {OpKind::Get, OpKind::Update, OpKind::List, OpKind::Insert,
                                                 OpKind::ListDeleted});
  rules_for(r).derive = [](RuleContext& ctx, std::vector<Entity>& items) {
    static const FieldRef<int64_t> client(customer_flag_group(), "ClientId");
    for (auto& e : items) client.set(e, ctx.client_id());
  };
  r.example = R"({"Name":"Segment","Description":"Customer segments.","IsMultipleChoice":false,"IsActive":true,)"
              R"("Cultures":[{"CultureCode":"sv-SE","Name":"Segment"}]})";
  return r;
}

// --- Customer Flag (CustomerFlagModel) ---------------------------------------------------------------------

Resource describe_customer_flag() {
  Resource r = metadata::resource("CustomerFlag", "CustomerFlagModel", "CustomerFlagCultureModel",
                                   "customer/flag", "customer_flag", "Customer Flag");
  r.fields = members({
      {id("Flag id."), col("Code", Type::String, true, "Code integrations know the flag by; unique within the client.", 50),
       group_id("CustomerFlagGroup"), derived("GroupName", Type::String, true, "Name of the flag group.")},
      name_and_description(),
      {flag("AvailableOnCustomer", false, "The flag can be set on customers."),
       flag("AvailableOnCompany", false, "The flag can be set on companies."),
       is_active("False when soft-deleted: hidden from lists, listed under deleted, restorable."),
       changed(), changed_by(), flag("IsDefault", false, "Default flag marker."),
       col("SortOrder", Type::Int, true, "Sort order."), cultures("CustomerFlagCultureModel")},
  });
  r.unique = {"Code"};
  r.soft_delete = true;
  r.operations = registry::conventional(r.path, {OpKind::Get, OpKind::Update, OpKind::List, OpKind::Insert,
                                                 OpKind::ListDeleted, OpKind::Compact});
  flag_rules(r, customer_flag_group);
  r.example = R"({"Code":"VIP","GroupId":1,"Name":"VIP","Description":"Our best customers.","AvailableOnCustomer":true,)"
              R"("AvailableOnCompany":true,"IsActive":true,"IsDefault":false,"SortOrder":1,)"
              R"("Cultures":[{"CultureCode":"sv-SE","Name":"VIP"}]})";
  return r;
}

}  // namespace

const Resource& product_flag_group() { return described<describe_product_flag_group>(); }
const Resource& product_flag() { return described<describe_product_flag>(); }
const Resource& customer_flag_group() { return described<describe_customer_flag_group>(); }
const Resource& customer_flag() { return described<describe_customer_flag>(); }

}  // namespace norced::management::resources
