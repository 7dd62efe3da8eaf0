-- wrk script for `make bench`. Reads the requests to cycle through from a file (one per line:
-- METHOD<TAB>PATH<TAB>COOKIE<TAB>BODY<TAB>EXPECTED_STATUS), stops each thread after a fixed
-- number of responses, and prints one JSON line of results.
local requests, expected, uniform = {}, {}, true
local index, seen, limit = 0, 0, 0
unexpected = 0 -- global, so that done() can read it from each thread
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  local origin = args[2]
  limit = tonumber(args[3])
  for line in io.lines(args[1]) do
    local method, path, cookie, body, status = line:match("^(%S+)\t(%S+)\t([^\t]*)\t([^\t]*)\t(%d+)$")
    local headers = {
      ["Cookie"] = cookie,
      ["X-Forwarded-Proto"] = "https",
      ["Referer"] = origin .. path,
      ["Origin"] = origin,
    }
    if method == "POST" then
      headers["Content-Type"] = "application/x-www-form-urlencoded"
    end
    table.insert(requests, wrk.format(method, path, headers, body ~= "" and body or nil))
    table.insert(expected, tonumber(status))
    uniform = uniform and tonumber(status) == expected[1]
  end
  index = math.random(#requests) - 1
end

function request()
  index = index % #requests + 1
  return requests[index]
end

function response(status, headers, body)
  seen = seen + 1
  -- With several connections per thread, responses do not come back in request order, so a
  -- mixed run can only check that nothing failed.
  if (uniform and status ~= expected[1]) or (not uniform and status >= 400) then
    unexpected = unexpected + 1
  end
  if seen >= limit then
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  local wrong = 0
  for _, thread in ipairs(threads) do
    wrong = wrong + thread:get("unexpected")
  end
  local errors = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "socket_errors": %d, "http_errors": %d, ' ..
    '"unexpected_status": %d, "p50_ms": %.2f, "p95_ms": %.2f, "p99_ms": %.2f, "max_ms": %.2f}\n',
    summary.requests, summary.duration,
    errors.connect + errors.read + errors.write + errors.timeout, errors.status, wrong,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end
