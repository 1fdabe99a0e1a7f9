#!/usr/bin/env bash
# crawlbench beside the tools a user would pick instead, against ONE crawlbench-server in the same
# run (issue 20): h2load, ab -k, hey, wrk, autocannon and the book's Python crawlers
# (bench/peers/*.py: aiohttp (+ uvloop), gevent, tornado, requests), at three loads:
#   1. 1000 x 100 ms at C=100: wall seconds, each tool's own timer
#   2. delay 0 at C=100, keep-alive: client CPU per request (user + sys of the client process,
#      /usr/bin/time; a large run minus a small one over the difference in requests: no start-up)
#   3. 100,000 x 100 ms at C=10,000: wall seconds (tools that cannot are skipped with a note)
# Each figure is the best of R runs; tools take turns within each run. A run with any error or
# non-2xx answer is failed and not counted. crawlbench runs once per transport in
# PEERS_TRANSPORTS (default "curl asio"); one whose `crawlbench run --transport T` exits 2 is
# reported as unavailable. wrk is duration-based: its figure is the load's N over its req/s.
# Installs the peers first (bench/peers-bootstrap.sh; idempotent).
# Usage: bench/peers.sh [--runs R] [--large-runs R] [--quick] [--help]
#   --runs R         runs per tool and load (default 3, 1 to 100)
#   --large-runs R   runs of load 3 (default: --runs; the book's tornado alone takes 90 s a run)
#   --quick    smaller loads, for a smoke run
# Environment: CRAWLBENCH_BUILD (default build/native), PEERS_TRANSPORTS, PEERS_SKIP_LARGE=1
#   (skip load 3), PEERS_TOOLS (the peers to run, default all of them).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
build=${CRAWLBENCH_BUILD:-$repo/build/native}
cli="$build/native/cli/crawlbench"
server_exe="$build/server/crawlbench-server"
peers_dir="$repo/bench/peers"
all_peers="h2load ab hey wrk autocannon aiohttp gevent tornado serial"
# shellcheck source=bench/csv_columns.sh
. "$repo/bench/csv_columns.sh"

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }
die_usage() { echo "peers.sh: $*" >&2; exit 2; }

# in_range VALUE LOW HIGH: VALUE is a whole number from LOW to HIGH.
in_range() { [[ $1 =~ ^[0-9]{1,9}$ ]] && [ $((10#$1)) -ge "$2" ] && [ $((10#$1)) -le "$3" ]; }

runs=3
large_runs=
quick=0
parse_options() {
  while [ $# -gt 0 ]; do
    case $1 in
      --runs)
        [ $# -ge 2 ] || die_usage "--runs needs a number"
        in_range "$2" 1 100 || die_usage "--runs: '$2' is not a whole number from 1 to 100"
        runs=$((10#$2)); shift 2 ;;
      --large-runs)
        [ $# -ge 2 ] || die_usage "--large-runs needs a number"
        in_range "$2" 1 100 || die_usage "--large-runs: '$2' is not a whole number from 1 to 100"
        large_runs=$((10#$2)); shift 2 ;;
      --quick) quick=1; shift ;;
      --help|-h) usage; exit 0 ;;
      *) die_usage "unknown argument '$1' (see --help)" ;;
    esac
  done
}

# The loads: N, delay ms, C; load 2's small and large N (the C tools' and crawlbench's; `time`
# counts in 10 ms steps, so 180,000 requests between them resolve 0.06 us), divided by
# cpu_slow_scale for the book's crawlers (100-600 us a request).
set_loads() {
  if [ "$quick" = 1 ]; then
    wall_n=200 large_n=5000 large_c=1000 cpu_small=5000 cpu_large=30000
  else
    wall_n=1000 large_n=100000 large_c=10000 cpu_small=20000 cpu_large=200000
  fi
  cpu_slow_scale=10
  wall_delay=100 wall_c=100 cpu_c=100 large_delay=100
}

check_inputs() {
  for exe in "$cli" "$server_exe"; do
    [ -x "$exe" ] || die_usage "$exe missing: build first (cmake --build --preset native) or set CRAWLBENCH_BUILD"
  done
  local t
  for t in ${PEERS_TOOLS-$all_peers}; do
    [[ " $all_peers " == *" $t "* ]] || die_usage "PEERS_TOOLS: unknown tool '$t' (known: $all_peers)"
  done
  for t in ${PEERS_TRANSPORTS-curl asio}; do
    [[ $t =~ ^[a-z0-9]+$ ]] || die_usage "PEERS_TRANSPORTS: '$t' is not a transport name"
  done
}

work=$(mktemp -d)
# One server for every tool and load: start_server, stop_server, server_url.
# shellcheck source=bench/one_server.sh
. "$repo/bench/one_server.sh"
trap 'stop_server; rm -rf "$work"' EXIT

# crawlbench-T for each transport that runs; unavailable ones (exit 2) are listed in `unavailable`.
probe_transports() {
  crawlbench_tools=() unavailable=()
  local t rc
  for t in ${PEERS_TRANSPORTS-curl asio}; do
    rc=0
    "$cli" run --server "$server_url" --transport "$t" --strategy aiohttp --num 1 --delay 0 --csv >"$work/probe" 2>&1 || rc=$?
    case $rc in
      0) crawlbench_tools+=("crawlbench-$t") ;;
      2) unavailable+=("$t") ;;
      *) echo "crawlbench --transport $t failed its probe (exit $rc):" >&2; cat "$work/probe" >&2; exit 1 ;;
    esac
  done
}

# wrk runs for a time, not a count: 3 x the load's lower bound, or at delay 0 N / 50,000 s.
wrk_seconds() {
  local n=$1 delay=$2 c=$3
  if [ "$delay" -gt 0 ]; then echo $(( 3 * ((n + c - 1) / c) * delay / 1000 + 1 ))
  else echo $(( (n + 49999) / 50000 )); fi
}

# tool_command TOOL N DELAY C: the client's command line, into the array `cmd`. Peers that take one
# URL hit /add?name=TOOL&delay=MS (docs/server.md); crawlbench and the book's crawlers add the
# cache-busting letters. h2load and wrk on one thread, as crawlbench's loop.
tool_command() {
  local tool=$1 n=$2 delay=$3 c=$4
  local url="$server_url/add?name=$tool&delay=$delay"
  case $tool in
    crawlbench-*) cmd=("$cli" run --server "$server_url" --transport "${tool#crawlbench-}" --strategy aiohttp
                       --num "$n" --delay "$delay" --concurrency "$c" --csv) ;;
    h2load) cmd=(h2load --h1 -t 1 -n "$n" -c "$c" "$url") ;;
    ab) cmd=(ab -k -q -n "$n" -c "$c" "$url") ;;
    hey) cmd=(hey -n "$n" -c "$c" "$url") ;;
    wrk) cmd=(wrk -t 1 -c "$c" -d "$(wrk_seconds "$n" "$delay" "$c")s" --timeout 30s "$url") ;;
    autocannon) cmd=("$peers_dir/node_modules/.bin/autocannon" --json -a "$n" -c "$c" "$url") ;;
    *) cmd=(/usr/bin/python3 "$peers_dir/${tool}_crawler.py" "$server_url" "$n" "$delay" "$c") ;;
  esac
}

# parse_output TOOL N FILE: "seconds requests errors" from the tool's own report (errors: failed,
# timed out or non-2xx requests, and requests asked for but not done).
parse_output() {
  local tool=$1 n=$2 out=$3
  case $tool in
    crawlbench-*) csv_columns seconds ok errors <"$out" | awk '{print $1, $2 + $3, $3}' ;;
    # "finished in 1.01s" has 10 ms steps: the time is done / req/s, which h2load computed from
    # its exact duration.
    h2load) awk -v n="$n" '
      /^finished in/ { s = $3; sub(/,$/, "", s); secs = s ~ /ms$/ ? s / 1000 : s + 0; rps = $4 + 0 }
      /^requests:/ { total = $2; done = $6 }
      /^status codes:/ { ok = $3 }
      END { if (rps > 0 && done > 0) secs = done / rps; print secs, total, n - ok }' "$out" ;;
    ab) awk -v n="$n" '
      /^Time taken for tests:/ { secs = $5 }
      /^Complete requests:/ { done = $3 }
      /^Failed requests:/ { failed = $3 }
      /^Non-2xx responses:/ { non2xx = $3 }
      END { print secs, done, failed + non2xx + (n - done) }' "$out" ;;
    hey) awk -v n="$n" '
      $1 == "Total:" { secs = $2 }
      $1 == "[200]" { ok = $2 }
      END { print secs, n, n - ok }' "$out" ;;
    wrk) awk '
      / requests in / { done = $1; s = $4; sub(/,$/, "", s); secs = s ~ /ms$/ ? s / 1000 : (s ~ /m$/ ? s * 60 : s + 0) }
      /Non-2xx or 3xx responses:/ { bad += $5 }
      /Socket errors:/ { for (i = 3; i <= NF; i += 2) { v = $(i + 1); sub(/,$/, "", v); bad += v } }
      END { print secs, done, bad + 0 }' "$out" ;;
    autocannon) /usr/bin/python3 -c '
import datetime, json, sys
r, n = json.load(open(sys.argv[1])), int(sys.argv[2])
at = lambda key: datetime.datetime.fromisoformat(r[key].replace("Z", "+00:00"))
print((at("finish") - at("start")).total_seconds(), r["requests"]["total"],
      r["errors"] + r["timeouts"] + r["non2xx"] + n - r["2xx"])' "$out" "$n" ;;
    *) awk '$1 == "seconds" { print $2, $6, $8 }' "$out" ;;
  esac
}

# measure TOOL N DELAY C LIMIT_S: runs the client under /usr/bin/time; prints
# "seconds requests cpu_seconds", or fails (saying why on stderr) when any request failed.
measure() {
  local tool=$1 n=$2 delay=$3 c=$4 limit=$5 rc=0 figures cpu seconds requests errors
  tool_command "$tool" "$n" "$delay" "$c"
  /usr/bin/time -f '%U %S' -o "$work/time" timeout "$limit" "${cmd[@]}" >"$work/out" 2>"$work/err" || rc=$?
  figures=$(parse_output "$tool" "$n" "$work/out" 2>>"$work/err") || figures=
  read -r seconds requests errors <<<"$figures" || true
  if [ "$rc" -ne 0 ] || [ -z "${errors:-}" ] || [ "$errors" != 0 ]; then
    echo "  $tool ($n x $delay ms, C=$c): failed (exit $rc, errors ${errors:-?}): $(tail -n 3 "$work/err" | tr '\n' ' ')" >&2
    return 1
  fi
  cpu=$(tail -n 1 "$work/time" | awk '{print $1 + $2}')
  echo "$seconds $requests $cpu"
}

# Results: values[TOOL] is the list of one load's figures, "x" for a failed run.
declare -A values notes
record() { values[$1]="${values[$1]:-}${values[$1]:+ }$2"; }

# wall_figure TOOL N DELAY C LIMIT: seconds for N requests (wrk: N over its req/s), or "x".
wall_figure() {
  local tool=$1 n=$2 m seconds requests
  m=$(measure "$@") || { echo x; return; }
  read -r seconds requests _ <<<"$m"
  if [ "$tool" = wrk ]; then awk -v n="$n" -v s="$seconds" -v r="$requests" 'BEGIN { printf "%.3f\n", n * s / r }'
  else awk -v s="$seconds" 'BEGIN { printf "%.3f\n", s }'; fi
}

# cpu_figure TOOL: µs of client CPU per request, a large run minus a small one, or "x".
cpu_figure() {
  local tool=$1 c=$cpu_c n_small=$cpu_small n_large=$cpu_large small large
  case $tool in
    aiohttp|gevent|tornado) n_small=$((cpu_small / cpu_slow_scale)) n_large=$((cpu_large / cpu_slow_scale)) ;;
    serial) n_small=$((cpu_small / cpu_slow_scale / 4)) n_large=$((cpu_large / cpu_slow_scale / 4)) c=1 ;;
    wrk) n_small=50000 n_large=200000 ;;  # 1 s and 4 s (wrk_seconds)
  esac
  small=$(measure "$tool" "$n_small" 0 "$c" 300) || { echo x; return; }
  large=$(measure "$tool" "$n_large" 0 "$c" 300) || { echo x; return; }
  awk -v a="$small" -v b="$large" 'BEGIN { split(a, s, " "); split(b, l, " ")
    if (l[2] <= s[2]) { print "x"; exit }
    printf "%.1f\n", (l[3] - s[3]) / (l[2] - s[2]) * 1e6 }'
}

# Why a tool sits out a load (empty: it runs). Serial is N x delay whatever C is.
skip_reason() {
  local load=$1 tool=$2
  case $load:$tool in
    wall:serial) echo "serial: ${wall_n} x ${wall_delay} ms one after another is $((wall_n * wall_delay / 1000)) s at least" ;;
    large:serial) echo "serial: $((large_n * large_delay / 1000)) s at least" ;;
  esac
}

# run_load LOAD KIND N DELAY C LIMIT REPS: every tool in turn, REPS times; KIND wall or cpu.
run_load() {
  local load=$1 kind=$2 n=$3 delay=$4 c=$5 limit=$6 reps=$7 rep tool reason
  values=() notes=()
  active=()
  for tool in "${crawlbench_tools[@]}" ${PEERS_TOOLS-$all_peers}; do
    reason=$(skip_reason "$load" "$tool")
    if [ -n "$reason" ]; then notes[$tool]=$reason; else active+=("$tool"); fi
  done
  for rep in $(seq "$reps"); do
    echo "  run $rep of $reps" >&2
    for tool in "${active[@]}"; do
      if [ "$kind" = wall ]; then record "$tool" "$(wall_figure "$tool" "$n" "$delay" "$c" "$limit")"
      else record "$tool" "$(cpu_figure "$tool")"; fi
    done
  done
}

# best VALUES: the least number, or "-" when every run failed.
best() { tr ' ' '\n' <<<"$1" | grep -v '^x$' | sort -g | head -n 1 | grep . || echo -; }

# ratio A B: A / B as "1.23x", or nothing when either is missing.
ratio() { [ "$1" = - ] || [ "$2" = - ] || [ -z "$2" ] || awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", a / b }'; }

# print_table TITLE UNIT: one row per tool; crawlbench's rows with their ratio to the best peer
# and to h2load (the issue's yardstick for loads 2 and 3).
print_table() {
  local title=$1 unit=$2 tool peer_best="" peer_name="" b h2load_best
  for tool in "${active[@]}"; do
    [[ $tool == crawlbench-* ]] && continue
    b=$(best "${values[$tool]}")
    [ "$b" != - ] || continue
    if [ -z "$peer_best" ] || awk -v a="$b" -v p="$peer_best" 'BEGIN { exit !(a < p) }'; then peer_best=$b peer_name=$tool; fi
  done
  h2load_best=$(best "${values[h2load]:-x}")
  echo
  echo "== $title"
  printf "%-16s %11s  %-11s %-8s  %s\n" tool "best ($unit)" "÷best peer" "÷h2load" "all runs (x: failed)"
  for tool in "${active[@]}"; do
    b=$(best "${values[$tool]}")
    if [[ $tool == crawlbench-* ]]; then
      printf "%-16s %11s  %-10s %-8s  %s\n" "$tool" "$b" "$(ratio "$b" "$peer_best")" "$(ratio "$b" "$h2load_best")" "${values[$tool]}"
    else
      printf "%-16s %11s  %-10s %-8s  %s\n" "$tool" "$b" "" "" "${values[$tool]}"
    fi
  done
  for t in "${unavailable[@]}"; do printf "%-16s %11s  %-10s %-8s  %s\n" "crawlbench-$t" - "" "" "unavailable (crawlbench run --transport $t exits 2)"; done
  for tool in ${PEERS_TOOLS-$all_peers}; do [ -z "${notes[$tool]:-}" ] || echo "skipped: ${notes[$tool]}"; done
  echo "best peer: ${peer_name:-none} (${peer_best:--} $unit)"
}

load_wall() {
  echo "load 1: $wall_n x $wall_delay ms at C=$wall_c" >&2
  run_load wall wall "$wall_n" "$wall_delay" "$wall_c" 300 "$runs"
  print_table "1. $wall_n x $wall_delay ms at C=$wall_c: wall (each tool's own timer; wrk: N / its req/s), best of $runs" s
}

load_cpu() {
  echo "load 2: client CPU per request, delay 0, C=$cpu_c" >&2
  run_load cpu cpu "$cpu_large" 0 "$cpu_c" 300 "$runs"
  print_table "2. delay 0 at C=$cpu_c, keep-alive: client CPU per request ((user+sys of $cpu_large requests - of $cpu_small) / the difference; the book's crawlers $((cpu_large / cpu_slow_scale)) - $((cpu_small / cpu_slow_scale)), serial a quarter of that at C=1), best of $runs" µs
}

load_large() {
  if [ "${PEERS_SKIP_LARGE:-0}" = 1 ]; then echo; echo "== 3. skipped (PEERS_SKIP_LARGE=1)"; return; fi
  echo "load 3: $large_n x $large_delay ms at C=$large_c" >&2
  run_load large wall "$large_n" "$large_delay" "$large_c" 600 "${large_runs:-$runs}"
  print_table "3. $large_n x $large_delay ms at C=$large_c: wall, best of ${large_runs:-$runs}" s
}

main() {
  parse_options "$@"
  set_loads
  check_inputs
  "$repo/bench/peers-bootstrap.sh" >&2
  ulimit -n "$(ulimit -Hn)"
  start_server
  probe_transports
  echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), open files $(ulimit -n); crawlbench-server $server_url (2 threads); $runs runs$([ "$quick" = 1 ] && echo ', quick loads')"
  load_wall
  load_cpu
  load_large
}

main "$@"
