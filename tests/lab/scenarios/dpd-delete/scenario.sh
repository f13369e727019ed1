# dpd-delete: liveness checks (dpd_delay = 2s: empty INFORMATIONAL requests
# when no traffic came in for 2 s) from both sides, then a CHILD_SA delete
# (INFORMATIONAL with D for ESP SPIs) and an IKE_SA delete (D for IKE).
DESCRIPTION="IKEv2 PSK, DPD liveness checks (empty INFORMATIONAL) both ways, CHILD_SA delete, IKE_SA delete"

drive() {
	initiate b --child net --ike psk
	lab_ping b 10.1.0.1 1
	pause 5
	swanctl_step b --terminate --child net --timeout 10
	pause 1
	swanctl_step a --terminate --ike psk --timeout 10
}
