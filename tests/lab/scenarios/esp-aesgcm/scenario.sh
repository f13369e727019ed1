# esp-aesgcm: plain ESP (IP protocol 50) from the kernel XFRM of a User-Mode Linux guest
# (tests/lab/uml/run-uml-lab.sh). IKEv2 PSK, IKE aes128-sha256-modp2048 on UDP 500
# (mobike = no), ESP aes128gcm16 tunnel mode, 3 pings, delete.
# Needs kernel XFRM (and, for libreswan-*, pluto): only tests/lab/uml/run-uml-lab.sh
# can run it. tests/lab/run-lab.sh (host, kernel-libipsec) skips it without touching
# test-captures/.
if [ -z "${UML_LAB:-}" ]; then
	echo "[lab] ${sdir##*/}: UML scenario, skipped (run tests/lab/uml/run-uml-lab.sh ${sdir##*/})" >&2
	exit 0
fi
DESCRIPTION="IKEv2 PSK, IKE AES-CBC-128/HMAC-SHA2-256/MODP2048 on UDP 500 (mobike = no), plain ESP (IP proto 50, kernel XFRM in UML) AES-GCM-16-128 (esp_proposals aes128gcm16) tunnel mode, 3 pings, delete"

drive() {
	initiate b --child net --ike psk
	lab_ping b 10.1.0.1 3
	swanctl_step b --terminate --ike psk --timeout 10
}
