# cookie: the responder demands a COOKIE (RFC 7296 2.6) once one IKE_SA is
# half-open (cookie_threshold = 1). A first connection "half" leaves a
# half-open IKE_SA on a (b has no private key and gives up after
# IKE_SA_INIT); the second IKE_SA_INIT gets N(COOKIE), b retries with the
# COOKIE notify first, then IKE_AUTH, pings, delete.
DESCRIPTION="IKEv2 PSK, half-open IKE_SA, IKE_SA_INIT -> N(COOKIE), retry with cookie, success, pings, delete"

drive() {
	initiate b --ike half
	initiate b --child net --ike psk
	lab_ping b 10.1.0.1 2
	swanctl_step b --terminate --ike psk --timeout 10
}
