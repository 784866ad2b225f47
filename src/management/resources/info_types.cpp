// Info types (catalog parts A, B and C): client-defined extra fields of products (on-hand and price records),
// customers, companies and stores, and orders and quotations. Each kind groups its info types by a group id the
// catalog enumerates (GroupId); the group is a path parameter of every operation, so it scopes lists, is stored on
// insert and must match on update. A group id the kind does not have is a 400 naming the path parameter (the
// router's check of a bound member's allowed values, management/api.cpp).
#include "management/resources/fields.hpp"
#include "management/resources/metadata.hpp"
#include "management/resources/resources.hpp"
#include "management/rules.hpp"

namespace norced::management::resources {

using namespace fields;
using registry::OpKind;
using registry::Operation;
using registry::Resource;

namespace {

// What differs between the three kinds of info types.
struct InfoTypeKind {
  std::string_view name, model, culture_model, table, tag;
  std::string_view base;             // "product/infotype/{groupId}": List and Insert
  std::string_view item;             // "product/infotype/{groupId}/item/{id}": Get and Update
  std::string_view get_verb;         // the catalog's name of the Get operation
  std::vector<int64_t> groups;       // GroupId's allowed values
  std::string_view group_desc;
  bool sort_order_nullable;
  std::vector<Field> extra;          // members between the texts and SortOrder (ShoppingInfoType's DataType)
  std::string_view example;
};

Resource describe(const InfoTypeKind& k) {
  Resource r = metadata::resource(k.name, k.model, k.culture_model, k.base, k.table, k.tag);
  r.fields = members({
      {id("Info type id."), one_of("GroupId", false, k.groups, k.group_desc),
       col("Code", Type::String, true, "Unique code; Connect imports identify the info type by it.", 50)},
      name_and_description(),
      k.extra,
      {col("SortOrder", Type::Int, k.sort_order_nullable, "Sort order."),
       is_active("False when soft-deleted: hidden from lists, listed under deleted, restorable."),
       changed(), changed_by(), cultures(k.culture_model)},
  });
  r.unique = {"Code"};
  r.soft_delete = true;
  const std::string deleted = std::string(k.base) + "/deleted";
  r.operations = {registry::operation(OpKind::Get, k.item, k.get_verb), registry::operation(OpKind::Update, k.item),
                  registry::operation(OpKind::List, k.base), registry::operation(OpKind::Insert, k.base),
                  registry::operation(OpKind::ListDeleted, deleted)};
  // An item parameter other than {id} ({itemId}) is the info type's own id.
  for (Operation& op : r.operations)
    for (auto& p : op.params)
      if (p.name == "itemId") p.member = "Id";
  r.example = k.example;
  return r;
}

}  // namespace

const Resource& product_info_type() {
  static const Resource r = describe(
      {"ProductInfoType", "ProductInfoTypeModel", "ProductInfoTypeCultureModel", "product_info_type",
       "Product InfoType", "product/infotype/{groupId}", "product/infotype/{groupId}/item/{id}", "GetItem", {2, 3},
       "Group of the info type: 2 on-hand info types, 3 price info types.", true, {},
       R"({"GroupId":2,"Code":"SHELF","Name":"Shelf","Description":"Shelf position in the store.","SortOrder":1,)"
       R"("IsActive":true,"Cultures":[{"CultureCode":"sv-SE","Name":"Hylla"}]})"});
  return r;
}

const Resource& customer_info_type() {
  static const Resource r = describe(
      {"CustomerInfoType", "CustomerInfoTypeModel", "CustomerInfoTypeCultureModel", "customer_info_type",
       "Customer InfoType", "customer/infotype/{groupId}", "customer/infotype/{groupId}/item/{id}", "GetItem",
       {1, 4, 6}, "Group (entity type) of the info type: 1 Customer, 4 Store, 6 Company.", false, {},
       R"({"GroupId":1,"Code":"LOYALTY-NO","Name":"Loyalty number","Description":"Member number in the loyalty club.",)"
       R"("SortOrder":1,"IsActive":true,"Cultures":[{"CultureCode":"sv-SE","Name":"Klubbnummer"}]})"});
  return r;
}

const Resource& shopping_info_type() {
  static const Resource r = describe(
      {"ShoppingInfoType", "ShoppingInfoTypeModel", "ShoppingInfoTypeCultureModel", "shopping_info_type",
       "Shopping InfoType", "order/infotype/shopping/{groupId}", "order/infotype/shopping/{groupId}/{itemId}", "Get",
       {1, 2}, "Which kind the info type extends: 1 quotation or order, 2 quotation item or order item.", true,
       {col("DataType", Type::String, true, "Data type; deprecated: every value is stored as text.")},
       R"({"GroupId":1,"Code":"GIFT-MESSAGE","Name":"Gift message","Description":"Text printed on the gift card.",)"
       R"("DataType":"string","SortOrder":1,"IsActive":true,"Cultures":[{"CultureCode":"sv-SE","Name":"Hälsning"}]})"});
  return r;
}

}  // namespace norced::management::resources
