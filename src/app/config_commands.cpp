// `norced seed`, `norced export` and `norced reset`: configuration as files, and a client back to its seeded
// state, from the command line. The work is the management layer's (seed.hpp, export.hpp, reset.hpp); this
// file opens the store, reads and writes the files and prints what was done.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <stdexcept>

#include "app/commands.hpp"
#include "app/config_file.hpp"
#include "core/clock.hpp"
#include "json/writer.hpp"
#include "management/export.hpp"
#include "management/reset.hpp"
#include "management/resources/resources.hpp"
#include "management/seed.hpp"

namespace norced::app {

namespace {

// A refused command: the problem's detail (every line naming the file, item and member) as the error.
[[noreturn]] void fail(const Problem& p) {
  std::string message = p.detail;
  if (message.empty())
    for (const auto& e : p.errors) message += (message.empty() ? "" : "\n") + e.field + ": " + e.message;
  throw std::runtime_error(message);
}

management::Seeded seed_into(store::Store& store, int64_t client, std::optional<int64_t> application,
                             const std::string& file, int max_depth) {
  auto doc = read_config_file(file);
  if (!doc) fail(doc.problem());
  management::SeedOptions o;
  o.client = client;
  o.application = application;
  o.source = file;
  o.lines = std::move(doc->lines);
  o.author = {"norced seed", system_clock().now()};
  o.max_hierarchy_depth = max_depth;
  auto seeded = management::seed(store, management::resources::catalog(), doc->document, o);
  if (!seeded) fail(seeded.problem());
  return std::move(*seeded);
}

}  // namespace

std::string seed_file(Application& app, int64_t client, std::optional<int64_t> application, const std::string& file) {
  auto seeded = seed_into(app.store(), client, application, file, app.management().options().max_hierarchy_depth);
  app.management().changes().applied_locally(seeded.changes);
  return management::summary(client, seeded);
}

int seed_command(const SeedCommandOptions& o) {
  auto store = open_store(o.store);
  auto seeded = seed_into(*store, o.client, o.application, o.file, management::ApiOptions{}.max_hierarchy_depth);
  std::printf("%s\n", management::summary(o.client, seeded).c_str());
  return 0;
}

int export_command(const ExportOptions& o) {
  auto store = open_store(o.store);
  management::ExportOptions eo;
  eo.client = o.client;
  eo.application = o.application;
  eo.resources = o.resources;
  eo.now = system_clock().now();
  auto doc = management::export_client(*store, management::resources::catalog(), eo);
  if (!doc) fail(doc.problem());
  ConfigFormat format = ConfigFormat::Json;
  if (auto named = parse_config_format(o.format)) format = *named;
  else if (auto by_name = format_of_name(o.output)) format = *by_name;
  const std::string text = format_config(*doc, format);
  if (o.output.empty()) {
    std::fwrite(text.data(), 1, text.size(), stdout);
    return 0;
  }
  std::ofstream out(o.output, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) throw std::runtime_error(o.output + ": cannot be written.");
  return 0;
}

int reset_command(const ResetOptions& o) {
  auto store = open_store(o.store);
  const auto started = std::chrono::steady_clock::now();
  auto restored = management::reset::restore(*store, management::resources::catalog(), o.client,
                                             {"norced reset", system_clock().now()});
  if (!restored) fail(restored.problem());
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  std::printf("{\"ClientId\":%lld,\"Inserted\":%lld,\"Updated\":%lld,\"Removed\":%lld,\"Milliseconds\":%lld}\n",
              static_cast<long long>(o.client), static_cast<long long>(restored->inserted),
              static_cast<long long>(restored->updated), static_cast<long long>(restored->removed),
              static_cast<long long>(ms.count()));
  return 0;
}

}  // namespace norced::app
