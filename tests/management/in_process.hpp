// Helpers for tests that drive the Management API in process, without a socket, against a real SQLite file:
// a scratch folder per test, a client created directly in the store, and a request as a client sends it.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "http/message.hpp"
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

}  // namespace norced::testing_support
