#!/usr/bin/env python3
"""esp-check.py - check every ESP packet of a UML lab capture with the kernel's keys.

Usage: esp-check.py test-captures/<scenario>

Independent of Wireshark: reads capture.pcap (classic pcap, Ethernet, IPv4,
plain ESP = IP protocol 50) and the `xfrm spi=...` lines that uml-extract.py
wrote into keys.txt from `ip -s xfrm state`, then for each ESP packet verifies
the ICV and decrypts with the kernel's algorithm:

  cbc(aes) + hmac(shaN)/T       RFC 3602 + RFC 4868 (ESN: RFC 4303 2.2.1, seq-hi appended)
  ecb(cipher_null) + hmac(...)  RFC 2410
  rfc4106(gcm(aes))             RFC 4106 (key = AES key + 4-byte salt)
  rfc4543(gcm(aes))             RFC 4543 ENCR_NULL_AUTH_AES_GMAC (payload in clear, all authenticated)
  rfc7539esp(chacha20,poly1305) RFC 7634 (key = 32 bytes + 4-byte salt)

Prints one line per packet (SPI, sequence number, ICV ok, next header, inner
packet, whether the lab ping pattern "LAB1" is in it) and a summary; exits 1
if any packet fails. Needs python3-cryptography (Debian package).
"""
import hashlib
import hmac
import os
import re
import struct
import sys

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM, ChaCha20Poly1305

PATTERN = bytes.fromhex('4c414231')


def read_pcap(path):
    with open(path, 'rb') as f:
        data = f.read()
    magic = struct.unpack('<I', data[:4])[0]
    endian = '<' if magic in (0xa1b2c3d4, 0xa1b23c4d) else '>'
    linktype = struct.unpack(endian + 'I', data[20:24])[0]
    off, n = 24, 0
    while off + 16 <= len(data):
        _, _, incl, _ = struct.unpack(endian + 'IIII', data[off:off + 16])
        n += 1
        yield n, linktype, data[off + 16:off + 16 + incl]
        off += 16 + incl


def read_sas(keys_txt):
    sas = {}
    with open(keys_txt) as f:
        for line in f:
            if not line.startswith('xfrm spi='):
                continue
            d = dict(re.findall(r'(\w+)=("[^"]*"|\S+)', line))
            d = {k: v.strip('"') for k, v in d.items()}
            sas[int(d['spi'], 16)] = d
    return sas


def hmac_alg(name):
    m = re.match(r'hmac\((\w+)\)/(\d+)', name)
    return (getattr(hashlib, m.group(1)), int(m.group(2)) // 8) if m else (None, None)


def check(sa, esp, seq_hi=0):
    """-> (icv_ok, next_header, inner bytes) or raises."""
    algs = sa['algs']
    esn = 'esn' in sa['flags'].split()
    key = bytes.fromhex(sa['enc_key']) if sa['enc_key'] != '-' else b''
    hdr = esp[:8]
    if algs.startswith('rfc4106(gcm(aes))') or algs.startswith('rfc4543(gcm(aes))') or \
            algs.startswith('rfc7539esp'):
        icv_len = int(re.search(r'icv (\d+)', algs).group(1)) // 8
        iv, body, icv = esp[8:16], esp[16:-icv_len], esp[-icv_len:]
        aad = hdr if not esn else hdr[:4] + struct.pack('>I', seq_hi) + hdr[4:]
        nonce = key[-4:] + iv
        aead = ChaCha20Poly1305(key[:-4]) if algs.startswith('rfc7539esp') else AESGCM(key[:-4])
        if algs.startswith('rfc4543'):
            # GMAC: nothing encrypted; AAD = header + IV + payload (RFC 4543 section 3.2)
            aead.decrypt(nonce, icv, aad + iv + body)
            plain = body
        else:
            plain = aead.decrypt(nonce, body + icv, aad)
        icv_ok = True  # decrypt() raises InvalidTag otherwise
    else:
        h, icv_len = hmac_alg(algs.split(' + ')[1])
        ikey = bytes.fromhex(sa['integ_key'])
        covered, icv = esp[:-icv_len], esp[-icv_len:]
        mac = hmac.new(ikey, covered + (struct.pack('>I', seq_hi) if esn else b''), h).digest()[:icv_len]
        icv_ok = hmac.compare_digest(mac, icv)
        if algs.startswith('ecb(cipher_null)'):
            plain = covered[8:]
        else:
            iv, ct = covered[8:24], covered[24:]
            d = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
            plain = d.update(ct) + d.finalize()
    padlen, nh = plain[-2], plain[-1]
    pad = plain[-2 - padlen:-2]
    if pad != bytes(range(1, padlen + 1)):
        raise ValueError('bad padding')
    return icv_ok, nh, plain[:-2 - padlen]


def main():
    d = sys.argv[1]
    sas = read_sas(os.path.join(d, 'keys.txt'))
    if not sas:
        sys.exit('no "xfrm spi=" lines in %s/keys.txt' % d)
    total = good = pattern = 0
    for n, lt, pkt in read_pcap(os.path.join(d, 'capture.pcap')):
        if lt != 1 or len(pkt) < 34 or pkt[12:14] != b'\x08\x00':
            continue
        ip = pkt[14:]
        ihl = (ip[0] & 15) * 4
        if ip[9] != 50:
            continue
        tot = struct.unpack('>H', ip[2:4])[0]
        esp = ip[ihl:tot]
        spi, seq = struct.unpack('>II', esp[:8])
        total += 1
        sa = sas.get(spi)
        if sa is None:
            print('frame %d: SPI 0x%08x seq %d: no key' % (n, spi, seq))
            continue
        try:
            icv_ok, nh, inner = check(sa, esp)
        except Exception as e:  # InvalidTag, bad padding
            print('frame %d: SPI 0x%08x seq %d: FAILED (%s)' % (n, spi, seq, type(e).__name__ or e))
            continue
        if nh == 4:
            what = 'IPv4 %s -> %s proto %d' % ('.'.join(map(str, inner[12:16])),
                                               '.'.join(map(str, inner[16:20])), inner[9])
        else:
            what = 'next header %d (%d bytes)' % (nh, len(inner))
        has = PATTERN * 4 in inner
        good += icv_ok
        pattern += has
        print('frame %d: SPI 0x%08x seq %d: ICV %s, %s%s, %s' % (
            n, spi, seq, 'ok' if icv_ok else 'BAD', sa['algs'],
            ' ESN' if 'esn' in sa['flags'].split() else '', what + (', "LAB1" pattern' if has else '')))
    print('ESP packets %d, ICV ok %d, with "LAB1" %d' % (total, good, pattern))
    sys.exit(0 if total and good == total else 1)


if __name__ == '__main__':
    main()
