# ike4-psk: the psk-aescbc-sha256 scenario again, kept for its charon logs at "ike 4" alone (keys/charon-X-ike4.log); IKEv2 with a pre-shared key, IKE aes128-sha256-modp2048,
# ESP aes128-sha256 (no PFS), NAT-T forced (encap = yes) so IKE floats from
# UDP 500 to 4500 and ESP is UDP-encapsulated; 3 pings; delete.
DESCRIPTION="IKEv2 PSK, IKE AES-CBC-128/HMAC-SHA2-256/MODP2048, ESP AES-CBC-128/HMAC-SHA2-256 in UDP 4500, 3 pings, delete"

drive() {
	initiate b --child net --ike psk
	lab_ping b 10.1.0.1 3
	swanctl_step b --terminate --ike psk --timeout 10
}
