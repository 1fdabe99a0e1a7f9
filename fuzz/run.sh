#!/usr/bin/env bash
# Builds the fuzz preset and runs each libFuzzer target for SECONDS (default 30), starting from
# the seeds in fuzz/corpus/<target>/ (copied: what the fuzzer finds stays in build/fuzz/). A crash,
# a sanitizer report, a leak or a slow input (over 10 s) fails it; the input is kept in
# build/fuzz/artifacts/. Prints each target's executions and the total. Runs JOBS targets at once
# (default: the number of cores).
# Usage: [JOBS=N] fuzz/run.sh [SECONDS] [TARGET...]   (targets: request result_json share_link arguments url_list)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-30}
[[ "$seconds" =~ ^[1-9][0-9]*$ ]] || { echo "seconds: expected a positive whole number, got \"$seconds\"" >&2; exit 2; }
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(request result_json share_link arguments url_list)

cd "$repo"
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz
out="$repo/build/fuzz"
mkdir -p "$out/artifacts"
# Runs one target for $seconds; writes its "ok ..."/"FAIL ..." lines to $out/TARGET.result and its
# executions to $out/TARGET.runs.
run_target() {
  local target=$1 exe="$out/fuzz/fuzz_$1" corpus="$out/corpus/$1" log="$out/$1.log" status=0 runs
  mkdir -p "$corpus"
  cp -n "$repo/fuzz/corpus/$target/"* "$corpus/"
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
    "$exe" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -artifact_prefix="$out/artifacts/$target-" -print_final_stats=1 "$corpus" >"$log" 2>&1 || status=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  echo "${runs:-0}" >"$out/$target.runs"
  if [ "$status" -eq 0 ]; then
    echo "ok   fuzz $target: ${runs:-0} executions in $seconds s, corpus $(ls "$corpus" | wc -l) inputs"
  else
    echo "FAIL fuzz $target (exit $status) after ${runs:-0} executions: see $log and build/fuzz/artifacts/"
    grep -m 5 -E 'ERROR|SUMMARY|runtime error|deadly signal' "$log" || true
  fi >"$out/$target.result"
}

for target in "${targets[@]}"; do
  [ -x "$out/fuzz/fuzz_$target" ] || { echo "no fuzz target \"$target\"" >&2; exit 2; }
done
# Each fuzzer is one process on one core: JOBS of them at once (default: the machine's cores), each
# still for its full $seconds.
parallel=${JOBS:-$(nproc)}
for target in "${targets[@]}"; do
  rm -f "$out/$target.result" "$out/$target.runs"
  while [ "$(jobs -pr | wc -l)" -ge "$parallel" ]; do wait -n || true; done
  run_target "$target" &
done
wait
total=0
failed=()
for target in "${targets[@]}"; do
  if [ -f "$out/$target.runs" ]; then
    cat "$out/$target.result"
    total=$((total + $(cat "$out/$target.runs")))
  else
    echo "FAIL fuzz $target: did not finish (see $out/$target.log)"
  fi
  grep -qs '^ok ' "$out/$target.result" || failed+=("$target")
done
echo "fuzz: $total executions in all, ${#failed[@]} failed"
[ ${#failed[@]} -eq 0 ]
