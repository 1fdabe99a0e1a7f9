#!/usr/bin/env bash
# ImGui's .cpp sources for the WebAssembly build. libimgui-dev ships only headers and a native
# libimgui.a, so the sources come from Debian's source package, unpacked into the build tree
# (build/_deps/imgui, ignored by git). Never commit them.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
dest="$repo/build/_deps/imgui"

if [ -f "$dest/imgui.cpp" ] && [ -f "$dest/backends/imgui_impl_opengl3.cpp" ]; then
  echo "imgui sources: present in $dest"
  exit 0
fi

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

src_list=/etc/apt/sources.list.d/debian-src.sources
if ! grep -rqs '^Types:.*deb-src' /etc/apt/sources.list.d/ /etc/apt/sources.list 2>/dev/null; then
  sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources | as_root tee "$src_list" >/dev/null
  as_root apt-get update -qq
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && apt-get source -qq --download-only imgui >/dev/null && dpkg-source -x --skip-patches ./imgui_*.dsc src >/dev/null)
mkdir -p "$(dirname "$dest")"
rm -rf "$dest"
mv "$work/src" "$dest"
echo "imgui sources: $(cd "$dest" && ls imgui*.cpp | tr '\n' ' ')-> $dest"
