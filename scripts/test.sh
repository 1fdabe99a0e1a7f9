#!/usr/bin/env bash
# Every test: installs what is missing, then builds and runs the test suite of each preset:
#   native  optimised (LTO), the configuration benchmarks use: every test
#   debug   g++ -O0: core's tests only, for the symmetric-transfer trap (a 1M-await chain must
#           not overflow), which lives in core's coroutines
#   asan    clang++ with AddressSanitizer + UndefinedBehaviorSanitizer: every test but the one at
#           the docs' scale
#   tsan    clang++ with ThreadSanitizer: the tests with threads (the server's threads, the
#           CPU + I/O workload's CPU thread, core's scheduler and stop token); not the GUI's,
#           which drive uninstrumented Mesa, nor core's single-threaded ones
#   web     Emscripten: core's tests in WebAssembly under node (core is platform-neutral), and
#           the web UI's build
#   fuzz    clang++ libFuzzer: each target (fuzz/) for 20 s from its seeds, ASan + UBSan, two at
#           once on two cores
# then, when both native and web were built: the browser tests (tests/browser/run.sh: the web UI
# in headless Chromium, served by the native crawlbench-server); and, with native, the check that
# every product function reads in one screen (scripts/function-lengths.sh: at most 60 lines).
# Usage: scripts/test.sh [PRESET...]   (default: all six)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"

presets=("$@")
[ ${#presets[@]} -gt 0 ] || presets=(native debug asan tsan web fuzz)

scripts/bootstrap.sh

passed=0
failed=0
failed_presets=()

# Runs a step that prints a line "ok ..." or "FAIL ..." per check and, at its end, a line matching
# END_PATTERN; adds its checks to the totals. Usage: run_step NAME END_PATTERN COMMAND...
run_step() {
  local name=$1 end=$2 log ok bad
  shift 2
  log=$(mktemp)
  if "$@" 2>&1 | tee "$log"; then :; fi
  ok=$(grep -c '^ok ' "$log" || true)
  bad=$(grep -c '^FAIL ' "$log" || true)
  grep -q "$end" "$log" || bad=$((bad + 1))  # it did not get to the end
  rm -f "$log"
  passed=$((passed + ok))
  failed=$((failed + bad))
  [ "$bad" -eq 0 ] || failed_presets+=("$name")
}
timings=()
for preset in "${presets[@]}"; do
  started=$SECONDS
  if [ "$preset" = fuzz ]; then
    echo "=== fuzz: each libFuzzer target for 20 s"
    run_step fuzz '^fuzz: .* executions in all' fuzz/run.sh 20
    timings+=("fuzz $((SECONDS - started)) s")
    continue
  fi
  echo "=== $preset: configure + build"
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset"
  echo "=== $preset: test"
  log=$(mktemp)
  if ctest --preset "$preset" --output-on-failure 2>&1 | tee "$log"; then :; fi
  summary=$(grep -E '^[0-9]+% tests passed, [0-9]+ tests failed out of [0-9]+' "$log" | tail -n 1 || true)
  rm -f "$log"
  if [ -z "$summary" ]; then
    echo "=== $preset: ctest printed no summary"
    failed_presets+=("$preset")
    continue
  fi
  total=$(sed -E 's/.* out of ([0-9]+).*/\1/' <<<"$summary")
  bad=$(sed -E 's/.*passed, ([0-9]+) tests failed.*/\1/' <<<"$summary")
  passed=$((passed + total - bad))
  failed=$((failed + bad))
  [ "$bad" -eq 0 ] || failed_presets+=("$preset")
  timings+=("$preset $((SECONDS - started)) s")
done

if [[ " ${presets[*]} " == *" native "* && " ${presets[*]} " == *" web "* ]]; then
  echo "=== browser: the web UI in headless Chromium"
  started=$SECONDS
  run_step browser '^browser tests: ' tests/browser/run.sh
  timings+=("browser $((SECONDS - started)) s")
fi

if [[ " ${presets[*]} " == *" native "* ]]; then
  echo "=== function lengths: clang-tidy readability-function-size, at most 60 lines"
  run_step "function lengths" '^function lengths: ' scripts/function-lengths.sh
fi

echo
echo "presets: ${presets[*]}"
echo "time (build + test): $(IFS=,; echo "${timings[*]}" | sed 's/,/, /g'); all ${SECONDS} s"
[ ${#failed_presets[@]} -eq 0 ] || echo "failing presets: ${failed_presets[*]}"
echo "${passed} passed, ${failed} failed"
[ ${#failed_presets[@]} -eq 0 ]
