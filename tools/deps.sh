#!/bin/bash
# Installs what building and testing the plugin need on Debian 12, 13 or unstable, if
# missing. Sourced by setup.sh, test.sh and (inside each chroot) wireshark-versions.sh;
# run as root (or with sudo available).
set -euo pipefail

# Building, the unit tests, the tshark tests and the .deb packages (dpkg-dev).
IKEV2_PACKAGES=(
  build-essential cmake pkg-config python3 dpkg-dev file
  libwireshark-dev wireshark-dev tshark wireshark-common
  libglib2.0-dev libgcrypt20-dev libcmocka-dev
)

# On top, for the hostile-input checks (docs/robustness.md): libFuzzer targets and the
# sanitizer runtime. test.sh runs these against the host's Wireshark only.
IKEV2_HOSTILE_PACKAGES=(clang libclang-rt-dev)

# With arguments: those packages instead of IKEV2_PACKAGES.
ikev2_install_deps() {
  local missing=() wanted=("$@")
  [ $# -gt 0 ] || wanted=("${IKEV2_PACKAGES[@]}")
  for p in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    return 0
  fi
  echo "Installing: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# Optional: what the ESP benchmark (tools/bench/) needs on top, for a developer who runs it.
# CI does not call this.
IKEV2_BENCH_PACKAGES=(python3-cryptography)

ikev2_install_bench_deps() {
  ikev2_install_deps "${IKEV2_BENCH_PACKAGES[@]}"
}

# Only for tools/screenshots.sh (the GUI screenshots of docs/lab.md); CI does not call it:
#   source tools/deps.sh && ikev2_install_screenshot_deps
IKEV2_SCREENSHOT_PACKAGES=(wireshark-qt xvfb xdotool imagemagick openbox)

ikev2_install_screenshot_deps() {
  ikev2_install_deps "${IKEV2_SCREENSHOT_PACKAGES[@]}"
}
