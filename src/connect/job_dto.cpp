#include "connect/job_dto.hpp"

#include <cstdio>

#include "json/writer.hpp"

namespace norced::connect {

namespace {

void write_job(json::Writer& w, const store::JobRow& j, timeutil::Micros now) {
  // Start is a DateTime, not nullable, in the contract: a job not started yet shows when it was accepted.
  const timeutil::Micros start = j.started.value_or(j.created);
  const timeutil::Micros end = j.stopped.value_or(now);
  w.begin_object_without_id();
  w.member("JobId", j.id);
  w.member("StatusId", static_cast<int64_t>(j.status));
  w.member_null("StorageName");
  w.member("Totals", j.totals);
  w.member("Inserts", j.inserts);
  w.member("Updates", j.updates);
  w.member("Fail", j.fail);
  w.member("Start", timeutil::format_iso8601(start));
  if (j.stopped) w.member("Stop", timeutil::format_iso8601(*j.stopped)); else w.member_null("Stop");
  w.member("LastUpdated", timeutil::format_iso8601(j.last_updated));
  w.member_bool("IsFinished", j.finished);
  w.member("RunTime", format_time_span(j.started ? end - *j.started : 0));
  w.end_object();
}

}  // namespace

std::string format_time_span(timeutil::Micros span) {
  if (span < 0) span = 0;
  const int64_t ticks = span * 10;  // .NET ticks are 100 ns
  const int64_t seconds = ticks / 10'000'000;
  const int64_t days = seconds / 86'400;
  char buf[64];
  const int n = days > 0 ? std::snprintf(buf, sizeof buf, "%lld.%02lld:%02lld:%02lld.%07lld", static_cast<long long>(days),
                                         static_cast<long long>(seconds / 3600 % 24), static_cast<long long>(seconds / 60 % 60),
                                         static_cast<long long>(seconds % 60), static_cast<long long>(ticks % 10'000'000))
                         : std::snprintf(buf, sizeof buf, "%02lld:%02lld:%02lld.%07lld", static_cast<long long>(seconds / 3600),
                                         static_cast<long long>(seconds / 60 % 60), static_cast<long long>(seconds % 60),
                                         static_cast<long long>(ticks % 10'000'000));
  return std::string(buf, static_cast<size_t>(n));
}

std::string render_job(const store::JobRow& job, timeutil::Micros now) {
  json::Writer w;
  write_job(w, job, now);
  return w.take();
}

std::string render_jobs(const std::vector<store::JobRow>& jobs, timeutil::Micros now) {
  json::Writer w;
  w.begin_array();
  for (const auto& j : jobs) write_job(w, j, now);
  w.end_array();
  return w.take();
}

std::string render_log(const std::vector<store::JobLogEntry>& log) {
  json::Writer w;
  w.begin_array();
  for (const auto& e : log) {
    w.begin_object_without_id();
    w.member("SeverityId", static_cast<int64_t>(e.severity));
    w.member("Message", e.message);
    w.member("TimeStamp", timeutil::format_iso8601(e.at));
    if (e.imported_row) w.member("ImportedRow", *e.imported_row); else w.member_null("ImportedRow");
    w.end_object();
  }
  w.end_array();
  return w.take();
}

std::string render_job_response(std::string_view status_code, std::string_view description, int64_t job_id,
                                const ValidationSummary& summary) {
  json::Writer w;
  w.begin_object_without_id();
  w.member("StatusCode", status_code);
  w.member("Description", description);
  w.member("JobId", std::to_string(job_id));
  w.key("ValidationSummary");
  w.begin_object_without_id();
  w.member("NrOfItemsInTotal", summary.items);
  w.member("NrOfValidationFailures", summary.failures);
  w.key("Messages");
  w.begin_array();
  for (const auto& m : summary.messages) w.string(m);
  w.end_array();
  w.end_object();
  w.end_object();
  return w.take();
}

}  // namespace norced::connect
