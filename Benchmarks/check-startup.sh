#!/usr/bin/env bash
# Whole-process time of `flopwatch check` on a run against every shipped regime, compared in the
# same run with `flopwatch --version` (start-up only). Target: ratio at most 1.3.
# Usage: Benchmarks/check-startup.sh [RUNS]   (default 40 runs of each, interleaved)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-40}
swift build -c release --static-swift-stdlib --product flopwatch >/dev/null
bin=.build/release/flopwatch
run_file=Fixtures/runs/atlas-2.yaml
"$bin" check "$run_file" >/dev/null   # warm the page cache and the parsed-file cache once

now_ns() { date +%s%N; }
version_times=()
check_times=()
uncached_times=()
for ((i = 0; i < runs; i++)); do
  t0=$(now_ns); "$bin" --version >/dev/null; t1=$(now_ns)
  "$bin" check "$run_file" >/dev/null; t2=$(now_ns)
  FLOPWATCH_CACHE=off "$bin" check "$run_file" >/dev/null; t3=$(now_ns)
  version_times+=($(((t1 - t0) / 1000)))
  check_times+=($(((t2 - t1) / 1000)))
  uncached_times+=($(((t3 - t2) / 1000)))
done

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
mv=$(median "${version_times[@]}")
mc=$(median "${check_times[@]}")
mu=$(median "${uncached_times[@]}")
regimes=$(ls Thresholds/*.yaml | grep -vc accelerators.yaml)
echo "runs: $runs each, interleaved; regimes checked: $regimes; run: $run_file"
echo "flopwatch --version   median ${mv} µs"
echo "flopwatch check       median ${mc} µs"
echo "check, cache off      median ${mu} µs (every YAML file parsed and validated, as on a build's first run)"
awk -v c="$mc" -v v="$mv" -v u="$mu" 'BEGIN { printf "ratio check / --version: %.2f (target ≤ 1.30); with the cache off: %.2f\n", c / v, u / v }'
