-- wrk script for `make bench`. Reads the requests to cycle through from a file, one a line:
--   KIND<TAB>METHOD<TAB>PATH<TAB>COOKIE<TAB>BODY<TAB>EXPECTED_STATUS<TAB>REVISION
-- and prints one JSON line of results: wrk's own figures for all requests, and each kind's
-- request count, errors and latencies, so a mixed run reports every page on its own.
--
-- Run it with one connection per thread (-tN -cN): then each thread has one request in flight,
-- the response it sees is the answer to the request it sent last, and it can time each request
-- and check its status. Each thread takes its own share of the lines (every Nth), so an edit
-- that carries a REVISION (an assessment save, edited at the revision it was last saved at) is
-- sent by one thread only, which counts the revision up as each save succeeds: no save
-- conflicts.
--
-- Arguments after `--`: the file, the origin for Referer and Origin, how many responses each
-- thread stops after, and the number of threads.
local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
  int clock_gettime(int clock_id, bench_timespec *now);
]]
local CLOCK_MONOTONIC = 1
local clock = ffi.new("bench_timespec")

local function now_us()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, clock)
  return tonumber(clock.tv_sec) * 1000000 + tonumber(clock.tv_nsec) / 1000
end

local TRIVIAL = "trivial"
-- wrk copies a thread's globals to done() one level deep only (a table of tables crashes it),
-- so each latency is stored as its kind's number times SPAN plus the microseconds it took.
local SPAN = 1000000000
local lines = {}
local index, seen, limit = 0, 0, 0
local sent_line, sent_at
-- Globals, so that done() can read them from each thread.
samples = {}    -- kind number * SPAN + latency in microseconds, one per response
kind_names = {} -- kind number -> kind, the same in every thread
errors = {}     -- kind -> responses whose status was not the expected one
failures = {}   -- "kind status path" -> how many, for every unexpected response
thread_number = 0
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_number", #threads)
end

local function headers_for(origin, path, cookie, method)
  local headers = {
    ["Cookie"] = cookie,
    ["X-Forwarded-Proto"] = "https",
    ["Referer"] = origin .. path,
    ["Origin"] = origin,
  }
  if method == "POST" then
    headers["Content-Type"] = "application/x-www-form-urlencoded"
  end
  return headers
end

function init(args)
  local origin = args[2]
  limit = tonumber(args[3])
  local thread_count = tonumber(args[4])
  local all, numbers = {}, {}
  for text in io.lines(args[1]) do
    local kind, method, path, cookie, body, status, revision =
      text:match("^(%S+)\t(%S+)\t(%S+)\t([^\t]*)\t([^\t]*)\t(%d+)\t(%d+)$")
    if not numbers[kind] then
      table.insert(kind_names, kind)
      numbers[kind] = #kind_names
    end
    table.insert(all, {
      kind = kind,
      number = numbers[kind],
      method = method,
      path = path,
      headers = headers_for(origin, path, cookie, method),
      body = body,
      status = tonumber(status),
      revision = tonumber(revision),
    })
  end
  -- Every Nth line from this thread's number; a list shorter than the threads (one PDF, the
  -- trivial view) is sent whole by every thread, and carries no revisions.
  for number, line in ipairs(all) do
    if #all < thread_count or (number - 1) % thread_count == thread_number - 1 then
      if line.revision == 0 then
        line.request = wrk.format(line.method, line.path, line.headers, line.body ~= "" and line.body or nil)
      end
      table.insert(lines, line)
    end
  end
  for _, line in ipairs(lines) do
    errors[line.kind] = 0
  end
  index = math.random(#lines) - 1
end

function request()
  index = index % #lines + 1
  local line = lines[index]
  sent_line = line
  sent_at = now_us()
  if line.revision > 0 then
    local body = line.body .. "&revision=" .. line.revision
    return wrk.format(line.method, line.path, line.headers, body)
  end
  return line.request
end

function response(status, headers, body)
  local took = math.min(now_us() - sent_at, SPAN - 1)
  samples[#samples + 1] = sent_line.number * SPAN + took
  -- A redirect to the sign-in page is a failure too, whatever status was expected.
  local location = headers["Location"] or headers["location"] or ""
  if status ~= sent_line.status or location:find("/login", 1, true) then
    errors[sent_line.kind] = errors[sent_line.kind] + 1
    local failure = sent_line.kind .. " " .. status .. " " .. sent_line.path
    failures[failure] = (failures[failure] or 0) + 1
    -- A save refused as a conflict shows the revision saved now: carry on from it, so that one
    -- lost save does not fail every later one of the same entry.
    local saved = sent_line.revision > 0 and body:match('name="revision" value="(%d+)"')
    if saved then
      sent_line.revision = tonumber(saved)
    end
  elseif sent_line.revision > 0 then
    -- Saved: the server counted the revision up. Counted here, on the answer, because wrk
    -- calls request() once more than it sends, to check what it returns.
    sent_line.revision = sent_line.revision + 1
  end
  seen = seen + 1
  if seen >= limit then
    wrk.thread:stop()
  end
end

local function percentile(sorted, p)
  if #sorted == 0 then
    return 0
  end
  return sorted[math.max(1, math.ceil(#sorted * p / 100))] / 1000
end

local function stats(samples, wrong)
  table.sort(samples)
  return string.format(
    '{"requests": %d, "errors": %d, "p50_ms": %.2f, "p95_ms": %.2f, "p99_ms": %.2f, "max_ms": %.2f}',
    #samples, wrong, percentile(samples, 50), percentile(samples, 95), percentile(samples, 99),
    percentile(samples, 100))
end

function done(summary, latency, requests)
  local by_kind, wrong, pages, page_errors = {}, {}, {}, 0
  for _, thread in ipairs(threads) do
    local names = thread:get("kind_names")
    for kind, count in pairs(thread:get("errors")) do
      by_kind[kind] = by_kind[kind] or {}
      wrong[kind] = (wrong[kind] or 0) + count
      if kind ~= TRIVIAL then
        page_errors = page_errors + count
      end
    end
    for _, sample in ipairs(thread:get("samples")) do
      local kind, took = names[math.floor(sample / SPAN)], sample % SPAN
      table.insert(by_kind[kind], took)
      if kind ~= TRIVIAL then
        table.insert(pages, took)
      end
    end
  end
  local failed = {}
  for _, thread in ipairs(threads) do
    for failure, count in pairs(thread:get("failures")) do
      failed[failure] = (failed[failure] or 0) + count
    end
  end
  local failure_list = {}
  for failure, count in pairs(failed) do
    table.insert(failure_list, string.format('"%s": %d', failure, count))
  end
  local kinds, unexpected = {}, 0
  for kind, samples in pairs(by_kind) do
    unexpected = unexpected + wrong[kind]
    table.insert(kinds, string.format('"%s": %s', kind, stats(samples, wrong[kind])))
  end
  local errors = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "socket_errors": %d, "http_errors": %d, ' ..
    '"unexpected_status": %d, "p50_ms": %.2f, "p95_ms": %.2f, "p99_ms": %.2f, "max_ms": %.2f, ' ..
    '"pages": %s, "kinds": {%s}, "failures": {%s}}\n',
    summary.requests, summary.duration,
    errors.connect + errors.read + errors.write + errors.timeout, errors.status, unexpected,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000,
    stats(pages, page_errors), table.concat(kinds, ", "), table.concat(failure_list, ", ")))
end
