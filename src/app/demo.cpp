#include <functional>
#include <map>
#include <vector>

#include <spdlog/spdlog.h>

#include "app/commands.hpp"
#include "json/writer.hpp"
#include "management/resources/resources.hpp"

namespace norced::app {

namespace {

struct DemoCategory {
  const char* code;
  const char* parent;  // code of the parent, or nullptr
  const char* name;
  const char* swedish;
  int vat_code = 0;  // 0 = inherit the client's
};

const DemoCategory kCategories[] = {
    {"CLOTHING", nullptr, "Clothing", "Kläder"},
    {"CLOTHING-MEN", "CLOTHING", "Men", "Herr"},
    {"MEN-SHIRTS", "CLOTHING-MEN", "Shirts", "Skjortor"},
    {"MEN-TROUSERS", "CLOTHING-MEN", "Trousers", "Byxor"},
    {"CLOTHING-WOMEN", "CLOTHING", "Women", "Dam"},
    {"WOMEN-DRESSES", "CLOTHING-WOMEN", "Dresses", "Klänningar"},
    {"ELECTRONICS", nullptr, "Electronics", "Elektronik"},
    {"ELEC-PHONES", "ELECTRONICS", "Phones", "Telefoner"},
    {"ELEC-HEADPHONES", "ELECTRONICS", "Headphones", "Hörlurar"},
    {"BOOKS", nullptr, "Books", "Böcker", 3},
    {"FOOD", nullptr, "Food", "Livsmedel", 2},
};

struct DemoPriceList {
  const char* code;
  const char* name;
  int type, currency;
  const char* parent;
  const char* start;
  const char* end;
  bool primary;
};

const DemoPriceList kPriceLists[] = {
    {"STD-SEK", "Standard SEK", 1, 1, nullptr, nullptr, nullptr, true},
    {"STD-EUR", "Standard EUR", 1, 2, nullptr, nullptr, nullptr, false},
    {"STD-NOK", "Standard NOK", 1, 3, nullptr, nullptr, nullptr, false},
    {"BF-2026", "Black Friday 2026", 2, 1, "STD-SEK", "2026-11-27T00:00:00Z", "2026-11-30T23:59:59Z", false},
    {"B2B-SEK", "Retailer agreement SEK", 3, 1, "STD-SEK", nullptr, nullptr, false},
};

class DemoWriter {
 public:
  DemoWriter(Application& app, int64_t application_id, int64_t account_id, std::string token)
      : app_(app), app_id_(application_id), account_id_(account_id), token_(std::move(token)) {}

  http::Response call(const std::string& method, const std::string& path, std::string body = {}) {
    http::Request req;
    req.method = method;
    req.target = req.path = path;
    req.headers.add("Authorization", "Bearer " + token_);
    req.headers.add("application-id", std::to_string(app_id_));
    req.headers.add("account-id", std::to_string(account_id_));
    req.headers.add("Content-Type", "application/json");
    req.body = std::move(body);
    return app_.handle(req);
  }

  int64_t post(const std::string& path, std::string body) {
    auto r = call("POST", path, std::move(body));
    if (r.status != 200) throw std::runtime_error("demo seed failed on " + path + ": " + r.body);
    return std::stoll(r.body);
  }

 private:
  Application& app_;
  int64_t app_id_, account_id_;
  std::string token_;
};


// --- Product metadata (issue 8): manufacturers, flags in two groups, relation types, variant groups, families ---

struct DemoFlag {
  const char* group;  // code of the flag group
  const char* code;
  const char* name;
  const char* swedish;
  int type;  // 1 product flag, 2 variant flag
};

const DemoFlag kProductFlags[] = {
    {"CAMPAIGN", "NEWS", "News", "Nyhet", 1},
    {"CAMPAIGN", "SALE", "Sale", "Rea", 1},
    {"CAMPAIGN", "WEB-ONLY", "Web only", "Endast webb", 1},
    {"ECO", "ECO-LABEL", "Eco-labelled", "Miljömärkt", 1},
    {"ECO", "RECYCLED", "Recycled material", "Återvunnet material", 2},
};

// A body of Code, Name, optional Description, its Swedish name and the extra members `more` writes.
template <class More>
std::string coded_body(const char* code, const char* name, const char* swedish, More more) {
  json::Writer w;
  w.begin_object_without_id();
  if (code) w.member("Code", code);
  w.member("Name", name);
  more(w);
  w.member_bool("IsActive", true);
  w.key("Cultures");
  w.begin_array();
  w.begin_object_without_id();
  w.member("CultureCode", "sv-SE");
  w.member("Name", swedish);
  w.end_object();
  w.end_array();
  w.end_object();
  return w.take();
}

size_t seed_product_metadata(DemoWriter& api) {
  size_t n = 0;
  const struct {
    const char *code, *name, *org, *web;
  } manufacturers[] = {{"NORDIC-OUTDOOR", "Nordic Outdoor AB", "556000-0001", "https://nordic-outdoor.example.com"},
                       {"SOUNDWAVE", "Soundwave Audio", "556000-0002", "https://soundwave.example.com"},
                       {"LINNEA", "Linnea Textiles", "556000-0003", "https://linnea.example.com"},
                       {"PAGEBOUND", "Pagebound Publishing", "556000-0004", "https://pagebound.example.com"}};
  for (const auto& m : manufacturers) {
    json::Writer w;
    w.begin_object_without_id();
    w.member("Code", m.code);
    w.member("Name", m.name);
    w.member("OrganizationNo", m.org);
    w.member("Website", m.web);
    w.end_object();
    api.post("/api/manufacturer", w.take()), ++n;
  }
  std::map<std::string, int64_t> groups;
  groups["CAMPAIGN"] = api.post("/api/product/flaggroup", coded_body("CAMPAIGN", "Campaign", "Kampanj", [](json::Writer& w) {
    w.member_bool("IsMultipleChoice", true);
  }));
  groups["ECO"] = api.post("/api/product/flaggroup", coded_body("ECO", "Sustainability", "Hållbarhet", [](json::Writer& w) {
    w.member_bool("IsMultipleChoice", false);
  }));
  n += groups.size();
  int64_t sort = 0;
  for (const auto& f : kProductFlags)
    api.post("/api/product/flag", coded_body(f.code, f.name, f.swedish, [&](json::Writer& w) {
      w.member("TypeId", f.type);
      w.member("GroupId", groups.at(f.group));
      w.member("SortOrder", ++sort);
      w.member_bool("IsManuallyEditable", true);
    })), ++n;
  const struct {
    const char *code, *name, *swedish;
    bool both_ways;
  } relations[] = {{"ACCESSORIES", "Accessories", "Tillbehör", false},
                   {"SPARE-PARTS", "Spare parts", "Reservdelar", false},
                   {"SIMILAR", "Similar products", "Liknande produkter", true}};
  for (const auto& r : relations)
    api.post("/api/product/relationtype", coded_body(r.code, r.name, r.swedish, [&](json::Writer& w) {
      w.member_bool("IsBidirectional", r.both_ways);
    })), ++n;
  struct DemoVariantType {
    const char *code, *name;
  };
  const struct {
    const char *code, *name, *swedish;
    std::vector<DemoVariantType> types;
  } variant_groups[] = {{"SIZE", "Size", "Storlek", {{"SIZE-CLOTHING", "Clothing size"}, {"SIZE-SHOE", "Shoe size"}}},
                        {"COLOUR", "Colour", "Färg", {{"COLOUR", "Colour"}}}};
  for (const auto& g : variant_groups)
    api.post("/api/product/variant-group", coded_body(g.code, g.name, g.swedish, [&](json::Writer& w) {
      w.key("VariantTypes");
      w.begin_array();
      int64_t order = 0;
      for (const auto& t : g.types) {
        w.begin_object_without_id();
        w.member("Code", t.code);
        w.member("Name", t.name);
        w.member("SortOrder", ++order);
        w.member("Type", "list");
        w.end_object();
      }
      w.end_array();
    })), ++n;
  const struct {
    const char *code, *name, *swedish;
  } families[] = {{"TRAIL", "Trail series", "Trail-serien"}, {"STUDIO", "Studio headphones", "Studiohörlurar"},
                  {"LINEN-CLASSIC", "Classic linen", "Klassiskt linne"}};
  for (const auto& f : families)
    api.post("/api/product/family", coded_body(f.code, f.name, f.swedish, [](json::Writer&) {})), ++n;
  return n;
}

// --- Parametrics: two groups, parametrics of every type, list and multiple values, linked to categories ---------

struct DemoParametric {
  const char* code;
  const char* type;
  const char* group;  // code of its group
  const char* name;
  const char* swedish;
  const char* uom;    // nullptr = none
  std::vector<std::pair<const char*, const char*>> values;  // list / multiple values: code, name
};

const DemoParametric kParametrics[] = {
    {"COLOUR", "list", "GENERAL", "Colour", "Färg", nullptr, {{"BLACK", "Black"}, {"WHITE", "White"}, {"BLUE", "Blue"}, {"RED", "Red"}}},
    {"SIZE", "list", "GENERAL", "Size", "Storlek", nullptr, {{"S", "S"}, {"M", "M"}, {"L", "L"}, {"XL", "XL"}}},
    {"MATERIAL", "multiple", "GENERAL", "Material", "Material", nullptr,
     {{"COTTON", "Cotton"}, {"WOOL", "Wool"}, {"POLYESTER", "Polyester"}, {"LINEN", "Linen"}}},
    {"FEATURES", "multiple", "TECH", "Features", "Funktioner", nullptr,
     {{"BLUETOOTH", "Bluetooth"}, {"ANC", "Noise cancelling"}, {"WATER-RESISTANT", "Water resistant"}}},
    {"CARE", "html", "GENERAL", "Care instructions", "Skötselråd", nullptr, {}},
    {"AUTHOR", "text", "GENERAL", "Author", "Författare", nullptr, {}},
    {"PAGES", "int", "TECH", "Pages", "Sidor", "pages", {}},
    {"BATTERY-LIFE", "int", "TECH", "Battery life", "Batteritid", "h", {}},
    {"WEIGHT", "decimal", "TECH", "Weight", "Vikt", "kg", {}},
    {"SCREEN-SIZE", "decimal", "TECH", "Screen size", "Skärmstorlek", "in", {}},
    {"ORGANIC", "boolean", "GENERAL", "Organic", "Ekologisk", nullptr, {}},
    {"RELEASE-DATE", "date", "GENERAL", "Release date", "Utgivningsdatum", nullptr, {}},
};

// Category code -> the parametric codes linked to it, in sort order; the first of each is required.
const std::pair<const char*, std::vector<const char*>> kCategoryParametrics[] = {
    {"MEN-SHIRTS", {"SIZE", "COLOUR", "MATERIAL", "CARE"}},
    {"MEN-TROUSERS", {"SIZE", "COLOUR", "MATERIAL", "CARE"}},
    {"WOMEN-DRESSES", {"SIZE", "COLOUR", "MATERIAL", "CARE"}},
    {"ELEC-PHONES", {"COLOUR", "SCREEN-SIZE", "BATTERY-LIFE", "WEIGHT", "RELEASE-DATE"}},
    {"ELEC-HEADPHONES", {"COLOUR", "FEATURES", "BATTERY-LIFE", "WEIGHT"}},
    {"BOOKS", {"AUTHOR", "PAGES", "RELEASE-DATE"}},
    {"FOOD", {"ORGANIC", "WEIGHT"}},
};

// One JSON object with Code, a text in English and Swedish, and the members `more` writes.
std::string coded(const char* code, const char* text, const char* name, const char* swedish,
                  const std::function<void(json::Writer&)>& more = {}) {
  json::Writer w;
  w.begin_object_without_id();
  w.member("Code", code);
  w.member(text, name);
  if (more) more(w);
  w.key("Cultures");
  w.begin_array();
  w.begin_object_without_id();
  w.member("CultureCode", "sv-SE");
  w.member(text, swedish);
  w.end_object();
  w.end_array();
  w.end_object();
  return w.take();
}

// Returns the number of parametrics made.
size_t seed_demo_parametrics(DemoWriter& api, const std::map<std::string, int64_t>& categories) {
  const std::map<std::string, int64_t> groups = {
      {"GENERAL", api.post("/api/parametricgroup", coded("GENERAL", "Name", "General", "Allmänt"))},
      {"TECH", api.post("/api/parametricgroup", coded("TECH", "Name", "Technical data", "Teknisk data"))}};
  std::map<std::string, int64_t> ids;
  for (const auto& p : kParametrics) {
    const int64_t id = api.post("/api/parametric", coded(p.code, "Name", p.name, p.swedish, [&](json::Writer& w) {
      w.member("Type", p.type);
      w.member("GroupId", groups.at(p.group));
      if (p.uom) w.member("Uom", p.uom);
    }));
    ids[p.code] = id;
    int64_t order = 0;
    for (const auto& [code, value] : p.values)
      api.post("/api/parametric/" + std::to_string(id) + "/" + p.type,
               coded(code, "Value", value, value, [&](json::Writer& w) { w.member("SortOrder", ++order); }));
  }
  for (const auto& [category, linked] : kCategoryParametrics) {
    int64_t order = 0;
    for (const char* code : linked) {
      json::Writer w;
      w.begin_object_without_id();
      w.member("Id", ids.at(code));
      w.member("SortOrder", ++order);
      w.member_bool("IsRequired", order == 1);
      w.end_object();
      api.post("/api/category/" + std::to_string(categories.at(category)) + "/parametric", w.take());
    }
  }
  return ids.size();
}
}  // namespace

void seed_demo(Application& app) {
  // The first client's first application and system account (created by bootstrap).
  const int64_t client = 1, application = 1, account = 1;
  DemoWriter api(app, application, account, app.tokens().issue("demo-seed", client, {"management"}, ""));
  auto existing = api.call("GET", "/api/category/compact");
  if (existing.status != 200 || existing.body != "[]") return;

  std::map<std::string, int64_t> ids;
  for (const auto& c : kCategories) {
    json::Writer w;
    w.begin_object_without_id();
    w.member("Code", c.code);
    w.member("Name", c.name);
    if (c.parent) w.member("ParentId", ids.at(c.parent));
    if (c.vat_code) w.member("VatCodeId", c.vat_code);
    w.member("SortOrder", static_cast<int64_t>(ids.size() + 1));
    w.member_bool("IsActive", true);
    w.key("Cultures");
    w.begin_array();
    w.begin_object_without_id();
    w.member("CultureCode", "sv-SE");
    w.member("Name", c.swedish);
    w.end_object();
    w.end_array();
    w.end_object();
    ids[c.code] = api.post("/api/category", w.take());
  }
  std::map<std::string, int64_t> lists;
  for (const auto& p : kPriceLists) {
    json::Writer w;
    w.begin_object_without_id();
    w.member("Code", p.code);
    w.member("Name", p.name);
    w.member("TypeId", p.type);
    w.member("CurrencyId", p.currency);
    if (p.parent) w.member("ParentPriceListId", lists.at(p.parent));
    if (p.start) w.member("StartDate", p.start);
    if (p.end) w.member("EndDate", p.end);
    w.member_bool("IsPrimary", p.primary);
    w.member_bool("IsPublic", p.type == 1);
    w.key("DefaultSupplementChargePercentage");
    w.decimal(*Decimal::parse("0"));
    w.end_object();
    lists[p.code] = api.post("/api/pricing/pricelist", w.take());
  }
  const size_t parametrics = seed_demo_parametrics(api, ids);
  spdlog::info("demo data: {} categories, {} price lists, {} parametrics", ids.size(), lists.size(), parametrics);
  spdlog::info("demo data: {} product metadata items", seed_product_metadata(api));  // issue 8
}

}  // namespace norced::app
