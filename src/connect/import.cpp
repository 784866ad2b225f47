#include "connect/import.hpp"

#include <stdexcept>

#include "connect/items.hpp"
#include "management/reference_data.hpp"
#include "management/resources/resources.hpp"

namespace norced::connect {

namespace {

ConnectHeader header_of(const ImportKind& kind, const store::JobRow& job) {
  auto header = parse_header(job.header, kind.header());
  if (!header) throw std::runtime_error("The job's header no longer reads: " + header.problem().detail);
  return std::move(*header);
}

// Runs `work` with an ImportContext for the job's application over `tx`.
template <class Work>
auto with_context(const ImportKind& kind, store::WriteTx& tx, const store::ApplicationRow& app,
                  const store::JobRow& job, int64_t now, ChunkOutcome& outcome, Work&& work) {
  const ConnectHeader header = header_of(kind, job);
  const auto& catalog = management::resources::catalog();
  const store::ReferenceData ref =
      management::load_reference_data(tx, management::ReferenceResources::from(catalog));
  management::RuleContext rules(tx, ref, app, catalog, now);
  rules.set_writer(&tx);
  ImportContext ctx{tx, rules, header, job, outcome};
  return work(ctx);
}

}  // namespace

std::vector<ImportItem> parse_items(std::string_view chunk) {
  std::vector<ImportItem> items;
  auto scanned = scan_items(chunk, [&](std::string_view raw, json::Value& v) { items.push_back({raw, std::move(v)}); });
  if (!scanned) throw std::runtime_error("A stored chunk no longer reads: " + scanned.problem().detail);
  return items;
}

ChunkOutcome apply_chunk(const ImportKind& kind, store::WriteTx& tx, const store::ApplicationRow& app,
                         const store::JobRow& job, std::string_view chunk, int64_t now) {
  std::vector<ImportItem> items = parse_items(chunk);
  return apply_chunk(kind, tx, app, job, items, now);
}

ChunkOutcome apply_chunk(const ImportKind& kind, store::WriteTx& tx, const store::ApplicationRow& app,
                         const store::JobRow& job, std::vector<ImportItem>& items, int64_t now) {
  ChunkOutcome outcome;
  with_context(kind, tx, app, job, now, outcome, [&](ImportContext& ctx) {
    kind.apply(ctx, items);
    return 0;
  });
  return outcome;
}

FullFileScope full_file_step(const ImportKind& kind, store::WriteTx& tx, const store::ApplicationRow& app,
                             const store::JobRow& job, const JobItems& items, int64_t now, bool apply,
                             ChunkOutcome& outcome) {
  if (!kind.full_file) throw std::logic_error("full_file_step: the import has no FullFile step");
  return with_context(kind, tx, app, job, now, outcome,
                      [&](ImportContext& ctx) { return kind.full_file(ctx, items, apply); });
}

}  // namespace norced::connect
