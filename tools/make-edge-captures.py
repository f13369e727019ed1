#!/usr/bin/env python3
"""Write the test captures of corner cases found on other projects' captures, each built
from real lab bytes (the README.md of each folder says what every frame is):

  test-captures/esp-short/capture.pcap          ESP of 7, 8 and 9 octets on IP 50 and UDP 4500
  test-captures/tcp-splits/prefix-splits.pcap   eight RFC 8229 streams whose first segment
                                                ends 1, 2, ... 8 octets into the stream
  test-captures/tcp-splits/coalesced.pcap       the rekey scenario over TCP, with IKE and ESP
                                                in one segment twice
  test-captures/unknown-payload/capture.pcap    an unassigned payload type (127) and payload
                                                chains that end before the payload they name
  test-captures/null-lookalike/capture.pcap     encrypted ESP whose last octets look like a
                                                NULL-encrypted trailer; real NULL ESP
  test-captures/esp-hmac-short-key/capture.pcap the ESP of esp-aescbc-sha256 protected again
                                                with HMAC-SHA-256-96 under 16-octet keys

  tools/make-edge-captures.py [--source-dir DIR]

Standard library only; deterministic (same input, same output).
"""
import argparse
import hashlib
import hmac
import importlib.util
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pcap_io import (ip_checksum, ip_payload, pseudo_header, read_pcap, udp_payload,  # noqa: E402
                     with_ip_payload, with_udp_payload, write_pcap)


def load_frame_tcp(root):
    """tests/lab/frame-tcp.py, the RFC 8229 re-framer of test-captures/tcp-rfc8229."""
    path = os.path.join(root, "tests", "lab", "frame-tcp.py")
    spec = importlib.util.spec_from_file_location("frame_tcp", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def numbered(frames, first=1700000000):
    """Frames with timestamps one second apart, for captures whose timing means nothing."""
    return [((first + i, 0), f) for i, f in enumerate(frames)]


# ---- esp-short ------------------------------------------------------------------------

def esp_short(root, out):
    """ESP packets cut after 7, 8 and 9 octets: shorter than the SPI and sequence number,
    exactly those two fields, and one octet more."""
    header, plain = read_pcap(os.path.join(root, "test-captures/esp-aescbc-sha256/capture.pcap"))
    _, natt = read_pcap(os.path.join(root, "test-captures/psk-aescbc-sha256/capture.pcap"))
    # Frames 5, 7, 9 of one direction of each SA, so that sequence numbers advance.
    frames = [with_ip_payload(f, ip_payload(f)[:n])                 # ESP on IP protocol 50
              for f, n in ((plain[4][1], 8), (plain[6][1], 7), (plain[8][1], 9))]
    frames += [with_udp_payload(f, udp_payload(f)[:n])              # ESP in UDP 4500
               for f, n in ((natt[4][1], 8), (natt[6][1], 9))]
    write_pcap(os.path.join(out, "capture.pcap"), header, numbered(frames))
    return len(frames)


# ---- tcp-splits -----------------------------------------------------------------------

def tcp_prefix_splits(root, out, ft):
    """Eight connections, each: handshake, the client's "IKETCP" prefix and IKE_SA_INIT
    request frame in two segments (the first N octets, then the rest), the response."""
    raw, pkts = ft.read_pcap(os.path.join(root, "test-captures/psk-aescbc-sha256/capture.pcap"))
    msgs = list(ft.udp_messages(pkts))
    request, response = msgs[0], msgs[1]
    client, server = request[3], request[4]
    w = ft.Writer((request[1], request[2]), (client, server))
    first = ft.PREFIX + ft.frame_msg("ike", request[6])
    answer = ft.frame_msg("ike", response[6])
    for n in range(1, 9):
        w.client_port = ft.CLIENT_PORT + n
        digest = hashlib.sha256(raw + bytes([n])).digest()
        seq = [struct.unpack("!I", digest[0:4])[0], struct.unpack("!I", digest[4:8])[0]]
        t = request[0] + n * 1000000
        w.segment(t, 0, seq[0], 0, ft.SYN)
        w.segment(t + 100, 1, seq[1], seq[0] + 1, ft.SYN | ft.ACK)
        seq = [seq[0] + 1, seq[1] + 1]
        w.segment(t + 200, 0, seq[0], seq[1], ft.ACK)
        w.segment(t + 300, 0, seq[0], seq[1], ft.PSH | ft.ACK, first[:n])
        w.segment(t + 400, 0, seq[0] + n, seq[1], ft.PSH | ft.ACK, first[n:])
        seq[0] += len(first)
        w.segment(t + 500, 1, seq[1], seq[0], ft.PSH | ft.ACK, answer)
    w.write(os.path.join(out, "prefix-splits.pcap"))
    return len(w.records)


def tcp_coalesced(root, out, ft):
    """The rekey scenario re-framed as one RFC 8229 connection, one segment per message,
    except: the initiator's INFORMATIONAL request (frame 13 of the source) and its next
    ESP packet (frame 15) share one segment; the responder's INFORMATIONAL response
    (frame 14) is cut in two, its second half sharing a segment with the next ESP packet
    (frame 16)."""
    raw, pkts = ft.read_pcap(os.path.join(root, "test-captures/rekey/capture.pcap"))
    msgs = list(ft.udp_messages(pkts))
    client, server = msgs[0][3], msgs[0][4]
    digest = hashlib.sha256(raw).digest()
    seq = [struct.unpack("!I", digest[0:4])[0], struct.unpack("!I", digest[4:8])[0]]
    plan = []  # [time, side, data]
    for i, (ts, _, _, sip, _, kind, payload) in enumerate(msgs):
        data = ft.frame_msg(kind, payload)
        if i == 0:
            data = ft.PREFIX + data
        plan.append([ts, 0 if sip == client else 1, data])
    # 0-based indices: 12 and 14 are frames 13 and 15 (client), 13 and 15 frames 14 and 16.
    assert [p[1] for p in plan[12:16]] == [0, 1, 0, 1]
    half = len(plan[13][2]) // 2
    merged = [
        [plan[13][0], 1, plan[13][2][:half]],
        [plan[14][0], 0, plan[12][2] + plan[14][2]],
        [plan[15][0], 1, plan[13][2][half:] + plan[15][2]],
    ]
    plan = plan[:12] + merged + plan[16:]
    w = ft.Writer((msgs[0][1], msgs[0][2]), (client, server))
    t0 = plan[0][0] - 1000
    w.segment(t0, 0, seq[0], 0, ft.SYN)
    w.segment(t0 + 100, 1, seq[1], seq[0] + 1, ft.SYN | ft.ACK)
    seq = [seq[0] + 1, seq[1] + 1]
    w.segment(t0 + 200, 0, seq[0], seq[1], ft.ACK)
    for ts, side, data in plan:
        w.segment(ts, side, seq[side], seq[1 - side], ft.PSH | ft.ACK, data)
        seq[side] += len(data)
    w.write(os.path.join(out, "coalesced.pcap"))
    return len(w.records)


# ---- unknown-payload ------------------------------------------------------------------

def last_payload(msg):
    """Offset of the last payload of an IKE message's chain."""
    off, nxt, last = 28, msg[16], None
    while nxt:
        last = off
        nxt = msg[off]
        off += struct.unpack("!H", msg[off + 2:off + 4])[0]
    return last


def with_chain_end(msg, next_type, tail):
    """The message with its last payload's Next Payload set to `next_type`, `tail`
    appended, and the IKE header's length fixed."""
    m = bytearray(msg)
    m[last_payload(msg)] = next_type
    m += tail
    m[24:28] = struct.pack("!I", len(m))
    return bytes(m)


def unknown_payload(root, out):
    """The IKE_SA_INIT request of psk-aescbc-sha256 with its chain extended."""
    header, frames = read_pcap(os.path.join(root, "test-captures/psk-aescbc-sha256/capture.pcap"))
    base = frames[0][1]
    msg = udp_payload(base)
    data = bytes(range(0x10, 0x20))                  # 16 octets of vendor data
    unassigned, idi = 127, 35

    def payload(next_type, critical=False):
        return struct.pack("!BBH", next_type, 0x80 if critical else 0, 4 + len(data)) + data

    messages = [
        # 1. type 127, naming IDi next, ends exactly at the message end (the client capture)
        with_chain_end(msg, unassigned, payload(idi)),
        # 2. type 127 ending the chain properly
        with_chain_end(msg, unassigned, payload(0)),
        # 3. a known payload (the last Notify) naming IDi, the message ending after it
        with_chain_end(msg, idi, b""),
        # 4. the same with two octets after it: a payload header cut short
        with_chain_end(msg, idi, b"\0\0"),
    ]
    write_pcap(os.path.join(out, "capture.pcap"), header,
               numbered([with_udp_payload(base, m) for m in messages]))
    return len(messages)


# ---- null-lookalike -------------------------------------------------------------------

def trailer(esp, icv, pad_length, next_header):
    """Write Pad Length and Next Header as they sit before an ICV of `icv` octets."""
    e = bytearray(esp)
    e[-icv - 2] = pad_length
    e[-icv - 1] = next_header
    return e


def null_esp(spi_seq, payload, next_header, icv):
    """A NULL-encrypted ESP packet (RFC 4303 2): SPI and sequence number, the payload,
    default padding to a multiple of 4 octets with the trailer, the ICV as given."""
    pad = (-(len(payload) + 2)) % 4
    return spi_seq + payload + bytes(range(1, pad + 1)) + bytes([pad, next_header]) + icv


def with_checksum(segment, offset, pseudo):
    """`segment` with the 16-bit checksum at `offset` computed over pseudo + segment."""
    s = bytearray(segment)
    s[offset:offset + 2] = b"\0\0"
    s[offset:offset + 2] = struct.pack("!H", ip_checksum(pseudo + bytes(s)))
    return bytes(s)


def null_lookalike(root, out):
    """Frames 1-5: AES-CBC ESP (esp-aescbc-sha256, frames 5-9) and ESP in UDP over IPv6
    (ipv6, frame 5) with two to four octets changed, so that with a 12-octet ICV the
    trailer reads Pad Length 0 and a next header of ICMP, TCP, UDP, IPv4 or ICMPv6 whose
    header lengths agree, but whose checksums do not. Frames 6-10: NULL ESP that does
    verify: esp-null's frame 5 as captured (tunnel mode, ICMP echo in IPv4), and transport
    mode packets made from it carrying ICMP, UDP and TCP over IPv4 and ICMPv6 over IPv6,
    with checksums over the outer addresses, each with the next sequence number of its SA."""
    header, cbc = read_pcap(os.path.join(root, "test-captures/esp-aescbc-sha256/capture.pcap"))
    _, v6 = read_pcap(os.path.join(root, "test-captures/ipv6/capture.pcap"))
    _, null = read_pcap(os.path.join(root, "test-captures/esp-null/capture.pcap"))
    frames = []
    # Lookalikes: the payload starts at octet 8; with a 12-octet ICV and Pad Length 0 it
    # ends 14 octets before the end.
    for i, nh in enumerate((1, 6, 17, 4)):
        f = cbc[4 + i][1]
        esp = trailer(ip_payload(f), 12, 0, nh)
        plen = len(esp) - 8 - 14
        if nh == 6:
            esp[8 + 12] = 0x50                               # data offset 5 words
        elif nh == 17:
            esp[8 + 4:8 + 6] = struct.pack("!H", plen)       # UDP length = payload
            if esp[8 + 6:8 + 8] == b"\0\0":
                esp[8 + 7] = 1                               # 0 would mean "no checksum"
        elif nh == 4:
            esp[8] = 0x45                                    # version 4, 5-word header
            esp[8 + 2:8 + 4] = struct.pack("!H", plen)       # total length = payload
        frames.append(with_ip_payload(f, bytes(esp)))
    f6 = v6[4][1]
    frames.append(with_udp_payload(f6, bytes(trailer(udp_payload(f6), 12, 0, 58))))
    # Real NULL ESP, and transport-mode packets made from it.
    f = null[4][1]
    esp = ip_payload(f)
    frames.append(f)
    inner = esp[8:esp[8 + 2] * 256 + esp[8 + 3] + 8]         # the tunnelled IPv4 packet
    icmp = inner[(inner[0] & 0x0f) * 4:]
    spi, seq, icv = esp[:4], struct.unpack("!I", esp[4:8])[0], esp[-16:]

    def spi_seq(n):  # the SA's next sequence numbers after frame 6's
        return spi + struct.pack("!I", seq + n)

    frames.append(with_ip_payload(f, null_esp(spi_seq(1), icmp, 1, icv)))
    v4 = pseudo_header(f, 17, 0)[:8]
    udp = struct.pack("!HHHH", 5000, 5001, 8 + 24, 0) + bytes(range(0x40, 0x58))
    udp = with_checksum(udp, 6, v4 + struct.pack("!BBH", 0, 17, len(udp)))
    frames.append(with_ip_payload(f, null_esp(spi_seq(2), udp, 17, icv)))
    tcp = struct.pack("!HHIIBBHHH", 5002, 5003, 1000, 0, 0x50, 0x02, 65535, 0, 0)
    tcp = with_checksum(tcp, 16, v4 + struct.pack("!BBH", 0, 6, len(tcp)))
    frames.append(with_ip_payload(f, null_esp(spi_seq(3), tcp, 6, icv)))
    echo = struct.pack("!BBHHH", 128, 0, 0, 0x0457, 1) + bytes(range(0x20, 0x40))
    echo = with_checksum(echo, 2, pseudo_header(f6, 58, len(echo)))
    f6 = v6[8][1]                       # a later packet of the SA of frame 5
    frames.append(with_udp_payload(f6, null_esp(udp_payload(f6)[:8], echo, 58, icv)))
    write_pcap(os.path.join(out, "capture.pcap"), header, numbered(frames))
    return len(frames)


# ---- esp-hmac-short-key ----------------------------------------------------------------

def hmac_short_keys(root, out):
    """The six ESP packets of esp-aescbc-sha256 (AES-CBC-128, HMAC-SHA2-256-128, plain
    ESP) with their 16-octet ICV replaced by HMAC-SHA-256-96 (12 octets) under a 16-octet
    key per SA: Wireshark's esp_sa takes such a key for "HMAC-SHA-256-96"; the encrypted
    part is the daemons' own. Keys: esp_sa, the same rows with the new integrity."""
    src = os.path.join(root, "test-captures/esp-aescbc-sha256")
    header, frames = read_pcap(os.path.join(src, "capture.pcap"))
    keys = {}
    rows = []
    for line in open(os.path.join(src, "esp_sa")):
        f = [c.strip('"') for c in line.strip().split('","')]
        spi = int(f[3], 16)
        keys[spi] = hashlib.sha256(b"esp-hmac-short-key %08x" % spi).digest()[:16]
        rows.append('"%s","%s","%s","%s","%s","%s","HMAC-SHA-256-96 [draft-ietf-ipsec-ciph-sha-256-00]","0x%s"'
                    % (f[0], f[1], f[2], f[3], f[4], f[5], keys[spi].hex()))
    packets = []
    for ts, frame in frames:
        esp = ip_payload(frame)
        if frame[23] != 50:  # IPv4 protocol field: only the ESP frames
            continue
        spi = struct.unpack(">I", esp[:4])[0]
        body = esp[:-16]
        icv = hmac.new(keys[spi], body, hashlib.sha256).digest()[:12]
        packets.append((ts, with_ip_payload(frame, body + icv)))
    write_pcap(os.path.join(out, "capture.pcap"), header, packets)
    with open(os.path.join(out, "esp_sa"), "w") as f:
        f.write("\n".join(rows) + "\n")
    return len(packets)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--source-dir", default=os.path.dirname(here))
    root = os.path.abspath(ap.parse_args().source_dir)
    ft = load_frame_tcp(root)
    jobs = [
        ("esp-short", lambda out: esp_short(root, out)),
        ("tcp-splits", lambda out: tcp_prefix_splits(root, out, ft) + tcp_coalesced(root, out, ft)),
        ("unknown-payload", lambda out: unknown_payload(root, out)),
        ("null-lookalike", lambda out: null_lookalike(root, out)),
        ("esp-hmac-short-key", lambda out: hmac_short_keys(root, out)),
    ]
    for name, job in jobs:
        out = os.path.join(root, "test-captures", name)
        os.makedirs(out, exist_ok=True)
        print("%s: %d frames" % (name, job(out)))


if __name__ == "__main__":
    main()
