#!/usr/bin/env bash
# The native crawler (libcurl) on loopback, each figure beside two floors measured the same way:
#   raw      bench_floor_raw: one send() and one recv() per request, no HTTP library (the kernel's floor)
#   libcurl  bench_floor_curl: the least a libcurl multi-socket crawler can do (libcurl's floor)
# Figures:
#   1. 1000 x 100 ms at C=100, aiohttp and gevent, 3 runs    (target <= 1.01 s; lower bound 1.0 s)
#   2. client CPU per request at delay 0 over keep-alive     (target <= 10 us)
#   3. 100,000 x 100 ms at C=10,000, aiohttp                 (target <= 1.5 s; lower bound 1.0 s)
# Usage: bench/crawler.sh   (needs the native build)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
build="$repo/build/native"
cli="$build/native/cli/crawlbench"
for exe in "$cli" "$build/bench/bench_floor_raw" "$build/bench/bench_floor_curl"; do
  [ -x "$exe" ] || { echo "build first: cmake --build --preset native" >&2; exit 2; }
done
ulimit -n "$(ulimit -Hn)"

. "$repo/bench/csv_columns.sh"

work=$(mktemp -d)
server_pid=
stop_server() { [ -z "$server_pid" ] || kill "$server_pid" 2>/dev/null || true; wait 2>/dev/null || true; server_pid=; }
trap 'stop_server; rm -rf "$work"' EXIT
start_server() {  # start_server THREADS: sets url and port
  stop_server
  rm -f "$work/out"
  "$build/server/crawlbench-server" --port 0 --threads "$1" --backlog 65535 --metrics-file /dev/null >"$work/out" 2>"$work/err" &
  server_pid=$!
  for _ in $(seq 100); do grep -q listening "$work/out" 2>/dev/null && break; sleep 0.05; done
  url=$(sed -n 's/^listening on //p' "$work/out" | head -n 1)
  port=${url##*:}
}

echo "== 1. 1000 x 100 ms at C=100 (seconds, 3 runs each; embedded server, 2 threads)"
for strategy in aiohttp gevent; do
  runs=$(for _ in 1 2 3; do "$cli" run --strategy "$strategy" --csv | csv_columns seconds; done | sort -n | tr '\n' ' ')
  echo "crawlbench $strategy: $runs(best first)"
done
start_server 2
echo "floors, same load, server in its own process with 2 threads:"
"$build/bench/bench_floor_raw" "$port" 1000 100 100
"$build/bench/bench_floor_curl" "$url" 1000 100 100

echo
echo "== 2. client CPU per request, delay 0, 20000 requests at C=100"
"$cli" run --strategy aiohttp,tornado --num 20000 --delay 0 --csv | csv_columns strategy client_cpu_us_per_request throughput_rps |
  while read -r strategy cpu rps; do printf "crawlbench %s: %s us/request, %.0f requests/s\n" "$strategy" "$cpu" "$rps"; done
"$build/bench/bench_floor_raw" "$port" 20000 100 0
"$build/bench/bench_floor_curl" "$url" 20000 100 0

echo
echo "== 3. 100000 x 100 ms at C=10000 (server in its own process, 1 thread: each side needs 10,000 sockets)"
start_server 1
"$cli" run --server "$url" --strategy aiohttp --num 100000 --concurrency 10000 --csv |
  csv_columns strategy seconds lower_bound_s errors max_in_flight client_cpu_us_per_request |
  while read -r strategy seconds bound errors in_flight cpu; do
    echo "crawlbench $strategy: $seconds s (lower bound $bound), $errors errors, max in flight $in_flight, CPU $cpu us/request"
  done
"$build/bench/bench_floor_raw" "$port" 100000 10000 100
"$build/bench/bench_floor_curl" "$url" 100000 10000 100
