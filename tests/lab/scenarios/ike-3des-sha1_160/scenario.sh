# ike-3des-sha1_160: IKE 3DES with the untruncated HMAC-SHA1-160 of RFC 4595 (AUTH_HMAC_SHA1_160,
# what Wireshark's own test capture ikev2-decrypt-3des-sha1_160.pcap uses),
# PRF-HMAC-SHA1, MODP-2048; ESP AES-CBC-128/HMAC-SHA2-256 in UDP 4500.
DESCRIPTION="IKEv2 PSK, IKE 3DES/HMAC-SHA1-160/PRF-HMAC-SHA1/MODP-2048, ESP AES-CBC-128/HMAC-SHA2-256 in UDP 4500, one ping"

drive() {
	initiate b --child net --ike psk
	lab_ping b 10.1.0.1 1
	swanctl_step b --terminate --ike psk --timeout 10
}
