#!/usr/bin/env bash
# run-lab.sh - record one IKE/IPsec scenario between two strongSwan daemons.
#
# Usage (as root):  tests/lab/run-lab.sh <scenario> | all | list
#
# The lab is two network namespaces joined by one veth pair:
#
#   lab-a  "moon", responder   veth-a 192.0.2.1 | 2001:db8::1  inner 10.1.0.1/24 | 2001:db8:1::1/64
#   lab-b  "carol", initiator  veth-b 192.0.2.2 | 2001:db8::2  inner 10.2.0.1/24 | 2001:db8:2::1/64
#   (second inner pair 10.1.1.1/24 on a and 10.2.1.1/24 on b for two-CHILD_SA scenarios)
#
# With NAT=1 (scenario.sh) a third namespace lab-n sits between them and
# masquerades b (198.51.100.2, TEST-NET-2) behind 192.0.2.254 with nftables.
# The capture is always taken on veth-a, the responder's side.
#
# Every address lives inside the two namespaces; nothing is sent elsewhere.
# The machine has no kernel ESP/xfrm, so ESP runs in user space through
# strongSwan's kernel-libipsec plugin (TUN device ipsec0), which only handles
# UDP-encapsulated ESP: ESP scenarios force `encap = yes`.
#
# Each charon runs in its own private mount namespace where the host directory
# /run/lab-X is bind-mounted on /run, so the compiled-in pid file
# /var/run/charon.pid and the vici socket /run/charon.vici of each daemon are
# /run/lab-X/charon.pid and /run/lab-X/charon.vici on the host.
#
# A scenario is a folder tests/lab/scenarios/<name>/ with:
#   scenario.sh         sourced; sets variables and defines drive()
#   a/swanctl.conf      responder config (plus x509/, private/, x509ca/ ...)
#   b/swanctl.conf      initiator config
#   a/strongswan.conf   optional, included after the generated base config
#   b/strongswan.conf   optional, same for the initiator
#
# Output goes to test-captures/<name>/ (capture.pcap, keys/, keys.txt,
# ikev2_decryption_table, esp_sa, facts.md); see docs/lab-captures.md.
set -euo pipefail

LAB=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$LAB/charon-filelog.sh"
ROOT=$(cd "$LAB/../.." && pwd)
OUT_BASE=${LAB_OUT:-$ROOT/test-captures}
CHARON=${CHARON:-/usr/lib/ipsec/charon}
SWANCTL=${SWANCTL:-swanctl}
NS_A=lab-a
NS_B=lab-b
NS_N=lab-n # only for NAT=1 scenarios
RUN_A=/run/lab-a
RUN_B=/run/lab-b
PING_PATTERN=4c414231 # "LAB1"

WORK=""
TCPDUMP_PID=""
CHARON_A_PID=""
CHARON_B_PID=""
LAB_UP=0

log() { printf '[lab] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# --- teardown -----------------------------------------------------------------

stop_pid() { # stop_pid PID SIGNAL: signal one process we started and reap it
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

stop_capture() {
	# SIGINT lets tcpdump flush and close the pcap properly
	stop_pid "$TCPDUMP_PID" INT
	TCPDUMP_PID=""
}

stop_daemons() {
	stop_pid "$CHARON_B_PID" TERM
	CHARON_B_PID=""
	stop_pid "$CHARON_A_PID" TERM
	CHARON_A_PID=""
}

teardown() {
	stop_capture
	stop_daemons
	if [ "$LAB_UP" = 1 ]; then
		ip netns del "$NS_A" 2>/dev/null || true
		ip netns del "$NS_B" 2>/dev/null || true
		ip netns del "$NS_N" 2>/dev/null || true
		LAB_UP=0
	fi
	rm -rf "$RUN_A" "$RUN_B"
	if [ -n "$WORK" ] && [ "${LAB_KEEP:-0}" != 1 ]; then
		rm -rf "$WORK"
	elif [ -n "$WORK" ]; then
		log "work directory kept: $WORK"
	fi
	WORK=""
}

on_exit() {
	local rc=$?
	teardown
	exit "$rc"
}
trap on_exit EXIT
trap 'exit 130' INT TERM

# --- namespaces ---------------------------------------------------------------

lab_up() { # lab_up FAMILY NAT
	local fam=$1 nat=$2 ns
	for ns in "$NS_A" "$NS_B" "$NS_N"; do
		if ip netns list | grep -qw "$ns"; then
			die "namespace $ns exists (another lab running? remove it with: ip netns del $ns)"
		fi
	done
	LAB_UP=1
	ip netns add "$NS_A"
	ip netns add "$NS_B"
	if [ "$nat" = 1 ]; then
		# b -- veth-b/veth-nb -- lab-n (masquerading NAT) -- veth-na/veth-a -- a
		ip netns add "$NS_N"
		ip link add veth-a netns "$NS_A" type veth peer name veth-na netns "$NS_N"
		ip link add veth-b netns "$NS_B" type veth peer name veth-nb netns "$NS_N"
	else
		ip link add veth-a netns "$NS_A" type veth peer name veth-b netns "$NS_B"
	fi
	for ns in "$NS_A" "$NS_B" $( [ "$nat" = 1 ] && echo "$NS_N" ); do
		ip -n "$ns" link set lo up
		# no router solicitations, DAD or other chatter on the capture link
		ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.accept_ra=0 \
			net.ipv6.conf.default.accept_ra=0 net.ipv6.conf.all.accept_dad=0 \
			net.ipv6.conf.default.accept_dad=0 net.ipv6.conf.all.dad_transmits=0 \
			net.ipv6.conf.default.dad_transmits=0 net.ipv6.conf.all.router_solicitations=0 \
			net.ipv6.conf.default.router_solicitations=0 \
			net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.default.rp_filter=0
		if [ "$fam" != 6 ]; then
			# IPv4 only on the wire: keeps the capture free of ND/MLD packets
			ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
				net.ipv6.conf.default.disable_ipv6=1
		fi
	done
	ip -n "$NS_A" link set veth-a up
	ip -n "$NS_B" link set veth-b up
	# inner (protected) subnets live on lo: this kernel has no dummy links
	ip -n "$NS_A" addr add 10.1.0.1/24 dev lo
	ip -n "$NS_B" addr add 10.2.0.1/24 dev lo
	# second inner pair for scenarios with two CHILD_SAs
	ip -n "$NS_A" addr add 10.1.1.1/24 dev lo
	ip -n "$NS_B" addr add 10.2.1.1/24 dev lo
	if [ "$fam" = 6 ]; then
		ip -n "$NS_A" addr add 2001:db8::1/64 dev veth-a nodad
		ip -n "$NS_B" addr add 2001:db8::2/64 dev veth-b nodad
		ip -n "$NS_A" addr add 2001:db8:1::1/64 dev lo nodad
		ip -n "$NS_B" addr add 2001:db8:2::1/64 dev lo nodad
	elif [ "$nat" = 1 ]; then
		ip -n "$NS_N" link set veth-na up
		ip -n "$NS_N" link set veth-nb up
		ip -n "$NS_A" addr add 192.0.2.1/24 dev veth-a
		ip -n "$NS_N" addr add 192.0.2.254/24 dev veth-na
		ip -n "$NS_N" addr add 198.51.100.1/24 dev veth-nb
		ip -n "$NS_B" addr add 198.51.100.2/24 dev veth-b
		ip -n "$NS_B" route add 192.0.2.0/24 via 198.51.100.1
		ip netns exec "$NS_N" sysctl -qw net.ipv4.ip_forward=1
		ip netns exec "$NS_N" nft -f - <<-'NFT'
			table ip labnat {
				chain post {
					type nat hook postrouting priority 100; policy accept;
					oifname "veth-na" masquerade
				}
			}
		NFT
	else
		ip -n "$NS_A" addr add 192.0.2.1/24 dev veth-a
		ip -n "$NS_B" addr add 192.0.2.2/24 dev veth-b
	fi
}

# --- daemons ------------------------------------------------------------------

PLUGINS="random nonce openssl aes des sha1 sha2 md5 gmp hmac kdf gcm ccm ctr xcbc cmac \
chapoly curve25519 x509 pubkey pkcs1 pkcs7 pkcs8 pkcs12 pem revocation constraints \
attr kernel-libipsec kernel-netlink socket-default vici eap-identity eap-md5 eap-mschapv2 \
xauth-generic"

write_strongswan_conf() { # write_strongswan_conf SIDE SCENARIODIR
	local side=$1 sdir=$2 dir=$WORK/$1
	mkdir -p "$dir"
	cat >"$dir/strongswan.conf" <<EOF
# generated by tests/lab/run-lab.sh for node $side
charon {
	load = $PLUGINS
	# no syslog noise on the host; everything goes to the file log below
	syslog {
		daemon {
			default = -1
		}
	}
$(lab_filelog "$dir")
	plugins {
		vici {
			# /run is bind-mounted from $( [ "$side" = a ] && echo "$RUN_A" || echo "$RUN_B" ) in the daemon's mount namespace
			socket = unix:///run/charon.vici
		}
		kernel-libipsec {
			allow_peer_ts = yes
		}
	}
	# deterministic, short retransmits so failure scenarios end quickly
	retransmit_tries = 2
	retransmit_timeout = 1.0
	retransmit_base = 1.4
}
EOF
	if [ -f "$sdir/$side/strongswan.conf" ]; then
		echo "include $sdir/$side/strongswan.conf" >>"$dir/strongswan.conf"
	fi
}

start_charon() { # start_charon SIDE
	local side=$1 ns run pid
	if [ "$side" = a ]; then ns=$NS_A; run=$RUN_A; else ns=$NS_B; run=$RUN_B; fi
	rm -rf "$run"
	mkdir -p "$run"
	ip netns exec "$ns" unshare -m --propagation private \
		sh -c 'mount --bind "$1" /run && exec env STRONGSWAN_CONF="$2" "$3"' \
		lab-charon "$run" "$WORK/$side/strongswan.conf" "$CHARON" \
		>"$WORK/$side/charon.stdout" 2>&1 &
	pid=$!
	if [ "$side" = a ]; then CHARON_A_PID=$pid; else CHARON_B_PID=$pid; fi
	local i
	for i in $(seq 100); do
		[ -S "$run/charon.vici" ] && return 0
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	cat "$WORK/$side/charon.stdout" >&2 || true
	die "charon $side did not come up"
}

sw() { # sw SIDE COMMAND [ARGS...]: talk to one daemon over its vici socket
	local side=$1 cmd=$2
	shift 2
	local run
	if [ "$side" = a ]; then run=$RUN_A; else run=$RUN_B; fi
	# swanctl wants the command first, then its options (--uri among them)
	"$SWANCTL" "$cmd" --uri "unix://$run/charon.vici" "$@"
}

load_config() { # load_config SIDE SCENARIODIR
	local side=$1 sdir=$2
	# SWANCTL_DIR: credentials (x509/, x509ca/, private/) next to the config
	SWANCTL_DIR="$sdir/$side" sw "$side" --load-all --noprompt --file "$sdir/$side/swanctl.conf" \
		>"$WORK/$side/load.out" 2>&1 ||
		{ cat "$WORK/$side/load.out" >&2; die "swanctl --load-all failed on $side"; }
}

start_capture() { # start_capture FILTER
	ip netns exec "$NS_A" tcpdump -i veth-a -U -s 0 -n -w "$WORK/capture.pcap" "$1" \
		>"$WORK/tcpdump.out" 2>&1 &
	TCPDUMP_PID=$!
	local i
	for i in $(seq 50); do
		grep -q "listening on" "$WORK/tcpdump.out" 2>/dev/null && return 0
		sleep 0.1
	done
	cat "$WORK/tcpdump.out" >&2
	die "tcpdump did not start"
}

# --- helpers for scenario drive() functions ------------------------------------

step() { log "step: $*"; echo "$(date +%H:%M:%S) $*" >>"$WORK/steps.log"; }

initiate() { # initiate SIDE swanctl-initiate-args (never fatal: failures are scenarios too)
	local side=$1
	shift
	step "swanctl --initiate $* on $side"
	sw "$side" --initiate --timeout 15 "$@" >>"$WORK/$side/swanctl.out" 2>&1 ||
		log "initiate on $side returned $? (see logs)"
	snapshot
}

snapshot() { # record both daemons' SAs (IKE SPIs by unique id, CHILD SPIs)
	local side
	for side in a b; do
		{
			echo "=== $(date +%H:%M:%S) after: $(tail -1 "$WORK/steps.log")"
			sw "$side" --list-sas 2>&1 || true
		} >>"$WORK/$side/list-sas.log"
	done
}

swanctl_step() { # swanctl_step SIDE args...: one swanctl command, failures logged only
	local side=$1
	shift
	step "swanctl $* on $side"
	sw "$side" "$@" >>"$WORK/$side/swanctl.out" 2>&1 || log "swanctl $* on $side returned $?"
	snapshot
}

lab_ping() { # lab_ping FROM(a|b) DST [COUNT [SRC]]: ping through the tunnel with the lab pattern
	local side=$1 dst=$2 count=${3:-3} ns src
	if [ "$side" = a ]; then ns=$NS_A; src=10.1.0.1; else ns=$NS_B; src=10.2.0.1; fi
	case $dst in *:*) src=${src/10.1.0.1/2001:db8:1::1}; src=${src/10.2.0.1/2001:db8:2::1} ;; esac
	src=${4:-$src}
	step "ping -p $PING_PATTERN -c $count -s 64 -I $src $dst in $side"
	ip netns exec "$ns" ping -n -q -p "$PING_PATTERN" -c "$count" -s 64 -i 0.3 -W 2 -I "$src" "$dst" \
		>>"$WORK/ping.out" 2>&1 || log "ping from $side to $dst failed (see ping.out)"
}

pause() { step "sleep $1"; sleep "$1"; }

# --- one scenario ---------------------------------------------------------------

run_scenario() {
	local name=$1 sdir=$LAB/scenarios/$1 out=$OUT_BASE/$1
	[ -f "$sdir/scenario.sh" ] || die "no scenario $name ($sdir/scenario.sh)"
	# defaults, overridden by scenario.sh
	FAMILY=4
	NAT=0
	CAPTURE_FILTER="udp or esp or icmp"
	DESCRIPTION=""
	unset -f drive || true
	# shellcheck disable=SC1090,SC1091
	. "$sdir/scenario.sh"
	declare -F drive >/dev/null || die "$sdir/scenario.sh defines no drive()"
	if [ "$NAT" = 1 ]; then
		command -v nft >/dev/null || die "scenario $name needs nft (apt-get install nftables)"
	fi

	log "=== scenario $name: $DESCRIPTION"
	WORK=$(mktemp -d /tmp/lab-"$name".XXXXXX)
	: >"$WORK/steps.log"
	lab_up "$FAMILY" "$NAT"
	write_strongswan_conf a "$sdir"
	write_strongswan_conf b "$sdir"
	start_charon a
	start_charon b
	load_config a "$sdir"
	load_config b "$sdir"
	start_capture "$CAPTURE_FILTER"
	sleep 0.5
	drive
	sleep 1
	stop_capture
	# SAs still up are deleted when the daemons stop (after the capture ended)
	step "end of capture"
	snapshot
	stop_daemons

	rm -rf "$out"
	mkdir -p "$out/keys"
	cp "$WORK/capture.pcap" "$out/capture.pcap"
	python3 "$LAB/lab-extract.py" --scenario "$name" --description "$DESCRIPTION" \
		--log-a "$WORK/a/charon.log" --log-b "$WORK/b/charon.log" \
		--list-a "$WORK/a/list-sas.log" --list-b "$WORK/b/list-sas.log" \
		--steps "$WORK/steps.log" --ping-pattern "$PING_PATTERN" \
		--strongswan-version "$("$CHARON" --version 2>&1 | head -1)" \
		--out "$out"
	cp "$WORK/steps.log" "$out/keys/steps.log"
	cp "$WORK/a/charon-ike4.log" "$out/keys/charon-a-ike4.log"
	cp "$WORK/b/charon-ike4.log" "$out/keys/charon-b-ike4.log"
	cp "$WORK/a/list-sas.log" "$out/keys/list-sas-a.txt"
	cp "$WORK/b/list-sas.log" "$out/keys/list-sas-b.txt"
	[ -f "$sdir/hand-check.md" ] && cat "$sdir/hand-check.md" >>"$out/facts.md"
	[ -s "$WORK/ping.out" ] && cp "$WORK/ping.out" "$out/keys/ping.out"
	log "wrote $out ($(stat -c %s "$out/capture.pcap") bytes of pcap)"
	teardown
}

list_scenarios() {
	local d
	for d in "$LAB"/scenarios/*/; do
		[ -f "$d/scenario.sh" ] && basename "$d"
	done
}

main() {
	[ $# -eq 1 ] || { echo "usage: $0 <scenario>|all|list" >&2; exit 2; }
	case $1 in
	list) list_scenarios; echo tcp-rfc8229; exit 0 ;;
	tcp-rfc8229) # synthetic: RFC 8229 re-framing of psk-aescbc-sha256 (no daemons)
		python3 "$LAB/frame-tcp.py" --in "$OUT_BASE/psk-aescbc-sha256" --out "$OUT_BASE/tcp-rfc8229"
		exit 0 ;;
	esac
	[ "$(id -u)" = 0 ] || die "run as root (network namespaces)"
	[ -c /dev/net/tun ] || die "/dev/net/tun missing (kernel-libipsec needs it)"
	local tool
	for tool in tcpdump ping swanctl ip python3; do
		command -v "$tool" >/dev/null || die "$tool missing (see docs/lab-captures.md for the Debian packages)"
	done
	[ -x "$CHARON" ] || die "$CHARON missing (apt-get install strongswan-charon)"
	if [ "$1" = all ]; then
		local s failed=()
		# one child process per scenario: each gets its own trap and teardown
		for s in $(list_scenarios); do
			"$LAB/run-lab.sh" "$s" || failed+=("$s")
		done
		"$LAB/run-lab.sh" tcp-rfc8229 || failed+=(tcp-rfc8229)
		if [ ${#failed[@]} -gt 0 ]; then
			die "failed scenarios: ${failed[*]}"
		fi
	else
		run_scenario "$1"
	fi
}

main "$@"
