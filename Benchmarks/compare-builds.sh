#!/usr/bin/env bash
# This build against an older one, in the same run: `registry import` of N runs into SQLite (the
# two binaries alternate ROUNDS times each on one file) and whole-process `check` and `--version`
# times (interleaved, STARTUP_RUNS each). Prints each build's mean and the change in percent.
# Usage: Benchmarks/compare-builds.sh OLD_BIN [N] [ROUNDS]
#   e.g. git worktree add /tmp/old <commit> && (cd /tmp/old && swift build -c release --static-swift-stdlib --product flopwatch)
#        Benchmarks/compare-builds.sh /tmp/old/.build/release/flopwatch 100000 4
set -euo pipefail
cd "$(dirname "$0")/.."
old=${1:?usage: compare-builds.sh OLD_BIN [N] [ROUNDS]}; n=${2:-100000}; rounds=${3:-4}
swift build -c release --static-swift-stdlib --product flopwatch >/dev/null
new=$PWD/.build/release/flopwatch
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
export FLOPWATCH_HOME=$work/home
python3 Benchmarks/generate_runs.py "$n" "$work/runs.jsonl"
ms() { echo $(( $(date +%s%N) / 1000000 )); }
old_times=(); new_times=()
for round in $(seq "$rounds"); do
  for which in old new; do
    bin=$old; [ "$which" = new ] && bin=$new
    rm -f "$work"/r.sqlite*
    t0=$(ms); "$bin" registry import "$work/runs.jsonl" --registry "$work/r.sqlite" --batch-size 2000 >/dev/null; t1=$(ms)
    if [ "$which" = old ]; then old_times+=($((t1 - t0))); else new_times+=($((t1 - t0))); fi
  done
done
startup_runs=${STARTUP_RUNS:-40}
declare -A sums=([old-check]=0 [new-check]=0 [old-version]=0 [new-version]=0)
"$old" check Fixtures/runs/atlas-2.yaml >/dev/null; "$new" check Fixtures/runs/atlas-2.yaml >/dev/null
for ((i = 0; i < startup_runs; i++)); do
  for which in old new; do
    bin=$old; [ "$which" = new ] && bin=$new
    t0=$(date +%s%N); "$bin" --version >/dev/null; t1=$(date +%s%N); "$bin" check Fixtures/runs/atlas-2.yaml >/dev/null; t2=$(date +%s%N)
    sums[$which-version]=$(( ${sums[$which-version]} + (t1 - t0) / 1000 ))
    sums[$which-check]=$(( ${sums[$which-check]} + (t2 - t1) / 1000 ))
  done
done
python3 - "$n" "${old_times[*]}" "${new_times[*]}" "$startup_runs" "${sums[old-version]}" "${sums[new-version]}" "${sums[old-check]}" "${sums[new-check]}" <<'PY'
import statistics, sys
n = int(sys.argv[1]); old = list(map(int, sys.argv[2].split())); new = list(map(int, sys.argv[3].split()))
runs = int(sys.argv[4]); ov, nv, oc, nc = (int(x) / runs / 1000 for x in sys.argv[5:9])
mo, mn = statistics.mean(old), statistics.mean(new)
print(f"import of {n:,} runs into SQLite: old {old} ms, new {new} ms; mean {mo:.0f} vs {mn:.0f} ms ({(mn / mo - 1) * 100:+.1f}%)")
print(f"--version: old {ov:.1f} ms, new {nv:.1f} ms ({(nv / ov - 1) * 100:+.1f}%); check: old {oc:.1f} ms, new {nc:.1f} ms ({(nc / oc - 1) * 100:+.1f}%)")
print(f"check / --version: old {oc / ov:.2f}, new {nc / nv:.2f} (target ≤ 1.3)")
PY
