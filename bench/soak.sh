#!/usr/bin/env bash
# A bounded soak of crawlbench-server on loopback: ROUNDS rounds of N requests (aiohttp, delay 0,
# C concurrent) from the crawlbench CLI against one server process; after each round the server's
# RSS (VmRSS) and the spans it stores. The server keeps 24 bytes per request span (up to
# --max-spans), so RSS may grow by that and no more after warm-up. Fails (exit 1) on any error.
# Usage: bench/soak.sh [ROUNDS] [N] [C]   (default 10 x 100000 at C=1000: a million requests)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
. "$repo/bench/csv_columns.sh"
build="$repo/build/native"
cli="$build/native/cli/crawlbench"
server="$build/server/crawlbench-server"
for exe in "$cli" "$server"; do [ -x "$exe" ] || { echo "build first: cmake --build --preset native" >&2; exit 2; }; done
rounds=${1:-10}
num=${2:-100000}
concurrency=${3:-1000}
for v in "$rounds" "$num" "$concurrency"; do
  [[ "$v" =~ ^[1-9][0-9]*$ ]] || { echo "expected positive whole numbers, got \"$v\"" >&2; exit 2; }
done
ulimit -n "$(ulimit -Hn)"

work=$(mktemp -d)
"$server" --port 0 --threads 2 --backlog 65535 --metrics-file "$work/metrics.json" >"$work/out" 2>"$work/err" &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 100); do grep -q listening "$work/out" 2>/dev/null && break; sleep 0.05; done
url=$(sed -n 's/^listening on //p' "$work/out" | head -n 1)
[ -n "$url" ] || { echo "the server did not start: $(cat "$work/err")" >&2; exit 1; }

rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status"; }
echo "soak: $rounds x $num requests at C=$concurrency, delay 0, against $url (2 threads)"
printf '%-6s %10s %8s %10s %12s %14s\n' round requests errors seconds "server RSS" "RSS - spans"
first_net=
total=0
errors_total=0
for r in $(seq "$rounds"); do
  read -r errors seconds < <("$cli" run --server "$url" --strategy aiohttp --num "$num" --concurrency "$concurrency" \
    --delay 0 --csv | csv_columns errors seconds)
  total=$((total + num))
  errors_total=$((errors_total + errors))
  rss=$(rss_kb)
  net=$((rss - total * 24 / 1024))  # what the stored spans do not explain
  [ -n "$first_net" ] || first_net=$net
  printf '%-6s %10s %8s %10.3f %9s kB %11s kB\n' "$r" "$total" "$errors" "$seconds" "$rss" "$net"
done
echo "total: $total requests, $errors_total errors; RSS beyond the spans grew by $((net - first_net)) kB after round 1"
[ "$errors_total" -eq 0 ]
