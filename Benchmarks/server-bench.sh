#!/usr/bin/env bash
# The server against MLflow's tracking server, both on one throwaway PostgreSQL, driven by wrk at
# 50 connections from this machine, measured in the same run (issue 14):
#  1. FlopWatch POST /api/v1/runs/{id}/progress (each request a new point: a forecast, obligations
#     and an audit entry in one transaction) vs MLflow POST /api/2.0/mlflow/runs/log-metric
#     (target: ≥ 10× MLflow's requests/s, p99 < 50 ms);
#  2. FlopWatch GET /api/v1/runs/{id} vs MLflow GET /api/2.0/mlflow/runs/get (target: ≥ 10×);
#  3. FlopWatch GET /api/v1/runs?min_flop=1e25 on registries of SMALL and BIG runs (default 10,000
#     and 1,000,000; target: within 2×). The generator puts exactly 50 runs above 1e25 at any size.
# MLflow 2.22.0 (with psycopg2-binary) is installed from PyPI into Benchmarks/.venv-mlflow on first
# use and started with its defaults (gunicorn, 4 workers). PostgreSQL is started here (initdb into a
# temporary directory, a free loopback port) and stopped at the end, however the script ends.
# Each measurement follows an unmeasured warm-up of WARMUP seconds (default 3) against the same
# server and endpoint, for MLflow as for FlopWatch: steady-state figures. FlopWatch's progress
# warm-up is where its cache of each run's state fills (the first point of each of the 100 runs
# writes its obligations); its measured run continues with later points on the same line
# (point n: minute n, n·1e9 tokens), from n = 1000, so every measured request is a new point and
# no run crosses a threshold inside the measured window (the 10^23 one falls at n ≈ 2400; a
# crossing rewrites that run's obligations once, in a transaction of its own).
# Usage: Benchmarks/server-bench.sh [SECONDS] [SMALL] [BIG]   e.g. Benchmarks/server-bench.sh 15 10000 1000000
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-15}; small=${2:-10000}; big=${3:-1000000}; warmup=${WARMUP:-3}
connections=50
work=$(mktemp -d)
pids=()
source Benchmarks/pg-cluster.sh
# MLflow runs under setsid so that its gunicorn workers go with it (kill the whole group).
cleanup() { for pid in "${pids[@]}"; do kill -- "-$pid" 2>/dev/null || kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; pg_stop; rm -rf "$work"; }
trap cleanup EXIT
command -v wrk >/dev/null || { echo "wrk is missing (apt-get install wrk)" >&2; exit 1; }
venv=Benchmarks/.venv-mlflow
if [ ! -x "$venv/bin/mlflow" ]; then
  echo "installing mlflow==2.22.0 into $venv (once)"
  python3 -m venv "$venv"
  # SQLAlchemy 2.1 dropped a pool class MLflow 2.22 imports.
  "$venv/bin/pip" install --quiet mlflow==2.22.0 "sqlalchemy<2.1" psycopg2-binary
fi
swift build -c release --static-swift-stdlib --product flopwatch >/dev/null
bin=$PWD/.build/release/flopwatch
export FLOPWATCH_HOME=$work/home
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_for() { for _ in $(seq 600); do curl -s -o /dev/null "$1" && return 0; sleep 0.2; done; echo "not answering: $1" >&2; tail -20 "$work"/*.log >&2; return 1; }

pg_start "$work/pg"
small_db=$(pg_createdb fw_small); big_db=$(pg_createdb fw_big); mlflow_db=$(pg_createdb mlflow)

echo "== preparing registries: $small and $big runs (imported with flopwatch registry import), 100 runs for progress"
python3 Benchmarks/generate_runs.py "$small" "$work/small.jsonl"
python3 Benchmarks/generate_runs.py "$big" "$work/big.jsonl"
python3 - "$work/bench.jsonl" <<'PY'
import json, sys
with open(sys.argv[1], "w") as f:
    for i in range(100):
        f.write(json.dumps({"flopwatch": 1, "id": f"bench-{i:03d}", "developer": {"name": "Bench Lab"},
            "model": {"architecture": "dense", "parameters": 7e9, "modalities": ["text"]},
            "stages": [{"kind": "pre-training", "tokens": 2e12}], "schedule": {"start": "2026-01-01", "end": "2026-12-31"},
            "markets": ["EU"], "status": "running"}) + "\n")
PY
"$bin" registry import "$work/small.jsonl" --registry "$small_db" --batch-size 5000 >/dev/null
"$bin" registry import "$work/bench.jsonl" --registry "$small_db" >/dev/null
"$bin" registry import "$work/big.jsonl" --registry "$big_db" --batch-size 5000 >/dev/null
# As after any bulk load: statistics and visibility maps now, and the load's dirty pages written
# out, rather than autovacuum or a checkpoint of a million runs' pages in the middle of a measurement.
for db in fw_small fw_big; do pg_psql "$db" -c "VACUUM ANALYZE" >/dev/null; done
pg_psql fw_small -c "CHECKPOINT" >/dev/null
export FW_TOKEN=$("$bin" serve token create --name bench --role submitter --database "$small_db" 2>/dev/null)
big_token=$("$bin" serve token create --name bench --role viewer --database "$big_db" 2>/dev/null)

small_port=$(free_port); big_port=$(free_port); mlflow_port=$(free_port)
"$bin" serve --database "$small_db" --port "$small_port" --log-level error >"$work/fw-small.log" 2>&1 & pids+=($!)
"$bin" serve --database "$big_db" --port "$big_port" --log-level error >"$work/fw-big.log" 2>&1 & pids+=($!)
setsid "$venv/bin/mlflow" server --backend-store-uri "${mlflow_db/postgres:/postgresql:}" --default-artifact-root "$work/artifacts" \
  --host 127.0.0.1 --port "$mlflow_port" >"$work/mlflow.log" 2>&1 & pids+=($!)
wait_for "http://127.0.0.1:$small_port/healthz"; wait_for "http://127.0.0.1:$big_port/healthz"; wait_for "http://127.0.0.1:$mlflow_port/health"
mlflow_runs=""
for _ in 1 2; do
  id=$(curl -s -X POST -H 'Content-Type: application/json' -d '{"experiment_id": "0", "run_name": "bench"}' \
    "http://127.0.0.1:$mlflow_port/api/2.0/mlflow/runs/create" | python3 -c 'import json,sys; print(json.load(sys.stdin)["run"]["info"]["run_id"])')
  mlflow_runs+="${mlflow_runs:+,}$id"
done
export MLFLOW_RUNS=$mlflow_runs
echo "flopwatch $($bin --version) (release) and MLflow $("$venv/bin/mlflow" --version | awk '{print $NF}') on PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $NF}'); wrk -t2 -c$connections -d${seconds}s after ${warmup}s of warm-up; $(nproc) cores"

# Runs wrk for the warm-up, then measured; prints "requests/s p50_ms p99_ms non2xx".
measure() {
  wrk -t2 -c"$connections" -d"${warmup}s" "$@" >/dev/null
  export FW_FIRST_POINT=1000
  local out; out=$(wrk -t2 -c"$connections" -d"${seconds}s" --latency "$@")
  unset FW_FIRST_POINT
  echo "$out" >>"$work/wrk.log"
  local rps p50 p99 bad
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$out" | awk '$1 == "50%" {print $2}'); p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
  bad=$(echo "$out" | awk '/Non-2xx/ {print $NF}'); bad=${bad:-0}
  echo "$rps $(to_ms "$p50") $(to_ms "$p99") $bad"
}
to_ms() { python3 -c "import re,sys; v,u=re.match(r'([\d.]+)(us|ms|s)', sys.argv[1]).groups(); print(round(float(v)*{'us':0.001,'ms':1,'s':1000}[u], 2))" "$1"; }
report() { printf '  %-58s %10s req/s  p50 %7s ms  p99 %7s ms  non-2xx %s\n' "$1" $2 $3 $4 $5; }
ratio() { python3 -c "import sys; print(f'{float(sys.argv[1])/float(sys.argv[2]):.1f}')" "$1" "$2"; }

echo "== 1. progress: FlopWatch POST /runs/{id}/progress vs MLflow log-metric"
read -r fw_rps fw_p50 fw_p99 fw_bad < <(measure -s Benchmarks/wrk/flopwatch-progress.lua "http://127.0.0.1:$small_port")
read -r ml_rps ml_p50 ml_p99 ml_bad < <(measure -s Benchmarks/wrk/mlflow-log-metric.lua "http://127.0.0.1:$mlflow_port")
report "FlopWatch POST /api/v1/runs/{id}/progress" "$fw_rps" "$fw_p50" "$fw_p99" "$fw_bad"
report "MLflow POST /api/2.0/mlflow/runs/log-metric" "$ml_rps" "$ml_p50" "$ml_p99" "$ml_bad"
echo "  ratio: $(ratio "$fw_rps" "$ml_rps")× MLflow's requests/s (target ≥ 10×); FlopWatch p99 $fw_p99 ms (target < 50 ms)"

echo "== 2. run reads: FlopWatch GET /runs/{id} vs MLflow runs/get"
read -r fr_rps fr_p50 fr_p99 fr_bad < <(measure -s Benchmarks/wrk/bearer-get.lua "http://127.0.0.1:$small_port/api/v1/runs/bench-000")
read -r mr_rps mr_p50 mr_p99 mr_bad < <(FW_TOKEN= measure "http://127.0.0.1:$mlflow_port/api/2.0/mlflow/runs/get?run_id=${mlflow_runs%%,*}")
report "FlopWatch GET /api/v1/runs/bench-000" "$fr_rps" "$fr_p50" "$fr_p99" "$fr_bad"
report "MLflow GET /api/2.0/mlflow/runs/get" "$mr_rps" "$mr_p50" "$mr_p99" "$mr_bad"
echo "  ratio: $(ratio "$fr_rps" "$mr_rps")× MLflow's requests/s (target ≥ 10×)"

echo "== 3. GET /api/v1/runs?min_flop=1e25 at $small and $big runs"
read -r s_rps s_p50 s_p99 s_bad < <(measure -s Benchmarks/wrk/bearer-get.lua "http://127.0.0.1:$small_port/api/v1/runs?min_flop=1e25")
read -r b_rps b_p50 b_p99 b_bad < <(FW_TOKEN=$big_token measure -s Benchmarks/wrk/bearer-get.lua "http://127.0.0.1:$big_port/api/v1/runs?min_flop=1e25")
report "$small runs" "$s_rps" "$s_p50" "$s_p99" "$s_bad"
report "$big runs" "$b_rps" "$b_p50" "$b_p99" "$b_bad"
echo "  ratio: p50 at $big / p50 at $small = $(ratio "$b_p50" "$s_p50") (target ≤ 2)"
