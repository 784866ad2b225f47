// A tenant's read transaction that also answers the Core sets (query/core_sets.hpp): reads of a Core resource
// are evaluated over the system catalog's rows in memory (query/evaluate.hpp), everything else goes to the
// store's transaction it wraps. The Query API reads through it, so its one code path (options, paging,
// $expand, $count) serves Core sets as it serves the registry's, and a navigation from any set into Core reads
// the same way. The catalog is read once per transaction (store::ReadTx::reference_data), when first needed.
#pragma once

#include <memory>
#include <optional>

#include "store/store.hpp"

namespace norced::query {

class CoreReadTx : public store::ReadTx {
 public:
  explicit CoreReadTx(std::unique_ptr<store::ReadTx> tx) : tx_(std::move(tx)) {}

  int64_t client_id() const override { return tx_->client_id(); }
  store::ReferenceData reference_data() override { return tx_->reference_data(); }

  std::optional<registry::Entity> get(const registry::Resource& r, int64_t id) override;
  std::vector<registry::Entity> get_many(const registry::Resource& r, const std::vector<int64_t>& ids) override;
  std::vector<registry::Entity> list(const registry::Resource& r, const registry::ListQuery& query) override;
  int64_t count(const registry::Resource& r, const registry::Expr& where) override;
  bool exists(const registry::Resource& r, int64_t id) override;
  std::vector<int64_t> existing(const registry::Resource& r, const std::vector<int64_t>& ids) override;

  // Trees, instants and unique look-ups are no Core questions: the store answers them.
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
  // The Core resource's rows, the catalog read on first use.
  const std::vector<registry::Entity>& rows(const registry::Resource& r);

  std::unique_ptr<store::ReadTx> tx_;
  std::optional<store::SystemCatalog> catalog_;
  std::vector<std::pair<const registry::Resource*, std::vector<registry::Entity>>> rows_;
};

}  // namespace norced::query
