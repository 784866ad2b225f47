#include "connect/openapi.hpp"

#include <utility>

#include "connect/api.hpp"
#include "connect/import.hpp"
#include "json/writer.hpp"

namespace norced::connect {

namespace {

// Connect is served at the root, not under the Management API's server URL.
void root_server(json::Writer& w) {
  w.key("servers");
  w.begin_array();
  w.begin_object_without_id();
  w.member("url", "/");
  w.end_object();
  w.end_array();
}

void ref(json::Writer& w, std::string_view target) {
  w.begin_object_without_id();
  w.member("$ref", target);
  w.end_object();
}

void param(json::Writer& w, std::string_view in, std::string_view name, bool required, std::string_view type,
           std::string_view description) {
  w.begin_object_without_id();
  w.member("name", name);
  w.member("in", in);
  w.member_bool("required", required);
  w.member("description", description);
  w.key("schema");
  w.begin_object_without_id();
  w.member("type", type);
  w.end_object();
  w.end_object();
}

void json_response(json::Writer& w, std::string_view status, std::string_view description, std::string_view schema) {
  w.key(status);
  w.begin_object_without_id();
  w.member("description", description);
  w.key("content");
  w.begin_object_without_id();
  w.key("application/json");
  w.begin_object_without_id();
  w.key("schema");
  ref(w, schema);
  w.end_object();
  w.end_object();
  w.end_object();
}

// The error responses, as the Management API's reusable ones; 429 (the rate limit) is Connect's own.
void errors(json::Writer& w, std::initializer_list<std::string_view> statuses) {
  static const std::pair<std::string_view, std::string_view> kNames[] = {
      {"400", "BadRequest"}, {"401", "Unauthorized"}, {"403", "Forbidden"}, {"404", "NotFound"},
      {"413", "PayloadTooLarge"}, {"503", "ServiceUnavailable"}};
  for (auto s : statuses) {
    w.key(s);
    if (s == "429") {
      w.begin_object_without_id();
      w.member("description", "Over the client's rate limit (--connect-rate-limit); Retry-After says when to retry.");
      w.end_object();
      continue;
    }
    for (const auto& [status, name] : kNames)
      if (status == s) ref(w, "#/components/responses/" + std::string(name));
  }
}

// The operation's common head: tag, id, summary, security (bearer or Basic), the application header.
void head(json::Writer& w, std::string_view id, std::string_view summary) {
  w.key("tags");
  w.begin_array();
  w.string("Connect");
  w.end_array();
  w.member("operationId", id);
  w.member("summary", summary);
  w.key("security");
  w.begin_array();
  w.begin_object_without_id();
  w.key("oauth2");
  w.begin_array();
  w.end_array();
  w.end_object();
  w.end_array();
}

void import_path(json::Writer& w, const ImportKind& kind) {
  w.key(std::string(kPrefix) + "/" + std::string(kind.method));
  w.begin_object_without_id();
  root_server(w);
  w.key("post");
  w.begin_object_without_id();
  const std::string method(kind.method);
  head(w, "Connect_" + method.substr(method.find('/') + 1),
       "Accepts " + std::string(kind.header().name.substr(0, kind.header().name.size() - 6)) +
           " items as a job; answers its id once the items are stored.");
  w.member("description",
           "The body is a JSON array of items, or items written back to back (as the .NET client streams them). "
           "Only the members the X-StormConnect-Header lists are written. Follow the job with Job/Get.");
  w.key("parameters");
  w.begin_array();
  param(w, "header", "applicationId", true, "integer", "Application id (also application-id).");
  param(w, "header", "X-StormConnect-Header", true, "string",
        "One line of JSON: the " + std::string(kind.header().name) + " (AccountId and the *FieldsThatAreSet lists).");
  w.end_array();
  w.key("requestBody");
  w.begin_object_without_id();
  w.member_bool("required", true);
  w.key("content");
  w.begin_object_without_id();
  w.key("application/json");
  w.begin_object_without_id();
  w.key("schema");
  w.begin_object_without_id();
  w.member("type", "array");
  w.key("items");
  w.begin_object_without_id();
  w.member("type", "object");
  w.member("description", "An item of the import, as connect.json describes it.");
  w.end_object();
  w.end_object();
  w.end_object();
  w.end_object();
  w.end_object();
  w.key("responses");
  w.begin_object_without_id();
  json_response(w, "200", "The job was stored.", "#/components/schemas/JobResponse");
  errors(w, {"400", "401", "403", "413", "429", "503"});
  w.end_object();
  w.end_object();
  w.end_object();
}

void job_path(json::Writer& w, std::string_view method, std::string_view verb, std::string_view summary,
              bool takes_id, std::string_view schema) {
  w.key(std::string(kPrefix) + "/Job/" + std::string(method));
  w.begin_object_without_id();
  root_server(w);
  w.key(verb);
  w.begin_object_without_id();
  head(w, "Connect_Job" + std::string(method), summary);
  w.key("parameters");
  w.begin_array();
  param(w, "header", "applicationId", true, "integer", "Application id (also application-id).");
  if (takes_id) param(w, "query", "id", true, "integer", "The job id.");
  if (method == "List") {
    param(w, "query", "statusId", false, "integer", "1 Initialized, 2 Succeeded, 3 Failed, 4 Validation failed.");
    param(w, "query", "isFinished", false, "boolean", "Only finished (true) or unfinished (false) jobs.");
    param(w, "query", "from", false, "string", "Accepted at or after (ISO 8601).");
    param(w, "query", "to", false, "string", "Accepted at or before (ISO 8601).");
    param(w, "query", "page", false, "integer", "Page, from 1.");
    param(w, "query", "pageSize", false, "integer", "Jobs per page (default 50, at most 500).");
  }
  w.end_array();
  w.key("responses");
  w.begin_object_without_id();
  if (schema.empty()) {
    w.key("200");
    w.begin_object_without_id();
    w.member("description", "The service answers (body: true).");
    w.end_object();
  } else {
    json_response(w, "200", "OK", schema);
  }
  errors(w, {"400", "401", "403", "429", "503"});
  if (takes_id) errors(w, {"404"});
  w.end_object();
  w.end_object();
  w.end_object();
}

constexpr std::string_view kSchemas = R"json({
  "JobResponse": {"type": "object", "description": "What an accepted import or a restart answers.",
    "properties": {"StatusCode": {"type": "string", "example": "Accepted"}, "Description": {"type": "string"},
      "JobId": {"type": "string", "description": "The job id, as a string."},
      "ValidationSummary": {"type": "object", "properties": {
        "NrOfItemsInTotal": {"type": "integer"}, "NrOfValidationFailures": {"type": "integer"},
        "Messages": {"type": "array", "items": {"type": "string"}}}}}},
  "JobDto": {"type": "object", "description": "A job and its counters (the progress bar).",
    "properties": {"JobId": {"type": "integer"},
      "StatusId": {"type": "integer", "description": "1 Initialized, 2 Succeeded, 3 Failed, 4 Validation failed."},
      "StorageName": {"type": "string", "nullable": true}, "Totals": {"type": "integer"},
      "Inserts": {"type": "integer"}, "Updates": {"type": "integer"}, "Fail": {"type": "integer"},
      "Start": {"type": "string", "format": "date-time"},
      "Stop": {"type": "string", "format": "date-time", "nullable": true},
      "LastUpdated": {"type": "string", "format": "date-time"}, "IsFinished": {"type": "boolean"},
      "RunTime": {"type": "string", "description": ".NET TimeSpan, hh:mm:ss.fffffff."}}},
  "JobDtoList": {"type": "array", "items": {"$ref": "#/components/schemas/JobDto"}},
  "JobLogDto": {"type": "object",
    "properties": {"SeverityId": {"type": "integer", "description": "1 Information, 2 Warning, 3 Error."},
      "Message": {"type": "string"}, "TimeStamp": {"type": "string", "format": "date-time"},
      "ImportedRow": {"type": "string", "nullable": true}}},
  "JobLogDtoList": {"type": "array", "items": {"$ref": "#/components/schemas/JobLogDto"}}
})json";

}  // namespace

OpenApiPart openapi_part() {
  json::Writer w;
  w.begin_object_without_id();
  for (const ImportKind* kind : import_kinds()) import_path(w, *kind);
  job_path(w, "Get", "get", "The job.", true, "#/components/schemas/JobDto");
  job_path(w, "GetLog", "get", "The job's log.", true, "#/components/schemas/JobLogDtoList");
  job_path(w, "List", "get", "The client's jobs, newest first (X-Total-Count).", false,
           "#/components/schemas/JobDtoList");
  job_path(w, "Restart", "post", "Runs a finished job's stored payload again.", true,
           "#/components/schemas/JobResponse");
  job_path(w, "Ping", "get", "Answers when the service is up.", false, "");
  w.end_object();
  return {w.take(), std::string(kSchemas)};
}

}  // namespace norced::connect
