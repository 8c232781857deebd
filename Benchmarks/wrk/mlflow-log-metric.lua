-- wrk script: MLflow's POST /api/2.0/mlflow/runs/log-metric, each request a new step of one
-- metric ("tokens") on the thread's own run (MLFLOW_RUNS: comma-separated run ids, one per thread).
local started = 0
function setup(thread)
  thread:set("tid", started)
  started = started + 1
end

local counter = 0
local headers = { ["Content-Type"] = "application/json" }
local runs = {}
for id in string.gmatch(os.getenv("MLFLOW_RUNS"), "[^,]+") do table.insert(runs, id) end

function request()
  counter = counter + 1
  local run = runs[(tid % #runs) + 1]
  local body = string.format('{"run_id": "%s", "key": "tokens", "value": %d, "timestamp": %d, "step": %d}',
    run, counter * 1000000000, 1767225600000 + counter * 60000, counter)
  return wrk.format("POST", "/api/2.0/mlflow/runs/log-metric", headers, body)
end
