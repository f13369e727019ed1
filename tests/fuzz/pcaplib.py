"""A small classic-pcap reader and writer (Ethernet, IPv4/IPv6, UDP/TCP): enough to take
the payloads out of the test captures for seed corpora, and to write generated captures
for the resource-bound tests. No dependency beyond the standard library."""
import struct

LINKTYPE_ETHERNET = 1


def packets(path):
    """(frame number, raw frame) of a classic pcap, either byte order."""
    with open(path, "rb") as f:
        data = f.read()
    magic = struct.unpack("<I", data[:4])[0]
    e = "<" if magic in (0xA1B2C3D4, 0xA1B23C4D) else ">"
    linktype = struct.unpack(e + "I", data[20:24])[0]
    if linktype != LINKTYPE_ETHERNET:
        return
    off, number = 24, 0
    while off + 16 <= len(data):
        incl = struct.unpack(e + "I", data[off + 8:off + 12])[0]
        off += 16
        number += 1
        yield number, data[off:off + incl]
        off += incl


def transport(frame):
    """(proto, src, dst, sport, dport, payload, tcp_seq) of an Ethernet frame, or None.
    proto is 17 or 6; addresses are bytes."""
    eth_type = struct.unpack(">H", frame[12:14])[0]
    p = frame[14:]
    while eth_type == 0x8100 and len(p) >= 4:  # VLAN tags
        eth_type = struct.unpack(">H", p[2:4])[0]
        p = p[4:]
    if eth_type == 0x0800 and len(p) >= 20:
        ihl = (p[0] & 0x0F) * 4
        total = struct.unpack(">H", p[2:4])[0]
        proto, src, dst = p[9], p[12:16], p[16:20]
        body = p[ihl:total]
    elif eth_type == 0x86DD and len(p) >= 40:
        plen = struct.unpack(">H", p[4:6])[0]
        proto, src, dst = p[6], p[8:24], p[24:40]
        body = p[40:40 + plen]
    else:
        return None
    if proto == 17 and len(body) >= 8:
        sport, dport, ulen = struct.unpack(">HHH", body[:6])
        return 17, src, dst, sport, dport, body[8:ulen], 0
    if proto == 6 and len(body) >= 20:
        sport, dport, seq = struct.unpack(">HHI", body[:8])
        doff = (body[12] >> 4) * 4
        return 6, src, dst, sport, dport, body[doff:], seq
    return None


class Writer:
    """Writes Ethernet/IPv4/UDP frames to a classic pcap."""

    def __init__(self, path):
        self.f = open(path, "wb")
        self.f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, LINKTYPE_ETHERNET))
        self.n = 0

    def udp(self, src, dst, sport, dport, payload):
        udp = struct.pack(">HHHH", sport, dport, 8 + len(payload), 0) + payload
        ip = struct.pack(">BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 0, 0x4000, 64, 17, 0,
                         bytes(src), bytes(dst))
        ip = ip[:10] + struct.pack(">H", ip_checksum(ip)) + ip[12:]
        frame = b"\x02\x00\x00\x00\x00\x01\x02\x00\x00\x00\x00\x02\x08\x00" + ip + udp
        self.n += 1
        self.f.write(struct.pack("<IIII", 1700000000 + self.n // 1000, (self.n % 1000) * 1000,
                                 len(frame), len(frame)))
        self.f.write(frame)

    def close(self):
        self.f.close()


def ip_checksum(header):
    s = sum(struct.unpack(">10H", header[:20]))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF
