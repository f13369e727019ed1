#!/usr/bin/env python3
"""Write test-captures/malformed/capture.pcap: real strongSwan IKEv2 datagrams from
test-captures/psk-aescbc-sha256 with one field broken in each, for the tshark test that
malformed input becomes expert infos while the rest still dissects.

  tools/make-malformed.py [SOURCE_PCAP] [OUT_PCAP]

Standard library only; deterministic (same input, same output).
"""
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pcap_io import read_pcap, udp_payload, with_udp_payload  # noqa: E402

SRC = sys.argv[1] if len(sys.argv) > 1 else "test-captures/psk-aescbc-sha256/capture.pcap"
OUT = sys.argv[2] if len(sys.argv) > 2 else "test-captures/malformed/capture.pcap"


def main():
    header, frames = read_pcap(SRC)
    init_req = udp_payload(frames[0][1])          # IKE_SA_INIT request, UDP 500
    base = frames[0][1]
    cases = []

    def add(payload, note, sport=None, dport=None):
        cases.append((with_udp_payload(base, payload, sport, dport), note))

    # 1. The real message, unchanged: the reference.
    add(init_req, "intact IKE_SA_INIT request")
    # 2. First payload (SA) with length 0: the chain cannot advance.
    m = bytearray(init_req); m[28 + 2:28 + 4] = b"\0\0"; add(bytes(m), "SA payload length 0")
    # 3. First payload length runs past the message.
    m = bytearray(init_req); m[28 + 2:28 + 4] = struct.pack("!H", 0xfff0); add(bytes(m), "SA payload length too long")
    # 4. IKE header length larger than the datagram.
    m = bytearray(init_req); m[24:28] = struct.pack("!I", len(init_req) + 100); add(bytes(m), "header length mismatch")
    # 5. Truncated datagram: the last 40 octets cut off, header length kept.
    add(init_req[:-40], "truncated datagram")
    # 6. Next payload of the first payload turned into an unknown critical type (250).
    m = bytearray(init_req); m[28] = 250; m[28 + 48 + 1] |= 0x80; add(bytes(m), "unknown critical payload")
    # 7. Reserved flag bits and minor version 1.
    m = bytearray(init_req); m[19] |= 0x01; m[17] = 0x21; add(bytes(m), "reserved flags, minor version 1")
    # 8. Proposal count lies: 7 transforms announced, 4 present.
    m = bytearray(init_req); m[28 + 4 + 7] = 7; add(bytes(m), "transform count mismatch")
    # 9. UDP 4500: a 2-octet datagram, neither keepalive nor IKE nor ESP.
    add(b"\xff\xff", "runt on UDP 4500", 4500, 4500)
    # 10. UDP 4500: non-ESP marker and an IKE header cut to 10 octets.
    add(b"\0\0\0\0" + init_req[:10], "marker and short IKE header", 4500, 4500)
    # 11. UDP 500: 20 octets only (below the IKE header): goes to ISAKMP as before.
    add(init_req[:20], "short datagram on UDP 500")

    with open(OUT, "wb") as f:
        f.write(header)
        for i, (frame, _) in enumerate(cases):
            f.write(struct.pack("<IIII", 1700000000 + i, 0, len(frame), len(frame)))
            f.write(frame)
    for i, (_, note) in enumerate(cases):
        print("frame %d: %s" % (i + 1, note))


if __name__ == "__main__":
    main()
