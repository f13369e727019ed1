# natt-keepalive: the initiator b sits behind a real masquerading NAT (lab-n,
# nftables): b 198.51.100.2 appears as 192.0.2.254 on the captured link.
# UDP encapsulation is also forced (encap = yes). b detects the NAT in front of
# itself and sends NAT-T keepalives (one 0xFF byte, UDP 4500, every 2 s of
# idle time) between the ping bursts.
DESCRIPTION="IKEv2 PSK, initiator behind NAT (198.51.100.2 -> 192.0.2.254), forced NAT-T, NAT keepalives every 2 s on UDP 4500, pings"
NAT=1

drive() {
	initiate b --child net --ike psk
	lab_ping b 10.1.0.1 2
	pause 5
	lab_ping a 10.2.0.1 2
	pause 3
	swanctl_step b --terminate --ike psk --timeout 10
}
