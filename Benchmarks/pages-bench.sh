#!/usr/bin/env bash
# The web pages on a large registry (issue 15): the runs page, first page and filtered pages, on an
# embedded (SQLite) registry of N runs (default 1,000,000), each beside the JSON API's answer to
# the same query, in the same run. Target: every page under 100 ms server time.
# Server time is the server's own Server-Timing header (from the request's arrival to its answer),
# read with curl over loopback: REQUESTS requests per URL (default 30) after 3 unmeasured ones,
# p50 and max. The API caches answers by URL while the registry is unchanged, so its URLs vary
# `limit` (51, 52, …: a page asks for 51 rows) and every API figure is a cache miss.
# Usage: Benchmarks/pages-bench.sh [RUNS] [REQUESTS]   e.g. Benchmarks/pages-bench.sh 1000000 30
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-1000000}; requests=${2:-30}
work=$(mktemp -d)
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
swift build -c release --static-swift-stdlib --product flopwatch >/dev/null
bin=$PWD/.build/release/flopwatch
export FLOPWATCH_HOME=$work/home
db=$work/registry.sqlite
echo "== $runs runs, imported with flopwatch registry import"
python3 Benchmarks/generate_runs.py "$runs" "$work/runs.jsonl"
"$bin" registry import "$work/runs.jsonl" --registry "$db" --batch-size 5000 >/dev/null
sqlite3 "$db" "ANALYZE;" >/dev/null
token=$("$bin" serve token create --name bench --role viewer --database "$db" --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
"$bin" serve --database "$db" --port 0 --log-level warning > "$work/serve.log" 2>&1 &
server_pid=$!
for _ in $(seq 300); do grep -q "http://" "$work/serve.log" 2>/dev/null && break; sleep 0.1; done
port=$(grep -o 'http://127.0.0.1:[0-9]*' "$work/serve.log" | head -1 | cut -d: -f3)
base="http://127.0.0.1:$port"

# server_ms URL: prints the Server-Timing duration of one request (ms); fails on a non-200 answer.
server_ms() {
  local headers status
  headers=$(curl -s -D - -o /dev/null -H "Authorization: Bearer $token" "$1")
  status=$(printf '%s' "$headers" | head -1 | awk '{print $2}')
  [ "$status" = "200" ] || { echo "HTTP $status for $1" >&2; return 1; }
  printf '%s' "$headers" | tr -d '\r' | grep -i '^server-timing:' | sed 's/.*dur=//'
}
# measure PAGE_PATH API_PATH_WITHOUT_LIMIT: p50 and max of each.
measure() {
  local page=$1 api=$2 i page_times=() api_times=()
  for i in 1 2 3; do server_ms "$base$page" >/dev/null; done
  for i in $(seq "$requests"); do
    page_times+=("$(server_ms "$base$page")")
    local sep="&"; [[ $api == *\? ]] && sep=""
    api_times+=("$(server_ms "$base$api${sep}limit=$((50 + i))")")
  done
  python3 - "$page" "${page_times[*]}" "${api_times[*]}" <<'PY'
import statistics, sys
page, pt, at = sys.argv[1], [float(x) for x in sys.argv[2].split()], [float(x) for x in sys.argv[3].split()]
p50p, p50a = statistics.median(pt), statistics.median(at)
print(f"{page:<62} page p50 {p50p:7.2f} ms max {max(pt):7.2f} | API p50 {p50a:7.2f} ms max {max(at):7.2f} | page/API {p50p / p50a:5.2f} | {'under' if max(pt) < 100 else 'OVER'} 100 ms")
PY
}
echo "== server time (Server-Timing), $requests requests each, registry of $runs runs"
measure "/" "/api/v1/runs?"
measure "/?page=2" "/api/v1/runs?offset=50"
measure "/?min_flop=1e25&sort=flop&desc=true" "/api/v1/runs?min_flop=1e25&sort=flop&desc=true"
measure "/?status=running&sort=start&desc=true" "/api/v1/runs?status=running&sort=start&desc=true"
measure "/?rule=eu-ai-act%2Fgpai-indicative&rule_status=met" "/api/v1/runs?rule=eu-ai-act%2Fgpai-indicative%3Dmet"
measure "/?rule=eu-ai-act%2Fsystemic-risk-presumption&rule_status=may-be-met" "/api/v1/runs?rule=eu-ai-act%2Fsystemic-risk-presumption%3Dmay-be-met"
measure "/?status=cancelled" "/api/v1/runs?status=cancelled"
measure "/?developer=Lab%2042&since=2026-06-01&until=2026-06-30" "/api/v1/runs?developer=Lab%2042&since=2026-06-01&until=2026-06-30"
