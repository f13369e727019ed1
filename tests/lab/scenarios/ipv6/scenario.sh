# ipv6: the psk-aescbc-sha256 exchange over IPv6 (2001:db8::2 -> 2001:db8::1),
# inner IPv6 subnets 2001:db8:2::/64 <-> 2001:db8:1::/64, ESP in UDP 4500.
DESCRIPTION="IKEv2 PSK over IPv6, IKE AES-CBC-128/HMAC-SHA2-256/MODP2048, ESP AES-CBC-128/HMAC-SHA2-256 in UDP 4500, ping6, delete"
FAMILY=6
CAPTURE_FILTER="udp or esp"

drive() {
	initiate b --child net --ike psk
	lab_ping b 2001:db8:1::1 3
	swanctl_step b --terminate --ike psk --timeout 10
}
