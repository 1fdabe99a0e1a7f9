#!/usr/bin/env bash
# Installs the peers bench/peers.sh compares crawlbench with: Debian's h2load, ab, hey, wrk, GNU
# time and the book's Python libraries (for Debian's /usr/bin/python3), and npm's autocannon into
# bench/peers/node_modules (npm ci from its lock file; never globally). Only the bench needs them,
# so scripts/bootstrap.sh (the build and the tests) does not install them.
# Idempotent like scripts/bootstrap.sh: when everything is present it runs no apt or npm command.
# Usage: bench/peers-bootstrap.sh
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)

packages=(
  # the C and Go load generators: h2load (nghttp2-client), ab (apache2-utils), hey, wrk
  nghttp2-client apache2-utils hey wrk
  # GNU time: each client's user + sys CPU (/usr/bin/time -f '%U %S')
  time
  # the book's crawlers (bench/peers/*.py) on Debian's python3
  python3 python3-aiohttp python3-gevent python3-tornado python3-requests python3-uvloop
  # tornado's curl client, as the book configures it (tornado_crawler.py falls back without it)
  python3-pycurl
)

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

missing_packages() {
  local p
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || echo "$p"
  done
  command -v npm >/dev/null 2>&1 || echo npm
}

install_debian_packages() {
  local missing
  mapfile -t missing < <(missing_packages)
  if [ ${#missing[@]} -eq 0 ]; then
    echo "peers-bootstrap: all ${#packages[@]} Debian packages present"
    return
  fi
  echo "peers-bootstrap: installing ${missing[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# npm ci wipes node_modules: only when autocannon is missing or its lock file changed since.
install_autocannon() {
  local dir="$repo/bench/peers"
  if [ -x "$dir/node_modules/.bin/autocannon" ] && [ "$dir/node_modules/.package-lock.json" -nt "$dir/package-lock.json" ]; then
    echo "peers-bootstrap: autocannon present"
    return
  fi
  echo "peers-bootstrap: npm ci in bench/peers (autocannon)"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
}

install_debian_packages
install_autocannon
