#!/usr/bin/env bash
# verify-capture.sh <test-captures/scenario dir> [extra tshark args...]
# Decodes a lab capture with plain tshark (built-in isakmp/esp dissectors only),
# using the scenario's ikev2_decryption_table / ikev1_decryption_table / esp_sa
# from a private Wireshark configuration directory. Prints the packet list and
# a count of decrypted IKE messages and ESP packets.
set -euo pipefail
dir=$(cd "$1" && pwd)
shift
conf=$(mktemp -d /tmp/lab-wsconf.XXXXXX)
trap 'rm -rf "$conf"' EXIT
mkdir -p "$conf/wireshark"
for f in ikev2_decryption_table ikev1_decryption_table esp_sa; do
	[ -f "$dir/$f" ] && cp "$dir/$f" "$conf/wireshark/$f"
done
export XDG_CONFIG_HOME=$conf WIRESHARK_CONFIG_DIR=$conf/wireshark
ts() { tshark -n -r "$dir/capture.pcap" -o esp.enable_encryption_decode:TRUE \
	-o esp.enable_authentication_check:TRUE "$@" 2>&1 | grep -v '^Running as user'; }
ts "$@"
echo "--- decrypted IKE messages (isakmp.enc.decrypted or IKEv1 decrypted payloads):"
ts -Y 'isakmp.enc.decrypted || (isakmp.version == 0x10 && isakmp.flags & 1 && isakmp.hash)' -T fields -e frame.number | wc -l
echo "--- ESP packets / decrypted with good ICV / ICMP inside ESP with pattern LAB1:"
ts -Y esp -T fields -e frame.number | wc -l
ts -Y 'esp.icv_good == 1' -T fields -e frame.number | wc -l
ts -Y 'esp && icmp && data.data contains 4c:41:42:31' -T fields -e frame.number | wc -l
