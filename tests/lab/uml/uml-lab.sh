#!/usr/bin/env bash
# uml-lab.sh - record one kernel-ESP scenario INSIDE the User-Mode Linux guest.
#
# Started by uml-init.sh (PID 1 of the guest), never on the host:
#   uml-lab.sh <scenario> <outdir>
#
# Same lab as tests/lab/run-lab.sh, but the guest kernel has XFRM, so ESP is
# plain IP protocol 50 done by the kernel (strongSwan kernel-netlink, no
# kernel-libipsec), and node b can be libreswan's pluto instead of charon:
#
#   lab-a  "moon", responder  charon          veth-a 192.0.2.1  inner 10.1.0.1/24 (lo)
#   lab-b  "carol", initiator charon | pluto  veth-b 192.0.2.2  inner 10.2.0.1/24 (lo)
#   lab-w  the "wire": bridge br0 with ports wire-a (peer of veth-a) and wire-b
#          (peer of veth-b); tcpdump runs here on wire-a.
#
# The capture is taken on the wire and not on veth-a because the kernel hands
# decapsulated tunnel-mode packets back to the interface they arrived on: a
# capture on veth-a would hold every inbound ESP packet twice (ESP, then the
# inner ICMP in clear). On the bridge port only what crossed the link is seen.
#
# Everything lives in three network namespaces of the guest kernel; the guest
# has no network device to the outside at all.
# Raw results go to <outdir>/work/ (a/charon.log, b/charon.log or b/pluto.log,
# list-sas, ip -s xfrm state snapshots, steps.log, capture.pcap); the host side
# (run-uml-lab.sh) turns them into the test-captures folder.
#
# scenario.sh may set (besides DESCRIPTION, CAPTURE_FILTER, drive()):
#   PEER_B=libreswan   node b is pluto, configured by b/ipsec.conf + b/ipsec.secrets
set -euo pipefail

LAB=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$LAB/charon-filelog.sh"
NAME=$1
OUT=$2
WORK=$OUT/work
CHARON=${CHARON:-/usr/lib/ipsec/charon}
SWANCTL=${SWANCTL:-swanctl}
LSW=${LSW:-/opt/libreswan}
PLUTO=$LSW/usr/libexec/ipsec/pluto
WHACK=$LSW/usr/libexec/ipsec/whack
ADDCONN=$LSW/usr/libexec/ipsec/addconn
NS_A=lab-a
NS_B=lab-b
NS_W=lab-w
RUN_A=/run/lab-a
RUN_B=/run/lab-b
PING_PATTERN=4c414231 # "LAB1"

TCPDUMP_PID=""
A_PID=""
B_PID=""
PEER_B=strongswan
export UML_LAB=1 # scenario.sh of esp-*/libreswan-* refuse to run without it

log() { printf '[uml-lab] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

stop_pid() { # stop_pid PID SIGNAL
	local pid=$1 sig=$2 i
	[ -n "$pid" ] || return 0
	kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
	kill "-$sig" "$pid" 2>/dev/null || true
	for i in $(seq 50); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$pid" 2>/dev/null; then
		log "pid $pid ignored SIG$sig, killing"
		kill -KILL "$pid" 2>/dev/null || true
	fi
	wait "$pid" 2>/dev/null || true
}
stop_capture() { stop_pid "$TCPDUMP_PID" INT; TCPDUMP_PID=""; }
stop_daemons() {
	stop_pid "$B_PID" TERM
	B_PID=""
	stop_pid "$A_PID" TERM
	A_PID=""
}
on_exit() {
	local rc=$?
	stop_capture
	stop_daemons
	ip netns del "$NS_A" 2>/dev/null || true
	ip netns del "$NS_B" 2>/dev/null || true
	ip netns del "$NS_W" 2>/dev/null || true
	exit "$rc"
}
trap on_exit EXIT

# --- namespaces (IPv4 only) ----------------------------------------------------

lab_up() {
	local ns
	ip netns add "$NS_A"
	ip netns add "$NS_B"
	ip netns add "$NS_W"
	ip link add veth-a netns "$NS_A" type veth peer name wire-a netns "$NS_W"
	ip link add veth-b netns "$NS_B" type veth peer name wire-b netns "$NS_W"
	for ns in "$NS_A" "$NS_B" "$NS_W"; do
		ip -n "$ns" link set lo up
		ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
			net.ipv6.conf.default.disable_ipv6=1 net.ipv4.conf.all.rp_filter=0 \
			net.ipv4.conf.default.rp_filter=0
	done
	# the wire: a bridge without STP and without addresses (it sends nothing)
	ip -n "$NS_W" link add br0 type bridge stp_state 0 forward_delay 0
	ip -n "$NS_W" link set wire-a master br0
	ip -n "$NS_W" link set wire-b master br0
	ip -n "$NS_W" link set br0 up
	ip -n "$NS_W" link set wire-a up
	ip -n "$NS_W" link set wire-b up
	ip -n "$NS_A" link set veth-a up
	ip -n "$NS_B" link set veth-b up
	ip -n "$NS_A" addr add 192.0.2.1/24 dev veth-a
	ip -n "$NS_B" addr add 192.0.2.2/24 dev veth-b
	ip -n "$NS_A" addr add 10.1.0.1/24 dev lo
	ip -n "$NS_B" addr add 10.2.0.1/24 dev lo
}

# UML needs up to a second the first time a kernel crypto transform is
# instantiated (module requests, self-tests): long enough for IKE peers to
# retransmit IKE_AUTH while the responder installs its SAs. Instantiate the
# transforms of all lab scenarios once, in the wire namespace, before the
# daemons start (the crypto API keeps them for every namespace).
warm_up_crypto() {
	local k16=0x000102030405060708090a0b0c0d0e0f k20=0x000102030405060708090a0b0c0d0e0f10111213
	local k32=0x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
	local k36=0x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20212223
	local spi=256 a
	local -a algs=(
		"mode tunnel enc 'cbc(aes)' $k16 auth-trunc 'hmac(sha256)' $k32 128"
		"mode transport enc 'cbc(aes)' $k16 auth-trunc 'hmac(sha256)' $k32 128"
		"mode tunnel replay-window 32 flag esn enc 'cbc(aes)' $k16 auth-trunc 'hmac(sha256)' $k32 128"
		"mode tunnel enc 'ecb(cipher_null)' '' auth-trunc 'hmac(sha256)' $k32 128"
		"mode tunnel aead 'rfc4106(gcm(aes))' $k20 128"
		"mode tunnel aead 'rfc4543(gcm(aes))' $k20 128"
		"mode tunnel aead 'rfc7539esp(chacha20,poly1305)' $k36 128"
	)
	for a in "${algs[@]}"; do
		spi=$((spi + 1))
		eval "ip -n $NS_W xfrm state add src 198.18.0.1 dst 198.18.0.2 proto esp spi $spi reqid 1 $a" \
			2>>"$WORK/warm-up.err" || echo "warm-up failed: $a" >>"$WORK/warm-up.err"
	done
	ip -n "$NS_W" xfrm state flush
}

# --- strongSwan ------------------------------------------------------------------

# kernel-netlink does the ESP (kernel XFRM); no kernel-libipsec here
PLUGINS="random nonce openssl aes des sha1 sha2 md5 gmp hmac kdf gcm ccm ctr xcbc cmac \
chapoly curve25519 x509 pubkey pkcs1 pkcs7 pkcs8 pkcs12 pem revocation constraints \
attr kernel-netlink socket-default vici eap-identity eap-md5 xauth-generic"

write_strongswan_conf() { # SIDE SCENARIODIR
	local side=$1 sdir=$2 dir=$WORK/$1
	mkdir -p "$dir"
	cat >"$dir/strongswan.conf" <<EOF
# generated by tests/lab/uml/uml-lab.sh for node $side (UML guest, kernel XFRM)
charon {
	load = $PLUGINS
	syslog {
		daemon {
			default = -1
		}
	}
$(lab_filelog "$dir")
	plugins {
		vici {
			socket = unix:///run/charon.vici
		}
	}
	# UML is slow on first use of a kernel crypto template: no 1 s retransmits
	retransmit_tries = 2
	retransmit_timeout = 4.0
	retransmit_base = 1.4
}
EOF
	if [ -f "$sdir/$side/strongswan.conf" ]; then
		echo "include $sdir/$side/strongswan.conf" >>"$dir/strongswan.conf"
	fi
}

start_charon() { # SIDE
	local side=$1 ns run pid i
	if [ "$side" = a ]; then ns=$NS_A; run=$RUN_A; else ns=$NS_B; run=$RUN_B; fi
	rm -rf "$run"
	mkdir -p "$run"
	ip netns exec "$ns" unshare -m --propagation private \
		sh -c 'mount --bind "$1" /run && exec env STRONGSWAN_CONF="$2" "$3"' \
		lab-charon "$run" "$WORK/$side/strongswan.conf" "$CHARON" \
		>"$WORK/$side/charon.stdout" 2>&1 &
	pid=$!
	if [ "$side" = a ]; then A_PID=$pid; else B_PID=$pid; fi
	for i in $(seq 200); do
		[ -S "$run/charon.vici" ] && return 0
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	cat "$WORK/$side/charon.stdout" >&2 || true
	die "charon $side did not come up"
}

sw() { # sw SIDE COMMAND [ARGS...]
	local side=$1 cmd=$2 run
	shift 2
	if [ "$side" = a ]; then run=$RUN_A; else run=$RUN_B; fi
	"$SWANCTL" "$cmd" --uri "unix://$run/charon.vici" "$@"
}

load_config() { # SIDE SCENARIODIR
	local side=$1 sdir=$2
	SWANCTL_DIR="$sdir/$side" sw "$side" --load-all --noprompt --file "$sdir/$side/swanctl.conf" \
		>"$WORK/$side/load.out" 2>&1 ||
		{ cat "$WORK/$side/load.out" >&2; die "swanctl --load-all failed on $side"; }
}

# --- libreswan (node b only) -------------------------------------------------------

# pluto runs from the unpacked Debian package in $LSW (libreswan and strongSwan
# conflict in dpkg), in lab-b, in its own mount namespace with /run bind-mounted
# from $RUN_B: its control socket is $RUN_B/pluto.ctl.
start_pluto() { # SCENARIODIR
	local sdir=$1 dir=$WORK/b i
	mkdir -p "$dir/nss" "$dir/ipsec.d"
	rm -rf "$RUN_B"
	mkdir -p "$RUN_B"
	certutil -N -d "sql:$dir/nss" --empty-password >"$dir/certutil.out" 2>&1 ||
		{ cat "$dir/certutil.out" >&2; die "certutil -N failed"; }
	# pluto runs its helpers (addconn, _updown) from the compiled-in
	# /usr/libexec/ipsec: in pluto's mount namespace only, a tmpfs on
	# /usr/libexec holds a symlink ipsec -> $LSW/usr/libexec/ipsec
	ip netns exec "$NS_B" unshare -m --propagation private \
		sh -c 'mount --bind "$1" /run && mount -t tmpfs tmpfs /usr/libexec &&
			ln -s "$2/usr/libexec/ipsec" /usr/libexec/ipsec && shift 2 && exec "$@"' \
		lab-pluto "$RUN_B" "$LSW" \
		"$PLUTO" --nofork --config "$sdir/b/ipsec.conf" --secretsfile "$sdir/b/ipsec.secrets" \
		--ipsecdir "$dir/ipsec.d" --nssdir "$dir/nss" --rundir /run --dumpdir /run \
		--logfile "$dir/pluto.log" --no-dnssec --log-no-audit \
		>"$dir/pluto.stdout" 2>&1 &
	B_PID=$!
	for i in $(seq 200); do
		[ -S "$RUN_B/pluto.ctl" ] && return 0
		kill -0 "$B_PID" 2>/dev/null || break
		sleep 0.1
	done
	cat "$dir/pluto.stdout" "$dir/pluto.log" >&2 || true
	die "pluto did not come up"
}

lsw() { # lsw ARGS...: whack on node b's pluto
	"$WHACK" --ctlsocket "$RUN_B/pluto.ctl" "$@"
}

load_pluto_config() { # SCENARIODIR CONN...
	local sdir=$1
	shift
	ip netns exec "$NS_B" "$ADDCONN" --ctlsocket "$RUN_B/pluto.ctl" --config "$sdir/b/ipsec.conf" "$@" \
		>"$WORK/b/load.out" 2>&1 || { cat "$WORK/b/load.out" >&2; die "addconn failed"; }
	lsw --listen >>"$WORK/b/load.out" 2>&1 || true
}

# --- capture ----------------------------------------------------------------------

start_capture() { # FILTER
	ip netns exec "$NS_W" tcpdump -i wire-a -U -s 0 -n -w "$WORK/capture.pcap" "$1" \
		>"$WORK/tcpdump.out" 2>&1 &
	TCPDUMP_PID=$!
	local i
	for i in $(seq 100); do
		grep -q "listening on" "$WORK/tcpdump.out" 2>/dev/null && return 0
		sleep 0.1
	done
	cat "$WORK/tcpdump.out" >&2
	die "tcpdump did not start"
}

# --- helpers for drive() --------------------------------------------------------------

step() { log "step: $*"; echo "$(date +%H:%M:%S) $*" >>"$WORK/steps.log"; }

snapshot() { # swanctl --list-sas of the charons + the kernel's SAs of both namespaces
	local side ns
	for side in a b; do
		if [ "$side" = a ]; then ns=$NS_A; else ns=$NS_B; fi
		if [ "$side" = a ] || [ "$PEER_B" = strongswan ]; then
			{
				echo "=== $(date +%H:%M:%S) after: $(tail -1 "$WORK/steps.log")"
				sw "$side" --list-sas 2>&1 || true
			} >>"$WORK/$side/list-sas.log"
		else
			{
				echo "=== $(date +%H:%M:%S) after: $(tail -1 "$WORK/steps.log")"
				lsw --trafficstatus 2>&1 || true
				lsw --showstates 2>&1 || true
			} >>"$WORK/$side/pluto-status.log"
		fi
		{
			echo "=== $(date +%H:%M:%S) after: $(tail -1 "$WORK/steps.log")"
			echo "--- ip -s xfrm state (namespace $ns)"
			ip -n "$ns" -s xfrm state 2>&1 || true
			echo "--- ip xfrm policy (namespace $ns)"
			ip -n "$ns" xfrm policy 2>&1 || true
		} >>"$WORK/$side/xfrm.log"
	done
}

initiate() { # initiate SIDE swanctl-initiate-args (strongSwan node)
	local side=$1
	shift
	step "swanctl --initiate $* on $side"
	sw "$side" --initiate --timeout 15 "$@" >>"$WORK/$side/swanctl.out" 2>&1 ||
		log "initiate on $side returned $? (see logs)"
	snapshot
}

swanctl_step() { # SIDE args...
	local side=$1
	shift
	step "swanctl $* on $side"
	sw "$side" "$@" >>"$WORK/$side/swanctl.out" 2>&1 || log "swanctl $* on $side returned $?"
	snapshot
}

whack_step() { # whack args... on the libreswan node b
	step "whack $* on b"
	timeout 30 "$WHACK" --ctlsocket "$RUN_B/pluto.ctl" "$@" >>"$WORK/b/whack.out" 2>&1 ||
		log "whack $* returned $?"
	snapshot
}

lab_ping() { # lab_ping FROM(a|b) DST [COUNT [SRC]]
	local side=$1 dst=$2 count=${3:-3} ns src
	if [ "$side" = a ]; then ns=$NS_A; src=10.1.0.1; else ns=$NS_B; src=10.2.0.1; fi
	src=${4:-$src}
	step "ping -p $PING_PATTERN -c $count -s 64 -I $src $dst in $side"
	ip netns exec "$ns" ping -n -q -p "$PING_PATTERN" -c "$count" -s 64 -i 0.3 -W 2 -I "$src" "$dst" \
		>>"$WORK/ping.out" 2>&1 || log "ping from $side to $dst failed (see ping.out)"
	snapshot
}

pause() { step "sleep $1"; sleep "$1"; }

# --- one scenario --------------------------------------------------------------------

run_scenario() {
	local sdir=$LAB/scenarios/$NAME
	[ -f "$sdir/scenario.sh" ] || die "no scenario $NAME ($sdir/scenario.sh)"
	CAPTURE_FILTER="udp or esp or icmp"
	DESCRIPTION=""
	# shellcheck disable=SC1090,SC1091
	. "$sdir/scenario.sh"
	declare -F drive >/dev/null || die "$sdir/scenario.sh defines no drive()"
	log "=== scenario $NAME ($PEER_B as b): $DESCRIPTION"
	rm -rf "$WORK"
	mkdir -p "$WORK/a" "$WORK/b"
	: >"$WORK/steps.log"
	echo "$PEER_B" >"$WORK/peer-b"
	echo "$DESCRIPTION" >"$WORK/description"
	"$CHARON" --version >"$WORK/strongswan-version" 2>&1 || true
	uname -r >"$WORK/kernel-version"
	lab_up
	warm_up_crypto
	write_strongswan_conf a "$sdir"
	start_charon a
	load_config a "$sdir"
	if [ "$PEER_B" = libreswan ]; then
		"$PLUTO" --version >"$WORK/libreswan-version" 2>&1 || true
		# pluto's updown script is disabled (it lives under /usr/libexec/ipsec in
		# the package); the route to a's inner subnet is set here instead
		ip -n "$NS_B" route add 10.1.0.0/24 via 192.0.2.1 src 10.2.0.1
		start_pluto "$sdir"
		load_pluto_config "$sdir" "${LSW_CONNS:-psk}"
	else
		write_strongswan_conf b "$sdir"
		start_charon b
		load_config b "$sdir"
	fi
	start_capture "$CAPTURE_FILTER"
	sleep 0.5
	drive
	sleep 1
	stop_capture
	step "end of capture"
	snapshot
	stop_daemons
	log "done: $(stat -c %s "$WORK/capture.pcap") bytes of pcap"
}

run_scenario
