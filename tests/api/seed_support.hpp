// Shared by the seed, export and reset API tests: the admin token the suites' servers get, a fixture file,
// temporary files, and running `norced <command>` on a server's store with its output (stdout and stderr).
#pragma once

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "api/harness.hpp"

namespace api {

inline constexpr const char* kAdminToken = "test-admin-token-7f3a";

inline HeaderList admin_auth(const std::string& token = kAdminToken) { return {{"Authorization", "Bearer " + token}}; }

// Settings, a category tree listed child first, a soft-deleted item, price lists with a parent, an assortment.
inline constexpr const char* kFixture = R"({
  "ApplicationCulture": [{"CultureCode": "sv-SE", "IsActive": true}],
  "ApplicationCurrency": [{"Id": 2, "IsActive": true}],
  "Category": [
    {"Code": "SHIRTS", "ParentId": "CLOTHING",
     "Cultures": [{"CultureCode": "en-US", "Name": "Shirts"}, {"CultureCode": "sv-SE", "Name": "Skjortor"}]},
    {"Code": "CLOTHING", "Name": "Clothing", "SortOrder": 1, "VatCodes": [{"SalesAreaId": 1, "VatCodeId": 2}]},
    {"Code": "OLD", "Name": "Old", "IsActive": false}
  ],
  "PriceList": [
    {"Code": "STD-SEK", "Name": "Standard SEK", "CurrencyId": 1, "StartDate": "2025-01-01T00:00:00Z"},
    {"Code": "CAMPAIGN", "Name": "Campaign", "CurrencyId": 2, "TypeId": 2, "ParentPriceListId": "STD-SEK",
     "IsVirtual": true, "DefaultSupplementChargePercentage": 12.5}
  ],
  "ClientAssortment": [{"Code": "SUMMER", "Name": "Summer"}]
})";

// kFixture in YAML, as a person would write it: plain scalars (a date, a decimal, Codes), a comment, flow maps.
inline constexpr const char* kFixtureYaml = R"(# the same configuration as kFixture
ApplicationCulture:
  - CultureCode: sv-SE
    IsActive: true
ApplicationCurrency:
  - {Id: 2, IsActive: true}
Category:
  - Code: SHIRTS
    ParentId: CLOTHING
    Cultures:
      - {CultureCode: en-US, Name: Shirts}
      - {CultureCode: sv-SE, Name: Skjortor}
  - Code: CLOTHING
    Name: Clothing
    SortOrder: 1
    VatCodes:
      - SalesAreaId: 1
        VatCodeId: 2
  - Code: OLD
    Name: Old
    IsActive: false
PriceList:
  - Code: STD-SEK
    Name: Standard SEK
    CurrencyId: 1
    StartDate: 2025-01-01T00:00:00Z
  - Code: CAMPAIGN
    Name: Campaign
    CurrencyId: 2
    TypeId: 2
    ParentPriceListId: STD-SEK
    IsVirtual: true
    DefaultSupplementChargePercentage: 12.5
ClientAssortment:
  - Code: SUMMER
    Name: Summer
)";

// A temporary folder for the test's files, removed with the object.
class Files {
 public:
  Files() {
    char tmpl[] = "/tmp/norced-seed-XXXXXX";
    dir_ = ::mkdtemp(tmpl);
  }
  ~Files() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  std::string path(const std::string& name) const { return dir_ + "/" + name; }
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(path(name), std::ios::binary) << text;
    return path(name);
  }
  std::string read(const std::string& file) const {
    std::stringstream s;
    s << std::ifstream(file, std::ios::binary).rdbuf();
    return s.str();
  }

 private:
  std::string dir_;
};

inline std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// `norced <command> <the server's store> <args>`: (exit code, stdout and stderr together).
inline std::pair<int, std::string> norced(TestServer& server, const std::string& command,
                                          const std::vector<std::string>& args) {
  std::string line = shell_quote(NORCED_BINARY) + " " + command;
  for (const auto& a : server.store_args()) line += " " + shell_quote(a);
  for (const auto& a : args) line += " " + shell_quote(a);
  return run_capture({"/bin/sh", "-c", line + " 2>&1"});
}

// The JSON line a command printed (its last line that is an object), among any log lines.
inline Json json_line(const std::string& out) {
  std::istringstream in(out);
  std::string line, last;
  while (std::getline(in, line))
    if (!line.empty() && line.front() == '{') last = line;
  try {
    return Json::parse(last);
  } catch (const std::exception&) {
    ADD_FAILURE() << "no JSON line in: " << out;
    return Json::object();
  }
}

}  // namespace api
