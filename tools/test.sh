#!/bin/bash
# One command for a fresh Debian 12 machine: install what is missing, build with
# warnings as errors, and run every test (CMocka unit tests and tshark end-to-end tests).
set -euo pipefail
cd "$(dirname "$0")/.."
source tools/deps.sh
ikev2_install_deps

build=${IKEV2_BUILD_DIR:-build-test}
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DIKEV2_WERROR=ON
cmake --build "$build" -j"$(nproc)"
ctest --test-dir "$build" --output-on-failure -j"$(nproc)"

# Hostile input (docs/robustness.md): the whole suite again with ASan and UBSan (including
# a short editcap mutation run, tshark.mutation), then the libFuzzer regression inputs and
# a short smoke run of every fuzz target.
cmake -S . -B "$build-asan" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DIKEV2_WERROR=ON -DIKEV2_SANITIZE=ON
cmake --build "$build-asan" -j"$(nproc)"
ctest --test-dir "$build-asan" --output-on-failure -j"$(nproc)"
cmake -S . -B "$build-fuzz" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DIKEV2_WERROR=ON -DIKEV2_FUZZ=ON \
  -DIKEV2_BUILD_TESTS=OFF -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++
cmake --build "$build-fuzz" --target fuzz_targets -j"$(nproc)"
ctest --test-dir "$build-fuzz" --output-on-failure -j"$(nproc)"
