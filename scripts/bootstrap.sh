#!/usr/bin/env bash
# Installs everything crawlbench needs on Debian 12, from Debian's archive only.
# Idempotent: when every package is present it runs no apt command at all.
# Usage: scripts/bootstrap.sh            (packages + ImGui sources for the wasm build)
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)

packages=(
  # native toolchain and build
  g++ cmake ninja-build pkg-config dpkg-dev
  # the asan preset: clang++ and its sanitizer runtimes; clang-tidy for scripts/function-lengths.sh
  clang libclang-rt-14-dev clang-tidy
  # core + tests; the CLI's --start-at reads ISO 8601 with Howard Hinnant's date
  catch2 nlohmann-json3-dev libcli11-dev libhowardhinnant-date-dev
  # tests/deploy: the Kubernetes manifests parsed and their commands run by a Python script
  python3 python3-yaml
  # the delay server (Beast + Asio, header-only; Asio's SSL stream over OpenSSL for HTTPS) and its
  # load benchmark; openssl makes the tests' second, unrelated certificates
  libboost1.81-dev libssl-dev openssl wrk
  # the native crawler's transport, and bcrypt (libxcrypt) for the CPU + I/O workload
  libcurl4-openssl-dev libcrypt-dev
  # the native GUI (ImGui 1.86 with its GLFW + OpenGL 3 backends, stb_image_write for PNGs) and
  # its tests under a virtual X server with Mesa's software GL
  libimgui-dev libglfw3-dev libgl-dev libstb-dev xvfb xauth libgl1-mesa-dri
  # web build (WebAssembly), and its browser tests: Debian's Chromium driven by playwright-core
  # from npm (tests/browser/package.json; it downloads no browser). npm itself: below.
  emscripten chromium
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

# npm: the machine's own when it has one (e.g. Node.js from NodeSource, whose nodejs package
# conflicts with Debian's npm); Debian's otherwise.
command -v npm >/dev/null 2>&1 || missing+=(npm)

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

if [ ${#missing[@]} -gt 0 ]; then
  echo "bootstrap: installing ${missing[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "bootstrap: all ${#packages[@]} Debian packages present"
fi

"$repo/scripts/fetch-imgui-sources.sh"
