# auth-failed: the initiator uses a different pre-shared key; the responder
# answers IKE_AUTH with an AUTHENTICATION_FAILED notify (RFC 7296 2.21.2).
# IKE_SA_INIT succeeded, so the IKE keys exist and IKE_AUTH can be decrypted.
DESCRIPTION="IKEv2 PSK mismatch: IKE_AUTH response with N(AUTH_FAILED)"

drive() {
	initiate b --child net --ike psk
	pause 1
}
