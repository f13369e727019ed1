#!/usr/bin/env python3
"""Copy a capture with one octet of one ICV changed: the last octet of one frame's IKE
message or ESP packet (the last octet of an SK or SKF payload's Integrity Checksum Data,
or of an ESP packet's ICV) is XORed with MASK. Nothing else changes (the lab captures carry partial UDP checksums from checksum
offload, so the UDP checksum is left as it was). Used for test-captures/icv-damaged.

  tools/make-icv-damaged.py SOURCE_PCAP OUT_PCAP FRAME [MASK]

FRAME is 1-based, as Wireshark numbers frames; MASK defaults to 0x01. Standard library
only; deterministic.
"""
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pcap_io import read_pcap  # noqa: E402


def main():
    if len(sys.argv) not in (4, 5):
        sys.exit(__doc__)
    src, out, number = sys.argv[1], sys.argv[2], int(sys.argv[3])
    mask = int(sys.argv[4], 0) if len(sys.argv) == 5 else 0x01
    header, frames = read_pcap(src)
    (ts, frame) = frames[number - 1]
    # Ethernet II, IPv4 or IPv6, then UDP or ESP: the IKE message or ESP packet ends the
    # IP packet.
    ethertype = struct.unpack(">H", frame[12:14])[0]
    if ethertype == 0x0800:
        ip_len = struct.unpack(">H", frame[16:18])[0]
        end = 14 + ip_len
    elif ethertype == 0x86DD:
        end = 14 + 40 + struct.unpack(">H", frame[18:20])[0]
    else:
        sys.exit("frame %d: not IPv4 or IPv6 over Ethernet" % number)
    damaged = bytearray(frame)
    damaged[end - 1] ^= mask
    frames[number - 1] = (ts, bytes(damaged))
    with open(out, "wb") as f:
        f.write(header)
        for (ts_s, ts_u), data in frames:
            f.write(struct.pack("<IIII", ts_s, ts_u, len(data), len(data)))
            f.write(data)
    print("frame %d: octet %d (last of the IKE message or ESP packet) 0x%02x -> 0x%02x; %d frames written to %s"
          % (number, end, frame[end - 1], damaged[end - 1], len(frames), out))


if __name__ == "__main__":
    main()
