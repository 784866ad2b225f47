// The change digest (store.hpp, ChangeDigest): built here from plain entries, for the default
// Store::change_digest and for a process's own commits (ChangeFollower::applied_locally).
#include <algorithm>

#include "store/store.hpp"

namespace norced::store {

void ChangeDigestBuilder::add(const Change& c) {
  pass(c.seq);
  ChangedRows& g = groups_[{c.client_id, c.resource}];
  if (++g.entries > static_cast<int64_t>(max_ids_)) {
    g.whole = true;
    g.ids = {};
  } else {
    g.ids.push_back(c.entity_id);
  }
}

ChangeDigest ChangeDigestBuilder::take() {
  for (auto& [key, g] : groups_) {
    g.client_id = key.first;
    g.resource = key.second;
    std::sort(g.ids.begin(), g.ids.end());
    g.ids.erase(std::unique(g.ids.begin(), g.ids.end()), g.ids.end());
    digest_.changed.push_back(std::move(g));
  }
  groups_.clear();
  return std::move(digest_);
}

ChangeDigest Store::change_digest(int64_t after, const std::vector<SeqRange>& skip, size_t max_ids) {
  constexpr int kPage = 1'000;
  ChangeDigestBuilder digest(after, max_ids);
  auto tx = system();  // one snapshot for every page
  auto range = skip.begin();
  for (int64_t from = after;;) {
    auto page = tx->changes_since(from, kPage);
    for (const auto& c : page) {
      while (range != skip.end() && range->last < c.seq) ++range;
      if (range != skip.end() && range->first <= c.seq) digest.pass(c.seq);
      else digest.add(c);
      from = c.seq;
    }
    if (page.size() < static_cast<size_t>(kPage)) break;
  }
  return digest.take();
}

}  // namespace norced::store
