#!/usr/bin/env bash
# The web UI's crawl in headless Chromium (bench/web_crawl.mjs), against crawlbench-server with 16
# listeners on loopback. Needs the native and web presets built and tests/browser's npm install.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
server="$repo/build/native/server/crawlbench-server"
[ -x "$server" ] && [ -f "$repo/build/web/web-root/crawlbench.wasm" ] || { echo "build the native and web presets first" >&2; exit 2; }
(cd "$repo/tests/browser" && [ -d node_modules/playwright-core ] || npm ci --no-audit --no-fund --loglevel=error)
work=$(mktemp -d)
"$server" --port 0 --extra-ports 15 --threads 2 --metrics-file /dev/null >"$work/out" 2>"$work/err" &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 100); do grep -q listening "$work/out" 2>/dev/null && break; sleep 0.05; done
url=$(sed -n 's/^listening on //p' "$work/out" | head -n 1)
node "$repo/bench/web_crawl.mjs" "$url/"
