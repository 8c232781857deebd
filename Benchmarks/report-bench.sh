#!/usr/bin/env bash
# Time and peak memory of `flopwatch report --kind inventory` on a registry of N runs (default 100,000),
# in Markdown, JSON and HTML.
# Usage: Benchmarks/report-bench.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
swift build -c release --static-swift-stdlib --product flopwatch >/dev/null
bin=$PWD/.build/release/flopwatch
export FLOPWATCH_HOME=$work/home
python3 Benchmarks/generate_runs.py "$n" "$work/runs.jsonl"
"$bin" registry import "$work/runs.jsonl" --registry "$work/r.db" --batch-size 5000 >/dev/null
echo "inventory of $n runs:"
for format in md json html; do
  /usr/bin/time -f "%e %M" -o "$work/time" "$bin" report --kind inventory --format "$format" --registry "$work/r.db" -o "$work/inventory.$format"
  read -r seconds kb < "$work/time"
  echo "  $format: ${seconds} s, peak ${kb} KB, output $(stat -c %s "$work/inventory.$format") bytes"
done
