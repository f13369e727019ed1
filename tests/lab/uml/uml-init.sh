#!/bin/sh
# uml-init.sh - PID 1 of the User-Mode Linux guest started by run-uml-lab.sh.
#
# The guest's root file system is the host's / over hostfs, mounted READ-ONLY;
# everything the guest writes goes to tmpfs (/run, /tmp, /var/tmp) or to the
# one host directory LAB_HOSTOUT, mounted read-write at /tmp/hostout.
#
# Settings arrive from the kernel command line as environment variables
# (the kernel hands unknown NAME=value parameters to init):
#   LAB_ROOT     repository root on the host (read through hostfs)
#   LAB_HOSTOUT  host directory for the results (hostfs, read-write)
#   LAB_SCENARIO scenario name (tests/lab/scenarios/<name>)
# The guest always ends with halt -f, which makes the UML process exit.
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/tmp LANG=C.UTF-8

mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t tmpfs -o mode=0755 tmpfs /run
mount -t tmpfs -o mode=1777 tmpfs /tmp
mount -t tmpfs -o mode=1777 tmpfs /var/tmp
mkdir -p /tmp/hostout
mount -t hostfs -o "$LAB_HOSTOUT" hostfs /tmp/hostout
OUT=/tmp/hostout

finish() {
	echo "$1" >"$OUT/rc"
	sync
	umount /tmp/hostout 2>/dev/null
	halt -f 2>/dev/null || poweroff -f 2>/dev/null || echo o >/proc/sysrq-trigger
	sleep 10
}

{
	echo "uml-init: $(uname -a)"
	echo "uml-init: scenario $LAB_SCENARIO, repository $LAB_ROOT"
} >"$OUT/uml-init.log" 2>&1

# Modules: the Debian user-mode-linux package keeps them in
# /usr/lib/uml/modules/<version>; the read-only root has no /lib/modules/<version>,
# so modprobe gets a tmpfs tree with a symlink (-d). The kernel's own module
# requests (crypto-rfc4106(gcm(aes)), rtnl-link-veth, ...) go through the same
# wrapper via /proc/sys/kernel/modprobe.
KVER=$(uname -r)
mkdir -p /tmp/mods/lib/modules
ln -s "/usr/lib/uml/modules/$KVER" "/tmp/mods/lib/modules/$KVER"
# Crypto API requests for whole algorithm names ("crypto-cbc(aes)",
# "crypto-...-all") never match a module alias (templates are requested again
# by their own name, e.g. "crypto-cbc"): failing them at once saves ~0.2 s
# each in UML, which otherwise delays SA installation past IKE retransmits.
cat >/tmp/modprobe <<'EOF'
#!/bin/sh
case "$*" in *"("* | *-all) exit 1 ;; esac
echo "$*" >>/tmp/hostout/modprobe-requests.log
exec /usr/sbin/modprobe -d /tmp/mods "$@"
EOF
chmod 755 /tmp/modprobe
echo /tmp/modprobe >/proc/sys/kernel/modprobe

# XFRM + ESP, veth, IPv6, and every crypto template/cipher the ESP scenarios use
# (AES-CBC/CTR/GCM/CCM/GMAC, ChaCha20-Poly1305, HMAC-SHA1/2, MD5, XCBC, CMAC,
# DES/3DES, Camellia, NULL, ESN via authencesn).
for m in ipv6 veth bridge xfrm_user xfrm_algo af_key esp4 esp6 xfrm4_tunnel xfrm6_tunnel tunnel4 \
	tunnel6 cbc ctr gcm ghash-generic ccm cmac xcbc seqiv echainiv hmac authenc authencesn \
	chacha20poly1305 chacha_generic poly1305_generic des_generic camellia_generic \
	sha512_generic sha3_generic crypto_null tun; do
	/tmp/modprobe "$m" >>"$OUT/uml-init.log" 2>&1 || echo "uml-init: modprobe $m failed" >>"$OUT/uml-init.log"
done
{
	echo "uml-init: crypto algorithms:"
	grep '^name' /proc/crypto | sort -u | sed 's/^/  /'
} >>"$OUT/uml-init.log" 2>&1

ip link set lo up
rc=0
bash "$LAB_ROOT/tests/lab/uml/uml-lab.sh" "$LAB_SCENARIO" "$OUT" >"$OUT/uml-lab.out" 2>&1 || rc=$?
finish "$rc"
