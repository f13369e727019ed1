# cookie: the responder's cookie_threshold forces the stateless cookie
# challenge (RFC 7296 2.6): IKE_SA_INIT -> N(COOKIE), IKE_SA_INIT again
# with the COOKIE notify first, then IKE_AUTH, pings, delete.
DESCRIPTION="IKEv2 PSK, IKE_SA_INIT -> N(COOKIE), retry with cookie, success, pings, delete"

drive() {
	initiate b --child net --ike psk
	lab_ping b 10.1.0.1 2
	swanctl_step b --terminate --ike psk --timeout 10
}
