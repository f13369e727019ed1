#!/usr/bin/env python3
"""The IKEv2 configuration profile (profiles/IKEv2) in tshark -C IKEv2.

  profile_tests.py --build-dir B --source-dir S

The profile is copied into the private configuration folder's profiles/ (where Wireshark
keeps a person's profiles), then on the failure, retransmission, weak-crypto, ICV and
malformed captures:
- every filter of the coloring rules and of the filter buttons compiles (tshark -Y);
- the coloring rule of each frame (tshark --color, frame.coloring_rule.name) is the one
  listed below, and every trouble rule colors at least one frame;
- the packet list has the profile's columns (IKE SA, exchange, message ID, role) with the
  values listed below (tshark -T psml).
"""
import argparse
import os
import pwd
import re
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tshark_env import Tshark  # noqa: E402

PROFILE = "IKEv2"

RETRANSMIT = "IKEv2 retransmission"
AUTH_FAILED = "IKEv2 AUTHENTICATION_FAILED"
ERROR = "IKEv2 error notify"
ICV_BAD = "IKEv2/ESP ICV bad"
NOT_DECRYPTED = "IKEv2/ESP not decrypted"
WEAK = "IKEv2 weak cryptography"
MALFORMED = "IKEv2 malformed"
EVENT = "IKEv2 SA established, rekeyed or deleted"
IKE = "IKEv2"
ESP = "ESP"

# capture, key file, and the coloring rule of every frame (checked against the daemons'
# logs and the golden analysis files of the same captures).
CASES = [
    # The Delete request of frame 11 sent 5 times, never answered (tools/make-retransmits.py);
    # no ESP keys (the table has no SK_d).
    ("test-captures/retransmit/capture.pcap", "test-captures/retransmit/ikev2_decryption_table",
     {1: IKE, 2: IKE, 3: IKE, 4: EVENT, 5: NOT_DECRYPTED, 6: NOT_DECRYPTED, 7: IKE, 8: IKE,
      9: IKE, 10: IKE, 11: RETRANSMIT, 12: RETRANSMIT, 13: RETRANSMIT, 14: RETRANSMIT,
      15: RETRANSMIT}),
    # AUTHENTICATION_FAILED inside the encrypted IKE_AUTH response: seen with the keys only.
    ("test-captures/auth-failed/capture.pcap", "test-captures/auth-failed/ikev2_decryption_table",
     {1: IKE, 2: IKE, 3: IKE, 4: AUTH_FAILED}),
    ("test-captures/auth-failed/capture.pcap", None, {1: IKE, 2: IKE, 3: IKE, 4: IKE}),
    ("test-captures/no-proposal/capture.pcap", None, {1: IKE, 2: ERROR}),
    # AUTH_HMAC_MD5_96 offered and selected (MUST NOT).
    ("test-captures/ike-aes192-md5-cmac/capture.pcap",
     "test-captures/ike-aes192-md5-cmac/keys/charon-b+list-sas.log",
     {1: WEAK, 2: WEAK, 3: IKE, 4: EVENT, 5: ESP, 6: ESP, 7: EVENT, 8: IKE}),
    # The IKE_AUTH request's ICV damaged: its CHILD_SA's ESP keys are not derived.
    ("test-captures/icv-damaged/capture.pcap", "test-captures/icv-damaged/capture.keys",
     {1: IKE, 2: IKE, 3: ICV_BAD, 4: EVENT, 5: NOT_DECRYPTED, 6: NOT_DECRYPTED,
      7: NOT_DECRYPTED, 8: NOT_DECRYPTED, 9: NOT_DECRYPTED, 10: NOT_DECRYPTED, 11: EVENT,
      12: IKE}),
    # frames.txt: 2-5 and 8 broken lengths and counts, 9 a runt on UDP 4500 (malformed);
    # 6 (unknown critical payload) and 7 (reserved flags) are protocol errors, not
    # malformed; the copies of one IKE_SA_INIT request are retransmissions to the analysis;
    # 10 and 11 go to the built-in ISAKMP dissector.
    ("test-captures/malformed/capture.pcap", None,
     {1: RETRANSMIT, 2: MALFORMED, 3: MALFORMED, 4: MALFORMED, 5: MALFORMED, 6: RETRANSMIT,
      7: RETRANSMIT, 8: MALFORMED, 9: MALFORMED, 10: "", 11: ""}),
]

# The profile's columns, in order, and their values in chosen frames:
# (index in CASES, frame) -> {column title: text}.
COLUMNS = ["No.", "Time", "Source", "Destination", "Protocol", "Length", "IKE SA", "Exchange",
           "MID", "Initiator", "Response", "Info"]
COLUMN_VALUES = {
    (0, 2): {"IKE SA": "1", "Exchange": "IKE_SA_INIT", "MID": "0", "Initiator": "Responder",
             "Response": "Response"},
    (0, 12): {"IKE SA": "1", "Exchange": "INFORMATIONAL", "MID": "2", "Initiator": "Initiator",
              "Response": "Request"},
    (1, 4): {"IKE SA": "1", "Exchange": "IKE_AUTH", "MID": "1", "Initiator": "Responder",
             "Response": "Response"},
}


def read_rules(profile_dir):
    rules = []
    with open(os.path.join(profile_dir, "colorfilters")) as f:
        for line in f:
            m = re.match(r"^@([^@]*)@([^@]*)@", line)
            if m:
                rules.append((m.group(1), m.group(2)))
    return rules


def read_buttons(profile_dir):
    buttons = []
    with open(os.path.join(profile_dir, "dfilter_buttons")) as f:
        for line in f:
            if line.startswith('"'):
                fields = re.findall(r'"((?:[^"\\]|\\.)*)"', line)
                buttons.append((fields[1], fields[2]))
    return buttons


def install_profile(ts, source_dir):
    dest = os.path.join(ts.config_dir, "profiles", PROFILE)
    shutil.copytree(os.path.join(source_dir, "profiles", PROFILE), dest)
    if ts.root:
        nobody = pwd.getpwnam("nobody")
        for dirpath, _, files in os.walk(os.path.join(ts.config_dir, "profiles")):
            os.chown(dirpath, nobody.pw_uid, nobody.pw_gid)
            for name in files:
                os.chown(os.path.join(dirpath, name), nobody.pw_uid, nobody.pw_gid)


def key_args(ts, source_dir, keys):
    return ["-o", "ikev2.key_file:" + ts.stage(os.path.join(source_dir, keys))] if keys else []


def coloring(ts, source_dir, capture, keys):
    out = ts.run(["-C", PROFILE, "-2", "--color", "-r", ts.stage(os.path.join(source_dir, capture)),
                  "-T", "fields", "-e", "frame.number", "-e", "frame.coloring_rule.name"]
                 + key_args(ts, source_dir, keys))
    got = {}
    for line in out.splitlines():
        num, _, rule = line.partition("\t")
        got[int(num)] = rule
    return got


def psml_rows(ts, source_dir, capture, keys):
    out = ts.run(["-C", PROFILE, "-2", "-r", ts.stage(os.path.join(source_dir, capture)),
                  "-T", "psml"] + key_args(ts, source_dir, keys))
    titles = re.findall(r"<section>(.*?)</section>",
                        re.search(r"<structure>(.*?)</structure>", out, re.S).group(1))
    rows = []
    for packet in re.findall(r"<packet>(.*?)</packet>", out, re.S):
        rows.append(dict(zip(titles, re.findall(r"<section>(.*?)</section>", packet))))
    return titles, rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build-dir", required=True)
    ap.add_argument("--source-dir", required=True)
    ap.add_argument("--print", action="store_true", help="print what tshark gives instead of checking")
    a = ap.parse_args()
    source_dir = os.path.abspath(a.source_dir)
    profile_dir = os.path.join(source_dir, "profiles", PROFILE)
    errors = []
    with Tshark(os.path.join(os.path.abspath(a.build_dir), "plugins")) as ts:
        install_profile(ts, source_dir)
        any_capture = ts.stage(os.path.join(source_dir, CASES[0][0]))

        # Every filter compiles with the plugin's fields.
        rules = read_rules(profile_dir)
        buttons = read_buttons(profile_dir)
        for kind, name, flt in [("coloring rule", n, f) for n, f in rules] + \
                               [("filter button", n, f) for n, f in buttons]:
            try:
                ts.run(["-C", PROFILE, "-r", any_capture, "-c", "1", "-Y", flt])
            except RuntimeError as e:
                errors.append("%s %r: filter %r does not compile: %s" % (kind, name, flt, e))

        # The coloring rule of each frame.
        seen = set()
        for capture, keys, expected in CASES:
            got = coloring(ts, source_dir, capture, keys)
            seen.update(got.values())
            if a.print:
                print(capture, keys, {k: v for k, v in got.items()})
                continue
            for frame, rule in expected.items():
                if got.get(frame) != rule:
                    errors.append("%s (keys %s) frame %d: coloring rule %r, expected %r"
                                  % (capture, keys, frame, got.get(frame), rule))
            if set(got) != set(expected):
                errors.append("%s (keys %s): frames %s, expected %s" % (capture, keys, sorted(got),
                                                                        sorted(expected)))
        trouble = [RETRANSMIT, AUTH_FAILED, ERROR, ICV_BAD, NOT_DECRYPTED, WEAK, MALFORMED, EVENT]
        if not a.print:
            for rule in trouble:
                if rule not in seen:
                    errors.append("coloring rule %r colors no frame" % rule)
            for name, _ in rules:
                if name not in (trouble + [IKE, ESP, "NAT-keepalive"]):
                    errors.append("coloring rule %r is not tested" % name)

        # The columns.
        for (index, frame), values in sorted(COLUMN_VALUES.items()):
            capture, keys, _ = CASES[index]
            titles, rows = psml_rows(ts, source_dir, capture, keys)
            if titles != COLUMNS:
                errors.append("columns %s, expected %s" % (titles, COLUMNS))
            row = rows[frame - 1]
            for title, text in values.items():
                if row.get(title) != text:
                    errors.append("%s frame %d column %s: %r, expected %r"
                                  % (capture, frame, title, row.get(title), text))
        if a.print:
            for index, (capture, keys, _) in enumerate(CASES[:2]):
                titles, rows = psml_rows(ts, source_dir, capture, keys)
                print(titles)
                for r in rows:
                    print(index, r)
    for e in errors:
        print("FAIL:", e)
    if errors:
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
