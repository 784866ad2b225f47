// The images of an ImportProducts item (MainImage, AdditionalImages) as ProductImage rows of each Product row,
// stored as references: the Url is kept, nothing is downloaded. The product level is applied to every product of
// the cluster, the variant's own after it, so a variant's image wins for the same ExternalCode. An image is
// matched by ExternalCode within its product; its FileTypeName must be the Code of a file type (the Management
// API's File) and its Url is required: otherwise a warning and that image is skipped. Filename, when omitted, is
// the Url's last path segment. A MainImage is the product's one main image (IsMain); its other images lose the
// flag. AdditionalImagesCleanup removes the product's additional images the item does not name (its main image
// stays); ImagesAndFilesCleanup removes every image the item does not name.
#include <map>

#include "connect/imports/products.hpp"
#include "connect/imports/support.hpp"
#include "core/ascii.hpp"
#include "management/resources/resources.hpp"
#include "registry/field_ref.hpp"

namespace norced::connect::products {

using registry::Entity;
namespace res = management::resources;

namespace {

struct Members {
  registry::FieldRef<int64_t> product{res::product_image(), "ProductId"};
  registry::FieldRef<std::string> code{res::product_image(), "ExternalCode"};
  registry::FieldRef<int64_t> file_type{res::product_image(), "FileTypeId"};
  registry::FieldRef<std::string> url{res::product_image(), "Url"};
  registry::FieldRef<std::string> filename{res::product_image(), "Filename"};
  registry::FieldRef<bool> main{res::product_image(), "IsMain"};
  registry::FieldRef<int64_t> sort{res::product_image(), "SortOrder"};
};

const Members& members() {
  static const Members m;
  return m;
}

using Stored = std::map<std::string, Entity>;  // the product's images, by ExternalCode in lower case (the key
                                               // ignores letter case)
using Wanted = std::map<std::string, Entity>;  // the images the item names, keyed the same way

// The Url's last path segment (query and fragment left out); empty when there is none.
std::string filename_of(const std::string& url) {
  std::string path = url.substr(0, url.find_first_of("?#"));
  if (const auto scheme = path.find("://"); scheme != std::string::npos) {
    const auto slash = path.find('/', scheme + 3);
    path = slash == std::string::npos ? std::string() : path.substr(slash);
  }
  const auto last = path.find_last_of('/');
  return last == std::string::npos ? path : path.substr(last + 1);
}

// A string member that must be a string when given: false (and a warning) otherwise.
bool optional_string(ItemPlan& plan, const json::Value& obj, std::string_view name, const std::string& path,
                     std::optional<std::optional<std::string>>& out) {
  const json::Value* v = obj.find(name);
  if (!v) return true;
  if (v->is_null()) {
    out = std::optional<std::string>();
    return true;
  }
  if (v->kind() != json::Kind::String) {
    plan.warn(member_path(path, name) + ": must be a string or null; image skipped.");
    return false;
  }
  out = std::optional<std::string>(v->as_string());
  return true;
}

// The image's culture texts onto `next`: the ImageCultureFieldsThatAreSet members (all three when the header
// lists none), given members only (null clears). False when the image is to be skipped.
bool apply_cultures(ImportContext& ctx, ItemPlan& plan, const json::Value& image, const std::string& path,
                    Entity& next) {
  const json::Value* cultures = image.find("Cultures");
  if (!cultures || cultures->is_null()) return true;
  if (cultures->kind() != json::Kind::Array) {
    plan.warn(member_path(path, "Cultures") + ": must be a list; image skipped.");
    return false;
  }
  static constexpr std::string_view kSlots[] = {"Name", "Description", "AltText"};
  const auto& listed = ctx.header.list(kImageCultureFields);
  const auto& r = res::product_image();
  for (size_t i = 0; i < cultures->items().size(); ++i) {
    const json::Value& c = cultures->items()[i];
    const std::string where = member_path(path, "Cultures[" + std::to_string(i) + "]");
    const auto code = c.kind() == json::Kind::Object ? string_member(c, "CultureCode") : std::nullopt;
    const auto culture = code ? client_culture(ctx, *code) : std::nullopt;
    if (!culture) {
      plan.warn(where + ": " + (code ? "'" + *code + "' is not a culture of the client" : "no CultureCode") +
                "; skipped.");
      continue;
    }
    for (int f = 0; f < 3; ++f) {
      if (!listed.empty() && !ctx.header.has(kImageCultureFields, f)) continue;
      std::optional<std::optional<std::string>> value;
      if (!optional_string(plan, c, kSlots[f], where, value)) return false;
      if (!value) continue;
      if (*value) {
        if (auto why = imports::check_text(r, kSlots[f], **value)) {
          plan.warn(member_path(where, kSlots[f]) + ": " + *why + "; image skipped.");
          return false;
        }
      }
      set_text(r, next, *culture, r.text_index(kSlots[f]), std::move(*value));
    }
  }
  return true;
}

// One Image onto `wanted` (replacing what an earlier level planned for its ExternalCode). Returns its key,
// nullopt when it is skipped.
std::optional<std::string> apply_image(ImportContext& ctx, ItemPlan& plan, const json::Value& image,
                                       const std::string& path, int64_t sort_order, const Stored& stored,
                                       Wanted& wanted) {
  if (image.kind() != json::Kind::Object) {
    plan.warn(path + ": must be an Image object; skipped.");
    return std::nullopt;
  }
  const auto code = string_member(image, "ExternalCode");
  if (!code) {
    plan.warn(path + ": no ExternalCode; skipped.");
    return std::nullopt;
  }
  const auto type_name = string_member(image, "FileTypeName");
  if (!type_name) {
    plan.warn(path + ": no FileTypeName; skipped.");
    return std::nullopt;
  }
  const auto file_type = ctx.tx.find_unique(res::file(), "Code", *type_name);
  if (!file_type) {
    plan.warn(path + ".FileTypeName: there is no file type '" + *type_name + "'; skipped.");
    return std::nullopt;
  }
  const auto url = string_member(image, "Url");
  if (!url) {
    plan.warn(path + ": no Url; skipped.");
    return std::nullopt;
  }
  std::string filename = string_member(image, "Filename").value_or(filename_of(*url));
  const auto& r = res::product_image();
  for (const auto& [field, value] : {std::pair<std::string_view, const std::string*>{"ExternalCode", &*code},
                                     {"Url", &*url}, {"Filename", &filename}})
    if (auto why = imports::check_text(r, field, *value)) {
      plan.warn(member_path(path, field) + ": " + *why + "; skipped.");
      return std::nullopt;
    }

  const std::string key = ascii::to_lower(*code);
  Entity next;
  if (auto s = stored.find(key); s != stored.end()) next = s->second;
  else {
    next = imports::new_entity(r);
    members().code.set(next, *code);
  }
  members().file_type.set(next, *file_type);
  members().url.set(next, *url);
  members().filename.set(next, filename.empty() ? std::nullopt : std::optional(filename));
  members().sort.set(next, sort_order);
  if (!apply_cultures(ctx, plan, image, path, next)) return std::nullopt;
  wanted[key] = std::move(next);
  return key;
}

// One level's MainImage and AdditionalImages. `main` becomes the key of the main image it gives.
void apply_level(ImportContext& ctx, ItemPlan& plan, const json::Value& obj, const std::string& path,
                 bool main_listed, bool additional_listed, const Stored& stored, Wanted& wanted,
                 std::optional<std::string>& main) {
  if (main_listed)
    if (const json::Value* m = obj.find("MainImage"); m && !m->is_null())
      if (auto code = apply_image(ctx, plan, *m, member_path(path, "MainImage"), 0, stored, wanted)) main = code;
  if (!additional_listed) return;
  const json::Value* list = obj.find("AdditionalImages");
  if (!list || list->is_null()) return;
  if (list->kind() != json::Kind::Array) {
    plan.warn(member_path(path, "AdditionalImages") + ": must be a list; skipped.");
    return;
  }
  for (size_t i = 0; i < list->items().size(); ++i)
    apply_image(ctx, plan, list->items()[i], member_path(path, "AdditionalImages[" + std::to_string(i) + "]"),
                static_cast<int64_t>(i) + 1, stored, wanted);
}

}  // namespace

void apply_images(ImportContext& ctx, ItemPlan& plan, VariantPlan& v) {
  using namespace product_field;
  const bool product_main = ctx.header.has(kProductFields, MainImage);
  const bool product_additional = ctx.header.has(kProductFields, AdditionalImages);
  const bool variant_main = ctx.header.has(kVariantFields, variant_field::MainImage);
  const bool variant_additional = ctx.header.has(kVariantFields, variant_field::AdditionalImages);
  const bool cleanup_all = ctx.header.has(kProductFields, ImagesAndFilesCleanup) ||
                           ctx.header.has(kVariantFields, variant_field::ImagesAndFilesCleanup);
  const bool cleanup_additional = ctx.header.has(kProductFields, AdditionalImagesCleanup) ||
                                  ctx.header.has(kVariantFields, variant_field::AdditionalImagesCleanup);
  if (!product_main && !product_additional && !variant_main && !variant_additional && !cleanup_all &&
      !cleanup_additional)
    return;

  Stored stored;
  if (v.product_current) {
    registry::ListQuery q;
    q.where = registry::Expr::cmp(registry::Expr::Op::Eq, "ProductId", v.product_current->id);
    for (auto& e : ctx.tx.list(res::product_image(), q))
      stored.emplace(ascii::to_lower(members().code.get(e).value_or("")), std::move(e));
  }
  Wanted wanted;
  std::optional<std::string> main;
  apply_level(ctx, plan, plan.json, "", product_main, product_additional, stored, wanted, main);
  apply_level(ctx, plan, *v.json, v.path, variant_main, variant_additional, stored, wanted, main);

  // The main image: the one the item names (the variant's when both give one); without one, IsMain is kept.
  for (auto& [code, next] : wanted)
    if (main) members().main.set(next, code == *main);
  for (auto& [code, current] : stored) {
    if (wanted.count(code)) continue;
    const bool is_main = members().main.get(current).value_or(false);
    if (cleanup_all || (cleanup_additional && !(is_main && !main))) {
      v.images.push_back({current, std::nullopt});
      continue;
    }
    if (main && is_main) {
      Entity next = current;
      members().main.set(next, false);
      v.images.push_back({current, std::move(next)});
    }
  }
  for (auto& [code, next] : wanted) {
    ImagePlan p;
    if (auto s = stored.find(code); s != stored.end()) p.current = s->second;
    p.next = std::move(next);
    v.images.push_back(std::move(p));
  }
}

}  // namespace norced::connect::products
