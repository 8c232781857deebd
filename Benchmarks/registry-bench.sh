#!/usr/bin/env bash
# Registry benchmarks, measured in one run:
#  1. importing N runs (default 100,000) with `flopwatch registry import` versus the sqlite3 CLI
#     importing the same rows as CSV into a table with the same indexes (target: ratio ≥ 0.33),
#     in IMPORT_REPEATS rounds (default 3), each timing both; the median and lowest ratio are printed;
#  2. `registry list --min-flop 1e25` and `registry lineage` on registries of 10k, 100k and 1M runs
#     (target: time at 1M ≤ 3× time at 10k), with peak memory.
# Usage: Benchmarks/registry-bench.sh [IMPORT_N] [SIZES...]   e.g. Benchmarks/registry-bench.sh 100000 10000 100000 1000000
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}; shift || true
sizes=("$@"); [ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000 1000000)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
swift build -c release --static-swift-stdlib --product flopwatch >/dev/null
bin=$PWD/.build/release/flopwatch
export FLOPWATCH_HOME=$work/home

ms() { echo $(( $(date +%s%N) / 1000000 )); }

repeats=${IMPORT_REPEATS:-3}
echo "== import: $n runs, $repeats rounds (sqlite3 then flopwatch in each; the machine's speed varies)"
python3 Benchmarks/generate_runs.py "$n" "$work/runs.jsonl" "$work/runs.csv"
schema='CREATE TABLE runs (id TEXT PRIMARY KEY NOT NULL, name TEXT, status TEXT NOT NULL, developer TEXT, start_date TEXT,
  end_date TEXT, flop_central REAL NOT NULL, flop_low REAL NOT NULL, flop_high REAL NOT NULL, cumulative_central REAL NOT NULL,
  cumulative_low REAL NOT NULL, cumulative_high REAL NOT NULL, method TEXT NOT NULL, base_run TEXT, base_name TEXT,
  base_flop REAL, statuses TEXT NOT NULL, version INTEGER NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
  document TEXT NOT NULL);
CREATE INDEX runs_cumulative ON runs(cumulative_central);
CREATE INDEX runs_status ON runs(status);
CREATE INDEX runs_developer ON runs(developer);
CREATE INDEX runs_start ON runs(start_date);
CREATE INDEX runs_base ON runs(base_run);'
results=()
for round in $(seq "$repeats"); do
  rm -f "$work/sqlite.db" "$work"/flopwatch.db*
  sqlite3 "$work/sqlite.db" "$schema"
  t0=$(ms); sqlite3 "$work/sqlite.db" ".import --csv $work/runs.csv runs"; t1=$(ms)
  "$bin" registry import "$work/runs.jsonl" --registry "$work/flopwatch.db" --batch-size 2000 >/dev/null; t2=$(ms)
  results+=("$((t1 - t0)) $((t2 - t1))")
done
python3 - "$n" "${results[@]}" <<'PY'
import statistics, sys
n = int(sys.argv[1])
ratios = []
for index, pair in enumerate(sys.argv[2:], 1):
    sq, fw = map(int, pair.split())
    ratios.append(sq / fw)
    print(f"round {index}: sqlite3 CSV import {sq} ms ({n / sq * 1000:,.0f} rows/s); flopwatch import {fw} ms "
          f"({n / fw * 1000:,.0f} rows/s; validates, estimates, checks every shipped rule, audits); ratio {sq / fw:.3f}")
print(f"ratio flopwatch/sqlite3 rows per second: median {statistics.median(ratios):.3f}, "
      f"lowest {min(ratios):.3f} over {len(ratios)} rounds (target ≥ 0.333)")
PY

declare -A list_ms lineage_ms list_kb lineage_kb
for size in "${sizes[@]}"; do
  db="$work/scale-$size.db"
  python3 Benchmarks/generate_runs.py "$size" "$work/scale.jsonl"
  "$bin" registry import "$work/scale.jsonl" --registry "$db" --batch-size 5000 >/dev/null
  best_list=999999; best_lineage=999999
  for i in 1 2 3 4 5; do
    t0=$(ms); "$bin" registry list --min-flop 1e25 --registry "$db" >/dev/null; t1=$(ms)
    "$bin" registry lineage run-00000001 --registry "$db" >/dev/null; t2=$(ms)
    (( t1 - t0 < best_list )) && best_list=$((t1 - t0))
    (( t2 - t1 < best_lineage )) && best_lineage=$((t2 - t1))
  done
  list_kb[$size]=$( { /usr/bin/time -f %M "$bin" registry list --min-flop 1e25 --registry "$db" >/dev/null; } 2>&1 )
  lineage_kb[$size]=$( { /usr/bin/time -f %M "$bin" registry lineage run-00000001 --registry "$db" >/dev/null; } 2>&1 )
  list_ms[$size]=$best_list; lineage_ms[$size]=$best_lineage
  matches=$("$bin" registry list --min-flop 1e25 --registry "$db" | tail -1)
  echo "== $size runs: list --min-flop 1e25 ${best_list} ms (${list_kb[$size]} KB peak, $matches); lineage ${best_lineage} ms (${lineage_kb[$size]} KB peak)"
  rm -f "$db" "$db-wal" "$db-shm"
done
first=${sizes[0]}; last=${sizes[${#sizes[@]}-1]}
python3 - "${list_ms[$first]}" "${list_ms[$last]}" "${lineage_ms[$first]}" "${lineage_ms[$last]}" "$first" "$last" <<'PY'
import sys
l0, l1, g0, g1, a, b = map(int, sys.argv[1:])
print(f"list    time at {b:,} / time at {a:,}: {l1 / max(l0, 1):.2f} (target ≤ 3)")
print(f"lineage time at {b:,} / time at {a:,}: {g1 / max(g0, 1):.2f} (target ≤ 3)")
PY
