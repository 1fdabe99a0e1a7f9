#!/usr/bin/env bash
# The native crawler (libcurl) against its embedded delay server, on loopback:
#   1. 1000 x 100 ms at C=100, aiohttp and gevent, best of 3   (target <= 1.01 s; lower bound 1.0 s)
#   2. client CPU per request at delay 0 over keep-alive       (target <= 10 us)
#   3. 100,000 x 100 ms at C=10,000, aiohttp                   (target <= 1.5 s; lower bound 1.0 s)
# Usage: bench/crawler.sh   (needs the native build)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cli="$repo/build/native/native/cli/crawlbench"
[ -x "$cli" ] || { echo "build first: cmake --build --preset native" >&2; exit 2; }

column() {  # column NAME from the CSV on stdin, one value per row
  awk -F, -v name="$1" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == name) c = i; next } { print $c }'
}

echo "== 1000 x 100 ms at C=100 (seconds, 3 runs each)"
for strategy in aiohttp gevent; do
  runs=$(for _ in 1 2 3; do "$cli" run --strategy "$strategy" --csv | column seconds; done | sort -n | tr '\n' ' ')
  echo "$strategy: $runs(best first)"
done

echo
echo "== client CPU per request, delay 0, 20000 requests at C=100"
"$cli" run --strategy aiohttp,tornado --num 20000 --delay 0 --csv | awk -F, 'NR > 1 { printf "%s: %s us/request, %.0f requests/s\n", $1, $20, $13 }'

echo
echo "== 100000 x 100 ms at C=10000 (server in its own process: each side needs 10,000 sockets)"
ulimit -n "$(ulimit -Hn)"
work=$(mktemp -d)
"$repo/build/native/server/crawlbench-server" --port 0 --threads 1 --backlog 65535 --metrics-file /dev/null >"$work/out" 2>"$work/err" &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 100); do grep -q listening "$work/out" 2>/dev/null && break; sleep 0.05; done
url=$(sed -n 's/^listening on //p' "$work/out" | head -n 1)
"$cli" run --server "$url" --strategy aiohttp --num 100000 --concurrency 10000 --csv | awk -F, 'NR > 1 { printf "%s: %s s (lower bound %s), %s errors, max in flight %s\n", $1, $10, $11, $8, $18 }'
