#!/usr/bin/env bash
# The main job: install what is missing, build the native preset, and crawl with every strategy,
# printing the results table and writing build/results/latest.json (every request's span).
# Extra arguments go to `crawlbench run` (see `crawlbench run --help`).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"

scripts/bootstrap.sh >&2
cmake --preset native >/dev/null
cmake --build --preset native --target crawlbench >&2
mkdir -p build/results
exec build/native/native/cli/crawlbench run --out build/results/latest.json "$@"
