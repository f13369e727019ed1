#!/bin/bash
# Measures what Wireshark's built-in IKE and ESP dissectors decrypt and show on the captures
# in test-captures/, against the plugin, for every supported Wireshark version, and writes
# docs/comparison.md.
#
#   tools/compare-builtins.sh              Wireshark 4.0, 4.4 and 4.6
#   tools/compare-builtins.sh 4.4 4.6      only those (the page then shows only those)
#
# For each version, in that version's environment (the host, or a Debian chroot through
# tools/wireshark-versions.sh): build the plugin in build-ws<version> if needed, then run
# tools/compare-builtins.py against that tshark, which writes
# build-ws<version>/compare-builtins.json. Then render docs/comparison.md from the JSON files.
# Needs root (chroots; tshark is run as nobody).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
versions=("$@")
[ ${#versions[@]} -gt 0 ] || versions=(4.0 4.4 4.6)
jobs=${IKEV2_COMPARE_JOBS:-$(nproc)}

start=$(date +%s)
results=()
for v in "${versions[@]}"; do
  b="build-ws$v"
  echo "== Wireshark $v: plugin in $b"
  t0=$(date +%s)
  # Configure once; `cmake --build` only rebuilds what changed.
  # The logs stay in the build folder.
  tools/wireshark-versions.sh run "$v" bash -c "
    set -e
    mkdir -p '$b'
    [ -f '$b/CMakeCache.txt' ] || cmake -S . -B '$b' -DCMAKE_BUILD_TYPE=RelWithDebInfo -DIKEV2_BUILD_TESTS=OFF >'$b/configure.log' 2>&1 || { cat '$b/configure.log'; exit 1; }
    cmake --build '$b' -j2 >'$b/build.log' 2>&1 || { tail -n 40 '$b/build.log'; exit 1; }"
  t1=$(date +%s)
  echo "   built in $((t1 - t0)) s; measuring"
  tools/wireshark-versions.sh run "$v" python3 tools/compare-builtins.py measure \
    --build-dir "$b" --source-dir . --jobs "$jobs" --out "$b/compare-builtins.json"
  t2=$(date +%s)
  echo "   measured in $((t2 - t1)) s"
  results+=("$b/compare-builtins.json")
done
python3 tools/compare-builtins.py render --source-dir . --out docs/comparison.md "${results[@]}"
echo "== docs/comparison.md written ($(($(date +%s) - start)) s in all)"
