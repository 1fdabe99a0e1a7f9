#!/usr/bin/env bash
# Regenerates docs/report/, the chapter re-run that the README links: every experiment at the
# book's sizes against the embedded delay server (about 6 minutes on 2 cores; keep the machine
# otherwise idle), the call graphs and plots drawn under a virtual X server.
# Usage: scripts/report.sh [OUT_DIR] [crawlbench report options, e.g. --all-costs]
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
out=${1:-docs/report}
shift || true

scripts/bootstrap.sh >&2
cmake --preset native >/dev/null
cmake --build --preset native --target crawlbench >&2
rm -rf "$out/images"
exec build/native/native/cli/crawlbench report --out "$out" "$@"
