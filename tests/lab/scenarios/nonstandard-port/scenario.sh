# nonstandard-port: both daemons use IKE port 7500 and NAT-T port 7501,
# so neither IKE nor ESP-in-UDP is on a well-known port.
DESCRIPTION="IKEv2 PSK on UDP 7500, NAT-T/ESP-in-UDP on UDP 7501 (non-standard ports), pings"

drive() {
	initiate b --child net --ike psk
	lab_ping b 10.1.0.1 3
	swanctl_step b --terminate --ike psk --timeout 10
}
