# ike4-aes-gcm: the aes-gcm scenario again, kept for its charon logs at "ike 4" alone (keys/charon-X-ike4.log); AEAD everywhere: IKE AES-GCM-256 (16 octet ICV) with PRF-HMAC-SHA384
# and ECP-384, ESP AES-GCM-128 (16 octet ICV), forced NAT-T.
DESCRIPTION="IKEv2 PSK, IKE AES-GCM-16-256/PRF-HMAC-SHA2-384/ECP-384, ESP AES-GCM-16-128 in UDP 4500, pings"

drive() {
	initiate b --child net --ike psk
	lab_ping b 10.1.0.1 3
	swanctl_step b --terminate --ike psk --timeout 10
}
