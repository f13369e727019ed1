#!/usr/bin/env bash
# run-uml-lab.sh - record a kernel-ESP (IP protocol 50) or libreswan scenario in
# a User-Mode Linux guest, because the host kernel has no XFRM/ESP.
#
# Usage:  tests/lab/uml/run-uml-lab.sh <scenario> | all | list
#
# Scenarios are the tests/lab/scenarios/esp-* and libreswan-* folders (same
# layout as run-lab.sh's; libreswan-* have b/ipsec.conf + b/ipsec.secrets).
#
# One UML guest per scenario (Debian package user-mode-linux, /usr/bin/linux.uml):
#   root = the host's / over hostfs, READ-ONLY; init = tests/lab/uml/uml-init.sh;
#   no network device (con0 on stdout only). Inside, uml-init.sh loads the XFRM,
#   ESP and crypto modules and runs tests/lab/uml/uml-lab.sh, which builds two
#   network namespaces with a veth pair in the GUEST kernel, runs the daemons
#   and tcpdump there and writes raw results to a host work directory mounted
#   read-write over hostfs. Back on the host this script runs lab-extract.py
#   and uml-extract.py and fills test-captures/<scenario>/.
#
# Needs: user-mode-linux, kmod (modprobe for the guest), strongswan-charon,
# strongswan-swanctl, libstrongswan-extra-plugins, libcharon-extra-plugins,
# tcpdump, iproute2, iputils-ping, python3; for libreswan-*: the libreswan .deb
# unpacked into /opt/libreswan (see docs/lab-captures.md), libldns3,
# libnss3-tools. Root is not needed by UML itself, but the hostfs files the
# guest writes belong to the user running it; run as root like run-lab.sh.
set -euo pipefail

UML_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
LAB=$(cd "$UML_DIR/.." && pwd)
ROOT=$(cd "$LAB/../.." && pwd)
OUT_BASE=${LAB_OUT:-$ROOT/test-captures}
UML=${UML:-/usr/bin/linux.uml}
UML_MEM=${UML_MEM:-512M}
UML_TIMEOUT=${UML_TIMEOUT:-240}

HOSTWORK=""
log() { printf '[uml] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }
cleanup() {
	if [ -n "$HOSTWORK" ] && [ "${LAB_KEEP:-0}" != 1 ]; then
		rm -rf "$HOSTWORK"
	elif [ -n "$HOSTWORK" ]; then
		log "work directory kept: $HOSTWORK"
	fi
}
trap cleanup EXIT

list_scenarios() {
	local d
	for d in "$LAB"/scenarios/esp-*/ "$LAB"/scenarios/libreswan-*/; do
		[ -f "$d/scenario.sh" ] && basename "$d"
	done
}

run_one() {
	local name=$1 out=$OUT_BASE/$1 rc
	[ -f "$LAB/scenarios/$name/scenario.sh" ] || die "no scenario $name"
	case $name in esp-* | libreswan-*) ;; *) die "$name is not a UML scenario (esp-*, libreswan-*)" ;; esac
	rc=0
	if [ -n "${UML_REUSE_WORK:-}" ]; then
		# re-run only the host-side extraction on a kept work directory
		HOSTWORK=$UML_REUSE_WORK
		LAB_KEEP=1
	else
		HOSTWORK=$(mktemp -d /tmp/uml-lab-"$name".XXXXXX)
		chmod 755 "$HOSTWORK"
		log "=== $name: booting UML ($UML, mem=$UML_MEM), results in $HOSTWORK"
		# unknown NAME=value kernel parameters become init's environment
		timeout "$UML_TIMEOUT" "$UML" mem="$UML_MEM" root=/dev/root rootfstype=hostfs rootflags=/ ro \
			init="$UML_DIR/uml-init.sh" con0=null,fd:1 con=null \
			LAB_ROOT="$ROOT" LAB_HOSTOUT="$HOSTWORK" LAB_SCENARIO="$name" \
			</dev/null >"$HOSTWORK/uml-console.log" 2>&1 || rc=$?
		[ "$rc" = 0 ] || log "UML exited with $rc (124 = timeout)"
	fi
	if [ "$(cat "$HOSTWORK/rc" 2>/dev/null || echo none)" != 0 ]; then
		tail -30 "$HOSTWORK/uml-lab.out" >&2 2>/dev/null || tail -30 "$HOSTWORK/uml-console.log" >&2
		die "scenario $name failed in the guest (rc $(cat "$HOSTWORK/rc" 2>/dev/null || echo none))"
	fi
	local w=$HOSTWORK/work peer
	peer=$(cat "$w/peer-b")
	[ -s "$w/capture.pcap" ] || die "no capture"
	rm -rf "$out"
	mkdir -p "$out/keys"
	cp "$w/capture.pcap" "$out/capture.pcap"
	local log_b=$w/b/charon.log list_b=$w/b/list-sas.log
	if [ "$peer" = libreswan ]; then
		# lab-extract.py reads charon logs only: give it an empty b log, the
		# libreswan side is parsed by uml-extract.py
		: >"$w/b/empty-charon.log"
		log_b=$w/b/empty-charon.log
		list_b=""
	fi
	python3 "$LAB/lab-extract.py" --scenario "$name" --description "$(cat "$w/description")" \
		--log-a "$w/a/charon.log" --log-b "$log_b" \
		--list-a "$w/a/list-sas.log" ${list_b:+--list-b "$list_b"} \
		--steps "$w/steps.log" --ping-pattern 4c414231 \
		--strongswan-version "$(head -1 "$w/strongswan-version")" \
		--out "$out"
	python3 "$UML_DIR/uml-extract.py" --scenario "$name" --work "$w" --out "$out" \
		--uml-init-log "$HOSTWORK/uml-init.log"
	cp "$w/steps.log" "$out/keys/steps.log"
	local side
	for side in a b; do
		if [ -s "$w/$side/charon-ike4.log" ]; then
			cp "$w/$side/charon-ike4.log" "$out/keys/charon-$side-ike4.log"
		fi
	done
	cp "$w/a/list-sas.log" "$out/keys/list-sas-a.txt"
	[ "$peer" = libreswan ] || cp "$w/b/list-sas.log" "$out/keys/list-sas-b.txt"
	[ "$peer" = libreswan ] && cp "$w/b/pluto-status.log" "$out/keys/pluto-status-b.txt"
	cp "$w/a/xfrm.log" "$out/keys/xfrm-state-a.txt"
	cp "$w/b/xfrm.log" "$out/keys/xfrm-state-b.txt"
	[ -s "$w/ping.out" ] && cp "$w/ping.out" "$out/keys/ping.out"
	if [ -f "$LAB/scenarios/$name/hand-check.md" ]; then
		cat "$LAB/scenarios/$name/hand-check.md" >>"$out/facts.md"
	fi
	log "wrote $out ($(stat -c %s "$out/capture.pcap") bytes of pcap)"
	cleanup
	HOSTWORK=""
}

main() {
	[ $# -eq 1 ] || { echo "usage: $0 <scenario>|all|list" >&2; exit 2; }
	case $1 in
	list) list_scenarios; exit 0 ;;
	esac
	[ -x "$UML" ] || die "$UML missing (apt-get install user-mode-linux)"
	command -v modprobe >/dev/null || die "modprobe missing (apt-get install kmod): the guest uses the host's"
	if [ "$1" = all ]; then
		local s failed=()
		for s in $(list_scenarios); do
			"$UML_DIR/run-uml-lab.sh" "$s" || failed+=("$s")
		done
		[ ${#failed[@]} -eq 0 ] || die "failed scenarios: ${failed[*]}"
	else
		run_one "$1"
	fi
}

main "$@"
