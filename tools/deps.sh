#!/bin/bash
# Installs what building and testing the plugin need on Debian 12, if missing.
# Sourced by setup.sh and test.sh; run as root (or with sudo available).
set -euo pipefail

IKEV2_PACKAGES=(
  build-essential cmake pkg-config python3
  libwireshark-dev wireshark-dev tshark
  libglib2.0-dev libgcrypt20-dev libcmocka-dev
  # hostile-input checks (docs/robustness.md): libFuzzer targets, editcap mutation
  clang libclang-rt-14-dev wireshark-common
)

ikev2_install_deps() {
  local missing=()
  for p in "${IKEV2_PACKAGES[@]}"; do
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
