#!/bin/bash
# Screenshots of the real Wireshark GUI with the plugin, for docs/lab.md. Not part of CI.
#
#   tools/screenshots.sh [BUILD_DIR] [OUT_DIR]     (default build, docs/img)
#
# Needs Debian's wireshark-qt, xvfb, xdotool, imagemagick and openbox (source tools/deps.sh
# && ikev2_install_screenshot_deps). Wireshark ignores plugin folders when run as root, so
# it runs as `nobody` with a private plugin and configuration folder (the IKEv2 profile
# copied into it). A small window manager (openbox) runs under Xvfb so that windows can
# be found, raised, moved and sized; dialogs that have no `-z` form in the 4.0 GUI (the
# stats tree, the Flow Graph, Expert Information) are opened through the menus with the
# keyboard. Each window is captured with `import` from ImageMagick once Wireshark has
# drawn it. Written for Wireshark 4.0 (Debian 12): the menu walks count entries from the
# end of the Statistics and Analyze menus, which other versions may order differently.
set -eu
BUILD=$(realpath "${1:-build}")
OUT=$(realpath -m "${2:-docs/img}")
SRC=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$OUT"
WORK=$(mktemp -d /tmp/ikev2-shots-XXXX)
PIDS=()
cleanup() {
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
    rm -rf "$WORK"
}
trap cleanup EXIT
cp -r "$BUILD/plugins" "$WORK/plugins"
mkdir -p "$WORK/config/profiles" "$WORK/home"
cp -r "$SRC/profiles/IKEv2" "$WORK/config/profiles/IKEv2"
for c in rekey retransmit auth-failed malformed; do
    cp "$SRC/test-captures/$c/capture.pcap" "$WORK/$c.pcap"
done
cp "$SRC/test-captures/rekey/ike-sk_d.keys" "$WORK/rekey.keys"
cp "$SRC/test-captures/retransmit/ikev2_decryption_table" "$WORK/retransmit.keys"
cp "$SRC/test-captures/auth-failed/ikev2_decryption_table" "$WORK/auth-failed.keys"
# A pane layout that keeps the tree readable at 1600x1000.
cat > "$WORK/config/preferences" <<PREFS
gui.layout_type: 2
PREFS
chmod -R a+rwX "$WORK"
RUN=()
[ "$(id -u)" = 0 ] && RUN=(setpriv --reuid=nobody --regid=nogroup --clear-groups --)

DISPLAY_NUM=:97
Xvfb $DISPLAY_NUM -screen 0 1600x1000x24 >/dev/null 2>&1 &
PIDS+=($!)
sleep 2
export DISPLAY=$DISPLAY_NUM
"${RUN[@]}" env HOME="$WORK/home" openbox >/dev/null 2>&1 &
PIDS+=($!)
sleep 1

window() {  # window TITLE_REGEX: the id of the newest visible window with that title
    local id=""
    for _ in $(seq 60); do
        id=$(xdotool search --onlyvisible --name "$1" 2>/dev/null | tail -1 || true)
        [ -n "$id" ] && break
        sleep 0.5
    done
    [ -n "$id" ] || { echo "no window named '$1'" >&2; return 1; }
    echo "$id"
}

shot() {  # shot NAME WINDOW_ID [WIDTH HEIGHT [KEEP]]: the window (full screen by default),
          # once drawn; KEEP: only its top KEEP pixels (the packet list of a main window)
    xdotool windowactivate --sync "$2" windowsize --sync "$2" "${3:-1600}" "${4:-1000}" windowmove --sync "$2" 0 0
    sleep 3
    import -window "$2" "$OUT/$1.png"
    [ -z "${5:-}" ] || convert "$OUT/$1.png" -crop "${3:-1600}x$5+0+0" +repage "$OUT/$1.png"
    echo "wrote $OUT/$1.png"
}

wireshark_run() {  # wireshark_run CAPTURE EXTRA_ARGS...: starts Wireshark, prints its pid
    local cap=$1; shift
    "${RUN[@]}" env HOME="$WORK/home" WIRESHARK_PLUGIN_DIR="$WORK/plugins" \
        WIRESHARK_CONFIG_DIR="$WORK/config" XDG_RUNTIME_DIR="$WORK/home" \
        wireshark -r "$WORK/$cap.pcap" "$@" >/dev/null 2>&1 &
    echo $!
}

stop() {  # stop PID
    kill "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
    sleep 1
}

menu() {  # menu MAIN_WINDOW ALT_KEY UPS [KEYS...]: open a menu, go UPS entries up from its end
    xdotool windowactivate --sync "$1"
    sleep 1
    xdotool key --clearmodifiers "$2"
    sleep 1
    for _ in $(seq "$3"); do xdotool key Up; done
    shift 3
    for k in "$@"; do xdotool key "$k"; sleep 0.5; done
    xdotool key Return
}

REKEY_KEYS=(-o "ikev2.key_file:$WORK/rekey.keys")

# 1. The packet list and the analysis tree of the IKE SA rekey response (frame 24).
PID=$(wireshark_run rekey "${REKEY_KEYS[@]}" -g 24 -Y ikev2)
main=$(window "rekey.pcap")
xdotool windowactivate --sync "$main" windowsize --sync "$main" 1600 1000 windowmove --sync "$main" 0 0
sleep 3
# Expand all subtrees so the analysis subtree shows: focus the details pane by clicking
# the IKEv2 line (the last of the tree, at this geometry), then Expand Subtrees
# (Shift+Right), then scroll to the end of the tree.
xdotool mousemove 200 648 click 1
sleep 1
xdotool key --delay 200 shift+Right
sleep 1
xdotool key End   # the last line of the details: inside the IKEv2 analysis subtree
shot main-rekey-expanded "$main"

# 2. Statistics > IKEv2 > Exchanges and failures (the stats tree; IKEv2 is the last entry
#    of the Statistics menu, the stats tree the first of its submenu).
menu "$main" alt+s 1 Right
shot stats-tree "$(window "Exchanges and failures")" 1100 480

# 3. Statistics > Flow Graph (12th entry from the end in 4.0), flow type "IKEv2".
menu "$main" alt+s 12
flow=$(window "Flow")
xdotool windowactivate --sync "$flow" windowsize --sync "$flow" 1600 1000 windowmove --sync "$flow" 0 0
sleep 2
# The "Flow type" box sits at the bottom, centred: open it and type the entry's name.
xdotool mousemove 835 945 click 1
sleep 1
xdotool type --delay 100 "IKEv2"
xdotool key Return
shot flow-graph "$flow" 1600 700
stop "$PID"

# 4. The SA tables, opened with -z at start-up (stat tables have a -z form in the GUI).
for t in "ikev2,sa:IKE SAs:ike-sa-table:200" "ikev2,child_sa:CHILD_SAs:child-sa-table:220" "ipsec,sa:ESP SAs:esp-sa-table:300"; do
    IFS=: read -r z title name height <<<"$t"
    PID=$(wireshark_run rekey "${REKEY_KEYS[@]}" -z "$z")
    shot "$name" "$(window "$title")" 1600 "$height"
    stop "$PID"
done

# 5. The IKEv2 profile's packet list on the retransmission, failure and malformed
#    captures, and Analyze > Expert Information (its last entry) on the first.
PID=$(wireshark_run retransmit -C IKEv2 -o "ikev2.key_file:$WORK/retransmit.keys")
main=$(window "retransmit.pcap")
shot profile-retransmit "$main" 1600 1000 385
menu "$main" alt+a 1
shot expert-info "$(window "Expert Information")" 1100 300
stop "$PID"
PID=$(wireshark_run auth-failed -C IKEv2 -o "ikev2.key_file:$WORK/auth-failed.keys")
shot profile-auth-failed "$(window "auth-failed.pcap")" 1600 1000 200
stop "$PID"
PID=$(wireshark_run malformed -C IKEv2)
shot profile-malformed "$(window "malformed.pcap")" 1600 1000 300
stop "$PID"
