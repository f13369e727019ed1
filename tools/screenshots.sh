#!/bin/bash
# Screenshots of the real Wireshark GUI with the plugin, for docs/lab.md. Not part of CI.
#
#   tools/screenshots.sh [BUILD_DIR] [OUT_DIR]     (default build, docs/img)
#
# Needs Debian's wireshark-qt, xvfb, xdotool and imagemagick (source tools/deps.sh && ikev2_install_screenshot_deps).
# Wireshark ignores plugin folders when run as root, so it runs as `nobody` with a private
# plugin and configuration folder, on the rekey capture with its keys. Each window is
# captured with `import` from ImageMagick once Wireshark has drawn it.
set -eu
BUILD=$(realpath "${1:-build}")
OUT=$(realpath -m "${2:-docs/img}")
SRC=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$OUT"
WORK=$(mktemp -d /tmp/ikev2-shots-XXXX)
trap 'kill $XVFB_PID 2>/dev/null || true; rm -rf "$WORK"' EXIT
cp -r "$BUILD/plugins" "$WORK/plugins"
mkdir -p "$WORK/config" "$WORK/home"
cp "$SRC/test-captures/rekey/capture.pcap" "$WORK/rekey.pcap"
cp "$SRC/test-captures/rekey/keys/charon-b+list-sas.log" "$WORK/keys.log"
# Columns and a pane layout that keeps the tree readable at 1600x1000.
cat > "$WORK/config/preferences" <<PREFS
gui.layout_type: 2
ikev2.key_file: $WORK/keys.log
PREFS
chmod -R a+rwX "$WORK"
RUN=()
[ "$(id -u)" = 0 ] && RUN=(setpriv --reuid=nobody --regid=nogroup --clear-groups --)

DISPLAY_NUM=:97
Xvfb $DISPLAY_NUM -screen 0 1600x1000x24 >/dev/null 2>&1 &
XVFB_PID=$!
sleep 2
export DISPLAY=$DISPLAY_NUM

shot() {  # shot NAME FILTER_FOR_WINDOW_TITLE
    local id
    id=$(xdotool search --sync --onlyvisible --name "$2" | head -1)
    xdotool windowsize "$id" 1600 1000 windowmove "$id" 0 0
    sleep 2
    import -window "$id" "$OUT/$1.png"
    echo "wrote $OUT/$1.png"
}

wireshark_run() {  # wireshark_run EXTRA_ARGS...
    "${RUN[@]}" env HOME="$WORK/home" WIRESHARK_PLUGIN_DIR="$WORK/plugins" \
        WIRESHARK_CONFIG_DIR="$WORK/config" XDG_RUNTIME_DIR="$WORK/home" \
        wireshark -r "$WORK/rekey.pcap" "$@" >/dev/null 2>&1 &
    echo $!
}

# 1. The packet list and the analysis tree of the IKE SA rekey response (frame 24).
PID=$(wireshark_run -g 24 -Y ikev2 -o gui.geometry_main_width:1600 -o gui.geometry_main_height:1000)
shot main-rekey "rekey.pcap"
# Expand all subtrees so the analysis subtree shows: focus the details pane by clicking
# the IKEv2 line (the last of the tree, at this geometry), then Expand Subtrees (Shift+Right).
xdotool mousemove 200 630 click 1
sleep 1
xdotool key --delay 200 shift+Right
sleep 1
shot main-rekey-expanded "rekey.pcap"
kill "$PID"; wait "$PID" 2>/dev/null || true

# 2. Statistics > IKEv2 > IKE SAs and the stats tree, opened with -z at start-up.
PID=$(wireshark_run -z ikev2,sa)
shot ike-sa-table "IKE SAs"
kill "$PID"; wait "$PID" 2>/dev/null || true
PID=$(wireshark_run -z ikev2,tree)
shot stats-tree "IKEv2"
kill "$PID"; wait "$PID" 2>/dev/null || true

# 3. Statistics > Flow Graph with the IKEv2 flow type (the menu, then the flow type box).
PID=$(wireshark_run)
id=$(xdotool search --sync --onlyvisible --name "rekey.pcap" | head -1)
sleep 3
xdotool windowactivate --sync "$id" key --delay 300 alt+s
sleep 1
xdotool key --delay 300 f   # "Flow Graph"
sleep 3
fid=$(xdotool search --sync --onlyvisible --name "Flow" | head -1)
import -window "$fid" "$OUT/flow-graph.png"
echo "wrote $OUT/flow-graph.png"
kill "$PID"; wait "$PID" 2>/dev/null || true
