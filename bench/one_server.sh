# shellcheck shell=bash disable=SC2154  # server_exe and work are the caller's
# Sourced by bench scripts that run every client against ONE crawlbench-server on an ephemeral
# port: the caller sets server_exe and work (a temporary folder) and installs
#   trap 'stop_server; rm -rf "$work"' EXIT
# start_server: 2 threads, backlog 65535, no metrics file; sets server_url (exit 1 if it did not
# start, its stderr shown). stop_server: ends it, if running.
server_pid=
stop_server() { [ -z "$server_pid" ] || kill "$server_pid" 2>/dev/null || true; wait 2>/dev/null || true; server_pid=; }
start_server() {
  "$server_exe" --port 0 --threads 2 --backlog 65535 --metrics-file /dev/null >"$work/server.out" 2>"$work/server.err" &
  server_pid=$!
  for _ in $(seq 100); do grep -q listening "$work/server.out" 2>/dev/null && break; sleep 0.05; done
  server_url=$(sed -n 's/^listening on //p' "$work/server.out" | head -n 1)
  [ -n "$server_url" ] || { echo "crawlbench-server did not start:" >&2; cat "$work/server.err" >&2; exit 1; }
}
