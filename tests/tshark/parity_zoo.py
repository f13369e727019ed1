"""A generated capture for the parity check (tools/parity.py): plaintext IKEv2 messages
holding payloads, notify types and configuration attributes that the lab captures in
test-captures/ do not (3GPP notifies, REDIRECT, ROHC, tickets, HA sync, IPComp, Hash and
URL certificates, DER and key-ID identities, IPv6 selectors, a full CFG_REPLY, ...), so
that every field Wireshark's isakmp dissector has for them is compared with the plugin.

The messages are not encrypted (an IKE_AUTH in clear text is not what a peer sends, but
both dissectors show the payloads of any message the same way), so no keys are needed.
Each payload is laid out as the RFC or 3GPP TS named beside it says. Standard library
only; the same bytes on every run.

  python3 tests/tshark/parity_zoo.py OUT.pcap      writes the capture
"""
import struct
import sys

SPI_I = bytes.fromhex("a1b2c3d4e5f60718")
SPI_R = bytes.fromhex("1928374655647382")


def fill(n, seed):
    """n octets that are not all alike, the same on every run."""
    return bytes((seed * 31 + i * 7) & 0xff for i in range(n))


# RFC 7296 3.2: generic payload header; 3.1: IKE header.
def chain(payloads):
    """[(type, body), ...] -> (first payload type, bytes), each header naming the next."""
    out = b""
    for i, (ptype, body) in enumerate(payloads):
        nxt = payloads[i + 1][0] if i + 1 < len(payloads) else 0
        out += struct.pack("!BBH", nxt, 0, 4 + len(body)) + body
    return (payloads[0][0] if payloads else 0), out


def message(exchange, flags, mid, payloads, spi_r=SPI_R):
    first, body = chain(payloads)
    return SPI_I + spi_r + struct.pack("!BBBBII", first, 0x20, exchange, flags, mid,
                                       28 + len(body)) + body


# RFC 7296 3.3: SA, proposals, transforms, attributes.
def transform(ttype, tid, key_length=None, last=False):
    attrs = struct.pack("!HH", 0x800e, key_length) if key_length else b""
    return struct.pack("!BBHBBH", 0 if last else 3, 0, 8 + len(attrs), ttype, 0, tid) + attrs


def proposal(number, protocol, spi, transforms, last=False):
    body = b"".join(transform(*t[:3], last=(i == len(transforms) - 1))
                    for i, t in enumerate(transforms))
    return struct.pack("!BBHBBBB", 0 if last else 2, 0, 8 + len(spi) + len(body), number,
                       protocol, len(spi), len(transforms)) + spi + body


def sa(*proposals):
    return b"".join(proposals)


# RFC 7296 3.10: Notify.
def notify(ntype, data=b"", protocol=0, spi=b""):
    return (41, struct.pack("!BBH", protocol, len(spi), ntype) + spi + data)


# RFC 7296 3.13.1: traffic selectors.
def ts(selectors):
    return struct.pack("!B3x", len(selectors)) + b"".join(selectors)


def ts4(proto, sport, eport, start, end):
    return struct.pack("!BBHHH", 7, proto, 16, sport, eport) + bytes(start) + bytes(end)


def ts6(proto, sport, eport, start, end):
    return struct.pack("!BBHHH", 8, proto, 40, sport, eport) + start + end


# RFC 7296 3.15.1: configuration attributes.
def cfg(cfg_type, attrs):
    return struct.pack("!B3x", cfg_type) + b"".join(
        struct.pack("!HH", t, len(v)) + v for t, v in attrs)


def ip4(*octets):
    return bytes(octets)


def ip6(text):
    head, _, tail = text.partition("::")
    h = [int(x, 16) for x in head.split(":") if x]
    t = [int(x, 16) for x in tail.split(":") if x]
    words = h + [0] * (8 - len(h) - len(t)) + t
    return struct.pack("!8H", *words)


def bcd(digits):
    """TS 24.008 10.5.1.4 style: two digits an octet, low nibble first, F filler."""
    if len(digits) % 2:
        digits += "f"
    return bytes(int(digits[i + 1], 16) << 4 | int(digits[i], 16)
                 for i in range(0, len(digits), 2))


DER_NAME = bytes.fromhex("300f310d300b06035504030c046d6f6f6e")   # CN=moon
SHA256_RSA = bytes.fromhex("300d06092a864886f70d01010b0500")


def messages():
    ke19 = fill(64, 1)
    sa_init_req = message(34, 0x08, 0, [
        (33, sa(proposal(1, 1, b"", [(1, 12, 256), (2, 5), (3, 12), (4, 19), (4, 31)]),
                proposal(2, 1, b"", [(1, 20, 128), (2, 7), (4, 21)], last=True))),
        (34, struct.pack("!HH", 19, 0) + ke19),
        (40, fill(32, 2)),
        notify(16388, fill(20, 3)),                          # NAT_DETECTION_SOURCE_IP
        notify(16389, fill(20, 4)),                          # NAT_DETECTION_DESTINATION_IP
        notify(16431, struct.pack("!5H", 1, 2, 3, 4, 5)),    # SIGNATURE_HASH_ALGORITHMS
        notify(16406),                                       # REDIRECT_SUPPORTED
        notify(16430),                                       # IKEV2_FRAGMENTATION_SUPPORTED
        notify(16424, struct.pack("!3H", 1, 2, 3)),          # SECURE_PASSWORD_METHODS
        notify(16435),                                       # USE_PPK
        notify(16438),                                       # INTERMEDIATE_EXCHANGE_SUPPORTED
        notify(16418),                                       # CHILDLESS_IKEV2_SUPPORTED
        (43, bytes.fromhex("882fe56d6fd20dbc2251613b2ebe5beb")),            # strongSwan
        (43, bytes.fromhex("12f5f28c457168a9702d9fe274cc0100")),            # Cisco Unity 1.0
        (43, bytes.fromhex("1e2b516905991c7d7c96fcbfb587e46100000009")),    # MS NT5 v9
        (43, fill(20, 5)),                                                  # unknown
    ], spi_r=bytes(8))
    sa_init_resp = message(34, 0x20, 0, [
        notify(17, struct.pack("!H", 19)),                   # INVALID_KE_PAYLOAD
        notify(16390, fill(16, 6)),                          # COOKIE
        # RFC 5685 8.1: REDIRECT, gateway identity type, length, identity, nonce.
        notify(16407, struct.pack("!BB", 1, 4) + ip4(192, 0, 2, 99) + fill(16, 7)),
        notify(16407, struct.pack("!BB", 2, 16) + ip6("2001:db8::99")),
        notify(16407, struct.pack("!BB", 3, 14) + b"gw.example.net"),
        notify(16404),                                       # MULTIPLE_AUTH_SUPPORTED
        (38, b"\x04" + fill(40, 8)),                         # CERTREQ, X.509 signature
        notify(16392),                                       # HTTP_CERT_LOOKUP_SUPPORTED
    ])
    ike_auth_req = message(35, 0x08, 1, [
        (35, struct.pack("!B3x", 1) + ip4(192, 0, 2, 10)),   # IDi ID_IPV4_ADDR
        (36, struct.pack("!B3x", 5) + ip6("2001:db8::1")),   # IDr ID_IPV6_ADDR
        (37, b"\x0c" + fill(20, 9) + b"http://ca.example.net/carol.der"),  # Hash and URL
        (38, b"\x04" + fill(20, 10)),
        (39, struct.pack("!B3x", 1) + fill(64, 11)),         # AUTH RSA signature
        notify(16384),                                       # INITIAL_CONTACT
        notify(16387, struct.pack("!HB", 0x1234, 2)),        # IPCOMP_SUPPORTED, DEFLATE
        # RFC 5857 3.1: ROHC_SUPPORTED attributes (MAX_CID, PROFILE, INTEG, ICV_LEN, MRRU).
        notify(16416, struct.pack("!10H", 0x8001, 15, 0x8002, 1, 0x8003, 12, 0x8004, 4,
                                  0x8005, 0)),
        # TS 24.302 8.2.9.2: DEVICE_IDENTITY: length, identity type (1 IMEI), BCD value.
        notify(41101, struct.pack("!HB", 9, 1) + bcd("490154203237518")),
        notify(16391),                                       # USE_TRANSPORT_MODE
        notify(16394),                                       # ESP_TFC_PADDING_NOT_SUPPORTED
        notify(16395),                                       # NON_FIRST_FRAGMENTS_ALSO
        notify(16396),                                       # MOBIKE_SUPPORTED
        notify(16397, ip4(192, 0, 2, 11)),                   # ADDITIONAL_IP4_ADDRESS
        notify(16398, ip6("2001:db8::11")),                  # ADDITIONAL_IP6_ADDRESS
        notify(16436, b"\x01" + b"ppk-id-1"),                # PPK_IDENTITY
        notify(16419, fill(32, 12)),                         # QUICK_CRASH_DETECTION
        notify(16410),                                       # TICKET_REQUEST
        (47, cfg(1, [(1, b""), (3, b""), (8, b""), (10, b""), (20, b""), (21, b""),
                     (14, b""), (7, b"parity-zoo 1.0"), (24, b"")])),
        (33, sa(proposal(1, 3, fill(4, 13), [(1, 12, 128), (3, 12), (5, 0), (5, 1)]),
                proposal(2, 2, fill(4, 14), [(3, 12), (5, 0)], last=True))),
        (44, ts([ts6(6, 80, 80, ip6("2001:db8:a::"), ip6("2001:db8:a::ffff"))])),
        (45, ts([ts4(17, 0, 65535, (10, 1, 0, 0), (10, 1, 0, 255)),
                 ts4(1, 0, 65535, (10, 2, 0, 0), (10, 2, 255, 255))])),
    ])
    ike_auth_resp = message(35, 0x20, 1, [
        (36, struct.pack("!B3x", 9) + DER_NAME),             # IDr ID_DER_ASN1_DN
        # RFC 7427 3: AUTH Digital Signature: ASN.1 length, AlgorithmIdentifier, signature.
        (39, struct.pack("!B3xB", 14, len(SHA256_RSA)) + SHA256_RSA + fill(32, 15)),
        (47, cfg(2, [(1, ip4(10, 0, 0, 5)), (2, ip4(255, 255, 255, 0)),
                     (3, ip4(192, 0, 2, 53)), (3, ip4(192, 0, 2, 54)), (4, ip4(10, 0, 0, 1)),
                     (5, struct.pack("!I", 3600)), (6, ip4(10, 0, 0, 2)),
                     (7, b"moon 5.9.8"), (8, ip6("2001:db8::5") + b"\x40"),
                     (10, ip6("2001:db8::53")), (13, ip4(10, 1, 0, 0) + ip4(255, 255, 0, 0)),
                     (14, struct.pack("!3H", 1, 3, 8)), (15, ip6("2001:db8:1::") + b"\x30"),
                     (20, ip4(10, 0, 0, 9)), (21, ip6("2001:db8::9")),
                     (25, b"example.net")])),
        # TS 24.302 8.2.9.1: BACKOFF_TIMER: length 1, GPRS timer 3 (TS 24.008 10.5.7.4a).
        notify(41041, b"\x01\x21"),
        # TS 24.302 8.2.9.3: EMERGENCY_CALL_NUMBERS: length of the list, then per number
        # its length, the emergency service category bits and BCD digits.
        notify(41134, b"\x08" + b"\x03\x01" + bcd("112") + b"\x03\x06" + bcd("911")),
        notify(16403, struct.pack("!I", 3600)),              # AUTH_LIFETIME
        notify(16409, struct.pack("!I", 86400) + fill(16, 16)),  # TICKET_LT_OPAQUE
        notify(16413, fill(16, 17)),                         # TICKET_OPAQUE
        notify(16408, struct.pack("!BB", 1, 4) + ip4(192, 0, 2, 98)),  # REDIRECTED_FROM
        notify(16408, struct.pack("!BB", 2, 16) + ip6("2001:db8::98")),
        notify(16405),                                       # ANOTHER_AUTH_FOLLOWS
        (33, sa(proposal(1, 3, fill(4, 18), [(1, 12, 128), (3, 12), (5, 0)], last=True))),
        (44, ts([ts6(6, 80, 80, ip6("2001:db8:a::"), ip6("2001:db8:a::ffff"))])),
        (45, ts([ts4(17, 0, 65535, (10, 1, 0, 0), (10, 1, 0, 255))])),
    ])
    eap_req = message(35, 0x08, 2, [
        (35, struct.pack("!B3x", 11) + fill(12, 19)),        # IDi ID_KEY_ID
        (48, bytes.fromhex("0201000a01") + b"carol"),        # EAP Response/Identity
        (49, fill(24, 20)),                                  # GSPM (RFC 6467)
    ])
    informational = message(37, 0x08, 3, [
        (42, struct.pack("!BBH", 3, 4, 2) + fill(4, 21) + fill(4, 22)),   # Delete ESP
        (42, struct.pack("!BBH", 1, 0, 0)),                               # Delete IKE SA
        notify(16393, protocol=3, spi=fill(4, 23)),                       # REKEY_SA
        notify(39, fill(28, 24), protocol=3, spi=fill(4, 25)),            # INVALID_SELECTORS
        # RFC 6311 4.1: IKEV2_MESSAGE_ID_SYNC: nonce, expected send, expected receive.
        notify(16422, struct.pack("!III", 0x01020304, 7, 9)),
        notify(16423, struct.pack("!I", 0x05060708) + fill(8, 26)),  # IPSEC_REPLAY_COUNTER_SYNC
        notify(16400),                                       # UPDATE_SA_ADDRESSES
        notify(16401, fill(16, 27)),                         # COOKIE2
        notify(16402, ip4(192, 0, 2, 1) + ip4(192, 0, 2, 2) + struct.pack("!HH", 500, 500)),
        notify(24),                                          # AUTHENTICATION_FAILED
        notify(50000, fill(6, 28)),                          # private use status type
        notify(8000, fill(3, 29)),                           # private use error type
        (43, fill(16, 30)),
    ])
    create_child = message(36, 0x08, 4, [
        (33, sa(proposal(1, 3, fill(4, 31), [(1, 28), (4, 31), (5, 0)], last=True))),
        (40, fill(24, 32)),
        (34, struct.pack("!HH", 31, 0) + fill(32, 33)),
        (44, ts([ts4(0, 0, 65535, (10, 1, 0, 0), (10, 1, 255, 255))])),
        (45, ts([ts4(0, 0, 65535, (10, 2, 0, 0), (10, 2, 255, 255))])),
        notify(16393, protocol=3, spi=fill(4, 34)),
        notify(16391),
    ])
    return [(sa_init_req, True), (sa_init_resp, False), (ike_auth_req, True),
            (ike_auth_resp, False), (eap_req, True), (informational, True),
            (create_child, True)]


def udp_frame(payload, to_responder):
    a, b = bytes([192, 0, 2, 1]), bytes([192, 0, 2, 2])
    src, dst = (a, b) if to_responder else (b, a)
    udp = struct.pack("!HHHH", 500, 500, 8 + len(payload), 0) + payload
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 0, 0x4000, 64, 17, 0, src, dst)
    s = sum(struct.unpack("!10H", ip))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    ip = ip[:10] + struct.pack("!H", ~s & 0xffff) + ip[12:]
    eth = bytes.fromhex("020000000002" "020000000001" "0800")
    return eth + ip + udp


def write(path):
    frames = [udp_frame(m, to_r) for m, to_r in messages()]
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
        for n, frame in enumerate(frames):
            f.write(struct.pack("<IIII", 1700000000 + n, 0, len(frame), len(frame)))
            f.write(frame)


if __name__ == "__main__":
    write(sys.argv[1])
