#!/usr/bin/env python3
"""Write the IKE SA keys of a lab scenario, SK_d included, as the plugin's native lines.

Reads test-captures/<scenario>/keys.txt (what tests/lab/lab-extract.py took from the
daemons' level-4 logs) and prints one `ikev2 ...` line per IKE SA, without any ESP key:
with such a file the plugin must find every CHILD_SA's ESP keys itself, from SK_d and
the nonces of the capture (RFC 7296 2.17).

    tools/ike-keys-with-sk_d.py test-captures/rekey/keys.txt > test-captures/rekey/ike-sk_d.keys
"""
import os
import re
import sys


def main(path):
    text = open(path).read()
    scenario = os.path.basename(os.path.dirname(os.path.abspath(path)))
    out = ["# IKE SA keys with SK_d and no ESP keys, from %s/keys.txt (tools/ike-keys-with-sk_d.py)" % scenario]
    for block in re.split(r"\n(?=# IKE_SA )", text):
        m = re.search(r"^ike_version=2 spi_i=(\w+) spi_r=(\w+) encr=(\S+) integ=(\S+) prf=(\S+)", block, re.M)
        if not m:
            continue
        k = dict(re.findall(r"^(SK_\w+)=(\w*)$", block, re.M))
        words = ["ikev2", "spi_i=" + m[1], "spi_r=" + m[2]]
        for name in ("SK_EI", "SK_ER", "SK_AI", "SK_AR", "SK_D"):
            if k.get(name):
                words.append(name.lower() + "=" + k[name])
        words += ["encr=" + m[3], "integ=" + ("NONE" if m[4].lower() == "none" else m[4]), "prf=" + m[5]]
        out.append(" ".join(words))
    if len(out) == 1:
        sys.exit("%s: no IKEv2 SA with keys" % path)
    print("\n".join(out))


if __name__ == "__main__":
    main(sys.argv[1])
