#!/usr/bin/env python3
"""Print UDP payloads of chosen frames of a classic pcap as C++ arrays.

Used once to write capture_bytes.hpp:
    python3 gen_capture_bytes.py ../../test-captures/psk-aescbc-sha256/capture.pcap 1 2 3
Only Ethernet/IPv4/UDP frames are handled (all this capture holds).
"""
import struct
import sys


def frames(path):
    data = open(path, "rb").read()
    magic = struct.unpack("<I", data[:4])[0]
    e = "<" if magic in (0xA1B2C3D4, 0xA1B23C4D) else ">"
    linktype = struct.unpack(e + "I", data[20:24])[0]
    assert linktype == 1, "only Ethernet captures"
    off, number = 24, 0
    while off < len(data):
        _, _, incl, _ = struct.unpack(e + "IIII", data[off:off + 16])
        off += 16
        pkt = data[off:off + incl]
        off += incl
        number += 1
        ip = pkt[14:]
        ihl = (ip[0] & 0x0F) * 4
        assert ip[9] == 17, "only UDP"
        udp = ip[ihl:]
        sport, dport, ulen = struct.unpack(">HHH", udp[:6])
        yield number, sport, dport, udp[8:ulen]


def main():
    path, wanted = sys.argv[1], {int(a) for a in sys.argv[2:]}
    for number, sport, dport, payload in frames(path):
        if number not in wanted:
            continue
        print(f"// {path.split('test-captures/')[-1]}, frame {number}: UDP {sport} -> {dport}, "
              f"{len(payload)} octets of UDP payload")
        print(f"inline const uint8_t kFrame{number}[] = {{")
        for i in range(0, len(payload), 16):
            print("    " + ", ".join(f"0x{b:02x}" for b in payload[i:i + 16]) + ",")
        print("};\n")


if __name__ == "__main__":
    main()
