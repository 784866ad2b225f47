// What a business rule may see while it runs: the request's store transaction, the client's reference data,
// the calling application (its culture and sales area), the catalog, and the request's clock.
#pragma once

#include <algorithm>
#include <limits>
#include <optional>
#include <string>

#include "core/time.hpp"
#include "registry/catalog.hpp"
#include "store/store.hpp"

namespace norced::management {

class RuleContext {
 public:
  RuleContext(store::ReadTx& tx, const store::ReferenceData& ref, const store::ApplicationRow& app,
              const registry::Catalog& catalog, timeutil::Micros now)
      : tx(tx), ref(ref), app(app), catalog(catalog), now(now) {}

  store::ReadTx& tx;
  const store::ReferenceData& ref;
  const store::ApplicationRow& app;
  const registry::Catalog& catalog;
  const timeutil::Micros now;
  // The longest parent chain a write may create, counting the item itself (ApiOptions::max_hierarchy_depth).
  int max_hierarchy_depth = 32;

  int64_t client_id() const { return app.client_id; }
  // The write transaction, in the rules that run while writing (guard, saved); null on reads.
  store::WriteTx* writer() const { return writer_; }
  void set_writer(store::WriteTx* w) { writer_ = w; }
  const std::string& culture() const { return app.culture; }
  const std::string& default_culture() const { return ref.default_culture; }

  // Rules whose output depends on the clock (a price list that ends at a given time) say until when a
  // rendered response stays true, so cached responses expire then.
  void valid_until(timeutil::Micros t) { valid_until_ = std::min(valid_until_, t); }
  timeutil::Micros valid_until() const { return valid_until_; }
  // Whether the response will be cached: rules may skip work that only serves valid_until.
  bool caching() const { return caching_; }
  void set_caching(bool on) { caching_ = on; }

 private:
  bool caching_ = false;
  store::WriteTx* writer_ = nullptr;
  timeutil::Micros valid_until_ = std::numeric_limits<timeutil::Micros>::max();
};

}  // namespace norced::management
