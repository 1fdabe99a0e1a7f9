#!/usr/bin/env bash
# The browser tests: crawlbench-server (native build) serves the web build on an ephemeral
# loopback port, and Debian's python3 -m http.server serves the same web root as a plain static
# host (no /add, no /origins) under a sub-path on another; headless Chromium drives the page
# through playwright-core (npm, no browser download): web_ui_test.mjs (the page at its server,
# and a CLI link on the static host), connections_test.mjs (what Resource Timing tells the page
# about connections), result_file_test.mjs (result files the CLI wrote, opened in the page), then
# anywhere_test.mjs (the page on the static host).
# Needs the native and web presets built. Usage: tests/browser/run.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
server="$repo/build/native/server/crawlbench-server"
cli="$repo/build/native/native/cli/crawlbench"
web_root="$repo/build/web/web-root"
out="$repo/build/browser"
[ -x "$server" ] && [ -x "$cli" ] || { echo "build the native preset first" >&2; exit 2; }
[ -f "$web_root/crawlbench.wasm" ] || { echo "build the web preset first" >&2; exit 2; }
(cd "$here" && [ -d node_modules/playwright-core ] || npm ci --no-audit --no-fund --loglevel=error)
mkdir -p "$out"
# A previous run's address files: the background servers truncate them only once they are
# scheduled, and address_from could read the old, dead address first on a loaded machine.
rm -f "$out/server.out" "$out/static.out"

pids=()
# Ends the servers: SIGTERM, then SIGKILL to whatever still runs 5 s later.
stop_servers() {
  [ ${#pids[@]} -gt 0 ] || return 0
  kill "${pids[@]}" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "${pids[@]}" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "${pids[@]}" 2>/dev/null || true
}
trap stop_servers EXIT

# Waits for `pattern` in `file` (up to 5 s) and prints the first match's group 1.
address_from() {
  local file=$1 pattern=$2
  for _ in $(seq 100); do grep -q "$pattern" "$file" 2>/dev/null && break; sleep 0.05; done
  sed -n "s/$pattern/\\1/p" "$file" | head -n 1
}

"$server" --port 0 --extra-ports 3 --threads 2 --web-root "$web_root" --metrics-file "$out/metric_data.json" >"$out/server.out" 2>"$out/server.err" &
pids+=($!)
url=$(address_from "$out/server.out" '^listening on \(.*\)$')
[ -n "$url" ] || { echo "the server did not start: $(cat "$out/server.err")" >&2; exit 1; }

# The static host serves the web root under a sub-path, /crawlbench/, as a project's GitHub Pages
# would. Debian's python, unbuffered (-u) so that its "Serving HTTP on ... port N" line arrives at once.
rm -rf "$out/static" && mkdir -p "$out/static" && ln -s "$web_root" "$out/static/crawlbench"
/usr/bin/python3 -u -m http.server 0 --bind 127.0.0.1 --directory "$out/static" >"$out/static.out" 2>"$out/static.err" &
pids+=($!)
port=$(address_from "$out/static.out" '^Serving HTTP on 127\.0\.0\.1 port \([0-9]*\).*$')
[ -n "$port" ] || { echo "the static server did not start: $(cat "$out/static.err")" >&2; exit 1; }

static_base="http://127.0.0.1:$port/crawlbench/"
status=0
STATIC_BASE="$static_base" CRAWLBENCH_CLI="$cli" timeout 300 node "$here/web_ui_test.mjs" "$url/" "$out/web-ui.png" || status=1
timeout 180 node "$here/connections_test.mjs" "$url/" || status=1
CRAWLBENCH_CLI="$cli" timeout 180 node "$here/result_file_test.mjs" "$url/" "$out/result-file.png" || status=1
CRAWLBENCH_CLI="$cli" timeout 300 node "$here/anywhere_test.mjs" "$static_base" "$url/" || status=1
exit $status
