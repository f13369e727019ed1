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
