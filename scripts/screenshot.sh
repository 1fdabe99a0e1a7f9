#!/usr/bin/env bash
# Regenerates docs/images/gui.png, the README's picture of the GUI: the four book strategies at
# 1000 x 100 ms, C=100 (serial at 10 requests, the same 1 s), crawled for real against the
# embedded delay server and drawn under a virtual X server (Mesa's software GL).
# Usage: scripts/screenshot.sh [OUT.png]
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
out=${1:-docs/images/gui.png}

scripts/bootstrap.sh >&2
cmake --preset native >/dev/null
cmake --build --preset native --target crawlbench >&2
mkdir -p "$(dirname "$out")"
xvfb-run -a -s "-screen 0 1280x800x24" build/native/native/cli/crawlbench gui --width 1280 --height 800 \
  --run --strategy serial,gevent,tornado,aiohttp --serial-num 10 --screenshot "$out" --exit-after-run
