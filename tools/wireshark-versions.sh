#!/bin/bash
# The Wireshark versions the plugin supports, and a place to build and test against each.
# Sourced by test.sh and package.sh; can also be run:
#
#   tools/wireshark-versions.sh list               the versions, the host's marked
#   tools/wireshark-versions.sh run 4.6 CMD...     CMD in this checkout against Wireshark 4.6
#   tools/wireshark-versions.sh release            undo the mounts `run` made
#
# The host's own Wireshark is used for its version. Every other version runs in a Debian
# chroot made with debootstrap from the Debian package registry the host's apt uses,
# kept under $IKEV2_CHROOT_DIR (default /var/lib/ikev2-chroots/<suite>) and reused when it
# is already there. This checkout is bind-mounted at /src inside it, so the build folders
# (build-ws<version>) and test output land in the checkout as on the host. Needs root.
set -euo pipefail

IKEV2_WS_VERSIONS=(4.0 4.4 4.6)
IKEV2_CHROOT_DIR=${IKEV2_CHROOT_DIR:-/var/lib/ikev2-chroots}

# The Debian suite whose wireshark package is that version.
ikev2_ws_suite() {
  case "$1" in
    4.0) echo bookworm ;;   # Debian 12
    4.4) echo trixie ;;     # Debian 13
    4.6) echo sid ;;        # unstable
    *) echo "unsupported Wireshark version $1" >&2; return 1 ;;
  esac
}

# The major.minor of the host's libwireshark-dev (empty if it is not installed).
ikev2_host_ws_version() {
  dpkg-query -W -f='${Version}' libwireshark-dev 2>/dev/null | sed -E 's/^([0-9]+:)?([0-9]+\.[0-9]+).*/\2/'
}

ikev2_chroot_root() { echo "$IKEV2_CHROOT_DIR/$(ikev2_ws_suite "$1")"; }

# The Debian mirror the host's apt is set up with (debootstrap's own default otherwise).
ikev2_debian_mirror() {
  cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null |
    grep -oE '(https?://[^ ]+/debian)/?( |$)' | grep -v security | head -n 1 | tr -d ' ' || true
}

# Make sure the chroot for version $1 exists, has proc mounted and has every package the
# build and the tests need (tools/deps.sh, run inside it).
ikev2_chroot_ensure() {
  local v=$1 suite root
  suite=$(ikev2_ws_suite "$v")
  root=$(ikev2_chroot_root "$v")
  if [ ! -x "$root/usr/bin/apt-get" ]; then
    command -v debootstrap >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -q debootstrap
    echo "== Making a Debian $suite chroot for Wireshark $v in $root"
    rm -rf "$root"
    mkdir -p "$IKEV2_CHROOT_DIR"
    # shellcheck disable=SC2046
    debootstrap --variant=minbase "$suite" "$root" $(ikev2_debian_mirror) >"$root.debootstrap.log" 2>&1 ||
      { tail -n 20 "$root.debootstrap.log"; return 1; }
  fi
  # unstable's Release file may be served past its Valid-Until date.
  [ "$suite" != sid ] || echo 'Acquire::Check-Valid-Until "false";' >"$root/etc/apt/apt.conf.d/99ikev2-valid-until"
  mountpoint -q "$root/proc" || mount -t proc proc "$root/proc"
  ikev2_chroot_mount_src "$root"
  chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
    bash -c 'source /src/tools/deps.sh && ikev2_install_deps' >&2
}

# Bind this checkout at /src in the chroot (again if another checkout is there).
ikev2_chroot_mount_src() {
  local root=$1 top
  top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
  mkdir -p "$root/src"
  if mountpoint -q "$root/src"; then
    [ "$(findmnt -n -o FSROOT "$root/src" 2>/dev/null)" = "$top" ] && return 0
    umount "$root/src"
  fi
  mount --bind "$top" "$root/src"
}

# Run a command in this checkout against Wireshark $1: on the host if it has that version,
# else in that version's chroot (made if missing).
ikev2_in_version() {
  local v=$1; shift
  if [ "$(ikev2_host_ws_version)" = "$v" ]; then
    (cd "$(dirname "${BASH_SOURCE[0]}")/.." && "$@")
    return
  fi
  local root
  root=$(ikev2_chroot_root "$v")
  ikev2_chroot_ensure "$v"
  chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
    ${CI:+CI=$CI} bash -c 'cd /src && "$@"' bash "$@"
}

# Undo the mounts of every chroot (the chroots themselves are kept for the next run).
ikev2_chroots_release() {
  local v root
  for v in "${IKEV2_WS_VERSIONS[@]}"; do
    root=$(ikev2_chroot_root "$v")
    mountpoint -q "$root/src" 2>/dev/null && umount "$root/src" || true
    mountpoint -q "$root/proc" 2>/dev/null && umount "$root/proc" || true
  done
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  case "${1:-list}" in
    list)
      host=$(ikev2_host_ws_version)
      for v in "${IKEV2_WS_VERSIONS[@]}"; do
        if [ "$v" = "$host" ]; then where="host"; else where="chroot $(ikev2_chroot_root "$v")"; fi
        echo "$v  Debian $(ikev2_ws_suite "$v")  $where"
      done ;;
    run) shift; v=$1; shift; ikev2_in_version "$v" "$@" ;;
    release) ikev2_chroots_release ;;
    *) sed -n '2,13p' "$0"; exit 2 ;;
  esac
fi
