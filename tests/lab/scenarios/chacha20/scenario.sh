# chacha20: IKE ChaCha20-Poly1305 with PRF-HMAC-SHA2-256 and Curve25519,
# ESP ChaCha20-Poly1305 (RFC 7634) in UDP 4500 (libipsec, user space).
# Wireshark 4.0 has no ChaCha20-Poly1305 in its IKEv2 or ESP tables, so
# keys.txt carries the keys but the UAT files cannot.
DESCRIPTION="IKEv2 PSK, IKE CHACHA20-POLY1305/PRF-HMAC-SHA2-256/X25519, ESP CHACHA20-POLY1305 in UDP 4500, pings"

drive() {
	initiate b --child net --ike psk
	lab_ping b 10.1.0.1 3
	swanctl_step b --terminate --ike psk --timeout 10
}
