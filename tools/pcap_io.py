"""Reading and writing classic pcap files, and rewriting the IP and UDP layers of a frame,
for the tools that derive test captures from real ones (make-malformed.py,
make-retransmits.py, make-edge-captures.py). Standard library only."""
import struct


def read_pcap(path):
    """(global header, [((ts_sec, ts_usec), frame bytes), ...]) of a little-endian pcap."""
    data = open(path, "rb").read()
    header, off, frames = data[:24], 24, []
    while off + 16 <= len(data):
        ts_s, ts_u, incl, orig = struct.unpack("<IIII", data[off:off + 16])
        frames.append(((ts_s, ts_u), data[off + 16:off + 16 + incl]))
        off += 16 + incl
    return header, frames


def write_pcap(path, header, frames):
    """Write (global header, [((ts_sec, ts_usec), frame bytes), ...]) as read_pcap gives it."""
    with open(path, "wb") as f:
        f.write(header)
        for (ts_s, ts_u), frame in frames:
            f.write(struct.pack("<IIII", ts_s, ts_u, len(frame), len(frame)))
            f.write(frame)


def ip_checksum(data):
    """The Internet checksum (RFC 1071) of `data`, odd lengths padded with a zero octet."""
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return (~s) & 0xffff


def ip_layers(frame):
    """(IP version, offset of the IP header, offset of its payload, next protocol) of an
    Ethernet II frame carrying IPv4 (any header length) or IPv6 (no extension headers)."""
    ethertype = struct.unpack("!H", frame[12:14])[0]
    if ethertype == 0x0800:
        return 4, 14, 14 + (frame[14] & 0x0f) * 4, frame[14 + 9]
    if ethertype == 0x86DD:
        return 6, 14, 14 + 40, frame[14 + 6]
    raise ValueError("not IPv4 or IPv6 over Ethernet")


def pseudo_header(frame, proto, length):
    """The IPv4 (RFC 768) or IPv6 (RFC 8200 8.1) pseudo-header of the frame's addresses."""
    version, ip, _, _ = ip_layers(frame)
    if version == 4:
        return frame[ip + 12:ip + 20] + struct.pack("!BBH", 0, proto, length)
    return frame[ip + 8:ip + 40] + struct.pack("!IxxxB", length, proto)


def with_ip_payload(frame, payload):
    """The frame with a new IP payload: IPv4 total length and header checksum, or the IPv6
    payload length, fixed; the protocol is kept."""
    version, ip, start, _ = ip_layers(frame)
    hdr = bytearray(frame[ip:start])
    if version == 4:
        hdr[2:4] = struct.pack("!H", len(hdr) + len(payload))
        hdr[10:12] = b"\0\0"
        hdr[10:12] = struct.pack("!H", ip_checksum(bytes(hdr)))
    else:
        hdr[4:6] = struct.pack("!H", len(payload))
    return frame[:ip] + bytes(hdr) + payload


def ip_payload(frame):
    """The IP payload of the frame, up to the length its IP header gives."""
    version, ip, start, _ = ip_layers(frame)
    if version == 4:
        end = ip + struct.unpack("!H", frame[ip + 2:ip + 4])[0]
    else:
        end = start + struct.unpack("!H", frame[ip + 4:ip + 6])[0]
    return frame[start:end]


def with_udp_payload(frame, payload, sport=None, dport=None):
    """Ethernet/IP/UDP frame with a new UDP payload (lengths and the IPv4 checksum fixed;
    UDP checksum 0 over IPv4, "not computed", and computed over IPv6, where 0 is not
    allowed)."""
    version, _, start, _ = ip_layers(frame)
    udp = bytearray(frame[start:start + 8])
    if sport is not None:
        udp[0:2] = struct.pack("!H", sport)
    if dport is not None:
        udp[2:4] = struct.pack("!H", dport)
    udp[4:6] = struct.pack("!H", 8 + len(payload))
    udp[6:8] = b"\0\0"
    if version == 6:
        c = ip_checksum(pseudo_header(frame, 17, 8 + len(payload)) + bytes(udp) + payload)
        udp[6:8] = struct.pack("!H", c or 0xffff)
    return with_ip_payload(frame, bytes(udp) + payload)


def udp_payload(frame):
    """The UDP payload of an Ethernet/IP/UDP frame."""
    return ip_payload(frame)[8:]
