#!/bin/bash
# Installs what building and testing the plugin need on Debian 12, if missing.
# Sourced by setup.sh and test.sh; run as root (or with sudo available).
set -euo pipefail

IKEV2_PACKAGES=(
  build-essential cmake pkg-config python3
  libwireshark-dev wireshark-dev tshark
  libglib2.0-dev libgcrypt20-dev libcmocka-dev
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

# Only for tools/screenshots.sh (the GUI screenshots of docs/lab.md); CI does not call it:
#   source tools/deps.sh && ikev2_install_screenshot_deps
IKEV2_SCREENSHOT_PACKAGES=(wireshark-qt xvfb xdotool imagemagick)

ikev2_install_screenshot_deps() {
  local missing=()
  for p in "${IKEV2_SCREENSHOT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
}
