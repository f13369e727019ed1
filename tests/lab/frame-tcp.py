#!/usr/bin/env python3
"""frame-tcp.py - re-frame a lab capture's IKE and ESP-in-UDP messages as an
RFC 8229 TCP stream (TCP Encapsulation of IKE and IPsec Packets).

Usage: tests/lab/frame-tcp.py [--in test-captures/psk-aescbc-sha256]
                              [--out test-captures/tcp-rfc8229]

What it writes (RFC 8229 section 3):
  * one TCP connection from the IKE initiator (the sender of the first
    IKE_SA_INIT request) to the responder's port 4500;
  * the initiator's byte stream starts with the 6-byte prefix "IKETCP";
  * every IKE message:  Length (16 bits, counts itself) | 0x00000000 | IKE
    (the 4-byte non-ESP marker, as for UDP 4500);
  * every ESP packet:   Length (16 bits, counts itself) | ESP packet;
  * NAT-T keepalives (one 0xFF byte) are dropped: RFC 8229 section 3 forbids
    them on TCP.
TCP: a three-way handshake, correct sequence/acknowledgement numbers, IPv4
and TCP checksums, a FIN exchange at the end. To exercise stream reassembly,
one IKE message (the initiator's IKE_AUTH request) is split over two TCP
segments, and two consecutive frames of the initiator (its last ESP packet and
the INFORMATIONAL request after it) share one segment.

Reproducible: no randomness. Initial sequence numbers come from a SHA-256 of
the input pcap, timestamps from the input packets (handshake 1 ms before the
first message), the client port is fixed (45000).
Python 3 standard library only (and tools/pcap_io.py).
"""
import argparse
import hashlib
import os
import shutil
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'tools'))
from pcap_io import ip_checksum  # noqa: E402

CLIENT_PORT = 45000
SERVER_PORT = 4500   # RFC 8229 section 4: TCP port 4500 by default
PREFIX = b'IKETCP'   # RFC 8229 section 3.1


# --- pcap in ---------------------------------------------------------------------

def read_pcap(path):
    with open(path, 'rb') as f:
        data = f.read()
    magic = struct.unpack('<I', data[:4])[0]
    if magic == 0xa1b2c3d4:
        endian, nsec = '<', False
    elif magic == 0xd4c3b2a1:
        endian, nsec = '>', False
    elif magic == 0xa1b23c4d:
        endian, nsec = '<', True
    else:
        raise SystemExit('%s: not a classic pcap file' % path)
    linktype = struct.unpack(endian + 'I', data[20:24])[0]
    if linktype != 1:
        raise SystemExit('%s: link type %d, expected Ethernet (1)' % (path, linktype))
    off, pkts = 24, []
    while off + 16 <= len(data):
        sec, frac, incl, _ = struct.unpack(endian + 'IIII', data[off:off + 16])
        usec = frac // 1000 if nsec else frac
        pkts.append((sec * 1000000 + usec, data[off + 16:off + 16 + incl]))
        off += 16 + incl
    return data, pkts


def udp_messages(pkts):
    """Yield (time_us, src_mac, dst_mac, src_ip, dst_ip, kind, payload) for IKE
    and ESP-in-UDP over IPv4; kind is 'ike' or 'esp' (keepalives skipped)."""
    for ts, frame in pkts:
        if len(frame) < 14 + 20 + 8 or frame[12:14] != b'\x08\x00':
            continue
        ip = frame[14:]
        ihl = (ip[0] & 0x0f) * 4
        if ip[9] != 17:
            continue
        total = struct.unpack('!H', ip[2:4])[0]
        udp = ip[ihl:total]
        sport, dport, ulen = struct.unpack('!HHH', udp[:6])
        payload = udp[8:ulen]
        if 500 in (sport, dport) and sport != 4500 and dport != 4500:
            kind = 'ike'                       # UDP 500: bare IKE message
        elif len(payload) == 1 and payload[0] == 0xff:
            continue                           # NAT-T keepalive (RFC 3948 2.3)
        elif payload[:4] == b'\x00\x00\x00\x00':
            kind, payload = 'ike', payload[4:]  # non-ESP marker (RFC 3948 2.2)
        else:
            kind = 'esp'
        yield ts, frame[6:12], frame[0:6], ip[12:16], ip[16:20], kind, payload


# --- pcap out --------------------------------------------------------------------

FIN, SYN, PSH, ACK = 0x01, 0x02, 0x08, 0x10


class Writer:
    def __init__(self, macs, ips, client_port=CLIENT_PORT):
        self.macs, self.ips = macs, ips      # index 0 = client, 1 = server
        self.client_port = client_port
        self.records = []
        self.ipid = [0x4c00, 0x4d00]

    def segment(self, ts, side, seq, ack, flags, payload=b''):
        src, dst = self.ips[side], self.ips[1 - side]
        sport, dport = (self.client_port, SERVER_PORT) if side == 0 else (SERVER_PORT, self.client_port)
        tcp = struct.pack('!HHIIBBHHH', sport, dport, seq & 0xffffffff, ack & 0xffffffff,
                          5 << 4, flags, 65535, 0, 0) + payload
        pseudo = src + dst + struct.pack('!BBH', 0, 6, len(tcp))
        tcp = tcp[:16] + struct.pack('!H', ip_checksum(pseudo + tcp)) + tcp[18:]
        self.ipid[side] += 1
        iph = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(tcp), self.ipid[side] & 0xffff,
                          0x4000, 64, 6, 0, src, dst)
        iph = iph[:10] + struct.pack('!H', ip_checksum(iph)) + iph[12:]
        eth = self.macs[1 - side] + self.macs[side] + b'\x08\x00'
        self.records.append((ts, eth + iph + tcp))

    def write(self, path):
        with open(path, 'wb') as f:
            f.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 262144, 1))
            last = 0
            for ts, frame in self.records:
                ts = max(ts, last + 1)         # strictly increasing timestamps
                last = ts
                f.write(struct.pack('<IIII', ts // 1000000, ts % 1000000, len(frame), len(frame)))
                f.write(frame)


def frame_msg(kind, payload):
    if kind == 'ike':
        body = b'\x00\x00\x00\x00' + payload   # non-ESP marker before IKE
    else:
        body = payload
    return struct.pack('!H', 2 + len(body)) + body


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(os.path.dirname(here))
    ap.add_argument('--in', dest='src', default=os.path.join(root, 'test-captures', 'psk-aescbc-sha256'))
    ap.add_argument('--out', default=os.path.join(root, 'test-captures', 'tcp-rfc8229'))
    args = ap.parse_args()

    raw, pkts = read_pcap(os.path.join(args.src, 'capture.pcap'))
    msgs = list(udp_messages(pkts))
    if not msgs or msgs[0][5] != 'ike':
        raise SystemExit('first message is not IKE')
    client_ip, server_ip = msgs[0][3], msgs[0][4]
    macs = (msgs[0][1], msgs[0][2])
    digest = hashlib.sha256(raw).digest()
    isn = [struct.unpack('!I', digest[0:4])[0], struct.unpack('!I', digest[4:8])[0]]

    # plan the segments: list of (time, side, payload, description)
    plan = []
    first_client = True
    for idx, (ts, _, _, sip, dip, kind, payload) in enumerate(msgs):
        side = 0 if sip == client_ip else 1
        data = frame_msg(kind, payload)
        desc = '%s %d bytes (input message %d)' % (kind.upper(), len(payload), idx + 1)
        if side == 0 and first_client:
            data = PREFIX + data
            desc = '"IKETCP" prefix + ' + desc
            first_client = False
        plan.append([ts, side, data, [desc], kind, payload])

    # split: the client's second IKE message (IKE_AUTH request) over two segments
    client_ike = [i for i, p in enumerate(plan) if p[1] == 0 and p[4] == 'ike']
    if len(client_ike) >= 2:
        i = client_ike[1]
        ts, side, data, desc, kind, payload = plan[i]
        cut = len(data) // 2
        plan[i] = [ts, side, data[:cut], [desc[0] + ', first %d bytes of the frame' % cut], kind, payload]
        plan.insert(i + 1, [ts + 200, side, data[cut:],
                            ['rest of the same frame (%d bytes)' % (len(data) - cut)], kind, payload])
    # coalesce: the client's last ESP frame and the IKE frame that follows it
    client_idx = [i for i, p in enumerate(plan) if p[1] == 0]
    for a, b in zip(client_idx, client_idx[1:]):
        if plan[a][4] == 'esp' and plan[b][4] == 'ike' and b == client_idx[-1]:
            merged = [plan[b][0], 0, plan[a][2] + plan[b][2], plan[a][3] + plan[b][3], 'both', None]
            # the server frames between them move after the merged segment
            between = plan[a + 1:b]
            plan = plan[:a] + [merged] + between + plan[b + 1:]
            break

    w = Writer(macs, (client_ip, server_ip))
    t0 = plan[0][0] - 1000
    seq = [isn[0], isn[1]]
    w.segment(t0, 0, seq[0], 0, SYN)
    w.segment(t0 + 100, 1, seq[1], seq[0] + 1, SYN | ACK)
    seq = [seq[0] + 1, seq[1] + 1]
    w.segment(t0 + 200, 0, seq[0], seq[1], ACK)
    notes = ['1 client SYN', '2 server SYN-ACK', '3 client ACK']
    for ts, side, data, desc, _, _ in plan:
        w.segment(ts, side, seq[side], seq[1 - side], PSH | ACK, data)
        seq[side] += len(data)
        notes.append('%d %s, TCP payload %d bytes: %s' % (
            len(w.records), 'client' if side == 0 else 'server', len(data), '; '.join(desc)))
    tl = plan[-1][0] + 1000
    w.segment(tl, 0, seq[0], seq[1], FIN | ACK)
    seq[0] += 1
    w.segment(tl + 100, 1, seq[1], seq[0], FIN | ACK)
    seq[1] += 1
    w.segment(tl + 200, 0, seq[0], seq[1], ACK)
    notes += ['%d client FIN' % (len(w.records) - 2), '%d server FIN' % (len(w.records) - 1),
              '%d client ACK' % len(w.records)]

    os.makedirs(args.out, exist_ok=True)
    w.write(os.path.join(args.out, 'capture.pcap'))
    for name in ('ikev2_decryption_table', 'esp_sa', 'keys.txt'):
        p = os.path.join(args.src, name)
        if os.path.exists(p):
            shutil.copy(p, os.path.join(args.out, name))
    if os.path.isdir(os.path.join(args.src, 'keys')):
        shutil.rmtree(os.path.join(args.out, 'keys'), ignore_errors=True)
        shutil.copytree(os.path.join(args.src, 'keys'), os.path.join(args.out, 'keys'))
    ip = lambda b: '.'.join(str(x) for x in b)
    with open(os.path.join(args.out, 'facts.md'), 'w') as f:
        f.write('# tcp-rfc8229: expected facts\n\n')
        f.write('Synthetic RFC 8229 TCP stream made by tests/lab/frame-tcp.py from the real '
                'messages of test-captures/%s (same IKE and ESP bytes, same keys: '
                'ikev2_decryption_table, esp_sa, keys.txt and keys/ are copies).\n\n'
                % os.path.basename(os.path.normpath(args.src)))
        f.write('- TCP connection %s:%d -> %s:%d, client ISN %u, server ISN %u\n'
                % (ip(client_ip), CLIENT_PORT, ip(server_ip), SERVER_PORT, isn[0], isn[1]))
        f.write('- client stream starts with "IKETCP" (49 4b 45 54 43 50)\n')
        f.write('- IKE frames: 16-bit length (includes itself) + 00 00 00 00 + IKE message; '
                'ESP frames: 16-bit length + ESP packet\n')
        f.write('- %d IKE messages and %d ESP packets from the input, NAT-T keepalives dropped\n\n'
                % (sum(1 for m in msgs if m[5] == 'ike'), sum(1 for m in msgs if m[5] == 'esp')))
        f.write('## Frames\n\n')
        for n in notes:
            f.write('- %s\n' % n)
    print('wrote %s (%d frames)' % (os.path.join(args.out, 'capture.pcap'), len(w.records)))


if __name__ == '__main__':
    main()
