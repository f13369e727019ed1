#!/usr/bin/env python3
"""Resource-bound tests (docs/robustness.md): captures generated at test time (never
committed), dissected by tshark with the plugin; each bound must show its expert info the
expected number of times, and the rest of the capture must still dissect.

  resource_tests.py --build-dir B --source-dir S CASE [--keep DIR]

Cases:
  million-spis   1,000,000 IKE_SA_INIT responses with distinct SPIs: the IKE SA table
                 stops at its bound (IkeSaTable::kMaxSas); every later one gets
                 ikev2.limit.sa_table_full
  fragments      SKF fragments (ENCR_NULL + HMAC-SHA2-256-128, keys in a native key file)
                 that complete, that never complete (20,000 messages), with absurd
                 totals (65535) and with numbers outside 1..total
  payload-chains zero-length payloads, huge length fields, a chain longer than the parser's
                 bound, clear and inside a decrypted SK payload
  unbound-keys   1,000 key sets without SPIs against 1,000 IKE SAs that match none (the
                 N x M worst case of binding by ICV) and 1,000 that match one each
tshark's peak memory and run time are printed for the docs, never asserted.
"""
import argparse
import hashlib
import hmac
import os
import re
import resource
import struct
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "fuzz"))
import canonical  # noqa: E402
import pcaplib  # noqa: E402
from tshark_env import Tshark  # noqa: E402

SA_TABLE_BOUND = 1 << 18   # plugin/core/ike_sa.hpp IkeSaTable::kMaxSas
SKF_BOUND = 512            # plugin/skf_reassembly.hpp kMaxSkfFragments
PARSER_BOUND = 4096        # plugin/core/message.hpp kMaxPayloadsPerMessage
A, B = (192, 0, 2, 1), (192, 0, 2, 2)
SK_AI = bytes(range(32))
SK_AR = bytes(range(32, 64))
SPI_I, SPI_R = 0x1111111111111111, 0x2222222222222222
NATIVE_KEYS = ("ikev2 spi_i=%016x spi_r=%016x sk_ei=- sk_er=- sk_ai=%s sk_ar=%s encr=NULL "
               "integ=AUTH_HMAC_SHA2_256_128\n" % (SPI_I, SPI_R, SK_AI.hex(), SK_AR.hex()))

SA, NONCE, NOTIFY, SK, SKF, NONE = 33, 40, 41, 46, 53, 0
IKE_SA_INIT, INFORMATIONAL = 34, 37
FLAG_I, FLAG_R = 0x08, 0x20


def header(spi_i, spi_r, next_payload, exchange, flags, mid, length):
    return struct.pack(">QQBBBBII", spi_i, spi_r, next_payload, 0x20, exchange, flags, mid, length)


def payload(next_payload, body, length=None):
    return struct.pack(">BBH", next_payload, 0, 4 + len(body) if length is None else length) + body


def message(spi_i, spi_r, exchange, flags, mid, first, chain):
    return header(spi_i, spi_r, first, exchange, flags, mid, 28 + len(chain)) + chain


# One IKE proposal: AES-CBC-128, PRF-HMAC-SHA2-256, HMAC-SHA2-256-128, MODP-2048.
def sa_one_proposal():
    xf = [struct.pack(">BBHBBH", 3, 0, 12, 1, 0, 12) + struct.pack(">HH", 0x800E, 128),
          struct.pack(">BBHBBH", 3, 0, 8, 2, 0, 5),
          struct.pack(">BBHBBH", 3, 0, 8, 3, 0, 12),
          struct.pack(">BBHBBH", 0, 0, 8, 4, 0, 14)]
    body = b"".join(xf)
    return struct.pack(">BBHBBBB", 0, 0, 8 + len(body), 1, 1, 0, 4) + body


def protect(msg_without_icv, initiator):
    """Append the HMAC-SHA2-256-128 ICV over the whole message (ENCR_NULL: no IV)."""
    key = SK_AI if initiator else SK_AR
    return msg_without_icv + hmac.new(key, msg_without_icv, hashlib.sha256).digest()[:16]


def sk_message(mid, first_inner, inner, initiator=True):
    ct = inner + b"\x00"  # no padding, Pad Length 0
    body_len = 4 + len(ct) + 16
    total = 28 + body_len
    flags = FLAG_I if initiator else FLAG_R
    m = header(SPI_I, SPI_R, SK, INFORMATIONAL, flags, mid, total) + \
        struct.pack(">BBH", first_inner, 0, body_len) + ct
    return protect(m, initiator)


def skf_message(mid, number, total_frags, first_inner, piece):
    ct = piece + b"\x00"
    body_len = 8 + len(ct) + 16
    total = 28 + body_len
    m = header(SPI_I, SPI_R, SKF, INFORMATIONAL, FLAG_I, mid, total) + \
        struct.pack(">BBHHH", first_inner if number == 1 else 0, 0, body_len, number, total_frags) + ct
    return protect(m, True)


def run(ts, args):
    start = time.monotonic()
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    out = ts.run(args)
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print("tshark %s: %.1f s, peak RSS of tshark runs so far %d MB%s" % (
        " ".join(a for a in args if not a.startswith("/")), time.monotonic() - start, after // 1024,
        "" if after > before else " (not above an earlier run)"))
    return out


def counts(ts, capture, checks, extra=()):
    """One tshark pass; for each (field, value) of `checks`, the number of frames where the
    field occurs (value None) or has that value among its occurrences."""
    fields = sorted({f for f, _ in checks})
    args = list(extra) + ["-r", capture, "-T", "fields", "-E", "occurrence=a", "-E", "aggregator=,"]
    for f in fields:
        args += ["-e", f]
    out = run(ts, args)
    got = {c: 0 for c in checks}
    for line in out.splitlines():
        cols = dict(zip(fields, line.split("\t")))
        for f, v in checks:
            vals = [canonical.field_bool(x) for x in cols[f].split(",")] if cols.get(f) else []
            if (v is None and vals) or (v is not None and v in vals):
                got[(f, v)] += 1
    return got


def check_counts(ts, capture, want, extra=()):
    got = counts(ts, capture, list(want), extra)
    return ["%s%s on %d frames, expected %d" % (f, "" if v is None else " == " + v, got[(f, v)], n)
            for (f, v), n in want.items() if got[(f, v)] != n]


def case_million_spis(ts, work):
    n = 1000000
    path = os.path.join(work, "million-spis.pcap")
    w = pcaplib.Writer(path)
    sa = payload(NONE, sa_one_proposal())
    for i in range(n):
        w.udp(B, A, 500, 500, message(0x0100000000000000 + i, 0x0200000000000000 + i, IKE_SA_INIT,
                                       FLAG_R, 0, SA, sa))
    w.close()
    print("generated %d frames, %d MB" % (n, os.path.getsize(path) >> 20))
    capture = ts.stage(path)
    os.unlink(path)
    # One pass: every response must be dissected, and those past the bound say so.
    out = run(ts, ["-r", capture, "-T", "fields", "-e", "ikev2.exchange_type",
                   "-e", "ikev2.limit.sa_table_full"])
    rows = [l.split("\t") for l in out.splitlines()]
    errors = []
    dissected = sum(1 for r in rows if r[0] == "34")
    full = sum(1 for r in rows if len(r) > 1 and r[1])
    if dissected != n:
        errors.append("%d of %d IKE_SA_INIT responses dissected" % (dissected, n))
    if full != n - SA_TABLE_BOUND:
        errors.append("ikev2.limit.sa_table_full on %d frames, expected %d" % (full, n - SA_TABLE_BOUND))
    return errors


def case_fragments(ts, work):
    path = os.path.join(work, "fragments.pcap")
    w = pcaplib.Writer(path)
    notify = payload(NONE, struct.pack(">BBH", 0, 0, 16395) + b"R" * 12)  # STATUS-like notify
    whole = notify
    # 1. A message in 3 fragments that completes (checks the generator and keys).
    pieces = [whole[:6], whole[6:12], whole[12:]]
    for i, p in enumerate(pieces):
        w.udp(A, B, 4500, 4500, b"\0\0\0\0" + skf_message(1, i + 1, 3, NOTIFY, p))
    # 2. 20,000 messages whose fragment 2 of 2 never comes.
    never = 20000
    for mid in range(2, 2 + never):
        w.udp(A, B, 4500, 4500, b"\0\0\0\0" + skf_message(mid, 1, 2, NOTIFY, whole[:8]))
    # 3. An absurd total: fragments 1 and 65535 of 65535.
    mid_absurd = 2 + never
    for number in (1, 65535):
        w.udp(A, B, 4500, 4500, b"\0\0\0\0" + skf_message(mid_absurd, number, 65535, NOTIFY, whole[:8]))
    # 4. Numbers outside 1..total: 0 of 4 and 9 of 4.
    for number in (0, 9):
        w.udp(A, B, 4500, 4500, b"\0\0\0\0" + skf_message(mid_absurd + 1, number, 4, NOTIFY, whole[:8]))
    w.close()
    keys = os.path.join(work, "null-hmac.keys")
    with open(keys, "w") as f:
        f.write(NATIVE_KEYS)
    capture = ts.stage(path)
    args = ["-o", "ikev2.key_file:" + ts.stage(keys), "-2"]
    return check_counts(ts, capture, {
        ("ikev2.reassembled.in", None): 2,               # fragments 1 and 2 point to frame 3
        ("ikev2.fragment.count", "3"): 1,                # the completing frame lists all three
        # Only a later pass can tell. 16,384 messages wait at most (SkfReassembler::kMaxOpen):
        # the ones that waited longest are dropped, and say so.
        ("ikev2.skf.incomplete", None): 16384,
        ("ikev2.limit.skf_waiting", None): never - 16384,
        ("ikev2.limit.skf_total", None): 2,
        ("ikev2.malformed.bad_encoding", None): 2,       # numbers 0 and 9 of 4 (core check)
        ("ikev2.sk.icv_good", "1"): 3 + never + 2 + 2,   # every fragment verified
    }, args)


def case_payload_chains(ts, work):
    path = os.path.join(work, "chains.pcap")
    w = pcaplib.Writer(path)
    nonce = payload(NONE, b"n" * 16)
    frames = []
    # Clear IKE_SA_INIT requests (MID 0), one broken chain each.
    # 1. Zero-length payload: the chain stops there.
    frames.append(message(1, 0, IKE_SA_INIT, FLAG_I, 0, NONCE, payload(NONCE, b"", length=0) + nonce))
    # 2. Huge length field (65535) on a short payload.
    frames.append(message(2, 0, IKE_SA_INIT, FLAG_I, 0, NONCE, payload(NONE, b"x" * 8, length=0xFFFF)))
    # 3. Header length 0xFFFFFFFF.
    m = message(3, 0, IKE_SA_INIT, FLAG_I, 0, NONCE, nonce)
    frames.append(m[:24] + b"\xff\xff\xff\xff" + m[28:])
    # 4. 5,000 empty Notify-typed payloads chained (4 octets each): above the bound.
    chain = b"".join(payload(NOTIFY if i < 4999 else NONE, b"") for i in range(5000))
    frames.append(message(4, 0, IKE_SA_INIT, FLAG_I, 0, NOTIFY, chain))
    # 5. The same chain inside a decrypted SK payload.
    frames.append(sk_message(1, NOTIFY, chain))
    # 6. Inside SK: a zero-length payload, then a huge length.
    frames.append(sk_message(2, NONCE, payload(NONCE, b"", length=0)))
    frames.append(sk_message(3, NONCE, payload(NONE, b"y" * 4, length=0xFFF0)))
    for f in frames:
        w.udp(A, B, 500, 500, f)
    w.close()
    keys = os.path.join(work, "null-hmac.keys")
    with open(keys, "w") as f:
        f.write(NATIVE_KEYS)
    capture = ts.stage(path)
    args = ["-o", "ikev2.key_file:" + ts.stage(keys)]
    errors = check_counts(ts, capture, {
        ("ikev2.malformed.payload_length_too_short", None): 2,    # frames 1 and 6
        ("ikev2.malformed.payload_length_beyond_data", None): 2,  # frames 2 and 7
        ("ikev2.malformed.length_mismatch", None): 1,             # frame 3
        ("ikev2.too_many_items", None): 2,                        # frames 4 and 5
        ("ikev2.sk.icv_good", "1"): 3,                            # the SK frames decrypted
        ("ikev2.exchange_type", None): len(frames),
    }, args)
    # The bound: exactly PARSER_BOUND payloads shown of the 5,000 (clear frame 4).
    out = run(ts, args + ["-r", capture, "-Y", "frame.number == 4", "-T", "fields", "-E",
                          "occurrence=a", "-E", "aggregator=,", "-e", "ikev2.payload.type"])
    shown = len(out.strip().split(","))
    if shown != PARSER_BOUND:
        errors.append("frame 4 shows %d payloads, expected %d" % (shown, PARSER_BOUND))
    return errors


def tshark_stderr(ts, args):
    """Run tshark; (exit status, stdout, stderr)."""
    import subprocess
    p = subprocess.run(ts.command(args), env=ts.env(), capture_output=True, text=True, cwd=ts.home)
    return p.returncode, p.stdout, p.stderr


def case_key_input(ts, work):
    """A key file with one malformed line per format, each carrying key bytes, around the
    real keys of psk-aescbc-sha256: every bad line is reported with file, line and field,
    the good keys still decrypt, no key byte reaches tshark's output, and a missing key
    file is a warning, not a failure."""
    src = os.path.join(HERE, "..", "..", "test-captures", "psk-aescbc-sha256")
    with open(os.path.join(src, "ikev2_decryption_table")) as f:
        good = f.read().strip()
    k16, k32 = "c0ffee" + "11" * 13, "deadbeef" * 8
    lines = [
        "# one malformed line per format, each with key material in it",
        "ikev2 spi_i=0123 spi_r=7f850b9384535e2f sk_ei=%s sk_er=%s" % (k16, k16),          # 2 native
        "zz6ed2c9b61a19da82,7f850b9384535e2f,%s,%s,\"AES-CBC-128 [RFC3602]\",%s,%s,"
        "\"HMAC_SHA2_256_128 [RFC4868]\"" % (k16, k16, k32, k32),                          # 3 uat ike
        "\"IPv4\",\"192.0.2.1\",\"192.0.2.2\",\"0xzz\",\"AES-CBC [RFC3602]\",\"0x%s\","
        "\"HMAC-SHA-256-128 [RFC4868]\",\"0x%s\"" % (k16, k32),                               # 4 esp_sa
        "0x77c7a490@192.0.2.2 aes999-cbc:0x%s" % k16,                                        # 5 tcpdump
        "src 192.0.2.1 dst 192.0.2.2",                                                       # 6 xfrm
        "\tproto esp spi 0x00000002 reqid 1 mode tunnel",
        "\tenc cbc(aes) 0x%s" % (k16 + "ab"),                                                # 8
        good,                                                                                # 9
    ]
    path = os.path.join(work, "mixed.keys")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    keyfile = ts.stage(path)
    capture = ts.stage(os.path.join(src, "capture.pcap"))
    rc, out, err = tshark_stderr(ts, ["-o", "ikev2.key_file:" + keyfile, "-r", capture, "-Y",
                                      "ikev2.sk.icv_good == 1", "-T", "fields", "-e", "frame.number"])
    errors = []
    if rc != 0:
        errors.append("tshark failed (%d) with a malformed key file: %s" % (rc, err[:500]))
    if not out.split():
        errors.append("the good keys on line 9 did not decrypt anything")
    print("tshark's report:\n" + err)
    for line in (2, 3, 4, 5, 8):
        if not re.search(r"%s:%d: [^:\n]+: " % (re.escape(keyfile), line), err):
            errors.append("no error naming %s line %d and a field" % (keyfile, line))
    secrets = [k16, k32, k16 + "ab"] + re.findall(r"[0-9a-f]{32,}", good)
    for sec in secrets:
        if sec in err or sec in out:
            errors.append("key bytes %s... in tshark's output" % sec[:8])
    missing = "/nonexistent/ikev2.keys"
    rc, out, err = tshark_stderr(ts, ["-o", "ikev2.key_file:" + missing, "-r", capture, "-Y", "ikev2",
                                      "-T", "fields", "-e", "frame.number"])
    if rc != 0 or len(out.split()) == 0:
        errors.append("a missing key file stopped the dissection (exit %d)" % rc)
    if missing not in err or "cannot read" not in err:
        errors.append("a missing key file was not reported: %r" % err[:300])
    return errors


def case_unbound_keys(ts, work):
    """N key sets without SPIs and 2M keyless IKE SAs: the first M match no key set (each
    is tried against all N: the N x M worst case), the next M each match one key set,
    in shuffled order. Every matching SA is bound once and decrypts; the others do not."""
    n = m = 1000
    rng = __import__("random").Random(5)
    keysets = [(bytes(rng.randrange(256) for _ in range(32)), bytes(rng.randrange(256) for _ in range(32)))
               for _ in range(n)]
    order = list(range(n))
    rng.shuffle(order)
    path = os.path.join(work, "unbound.pcap")
    w = pcaplib.Writer(path)
    notify = payload(NONE, struct.pack(">BBH", 0, 0, 16395) + b"R" * 12)

    def sk(spi_i, spi_r, key):
        ct = notify + b"\x00"
        body_len = 4 + len(ct) + 16
        msg = header(spi_i, spi_r, SK, INFORMATIONAL, FLAG_I, 1, 28 + body_len) + \
            struct.pack(">BBH", NOTIFY, 0, body_len) + ct
        return msg + hmac.new(key, msg, hashlib.sha256).digest()[:16]
    for j in range(m):  # no key set fits: all N tried, once per SA
        w.udp(A, B, 4500, 4500, b"\0\0\0\0" + sk(0x0300000000000000 + j, 0x0400000000000000 + j, b"x" * 32))
        w.udp(A, B, 4500, 4500, b"\0\0\0\0" + sk(0x0300000000000000 + j, 0x0400000000000000 + j, b"x" * 32))
    for j in range(m):  # key set order[j] fits; a second message uses the bound keys
        key = keysets[order[j]][0]
        w.udp(A, B, 4500, 4500, b"\0\0\0\0" + sk(0x0500000000000000 + j, 0x0600000000000000 + j, key))
        w.udp(A, B, 4500, 4500, b"\0\0\0\0" + sk(0x0500000000000000 + j, 0x0600000000000000 + j, key))
    w.close()
    keys = os.path.join(work, "unbound.keys")
    with open(keys, "w") as f:
        for ai, ar in keysets:
            f.write("ikev2 sk_ei=- sk_er=- sk_ai=%s sk_ar=%s encr=NULL integ=AUTH_HMAC_SHA2_256_128\n"
                    % (ai.hex(), ar.hex()))
    capture = ts.stage(path)
    print("%d key sets without SPIs; %d IKE SAs matching none (%d ICV checks), then %d matching one"
          % (n, m, n * m, m))
    return check_counts(ts, capture, {
        ("ikev2.decryption.keys_bound", None): m,     # once per matching IKE SA
        ("ikev2.sk.icv_good", "1"): 2 * m,           # both messages of every matching SA
        ("ikev2.decryption.no_keys", None): m,       # the others: no keys, said once per SA
    }, ["-o", "ikev2.key_file:" + ts.stage(keys)])


CASES = {"million-spis": case_million_spis, "fragments": case_fragments,
         "payload-chains": case_payload_chains, "key-input": case_key_input,
         "unbound-keys": case_unbound_keys}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build-dir", required=True)
    ap.add_argument("--source-dir", required=True)
    ap.add_argument("case", choices=sorted(CASES))
    a = ap.parse_args()
    work = tempfile.mkdtemp(prefix="ikev2-resource-")
    try:
        with Tshark(os.path.join(os.path.abspath(a.build_dir), "plugins")) as ts:
            errors = CASES[a.case](ts, work)
    finally:
        for f in os.listdir(work):
            os.unlink(os.path.join(work, f))
        os.rmdir(work)
    if errors:
        print("FAIL: " + "\n".join(errors))
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
