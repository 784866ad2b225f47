// Helpers for tests that drive the Management API in process, without a socket, against a real SQLite file:
// a scratch folder per test, a client created directly in the store, a request as a client sends it, and the API
// over the catalog plus resources a test makes up.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "http/message.hpp"
#include "identity/tokens.hpp"
#include "management/api.hpp"
#include "management/resources/resources.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "store/store.hpp"

namespace norced::testing_support {

// A folder of its own for the running test (named after it), removed when the object goes.
class ScratchDir {
 public:
  explicit ScratchDir(const std::string& prefix)
      : path_(std::filesystem::temp_directory_path() /
              (prefix + "-" + std::to_string(::getpid()) + "-" +
               ::testing::UnitTest::GetInstance()->current_test_info()->name())) {
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// A new client (tenant) with its application, system account and an OAuth client `oauth_id`.
inline store::CreatedClient add_client(store::Store& store, const std::string& name, const std::string& oauth_id) {
  auto tx = store.system_write();
  store::NewClient c;
  c.name = name;
  c.oauth_client_id = oauth_id;
  c.oauth_secret_hash = "x";
  auto created = tx->create_client(c);
  tx->commit();
  return created;
}

// A Management API request with the bearer token and the application and account headers of `client`.
inline http::Request api_request(const std::string& method, const std::string& path, const std::string& token,
                                 const store::CreatedClient& client, const std::string& body = "") {
  http::Request req;
  req.method = method;
  req.target = req.path = path;
  req.headers.add("Authorization", "Bearer " + token);
  req.headers.add("application-id", std::to_string(client.application_id));
  req.headers.add("account-id", std::to_string(client.account_id));
  req.body = body;
  return req;
}

// The Management API in process over the real catalog and `extra` resources made up for the test, on a SQLite file
// in a scratch folder named after `prefix`, with one client and a token for it.
class InProcessApi {
 public:
  InProcessApi(const std::string& prefix, std::vector<const registry::Resource*> extra) : dir_(prefix) {
    resources_ = management::resources::catalog().all();
    resources_.insert(resources_.end(), extra.begin(), extra.end());
    catalog_ = std::make_unique<registry::Catalog>(resources_);
    store_ = store::sqlite::open(dir_.file("norced.db"), resources_);
    client_ = add_client(*store_, "Shop", "shop");
    token_ = tokens_.issue("shop", client_.client_id, {"management"}, "");
    api_ = std::make_unique<management::ManagementApi>(*store_, *catalog_, tokens_);
  }
  ~InProcessApi() {
    api_.reset();
    store_.reset();
  }
  http::Response call(const std::string& method, const std::string& path, const std::string& body = "") {
    return api_->handle(api_request(method, path, token_, client_, body), path);
  }
  management::ManagementApi& api() { return *api_; }
  const registry::Catalog& catalog() const { return *catalog_; }

 private:
  ScratchDir dir_;
  std::vector<const registry::Resource*> resources_;
  std::unique_ptr<registry::Catalog> catalog_;
  identity::TokenService tokens_{std::string(40, 'k'), std::chrono::seconds(3600)};
  std::unique_ptr<store::Store> store_;
  store::CreatedClient client_;
  std::string token_;
  std::unique_ptr<management::ManagementApi> api_;
};

}  // namespace norced::testing_support
