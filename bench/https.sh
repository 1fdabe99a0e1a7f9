#!/usr/bin/env bash
# What a new connection costs over HTTPS, fresh (gevent: a connection per request, as urllib) against
# pooled (aiohttp: about C connections), with the same runs over plain HTTP beside them, in one run:
#   1000 x 100 ms at C=100 (issue 19's load), RUNS times each, against two crawlbench-servers in
#   their own processes (one plain, one --tls-self-signed), the crawler trusting that certificate.
# Per run: seconds, connections opened, TLS handshakes, setup ms per request (connect + TLS, from
# libcurl's CONNECT_TIME/APPCONNECT_TIME, summed over the requests / N) and the crawling thread's CPU
# per request. Figures only: nothing here is a pass or a fail.
# Usage: bench/https.sh [RUNS] [N] [C] [DELAY_MS]   (default 3 1000 100 100; needs the native build)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
. "$repo/bench/csv_columns.sh"
build="$repo/build/native"
cli="$build/native/cli/crawlbench"
server="$build/server/crawlbench-server"
for exe in "$cli" "$server"; do [ -x "$exe" ] || { echo "build first: cmake --build --preset native" >&2; exit 2; }; done
runs=${1:-3} num=${2:-1000} concurrency=${3:-100} delay=${4:-100}

work=$(mktemp -d)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
start() {  # start NAME [SERVER OPTIONS...]: prints the server's URL
  local name=$1; shift
  "$server" --port 0 --threads 1 --metrics-file /dev/null "$@" >"$work/$name.out" 2>"$work/$name.err" &
  pids+=($!)
  for _ in $(seq 200); do grep -q '^listening' "$work/$name.out" 2>/dev/null && break; sleep 0.05; done
  sed -n 's/^listening on //p' "$work/$name.out" | head -n 1
}
http_url=$(start http)
https_url=$(start https --tls-self-signed "$work/tls")
[ -n "$http_url" ] && [ -n "$https_url" ] || { echo "a server did not start: $(cat "$work"/*.err)" >&2; exit 1; }

echo "bench/https.sh: $num x $delay ms at C=$concurrency, $runs runs each; servers $http_url and $https_url ($(date -u +%FT%TZ), load $(cut -d' ' -f1 /proc/loadavg))"
printf '%-6s %-8s %9s %7s %6s %14s %11s %7s\n' over strategy seconds conns tls "setup ms/req" "cpu us/req" errors
for strategy in gevent aiohttp; do
  for over in http https; do
    url=$http_url; trust=()
    if [ "$over" = https ]; then url=$https_url; trust=(--cacert "$work/tls/cert.pem"); fi
    for _ in $(seq "$runs"); do
      "$cli" run --server "$url" "${trust[@]}" --strategy "$strategy" --num "$num" --delay "$delay" \
        --concurrency "$concurrency" --csv | csv_columns seconds connections_opened tls_handshakes \
        connection_setup_s client_cpu_us_per_request errors num
    done | sort -n | while read -r seconds conns tls setup cpu errors n; do
      printf '%-6s %-8s %9.3f %7s %6s %14.3f %11.1f %7s\n' "$over" "$strategy" "$seconds" "$conns" "$tls" \
        "$(awk -v s="$setup" -v n="$n" 'BEGIN { print s * 1000 / n }')" "$cpu" "$errors"
    done
  done
done
