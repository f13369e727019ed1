# ike4-eap: the eap scenario again, kept for its charon logs at "ike 4" alone (keys/charon-X-ike4.log); the initiator authenticates with EAP-MD5 (identity "carol"), the
# responder with its PSK: IKE_AUTH carries EAP payloads over several
# round trips (IKE_AUTH MID 1..3); EAP-MD5 derives no MSK, so both AUTH payloads use the SK_p keys.
DESCRIPTION="IKEv2 EAP-MD5 client / PSK server, multi-round IKE_AUTH, pings, delete"

drive() {
	initiate b --child net --ike psk
	lab_ping b 10.1.0.1 2
	swanctl_step b --terminate --ike psk --timeout 10
}
