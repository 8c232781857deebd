#!/usr/bin/env bash
# `flopwatch thresholds update` against an unchanged channel (a conditional GET answered 304) and a
# changed one (index, signature and every file, verified and installed), next to `curl` fetching
# the same URLs, in the same run. Target: unchanged update within 1.5× of curl.
# Usage: Benchmarks/update-bench.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-20}
work=$(mktemp -d)
swift build -c release --static-swift-stdlib --product flopwatch >/dev/null
bin=$PWD/.build/release/flopwatch
"$bin" thresholds keygen --out "$work/keys" >/dev/null
"$bin" thresholds publish Thresholds --key "$work/keys/channel.key" --out "$work/channel" >/dev/null
# The test server exits when its stdin closes: hold a FIFO open for it on fd 4.
mkfifo "$work/stdin"
python3 -u Tests/FlopFetchTests/channel_server.py "$work/channel" < "$work/stdin" > "$work/port" &
server=$!
exec 4> "$work/stdin"
trap 'exec 4>&-; kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
until [ -s "$work/port" ]; do sleep 0.05; done
port=$(head -1 "$work/port")
url="http://127.0.0.1:$port"
files=$(python3 -c 'import json,sys; print(" ".join(f["path"] for f in json.load(open(sys.argv[1]))["files"]))' "$work/channel/index.json")
now_us() { echo $(( $(date +%s%N) / 1000 )); }
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

update() { "$bin" thresholds update --channel "$url" --trusted-key "$work/keys/channel.pub" --home "$work/home" >/dev/null; }
update   # first install
etag=$(curl -sI "$url/index.json" | awk -F': ' 'tolower($1)=="etag" {print $2}' | tr -d '\r')
fw_same=(); curl_same=(); fw_changed=(); curl_changed=(); fw_start=()
for ((i = 0; i < runs; i++)); do
  t0=$(now_us); "$bin" --version >/dev/null; t1=$(now_us)
  fw_start+=($((t1 - t0)))
  t0=$(now_us); update; t1=$(now_us)
  curl -s -o /dev/null -H "If-None-Match: $etag" "$url/index.json"; t2=$(now_us)
  fw_same+=($((t1 - t0))); curl_same+=($((t2 - t1)))
  "$bin" thresholds publish Thresholds --key "$work/keys/channel.key" --out "$work/channel" >/dev/null
  t0=$(now_us); update; t1=$(now_us)
  # One connection per file, as flopwatch does (keep-alive against this test server hits delayed ACKs).
  args=(-H "Connection: close"); for f in index.json index.json.sig $files; do args+=(-o /dev/null "$url/$f"); done
  curl -s "${args[@]}"; t2=$(now_us)
  fw_changed+=($((t1 - t0))); curl_changed+=($((t2 - t1)))
  etag=$(curl -sI "$url/index.json" | awk -F': ' 'tolower($1)=="etag" {print $2}' | tr -d '\r')
done
a=$(median "${fw_same[@]}"); b=$(median "${curl_same[@]}"); c=$(median "${fw_changed[@]}"); d=$(median "${curl_changed[@]}")
e=$(median "${fw_start[@]}")
echo "runs: $runs each; files per update: $(echo $files | wc -w)"
echo "unchanged channel: flopwatch update ${a} µs, curl ${b} µs, ratio $(awk -v x="$a" -v y="$b" 'BEGIN{printf "%.2f", x/y}') (target ≤ 1.5)"
echo "start-up floor:    flopwatch --version ${e} µs, $(awk -v x="$e" -v y="$b" 'BEGIN{printf "%.2f", x/y}')× curl's whole conditional GET"
echo "changed channel:   flopwatch update ${c} µs, curl ${d} µs, ratio $(awk -v x="$c" -v y="$d" 'BEGIN{printf "%.2f", x/y}') (verifies, validates and installs too)"
