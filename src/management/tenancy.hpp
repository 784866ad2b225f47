// Who is calling: the token's client, the application (application-id header) and the account (account-id
// header). The application must belong to the token's client and the account must be an active account of
// that application. Answers are remembered for a short time (ttl), and each client's reference data until it
// changes, so the read path does not query them on every request.
//
// Threading: every method is thread-safe. The one lock (mu_) guards only the two maps: lookups take it shared,
// inserts and evictions exclusively, and no store access happens while it is held, so a holder never waits on
// the database and try_resolve_cached may run on a socket thread.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <unordered_map>

#include "core/problem.hpp"
#include "http/message.hpp"
#include "identity/tokens.hpp"
#include "management/reference_data.hpp"
#include "store/store.hpp"

namespace norced::management {

struct Caller {
  store::ApplicationRow app;
  store::AccountRow account;
  std::shared_ptr<const store::ReferenceData> ref;
};


class Tenancy {
 public:
  Tenancy(store::Store& store, std::chrono::milliseconds ttl, ReferenceResources links = {})
      : store_(store), ttl_(ttl), links_(links) {}

  // 400 for a missing or non-integer header (naming it), 403 for an application or account the token may
  // not use.
  Result<Caller> resolve(const identity::Claims& claims, const http::Request& req);
  // The same caller resolve() would give, but only from what is remembered and has not expired; never reads
  // the store, and takes mu_ only shared. nullopt whenever resolve() might answer otherwise than with that
  // caller: a missing or malformed header, an application or account not remembered (or expired), or one that
  // is not the token's client. Then resolve() decides, with its problem documents. For the socket-thread fast
  // path (ManagementApi::handle_fast).
  std::optional<Caller> try_resolve_cached(const identity::Claims& claims, const http::Request& req) const;

  std::shared_ptr<const store::ReferenceData> reference_data(int64_t client_id);
  // The next request of the client reads its reference data afresh (the change log says it changed).
  void forget_reference_data(int64_t client_id);

 private:
  // The application's primary culture and sales area, from its links.
  void apply_links(store::ApplicationRow& app);

  struct Known {
    store::ApplicationRow app;
    store::AccountRow account;
    std::shared_ptr<const store::ReferenceData> ref;
    std::chrono::steady_clock::time_point expires;
  };
  store::Store& store_;
  std::chrono::milliseconds ttl_;
  ReferenceResources links_;
  mutable std::shared_mutex mu_;
  std::unordered_map<uint64_t, Known> known_;
  std::unordered_map<int64_t, std::shared_ptr<const store::ReferenceData>> reference_;
};

}  // namespace norced::management
