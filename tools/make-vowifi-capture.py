#!/usr/bin/env python3
"""Write test-captures/vowifi: a UE attaching to an ePDG over the SWu interface (3GPP TS
24.302 7.2), the IKEv2 a phone runs for Wi-Fi calling, with the keys that decrypt it.

No ePDG was at hand, so the messages are built here, each payload laid out as RFC 7296
and TS 24.302 say (the 3GPP notifies: 8.2.9), then encrypted with made-up keys
(ENCR_AES_CBC 128, AUTH_HMAC_SHA2_256_128; RFC 7296 3.14). The Diffie-Hellman values,
nonces, AUTH and EAP-AKA vectors are made-up bytes of the right sizes: no peer would accept
them, but every dissector shows them as it would a real exchange.

IKE SA 1, APN "ims" (accepted):
  1-2   IKE_SA_INIT on UDP 500, the UE behind a NAT (its NAT_DETECTION_SOURCE_IP hash is
        of its private address), so the rest moves to UDP 4500 (RFC 7296 2.23)
  3     IKE_AUTH MID 1: IDi (the NAI of the IMSI), IDr "ims", no AUTH (EAP follows),
        CP CFG_REQUEST with P_CSCF_IP4_ADDRESS and P_CSCF_IP6_ADDRESS, SA, TSi, TSr,
        N(DEVICE_IDENTITY) with the IMEI
  4-8   EAP-AKA (RFC 4187): AKA-Identity request and response, AKA-Challenge (RAND, AUTN,
        MAC) and its response (RES, MAC), EAP-Success
  9-10  IKE_AUTH MID 4: AUTH; AUTH, CP CFG_REPLY (the UE's addresses, two IPv4 and one
        IPv6 P-CSCF), SA, TSi, TSr, N(EMERGENCY_CALL_NUMBERS)
IKE SA 2, APN "xcap" (refused):
  11-12 IKE_SA_INIT, then 13 IKE_AUTH MID 1 with N(DEVICE_IDENTITY) holding the IMEISV,
  14    IKE_AUTH response N(NO_APN_SUBSCRIPTION) N(BACKOFF_TIMER) (TS 24.302 7.2.2.2)

  tools/make-vowifi-capture.py [--source-dir DIR]

Writes DIR/test-captures/vowifi/capture.pcap and ikev2_decryption_table (Wireshark's
format, which the plugin reads too). Deterministic: the same bytes on every run.
Needs Python's `cryptography` (AES-CBC).
"""
import argparse
import hashlib
import hmac
import os
import struct
import sys

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "tshark"))
from parity_zoo import bcd, cfg, chain, ip4, ip6, notify, proposal, sa, ts, ts4, ts6  # noqa: E402

UE_PRIVATE = ip4(192, 168, 1, 20)   # behind the NAT
UE = ip4(198, 51, 100, 7)           # the NAT's public address, as the ePDG sees it
EPDG = ip4(203, 0, 113, 1)
NAI = b"0234150999999999@nai.epc.mnc015.mcc234.3gppnetwork.org"
IMEI = "490154203237518"
IMEISV = "3590192315476812"


def det(label, n):
    """n made-up octets, the same on every run."""
    out = b""
    while len(out) < n:
        out += hashlib.sha256(label.encode() + bytes([len(out) & 0xff])).digest()
    return out[:n]


class IkeSa:
    """The SPIs and the made-up SK_e / SK_a keys of one IKE SA (RFC 7296 2.14)."""

    def __init__(self, name):
        self.name = name
        self.spi_i = det(name + "spi_i", 8)
        self.spi_r = det(name + "spi_r", 8)
        self.sk_ei, self.sk_er = det(name + "sk_ei", 16), det(name + "sk_er", 16)
        self.sk_ai, self.sk_ar = det(name + "sk_ai", 32), det(name + "sk_ar", 32)

    def table_row(self):
        """One row of Wireshark's ikev2_decryption_table."""
        return ",".join([self.spi_i.hex(), self.spi_r.hex(), self.sk_ei.hex(), self.sk_er.hex(),
                         '"AES-CBC-128 [RFC3602]"', self.sk_ai.hex(), self.sk_ar.hex(),
                         '"HMAC_SHA2_256_128 [RFC4868]"'])


def header(ike, exchange, flags, mid, first, length, spi_r=None):
    return (ike.spi_i + (ike.spi_r if spi_r is None else spi_r)
            + struct.pack("!BBBBII", first, 0x20, exchange, flags, mid, length))


def clear(ike, exchange, flags, mid, payloads, spi_r=None):
    first, body = chain(payloads)
    return header(ike, exchange, flags, mid, first, 28 + len(body), spi_r) + body


def encrypted(ike, exchange, flags, mid, payloads):
    """RFC 7296 3.14: SK = IV | E(payloads | Padding | Pad Length) | ICV, the ICV
    (HMAC-SHA-256 cut to 128 bits, RFC 4868) over the message up to the ICV."""
    initiator = bool(flags & 0x08)
    sk_e, sk_a = (ike.sk_ei, ike.sk_ai) if initiator else (ike.sk_er, ike.sk_ar)
    first, inner = chain(payloads)
    pad = (16 - (len(inner) + 1) % 16) % 16
    plain = inner + bytes(pad) + bytes([pad])
    iv = det("%s iv %d %d" % (ike.name, mid, flags), 16)
    enc = Cipher(algorithms.AES(sk_e), modes.CBC(iv)).encryptor()
    ct = enc.update(plain) + enc.finalize()
    sk_len = 4 + len(iv) + len(ct) + 16
    msg = header(ike, exchange, flags, mid, 46, 28 + sk_len) + struct.pack("!BBH", first, 0, sk_len) + iv + ct
    return msg + hmac.new(sk_a, msg, hashlib.sha256).digest()[:16]


def nat_hash(ike, spi_r, address, port):
    """RFC 7296 2.23: SHA-1(SPIi | SPIr | IP | port)."""
    return hashlib.sha1(ike.spi_i + spi_r + address + struct.pack("!H", port)).digest()


def eap(code, ident, data=b""):
    return struct.pack("!BBH", code, ident, 4 + len(data)) + data


def aka(subtype, attributes):
    """RFC 4187 8.1: Type 23 (AKA), Subtype, Reserved, attributes."""
    return struct.pack("!BBH", 23, subtype, 0) + b"".join(attributes)


def at(atype, value):
    """RFC 4187 8.1: an attribute, its length in units of 4 octets."""
    assert (2 + len(value)) % 4 == 0
    return struct.pack("!BB", atype, (2 + len(value)) // 4) + value


def ike_sa_init(ike):
    ke = det(ike.name + "ke_i", 256)
    req = clear(ike, 34, 0x08, 0, [
        (33, sa(proposal(1, 1, b"", [(1, 12, 128), (2, 5), (3, 12), (4, 14)], last=True))),
        (34, struct.pack("!HH", 14, 0) + ke),
        (40, det(ike.name + "ni", 32)),
        notify(16388, nat_hash(ike, bytes(8), UE_PRIVATE, 500)),  # the UE's private address
        notify(16389, nat_hash(ike, bytes(8), EPDG, 500)),
    ], spi_r=bytes(8))
    resp = clear(ike, 34, 0x20, 0, [
        (33, sa(proposal(1, 1, b"", [(1, 12, 128), (2, 5), (3, 12), (4, 14)], last=True))),
        (34, struct.pack("!HH", 14, 0) + det(ike.name + "ke_r", 256)),
        (40, det(ike.name + "nr", 32)),
        notify(16388, nat_hash(ike, ike.spi_r, EPDG, 500)),
        notify(16389, nat_hash(ike, ike.spi_r, UE, 500)),
        notify(16404),                                       # MULTIPLE_AUTH_SUPPORTED
    ])
    return [(req, True, 500), (resp, False, 500)]


def cp_request():
    # RFC 7296 3.15.1, RFC 7651: the UE asks for its addresses and the P-CSCFs.
    return (47, cfg(1, [(1, b""), (8, b""), (20, b""), (21, b"")]))


def child_sa(ike, who):
    return (33, sa(proposal(1, 3, det(ike.name + who + "esp spi", 4),
                            [(1, 12, 128), (3, 12), (5, 0)], last=True)))


def traffic_selectors():
    return [(44, ts([ts4(0, 0, 65535, (0, 0, 0, 0), (255, 255, 255, 255)),
                     ts6(0, 0, 65535, ip6("::"), ip6("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"))])),
            (45, ts([ts4(0, 0, 65535, (0, 0, 0, 0), (255, 255, 255, 255)),
                     ts6(0, 0, 65535, ip6("::"), ip6("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"))]))]


def ims(ike):
    """IKE SA 1: the "ims" APN, EAP-AKA, the P-CSCF addresses and the emergency numbers."""
    out = ike_sa_init(ike)
    # TS 24.302 8.2.9.2: DEVICE_IDENTITY: Identity Length 9, Identity Type 1 (IMEI), BCD.
    device_identity = notify(41101, struct.pack("!HB", 9, 1) + bcd(IMEI))
    out.append((encrypted(ike, 35, 0x08, 1, [
        (35, struct.pack("!B3x", 3) + NAI),                     # IDi ID_RFC822_ADDR
        (36, struct.pack("!B3x", 2) + b"ims"),                  # IDr ID_FQDN: the APN
        cp_request(), child_sa(ike, "i"), *traffic_selectors(), device_identity,
    ]), True, 4500))
    # RFC 4187 9.1 / 9.2: AKA-Identity, AT_PERMANENT_ID_REQ (10); AT_IDENTITY (14).
    out.append((encrypted(ike, 35, 0x20, 1, [
        (36, struct.pack("!B3x", 2) + b"epdg.epc.mnc015.mcc234.pub.3gppnetwork.org"),
        (48, eap(1, 1, aka(5, [at(10, bytes(2))]))),
    ]), False, 4500))
    ident = NAI + bytes((-len(NAI)) % 4)
    out.append((encrypted(ike, 35, 0x08, 2, [
        (48, eap(2, 1, aka(5, [at(14, struct.pack("!H", len(NAI)) + ident)]))),
    ]), True, 4500))
    # RFC 4187 9.3 / 9.4: AKA-Challenge: AT_RAND (1), AT_AUTN (2), AT_MAC (11); AT_RES (3)
    # with its length in bits, AT_MAC.
    out.append((encrypted(ike, 35, 0x20, 2, [
        (48, eap(1, 2, aka(1, [at(1, bytes(2) + det("rand", 16)), at(2, bytes(2) + det("autn", 16)),
                               at(11, bytes(2) + det("mac r", 16))]))),
    ]), False, 4500))
    out.append((encrypted(ike, 35, 0x08, 3, [
        (48, eap(2, 2, aka(1, [at(3, struct.pack("!H", 64) + det("res", 8)),
                               at(11, bytes(2) + det("mac i", 16))]))),
    ]), True, 4500))
    out.append((encrypted(ike, 35, 0x20, 3, [(48, eap(3, 2))]), False, 4500))   # EAP-Success
    out.append((encrypted(ike, 35, 0x08, 4, [
        (39, struct.pack("!B3x", 2) + det("auth i", 32)),      # Shared Key MIC from the MSK
    ]), True, 4500))
    # TS 24.302 8.2.9.3: EMERGENCY_CALL_NUMBERS: length of the list, then per number its
    # length, the Emergency Service Category Value (TS 24.008 10.5.4.33) and BCD digits.
    numbers = (b"\x03\x01" + bcd("112") + b"\x03\x1f" + bcd("999")
               + b"\x03\x06" + bcd("911") + b"\x02\x04" + bcd("18"))
    out.append((encrypted(ike, 35, 0x20, 4, [
        (39, struct.pack("!B3x", 2) + det("auth r", 32)),
        (47, cfg(2, [(1, ip4(10, 45, 0, 17)), (8, ip6("2001:db8:45::17") + b"\x40"),
                     (20, ip4(10, 45, 255, 1)), (20, ip4(10, 45, 255, 2)),
                     (21, ip6("2001:db8:45:ff::1"))])),
        child_sa(ike, "r"), *traffic_selectors(),
        notify(41134, bytes([len(numbers)]) + numbers),
    ]), False, 4500))
    return out


def xcap(ike):
    """IKE SA 2: the "xcap" APN, refused with a back-off timer."""
    out = ike_sa_init(ike)
    out.append((encrypted(ike, 35, 0x08, 1, [
        (35, struct.pack("!B3x", 3) + NAI),
        (36, struct.pack("!B3x", 2) + b"xcap"),
        cp_request(), child_sa(ike, "i"), *traffic_selectors(),
        # Identity Type 2: IMEISV, 16 digits.
        notify(41101, struct.pack("!HB", 9, 2) + bcd(IMEISV)),
    ]), True, 4500))
    # TS 24.302 8.2.9.1: BACKOFF_TIMER: length 1, GPRS timer 3 (TS 24.008 10.5.7.4a):
    # unit 010 (10 hours) is 0x40, value 3: 30 hours. 9002: NO_APN_SUBSCRIPTION.
    out.append((encrypted(ike, 35, 0x20, 1, [
        notify(9002), notify(41041, b"\x01\x43"),
    ]), False, 4500))
    return out


def udp_frame(payload, from_ue, port):
    """Ethernet / IPv4 / UDP; on 4500 the Non-ESP Marker comes first (RFC 3948 2.2) and
    the UE's source port is the one its NAT mapped."""
    if port == 4500:
        payload = bytes(4) + payload
    ue_port = 500 if port == 500 else 31744
    src, dst, sport, dport = (UE, EPDG, ue_port, port) if from_ue else (EPDG, UE, port, ue_port)
    udp = struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 0, 0x4000, 64, 17, 0, src, dst)
    s = sum(struct.unpack("!10H", ip))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    ip = ip[:10] + struct.pack("!H", ~s & 0xffff) + ip[12:]
    eth = bytes.fromhex("020000000002" "020000000001" "0800") if from_ue else \
        bytes.fromhex("020000000001" "020000000002" "0800")
    return eth + ip + udp


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source-dir", default=os.path.join(HERE, ".."))
    a = ap.parse_args()
    out_dir = os.path.join(a.source_dir, "test-captures", "vowifi")
    os.makedirs(out_dir, exist_ok=True)
    sa1, sa2 = IkeSa("vowifi ims"), IkeSa("vowifi xcap")
    messages = ims(sa1) + xcap(sa2)
    with open(os.path.join(out_dir, "capture.pcap"), "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
        for n, (msg, from_ue, port) in enumerate(messages):
            frame = udp_frame(msg, from_ue, port)
            f.write(struct.pack("<IIII", 1765000000 + n, 0, len(frame), len(frame)))
            f.write(frame)
    with open(os.path.join(out_dir, "ikev2_decryption_table"), "w") as f:
        f.write(sa1.table_row() + "\n" + sa2.table_row() + "\n")


if __name__ == "__main__":
    main()
