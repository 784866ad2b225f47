// The Job documents as the catalog names them (connect/job_dto.hpp).
#include "connect/job_dto.hpp"

#include <gtest/gtest.h>

namespace norced::connect {
namespace {

constexpr int64_t kT0 = 1'767'225'600'000'000;  // 2026-01-01T00:00:00Z
constexpr int64_t kSecond = 1'000'000;

TEST(ConnectJobDto, TimeSpansAreDotNetText) {
  EXPECT_EQ(format_time_span(0), "00:00:00.0000000");
  EXPECT_EQ(format_time_span(1'500'000), "00:00:01.5000000");
  EXPECT_EQ(format_time_span(3'723 * kSecond + 1), "01:02:03.0000010");
  EXPECT_EQ(format_time_span(90'000 * kSecond), "1.01:00:00.0000000");
  EXPECT_EQ(format_time_span(-5), "00:00:00.0000000");
}

TEST(ConnectJobDto, AJobHasEveryMemberOfJobDtoInTheCatalogsOrder) {
  store::JobRow j;
  j.id = 42;
  j.status = store::JobStatus::Succeeded;
  j.totals = 3;
  j.inserts = 2;
  j.updates = 1;
  j.fail = 1;
  j.created = kT0;
  j.started = kT0 + kSecond;
  j.stopped = kT0 + 3 * kSecond;
  j.last_updated = kT0 + 3 * kSecond;
  j.finished = true;
  EXPECT_EQ(render_job(j, kT0 + 100 * kSecond),
            R"({"JobId":42,"StatusId":2,"StorageName":null,"Totals":3,"Inserts":2,"Updates":1,"Fail":1,)"
            R"("Start":"2026-01-01T00:00:01Z","Stop":"2026-01-01T00:00:03Z","LastUpdated":"2026-01-01T00:00:03Z",)"
            R"("IsFinished":true,"RunTime":"00:00:02.0000000"})");
}

TEST(ConnectJobDto, AQueuedJobStartsWhenAcceptedAndARunningOneRunsUntilNow) {
  store::JobRow j;
  j.id = 1;
  j.created = kT0;
  j.last_updated = kT0;
  const std::string queued = render_job(j, kT0 + 5 * kSecond);
  EXPECT_NE(queued.find(R"("Start":"2026-01-01T00:00:00Z","Stop":null)"), std::string::npos) << queued;
  EXPECT_NE(queued.find(R"("IsFinished":false,"RunTime":"00:00:00.0000000")"), std::string::npos) << queued;
  j.started = kT0 + kSecond;
  const std::string running = render_job(j, kT0 + 5 * kSecond);
  EXPECT_NE(running.find(R"("RunTime":"00:00:04.0000000")"), std::string::npos) << running;
  EXPECT_EQ(render_jobs({j, j}, kT0).front(), '[');
}

TEST(ConnectJobDto, LogEntriesAndTheJobResponse) {
  EXPECT_EQ(render_log({{store::JobSeverity::Information, "Starting import.", kT0, std::nullopt},
                        {store::JobSeverity::Error, "PartNo 'X'", kT0, "{\"PartNo\":\"X\"}"}}),
            R"([{"SeverityId":1,"Message":"Starting import.","TimeStamp":"2026-01-01T00:00:00Z","ImportedRow":null},)"
            R"({"SeverityId":3,"Message":"PartNo 'X'","TimeStamp":"2026-01-01T00:00:00Z",)"
            R"("ImportedRow":"{\"PartNo\":\"X\"}"}])");
  EXPECT_EQ(render_job_response("Accepted", "ok", 7, {2, 0, {"m"}}),
            R"({"StatusCode":"Accepted","Description":"ok","JobId":"7",)"
            R"("ValidationSummary":{"NrOfItemsInTotal":2,"NrOfValidationFailures":0,"Messages":["m"]}})");
}

}  // namespace
}  // namespace norced::connect
