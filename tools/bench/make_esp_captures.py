#!/usr/bin/env python3
"""Write large synthetic ESP captures, their plaintext twins and their keys, for the ESP
decryption benchmark (tools/bench/run.py).

For each variant (algorithm x number of SAs x ESP mode) it writes:
  <variant>.pcap    tunnel mode (RFC 4303 3.1.2; esp-<alg>-<n>sa): Ethernet / outer IPv4 /
                    ESP carrying inner IPv4 / ICMP echo requests and replies;
                    transport mode (3.1.1; esp-<alg>-<n>sa-transport): Ethernet / IPv4 /
                    ESP carrying the ICMP echo messages themselves (next header 1)
  <variant>.esp_sa  the keys as a Wireshark 4.0 `esp_sa` UAT file
and for each SA layout and mode one plaintext twin: plain-<n>sa.pcap, the very same inner
packets as Ethernet / IPv4 / ICMP, and plain-<n>sa-transport.pcap, the same IPv4 packets
as the transport-mode captures with the ICMP message in clear (protocol 1) instead of ESP.
manifest.json describes what was written.

Packet i (0-based) is an echo request when i is even and the matching echo reply when i is
odd; both carry icmp.seq = i // 2 + 1, so a complete dissection prints 1,1,2,2,3,3,...
(50,000 pairs fit the 16-bit sequence number). The ICMP data length varies with i (16
sizes) so that every pad length occurs. Everything is derived from --seed: the same
command writes the same bytes.

Usage: make_esp_captures.py [--out DIR] [--packets N] [--seed S] [--spread MODE]
                            [--algorithms A,..] [--sas N,..] [--esp-modes tunnel,transport]
Needs the `cryptography` module (Debian 12: apt-get install python3-cryptography).
"""
import argparse
import hashlib
import hmac
import json
import os
import random
import struct
import sys
import time

try:
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
except ImportError:  # needed to write captures, not to name them (run.py imports this)
    Cipher = algorithms = modes = AESGCM = None


def need_cryptography():
    if AESGCM is None:
        sys.exit("make_esp_captures.py needs the Python `cryptography` module "
                 "(Debian 12: apt-get install python3-cryptography)")

# Algorithms: the esp_sa names are the strings of Wireshark 4.0's esp_encryption_type_vals
# and esp_authentication_type_vals (epan/dissectors/packet-ipsec.c).
ALGORITHMS = {
    "null": {
        "encr_name": "NULL", "encr_key": 0, "iv": 0, "block": 4,
        "auth_name": "NULL", "auth_key": 0, "icv": 0,
    },
    # RFC 4106: key = 16-octet AES key followed by the 4-octet salt; 8-octet IV; 16-octet
    # ICV; Wireshark wants authentication NULL (the ICV length comes from the name).
    "gcm": {
        "encr_name": "AES-GCM with 16 octet ICV [RFC4106]", "encr_key": 16 + 4, "iv": 8,
        "block": 4, "auth_name": "NULL", "auth_key": 0, "icv": 16,
    },
    # RFC 3602 AES-128-CBC (16-octet IV, 16-octet blocks) + RFC 4868 HMAC-SHA-256-128
    # (32-octet key, ICV = first 16 octets of the HMAC).
    "cbc-sha256": {
        "encr_name": "AES-CBC [RFC3602]", "encr_key": 16, "iv": 16, "block": 16,
        "auth_name": "HMAC-SHA-256-128 [RFC4868]", "auth_key": 32, "icv": 16,
    },
}
SA_COUNTS = (1, 5000)
ESP_MODES = ("tunnel", "transport")
NEXT_HEADER = {"tunnel": 4, "transport": 1}  # RFC 4303 2.6: IPv4 (tunnel), ICMP (transport)

ETH_SRC = bytes.fromhex("020000000001")
ETH_DST = bytes.fromhex("020000000002")
ICMP_DATA_BASE = 1300  # inner IPv4 packet = 20 + 8 + 1300..1315 octets
PATTERN = bytes(range(256)) * 8


def mode_suffix(esp_mode):
    """Tunnel mode keeps the names the captures always had; transport mode adds one."""
    return "" if esp_mode == "tunnel" else "-" + esp_mode


def variant_name(alg, n_sas, esp_mode="tunnel"):
    return "esp-%s-%dsa%s" % (alg, n_sas, mode_suffix(esp_mode))


def plain_name(n_sas, esp_mode="tunnel"):
    return "plain-%dsa%s" % (n_sas, mode_suffix(esp_mode))


def derive(seed, *parts, n):
    """n deterministic octets for (seed, parts): keys and SPIs do not depend on the
    Python version or on the order in which SAs are made."""
    label = "/".join(str(p) for p in (seed,) + parts).encode()
    return hashlib.shake_256(label).digest(n)


def checksum(data):
    """RFC 1071 Internet checksum, returned as the 2 octets to store. Summed in native
    byte order (RFC 1071 2(B): the sum is byte-order independent), which lets
    memoryview.cast do the word split."""
    if len(data) % 2:
        data += b"\0"
    s = sum(memoryview(data).cast("H"))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return struct.pack("=H", ~s & 0xFFFF)


def ipv4(src, dst, proto, ident, payload):
    """RFC 791 header (no options, TTL 64) + payload."""
    hdr = bytearray(struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), ident, 0, 64,
                                proto, 0, src, dst))
    hdr[10:12] = checksum(bytes(hdr))
    return bytes(hdr) + payload


def icmp_echo(reply, ident, seq, data):
    """RFC 792 echo request (type 8) / reply (type 0)."""
    msg = bytearray(struct.pack("!BBHHH", 0 if reply else 8, 0, 0, ident, seq) + data)
    msg[2:4] = checksum(bytes(msg))
    return bytes(msg)


def addr(a, b, host):
    return bytes((a, b, host >> 8 & 0xFF, host & 0xFF))


class Sa:
    """One direction of a tunnel: outer addresses, SPI, keys, next ESP sequence number."""

    def __init__(self, seed, alg, n_sas, index, spi, outer_src, outer_dst):
        p = ALGORITHMS[alg]
        self.setup(alg, spi, outer_src, outer_dst,
                   derive(seed, alg, n_sas, index, "encr", n=p["encr_key"]),
                   derive(seed, alg, n_sas, index, "auth", n=p["auth_key"]),
                   int.from_bytes(derive(seed, alg, n_sas, index, "iv", n=8), "big"))

    @classmethod
    def with_keys(cls, alg, spi, outer_src, outer_dst, encr_key, auth_key, iv_seed):
        """An SA with the given keys (GCM: key | salt), e.g. from an IKE SA's KEYMAT."""
        sa = cls.__new__(cls)
        sa.setup(alg, spi, outer_src, outer_dst, encr_key, auth_key, iv_seed)
        return sa

    def setup(self, alg, spi, outer_src, outer_dst, encr_key, auth_key, iv_seed):
        self.alg = alg
        self.spi = spi
        self.outer_src = outer_src
        self.outer_dst = outer_dst
        self.seq = 0
        self.encr_key = encr_key
        self.auth_key = auth_key
        self.iv_rng = random.Random(iv_seed)
        if alg == "gcm":
            self.aead = AESGCM(self.encr_key[:16])
            self.salt = self.encr_key[16:]
        elif alg == "cbc-sha256":
            self.aes = algorithms.AES(self.encr_key)

    def esp_sa_row(self):
        """One row of Wireshark 4.0's esp_sa UAT: protocol, src, dst, SPI, encryption,
        encryption key, authentication, authentication key (packet-ipsec.c esp_uat_flds)."""
        p = ALGORITHMS[self.alg]

        def key(k):
            return "0x" + k.hex() if k else ""

        fields = ["IPv4", ".".join(map(str, self.outer_src)), ".".join(map(str, self.outer_dst)),
                  "0x%08x" % self.spi, p["encr_name"], key(self.encr_key), p["auth_name"],
                  key(self.auth_key)]
        return ",".join('"%s"' % f for f in fields)

    def protect(self, inner, next_header):
        """RFC 4303: tunnel mode carries the whole inner IPv4 packet (next header 4),
        transport mode the ICMP message of the packet (next header 1)."""
        p = ALGORITHMS[self.alg]
        self.seq += 1
        # RFC 4303 2.4: payload + padding + pad length + next header fills whole cipher
        # blocks and ends on a 4-octet boundary; padding octets are 1, 2, 3, ...
        pad_len = -(len(inner) + 2) % p["block"]
        plaintext = inner + bytes(range(1, pad_len + 1)) + bytes((pad_len, next_header))
        header = struct.pack("!II", self.spi, self.seq)
        if self.alg == "null":
            return header + plaintext
        if self.alg == "gcm":
            # RFC 4106 3.1/4/5: IV = the 64-bit sequence counter, nonce = salt | IV,
            # AAD = SPI | sequence number (32-bit sequence numbers).
            iv = struct.pack("!Q", self.seq)
            sealed = self.aead.encrypt(self.salt + iv, plaintext, header)
            return header + iv + sealed
        # RFC 3602 (random IV) then RFC 4868: ICV = HMAC-SHA-256 over SPI..ciphertext,
        # truncated to 128 bits.
        iv = self.iv_rng.randbytes(16)
        enc = Cipher(self.aes, modes.CBC(iv)).encryptor()
        body = header + iv + enc.update(plaintext) + enc.finalize()
        return body + hmac.new(self.auth_key, body, hashlib.sha256).digest()[:16]


class PcapWriter:
    """Classic libpcap file, Ethernet link type, microsecond time stamps."""

    def __init__(self, path):
        self.f = open(path, "wb", buffering=1 << 20)
        self.f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))

    def write(self, index, frame):
        ts = 1700000000 * 1000000 + index * 20  # 20 us apart
        self.f.write(struct.pack("<IIII", ts // 1000000, ts % 1000000, len(frame), len(frame)))
        self.f.write(frame)

    def close(self):
        self.f.close()


def eth(ethertype_payload):
    return ETH_DST + ETH_SRC + b"\x08\x00" + ethertype_payload


def layout(n_sas):
    """Tunnels and which SA carries which direction. With one SA everything (requests and
    replies) travels through it; with n > 1 SAs there are n/2 tunnels, SA 2t carries
    tunnel t's requests (gateway A -> B) and SA 2t+1 its replies (B -> A). In transport
    mode a "tunnel" is a pair of hosts with the gateways' addresses."""
    if n_sas == 1:
        return 1, lambda t, reply: 0
    if n_sas % 2:
        raise ValueError("the number of SAs must be 1 or even")
    return n_sas // 2, lambda t, reply: 2 * t + (1 if reply else 0)


def gateways(n_sas, t, reply):
    """(source, destination) of the ESP packets of tunnel t in one direction (RFC 2544
    test range). With one SA, replies travel A -> B as well: they use the one SA."""
    gw_a, gw_b = addr(198, 18, t + 1), addr(198, 19, t + 1)
    return (gw_b, gw_a) if (n_sas > 1 and reply) else (gw_a, gw_b)


def make_sas(seed, alg, n_sas):
    tunnels, _ = layout(n_sas)
    spis = set()
    sas = []
    for i in range(n_sas):
        t = i // 2 if n_sas > 1 else 0
        src, dst = gateways(n_sas, t, n_sas > 1 and i % 2)
        k = 0
        while True:  # distinct SPIs >= 256 (RFC 4303 2.1 reserves 1..255)
            spi = int.from_bytes(derive(seed, alg, n_sas, i, "spi", k, n=4), "big")
            if spi >= 256 and spi not in spis:
                break
            k += 1
        spis.add(spi)
        sas.append(Sa(seed, alg, n_sas, i, spi, src, dst))
    return sas


def tunnel_of(pair, tunnels, spread):
    """Which tunnel carries echo pair `pair`: round robin over the tunnels, or bursts of
    `spread` consecutive pairs per tunnel."""
    if spread == 0:
        return pair % tunnels
    return (pair // spread) % tunnels


def echo_messages(n_sas, packets, spread):
    """(tunnel, is_reply, ICMP echo message) for every packet; the same for every
    algorithm and both modes."""
    tunnels, _ = layout(n_sas)
    for i in range(packets):
        pair, reply = divmod(i, 2)
        t = tunnel_of(pair, tunnels, spread)
        seq = pair + 1
        n = ICMP_DATA_BASE + i % 16
        data = PATTERN[pair % 256:pair % 256 + n]
        yield t, reply, icmp_echo(reply, t & 0xFFFF, seq & 0xFFFF, data)


def payloads(n_sas, packets, spread, esp_mode):
    """(tunnel, is_reply, what ESP protects) for every packet. Tunnel mode: the inner IPv4
    packet between hosts 10.1.x.y and 10.2.x.y (its IPv4 ID the packet number).
    Transport mode: the ICMP message alone; the gateways' addresses are the hosts'."""
    for i, (t, reply, icmp) in enumerate(echo_messages(n_sas, packets, spread)):
        if esp_mode == "transport":
            yield t, reply, icmp
            continue
        host_a, host_b = addr(10, 1, t + 1), addr(10, 2, t + 1)
        src, dst = (host_b, host_a) if reply else (host_a, host_b)
        yield t, reply, ipv4(src, dst, 1, i & 0xFFFF, icmp)


def write_variant(out, seed, alg, n_sas, packets, spread, esp_mode="tunnel"):
    """Writes the capture and its esp_sa file; returns (name, ESP octets in the capture:
    SPI to ICV, summed over the packets)."""
    name = variant_name(alg, n_sas, esp_mode)
    sas = make_sas(seed, alg, n_sas)
    _, sa_of = layout(n_sas)
    with open(os.path.join(out, name + ".esp_sa"), "w") as f:
        f.write("# Wireshark 4.0 esp_sa UAT written by tools/bench/make_esp_captures.py "
                "(seed %s)\n" % seed)
        for sa in sas:
            f.write(sa.esp_sa_row() + "\n")
    w = PcapWriter(os.path.join(out, name + ".pcap"))
    ident = 0
    esp_octets = 0
    next_header = NEXT_HEADER[esp_mode]
    for i, (t, reply, inner) in enumerate(payloads(n_sas, packets, spread, esp_mode)):
        sa = sas[sa_of(t, reply)]
        esp = sa.protect(inner, next_header)
        esp_octets += len(esp)
        w.write(i, eth(ipv4(sa.outer_src, sa.outer_dst, 50, ident, esp)))
        ident = (ident + 1) & 0xFFFF
    w.close()
    return name, esp_octets


def write_plain(out, n_sas, packets, spread, esp_mode="tunnel"):
    """The plaintext twin: tunnel mode, the inner packets as they are; transport mode, the
    packets of the ESP capture with the ICMP message in place of ESP (the same addresses
    and IPv4 IDs, protocol 1)."""
    name = plain_name(n_sas, esp_mode)
    w = PcapWriter(os.path.join(out, name + ".pcap"))
    for i, (t, reply, inner) in enumerate(payloads(n_sas, packets, spread, esp_mode)):
        if esp_mode == "transport":
            src, dst = gateways(n_sas, t, reply)
            inner = ipv4(src, dst, 1, i & 0xFFFF, inner)
        w.write(i, eth(inner))
    w.close()
    return name


def parse_spread(text):
    if text == "roundrobin":
        return 0
    if text.startswith("burst:") and text[6:].isdigit() and int(text[6:]) > 0:
        return int(text[6:])
    raise argparse.ArgumentTypeError("roundrobin or burst:N (N echo pairs per tunnel)")


def main():
    need_cryptography()
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default="build-bench", help="output folder (default build-bench)")
    ap.add_argument("--packets", type=int, default=100000,
                    help="packets per capture, even, at most 131070 (default 100000)")
    ap.add_argument("--seed", default="1", help="seed of keys, SPIs and IVs (default 1)")
    ap.add_argument("--spread", type=parse_spread, default=0,
                    help="how echo pairs go over the tunnels: roundrobin (default) or "
                         "burst:N")
    ap.add_argument("--algorithms", default=",".join(ALGORITHMS),
                    help="comma-separated subset of " + ",".join(ALGORITHMS))
    ap.add_argument("--sas", default=",".join(map(str, SA_COUNTS)),
                    help="comma-separated SA counts, 1 or even (default 1,5000)")
    ap.add_argument("--esp-modes", default=",".join(ESP_MODES),
                    help="comma-separated ESP modes: tunnel, transport (default both)")
    args = ap.parse_args()
    if args.packets <= 0 or args.packets % 2 or args.packets // 2 > 65535:
        ap.error("--packets must be even, positive, and at most 131070 (16-bit icmp.seq)")
    algs = args.algorithms.split(",")
    for a in algs:
        if a not in ALGORITHMS:
            ap.error("unknown algorithm %s" % a)
    esp_modes = args.esp_modes.split(",")
    for m in esp_modes:
        if m not in ESP_MODES:
            ap.error("unknown ESP mode %s" % m)
    sa_counts = [int(x) for x in args.sas.split(",")]
    for n in sa_counts:
        if n < 1 or (n > 1 and n % 2):
            ap.error("an SA count must be 1 or even")
    os.makedirs(args.out, exist_ok=True)
    manifest = {"packets": args.packets, "seed": args.seed,
                "spread": "roundrobin" if args.spread == 0 else "burst:%d" % args.spread,
                "expected_seq": "i // 2 + 1 for packet i", "variants": []}
    for esp_mode in esp_modes:
        for n_sas in sa_counts:
            t0 = time.time()
            plain = write_plain(args.out, n_sas, args.packets, args.spread, esp_mode)
            print("wrote %s.pcap (%.1f s)" % (plain, time.time() - t0), flush=True)
            for alg in algs:
                t0 = time.time()
                name, esp_octets = write_variant(args.out, args.seed, alg, n_sas, args.packets,
                                                 args.spread, esp_mode)
                print("wrote %s.pcap and %s.esp_sa (%.1f s)" % (name, name, time.time() - t0),
                      flush=True)
                manifest["variants"].append({
                    "name": name, "algorithm": alg, "sas": n_sas, "esp_mode": esp_mode,
                    "capture": name + ".pcap", "esp_sa": name + ".esp_sa",
                    "plaintext": plain + ".pcap", "esp_octets": esp_octets})
    with open(os.path.join(args.out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
