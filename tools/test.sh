#!/bin/bash
# One command for a fresh Debian 12, 13 or unstable machine (as root): install what is
# missing, build with warnings as errors and test against every supported Wireshark
# (4.0, 4.4 and 4.6):
#   1. the host's Wireshark: the CMocka unit tests and the whole tshark suite;
#   2. each other version, in a Debian chroot (tools/wireshark-versions.sh; made on the
#      first run, reused after): the build and the whole tshark suite;
#   3. the .deb of each version, installed and checked in its system (tools/package.sh);
#   4. the hostile-input checks on the host's Wireshark (docs/robustness.md): the whole
#      suite again with ASan and UBSan, the libFuzzer regression inputs and a smoke run.
# Every part runs even when an earlier one failed; the exit status says whether all passed.
set -uo pipefail
cd "$(dirname "$0")/.."
source tools/deps.sh
source tools/wireshark-versions.sh
set +e
ikev2_install_deps && ikev2_install_deps "${IKEV2_HOSTILE_PACKAGES[@]}" || exit 1
trap ikev2_chroots_release EXIT

host=$(ikev2_host_ws_version)
build=${IKEV2_BUILD_DIR:-build-test}
jobs=$(nproc)
summary=()
failed=0

# part LABEL CMD...: runs CMD, notes its time and outcome.
part() {
  local label=$1 t0=$SECONDS rc
  shift
  echo
  echo "==== $label"
  "$@"
  rc=$?
  summary+=("$(printf '%-52s %5d s  %s' "$label" $((SECONDS - t0)) "$([ $rc -eq 0 ] && echo passed || echo FAILED)")")
  [ $rc -eq 0 ] || failed=1
}

build_and_test() {  # build folder, extra cmake options..., then ctest arguments after --
  local dir=$1; shift
  local opts=()
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do opts+=("$1"); shift; done
  shift
  cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DIKEV2_WERROR=ON "${opts[@]}" >/dev/null &&
    cmake --build "$dir" -j"$jobs" >"$dir/build.log" 2>&1 || { tail -n 60 "$dir/build.log"; return 1; }
  ctest --test-dir "$dir" --output-on-failure -j"$jobs" "$@"
}

part "Wireshark $host (host): build, unit and tshark tests" build_and_test "$build" --

for v in "${IKEV2_WS_VERSIONS[@]}"; do
  [ "$v" != "$host" ] || continue
  part "Wireshark $v (chroot): build and tshark tests" \
    ikev2_in_version "$v" bash -c "$(declare -f build_and_test); jobs=$jobs; build_and_test $build-ws$v -- -R '^tshark\\.'"
done

part "Packages: build, install, load, refuse the others" tools/package.sh --check

part "Wireshark $host: sanitizer build, all tests" build_and_test "$build-asan" -DIKEV2_SANITIZE=ON --
part "Wireshark $host: libFuzzer regression and smoke" bash -c "
  cmake -S . -B '$build-fuzz' -DCMAKE_BUILD_TYPE=RelWithDebInfo -DIKEV2_WERROR=ON -DIKEV2_FUZZ=ON \
    -DIKEV2_BUILD_TESTS=OFF -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ >/dev/null &&
  { cmake --build '$build-fuzz' --target fuzz_targets -j$jobs >'$build-fuzz/build.log' 2>&1 ||
    { tail -n 60 '$build-fuzz/build.log'; false; }; } &&
  ctest --test-dir '$build-fuzz' --output-on-failure -j$jobs"

echo
echo "==== Summary (Wireshark versions: ${IKEV2_WS_VERSIONS[*]}; host: $host)"
printf '%s\n' "${summary[@]}"
exit $failed
