#!/usr/bin/env python3
"""Reference values for the prf+ tests in test_prf.cpp (RFC 7296 section 2.13).

No RFC publishes prf+ vectors, so these were computed once with this script, which
shares no code with plugin/core/crypto: HMAC from Python's hmac/hashlib, AES-CMAC from
the `cryptography` package, and AES-XCBC-MAC (RFC 3566) written here over that
package's AES-ECB and checked against RFC 3566 test case 4 and RFC 4434 first.
Not run by the build; run it by hand to re-derive the constants:

    python3 tests/unit/crypto/prf_plus_reference.py
"""
import hashlib
import hmac

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.cmac import CMAC


def aes_ecb(key, block):
    e = Cipher(algorithms.AES(key), modes.ECB()).encryptor()
    return e.update(block) + e.finalize()


def xor(a, b):
    return bytes(x ^ y for x, y in zip(a, b))


def xcbc(key, msg):
    """AES-XCBC-MAC-96's full 128-bit output (RFC 3566 section 4)."""
    k1, k2, k3 = (aes_ecb(key, bytes([i]) * 16) for i in (1, 2, 3))
    blocks = [msg[i:i + 16] for i in range(0, len(msg), 16)] or [b""]
    e = bytes(16)
    for b in blocks[:-1]:
        e = aes_ecb(k1, xor(e, b))
    last = blocks[-1]
    if len(last) == 16:
        last = xor(last, k2)
    else:
        last = xor(last + b"\x80" + bytes(15 - len(last)), k3)
    return aes_ecb(k1, xor(e, last))


def cmac(key, msg):
    c = CMAC(algorithms.AES(key))
    c.update(msg)
    return c.finalize()


assert xcbc(bytes(range(16)), bytes(range(20))).hex() == "47f51b4564966215b8985c63055ed308"
assert xcbc(bytes(range(10)) + bytes(6), bytes(range(20))).hex() == "0fa087af7d866e7653434e602fdde835"
assert cmac(bytes.fromhex("2b7e151628aed2a6abf7158809cf4f3c"), b"").hex() == "bb1d6929e95937287fa37d129b756746"


def prf(name, key, msg):
    if name == "xcbc":
        return xcbc(key, msg)
    if name == "cmac":
        return cmac(key, msg)
    return hmac.new(key, msg, getattr(hashlib, name)).digest()


def prf_plus(name, key, seed, n):
    """T1 = prf(K, S | 0x01), Tn = prf(K, Tn-1 | S | n)."""
    out, t, i = b"", b"", 1
    while len(out) < n:
        t = prf(name, key, t + seed + bytes([i]))
        out += t
        i += 1
    return out[:n]


SEED = (bytes(range(0xA0, 0xB0)) + bytes(range(0xB0, 0xC0))
        + bytes.fromhex("0123456789abcdef") + bytes.fromhex("fedcba9876543210"))

CASES = [
    ("md5", bytes(range(0x10, 0x20)), 40),
    ("sha1", bytes(range(0x00, 0x14)), 100),
    ("sha256", bytes(range(0x40, 0x60)), 200),
    ("sha512", bytes(range(0x40, 0x80)), 130),
    ("xcbc", bytes(range(0x00, 0x10)), 50),
    ("cmac", bytes(range(0x00, 0x10)), 50),
]

if __name__ == "__main__":
    print("seed", SEED.hex())
    for name, key, n in CASES:
        print(f"{name} key {key.hex()} len {n}\n  {prf_plus(name, key, SEED, n).hex()}")
    full = prf_plus("cmac", bytes(range(16)), SEED, 255 * 16)
    print("cmac, 255 blocks: block 254", full[-32:-16].hex(), "block 255", full[-16:].hex())
    # The AES PRFs' key processing (RFC 4434 2, RFC 4615 3) for keys not 16 octets.
    k20 = bytes(range(0x30, 0x44))
    print("xcbc, 20-octet key, 36:", prf_plus("xcbc", xcbc(bytes(16), k20), SEED, 36).hex())
    k10 = bytes(range(0x30, 0x3A))
    print("cmac, 10-octet key, 36:", prf_plus("cmac", cmac(bytes(16), k10), SEED, 36).hex())
    print("HMAC-SHA-256, empty key, 'abc':", hmac.new(b"", b"abc", hashlib.sha256).hexdigest())
