#!/usr/bin/env bash
# Calibration benchmark: hardware-method median |log10| error with the catalogue's default
# utilization prior vs with a calibration from 5, 10 and 20 past runs of the same cluster
# (synthetic, seeded), all through the release flopwatch binary; target with 10 runs <= 0.05.
# Usage: Benchmarks/calibration-bench.sh [SEED]
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
swift build -c release --product flopwatch >/dev/null
export FLOPWATCH_HOME=$work/home
unset FLOPWATCH_REGISTRY
python3 Benchmarks/calibration_bench.py "$PWD/.build/release/flopwatch" "$work" "${1:-20261205}"
