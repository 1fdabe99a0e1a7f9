#!/usr/bin/env bash
# Checks that every function of the product (core/, native/, server/, ui/, web/; not tests/,
# fuzz/, bench/) reads in one screen: a body of at most 60 lines, as clang-tidy's
# readability-function-size counts them (closing brace's line minus opening brace's line).
# Reads the compile database of the native preset, and the web preset's when it is configured
# (web/ builds only there). Prints one "FAIL ..." line per longer function (or one "ok ..." line),
# then a summary line "function lengths: ..."; exits 1 when any function is longer.
# Usage: scripts/function-lengths.sh          (after `cmake --preset native`)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"

limit=60
product='^'"$repo"'/(core|native|server|ui|web)/'
tidy=$(command -v clang-tidy-14 || command -v clang-tidy || true)
[ -n "$tidy" ] || { echo "FAIL function lengths: clang-tidy is not installed (scripts/bootstrap.sh)"; exit 1; }
[ -f build/native/compile_commands.json ] ||
  { echo "FAIL function lengths: no build/native/compile_commands.json (cmake --preset native)"; exit 1; }

# The translation units of a compile database (as CMake writes it: a "file" key a line) whose path
# matches PATTERN, one a line.
sources_in() {
  sed -n 's/^ *"file": "\(.*\)",\{0,1\}$/\1/p' "$1" | grep -E "$2" | sort -u
}

# clang-tidy's own output for the sources of build/PRESET matching PATTERN; extra arguments go to
# every call.
tidy_preset() {
  local preset=$1 pattern=$2
  shift 2
  sources_in "build/$preset/compile_commands.json" "$pattern" |
    xargs -r -P "${JOBS:-2}" -n 4 nice -n 19 "$tidy" -p "build/$preset" --quiet \
      --checks='-*,readability-function-size' --header-filter="$product" \
      --config="{CheckOptions: [{key: readability-function-size.LineThreshold, value: $limit}]}" \
      "$@" 2>/dev/null || true
}

# em++'s target, defines and sysroot, as clang-tidy arguments: clang-tidy is plain clang.
emscripten_args() {
  local flags next=
  flags=$(NODE_PATH=/usr/share/nodejs em++ --cflags)
  for f in $flags; do
    case "$next$f" in
      -target) next=target ;;
      target*) echo "--extra-arg=--target=${f}"; next= ;;
      -Xclang) next=xclang ;;
      xclang-iwithsysroot*) echo "--extra-arg=-Xclang"; echo "--extra-arg=${f}"; next= ;;
      xclang*) next= ;;
      -D*|--sysroot=*) echo "--extra-arg=${f}" ;;
    esac
  done
}

report=$(mktemp)
trap 'rm -f "$report"' EXIT
tidy_preset native "$product" >>"$report"
checked=native
if [ -f build/web/compile_commands.json ] && command -v em++ >/dev/null; then
  mapfile -t web_args < <(emscripten_args)
  # core/ and ui/ were read in the native build already
  tidy_preset web "^$repo/web/" "${web_args[@]}" >>"$report"
  checked="native + web"
fi

# "FILE:LINE:COL: warning: function 'NAME' exceeds ..." then "...: note: N lines including ...".
long=$(awk -v root="$repo/" '
  /warning: function .* exceeds recommended size/ {
    split($1, at, ":"); file = at[1]; sub(root, "", file)
    name = $0; sub(/^[^\x27]*\x27/, "", name); sub(/\x27.*$/, "", name)
    where = file ":" at[2]; next
  }
  where != "" && / note: [0-9]+ lines including whitespace/ {
    n = $0; sub(/^.* note: /, "", n); sub(/ lines.*$/, "", n)
    print n " " where " " name; where = ""
  }' "$report" | sort -u -k2,2 | sort -k1,1nr)

count=0
while read -r n where name; do
  [ -n "${n:-}" ] || continue
  echo "FAIL function length: $where $name: $n lines (at most $limit)"
  count=$((count + 1))
done <<<"$long"
[ "$count" -ne 0 ] || echo "ok function lengths: every function within $limit lines"
echo "function lengths: $count functions longer than $limit lines ($checked sources)"
[ "$count" -eq 0 ]
