#!/usr/bin/env bash
# Arrays in this file hold option strings that contain commas on purpose.
# shellcheck disable=SC2054
# tests/lab/not-ike.sh - record a small capture of REAL non-IKE UDP traffic.
#
# The IKEv2 plugin's heuristic UDP dissector must not claim traffic that is
# not IKE.  This script produces the negative corpus for that check:
# test-captures/not-ike/capture.pcap (+ manifest.txt).
#
# Run as root:   tests/lab/not-ike.sh
#
# What it does:
#   * creates two network namespaces, ni-a and ni-b, joined by one veth pair
#     (ni-va 198.51.100.1/24 <-> ni-vb 198.51.100.2/24, RFC 5737 documentation
#     addresses; IPv6 is disabled in both namespaces so no NDP/MLD noise).
#     No other address is ever used and nothing is routed out of the pair.
#   * runs `tcpdump -U -w` on ni-va inside ni-a;
#   * runs real servers (Debian packages) in ni-a and real clients in ni-b:
#       DNS      dnsmasq on 53 and 5000, queried with dig and host
#       DTLS     openssl s_server/s_client, DTLS 1.2 on 4501, DTLS 1.0 on 1500
#       QUIC     ngtcp2 gtlsserver/gtlsclient (HTTP/3 GET), on 443 and 5001
#       RTP/RTCP GStreamer rtpbin, PCMU, 5006->5004 (RTP), 5007<->5005 (RTCP)
#       NTP      chronyd server, chronyd -Q client (never touches the clock)
#       SNMP     snmpd + snmpget/snmpwalk/snmpbulkget (v1, v2c, v3 authPriv)
#       syslog   logger -d (RFC 3164 and RFC 5424) to socat on 514
#       TFTP     in.tftpd (tftpd-hpa) + tftp (tftp-hpa), octet RRQ, 3 blocks
#       STUN     coturn turnserver --stun-only + turnutils_stunclient, 3478
#       WireGuard wireguard-go (userspace) handshake + keepalive, 51820/51821
#   * copies the capture to test-captures/not-ike/capture.pcap and writes
#     test-captures/not-ike/manifest.txt (package versions, port map, and
#     `tshark -q -z io,phs` if tshark is installed).
#
# Everything it starts is torn down by an EXIT trap (processes by PID, then
# the two namespaces).  Only namespaces named ni-* are touched.
#
# Environment:
#   OUT_DIR   where to write capture.pcap/manifest.txt
#             (default: <repo>/test-captures/not-ike)
#   NO_APT=1  do not apt-get install missing tools, fail instead

set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$SCRIPT_DIR/../.." && pwd)
OUT_DIR=${OUT_DIR:-$REPO_DIR/test-captures/not-ike}

NS_A=ni-a
NS_B=ni-b
IF_A=ni-va
IF_B=ni-vb
MAC_A=02:00:00:00:00:0a
MAC_B=02:00:00:00:00:0b
A=198.51.100.1
B=198.51.100.2
WG_IF_A=wgnia
WG_IF_B=wgnib

log() { printf '[not-ike] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

[[ $(id -u) -eq 0 ]] || die "must run as root (network namespaces, tcpdump)"

# ---------------------------------------------------------------- teardown --
WORK=""
CREATED_POLICY_RC=0
declare -a BG_PIDS=()

cleanup() {
    local rc=$?
    set +e
    # Our own background processes, newest first.
    local i pid
    for ((i = ${#BG_PIDS[@]} - 1; i >= 0; i--)); do
        pid=${BG_PIDS[$i]}
        kill -0 "$pid" 2>/dev/null && kill "$pid" 2>/dev/null
    done
    sleep 0.3
    # Anything still alive inside *our* namespaces (only what we started).
    local ns
    for ns in "$NS_A" "$NS_B"; do
        if ip netns list | grep -qw "^$ns"; then
            for pid in $(ip netns pids "$ns" 2>/dev/null); do
                kill "$pid" 2>/dev/null
            done
        fi
    done
    sleep 0.3
    for ns in "$NS_A" "$NS_B"; do
        if ip netns list | grep -qw "^$ns"; then
            for pid in $(ip netns pids "$ns" 2>/dev/null); do
                kill -9 "$pid" 2>/dev/null
            done
            ip netns del "$ns" 2>/dev/null
        fi
    done
    if [[ $CREATED_POLICY_RC -eq 1 ]]; then
        rm -f /usr/sbin/policy-rc.d
    fi
    if [[ -n $WORK && -d $WORK ]]; then
        if [[ $rc -ne 0 ]]; then
            log "failed (rc=$rc); logs kept in $WORK/log"
        else
            rm -rf "$WORK"
        fi
    fi
    exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ------------------------------------------------------------ dependencies --
# command -> Debian package
declare -A NEED=(
    [tcpdump]=tcpdump
    [dnsmasq]=dnsmasq-base
    [dig]=bind9-dnsutils
    [host]=bind9-host
    [openssl]=openssl
    [gtlsserver]=ngtcp2-server
    [gtlsclient]=ngtcp2-client
    [gst-launch-1.0]=gstreamer1.0-tools
    [gst-inspect-1.0]=gstreamer1.0-tools
    [chronyd]=chrony
    [snmpd]=snmpd
    [snmpget]=snmp
    [logger]=bsdutils
    [socat]=socat
    [in.tftpd]=tftpd-hpa
    [tftp]=tftp-hpa
    [turnserver]=coturn
    [turnutils_stunclient]=coturn
    [wireguard-go]=wireguard-go
    [wg]=wireguard-tools
    [unshare]=util-linux
    [timeout]=coreutils
)
# GStreamer elements -> plugin package
declare -A GST_NEED=(
    [audiotestsrc]=gstreamer1.0-plugins-base
    [udpsrc]=gstreamer1.0-plugins-good
    [rtpbin]=gstreamer1.0-plugins-good
    [rtppcmupay]=gstreamer1.0-plugins-good
    [mulawenc]=gstreamer1.0-plugins-good
)

install_missing() {
    local -a pkgs=()
    local c e
    for c in "${!NEED[@]}"; do
        command -v "$c" >/dev/null 2>&1 || PATH=$PATH:/usr/sbin:/sbin command -v "$c" >/dev/null 2>&1 \
            || pkgs+=("${NEED[$c]}")
    done
    if command -v gst-inspect-1.0 >/dev/null 2>&1; then
        for e in "${!GST_NEED[@]}"; do
            gst-inspect-1.0 "$e" >/dev/null 2>&1 || pkgs+=("${GST_NEED[$e]}")
        done
    else
        pkgs+=("${GST_NEED[@]}")
    fi
    [[ ${#pkgs[@]} -eq 0 ]] && return 0
    mapfile -t pkgs < <(printf '%s\n' "${pkgs[@]}" | sort -u)
    [[ ${NO_APT:-0} == 1 ]] && die "missing packages: ${pkgs[*]}"
    log "installing: ${pkgs[*]}"
    # Never let package postinst scripts start daemons (chrony, snmpd,
    # tftpd-hpa, coturn) in the host namespace.
    if [[ ! -e /usr/sbin/policy-rc.d ]]; then
        printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
        chmod 755 /usr/sbin/policy-rc.d
        CREATED_POLICY_RC=1
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get -o DPkg::Lock::Timeout=300 update -qq
    apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${pkgs[@]}" >&2
    if [[ $CREATED_POLICY_RC -eq 1 ]]; then
        rm -f /usr/sbin/policy-rc.d
        CREATED_POLICY_RC=0
    fi
}
export PATH=$PATH:/usr/sbin:/sbin
install_missing

# ----------------------------------------------------------------- helpers --
WORK=$(mktemp -d /tmp/ni-lab.XXXXXX)
chmod 755 "$WORK"
mkdir -p "$WORK/log"

in_a() { ip netns exec "$NS_A" "$@"; }
in_b() { ip netns exec "$NS_B" "$@"; }

# bg NAME NS CMD... : start CMD in NS in the background, remember its PID.
# (`ip netns exec` execs CMD, so $! is the PID of CMD itself.)
declare -A PID_OF=()
bg() {
    local name=$1 ns=$2
    shift 2
    ip netns exec "$ns" "$@" >"$WORK/log/$name.log" 2>&1 &
    BG_PIDS+=("$!")
    PID_OF[$name]=$!
}

# stop NAME : terminate a background process started with bg and reap it.
stop() {
    local pid=${PID_OF[$1]:-}
    [[ -n $pid ]] || return 0
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    unset "PID_OF[$1]"
}

# wait_udp NS ADDR PORT : wait until something listens on ADDR:PORT/udp.
wait_udp() {
    local ns=$1 addr=$2 port=$3 i
    for ((i = 0; i < 100; i++)); do
        if ip netns exec "$ns" ss -Hlun "src $addr:$port" | grep -q .; then
            return 0
        fi
        sleep 0.1
    done
    die "nothing listening on $addr:$port/udp in $ns (see $WORK/log)"
}

# run NAME SECONDS NS CMD... : run a client in the foreground with a timeout.
run() {
    local name=$1 secs=$2 ns=$3
    shift 3
    log "  $name"
    timeout "$secs" ip netns exec "$ns" "$@" >>"$WORK/log/$name.log" 2>&1 \
        || die "$name failed (rc=$?), see $WORK/log/$name.log"
}

pause() { sleep "${1:-0.5}"; }

# ------------------------------------------------------------------ setup ---
for ns in "$NS_A" "$NS_B"; do
    if ip netns list | grep -qw "^$ns"; then
        log "removing stale namespace $ns"
        for pid in $(ip netns pids "$ns"); do kill "$pid" 2>/dev/null || true; done
        sleep 0.5
        ip netns del "$ns"
    fi
done

log "creating namespaces $NS_A/$NS_B ($A <-> $B)"
for ns in "$NS_A" "$NS_B"; do
    ip netns add "$ns"
    ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
        net.ipv6.conf.default.disable_ipv6=1
    ip -n "$ns" link set lo up
done
ip link add "$IF_A" address "$MAC_A" netns "$NS_A" type veth \
    peer name "$IF_B" address "$MAC_B" netns "$NS_B"
ip -n "$NS_A" addr add "$A/24" dev "$IF_A"
ip -n "$NS_B" addr add "$B/24" dev "$IF_B"
ip -n "$NS_A" link set "$IF_A" up
ip -n "$NS_B" link set "$IF_B" up
# Pre-populate ARP so the capture is not sprinkled with ARP exchanges.
ip -n "$NS_A" neigh replace "$B" lladdr "$MAC_B" dev "$IF_A" nud permanent
ip -n "$NS_B" neigh replace "$A" lladdr "$MAC_A" dev "$IF_B" nud permanent

# -------------------------------------------------------- material on disk --
# Throw-away self-signed certificate for DTLS and QUIC.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -keyout "$WORK/key.pem" -out "$WORK/cert.pem" -days 3650 \
    -subj "/CN=not-ike.example" 2>>"$WORK/log/openssl-req.log"
chmod 644 "$WORK/key.pem" "$WORK/cert.pem"

mkdir -p "$WORK/htdocs" "$WORK/tftp" "$WORK/snmp-a" "$WORK/snmp-b"
printf '<html><body>not-ike QUIC/HTTP3 test page</body></html>\n' >"$WORK/htdocs/index.html"
# 1300 bytes -> TFTP blocks of 512, 512, 276.
for i in $(seq -w 1 25); do
    printf 'not-ike tftp test payload line %s ......................\n' "$i"
done | head -c 1300 >"$WORK/tftp/not-ike.txt"
chmod -R a+rX "$WORK/htdocs" "$WORK/tftp"

install -d -o _chrony -m 755 "$WORK/chrony" 2>/dev/null || install -d -m 777 "$WORK/chrony"

cat >"$WORK/chrony-a.conf" <<EOF
# NTP server in ni-a: serves its own clock, never adjusts it (-x).
allow $B
local stratum 10
bindaddress $A
port 123
cmdport 0
pidfile $WORK/chrony/chronyd-a.pid
EOF

cat >"$WORK/snmpd.conf" <<EOF
agentAddress udp:$A:161
rocommunity not-ike-public $B
sysDescr not-ike test agent
sysName ni-a
sysLocation not-ike lab
sysContact nobody@not-ike.example
createUser niuser SHA not-ike-authpass AES not-ike-privpass
rouser niuser priv
EOF

(umask 077 && wg genkey >"$WORK/wg-a.key" && wg genkey >"$WORK/wg-b.key")
wg pubkey <"$WORK/wg-a.key" >"$WORK/wg-a.pub"
wg pubkey <"$WORK/wg-b.key" >"$WORK/wg-b.pub"

# ---------------------------------------------------------------- capture ---
log "starting tcpdump on $IF_A"
bg tcpdump "$NS_A" tcpdump -U -n -i "$IF_A" -s 0 -w "$WORK/capture.pcap"
for ((i = 0; i < 100; i++)); do
    grep -q "listening on" "$WORK/log/tcpdump.log" 2>/dev/null && break
    sleep 0.1
done
grep -q "listening on" "$WORK/log/tcpdump.log" || die "tcpdump did not start"
pause 0.5

# -------------------------------------------------------------------- DNS ---
log "DNS (dnsmasq on 53 and 5000)"
DNSMASQ_ARGS=(
    -k --conf-file=/dev/null --no-resolv --no-hosts --no-poll
    --bind-interfaces --listen-address="$A"
    --pid-file= --user=root --group=root --log-facility=-
    --cache-size=0
    --host-record=www.not-ike.example,"$A",2001:db8::1
    --host-record=mail.not-ike.example,"$B"
    --txt-record=not-ike.example,"v=not-ike-test; this is not IKE"
)
# ~1.1 KB answer: needs EDNS (+bufsize) to fit in one UDP datagram, but stays
# below dnsmasq's default edns-packet-max (1232) and the 1500-byte MTU, so it is
# neither retried over TCP nor IP-fragmented.
for i in $(seq -w 1 16); do
    DNSMASQ_ARGS+=(--txt-record=big.not-ike.example,"not-ike large EDNS answer record $i ....................")
done
bg dnsmasq53 "$NS_A" dnsmasq "${DNSMASQ_ARGS[@]}" --port=53
bg dnsmasq5000 "$NS_A" dnsmasq "${DNSMASQ_ARGS[@]}" --port=5000
wait_udp "$NS_A" "$A" 53
wait_udp "$NS_A" "$A" 5000
DIG=(dig +nocookie +tries=1 +time=2)
run dig 10 "$NS_B" "${DIG[@]}" @"$A" www.not-ike.example A
run dig 10 "$NS_B" "${DIG[@]}" @"$A" www.not-ike.example AAAA
run dig 10 "$NS_B" "${DIG[@]}" @"$A" not-ike.example TXT
run dig 10 "$NS_B" "${DIG[@]}" +bufsize=4096 @"$A" big.not-ike.example TXT
# Same name without EDNS: dnsmasq answers with TC=1 (no TCP retry: +ignore).
run dig 10 "$NS_B" "${DIG[@]}" +noedns +ignore @"$A" big.not-ike.example TXT
run dig 10 "$NS_B" "${DIG[@]}" @"$A" nxdomain.not-ike.example A
run host 10 "$NS_B" host -W 2 -t A mail.not-ike.example "$A"
run dig5000 10 "$NS_B" "${DIG[@]}" -p 5000 @"$A" www.not-ike.example A
run dig5000 10 "$NS_B" "${DIG[@]}" -p 5000 +bufsize=4096 @"$A" big.not-ike.example TXT
stop dnsmasq5000
stop dnsmasq53
pause

# ------------------------------------------------------------------- DTLS ---
# dtls_exchange NAME PORT VERSION-OPTION [extra openssl options...]
dtls_exchange() {
    local name=$1 port=$2 ver=$3
    shift 3
    log "DTLS ($ver on $port)"
    # Server: one connection, sends one application record ~1.5 s after
    # start-up (i.e. after the handshake).
    { sleep 1.5; printf 'server-record-1 (%s)\n' "$ver"; sleep 3; } |
        ip netns exec "$NS_A" openssl s_server "$ver" "$@" -accept "$A:$port" \
            -cert "$WORK/cert.pem" -key "$WORK/key.pem" -naccept 1 \
            >"$WORK/log/$name-server.log" 2>&1 &
    local spid=$!
    BG_PIDS+=("$spid")
    wait_udp "$NS_A" "$A" "$port"
    # Client: two application records, then close_notify at stdin EOF.
    { sleep 1; printf 'client-record-1 (%s)\n' "$ver"; sleep 0.3
      printf 'client-record-2 (%s)\n' "$ver"; sleep 1; } |
        timeout 20 ip netns exec "$NS_B" openssl s_client "$ver" "$@" \
            -connect "$A:$port" >"$WORK/log/$name-client.log" 2>&1 \
        || die "$name client failed, see $WORK/log/$name-client.log"
    timeout 10 tail --pid="$spid" -f /dev/null || kill "$spid" 2>/dev/null || true
    wait "$spid" 2>/dev/null || true
    grep -q "server-record-1" "$WORK/log/$name-client.log" || die "$name: no server record"
    grep -q "client-record-2" "$WORK/log/$name-server.log" || die "$name: no client record"
}
dtls_exchange dtls12 4501 -dtls1_2
pause
# DTLS 1.0 needs security level 0 with OpenSSL 3 (SHA-1/MD5 PRF).
dtls_exchange dtls10 1500 -dtls1 -cipher 'DEFAULT:@SECLEVEL=0'
pause

# ------------------------------------------------------------------- QUIC ---
quic_exchange() {
    local name=$1 port=$2
    log "QUIC (ngtcp2, HTTP/3 GET on $port)"
    bg "$name-server" "$NS_A" gtlsserver -q -d "$WORK/htdocs" --timeout=3s \
        "$A" "$port" "$WORK/key.pem" "$WORK/cert.pem"
    wait_udp "$NS_A" "$A" "$port"
    run "$name-client" 20 "$NS_B" gtlsclient -q --exit-on-all-streams-close \
        --timeout=3s "$A" "$port" "https://$A:$port/index.html"
    pause 0.5
    stop "$name-server"
}
quic_exchange quic443 443
quic_exchange quic5001 5001
pause

# --------------------------------------------------------------- RTP/RTCP ---
log "RTP/RTCP (GStreamer rtpbin, PCMU, 150 x 20 ms)"
bg rtp-recv "$NS_A" gst-launch-1.0 -q rtpbin name=rb \
    udpsrc address="$A" port=5004 \
        caps="application/x-rtp,media=audio,clock-rate=8000,encoding-name=PCMU,payload=0" \
        ! rb.recv_rtp_sink_0 \
    rb. ! rtppcmudepay ! fakesink \
    udpsrc address="$A" port=5005 ! rb.recv_rtcp_sink_0 \
    rb.send_rtcp_src_0 ! udpsink host="$B" port=5007 bind-address="$A" bind-port=5005 \
        sync=false async=false
wait_udp "$NS_A" "$A" 5004
wait_udp "$NS_A" "$A" 5005
run rtp-send 30 "$NS_B" gst-launch-1.0 -q rtpbin name=rb \
    audiotestsrc num-buffers=150 samplesperbuffer=160 is-live=true wave=sine freq=440 \
        ! audio/x-raw,rate=8000,channels=1 ! mulawenc \
        ! rtppcmupay ssrc=0x1ce0ff5e seqnum-offset=1000 timestamp-offset=0 pt=0 \
        ! rb.send_rtp_sink_0 \
    rb.send_rtp_src_0 ! udpsink host="$A" port=5004 bind-address="$B" bind-port=5006 \
    rb.send_rtcp_src_0 ! udpsink host="$A" port=5005 bind-address="$B" bind-port=5007 \
        sync=false async=false \
    udpsrc address="$B" port=5007 ! rb.recv_rtcp_sink_0
pause
stop rtp-recv

# -------------------------------------------------------------------- NTP ---
log "NTP (chronyd server, chronyd -Q client)"
bg chronyd-a "$NS_A" chronyd -x -d -f "$WORK/chrony-a.conf"
wait_udp "$NS_A" "$A" 123
# -Q: query only, never adjusts the clock; no server/command ports.
run chronyd-b 20 "$NS_B" chronyd -Q -t 15 \
    "pidfile $WORK/chrony/chronyd-b.pid" \
    "server $A iburst maxsamples 3"
stop chronyd-a
pause

# ------------------------------------------------------------------- SNMP ---
log "SNMP (snmpd; v1, v2c, v3 authPriv)"
bg snmpd "$NS_A" env SNMP_PERSISTENT_DIR="$WORK/snmp-a" MIBS= \
    snmpd -f -Lo -C -c "$WORK/snmpd.conf" -p "$WORK/snmpd.pid"
wait_udp "$NS_A" "$A" 161
SNMPENV=(env SNMP_PERSISTENT_DIR="$WORK/snmp-b" MIBS=)
run snmp 10 "$NS_B" "${SNMPENV[@]}" snmpget -v2c -c not-ike-public -On -t 2 -r 0 \
    "$A" 1.3.6.1.2.1.1.1.0 1.3.6.1.2.1.1.5.0
run snmp 10 "$NS_B" "${SNMPENV[@]}" snmpwalk -v1 -c not-ike-public -On -t 2 -r 0 \
    -CE 1.3.6.1.2.1.1.8 "$A" 1.3.6.1.2.1.1
run snmp 10 "$NS_B" "${SNMPENV[@]}" snmpbulkget -v2c -Cn0 -Cr4 -c not-ike-public \
    -On -t 2 -r 0 "$A" 1.3.6.1.2.1.1
run snmp 10 "$NS_B" "${SNMPENV[@]}" snmpget -v3 -u niuser -l authPriv \
    -a SHA -A not-ike-authpass -x AES -X not-ike-privpass -On -t 2 -r 0 \
    "$A" 1.3.6.1.2.1.1.5.0
stop snmpd
pause

# ----------------------------------------------------------------- syslog ---
log "syslog (logger -d -> socat)"
bg syslog-recv "$NS_A" socat -u "UDP4-RECV:514,bind=$A" "OPEN:$WORK/syslog.txt,creat,append"
wait_udp "$NS_A" "$A" 514
# unshare --uts so the HOSTNAME field says ni-b, not this machine's name.
run logger 10 "$NS_B" unshare --uts sh -c "
    hostname ni-b
    logger -n $A -P 514 -d --rfc3164 -t not-ike -p user.notice 'not-ike syslog test (RFC 3164)'
    logger -n $A -P 514 -d --rfc5424=notq -t not-ike -p local0.info 'not-ike syslog test (RFC 5424)'
"
pause
stop syslog-recv
[[ $(grep -o 'not-ike syslog test' "$WORK/syslog.txt" | wc -l) -eq 2 ]] \
    || log "warning: syslog receiver did not see both messages"

# ------------------------------------------------------------------- TFTP ---
log "TFTP (tftpd-hpa, octet RRQ)"
bg tftpd "$NS_A" in.tftpd -L -s "$WORK/tftp" -a "$A:69"
wait_udp "$NS_A" "$A" 69
run tftp 20 "$NS_B" tftp -m octet "$A" -c get not-ike.txt "$WORK/tftp-got.txt"
cmp -s "$WORK/tftp/not-ike.txt" "$WORK/tftp-got.txt" || die "TFTP transfer mismatch"
pause
stop tftpd

# ------------------------------------------------------------------- STUN ---
log "STUN (coturn --stun-only)"
bg turnserver "$NS_A" turnserver -n --listening-ip="$A" --listening-port=3478 \
    --stun-only --no-tls --no-dtls --no-tcp --no-cli --no-rfc5780 \
    --no-software-attribute --log-file=stdout --simple-log \
    --userdb="$WORK/turndb" --pidfile="$WORK/turnserver.pid"
wait_udp "$NS_A" "$A" 3478
run stunclient 10 "$NS_B" turnutils_stunclient -p 3478 -L "$B" "$A"
pause
stop turnserver

# -------------------------------------------------------------- WireGuard ---
log "WireGuard (wireguard-go handshake + keepalive)"
export WG_PROCESS_FOREGROUND=1
bg wg-a "$NS_A" wireguard-go -f "$WG_IF_A"
bg wg-b "$NS_B" wireguard-go -f "$WG_IF_B"
for ((i = 0; i < 50; i++)); do
    [[ -S /var/run/wireguard/$WG_IF_A.sock && -S /var/run/wireguard/$WG_IF_B.sock ]] && break
    sleep 0.1
done
# No AllowedIPs and no tunnel addresses: the only traffic is the handshake
# triggered by the first persistent keepalive, plus that keepalive.
in_a wg set "$WG_IF_A" listen-port 51820 private-key "$WORK/wg-a.key" \
    peer "$(cat "$WORK/wg-b.pub")"
in_a ip link set "$WG_IF_A" up
wait_udp "$NS_A" 0.0.0.0 51820
in_b wg set "$WG_IF_B" listen-port 51821 private-key "$WORK/wg-b.key" \
    peer "$(cat "$WORK/wg-a.pub")" endpoint "$A:51820" persistent-keepalive 25
in_b ip link set "$WG_IF_B" up
for ((i = 0; i < 50; i++)); do
    in_b wg show "$WG_IF_B" latest-handshakes | awk '{exit !($2 > 0)}' && break
    sleep 0.1
done
in_b wg show "$WG_IF_B" latest-handshakes | awk '{exit !($2 > 0)}' \
    || die "WireGuard handshake did not complete"
pause 1
stop wg-b
stop wg-a

# ------------------------------------------------------------------ finish --
pause 0.5
stop tcpdump
grep -E "packets (captured|received)" "$WORK/log/tcpdump.log" >&2 || true

mkdir -p "$OUT_DIR"
cp "$WORK/capture.pcap" "$OUT_DIR/capture.pcap"
chmod 644 "$OUT_DIR/capture.pcap"

TSHARK_DECODE=(-d udp.port==5000,dns -d udp.port==5004,rtp
               -d udp.port==5005,rtcp -d udp.port==5007,rtcp)
{
    echo "# not-ike capture manifest (written by tests/lab/not-ike.sh)"
    echo "# generated: $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(grep -oP '^PRETTY_NAME="\K[^"]*' /etc/os-release), kernel $(uname -r)"
    echo
    echo "## addresses"
    echo "ni-a $IF_A $A $MAC_A  (servers, capture point)"
    echo "ni-b $IF_B $B $MAC_B  (clients)"
    echo
    echo "## ports (udp; server side on $A unless noted)"
    echo "53     DNS       dnsmasq <- dig/host"
    echo "5000   DNS       dnsmasq <- dig -p 5000            (tshark: -d udp.port==5000,dns)"
    echo "4501   DTLS 1.2  openssl s_server <- s_client"
    echo "1500   DTLS 1.0  openssl s_server <- s_client"
    echo "443    QUIC v1   ngtcp2 gtlsserver <- gtlsclient (HTTP/3)"
    echo "5001   QUIC v1   ngtcp2 gtlsserver <- gtlsclient (HTTP/3)"
    echo "5004   RTP       gst rtpbin $B:5006 -> $A:5004     (tshark: -d udp.port==5004,rtp)"
    echo "5005   RTCP      $B:5007 <-> $A:5005               (tshark: -d udp.port==5005,rtcp -d udp.port==5007,rtcp)"
    echo "123    NTP       chronyd <- chronyd -Q"
    echo "161    SNMP      snmpd <- snmpget/snmpwalk/snmpbulkget (v1, v2c, v3 authPriv)"
    echo "514    syslog    socat <- logger -d (RFC 3164, RFC 5424)"
    echo "69     TFTP      in.tftpd <- tftp (data on ephemeral ports)"
    echo "3478   STUN      turnserver --stun-only <- turnutils_stunclient"
    echo "51820  WireGuard wireguard-go $A:51820 <-> $B:51821"
    echo
    echo "## package versions"
    dpkg-query -W -f='${Package} ${Version}\n' tcpdump dnsmasq-base bind9-dnsutils \
        bind9-host openssl ngtcp2-server ngtcp2-client gstreamer1.0-tools \
        gstreamer1.0-plugins-base gstreamer1.0-plugins-good chrony snmpd snmp \
        bsdutils socat tftpd-hpa tftp-hpa coturn wireguard-go wireguard-tools 2>/dev/null
    if command -v tshark >/dev/null 2>&1; then
        echo
        echo "## tshark $(tshark --version 2>/dev/null | head -1 | awk '{print $3}') -q -z io,phs ${TSHARK_DECODE[*]}"
        tshark -r "$OUT_DIR/capture.pcap" "${TSHARK_DECODE[@]}" -q -z io,phs 2>/dev/null \
            | sed -n '/^eth/,/^====/p' | grep -v '^===='
        echo
        echo "## isakmp frames (must be 0): $(tshark -r "$OUT_DIR/capture.pcap" -Y isakmp 2>/dev/null | wc -l)"
    fi
} >"$OUT_DIR/manifest.txt"

log "wrote $OUT_DIR/capture.pcap ($(stat -c %s "$OUT_DIR/capture.pcap") bytes) and manifest.txt"
