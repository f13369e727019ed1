# ike-aes192ctr-sha1: IKE algorithm coverage for decryption tests: IKE AES-CTR-192/HMAC-SHA1-96/PRF-HMAC-SHA1/MODP-2048,
# ESP AES-CBC-128/HMAC-SHA2-256 in UDP 4500.
DESCRIPTION="IKEv2 PSK, IKE AES-CTR-192/HMAC-SHA1-96/PRF-HMAC-SHA1/MODP-2048, ESP AES-CBC-128/HMAC-SHA2-256 in UDP 4500, one ping"

drive() {
	initiate b --child net --ike psk
	lab_ping b 10.1.0.1 1
	swanctl_step b --terminate --ike psk --timeout 10
}
