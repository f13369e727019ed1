#!/bin/bash
# The .deb packages, one per supported Wireshark version (cmake/package.cmake):
#
#   tools/package.sh [VERSION...]           build them into dist/ (default: 4.0 4.4 4.6)
#   tools/package.sh --check [VERSION...]   build them, then in each version's system
#                                           install its package with apt, check that an
#                                           unprivileged tshark lists the plugin and
#                                           decrypts the bundled demo, check that apt
#                                           refuses the other versions' packages, and
#                                           remove it again
#
# Each version builds in its own environment (tools/wireshark-versions.sh: the host for
# its own Wireshark, a Debian chroot for the others). Needs root.
set -euo pipefail
cd "$(dirname "$0")/.."
source tools/wireshark-versions.sh

check=false
if [ "${1:-}" = "--check" ]; then check=true; shift; fi
versions=("$@")
[ ${#versions[@]} -gt 0 ] || versions=("${IKEV2_WS_VERSIONS[@]}")

deb_of() { ls dist/wireshark-ikev2-plugin_*+ws"$1"_*.deb 2>/dev/null | head -n 1; }

mkdir -p dist
for v in "${versions[@]}"; do
  echo "== Package for Wireshark $v"
  rm -f dist/wireshark-ikev2-plugin_*+ws"$v"_*.deb
  ikev2_in_version "$v" bash -c "
    set -e
    cmake -S . -B build-pkg-ws$v -DCMAKE_BUILD_TYPE=Release -DIKEV2_BUILD_TESTS=OFF \
      -DIKEV2_GLOBAL_INSTALL=ON -DIKEV2_WERROR=ON >/dev/null
    cmake --build build-pkg-ws$v -j\$(nproc) >/dev/null
    rm -f build-pkg-ws$v/*.deb
    (cd build-pkg-ws$v && cpack -G DEB >/dev/null)
    cp build-pkg-ws$v/*.deb dist/"
  deb=$(deb_of "$v")
  [ -n "$deb" ] || { echo "no package was made for $v" >&2; exit 1; }
  dpkg-deb -f "$deb" Package Version Depends | sed 's/^/   /'
done
$check || exit 0

# The checks run inside the version's system; this script is there at /src (chroot) or
# in the checkout (host), so it calls itself with --in-system.
failed=0
for v in "${versions[@]}"; do
  others=()
  for o in "${IKEV2_WS_VERSIONS[@]}"; do
    [ "$o" = "$v" ] || [ -z "$(deb_of "$o")" ] || others+=("$(deb_of "$o")")
  done
  echo "== Installing $(deb_of "$v") into Wireshark $v"
  ikev2_in_version "$v" bash tools/package-check.sh "$(deb_of "$v")" "${others[@]}" || failed=1
done
exit $failed
