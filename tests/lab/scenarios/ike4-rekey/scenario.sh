# ike4-rekey: the rekey scenario again, kept for its charon logs at "ike 4" alone (keys/charon-X-ike4.log); CREATE_CHILD_SA in all its forms on one IKE_SA:
#   - CHILD_SA "net" created in IKE_AUTH (no PFS), rekeyed by b without KE
#   - CHILD_SA "pfs" created by CREATE_CHILD_SA with KE (ECP-256), rekeyed by a
#     (the responder of the IKE_SA starts that exchange) with KE
#   - IKE_SA rekeyed by b (CREATE_CHILD_SA with SA/Ni/KEi for the new IKE_SA)
# pings after each step; delete at the end on the new IKE_SA.
DESCRIPTION="IKEv2 PSK, CHILD_SA rekey without PFS, CHILD_SA creation and rekey with PFS (ECP-256), IKE_SA rekey, pings, delete"

drive() {
	initiate b --child net --ike psk
	initiate b --child pfs --ike psk
	lab_ping b 10.1.0.1 1
	lab_ping b 10.1.1.1 1 10.2.1.1
	swanctl_step b --rekey --child net
	lab_ping b 10.1.0.1 1
	swanctl_step a --rekey --child pfs
	lab_ping b 10.1.1.1 1 10.2.1.1
	swanctl_step b --rekey --ike psk
	pause 1
	lab_ping b 10.1.0.1 1
	swanctl_step b --terminate --ike psk --timeout 10
}
