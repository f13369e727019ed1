# cert-rsa1024: certificate authentication with 1024-bit RSA keys (lab CA and both
# peers, test-only keys made with strongSwan pki), which RFC 8247 3.1.1 grades.
DESCRIPTION="IKEv2 RSA-1024 certificates (weak key length), pings, delete"

drive() {
	initiate b --child net --ike cert
	lab_ping b 10.1.0.1 2
	swanctl_step b --terminate --ike cert --timeout 10
}
