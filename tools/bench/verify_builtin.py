#!/usr/bin/env python3
"""Check the benchmark captures with Wireshark's BUILT-IN ESP decryption, no plugin loaded:
proof that they are real ESP and that their esp_sa keys are right.

For every variant in <captures>/manifest.json:
  - with the esp_sa file and esp.enable_encryption_decode / esp.enable_authentication_check,
    `-Y icmp -T fields -e icmp.seq` prints every sequence number, in order;
  - for variants with an ICV, every ESP frame has esp.icv_good = 1 and esp.icv_bad = 0
    (packet-ipsec.c computes the HMAC, or the GCM tag, and compares);
  - negative control: with a key digit changed, none of the first frames has
    esp.icv_good = 1 and they show esp.icv_bad = 1 (so the ICV check is really running).
    With a wrong AES-GCM key the garbage plaintext sometimes makes a sub-dissector throw,
    and packet-ipsec.c adds the ICV fields only after the payload, so such frames show
    neither field;
and every plaintext twin prints the same sequence numbers.

Usage: verify_builtin.py [--captures DIR] [--variants SUBSTR,...]   (default build-bench)
"""
import argparse
import os
import sys
import tempfile

import benchlib

CONTROL_FRAMES = 200


def flip_key_bit(esp_sa_text):
    """The same file with the first hex digit of the integrity key (or, for AEAD rows, of
    the AES key) changed in every row."""
    rows = []
    for line in esp_sa_text.splitlines():
        if line.startswith("#") or not line.strip():
            rows.append(line)
            continue
        f = [x.strip('"') for x in line.split(",")]
        i = 7 if f[7] else 5
        f[i] = f[i][:2] + ("0" if f[i][2] != "0" else "1") + f[i][3:]
        rows.append(",".join('"%s"' % x for x in f))
    return "\n".join(rows) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--captures", default="build-bench")
    ap.add_argument("--variants", default="",
                    help="only variants whose name contains one of these comma-separated "
                         "strings")
    args = ap.parse_args()
    manifest = benchlib.load_manifest(args.captures)
    if not manifest:
        sys.exit("no manifest.json in %s: run make_esp_captures.py first" % args.captures)
    expected = benchlib.expected_seq(manifest["packets"])
    variants = [v for v in manifest["variants"]
                if not args.variants or any(s in v["name"] for s in args.variants.split(","))]
    failures = 0
    tmp = tempfile.mkdtemp(prefix="espbench-verify-")
    out = os.path.join(tmp, "out")
    plains = sorted({v["plaintext"] for v in variants})
    mode = benchlib.Mode("plain")
    try:
        for p in plains:
            mode.run(mode.command(os.path.join(args.captures, p)), out)
            why = benchlib.compare_seq(open(out).read(), expected)
            print("%-24s plaintext: %s" % (p, why or "all %d seq numbers" % manifest["packets"]))
            failures += bool(why)
    finally:
        mode.close()

    for v in variants:
        capture = os.path.join(args.captures, v["capture"])
        esp_sa = os.path.join(args.captures, v["esp_sa"])
        has_icv = v["algorithm"] != "null"
        mode = benchlib.Mode("builtin", esp_sa=esp_sa)
        try:
            wall = mode.run(mode.command(capture, ("icmp.seq", "esp.icv_good",
                                                  "esp.icv_bad")), out).wall
            lines = [l.split("\t") for l in open(out).read().splitlines()]
            why = benchlib.compare_seq("".join(l[0] + "\n" for l in lines), expected)
            icv = [tuple(l[1:]) for l in lines]
            if has_icv:
                good = sum(1 for x in icv if x == ("1", "0"))
                icv_text = "ICV good in %d of %d" % (good, len(icv))
                if good != manifest["packets"]:
                    why = (why + "; " if why else "") + icv_text
            else:
                icv_text = "no ICV"
                if any(x != ("", "") for x in icv):
                    why = (why + "; " if why else "") + "unexpected ICV fields"
            print("%-24s built-in: %s, %s (%.1f s)" % (
                v["name"], why or "all %d seq numbers" % manifest["packets"], icv_text, wall),
                flush=True)
            failures += bool(why)
        finally:
            mode.close()
        if not has_icv:
            continue
        bad_keys = os.path.join(tmp, v["esp_sa"])
        with open(esp_sa) as f, open(bad_keys, "w") as g:
            g.write(flip_key_bit(f.read()))
        mode = benchlib.Mode("builtin", esp_sa=bad_keys)
        try:
            mode.run(mode.command(capture, ("esp.icv_good", "esp.icv_bad"), "esp",
                                  ["-c", str(CONTROL_FRAMES)]), out)
            icv = [tuple(l.split("\t")) for l in open(out).read().splitlines()]
            good = icv.count(("1", "0"))
            bad = icv.count(("0", "1"))
            ok = good == 0 and bad >= CONTROL_FRAMES // 2
            print("%-24s built-in, wrong key: of the first %d frames ICV bad in %d, good in %d%s"
                  % (v["name"], CONTROL_FRAMES, bad, good, "" if ok else "  FAIL"))
            failures += not ok
        finally:
            mode.close()
    os.unlink(out)
    for f in os.listdir(tmp):
        os.unlink(os.path.join(tmp, f))
    os.rmdir(tmp)
    print("FAILED: %d check(s)" % failures if failures else "all checks passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
