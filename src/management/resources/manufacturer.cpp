// Product Manufacturer (catalog part A, `api/manufacturer/...` without a `product/` segment): who makes a
// product, with a server-set Key, a URL name for landing pages that Norce derives from the name unless the client
// maintains it, and support texts per culture (ManufacturerCultureModel). Its Name is a plain member, not a
// culture text.
#include <cctype>
#include <cstdio>
#include <memory>
#include <random>

#include "management/resources/fields.hpp"
#include "management/resources/resources.hpp"
#include "management/rules.hpp"
#include "json/value.hpp"
#include "registry/field_ref.hpp"

namespace norced::management::resources {

using namespace fields;
using registry::Entity;
using registry::FieldRef;
using registry::OpKind;
using registry::Resource;

namespace {

// A random (version 4) UUID in lower case.
std::string random_uuid() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  uint64_t hi = rng(), lo = rng();
  hi = (hi & 0xffffffffffff0fffULL) | 0x0000000000004000ULL;  // version 4
  lo = (lo & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;  // RFC 4122 variant
  char out[37];
  std::snprintf(out, sizeof out, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(hi >> 32),
                static_cast<unsigned>((hi >> 16) & 0xffff), static_cast<unsigned>(hi & 0xffff),
                static_cast<unsigned>(lo >> 48), static_cast<unsigned long long>(lo & 0xffffffffffffULL));
  return out;
}

// "Acme Tools & Co." -> "acme-tools-co": ASCII letters and digits in lower case, other runs as one '-'.
std::string url_name_of(const std::string& name) {
  std::string out;
  for (unsigned char c : name) {
    if (std::isalnum(c)) out += static_cast<char>(std::tolower(c));
    else if (!out.empty() && out.back() != '-') out += '-';
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

struct Members {
  explicit Members(const Resource& r)
      : key(r, "Key"), name(r, "Name"), url_name(r, "UniqueUrlName"), manual(r, "IsUniqueUrlNameManuallyMaintained") {}
  FieldRef<std::string> key, name, url_name;
  FieldRef<bool> manual;
};

// Rule: a new manufacturer gets a random Key, which it keeps.
void assign_key(const Members& m, Entity& next) {
  if (!m.key.get(next)) m.key.set(next, random_uuid());
}

// Rule: a UniqueUrlName of the client's own (not the one derived from Name, which a client that reads and writes
// back sends unchanged) is maintained by hand from then on; otherwise it follows the name.
void maintain_url_name(const Members& m, const json::Value& body, Entity& next) {
  const std::string derived = url_name_of(m.name.get(next).value_or(""));
  if (const json::Value* v = body.find("UniqueUrlName");
      v && v->kind() == json::Kind::String && v->as_string() != derived)
    m.manual.set(next, true);
  if (m.manual.get(next).value_or(false)) return;
  m.url_name.set(next, derived.empty() ? std::nullopt : std::optional(derived));
}

Resource describe() {
  Resource r;
  r.name = "Manufacturer";
  r.model = "ManufacturerModel";
  r.culture_model = "ManufacturerCultureModel";
  r.path = "manufacturer";
  r.table = "manufacturer";
  r.tag = "Product Manufacturer";
  r.texts = {{"SupportUrl", 255, true},         {"SupportEmailAddress", 255, true}, {"SupportPhoneNumber", 500, true},
             {"SupportAvailableHours", 0, true}, {"SupportPolicy", 0, true},         {"SupportDescription", 0, true}};
  Field key = fields::member("Key", Type::Guid, registry::Role::Audit, false,
                             "Unique key of the manufacturer, set by the server.");
  key.column = "manufacturer_key";
  r.fields = {
      id("Manufacturer id."),
      key,
      col("Name", Type::String, true, "Manufacturer name.", 100),
      col("Code", Type::String, true, "Manufacturer code; unique within the client.", 50),
      col("OrganizationNo", Type::String, true, "Organization number.", 50),
      col("UniqueUrlName", Type::String, true, "URL name for landing pages; derived from Name unless maintained by hand."),
      flag("IsUniqueUrlNameManuallyMaintained", false, "True when UniqueUrlName is maintained by hand; sending one sets it."),
      col("Prefix", Type::String, true, "Prefix used when generating part numbers.", 50),
      col("Website", Type::String, true, "Website URL; display only.", 255),
      col("LogoKey", Type::Guid, true, "Logo key; display only."),
      col("LogoUrl", Type::String, true, "Logo URL; display only."),
      text("SupportUrl", "SupportUrl", "Support URL in the application's culture; display only."),
      default_text("DefaultSupportUrl", "SupportUrl", "Support URL in the default culture."),
      cultures("ManufacturerCultureModel"),
  };
  r.unique = {"Code"};
  r.soft_delete = false;  // no IsActive in the model
  r.operations = registry::conventional(r.path, {OpKind::Get, OpKind::Update, OpKind::List, OpKind::Insert,
                                                 OpKind::Compact});
  auto m = std::make_shared<const Members>(r);
  rules_for(r).validate = [m](RuleContext&, const json::Value& body, Entity& next, const Entity*,
                              std::vector<FieldError>&) {
    assign_key(*m, next);
    maintain_url_name(*m, body, next);
  };
  r.example = R"({"Name":"Nordic Outdoor AB","Code":"NORDIC-OUTDOOR","OrganizationNo":"556000-0001","Prefix":"NO",)"
              R"("Website":"https://nordic-outdoor.example.com","SupportUrl":"https://nordic-outdoor.example.com/support",)"
              R"("Cultures":[{"CultureCode":"sv-SE","SupportEmailAddress":"support@nordic-outdoor.example.com"}]})";
  return r;
}

}  // namespace

const Resource& manufacturer() { return described<describe>(); }

}  // namespace norced::management::resources
