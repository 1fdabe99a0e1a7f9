#!/usr/bin/env bash
# One plan over K processes against one process doing it whole (issue 21's figures), against ONE
# crawlbench-server (2 threads) in the same run:
#   whole    crawlbench run --strategy S --num N --delay D --concurrency C --out whole.json
#   merged   K processes `crawlbench run ... --segment i/K --start-at T --out seg-i.json` started
#            together (T: now + 2 s, ISO 8601 with Z), waited for, then
#            `crawlbench merge seg-*.json --out merged.json --json`, timed
# Per strategy and transport, R rounds (whole first in odd rounds, the segments first in even
# ones): each run's seconds (merged: the earliest segment's start to the last end), p50/p99, the
# segments' clock spread (segment_starts_s), how late the earliest began after T, the client
# processes' CPU (user + sys, /usr/bin/time), the merge's wall time and max RSS, the segment
# files' size. A run with any error, a non-zero exit or fewer than N answers is marked x and not
# counted (the script then ends with exit 1); the seconds' summary is the best of the counted
# rounds. Segments here share the machine's cores with each other and the server: the ratio is
# this machine's, not a cluster's.
# Usage: bench/segments.sh [--segments K] [--num N] [--delay MS] [--concurrency C]
#                          [--strategy S[,S...]] [--transport curl|asio[,...]] [--runs R] [--help]
#   defaults: K=3 (2 to 64, at most C), N=30000, delay 20 ms, C=300, aiohttp, curl, 3 rounds
# Environment: CRAWLBENCH_BUILD (default build/native).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
build=${CRAWLBENCH_BUILD:-$repo/build/native}
cli="$build/native/cli/crawlbench"
server_exe="$build/server/crawlbench-server"

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }
die_usage() { echo "segments.sh: $*" >&2; exit 2; }

# in_range VALUE LOW HIGH: VALUE is a whole number from LOW to HIGH.
in_range() { [[ $1 =~ ^[0-9]{1,9}$ ]] && [ $((10#$1)) -ge "$2" ] && [ $((10#$1)) -le "$3" ]; }

segments=3 num=30000 delay=20 concurrency=300 strategies=aiohttp transports=curl runs=3
# number_option NAME VALUE LOW HIGH: VALUE checked, printed as a plain number.
number_option() {
  in_range "$2" "$3" "$4" || die_usage "$1: '$2' is not a whole number from $3 to $4"
  echo $((10#$2))
}
# list_option NAME VALUE ALLOWED...: a comma list of ALLOWED words, printed space-separated.
list_option() {
  local name=$1 value=$2 word out=
  shift 2
  [[ $value =~ ^[a-z]+(,[a-z]+)*$ ]] || die_usage "$name: '$value' is not a comma-separated list"
  for word in ${value//,/ }; do
    [[ " $* " == *" $word "* ]] || die_usage "$name: '$word' is not one of: $*"
    out="$out${out:+ }$word"
  done
  echo "$out"
}
parse_options() {
  while [ $# -gt 0 ]; do
    case $1 in
      --help|-h) usage; exit 0 ;;
      # ;;& goes on to the option's own pattern below.
      --segments|--num|--delay|--concurrency|--strategy|--transport|--runs)
        [ $# -ge 2 ] || die_usage "$1 needs a value" ;;&
      --segments) segments=$(number_option "$1" "$2" 2 64) ;;
      --num) num=$(number_option "$1" "$2" 1 10000000) ;;
      --delay) delay=$(number_option "$1" "$2" 0 3600000) ;;
      --concurrency) concurrency=$(number_option "$1" "$2" 1 1000000) ;;
      # serial runs in segment 0 alone: nothing to compare.
      --strategy) strategies=$(list_option "$1" "$2" gevent tornado aiohttp batched rate) ;;
      --transport) transports=$(list_option "$1" "$2" curl asio) ;;
      --runs) runs=$(number_option "$1" "$2" 1 100) ;;
      *) die_usage "unknown argument '$1' (see --help)" ;;
    esac
    shift 2
  done
  [ "$segments" -le "$concurrency" ] || die_usage "--segments $segments is more than --concurrency $concurrency: a segment needs C >= 1"
  [ "$segments" -le "$num" ] || die_usage "--segments $segments is more than --num $num"
}

work=$(mktemp -d)
# One server for every run: start_server, stop_server, server_url.
# shellcheck source=bench/one_server.sh
. "$repo/bench/one_server.sh"
trap 'stop_server; rm -rf "$work"' EXIT

# timed OUT_PREFIX COMMAND...: runs COMMAND, stdout/stderr to OUT_PREFIX.out/.err, its user + sys
# CPU seconds and max RSS (kB) to OUT_PREFIX.time ("- -" without /usr/bin/time); returns its exit.
timed() {
  local prefix=$1
  shift
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f '%U %S %M' -o "$prefix.time" "$@" >"$prefix.out" 2>"$prefix.err"
  else
    echo "- - -" >"$prefix.time"
    "$@" >"$prefix.out" 2>"$prefix.err"
  fi
}
cpu_of() { awk 'END { print ($1 == "-" ? "-" : $1 + $2) }' "$1.time"; }

# figures FILE: "seconds p50 p99 errors ok bytes epoch_s spread_ms" of a result file's one run;
# spread (latest segment start - earliest) is 0 for a whole run.
figures() {
  python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))["runs"][0]
starts = r.get("segment_starts_s") or [0]
print(r["seconds"], r["latency_ms"]["p50"], r["latency_ms"]["p99"], r["errors"], r["ok"], r["result_bytes"],
      r.get("epoch_s", 0), round((max(starts) - min(starts)) * 1000, 3))' "$1"
}

crawl_args() {  # crawl_args STRATEGY TRANSPORT: the plan both ways run, into the array `args`
  args=(run --server "$server_url" --strategy "$1" --transport "$2" --num "$num" --delay "$delay"
        --concurrency "$concurrency")
}

# A row's fields, whole then merged; a side that did not finish is "x" and dashes.
#   whole:  seconds p50 p99 errors ok bytes cpu_s
#   merged: seconds p50 p99 errors ok bytes cpu_s spread_ms late_ms merge_s merge_rss_mb segs_mb
failed_whole="x - - - - - -"
failed_merged="x - - - - - - - - - - -"

# run_whole STRATEGY TRANSPORT DIR: one process, the whole plan. Sets whole_row.
run_whole() {
  local rc=0 seconds p50 p99 errors ok bytes
  crawl_args "$1" "$2"
  timed "$3/whole" "$cli" "${args[@]}" --csv --out "$3/whole.json" || rc=$?
  if [ "$rc" -ne 0 ] || [ ! -s "$3/whole.json" ]; then
    echo "  whole $1/$2: exit $rc: $(tail -n 2 "$3/whole.err" | tr '\n' ' ')" >&2
    whole_row=$failed_whole
    return
  fi
  read -r seconds p50 p99 errors ok bytes _ _ < <(figures "$3/whole.json")
  whole_row="$seconds $p50 $p99 $errors $ok $bytes $(cpu_of "$3/whole")"
}

# start_segments STRATEGY TRANSPORT DIR: K processes told to begin together at now + 2 s (ISO
# 8601, ms, Z), waited for. Sets start_target (epoch seconds); fails naming the segments that did.
start_segments() {
  local i rc start_at pids=() failed=
  crawl_args "$1" "$2"
  start_at=$(date -u -d '+2 seconds' +%Y-%m-%dT%H:%M:%S.%3NZ)
  start_target=$(date -d "$start_at" +%s.%N)
  for i in $(seq 0 $((segments - 1))); do
    timed "$3/seg-$i" "$cli" "${args[@]}" --csv --segment "$i/$segments" --start-at "$start_at" --out "$3/seg-$i.json" &
    pids+=($!)
  done
  for i in "${!pids[@]}"; do
    rc=0
    wait "${pids[$i]}" || rc=$?
    [ "$rc" = 0 ] || failed="$failed segment $i (exit $rc: $(tail -n 1 "$3/seg-$i.err"))"
  done
  [ -z "$failed" ] || { echo "  segments $1/$2:$failed" >&2; return 1; }
}

# run_segments STRATEGY TRANSPORT DIR: the K segments, then their merge, timed. Sets merged_row.
run_segments() {
  local i rc=0 cpu=0 t0 t1 seconds p50 p99 errors ok bytes epoch spread rss kb
  merged_row=$failed_merged
  start_segments "$@" || return 0
  for i in $(seq 0 $((segments - 1))); do cpu=$(awk -v a="$cpu" -v b="$(cpu_of "$3/seg-$i")" 'BEGIN { print b == "-" ? "-" : a + b }'); done
  t0=$(date +%s.%N)
  timed "$3/merge" "$cli" merge "$3"/seg-*.json --out "$3/merged.json" --json || rc=$?
  t1=$(date +%s.%N)
  if [ "$rc" -ne 0 ]; then
    echo "  merge $1/$2: exit $rc: $(tail -n 2 "$3/merge.err" | tr '\n' ' ')" >&2
    return 0
  fi
  read -r seconds p50 p99 errors ok bytes epoch spread < <(figures "$3/merged.json")
  rss=$(awk 'END { print $3 }' "$3/merge.time")
  kb=$(du -ck "$3"/seg-*.json | tail -n 1 | cut -f1)
  merged_row="$seconds $p50 $p99 $errors $ok $bytes $cpu $spread $(awk -v e="$epoch" -v t="$start_target" -v a="$t0" -v b="$t1" \
    -v rss="$rss" -v kb="$kb" 'BEGIN { printf "%.1f %.3f %s %.1f", (e - t) * 1000, b - a, rss == "-" ? "-" : sprintf("%.0f", rss / 1024), kb / 1024 }')"
}

# One row per round: "round first" then the whole and merged fields above.
round_rows=()

# print_table STRATEGY TRANSPORT: a line per round, then the best of the counted rounds. A side
# counts when it finished with 0 errors and N answers; the merged side also needs the whole
# run's bytes (when that ran). Fails when any round did not count.
print_table() {
  echo
  echo "== $1, $2: $num x $delay ms at C=$concurrency, one process (whole) against $segments segments merged"
  printf '%-5s %-5s | %8s %6s %6s %6s | %8s %6s %6s %6s | %6s %6s %7s %7s %6s %7s  %s\n' \
    round first "whole s" p50 p99 "cpu s" "merged s" p50 p99 "cpu s" ratio "spread" "late" "merge s" "RSS" "files" "errors"
  printf '%-5s %-5s | %8s %6s %6s %6s | %8s %6s %6s %6s | %6s %6s %7s %7s %6s %7s\n' \
    "" "" "" ms ms "" "" ms ms "" "m / w" ms ms "" MB MB
  printf '%s\n' "${round_rows[@]}" | awk -v n="$num" -v rounds="${#round_rows[@]}" '
    function ms(v) { return v == "-" ? v : sprintf("%.1f", v) }
    function s3(v) { return v == "x" ? v : sprintf("%.3f", v) }
    {
      ok_w = $3 != "x" && $6 == 0 && $7 == n
      ok_m = $10 != "x" && $13 == 0 && $14 == n && ($3 == "x" || $15 == $8)
      note = ok_w ? "" : ($3 == "x" ? "whole failed " : sprintf("whole x (%s errors, %s ok) ", $6, $7))
      if (!ok_m) note = note ($10 == "x" ? "merged failed" : sprintf("merged x (%s errors, %s ok, %s bytes)", $13, $14, $15))
      printf "%-5s %-5s | %8s %6s %6s %6s | %8s %6s %6s %6s | %6s %6s %7s %7s %6s %7s  %s\n",
        $1, $2, s3($3), ms($4), ms($5), $9, s3($10), ms($11), ms($12), $16,
        ok_w && ok_m ? sprintf("%.3f", $10 / $3) : "-", ms($17), $18, $19, $20, $21, note == "" ? "0" : note
      if (ok_w && (w == "" || $3 < w)) w = $3
      if (ok_m && (m == "" || $10 < m)) m = $10
      nw += ok_w; nm += ok_m
    }
    END {
      if (w == "" || m == "") { print "best: a side has no counted round"; exit 1 }
      printf "best of %d rounds: whole %.3f s (%d counted), merged %.3f s (%d counted), merged / whole %.3f\n",
        rounds, w, nw, m, nm, m / w
      exit (nw < rounds || nm < rounds)
    }'
}

main() {
  parse_options "$@"
  for exe in "$cli" "$server_exe"; do
    [ -x "$exe" ] || die_usage "$exe missing: build first (cmake --build --preset native) or set CRAWLBENCH_BUILD"
  done
  ulimit -n "$(ulimit -Hn)"
  start_server
  local load_before strategy transport round dir first uncounted=0
  load_before=$(cut -d' ' -f1-3 /proc/loadavg)
  echo "machine: $(nproc) cores, load average $load_before; crawlbench-server $server_url (2 threads); $runs rounds; $(date -u +%Y-%m-%dT%H:%MZ)"
  [ -x /usr/bin/time ] || echo "no /usr/bin/time (Debian package time): CPU and the merge's RSS shown as -"
  for strategy in $strategies; do
    for transport in $transports; do
      round_rows=()
      for round in $(seq "$runs"); do
        dir="$work/$strategy-$transport-$round"
        mkdir -p "$dir"
        echo "  $strategy/$transport round $round of $runs" >&2
        if [ $((round % 2)) = 1 ]; then
          first=whole
          run_whole "$strategy" "$transport" "$dir"
          run_segments "$strategy" "$transport" "$dir"
        else
          first=segs
          run_segments "$strategy" "$transport" "$dir"
          run_whole "$strategy" "$transport" "$dir"
        fi
        round_rows+=("$round $first $whole_row $merged_row")
        rm -rf "$dir"
      done
      print_table "$strategy" "$transport" || uncounted=$((uncounted + 1))
    done
  done
  echo
  echo "load average before $load_before, after $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "cpu s: user + sys of the client process(es) (merged: the K segments summed, their waits for --start-at included);"
  echo "spread: latest segment start - earliest (segment_starts_s); late: earliest start - the --start-at time;"
  echo "merge s: wall time of crawlbench merge (reading K files, writing merged.json with spans); files: the K segment files"
  [ "$uncounted" = 0 ] || { echo "segments.sh: $uncounted table(s) with runs marked x (not counted)" >&2; exit 1; }
}

main "$@"
