-- wrk script for bench/run.sh. Configured through environment variables:
--   BENCH_MODE   get       fixed request: BENCH_PATH
--                byid      GET BENCH_PATH .. random id in [BENCH_MIN_ID, BENCH_MAX_ID]
--                sweep     GET BENCH_PATH .. every id of [BENCH_MIN_ID, BENCH_MAX_ID] in turn, the threads
--                          (BENCH_THREADS of them) taking every BENCH_THREADS-th, from the start again when
--                          done: what reads every id once (a response cache's steady state) soonest
--                post      POST /api/category with a unique Code per request (BENCH_RUN prefix,
--                          thread number, counter) under a random seeded parent
--   BENCH_TOKEN  bearer token: adds the Management API headers (Authorization, application-id, account-id)
--   BENCH_DELAY_MS  when set, each connection waits this long between a response and its next request: a light,
--                paced load (a latency probe) instead of a saturating one (bench/connect_scale.py)
-- done() prints one line "BENCH_RESULT {json}" with the run's counts and latency percentiles (microseconds).

local mode = os.getenv("BENCH_MODE") or "get"
local path = os.getenv("BENCH_PATH") or "/"
local min_id = tonumber(os.getenv("BENCH_MIN_ID") or "1")
local max_id = tonumber(os.getenv("BENCH_MAX_ID") or "10000")
local run = os.getenv("BENCH_RUN") or tostring(os.time())
local token = os.getenv("BENCH_TOKEN")
local delay_ms = tonumber(os.getenv("BENCH_DELAY_MS") or "")
local thread_count = tonumber(os.getenv("BENCH_THREADS") or "1")

if token and token ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. token
  wrk.headers["application-id"] = "1"
  wrk.headers["account-id"] = "1"
end
wrk.path = path

-- setup() runs in the main Lua state once per thread: give every thread its own number.
local threads = {}
local next_tid = 0
function setup(thread)
  next_tid = next_tid + 1
  thread:set("tid", next_tid)
  table.insert(threads, thread)
end

local counter = 0
function init(args)
  math.randomseed(os.time() * 1000 + (tid or 0) * 7919)
  for _ = 1, 10 do math.random() end
end

if mode == "byid" then
  function request()
    return wrk.format("GET", path .. math.random(min_id, max_id))
  end
elseif mode == "sweep" then
  function request()
    local id = min_id + ((tid or 1) - 1 + counter * thread_count) % (max_id - min_id + 1)
    counter = counter + 1
    return wrk.format("GET", path .. id)
  end
elseif mode == "post" then
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  function request()
    counter = counter + 1
    local code = string.format("B%s-%d-%d", run, tid or 0, counter)  -- at most ~30 characters
    local body = string.format(
      '{"Code":"%s","Name":"Bench %s","ParentId":%d,"SortOrder":%d,"IsActive":true,' ..
      '"Cultures":[{"CultureCode":"sv-SE","Name":"Bänk %s"}]}',
      code, code, math.random(min_id, max_id), counter % 100, code)
    return wrk.format("POST", "/api/category", nil, body)
  end
end

if delay_ms then
  function delay()
    return delay_ms
  end
end

-- Non-2xx answers (e.g. a 409 on a duplicate Code) count as errors in the summary.
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_RESULT {"requests":%d,"duration_us":%d,"bytes":%d,' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
    '"latency_us":{"min":%d,"mean":%.1f,"p50":%d,"p90":%d,"p99":%d,"p999":%d,"max":%d}}\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency.min, latency.mean, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency:percentile(99.9), latency.max))
end
