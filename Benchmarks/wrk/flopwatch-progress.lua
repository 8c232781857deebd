-- wrk script: POST /api/v1/runs/{id}/progress, each request a new point (idempotent repeats would
-- measure nothing). Each wrk thread reports for its own 50 runs (bench-000…), each point a minute
-- later and 1e9 tokens more than that run's last. FW_TOKEN is the bearer token; FW_FIRST_POINT
-- (default 1) numbers the first point, so a measured run continues after a warm-up's points.
local started = 0
function setup(thread)
  thread:set("tid", started)
  started = started + 1
end

local counter = 0
local first = tonumber(os.getenv("FW_FIRST_POINT") or "1")
local base = 1767225600 -- 2026-01-01T00:00:00Z
local headers = { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. os.getenv("FW_TOKEN") }

function request()
  local run = string.format("bench-%03d", tid * 50 + (counter % 50))
  local n = math.floor(counter / 50) + first
  counter = counter + 1
  local body = string.format('{"at": "%s", "tokens": %d}', os.date("!%Y-%m-%dT%H:%M:%SZ", base + n * 60), n * 1000000000)
  return wrk.format("POST", "/api/v1/runs/" .. run .. "/progress", headers, body)
end
