#!/bin/bash
# Run by tools/package.sh --check inside one Wireshark version's system, as root:
#   package-check.sh THIS.deb [OTHER.deb...]
# installs THIS.deb with apt, checks that tshark run as an unprivileged user lists the
# plugin from the global plugin folder and decrypts the bundled demo capture, checks that
# apt refuses each OTHER.deb (built for another Wireshark), then removes THIS.deb again.
# A plugin installed by hand in the global folder beforehand is put back afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
deb=$1; shift
export DEBIAN_FRONTEND=noninteractive

work=$(mktemp -d /tmp/ikev2-package-check.XXXXXX)
chmod 755 "$work"
plugin_dir=$(dpkg-deb -c "$deb" | awk '{print $6}' | grep '/ikev2\.so$' | sed 's|^\.||')
kept=""
restore() {
  apt-get remove -y -q wireshark-ikev2-plugin >/dev/null 2>&1 || true
  [ -z "$kept" ] || cp "$kept" "$plugin_dir"
  rm -rf "$work"
}
trap restore EXIT
if [ -e "$plugin_dir" ] && ! dpkg-query -S "$plugin_dir" >/dev/null 2>&1; then
  kept="$work/ikev2.so.kept"
  cp "$plugin_dir" "$kept"
fi

fail() { echo "FAIL: $*" >&2; exit 1; }

apt-get install -y -q "$(realpath "$deb")" >"$work/apt.log" 2>&1 || { cat "$work/apt.log"; fail "apt could not install $deb"; }
echo "installed: $(dpkg-query -W -f='${Package} ${Version}' wireshark-ikev2-plugin) -> $plugin_dir"

# tshark as an unprivileged user, with its own empty configuration: the global plugin
# folder is the only place it can find ikev2.so.
demo=test-captures/psk-aescbc-sha256
cp "$demo/capture.pcap" "$demo/ikev2_decryption_table" "$work/"
mkdir -p "$work/config"
chown -R nobody "$work"
as_nobody() {
  setpriv --reuid=nobody --regid=nogroup --clear-groups -- \
    env -i PATH=/usr/bin:/bin HOME="$work" LANG=C.UTF-8 WIRESHARK_CONFIG_DIR="$work/config" "$@"
}
as_nobody tshark -G plugins 2>/dev/null | grep -E "^ikev2\.so\s.*$plugin_dir" ||
  fail "tshark -G plugins does not list $plugin_dir"
out=$(as_nobody tshark -r "$work/capture.pcap" -o "ikev2.key_file:$work/ikev2_decryption_table" 2>&1)
echo "$out" | grep -q "IKE_AUTH MID=1 Initiator Request  SK {IDi" ||
  { echo "$out"; fail "the demo capture was not decrypted"; }
echo "demo decrypted: $(echo "$out" | grep -c 'SK {') SK payloads opened"

# The IKEv2 profile in Wireshark's global profiles folder: tshark -C IKEv2 takes it (and
# copies it into the user's own folder), with its columns.
profile_dir=$(dpkg-deb -c "$deb" | awk '{print $6}' | grep '/profiles/IKEv2/colorfilters$' | sed 's|^\.||; s|/colorfilters$||')
[ -n "$profile_dir" ] && [ -f "$profile_dir/preferences" ] || fail "the package has no IKEv2 profile"
out=$(as_nobody tshark -C IKEv2 -r "$work/capture.pcap" -o "ikev2.key_file:$work/ikev2_decryption_table" -T psml 2>&1)
echo "$out" | grep -q "<section>Exchange</section>" ||
  { echo "$out" | head; fail "tshark -C IKEv2 does not show the profile's columns"; }
echo "profile: $profile_dir taken by tshark -C IKEv2"

for other in "$@"; do
  if apt-get install -s -q "$(realpath "$other")" >"$work/apt-other.log" 2>&1; then
    cat "$work/apt-other.log"
    fail "apt would install $(basename "$other") next to $(tshark --version | head -n 1)"
  fi
  echo "refused: $(basename "$other") ($(grep -m1 -E 'Depends:' "$work/apt-other.log" | sed 's/^ *//'))"
done

apt-get remove -y -q wireshark-ikev2-plugin >/dev/null
[ ! -e "$plugin_dir" ] || [ -n "$kept" ] || fail "$plugin_dir is still there after removal"
echo "removed again"
