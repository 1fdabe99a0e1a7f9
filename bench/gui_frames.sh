#!/usr/bin/env bash
# Frame times of the native GUI drawing one call graph of N requests (default 100,000; target
# >= 60 fps), under a virtual X server with Mesa's software GL unless DISPLAY is set.
#   static view          a finished run on screen: the call graph's cached image is reused
#   redrawn every frame  zooming, panning or a live crawl: every request is drawn again
# Then the GUI's cost to a crawl: the same crawl from the CLI and with the GUI open, 3 runs each.
# Usage: bench/gui_frames.sh [N]   (needs the native build)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cli="$repo/build/native/native/cli/crawlbench"
[ -x "$cli" ] || { echo "build first: cmake --build --preset native" >&2; exit 2; }
spans=${1:-100000}

x() { if [ -n "${DISPLAY:-}" ]; then "$@"; else xvfb-run -a -s "-screen 0 1280x800x24" "$@"; fi; }

echo "== frame times, 1280 x 800"
x "$cli" gui --width 1280 --height 800 --bench-spans 1 --bench-frames 300
x "$cli" gui --width 1280 --height 800 --bench-spans "$spans" --bench-frames 300

echo
echo "== 1000 x 100 ms at C=100, seconds: the CLI, then the GUI (live at its default frame rate)"
seconds() { awk '$1 == "gevent" || $1 == "tornado" || $1 == "aiohttp" { printf "%s %s  ", $1, $4 } END { print "" }'; }
for _ in 1 2 3; do "$cli" run --strategy gevent,tornado,aiohttp | seconds; done
for _ in 1 2 3; do x "$cli" gui --width 1280 --height 800 --run --strategy gevent,tornado,aiohttp --exit-after-run | seconds; done
