# ikev1-psk: IKEv1 main mode + quick mode with a pre-shared key, forced NAT-T
# (ESP in UDP 4500), pings, then delete. Shows that IKEv1 still reaches
# Wireshark's built-in isakmp dissector.
DESCRIPTION="IKEv1 PSK main mode + quick mode, IKE AES-CBC-128/SHA2-256/MODP2048, ESP AES-CBC-128/HMAC-SHA2-256 in UDP 4500, pings, delete"

drive() {
	initiate b --child net --ike psk
	lab_ping b 10.1.0.1 3
	swanctl_step b --terminate --ike psk --timeout 10
}
