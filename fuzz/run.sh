#!/usr/bin/env bash
# Builds the fuzz preset and runs each libFuzzer target for SECONDS (default 30), starting from
# the seeds in fuzz/corpus/<target>/ (copied: what the fuzzer finds stays in build/fuzz/). A crash,
# a sanitizer report, a leak or a slow input (over 10 s) fails it; the input is kept in
# build/fuzz/artifacts/. Prints each target's executions and the total.
# Usage: fuzz/run.sh [SECONDS] [TARGET...]   (targets: request result_json share_link arguments)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-30}
[[ "$seconds" =~ ^[1-9][0-9]*$ ]] || { echo "seconds: expected a positive whole number, got \"$seconds\"" >&2; exit 2; }
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(request result_json share_link arguments)

cd "$repo"
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz
out="$repo/build/fuzz"
mkdir -p "$out/artifacts"
total=0
failed=()
for target in "${targets[@]}"; do
  exe="$out/fuzz/fuzz_$target"
  [ -x "$exe" ] || { echo "no fuzz target \"$target\"" >&2; exit 2; }
  corpus="$out/corpus/$target"
  mkdir -p "$corpus"
  cp -n "$repo/fuzz/corpus/$target/"* "$corpus/"
  log="$out/$target.log"
  status=0
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
    "$exe" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -artifact_prefix="$out/artifacts/$target-" -print_final_stats=1 "$corpus" >"$log" 2>&1 || status=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  runs=${runs:-0}
  total=$((total + runs))
  if [ "$status" -eq 0 ]; then
    echo "ok   fuzz $target: $runs executions in $seconds s, corpus $(ls "$corpus" | wc -l) inputs"
  else
    failed+=("$target")
    echo "FAIL fuzz $target (exit $status) after $runs executions: see $log and build/fuzz/artifacts/"
    grep -m 5 -E 'ERROR|SUMMARY|runtime error|deadly signal' "$log" || true
  fi
done
echo "fuzz: $total executions in all, ${#failed[@]} failed"
[ ${#failed[@]} -eq 0 ]
