#!/usr/bin/env bash
# verify-capture.sh <test-captures/scenario dir> [extra tshark args...]
# Decodes a lab capture with plain tshark (built-in isakmp/esp dissectors only),
# using the scenario's ikev2_decryption_table / ikev1_decryption_table / esp_sa
# from a private Wireshark configuration directory. Prints the packet list and
# counts of decrypted IKE messages and ESP packets.
# LAB_DECODE="-d udp.port==7500,udpencap ..." adds Decode As rules to every call.
set -euo pipefail
dir=$(cd "$1" && pwd)
shift
conf=$(mktemp -d /tmp/lab-wsconf.XXXXXX)
trap 'rm -rf "$conf"' EXIT
mkdir -p "$conf/wireshark"
for f in ikev2_decryption_table ikev1_decryption_table esp_sa; do
	if [ -f "$dir/$f" ]; then cp "$dir/$f" "$conf/wireshark/$f"; fi
done
export XDG_CONFIG_HOME=$conf WIRESHARK_CONFIG_DIR=$conf/wireshark
read -r -a decode <<<"${LAB_DECODE:-}"
ts() { tshark -n -r "$dir/capture.pcap" -o esp.enable_encryption_decode:TRUE \
	-o esp.enable_authentication_check:TRUE "${decode[@]}" "$@" 2>&1 | grep -v '^Running as user' || true; }
ts "$@"
echo "--- IKEv2 messages with an Encrypted payload / decrypted:"
ts -Y 'isakmp.version == 0x20 && isakmp.enc.data' -T fields -e frame.number | wc -l
ts -Y 'isakmp.version == 0x20 && isakmp.enc.decrypted' -T fields -e frame.number | wc -l
echo "--- ESP packets / with good ICV / ICMP with pattern LAB1 inside ESP:"
ts -Y esp -T fields -e frame.number | wc -l
ts -Y 'esp.icv_good == 1' -T fields -e frame.number | wc -l
ts -Y 'esp && icmp && data.data contains 4c:41:42:31' -T fields -e frame.number | wc -l
