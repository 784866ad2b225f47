// What the Query API's HTTP tests share: a tenant whose OAuth client has the query resource, GETs of Query API
// paths with the bearer token and application header, the OData error check, and waiting for a Connect job
// that imports the rows a test then queries.
#pragma once

#include <chrono>
#include <string>
#include <thread>

#include "api/harness.hpp"

namespace api::query_support {

inline constexpr const char* kBase = "/commerce/query/2.0/";

inline Session query_tenant(TestServer& server, const std::string& name) {
  return server.session_for(server.add_client(name, "en-US", {"management", "connect", "query"}));
}

inline HeaderList bearer(const Session& s) {
  return {{"Authorization", "Bearer " + s.token()}, {"applicationId", std::to_string(s.application_id())}};
}

// GET of a Query API path ("Products/ProductSkus?$filter=...", or a whole path from an @odata.nextLink):
// spaces and quotes in the query are encoded.
inline Reply query(const Session& s, const std::string& path_and_query) {
  std::string target = path_and_query.starts_with("/") ? "" : kBase;
  for (char c : path_and_query) {
    if (c == ' ') target += "%20";
    else if (c == '\'') target += "%27";
    else target += c;
  }
  return s.server().request("GET", target, "", "", bearer(s));
}

inline Json query_ok(const Session& s, const std::string& path) {
  Reply r = query(s, path);
  EXPECT_EQ(r.status, 200) << path << ": " << r.describe();
  return r.status == 200 ? r.json() : Json();
}

// Every row of a collection, following @odata.nextLink (at most 20 pages).
inline Json all_rows(const Session& s, const std::string& path) {
  Json rows = Json::array();
  Json page = query_ok(s, path);
  for (int pages = 0; pages < 20; ++pages) {
    for (const auto& row : page["value"]) rows.push_back(row);
    if (!page.contains("@odata.nextLink")) break;
    const std::string link = page["@odata.nextLink"];
    page = query_ok(s, link.substr(link.find("/commerce/")));
  }
  return rows;
}

inline void expect_error(const Reply& r, int status, const std::string& code, const std::string& target = {}) {
  EXPECT_EQ(r.status, status) << r.describe();
  Json body = r.json();
  ASSERT_TRUE(body.contains("error")) << r.body;
  EXPECT_EQ(body["error"]["code"], code) << r.body;
  EXPECT_TRUE(body["error"]["message"].is_string()) << r.body;
  if (!target.empty()) EXPECT_EQ(body["error"]["target"], target) << r.body;
}

inline Json finished_job(const Session& s, const std::string& id) {
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  HeaderList h = bearer(s);
  for (;;) {
    Reply r = s.server().request("GET", "/commerce/connect/4.0/Job/Get?id=" + id, "", "", h);
    if (r.status == 200 && r.json()["IsFinished"] == true) return r.json();
    if (std::chrono::steady_clock::now() > give_up) {
      ADD_FAILURE() << "job " << id << " did not finish: " << r.describe();
      return Json();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));  // polling another process, not timing anything
  }
}

}  // namespace api::query_support
