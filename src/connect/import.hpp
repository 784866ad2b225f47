// What one Connect import method is, and what applying one chunk of its job sees. An import is data: its
// method path (the job's type), its X-StormConnect-Header description and the function that applies a chunk
// of items. The runner (runner.hpp) opens one write transaction per chunk in the job's tenant, calls
// `apply`, records the chunk's progress in the same transaction and commits: a chunk is applied and counted at
// once, or not at all, so a job cut off by a crash resumes at its first unrecorded chunk and nothing is applied
// twice.
//
// An item's problem is the item's outcome, never the chunk's: `apply` checks an item before writing any of it,
// logs a failed item (severity 3, the message naming the item's key and the member) and goes on with the next.
// Writes go through management::save (management/save.hpp), the one way a row is written, so the rules of a
// resource hold for imported rows as for the Management API's.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "connect/header.hpp"
#include "json/value.hpp"
#include "management/rule_context.hpp"
#include "store/jobs.hpp"
#include "store/store.hpp"

namespace norced::connect {

// What one chunk did: counters for the JobDto and log entries for Job/GetLog.
struct ChunkOutcome {
  int64_t inserts = 0;  // rows inserted, across tables (JobDto Inserts)
  int64_t updates = 0;  // rows updated, across tables
  int64_t fail = 0;     // items that failed
  std::vector<store::JobLogEntry> log;
};

// One item of a chunk: its text as the client sent it (what the log shows as ImportedRow) and its parse.
struct ImportItem {
  std::string_view raw;
  json::Value value;
};

// Longest ImportedRow a log entry keeps.
inline constexpr size_t kImportedRowLimit = 2000;

struct ImportContext {
  store::WriteTx& tx;              // the job's tenant; the author is the job's account
  management::RuleContext& rules;  // over tx, for the job's application, with tx as its writer
  const ConnectHeader& header;     // the job's X-StormConnect-Header, parsed against the import's spec
  const store::JobRow& job;
  ChunkOutcome& outcome;

  int64_t now() const { return rules.now; }
  // The item is not imported (severity 3): counts it as failed and logs `message` with its row, truncated.
  void failed(const ImportItem& item, std::string message);
  // Part of the item is skipped (severity 2): logs `message` with its row; the item is not counted as failed.
  void warning(const ImportItem& item, std::string message);
  // A job-level note (severity 1), without a row.
  void info(std::string message);
};

// Every item of a job, chunk by chunk (a FullFile step reads the whole payload without holding it all).
using ItemVisitor = std::function<void(const ImportItem&)>;
using JobItems = std::function<void(const ItemVisitor&)>;

// What a full feed (FullFile = true) leaves out: the active rows of the import's kind that it would deactivate,
// out of how many active ones there are.
struct FullFileScope {
  int64_t deactivate = 0;
  int64_t active = 0;
  std::string what;  // "on-hand rows", for the messages: "would deactivate 80 of 100 on-hand rows"
};

struct ImportKind {
  std::string_view method;           // "Product/ImportOnhands": the route under /commerce/connect/4.0 and the job's type
  const HeaderSpec& (*header)();     // its X-StormConnect-Header
  // Applies the items of one chunk, in order.
  std::function<void(ImportContext& ctx, const std::vector<ImportItem>& items)> apply;
  // FullFile = true (null: the import has no full-feed meaning). With apply = false it only counts what the
  // feed leaves out: the runner calls it before the first chunk and fails the job with status 4 (Validation
  // failed), applying nothing, when the share is above the configured limit. With apply = true, after the last
  // chunk, it deactivates those rows (counted as updates) and returns what it did.
  std::function<FullFileScope(ImportContext& ctx, const JobItems& items, bool apply)> full_file;
};

// Applies one chunk of `job` (the JSON array of items the job stored) through `kind` within `tx`: parses the
// job's header against the kind's spec and the chunk's items, builds the RuleContext of the job's application
// `app` (its culture, the client's reference data, the catalog of management/resources) and calls kind.apply.
// The runner records the chunk's progress in the same tx and commits; tests call it directly. A header that no
// longer parses (it was checked when the job was accepted) throws std::runtime_error: the job fails.
ChunkOutcome apply_chunk(const ImportKind& kind, store::WriteTx& tx, const store::ApplicationRow& app,
                         const store::JobRow& job, std::string_view chunk, int64_t now);
// A stored chunk's items (views into `chunk`); throws std::runtime_error when it no longer reads (it was checked
// when the job was accepted).
std::vector<ImportItem> parse_items(std::string_view chunk);
// The same for a chunk already parsed (connect/chunk_prefetch.hpp).
ChunkOutcome apply_chunk(const ImportKind& kind, store::WriteTx& tx, const store::ApplicationRow& app,
                         const store::JobRow& job, std::vector<ImportItem>& items, int64_t now);
// The FullFile step of `kind` (which must have one) the same way: counts (apply = false) or deactivates.
FullFileScope full_file_step(const ImportKind& kind, store::WriteTx& tx, const store::ApplicationRow& app,
                             const store::JobRow& job, const JobItems& items, int64_t now, bool apply,
                             ChunkOutcome& outcome);

// Every import norced serves (connect/imports/*.cpp).
const std::vector<const ImportKind*>& import_kinds();
const ImportKind* find_import(std::string_view method);  // letter case ignored

}  // namespace norced::connect
