#!/usr/bin/env bash
# The browser tests: crawlbench-server (native build) serves the web build on an ephemeral
# loopback port; headless Chromium drives the page through playwright-core (npm, no browser
# download). Needs the native and web presets built. Usage: tests/browser/run.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
server="$repo/build/native/server/crawlbench-server"
web_root="$repo/build/web/web-root"
out="$repo/build/browser"
[ -x "$server" ] || { echo "build the native preset first" >&2; exit 2; }
[ -f "$web_root/crawlbench.wasm" ] || { echo "build the web preset first" >&2; exit 2; }
(cd "$here" && [ -d node_modules/playwright-core ] || npm ci --no-audit --no-fund --loglevel=error)
mkdir -p "$out"

"$server" --port 0 --extra-ports 3 --threads 2 --web-root "$web_root" --metrics-file "$out/metric_data.json" >"$out/server.out" 2>"$out/server.err" &
pid=$!
trap 'kill "$pid" 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q listening "$out/server.out" 2>/dev/null && break; sleep 0.05; done
url=$(sed -n 's/^listening on //p' "$out/server.out" | head -n 1)
[ -n "$url" ] || { echo "the server did not start: $(cat "$out/server.err")" >&2; exit 1; }
timeout 300 node "$here/web_ui_test.mjs" "$url/" "$out/web-ui.png"
