#!/usr/bin/env bash
# Every test: installs what is missing, then builds and runs the test suite of each preset:
#   native  optimised (LTO), the configuration benchmarks use
#   debug   g++ -O0: catches the symmetric-transfer trap (a 1M-await chain must not overflow)
#   asan    clang++ with AddressSanitizer + UndefinedBehaviorSanitizer
#   web     Emscripten: core's tests in WebAssembly under node (core is platform-neutral)
# Usage: scripts/test.sh [PRESET...]   (default: all four)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"

presets=("$@")
[ ${#presets[@]} -gt 0 ] || presets=(native debug asan web)

scripts/bootstrap.sh

passed=0
failed=0
failed_presets=()
for preset in "${presets[@]}"; do
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
done

echo
echo "presets: ${presets[*]}"
[ ${#failed_presets[@]} -eq 0 ] || echo "failing presets: ${failed_presets[*]}"
echo "${passed} passed, ${failed} failed"
[ ${#failed_presets[@]} -eq 0 ]
