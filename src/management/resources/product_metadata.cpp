// Product metadata with few rules of their own (catalog parts A and B): relation types (how products relate:
// accessories, spare parts), families (loose product series), file types (the kinds of files and images a product
// can carry, each of one built-in file kind) and product types (built-in types a client enables).
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

// The conventional operations of a model with Id, Code, Name and IsActive (docs/decisions.md lists which the
// catalog names and which are inferred).
std::vector<registry::Operation> coded_operations(std::string_view path) {
  return registry::conventional(path, {OpKind::Get, OpKind::Update, OpKind::List, OpKind::Insert, OpKind::ListDeleted,
                                       OpKind::Compact});
}

// --- Product RelationType (RelationTypeModel) --------------------------------------------------------------

Resource describe_relation_type() {
  Resource r = metadata::resource("RelationType", "RelationTypeModel", "RelationTypeCultureModel",
                                   "product/relationtype", "relation_type", "Product RelationType");
  r.fields = members({
      {id("Relation type id."), col("Code", Type::String, true, "Unique code of the relation type.", 50)},
      metadata::name_and_description_inherited_first(),
      {flag("IsBidirectional", false, "The relation goes both ways."),
       is_active("False when soft-deleted: hidden from lists, listed under deleted, restorable."),
       col("SortOrder", Type::Int, true, "Sort order."), changed(), changed_by(), cultures("RelationTypeCultureModel")},
  });
  r.unique = {"Code"};
  r.soft_delete = true;
  r.operations = coded_operations(r.path);
  r.example = R"({"Code":"ACCESSORIES","Name":"Accessories","Description":"Goes well with the product.",)"
              R"("IsBidirectional":false,"IsActive":true,"SortOrder":1,"Cultures":[{"CultureCode":"sv-SE","Name":"Tillbehör"}]})";
  return r;
}

// --- Product Family (FamilyModel) --------------------------------------------------------------------------

Resource describe_family() {
  Resource r = metadata::resource("Family", "FamilyModel", "FamilyCultureModel", "product/family", "product_family",
                                  "Product Family");
  r.texts[r.text_index("Description")].max_length = 0;  // the catalog gives the description no limit
  r.fields = members({
      {id("Family id."), col("Code", Type::String, true, "Family code; unique within the client.", 50)},
      name_and_description(),
      {is_active("False when soft-deleted: hidden from lists, listed under deleted, restorable."),
       col("ImageKey", Type::Guid, true, "Key of an image of the family."),
       changed(), changed_by(), cultures("FamilyCultureModel")},
  });
  r.unique = {"Code"};
  r.soft_delete = true;
  r.operations = coded_operations(r.path);
  r.example = R"({"Code":"TRAIL","Name":"Trail series","Description":"Outdoor gear for the trail.","IsActive":true,)"
              R"("Cultures":[{"CultureCode":"sv-SE","Name":"Trail-serien"}]})";
  return r;
}

// --- Product File (FileModel): file types ------------------------------------------------------------------

// The built-in file kinds a file type is one of (FileModel.TypeId).
struct FileKind {
  int64_t id;
  std::string_view extension, mime_type;
  bool image;
};
constexpr std::array<FileKind, 8> kFileKinds = {{
    {1, "jpg", "image/jpeg", true},
    {2, "gif", "image/gif", true},
    {3, "png", "image/png", true},
    {4, "pdf", "application/pdf", false},
    {5, "mp4", "video/mp4", false},
    {6, "webp", "image/webp", true},
    {7, "svg", "image/svg+xml", true},
    {8, "zip", "application/zip", false},
}};

const FileKind* file_kind(std::optional<int64_t> id) {
  for (const auto& k : kFileKinds)
    if (id && k.id == *id) return &k;
  return nullptr;
}

Resource describe_file() {
  Resource r = metadata::resource("File", "FileModel", "FileCultureModel",
                                   "product/file", "product_file_type", "Product File");
  std::vector<int64_t> kinds;
  for (const auto& k : kFileKinds) kinds.push_back(k.id);
  r.fields = members({
      {id("File type id.")},
      name_and_description(),
      {col("Code", Type::String, true, "Code of the file type; unique within the client.", 50),
       required(one_of("TypeId", false, kinds, "Built-in file kind: 1 jpg, 2 gif, 3 png, 4 pdf, 5 mp4, 6 webp, 7 svg, 8 zip.")),
       derived("TypeExtension", Type::String, true, "Extension of the file kind, e.g. jpg."),
       derived("TypeMimeType", Type::String, true, "MIME type of the file kind, e.g. image/jpeg."),
       col("SortOrder", Type::Int, true, "Order in admin choices and lists."),
       required(is_active("False when soft-deleted: hidden from lists, listed under deleted, restorable.")),
       derived("IsImage", Type::Bool, false, "True when the file kind is an image."),
       changed(), changed_by(), cultures("FileCultureModel")},
  });
  r.unique = {"Code"};
  r.soft_delete = true;
  r.operations = coded_operations(r.path);
  // Derived: the file kind's extension, MIME type and whether it is an image.
  rules_for(r).derive = [](RuleContext&, std::vector<Entity>& items) {
    static const FieldRef<int64_t> type(file(), "TypeId");
    static const FieldRef<std::string> extension(file(), "TypeExtension"), mime(file(), "TypeMimeType");
    static const FieldRef<bool> image(file(), "IsImage");
    for (auto& e : items) {
      const FileKind* k = file_kind(type.get(e));
      extension.set(e, k ? std::optional<std::string>(k->extension) : std::nullopt);
      mime.set(e, k ? std::optional<std::string>(k->mime_type) : std::nullopt);
      image.set(e, k && k->image);
    }
  };
  r.example = R"({"Name":"Product image","Description":"Main image of a product.","Code":"MAIN-IMAGE","TypeId":1,)"
              R"("SortOrder":1,"IsActive":true,"Cultures":[{"CultureCode":"sv-SE","Name":"Produktbild"}]})";
  return r;
}

// --- Product Type (ProductTypeModel) ----------------------------------------------------------------------
// Norce's product types are built in (the type decides what business logic a product gets: availability, freight,
// kits); a client enables the ones it uses and names them. So a product type is a link, as a client's price-list
// types are: its Id is the built-in type's id, the same in every client, given by the client on POST (enabling
// it), and its texts are the client's own (a new link starts with the built-in name in the default culture).
// GroupName is the built-in type's group.

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

Resource describe_product_type() {
  Resource r = metadata::resource("ProductType", "ProductTypeModel", "ProductTypeCultureModel",
                                   "product/type", "product_type", "Product Type");
  r.fields = members({
      {key_id("product_type_id", "Built-in product type id (the same in every client): 1 Standard, 14 Extended Assortment...")},
      metadata::name_and_description_inherited_first(),
      {derived("GroupName", Type::String, true, "The built-in type's group: Physical, Virtual..."),
       col("SortOrder", Type::Int, true, "Sort order."), changed(), changed_by(), cultures("ProductTypeCultureModel")},
  });
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

const Resource& relation_type() { return described<describe_relation_type>(); }
const Resource& family() { return described<describe_family>(); }
const Resource& file() { return described<describe_file>(); }
const Resource& product_type() { return described<describe_product_type>(); }

}  // namespace norced::management::resources
