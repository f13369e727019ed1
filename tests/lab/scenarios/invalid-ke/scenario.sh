# invalid-ke: the initiator proposes MODP-2048 and ECP-256 and sends its KE for
# MODP-2048 (first group); the responder only accepts ECP-256 and answers
# INVALID_KE_PAYLOAD (with the group it wants); the initiator retries
# IKE_SA_INIT with an ECP-256 KE. Then IKE_AUTH, pings, delete.
DESCRIPTION="IKEv2 PSK, IKE_SA_INIT -> N(INVALID_KE_PAYLOAD) ECP-256, retry, success, pings, delete"

drive() {
	initiate b --child net --ike psk
	lab_ping b 10.1.0.1 2
	swanctl_step b --terminate --ike psk --timeout 10
}
