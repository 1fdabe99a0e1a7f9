#!/usr/bin/env bash
# crawlbench-server under wrk (Debian's wrk), on loopback only:
#   1. delay 0, 100 connections: requests/s (target: >= 15x the book's tornado server, 3.4-5.1k/s)
#   2. delay 1000 ms, 10,000 connections: requests/s (target >= 95% of 10,000/s), p99, and the
#      server's peak RSS (target <= 200 MB)
# Usage: bench/server_wrk.sh [SECONDS]   (each run lasts SECONDS, default 10; needs the native build)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
server="$repo/build/native/server/crawlbench-server"
seconds=${1:-10}
[ -x "$server" ] || { echo "build first: cmake --build --preset native" >&2; exit 2; }
command -v wrk >/dev/null || { echo "wrk missing: scripts/bootstrap.sh installs it" >&2; exit 2; }
ulimit -n "$(ulimit -Hn)"

work=$(mktemp -d)
pid=
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT

# A fresh server per load, so each RSS figure is that load's own (stored spans included).
start_server() {
  "$server" --port 0 --metrics-file "$work/metric_data.json" --backlog 65535 >"$work/out" 2>"$work/err" &
  pid=$!
  for _ in $(seq 100); do grep -q listening "$work/out" 2>/dev/null && break; sleep 0.05; done
  url=$(sed -n 's/^listening on //p' "$work/out" | head -n 1)
  echo "crawlbench-server $url (pid $pid, $(nproc) cores, client and server on the same machine)"
}
stop_server() {
  rss_kb=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
  kill "$pid"
  wait "$pid" 2>/dev/null || true
}

start_server
echo "== delay 0, 100 connections, ${seconds}s"
wrk -t2 -c100 -d"${seconds}s" --latency "$url/add?name=wrk0&delay=0" | tee "$work/wrk0"
stop_server
rss0_kb=$rss_kb

echo
start_server
echo "== delay 1000 ms, 10000 connections, ${seconds}s (ideal: 10000 requests/s)"
wrk -t2 -c10000 -d"${seconds}s" --timeout 10s --latency "$url/add?name=wrk1000&delay=1000" | tee "$work/wrk1000"
stop_server

rps0=$(awk '/Requests\/sec/ {print $2}' "$work/wrk0")
rps1000=$(awk '/Requests\/sec/ {print $2}' "$work/wrk1000")
p99=$(awk '$1 == "99%" {print $2}' "$work/wrk1000")
echo
echo "summary: delay 0 c100: ${rps0} req/s ($(awk -v r="$rps0" 'BEGIN {printf "%.1f", r / 5100}')x the book's tornado at 5.1k/s), server peak RSS $((rss0_kb / 1024)) MB"
echo "summary: delay 1000 c10000: ${rps1000} req/s ($(awk -v r="$rps1000" 'BEGIN {printf "%.1f", r / 100}')% of ideal), p99 ${p99}, server peak RSS $((rss_kb / 1024)) MB"
