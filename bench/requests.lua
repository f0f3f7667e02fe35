-- wrk script: sends the requests listed in the file named by REQUESTS_FILE (one per line:
-- "path<TAB>header: value<TAB>header: value"), round-robin, each thread from the start of
-- its share of the list, and prints one JSON line of results when done.
local requests = {}
local counter = 0
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(os.getenv("REQUESTS_FILE")) do
    local fields = {}
    for field in string.gmatch(line, "[^\t]+") do table.insert(fields, field) end
    local headers = {}
    for i = 2, #fields do
      local name, value = string.match(fields[i], "^([^:]+):%s*(.*)$")
      headers[name] = value
    end
    table.insert(requests, wrk.format("GET", fields[1], headers))
  end
  -- Each thread starts its own share of the list: no request repeats another thread's
  -- until the list runs out (a first view stays a first view).
  local thread_count = tonumber(os.getenv("WRK_THREADS") or "1")
  counter = (id or 0) * math.floor(#requests / thread_count)
end

function request()
  counter = counter + 1
  return requests[(counter % #requests) + 1]
end

function done(summary, latency, requests_done)
  local errors = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, ' ..
    '"max_us": %d, "errors": %d, "status_errors": %d, "timeouts": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max,
    errors.connect + errors.read + errors.write + errors.status + errors.timeout,
    errors.status, errors.timeout))
end
