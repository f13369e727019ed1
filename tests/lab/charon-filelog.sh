# charon-filelog.sh - sourced by run-lab.sh and uml/uml-lab.sh: the filelog section of
# the strongswan.conf both write for each daemon.
#
# lab_filelog DIR prints two logs of the same daemon:
#   DIR/charon.log       everything the extraction needs (ike/chd/cfg/enc/net 4: the
#                        keys, SPIs, proposals and messages; lab-extract.py reads it);
#   DIR/charon-ike4.log  the daemon's log as a user writes it with charondebug="ike 4":
#                        the SK_* secrets, no IKE SPIs, no CHILD_SA key dumps
#                        (keys/charon-X-ike4.log).
lab_filelog() {
	local dir=$1
	cat <<EOF2
	filelog {
		lab {
			path = $dir/charon.log
			time_format = %H:%M:%S
			append = no
			flush_line = yes
			ike_name = yes
			default = 1
			ike = 4
			chd = 4
			knl = 2
			cfg = 4
			enc = 4
			net = 4
			lib = 1
			mgr = 1
			asn = 1
		}
		ike4 {
			path = $dir/charon-ike4.log
			time_format = %H:%M:%S
			append = no
			flush_line = yes
			ike_name = yes
			default = 1
			ike = 4
		}
	}
EOF2
}
