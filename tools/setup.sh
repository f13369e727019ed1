#!/bin/bash
# One command for a fresh Debian 12 machine: install what is missing, build, install the
# plugin (global plugin folder as root, personal folder otherwise) and show it working on
# a bundled capture made by strongSwan.
set -euo pipefail
cd "$(dirname "$0")/.."
source tools/deps.sh
ikev2_install_deps

cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build -j"$(nproc)"
cmake --install build

demo=test-captures/psk-aescbc-sha256/capture.pcap
keys=test-captures/psk-aescbc-sha256/ikev2_decryption_table
echo
echo "== Installed: $(grep -m1 IKEV2_PLUGIN_INSTALL_DIR: build/CMakeCache.txt | cut -d= -f2)/ikev2.so"
echo "== Installed: $(grep -m1 IKEV2_PROFILE_INSTALL_DIR: build/CMakeCache.txt | cut -d= -f2)/IKEv2 (the IKEv2 profile: wireshark -C IKEv2)"
echo "== tshark -G plugins:"
# tshark as root ignores the personal plugin folder; the global install is seen by all.
tshark -G plugins 2>/dev/null | grep -E '^ikev2\.so' || {
  echo "ikev2.so not listed: as a normal user it is in your personal plugin folder;"
  echo "run tshark as that user."; }
echo
echo "== $demo (strongSwan, PSK, AES-CBC + HMAC-SHA2-256), decrypted with $keys:"
tshark -r "$demo" -o "ikev2.key_file:$keys" 2>/dev/null
echo
echo "== The IKE_AUTH request, decrypted, field by field (tshark -V -O ikev2, frame 3):"
tshark -r "$demo" -o "ikev2.key_file:$keys" -V -O ikev2 -Y frame.number==3 2>/dev/null \
  | sed -n '/^Internet Key Exchange/,$p'
