# frag-cert: certificate authentication (RSA-2048, lab CA) and IKEv2
# fragmentation (RFC 7383): fragment_size = 500 splits both IKE_AUTH messages
# into several SKF (Encrypted and Authenticated Fragment) payloads.
DESCRIPTION="IKEv2 RSA certificates, IKE_AUTH fragmented into SKF payloads (fragment_size 500), pings, delete"

drive() {
	initiate b --child net --ike cert
	lab_ping b 10.1.0.1 2
	swanctl_step b --terminate --ike cert --timeout 10
}
