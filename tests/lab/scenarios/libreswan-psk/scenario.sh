# libreswan-psk: libreswan 4.10 (pluto, node b, initiator) against strongSwan
# 5.9.8 (charon, node a, responder), both on the kernel XFRM of a User-Mode
# Linux guest (tests/lab/uml/run-uml-lab.sh). IKEv2 PSK, IKE
# aes128-sha2_256-modp2048, ESP aes128-sha2_256 tunnel mode (plain ESP, IP
# protocol 50), 3 pings, delete by libreswan.
# Needs kernel XFRM (and, for libreswan-*, pluto): only tests/lab/uml/run-uml-lab.sh
# can run it. tests/lab/run-lab.sh (host, kernel-libipsec) skips it without touching
# test-captures/.
if [ -z "${UML_LAB:-}" ]; then
	echo "[lab] ${sdir##*/}: UML scenario, skipped (run tests/lab/uml/run-uml-lab.sh ${sdir##*/})" >&2
	exit 0
fi
DESCRIPTION="libreswan 4.10 initiator vs strongSwan 5.9.8 responder, IKEv2 PSK, IKE AES-CBC-128/HMAC-SHA2-256/MODP2048 on UDP 500, plain ESP (kernel XFRM in UML) AES-CBC-128/HMAC-SHA2-256 tunnel mode, 3 pings, delete"
PEER_B=libreswan
LSW_CONNS=psk

drive() {
	whack_step --name psk --initiate
	lab_ping b 10.1.0.1 3
	whack_step --name psk --terminate
}
