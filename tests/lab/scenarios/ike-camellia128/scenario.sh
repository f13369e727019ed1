# ike-camellia128: IKE algorithm coverage for decryption tests: IKE Camellia-CBC-128/HMAC-SHA2-256-128/PRF-HMAC-SHA2-256/MODP-2048,
# ESP AES-CBC-128/HMAC-SHA2-256 in UDP 4500.
DESCRIPTION="IKEv2 PSK, IKE Camellia-CBC-128/HMAC-SHA2-256-128/PRF-HMAC-SHA2-256/MODP-2048, ESP AES-CBC-128/HMAC-SHA2-256 in UDP 4500, one ping"

drive() {
	initiate b --child net --ike psk
	lab_ping b 10.1.0.1 1
	swanctl_step b --terminate --ike psk --timeout 10
}
