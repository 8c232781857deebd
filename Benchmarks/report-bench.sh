#!/usr/bin/env bash
# Time and peak memory of `flopwatch report --kind inventory` on a registry of N runs (default
# 1,000,000; target: peak memory ≤ 200 MB), in Markdown, JSON and HTML, with the size of the
# summary and of the full tables written beside it. With OLD_BIN=path, the same registry is also
# reported by that (earlier) build, for a before/after ratio in the same run.
# Usage: Benchmarks/report-bench.sh [N]      e.g. OLD_BIN=/work/old/.build/release/flopwatch Benchmarks/report-bench.sh 100000
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000000}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
swift build -c release --static-swift-stdlib --product flopwatch >/dev/null
bin=$PWD/.build/release/flopwatch
export FLOPWATCH_HOME=$work/home
python3 Benchmarks/generate_runs.py "$n" "$work/runs.jsonl"
"$bin" registry import "$work/runs.jsonl" --registry "$work/r.db" --batch-size 5000 >/dev/null
rm -f "$work/runs.jsonl"
echo "inventory of $n runs:"
for format in md json html; do
  /usr/bin/time -f "%e %M" -o "$work/time" "$bin" report --kind inventory --format "$format" --registry "$work/r.db" -o "$work/inventory.$format"
  read -r seconds kb < "$work/time"
  tables=$(stat -c %s "$work"/inventory.runs.csv "$work"/inventory.runs.jsonl "$work"/inventory.obligations.csv "$work"/inventory.obligations.jsonl | paste -sd+ | bc)
  echo "  $format: ${seconds} s, peak $((kb / 1024)) MB, summary $(stat -c %s "$work/inventory.$format") bytes, tables beside it ${tables} bytes"
  if [ -n "${OLD_BIN:-}" ]; then
    /usr/bin/time -f "%e %M" -o "$work/time" "$OLD_BIN" report --kind inventory --format "$format" --registry "$work/r.db" -o "$work/old.$format"
    read -r old_seconds old_kb < "$work/time"
    echo "     old build: ${old_seconds} s, peak $((old_kb / 1024)) MB, output $(stat -c %s "$work/old.$format") bytes; memory ratio old/new $(echo "scale=1; $old_kb / $kb" | bc)"
  fi
done
