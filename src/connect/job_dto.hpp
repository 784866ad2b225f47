// Connect's job documents as the catalog names them (connect.json, "Job models"): JobDto for Job/Get and
// Job/List, JobLogDto for Job/GetLog, JobResponse for an accepted import and Job/Restart. PascalCase members in
// the catalog's order, without Newtonsoft's "$id" (Connect's responses carry none), JobId an integer in a
// JobDto and a string in a JobResponse, as the catalog types them.
#pragma once

#include <string>
#include <vector>

#include "core/time.hpp"
#include "store/jobs.hpp"

namespace norced::connect {

// .NET TimeSpan text, "hh:mm:ss.fffffff" ("d.hh:mm:ss.fffffff" from a day on); negative spans are 0.
std::string format_time_span(timeutil::Micros span);

// One JobDto. `now` gives a running job its RunTime so far.
std::string render_job(const store::JobRow& job, timeutil::Micros now);
std::string render_jobs(const std::vector<store::JobRow>& jobs, timeutil::Micros now);
std::string render_log(const std::vector<store::JobLogEntry>& log);

struct ValidationSummary {
  int64_t items = 0;     // NrOfItemsInTotal
  int64_t failures = 0;  // NrOfValidationFailures
  std::vector<std::string> messages;
};

std::string render_job_response(std::string_view status_code, std::string_view description, int64_t job_id,
                                const ValidationSummary& summary);

}  // namespace norced::connect
