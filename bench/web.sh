#!/usr/bin/env bash
# The web UI in headless Chromium, two parts (both unless one is named):
#   crawl  bench/web_crawl.mjs against crawlbench-server with 16 listeners on loopback
#   sim    bench/web_sim.mjs: 1,000,000 simulated requests at C=10,000 in the page (target <= 15 s
#          wall), the web root served by a plain static server; then the same run natively, for scale
# Usage: bench/web.sh [crawl|sim]   (needs the native and web presets built)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
server="$repo/build/native/server/crawlbench-server"
cli="$repo/build/native/native/cli/crawlbench"
web_root="$repo/build/web/web-root"
part=${1:-all}
case "$part" in all | crawl | sim) ;; *) echo "usage: bench/web.sh [crawl|sim]" >&2; exit 2 ;; esac
[ -x "$server" ] && [ -x "$cli" ] && [ -f "$web_root/crawlbench.wasm" ] || { echo "build the native and web presets first" >&2; exit 2; }
work=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"' EXIT

# first_url LOG PATTERN: waits up to 5 s for LOG to hold a line matching the sed PATTERN, prints its capture.
first_url() {
  for _ in $(seq 100); do sed -n "$2" "$1" 2>/dev/null | grep -q . && break; sleep 0.05; done
  sed -n "$2" "$1" | head -n 1
}

crawl() {
  (cd "$repo/tests/browser" && [ -d node_modules/playwright-core ] || npm ci --no-audit --no-fund --loglevel=error)
  "$server" --port 0 --extra-ports 15 --threads 2 --metrics-file /dev/null >"$work/server.out" 2>"$work/server.err" &
  pids+=($!)
  node "$repo/bench/web_crawl.mjs" "$(first_url "$work/server.out" 's/^listening on //p')/"
}

sim() {
  /usr/bin/python3 -u -m http.server 0 --bind 127.0.0.1 --directory "$web_root" >"$work/static.out" 2>"$work/static.err" &
  pids+=($!)
  node "$repo/bench/web_sim.mjs" "http://127.0.0.1:$(first_url "$work/static.out" 's/^Serving HTTP on .* port \([0-9]*\) .*/\1/p')/"
  echo "the same run natively (crawlbench run --transport sim), for scale:"
  /usr/bin/time -f "  %e s wall, %U s user, %M KB max RSS" \
    "$cli" run --transport sim --strategy aiohttp --num 1000000 --concurrency 10000 --delay 100 >/dev/null
}

if [ "$part" != sim ]; then crawl; fi
if [ "$part" = all ]; then echo; fi
if [ "$part" != crawl ]; then sim; fi
