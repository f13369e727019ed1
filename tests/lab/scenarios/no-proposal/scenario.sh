# no-proposal: no common IKE proposal (b: AES-CBC-128/SHA2-256/MODP-2048,
# a: AES-CBC-256/SHA2-512/ECP-384); a answers IKE_SA_INIT with
# NO_PROPOSAL_CHOSEN. Nothing is encrypted: no keys exist.
DESCRIPTION="IKEv2, IKE_SA_INIT -> N(NO_PROP), no IKE_SA"

drive() {
	initiate b --child net --ike psk
	pause 1
}
