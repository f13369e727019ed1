# cp-vip: the initiator requests a virtual IPv4 address (CP(CFG_REQUEST)
# INTERNAL_IP4_ADDRESS), the responder assigns the first address of
# 10.3.0.0/24 plus a DNS server (CP(CFG_REPLY)); TSi is the virtual IP.
DESCRIPTION="IKEv2 PSK, configuration payload: virtual IP 10.3.0.1 from pool 10.3.0.0/24 + DNS, pings from the VIP, delete"

drive() {
	initiate b --child net --ike psk
	lab_ping b 10.1.0.1 2 10.3.0.1
	swanctl_step b --terminate --ike psk --timeout 10
}
