#!/usr/bin/env python3
"""What the plugin's UDP heuristic and IKE dissection cost tshark, in CPU time (user + sys,
median of --reps runs, alternating), against stock tshark on the same capture:

  udp-noise     datagrams on random high ports holding random bytes: every one is offered
                to the heuristic (and Wireshark's other heuristics), which must say no fast
  ike-odd-port  the IKE_SA_INIT and IKE_AUTH messages of a lab capture (psk-aescbc-sha256)
                moved to UDP 7500/7501, where only the heuristic finds them

Modes: `stock` (no plugin), `plugin` (--build-dir), and `before` (--before-build-dir: a
build of another commit, to compare two versions of the plugin in one run).

  python3 tools/bench/heuristic.py --build-dir build [--before-build-dir build-old]
"""
import argparse
import os
import random
import statistics
import struct
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(SOURCE, "tools"))
sys.path.insert(0, os.path.join(SOURCE, "tests", "tshark"))
import pcap_io  # noqa: E402
from tshark_env import Tshark  # noqa: E402
from benchlib import Mode  # noqa: E402  (runs tshark and reads its rusage)

LAB = os.path.join(SOURCE, "test-captures", "psk-aescbc-sha256", "capture.pcap")


def udp_frame(src_port, dst_port, payload):
    """Ethernet / IPv4 / UDP frame (checksums: IPv4 computed, UDP none)."""
    udp = struct.pack("!HHHH", src_port, dst_port, 8 + len(payload), 0) + payload
    ip = bytearray(struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 0, 0x4000, 64, 17, 0,
                               bytes([192, 0, 2, 1]), bytes([192, 0, 2, 2])))
    ip[10:12] = struct.pack("!H", pcap_io.ip_checksum(bytes(ip)))
    return b"\x02\x00\x00\x00\x00\x02\x02\x00\x00\x00\x00\x01\x08\x00" + bytes(ip) + udp


def make_captures(folder, packets):
    rng = random.Random(7)
    header = struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1)
    noise = []
    for i in range(packets):
        payload = bytes(rng.getrandbits(8) for _ in range(rng.randint(28, 600)))
        noise.append(((1000 + i // 1000, i % 1000), udp_frame(rng.randint(20000, 60000), rng.randint(20000, 60000), payload)))
    pcap_io.write_pcap(os.path.join(folder, "udp-noise.pcap"), header, noise)

    _, lab = pcap_io.read_pcap(LAB)
    ike = []
    for _, frame in lab:
        p = pcap_io.udp_payload(frame)
        if p is None:
            continue
        if p[:4] == b"\0\0\0\0":
            p = p[4:]
        if len(p) >= 28 and p[17] == 0x20 and p[18] in (34, 35):  # IKEv2 IKE_SA_INIT / IKE_AUTH
            ike.append(p)
    out = []
    for i in range(packets):
        out.append(((2000 + i // 1000, i % 1000), udp_frame(7500 + (i & 1), 7501 - (i & 1), ike[i % len(ike)])))
    pcap_io.write_pcap(os.path.join(folder, "ike-odd-port.pcap"), header, out)


class PluginMode(Mode):
    """benchlib's Mode with no ESP keys: the plugin from a build folder, or none."""

    def __init__(self, name, build_dir=None):
        self.name = name
        self.staged = {}
        self.ts = Tshark(os.path.join(build_dir, "plugins") if build_dir else None)
        self.extra = []


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build-dir", default="build")
    ap.add_argument("--before-build-dir")
    ap.add_argument("--packets", type=int, default=50000)
    ap.add_argument("--reps", type=int, default=5)
    a = ap.parse_args()

    folder = tempfile.mkdtemp(prefix="ikev2-heur-")
    os.chmod(folder, 0o755)
    make_captures(folder, a.packets)
    modes = [PluginMode("stock"), PluginMode("plugin", a.build_dir)]
    if a.before_build_dir:
        modes.append(PluginMode("before", a.before_build_dir))
    results = {}
    try:
        for capture in ("udp-noise", "ike-odd-port"):
            path = os.path.join(folder, capture + ".pcap")
            for rep in range(a.reps):
                for m in modes:
                    cmd = m.ts.command(["-r", m.stage(path), "-T", "fields", "-e", "frame.protocols"])
                    cpu = m.run(cmd, os.path.join(m.ts.home, "out.txt")).cpu
                    results.setdefault((capture, m.name), []).append(cpu)
            out = open(os.path.join(modes[1].ts.home, "out.txt")).read().splitlines()
            ike = sum(1 for line in out if line.endswith(":ikev2"))
            print("%s: %d frames, %d dissected as IKEv2 by the plugin" % (capture, len(out), ike))
    finally:
        for m in modes:
            m.close()
    print("\n| capture | mode | CPU s (median of %d) | vs stock |" % a.reps)
    print("|---|---|---|---|")
    for capture in ("udp-noise", "ike-odd-port"):
        stock = statistics.median(results[(capture, "stock")])
        for m in modes:
            med = statistics.median(results[(capture, m.name)])
            print("| %s | %s | %.2f | %.2f |" % (capture, m.name, med, med / stock))


if __name__ == "__main__":
    main()
