// A tenant's read transaction that also answers the derived sets, whose rows are made from what the store
// holds rather than stored: the Core sets (query/core_sets.hpp, from the system catalog) and
// Application/CategoryHierarchy (query/category_hierarchy.hpp, from the client's categories). Reads of a derived
// set are evaluated over its rows in memory (query/evaluate.hpp); everything else goes to the store's
// transaction it wraps. The Query API reads through it, so its one code path (options, paging, $expand,
// $count) serves derived sets as it serves the registry's, and a navigation from any set into one reads the
// same way. A derived set's rows are made once per transaction, when first needed.
#pragma once

#include <memory>
#include <optional>

#include "store/store.hpp"

namespace norced::query {

class DerivedReadTx : public store::ReadTx {
 public:
  explicit DerivedReadTx(std::unique_ptr<store::ReadTx> tx) : tx_(std::move(tx)) {}

  int64_t client_id() const override { return tx_->client_id(); }
  store::ReferenceData reference_data() override { return tx_->reference_data(); }

  std::optional<registry::Entity> get(const registry::Resource& r, int64_t id) override;
  std::vector<registry::Entity> get_many(const registry::Resource& r, const std::vector<int64_t>& ids) override;
  std::vector<registry::Entity> list(const registry::Resource& r, const registry::ListQuery& query) override;
  void scan(const registry::Resource& r, const registry::ListQuery& query, store::RowSink& sink) override;
  int64_t count(const registry::Resource& r, const registry::Expr& where) override;
  bool exists(const registry::Resource& r, int64_t id) override;
  std::vector<int64_t> existing(const registry::Resource& r, const std::vector<int64_t>& ids) override;

  // Trees, instants and unique look-ups are never asked of a derived set: the store answers them.
  std::vector<registry::Entity> ancestors(const registry::Resource& r, std::string_view parent_member, int64_t start,
                                          int max_depth) override {
    return tx_->ancestors(r, parent_member, start, max_depth);
  }
  std::vector<int64_t> ancestor_ids(const registry::Resource& r, std::string_view parent_member, int64_t start,
                                    int max_depth) override {
    return tx_->ancestor_ids(r, parent_member, start, max_depth);
  }
  std::optional<int64_t> next_instant(const registry::Resource& r, const std::vector<std::string_view>& fields,
                                      int64_t after) override {
    return tx_->next_instant(r, fields, after);
  }
  std::optional<int64_t> find_unique(const registry::Resource& r, std::string_view field, std::string_view value,
                                     const std::vector<registry::Cell>& scope) override {
    return tx_->find_unique(r, field, value, scope);
  }
  std::vector<std::pair<std::string, int64_t>> find_unique_many(const registry::Resource& r, std::string_view field,
                                                                const std::vector<std::string>& values,
                                                                const std::vector<registry::Cell>& scope) override {
    return tx_->find_unique_many(r, field, values, scope);
  }
  void prefetch(const std::vector<store::Probe>& probes) override { tx_->prefetch(probes); }

 private:
  // Whether `r` is a derived set, and its rows, made on first use.
  static bool is_derived(const registry::Resource& r);
  const std::vector<registry::Entity>& rows(const registry::Resource& r);

  std::unique_ptr<store::ReadTx> tx_;
  // The system catalog the Core sets are made from: several queries, so read once per transaction.
  std::optional<store::SystemCatalog> catalog_;
  std::vector<std::pair<const registry::Resource*, std::vector<registry::Entity>>> rows_;
};

}  // namespace norced::query
