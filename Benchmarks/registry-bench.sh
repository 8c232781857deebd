#!/usr/bin/env bash
# Registry benchmarks on both backends, measured in one run:
#  1. importing N runs (default 100,000) with `flopwatch registry import`, into SQLite versus the
#     sqlite3 CLI importing the same rows as CSV into a table with the same indexes, and into
#     PostgreSQL versus `psql \copy` of the same CSV into the same table (targets: ratio ≥ 0.33 on
#     SQLite; ≥ 5,000 runs/s on PostgreSQL), in IMPORT_REPEATS rounds (default 3);
#  2. `registry list --min-flop 1e25` and `registry lineage` on registries of each size (default
#     10,000 and 1,000,000) on each backend (target: time at the largest ≤ 2× time at the smallest),
#     with peak memory.
# PostgreSQL is a throwaway cluster started here (initdb into a temporary directory, a free loopback
# port) and stopped at the end, however the script ends.
# Usage: Benchmarks/registry-bench.sh [IMPORT_N] [SIZES...]   e.g. Benchmarks/registry-bench.sh 100000 10000 1000000
#        BACKENDS="sqlite" Benchmarks/registry-bench.sh ...   (one backend only)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}; shift || true
sizes=("$@"); [ ${#sizes[@]} -gt 0 ] || sizes=(10000 1000000)
backends=(${BACKENDS:-sqlite postgres})
work=$(mktemp -d)
source Benchmarks/pg-cluster.sh
trap 'pg_stop; rm -rf "$work"' EXIT
swift build -c release --static-swift-stdlib --product flopwatch >/dev/null
bin=$PWD/.build/release/flopwatch
export FLOPWATCH_HOME=$work/home
for backend in "${backends[@]}"; do [ "$backend" = postgres ] && pg_start "$work/pg"; done

ms() { echo $(( $(date +%s%N) / 1000000 )); }

columns='id TEXT PRIMARY KEY NOT NULL, name TEXT, status TEXT NOT NULL, developer TEXT, start_date TEXT,
  end_date TEXT, flop_central REAL NOT NULL, flop_low REAL NOT NULL, flop_high REAL NOT NULL, cumulative_central REAL NOT NULL,
  cumulative_low REAL NOT NULL, cumulative_high REAL NOT NULL, method TEXT NOT NULL, base_run TEXT, base_name TEXT,
  base_flop REAL, statuses TEXT NOT NULL, version INTEGER NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
  document TEXT NOT NULL'
indexes='CREATE INDEX runs_cumulative ON runs(cumulative_central);
CREATE INDEX runs_status ON runs(status);
CREATE INDEX runs_developer ON runs(developer);
CREATE INDEX runs_start ON runs(start_date);
CREATE INDEX runs_base ON runs(base_run);'

repeats=${IMPORT_REPEATS:-3}
python3 Benchmarks/generate_runs.py "$n" "$work/runs.jsonl" "$work/runs.csv"
db_counter=0
# A fresh location for a backend: a file path or a new PostgreSQL database.
fresh() {
  db_counter=$((db_counter + 1))
  if [ "$1" = postgres ]; then pg_createdb "fw_$db_counter"; else echo "$work/fw-$db_counter.sqlite"; fi
}
drop() {
  if [ "$1" = postgres ]; then pg_psql postgres -c "DROP DATABASE ${2##*/}" >/dev/null; else rm -f "$2" "$2-wal" "$2-shm"; fi
}

for backend in "${backends[@]}"; do
  echo "== import into $backend: $n runs, $repeats rounds (baseline then flopwatch in each; the machine's speed varies)"
  results=()
  for round in $(seq "$repeats"); do
    if [ "$backend" = postgres ]; then
      baseline=$(pg_createdb "copy_$round")
      pg_psql "copy_$round" -c "CREATE TABLE runs (${columns//REAL/double precision}); $indexes" >/dev/null
      t0=$(ms); pg_psql "copy_$round" -c "\\copy runs FROM '$work/runs.csv' WITH (FORMAT csv)" >/dev/null; t1=$(ms)
    else
      rm -f "$work/sqlite.db"
      sqlite3 "$work/sqlite.db" "CREATE TABLE runs ($columns); $indexes"
      t0=$(ms); sqlite3 "$work/sqlite.db" ".import --csv $work/runs.csv runs"; t1=$(ms)
    fi
    location=$(fresh "$backend")
    t2=$(ms); "$bin" registry import "$work/runs.jsonl" --registry "$location" --batch-size 2000 >/dev/null; t3=$(ms)
    results+=("$((t1 - t0)) $((t3 - t2))")
    drop "$backend" "$location"
    [ "$backend" = postgres ] && drop postgres "$baseline"
  done
  python3 - "$n" "$backend" "${results[@]}" <<'PY'
import statistics, sys
n, backend = int(sys.argv[1]), sys.argv[2]
tool = "psql \\copy" if backend == "postgres" else "sqlite3 .import"
ratios, rates = [], []
for index, pair in enumerate(sys.argv[3:], 1):
    base, fw = map(int, pair.split())
    ratios.append(base / fw); rates.append(n / fw * 1000)
    print(f"round {index}: {tool} of the CSV {base} ms ({n / base * 1000:,.0f} rows/s); flopwatch import {fw} ms "
          f"({n / fw * 1000:,.0f} runs/s; validates, estimates, checks every shipped rule, audits); ratio {base / fw:.3f}")
target = "target ≥ 5,000 runs/s" if backend == "postgres" else "target ratio ≥ 0.333"
print(f"{backend}: flopwatch {statistics.median(rates):,.0f} runs/s median; ratio flopwatch/{tool}: median "
      f"{statistics.median(ratios):.3f}, lowest {min(ratios):.3f} over {len(ratios)} rounds ({target})")
PY
done

declare -A list_ms lineage_ms
for backend in "${backends[@]}"; do
  for size in "${sizes[@]}"; do
    location=$(fresh "$backend")
    python3 Benchmarks/generate_runs.py "$size" "$work/scale.jsonl"
    t0=$(ms); "$bin" registry import "$work/scale.jsonl" --registry "$location" --batch-size 5000 >/dev/null; t1=$(ms)
    best_list=999999; best_lineage=999999
    for i in 1 2 3 4 5; do
      t2=$(ms); "$bin" registry list --min-flop 1e25 --registry "$location" >/dev/null; t3=$(ms)
      "$bin" registry lineage run-00000001 --registry "$location" >/dev/null; t4=$(ms)
      (( t3 - t2 < best_list )) && best_list=$((t3 - t2))
      (( t4 - t3 < best_lineage )) && best_lineage=$((t4 - t3))
    done
    list_kb=$( { /usr/bin/time -f %M "$bin" registry list --min-flop 1e25 --registry "$location" >/dev/null; } 2>&1 )
    lineage_kb=$( { /usr/bin/time -f %M "$bin" registry lineage run-00000001 --registry "$location" >/dev/null; } 2>&1 )
    list_ms[$backend-$size]=$best_list; lineage_ms[$backend-$size]=$best_lineage
    matches=$("$bin" registry list --min-flop 1e25 --registry "$location" | tail -1)
    echo "== $backend, $size runs (imported in $((t1 - t0)) ms): list --min-flop 1e25 ${best_list} ms (${list_kb} KB peak, $matches); lineage ${best_lineage} ms (${lineage_kb} KB peak)"
    drop "$backend" "$location"
  done
done
first=${sizes[0]}; last=${sizes[${#sizes[@]}-1]}
for backend in "${backends[@]}"; do
  python3 - "$backend" "${list_ms[$backend-$first]}" "${list_ms[$backend-$last]}" "${lineage_ms[$backend-$first]}" "${lineage_ms[$backend-$last]}" "$first" "$last" <<'PY'
import sys
backend = sys.argv[1]
l0, l1, g0, g1, a, b = map(int, sys.argv[2:])
print(f"{backend}: list    time at {b:,} / time at {a:,}: {l1 / max(l0, 1):.2f} (target ≤ 2)")
print(f"{backend}: lineage time at {b:,} / time at {a:,}: {g1 / max(g0, 1):.2f} (target ≤ 2)")
PY
done
