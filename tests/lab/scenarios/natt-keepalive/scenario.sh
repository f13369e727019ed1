# natt-keepalive: forced UDP encapsulation with NAT-T keepalives (one 0xFF
# byte on UDP 4500 every 2 s from both sides) between ping bursts.
DESCRIPTION="IKEv2 PSK, forced NAT-T (encap = yes), NAT keepalives every 2 s on UDP 4500, pings"

drive() {
	initiate b --child net --ike psk
	lab_ping b 10.1.0.1 2
	pause 5
	lab_ping a 10.2.0.1 2
	pause 3
	swanctl_step b --terminate --ike psk --timeout 10
}
