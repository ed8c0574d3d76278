-- P1's wrk script (docs: benchmarks/README.md): POST create-order with Prefer: respond-async, a bearer
-- token and the same body every time, each request with an Idempotency-Key of its own, so that the
-- gateway accepts every one as a new booking request.
-- Arguments after wrk's "--": the token, a label unique to the run (part of every key), the body.
-- At the end it prints "p1-wrk ..." lines that the harness reads (WrkReport): exact percentiles
-- and the answers counted by status.

local threads = {}
local thread_count = 0

function setup(thread)
  thread_count = thread_count + 1
  thread:set("thread_number", thread_count)
  table.insert(threads, thread)
end

local sent = 0
statuses = {}

function init(args)
  token = args[1]
  label = args[2]
  body = args[3]
end

function request()
  sent = sent + 1
  local headers = {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. token,
    ["Prefer"] = "respond-async",
    ["Idempotency-Key"] = label .. "-" .. thread_number .. "-" .. sent,
  }
  return wrk.format("POST", nil, headers, body)
end

function response(status, headers, response_body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  io.write(string.format("p1-wrk requests %d\n", summary.requests))
  io.write(string.format("p1-wrk duration-us %d\n", summary.duration))
  local errors = summary.errors
  io.write(string.format("p1-wrk errors connect %d read %d write %d status %d timeout %d\n",
    errors.connect, errors.read, errors.write, errors.status, errors.timeout))
  for _, p in ipairs({ 50, 90, 99, 99.9 }) do
    io.write(string.format("p1-wrk latency-us p%g %d\n", p, latency:percentile(p)))
  end
  io.write(string.format("p1-wrk latency-us max %d\n", latency.max))
  io.write(string.format("p1-wrk latency-us mean %.1f\n", latency.mean))
  local all = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      all[status] = (all[status] or 0) + count
    end
  end
  for status, count in pairs(all) do
    io.write(string.format("p1-wrk status %d %d\n", status, count))
  end
end
