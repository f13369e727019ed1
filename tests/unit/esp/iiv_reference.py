#!/usr/bin/env python3
# The RFC 8750 (implicit IV) ESP packets of test_esp_cipher.cpp's test_rfc8750_implicit_iv,
# built with Python's `cryptography` (OpenSSL's AES-GCM and ChaCha20-Poly1305), not with
# libgcrypt nor the plugin: nonce = salt | (ESN high, or 0) | sequence number (RFC 8750 3),
# AAD = SPI | [ESN high |] sequence number (RFC 4106 5, RFC 7634 2.1), no IV sent.
# Run: python3 iiv_reference.py
import struct
from cryptography.hazmat.primitives.ciphers.aead import AESGCM, ChaCha20Poly1305

def ipv4_udp(data):
    udp = struct.pack("!HHHH", 5000, 53, 8 + len(data), 0) + data
    return struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 0x1234, 0x4000, 64, 17, 0,
                       bytes([192, 0, 2, 1]), bytes([198, 51, 100, 7])) + udp

def esp(aead_cls, key, salt, spi, seq_hi, seq_lo, esn, payload, nh=4):
    pad = (4 - (len(payload) + 2) % 4) % 4
    plain = payload + bytes(range(1, pad + 1)) + bytes([pad, nh])
    iiv = struct.pack("!II", seq_hi if esn else 0, seq_lo)          # RFC 8750 3
    aad = struct.pack("!I", spi) + (struct.pack("!I", seq_hi) if esn else b"") + struct.pack("!I", seq_lo)
    ct = aead_cls(key).encrypt(salt + iiv, plain, aad)                 # ciphertext | 16-octet tag
    return struct.pack("!II", spi, seq_lo) + ct, plain

k128 = bytes.fromhex("4c80cdefbb5d55a64a5fdce2e91e2d0f")
k256 = bytes.fromhex("abbccddef00112233445566778899aab" "bccddeeff00112233445566778899aab")
salt = bytes.fromhex("d4f2a981")
kcc = bytes(range(0x80, 0xa0)); salt_cc = bytes.fromhex("a0a1a2a3")
spi = 0x4a2cbfe3
inner = ipv4_udp(b"RFC 8750 implicit IV")
cases = [
    ("GCM-16-IIV-128, no ESN", AESGCM, k128, salt, 0, 5, False),
    ("GCM-16-IIV-128, ESN",    AESGCM, k128, salt, 3, 0x2a, True),
    ("GCM-16-IIV-256, ESN",    AESGCM, k256, salt, 0x01020304, 0xfffffff0, True),
    ("ChaCha20-Poly1305-IIV, no ESN", ChaCha20Poly1305, kcc, salt_cc, 0, 5, False),
    ("ChaCha20-Poly1305-IIV, ESN",    ChaCha20Poly1305, kcc, salt_cc, 3, 0x2a, True),
]
print("inner", inner.hex())
for name, cls, k, s, hi, lo, e in cases:
    pkt, plain = esp(cls, k, s, spi, hi, lo, e, inner)
    print(name, "key", (k + s).hex(), "hi", hex(hi), "lo", hex(lo), "esn", e)
    print("  packet", pkt.hex())
