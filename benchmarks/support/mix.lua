-- The `pnpm bench api` request mix for wrk (LuaJIT). benchmarks/support/wrk.ts prepends a table
-- `MIX` (token, metros, vendor count, payable incident ids) before this script.
--   55% GET /vendors/search at a random point near a metro (radius 10 km, limit 10)
--   25% GET /vendors/{id} of a random seeded vendor
--   10% POST /payments with a fresh Idempotency-Key on a completed incident of the caller
--   10% GET /health
-- Script arguments (after `--`): [rate per second for this run, 0 = as fast as it goes] [threads].
local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } rc_timespec;
  int clock_gettime(int clock, rc_timespec *ts);
]]
local CLOCK_MONOTONIC = 1
local ts = ffi.new("rc_timespec")
local function now_ms()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, ts)
  return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
end

local KM_PER_DEGREE = 111.195
local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

local interval_ms = 0
local next_slot = nil
local sequence = 0
local auth = nil
local json_headers = nil

function init(args)
  local rate = tonumber(args[1] or "0") or 0
  local thread_count = tonumber(args[2] or "1") or 1
  if rate > 0 then interval_ms = 1000 * thread_count / rate end
  math.randomseed(id * 7919 + os.time())
  auth = { ["Authorization"] = "Bearer " .. MIX.token }
  json_headers = { ["Authorization"] = "Bearer " .. MIX.token, ["Content-Type"] = "application/json" }
end

-- Open-loop pacing: every request takes the next slot of this thread's schedule; a thread that
-- falls behind sends at once (the achieved rate then shows the shortfall).
function delay()
  if interval_ms == 0 then return 0 end
  local now = now_ms()
  if next_slot == nil then next_slot = now end
  next_slot = next_slot + interval_ms
  local wait = next_slot - now
  if wait < 1 then return 0 end
  return math.floor(wait)
end

local function gaussian()
  local u = math.max(math.random(), 1e-12)
  return math.sqrt(-2 * math.log(u)) * math.cos(2 * math.pi * math.random())
end

local function search_path()
  local metro = MIX.metros[math.random(#MIX.metros)]
  local spread = metro.spreadKm / 2
  local lat = metro.lat + gaussian() * spread / KM_PER_DEGREE
  local lon = metro.lon + gaussian() * spread / (KM_PER_DEGREE * math.cos(math.rad(metro.lat)))
  return string.format("/vendors/search?lat=%.5f&lon=%.5f&radiusKm=10&limit=10", lat, lon)
end

function request()
  local pick = math.random()
  if pick < 0.55 then
    return wrk.format("GET", search_path(), auth)
  elseif pick < 0.80 then
    return wrk.format("GET", string.format("/vendors/vendor-%06d", math.random(0, MIX.vendors - 1)), auth)
  elseif pick < 0.90 then
    sequence = sequence + 1
    local headers = {
      ["Authorization"] = json_headers["Authorization"],
      ["Content-Type"] = "application/json",
      ["Idempotency-Key"] = string.format("%s-%d-%d-%d", MIX.run, id, sequence, math.random(1, 1e9)),
    }
    local incident = MIX.incidents[math.random(#MIX.incidents)]
    local body = string.format('{"incidentId":"%s","amountCents":%d,"currency":"USD"}', incident, math.random(500, 50000))
    return wrk.format("POST", "/payments", headers, body)
  else
    return wrk.format("GET", "/health", nil)
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK_RESULT {"requests":%d,"durationUs":%d,"p50Us":%d,"p95Us":%d,"p99Us":%d,"maxUs":%d,"meanUs":%.1f,"non2xx":%d,"connectErrors":%d,"readErrors":%d,"writeErrors":%d,"timeouts":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95), latency:percentile(99),
    latency.max, latency.mean, e.status, e.connect, e.read, e.write, e.timeout))
end
