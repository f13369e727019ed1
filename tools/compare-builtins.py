#!/usr/bin/env python3
"""What Wireshark's built-in dissectors (packet-isakmp.c, packet-ipsec.c) decrypt and show on
the repository's test captures, against what the plugin does on the same files.

  compare-builtins.py [measure] --build-dir B --source-dir S [--out FILE] [--jobs N]
      Runs the tshark on PATH (one Wireshark version) twice per capture: stock, with the
      built-in dissectors alone, and with the plugin built in B (B/plugins/<x.y>/epan/ikev2.so).
      Writes JSON: the version, and per comparison row the counts for both.
  compare-builtins.py render --source-dir S --out docs/comparison.md RESULT.json...
      The Markdown page from one JSON file per Wireshark version.

tools/compare-builtins.sh runs both for Wireshark 4.0, 4.4 and 4.6. Every number comes from
tshark's PDML output; the denominators come from the capture bytes themselves (a small
pcap walker here), so neither dissector decides how many messages there are.
"""
import argparse
import concurrent.futures
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "tshark"))
import canonical  # noqa: E402
from tshark_env import Tshark  # noqa: E402

# Built-in ESP decryption is off by default, and so is its ICV check.
ESP_PREFS = ("esp.enable_encryption_decode", "esp.enable_authentication_check")


# --------------------------------------------------------------------------------------
# The capture bytes: how many IKE messages, ESP packets, keepalives there are.

def read_pcap(path):
    data = open(path, "rb").read()
    magic = struct.unpack("<I", data[:4])[0]
    endian = "<" if magic in (0xa1b2c3d4, 0xa1b23c4d) else ">"
    linktype = struct.unpack(endian + "I", data[20:24])[0]
    off, frames = 24, []
    while off + 16 <= len(data):
        _, _, incl, _ = struct.unpack(endian + "IIII", data[off:off + 16])
        frames.append(data[off + 16:off + 16 + incl])
        off += 16 + incl
    return linktype, frames


def ip_payload(frame, linktype):
    """(src, dst, protocol, payload) of an Ethernet/IPv4/IPv6 frame, or None."""
    if linktype != 1 or len(frame) < 14:
        return None
    off = 12
    etype = struct.unpack(">H", frame[off:off + 2])[0]
    while etype in (0x8100, 0x88a8):
        off += 4
        etype = struct.unpack(">H", frame[off:off + 2])[0]
    p = frame[off + 2:]
    if etype == 0x0800 and len(p) >= 20:
        ihl = (p[0] & 0x0f) * 4
        total = struct.unpack(">H", p[2:4])[0]
        return p[12:16], p[16:20], p[9], p[ihl:total]
    if etype == 0x86dd and len(p) >= 40:
        nh, off, plen = p[6], 40, struct.unpack(">H", p[4:6])[0]
        while nh in (0, 43, 60):  # hop-by-hop, routing, destination options
            nh, off = p[off], off + (p[off + 1] + 1) * 8
        return p[8:24], p[24:40], nh, p[off:40 + plen]
    return None


def ike_header(msg):
    """Facts of one IKE message (no non-ESP marker), or None if it is not one."""
    if len(msg) < 28:
        return None
    version, exch, flags = msg[17], msg[18], msg[19]
    length = struct.unpack(">I", msg[24:28])[0]
    if version >> 4 not in (1, 2) or length != len(msg):
        return None
    return {"version": version >> 4, "first": msg[16], "exch": exch, "flags": flags,
            "id": (msg[0:8], msg[20:24], flags & 0x20)}


def wire_inventory(path):
    """Counts taken from the bytes: IKEv2 messages (all, with SK, with SKF), the distinct
    fragmented messages, IKEv1 messages (all, encrypted), ESP packets, NAT-keepalives,
    and the UDP ports IKE or ESP used other than 500 and 4500."""
    linktype, frames = read_pcap(path)
    inv = {"ike2": 0, "ike2_sk": 0, "ike2_skf": 0, "ike2_frag_msgs": 0, "ike1": 0,
           "ike1_enc": 0, "esp": 0, "keepalive": 0, "udp_ports": [], "tcp_ike2": 0,
           "tcp_esp": 0}
    frag_ids, ports = set(), set()
    udp, marked_flows = [], set()
    tcp = {}

    def ike(msg, via_tcp=False):
        h = ike_header(msg)
        if not h:
            return False
        if h["version"] == 2:
            inv["ike2"] += 1
            inv["tcp_ike2"] += via_tcp
            if h["first"] in (46, 53):
                inv["ike2_sk"] += 1
            if h["first"] == 53:
                inv["ike2_skf"] += 1
                frag_ids.add(h["id"])
        else:
            inv["ike1"] += 1
            inv["ike1_enc"] += bool(h["flags"] & 1)
        return True

    for frame in frames:
        ipp = ip_payload(frame, linktype)
        if not ipp:
            continue
        src, dst, proto, p = ipp
        if proto == 50:
            inv["esp"] += 1
        elif proto == 17 and len(p) >= 8:
            sport, dport = struct.unpack(">HH", p[:4])
            flow = frozenset(((src, sport), (dst, dport)))
            data = p[8:]
            udp.append((flow, sport, dport, data))
            if len(data) > 4 and data[:4] == b"\0\0\0\0":
                marked_flows.add(flow)
        elif proto == 6 and len(p) >= 20:
            sport, dport, seq = struct.unpack(">HHI", p[:8])
            doff = (p[12] >> 4) * 4
            if len(p) > doff:
                tcp.setdefault((src, sport, dst, dport), {})[seq] = p[doff:]
    for flow, sport, dport, data in udp:
        if len(data) == 1 and data[0] == 0xff:
            inv["keepalive"] += 1
        elif data[:4] == b"\0\0\0\0" and ike(data[4:]):
            pass
        elif 500 in (sport, dport) and ike(data):
            pass
        elif flow in marked_flows or 4500 in (sport, dport):
            if len(data) >= 8:
                inv["esp"] += 1
        else:
            continue
        ports.update(x for x in (sport, dport) if x not in (500, 4500))
    for segs in tcp.values():
        # One RFC 8229 stream per direction: the segments in sequence order, each once.
        stream, end = b"", None
        for seq in sorted(segs):
            d = segs[seq]
            if end is not None and seq < end:
                d = d[end - seq:]
            stream += d
            end = seq + len(segs[seq]) if end is None else max(end, seq + len(segs[seq]))
        if stream.startswith(b"IKETCP"):
            stream = stream[6:]
        off = 0
        while off + 2 <= len(stream):
            n = struct.unpack(">H", stream[off:off + 2])[0]
            if n < 2 or off + n > len(stream):
                break
            body = stream[off + 2:off + n]
            if body[:4] == b"\0\0\0\0":
                ike(body[4:], via_tcp=True)
            elif len(body) >= 8:
                inv["esp"] += 1
                inv["tcp_esp"] += 1
            off += n
    inv["ike2_frag_msgs"] = len(frag_ids)
    inv["udp_ports"] = sorted(ports)
    return inv


# --------------------------------------------------------------------------------------
# tshark's PDML: one record per IKE message and per ESP packet, whoever dissected it.

IKE_PROTOS = ("isakmp", "ikev2")
ESP_PROTOS = ("esp", "ipsec")
# The inner packet counts as dissected when a transport layer follows the ESP layer: a
# wrong key or a misread packet stops at the inner IP header ("Bogus IP version").
INNER_PROTOS = ("icmp", "icmpv6", "udp", "tcp")


def proto_fields(proto):
    """(name, show, showname) of every field of a proto element, not of protos inside it."""
    out = []
    stack = list(proto)
    while stack:
        el = stack.pop(0)
        if el.tag == "proto":
            continue
        if el.tag == "field":
            out.append((el.get("name", ""), el.get("show", ""), el.get("showname", "")))
        stack = list(el) + stack
    return out


def all_protos(packet):
    """Every proto element of a packet in document order (nested ones too)."""
    out = []

    def walk(el):
        for child in el:
            if child.tag == "proto":
                out.append(child)
            walk(child)
    walk(packet)
    return out


def truthy(show):
    return canonical.field_bool(show) == "1"


def ike_record(name, fields):
    names = [f[0] for f in fields]
    rec = {"version": 2, "enc": False, "decrypted": False, "verified": False,
           "unchecked": False, "bad": False, "reassembled": False, "frag": False}
    if name == "isakmp":
        for n, show, _ in fields:
            if n == "isakmp.version":
                rec["version"] = 1 if show in ("0x10", "16") else 2
        types = [int(s) for n, s, _ in fields if n == "isakmp.typepayload" and s.isdigit()]
        rec["enc"] = any(t in (46, 53) for t in types) or (
            rec["version"] == 1 and any(n == "isakmp.flag_e" and truthy(s) for n, s, _ in fields))
        rec["frag"] = 53 in types
        if rec["version"] == 1:
            # IKEv1: decrypted when payloads are shown inside an encrypted message.
            rec["decrypted"] = rec["enc"] and bool(types)
            rec["verified"] = rec["decrypted"]
            return rec
        rec["decrypted"] = "isakmp.enc.decrypted" in names
        icd = " ".join(sn for n, _, sn in fields if n == "isakmp.enc.icd")
        if rec["decrypted"]:
            if "[correct]" in icd:
                rec["verified"] = True
            elif "incorrect" in icd or "isakmp.ikev2.integrity_checksum" in names:
                rec["bad"] = True
            else:
                rec["unchecked"] = True
        inner = [t for t in types if t not in (46, 53)]
        rec["reassembled"] = "isakmp.fragment.count" in names and rec["decrypted"] and bool(inner)
        return rec
    types = [int(s) for n, s, _ in fields if n == "ikev2.payload.type" and s.isdigit()]
    rec["enc"] = any(t in (46, 53) for t in types) or any(
        n.startswith("ikev2.sk.") or n.startswith("ikev2.skf.") for n in names)
    rec["frag"] = 53 in types or any(n.startswith("ikev2.skf.") for n in names)
    rec["decrypted"] = "ikev2.sk.decrypted" in names or "ikev2.skf.plaintext" in names
    good = [truthy(s) for n, s, _ in fields if n == "ikev2.sk.icv_good"]
    if rec["decrypted"]:
        if good and all(good):
            rec["verified"] = True
        elif good:
            rec["bad"] = True
        else:
            rec["unchecked"] = True
    elif good and not all(good):
        rec["bad"] = True
    rec["reassembled"] = "ikev2.fragment.count" in names and "ikev2.sk.decrypted" in names
    return rec


def esp_record(name, fields, inner):
    names = [f[0] for f in fields]
    rec = {"verified": False, "decrypted": False, "bad": False, "inner": bool(inner),
           "echo": any(i in ("icmp:8", "icmp:0", "icmpv6:128", "icmpv6:129") for i in inner)}
    if name == "esp":
        good = any(n == "esp.icv_good" and truthy(s) for n, s, _ in fields)
        bad = any(n == "esp.icv_bad" and truthy(s) for n, s, _ in fields)
        rec["decrypted"] = "esp.decrypted_data" in names or bool(inner)
        rec["verified"] = good and rec["decrypted"]
        rec["bad"] = bad
    else:
        status = [s for n, s, _ in fields if n == "ipsec.icv.status"]
        rec["verified"] = "1" in status
        rec["bad"] = "2" in status
        rec["decrypted"] = rec["verified"] or "3" in status or bool(inner)
    return rec


def parse_pdml(text):
    """Per IKE message and per ESP packet, what was shown; and NAT-keepalives."""
    out = {"ike": [], "esp": [], "keepalive": 0}
    root = ET.fromstring(text)
    for packet in root.iter("packet"):
        protos = all_protos(packet)
        for i, proto in enumerate(protos):
            name = proto.get("name")
            fields = proto_fields(proto)
            if name in IKE_PROTOS:
                out["ike"].append(ike_record(name, fields))
            elif name in ESP_PROTOS:
                inner = []
                for nxt in protos[i + 1:]:
                    n = nxt.get("name")
                    if n in ESP_PROTOS or n in IKE_PROTOS:
                        break
                    if n in INNER_PROTOS:
                        typ = ""
                        if n in ("icmp", "icmpv6"):
                            typ = next((s for f, s, _ in proto_fields(nxt) if f == n + ".type"), "")
                        inner.append("%s:%s" % (n, typ))
                out["esp"].append(esp_record(name, fields, inner))
            elif name in ("udpencap", "natt"):
                out["keepalive"] += sum(1 for f in fields if f[0] in ("udpencap.nat_keepalive",
                                                                        "natt.keepalive"))
    return out


def summarize(parsed):
    ike2 = [r for r in parsed["ike"] if r["version"] == 2]
    ike1 = [r for r in parsed["ike"] if r["version"] == 1]
    esp = parsed["esp"]
    return {
        "ike2": len(ike2),
        "ike2_sk": sum(r["enc"] for r in ike2),
        "ike2_verified": sum(r["enc"] and r["verified"] for r in ike2),
        "ike2_unchecked": sum(r["enc"] and r["unchecked"] for r in ike2),
        "ike2_bad": sum(r["enc"] and r["bad"] for r in ike2),
        "ike2_bad_shown": sum(r["enc"] and r["bad"] and r["decrypted"] for r in ike2),
        "ike2_skf": sum(r["frag"] for r in ike2),
        "ike2_skf_verified": sum(r["frag"] and r["verified"] for r in ike2),
        "ike2_reassembled": sum(r["reassembled"] for r in ike2),
        "ike1": len(ike1),
        "ike1_decrypted": sum(r["decrypted"] for r in ike1),
        "esp": len(esp),
        "esp_ok": sum(r["verified"] and r["inner"] for r in esp),
        "esp_unverified": sum(r["decrypted"] and r["inner"] and not r["verified"] and not r["bad"]
                              for r in esp),
        "esp_bad": sum(r["bad"] for r in esp),
        "esp_inner": sum(r["inner"] for r in esp),
        "esp_echo": sum(r["verified"] and r["echo"] for r in esp),
        "keepalive": parsed["keepalive"],
    }


# --------------------------------------------------------------------------------------
# Keys: the files in each capture folder, and tables for the built-in where none is committed.

def read_keys_txt(path):
    """IKE SAs and ESP SAs of a lab keys.txt."""
    ikes, esps, cur = [], [], None
    if not os.path.exists(path):
        return ikes, esps
    for line in open(path):
        line = line.strip()
        if line.startswith("ike_version=2"):
            cur = dict(w.split("=", 1) for w in line.split() if "=" in w)
            ikes.append(cur)
        elif cur is not None and re.match(r"SK_[A-Z]+=", line):
            k, v = line.split("=", 1)
            cur[k] = v
        elif line.startswith("esp "):
            esps.append(dict(w.split("=", 1) for w in line.split()[1:] if "=" in w))
    return ikes, esps


class Library:
    """Names of the running Wireshark's algorithm choices, read from libwireshark: only
    used to find candidate names to try in a table; tshark decides which it accepts."""

    def __init__(self):
        self.strings = set()
        try:
            tshark = shutil.which("tshark")
            out = subprocess.run(["ldd", tshark], capture_output=True, text=True).stdout
            m = re.search(r"libwireshark\.so\S* => (\S+)", out)
            if m:
                data = open(m.group(1), "rb").read()
                self.strings = {s.decode() for s in re.findall(rb"[ -~]{6,80}", data)
                                if b"[RFC" in s or b"No Checking" in s or b"no checking" in s}
        except OSError:
            pass

    def matching(self, pattern):
        return sorted(s for s in self.strings if re.search(pattern, s, re.I))


# Names Wireshark 4.0's ikev2_decryption_table already has (not listed when a row is refused).
STANDARD_IKE_NAMES = {"NONE [RFC4306]", "HMAC_SHA1_96 [RFC2404]", "HMAC_MD5_96 [RFC2403]",
                      "HMAC_SHA2_256_128 [RFC4868]", "HMAC_SHA2_384_192 [RFC4868]",
                      "HMAC_SHA2_512_256 [RFC4868]"}


def ike_name_candidates(lib, encr, integ):
    """(encryption names, integrity names) to try for strongSwan's algorithm names."""
    e, i = [], []
    m = re.match(r"AES_CBC_(\d+)", encr)
    if m:
        e = ["AES-CBC-%s [RFC3602]" % m.group(1)]
    m = re.match(r"AES_CTR_(\d+)", encr)
    if m:
        e = ["AES-CTR-%s [RFC5930]" % m.group(1)]
    if encr == "3DES_CBC":
        e = ["3DES [RFC2451]"]
    m = re.match(r"AES_(GCM|CCM)_(\d+)_(\d+)", encr)
    if m:
        e = ["AES-%s-%s with %s octet ICV [RFC5282]" % (m.group(1), m.group(3), m.group(2))]
    m = re.match(r"CAMELLIA_(CBC|CTR)_(\d+)", encr)
    if m:
        e = ["CAMELLIA-%s-%s [RFC5529]" % (m.group(1), m.group(2))] + \
            lib.matching(r"camellia.*%s|%s.*camellia" % (m.group(2), m.group(2)))
    if encr == "CHACHA20_POLY1305":
        e = ["ChaCha20-Poly1305 [RFC7634]"] + lib.matching(r"chacha")
    if integ in ("HMAC_SHA2_256_128", "HMAC_SHA2_384_192", "HMAC_SHA2_512_256"):
        i = ["%s [RFC4868]" % integ]
    elif integ == "HMAC_SHA1_96":
        i = ["HMAC_SHA1_96 [RFC2404]"]
    elif integ == "HMAC_MD5_96":
        i = ["HMAC_MD5_96 [RFC2403]"]
    elif integ == "none":
        i = ["NONE [RFC4306]"]
    elif integ == "AES_XCBC_96":
        i = ["AES-XCBC-96 [RFC3566]"] + lib.matching(r"xcbc")
    elif integ == "AES_CMAC_96":
        i = ["AES-CMAC-96 [RFC4494]"] + lib.matching(r"cmac.*96")
    # Last resort, as a user would do it: the built-in's "any 96 bits, not checked".
    if integ.endswith("_96") and integ not in ("HMAC_SHA1_96", "HMAC_MD5_96"):
        i += lib.matching(r"^ANY 96-bits")
    seen = set()
    return ([x for x in e if not (x in seen or seen.add(x))],
            [x for x in i if not (x in seen or seen.add(x))])


def esp_name_candidates(lib, encr):
    """(encryption, integrity) name pairs to try for an ESP SA the folder has no esp_sa for."""
    if encr == "CHACHA20_POLY1305":
        return [(n, "NULL") for n in ["ChaCha20-Poly1305 [RFC7634]"] +
                [s for s in lib.matching(r"chacha") if "IIV" not in s]]
    if encr.startswith("NULL_AES_GMAC"):
        # No GMAC in the built-in's table: the closest a user can say is NULL encryption
        # with an unchecked 128-bit ICV.
        return [(n, "NULL") for n in lib.matching(r"^AES-GMAC") if "RFC4543" in n] + \
               [("NULL", n) for n in lib.matching(r"^ANY 128 bit")]
    return []


# --------------------------------------------------------------------------------------

class Runner:
    def __init__(self, source_dir, build_dir):
        self.source = source_dir
        self.plugin_dir = os.path.join(build_dir, "plugins") if build_dir else None
        self.lib = Library()
        self.accepted = {}

    def folder(self, scenario):
        return os.path.join(self.source, "test-captures", scenario)

    def run(self, plugin, scenario, config=None, key_file=None, args=(), pdml=True):
        """tshark on a capture: config files {name: text}, an optional ikev2.key_file.
        Returns (stdout, stderr)."""
        with Tshark(self.plugin_dir if plugin else None) as ts:
            for name, text in (config or {}).items():
                ts.config_file(name, text)
            cmd = ["-r", ts.stage(os.path.join(self.folder(scenario), "capture.pcap"))]
            for p in ESP_PREFS:
                cmd += ["-o", p + ":TRUE"]
            if key_file:
                cmd += ["-o", "ikev2.key_file:" + ts.stage(key_file)]
            cmd += list(args)
            if pdml:
                cmd += ["-T", "pdml"]
            p = subprocess.run(ts.command(cmd), env=ts.env(), capture_output=True, text=True,
                               cwd=ts.home)
            if "Couldn't load plugin" in p.stderr or p.returncode != 0:
                raise RuntimeError("tshark %s failed (%d): %s" % (" ".join(cmd), p.returncode,
                                                                  p.stderr))
            return p.stdout, p.stderr

    def table_error(self, stderr):
        """What tshark said about the tables it was given (errors and UAT warnings), the
        first such line, without the time stamp."""
        for line in stderr.splitlines():
            if re.search(r"Error loading table|UAT WARNING|invalid value|does not match", line):
                return re.sub(r"^.*?(\[UAT WARNING\] -- |tshark: )", "", line.strip())
        return ""

    def accepts(self, scenario, name, text):
        """Does the built-in load this table without complaint? (cached per text)"""
        key = (name, text)
        if key not in self.accepted:
            _, err = self.run(False, scenario, {name: text}, args=["-c", "1"], pdml=False)
            self.accepted[key] = self.table_error(err)
        return self.accepted[key]

    def committed(self, scenario):
        d = self.folder(scenario)
        return {name: open(os.path.join(d, name)).read()
                for name in ("ikev2_decryption_table", "esp_sa", "ikev1_decryption_table")
                if os.path.exists(os.path.join(d, name))}

    def builtin_tables(self, scenario):
        """The tables given to the built-in: the folder's own where it has them, else rows
        made from keys.txt with the first names this Wireshark accepts. Returns
        ({file: text}, [notes])."""
        d = self.folder(scenario)
        files, notes = self.committed(scenario), []
        ikes, esps = read_keys_txt(os.path.join(d, "keys.txt"))
        if "ikev2_decryption_table" not in files and ikes:
            rows = []
            for sa in ikes:
                enames, inames = ike_name_candidates(self.lib, sa["encr"], sa["integ"])
                row = None
                for e in enames:
                    for i in inames:
                        unchecked = i.startswith("ANY")
                        text = '%s,%s,%s,%s,"%s",%s,%s,"%s"' % (
                            sa["spi_i"], sa["spi_r"], sa.get("SK_EI", ""), sa.get("SK_ER", ""), e,
                            "" if unchecked else sa.get("SK_AI", ""),
                            "" if unchecked else sa.get("SK_AR", ""), i)
                        if not self.accepts(scenario, "ikev2_decryption_table", text + "\n"):
                            row = (text, e, i)
                            break
                    if row:
                        break
                if row:
                    rows.append(row[0])
                    notes.append(("ike", 'ikev2_decryption_table row written from keys.txt: '
                                  '"%s" / "%s"' % (row[1], row[2])))
                else:
                    tried = [x for x in enames + inames if x not in STANDARD_IKE_NAMES]
                    notes.append(("ike", "no ikev2_decryption_table row accepted for %s / %s "
                                  "(tried %s)" % (sa["encr"], sa["integ"],
                                                  ", ".join('"%s"' % x for x in tried))))
            if rows:
                files["ikev2_decryption_table"] = "\n".join(rows) + "\n"
        if os.path.exists(os.path.join(d, "esp_sa-with-esn")):
            text = open(os.path.join(d, "esp_sa-with-esn")).read()
            err = self.accepts(scenario, "esp_sa", text)
            if not err:
                files["esp_sa"] = text
                notes.append(("esp", "esp_sa with the ESN column (the folder's esp_sa-with-esn)"))
            else:
                notes.append(("esp", "the folder's esp_sa, without the ESN column: this version "
                              'warns "%s"' % err))
        if "esp_sa" not in files and esps:
            rows = []
            for sa in esps:
                pair = None
                for e, i in esp_name_candidates(self.lib, sa["encr"]):
                    key = sa.get("enc_key", "") if e != "NULL" else ""
                    text = '"IPv4","%s","%s","%s","%s","%s","%s",""' % (
                        sa["src"], sa["dst"], sa["spi"], e, "0x" + key if key else "", i)
                    if not self.accepts(scenario, "esp_sa", text + "\n"):
                        pair = (e, i, text)
                        break
                if pair:
                    rows.append(pair[2])
                    note = 'esp_sa rows written from keys.txt: "%s" / "%s"' % (pair[0], pair[1])
                else:
                    tried = esp_name_candidates(self.lib, sa["encr"])
                    note = "no esp_sa row accepted for %s%s" % (sa["encr"], " (tried %s)" % ", ".join(
                        '"%s"' % e for e, _ in tried) if tried else " (no candidate name)")
                if ("esp", note) not in notes:
                    notes.append(("esp", note))
            if rows:
                files["esp_sa"] = "\n".join(rows) + "\n"
        return files, notes

    def plugin_keys(self, scenario):
        """The plugin's keys: the folder's committed tables (as Wireshark 4.0 writes them) and
        one key file for what they cannot say. Returns ({file: text}, key file or None)."""
        d = self.folder(scenario)
        files = self.committed(scenario)
        charon = os.path.join(d, "keys", "charon-b+list-sas.log")
        xfrm = os.path.join(d, "keys", "xfrm-state-b.txt")
        key_file = None
        if os.path.exists(os.path.join(d, "esp_sa-with-esn")):
            key_file = os.path.join(d, "esp_sa-with-esn")
        elif "ikev2_decryption_table" not in files and os.path.exists(charon):
            key_file = charon
        elif "esp_sa" not in files and os.path.exists(xfrm):
            key_file = xfrm
        elif "esp_sa" not in files and os.path.exists(charon):
            key_file = charon
        return files, key_file


def scenarios(source):
    root = os.path.join(source, "test-captures")
    return sorted(s for s in os.listdir(root)
                  if os.path.exists(os.path.join(root, s, "capture.pcap")))


def measure(args):
    source = os.path.abspath(args.source_dir)
    build = os.path.abspath(args.build_dir)
    version_line = subprocess.run(["tshark", "--version"], capture_output=True,
                                  text=True).stdout.splitlines()[0]
    m = re.search(r"(\d+)\.(\d+)\.(\d+)", version_line)
    major_minor = "%s.%s" % (m.group(1), m.group(2))
    so = os.path.join(build, "plugins", major_minor, "epan", "ikev2.so")
    if not os.path.exists(so):
        sys.exit("no plugin for Wireshark %s: %s is missing" % (major_minor, so))
    r = Runner(source, build)
    with Tshark(r.plugin_dir) as ts:
        if not re.search(r"^ikev2\.so\s", ts.run(["-G", "plugins"]), re.M):
            sys.exit("the plugin in %s does not load" % build)
    with Tshark(None) as ts:
        if re.search(r"^ikev2\.so\s", ts.run(["-G", "plugins"]), re.M):
            sys.exit("stock tshark loads ikev2.so: the built-in run would not be stock")
        prefs = ts.run(["-G", "defaultprefs"])
    for p in ESP_PREFS + ("esp.enable_null_encryption_decode_heuristic",):
        if not re.search(r"^#?%s:" % re.escape(p), prefs, re.M):
            sys.exit("preference %s does not exist in Wireshark %s" % (p, major_minor))

    names = scenarios(source)
    wire = {s: wire_inventory(os.path.join(r.folder(s), "capture.pcap")) for s in names}
    jobs = []   # (scenario, run id, function)
    keys = {}
    for s in names:
        d = r.folder(s)
        committed = r.committed(s)
        b_files, b_notes = r.builtin_tables(s)
        p_files, p_key = r.plugin_keys(s)
        ptext = "the folder's tables" if p_files else ""
        if p_key:
            ptext += (" + " if ptext else "") + os.path.relpath(p_key, d)

        def btext(area):
            own = [n for a, n in b_notes if a == area or area == "all"]
            if own:
                return "; ".join(own)
            return "the folder's tables" if committed else "none"
        keys[s] = {"builtin": btext("all"), "builtin_ike": btext("ike"),
                   "builtin_esp": btext("esp"), "plugin": ptext or "none",
                   "any": bool(b_files or p_key),
                   "builtin_files": sorted(b_files),
                   # Tables the built-in got that are not the folder's own files.
                   "builtin_written": sorted(f for f in b_files if b_files[f] != committed.get(f))}
        jobs.append((s, "builtin", lambda s=s, f=b_files: r.run(False, s, f)))
        jobs.append((s, "plugin", lambda s=s, f=p_files, k=p_key: r.run(True, s, f, k)))
        if any(b_files[f] != committed.get(f) for f in b_files):
            # The built-in's tables, as this version took them, given to the plugin alone.
            jobs.append((s, "plugin_same", lambda s=s, f=b_files: r.run(True, s, f)))
        skd = os.path.join(d, "ike-sk_d.keys")
        if os.path.exists(skd) and wire[s]["esp"]:
            ike_only = {k: v for k, v in b_files.items() if k == "ikev2_decryption_table"}
            jobs.append((s, "builtin_ike_only", lambda s=s, f=ike_only: r.run(False, s, f)))
            jobs.append((s, "plugin_sk_d", lambda s=s, k=skd: r.run(True, s, None, k)))
        # Decode As where IKE and ESP use ports neither dissector takes by default.
        ports = wire[s]["udp_ports"]
        if ports and (wire[s]["ike2"] or wire[s]["esp"]):
            bda, pda = [], []
            for port in ports:
                bda += ["-d", "udp.port==%d,udpencap" % port]
                pda += ["-d", "udp.port==%d,natt" % port]
            jobs.append((s, "builtin_decode_as", lambda s=s, f=b_files, a=bda: r.run(False, s, f, args=a)))
            jobs.append((s, "plugin_decode_as",
                         lambda s=s, f=p_files, k=p_key, a=pda: r.run(True, s, f, k, args=a)))
        if wire[s]["tcp_ike2"] or wire[s]["tcp_esp"]:
            jobs.append((s, "builtin_decode_as", lambda s=s, f=b_files: r.run(
                False, s, f, args=["-d", "tcp.port==4500,tcpencap"])))
        if s == "esp-aescbc-sha256" and "esp_sa" in committed:
            # The same esp_sa with "*" for both addresses, as users often write it.
            wild = {"esp_sa": re.sub(r'^("IPv[46]"),"[^"]*","[^"]*"', r'\1,"*","*"',
                                     committed["esp_sa"], flags=re.M)}
            jobs.append((s, "builtin_wildcard", lambda s=s, f=wild: r.run(False, s, f)))
            jobs.append((s, "plugin_wildcard", lambda s=s, f=wild: r.run(True, s, f)))
        if s == "esp-null":
            # NULL encryption read without keys: each side's heuristic preference on.
            jobs.append((s, "builtin_null_heuristic", lambda s=s: r.run(
                False, s, None, args=["-o", "esp.enable_null_encryption_decode_heuristic:TRUE"])))
            jobs.append((s, "plugin_null_heuristic", lambda s=s: r.run(
                True, s, None, args=["-o", "ipsec.null_heuristic:TRUE"])))

    results = {s: {} for s in names}
    messages = {s: {} for s in names}
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        futures = {pool.submit(fn): (s, rid) for s, rid, fn in jobs}
        for fut in concurrent.futures.as_completed(futures):
            s, rid = futures[fut]
            out, err = fut.result()
            results[s][rid] = summarize(parse_pdml(out))
            e = r.table_error(err)
            if e:
                messages[s][rid] = e
    return {
        "wireshark": major_minor,
        "tshark_version": version_line,
        "captures": {s: {"wire": wire[s], "keys": keys[s], "runs": results[s],
                         "tshark_said": messages[s]} for s in names},
    }


# --------------------------------------------------------------------------------------
# The comparison rows: which capture, which runs, which count.

IKE_ROWS = [
    ("AES-CBC-128 / HMAC-SHA2-256-128", "psk-aescbc-sha256"),
    ("AES-CBC-128 / HMAC-SHA2-384-192", "ike-aes128-sha384"),
    ("AES-CBC-192 / HMAC-MD5-96", "ike-aes192-md5-cmac"),
    ("AES-CBC-256 / AES-CMAC-96", "ike-aes256-cmac-sha384"),
    ("AES-CTR-128 / HMAC-SHA2-256-128", "ike-aes128ctr"),
    ("AES-CTR-192 / HMAC-SHA1-96", "ike-aes192ctr-sha1"),
    ("AES-CTR-256 / HMAC-SHA2-512-256", "ike-aes256ctr-sha512"),
    ("3DES / HMAC-SHA1-96", "ike-3des-sha1"),
    ("Camellia-CBC-128 / HMAC-SHA2-256-128", "ike-camellia128"),
    ("Camellia-CBC-192 / HMAC-SHA2-512-256", "ike-camellia192"),
    ("Camellia-CBC-256 / AES-XCBC-96", "ike-camellia-xcbc"),
    ("AES-GCM-128, 8-octet ICV", "ike-aes128gcm8"),
    ("AES-GCM-192, 12-octet ICV", "ike-aes192gcm12"),
    ("AES-GCM-256, 16-octet ICV", "aes-gcm"),
    ("AES-CCM-128, 8-octet ICV", "ike-aes128ccm8"),
    ("AES-CCM-192, 12-octet ICV", "ike-aes192ccm12"),
    ("AES-CCM-256, 16-octet ICV", "ike-aes256ccm16"),
    ("ChaCha20-Poly1305", "chacha20"),
    ("AES-CBC-128 / HMAC-SHA2-256-128, IKE SA rekeyed (two IKE SAs)", "rekey"),
    ("AES-CBC-128 / HMAC-SHA2-256-128, libreswan initiator", "libreswan-psk"),
    ("AES-CBC-128 / HMAC-SHA2-256-128, VoWiFi: ePDG attach, EAP-AKA, UDP 4500 (generated)", "vowifi"),
]

ESP_ROWS = [
    ("AES-CBC-128 / HMAC-SHA2-256, tunnel, IP protocol 50", "esp-aescbc-sha256"),
    ("AES-CBC-128 / HMAC-SHA2-256, transport mode", "esp-transport"),
    ("AES-CBC-128 / HMAC-SHA2-256, in UDP 4500", "psk-aescbc-sha256"),
    ("AES-CBC-128 / HMAC-SHA2-256, IPv6", "ipv6"),
    ("AES-CBC-128 / HMAC-SHA2-256, 8 SAs (CHILD_SA rekeys)", "rekey"),
    ("AES-CBC-128 / HMAC-SHA2-256 with ESN", "esp-esn"),
    ("AES-GCM-128, 16-octet ICV, IP protocol 50", "esp-aesgcm"),
    ("AES-GCM-128, 16-octet ICV, in UDP 4500", "aes-gcm"),
    ("ChaCha20-Poly1305, IP protocol 50", "esp-chacha20"),
    ("ChaCha20-Poly1305, in UDP 4500", "chacha20"),
    ("AES-GMAC (ENCR_NULL_AUTH_AES_GMAC)", "esp-gmac"),
    ("NULL / HMAC-SHA2-256", "esp-null"),
    ("AES-CBC-128 / HMAC-SHA2-256, libreswan initiator", "libreswan-psk"),
    ("ESP of an IKEv1 SA", "ikev1-psk"),
]

# Algorithms a capture could have but none has (looked up in every keys.txt).
COVERAGE = [("IKE Camellia-CTR", r"^ike.*encr=CAMELLIA_CTR"),
            ("IKE ENCR_NULL", r"^ike.*encr=NULL\b"),
            ("ESP AES-CCM", r"^esp .*encr=AES_CCM"), ("ESP AES-CTR", r"^esp .*encr=AES_CTR"),
            ("ESP 3DES", r"^esp .*encr=3DES"), ("ESP Camellia", r"^esp .*encr=CAMELLIA"),
            ("ESP HMAC-SHA1-96", r"^esp .*integ=HMAC_SHA1"),
            ("ESP HMAC-SHA2-384/512", r"^esp .*integ=HMAC_SHA2_(384|512)"),
            ("ESP AES-XCBC / AES-CMAC", r"^esp .*integ=AES_(XCBC|CMAC)")]


def cell(ok, n, extra, shown=None):
    text = "%d/%d" % (ok, n)
    if extra:
        text += " (%s)" % ", ".join(extra)
    return {"ok": ok, "n": n, "shown": ok if shown is None else shown, "text": text}


def ike_cell(run, wire):
    n = wire["ike2_sk"]
    if run is None:
        return None
    extra = []
    if run["ike2_unchecked"]:
        extra.append("%d decrypted, ICV not checked" % run["ike2_unchecked"])
    if run["ike2_bad"]:
        shown = run.get("ike2_bad_shown", 0)
        extra.append("%d ICV bad%s" % (run["ike2_bad"], ", %d of them shown decrypted anyway" % shown
                                       if shown else ""))
    if run["ike2_sk"] < n:
        extra.append("%d not dissected as encrypted IKEv2" % (n - run["ike2_sk"]))
    return cell(run["ike2_verified"], n, extra, run["ike2_verified"] + run["ike2_unchecked"])


def esp_cell(run, wire, inner_only=False):
    n = wire["esp"]
    if run is None:
        return None
    if inner_only:
        return cell(run["esp_inner"], n, [])
    extra = []
    if run["esp_unverified"]:
        extra.append("%d decrypted, ICV not checked" % run["esp_unverified"])
    if run["esp_bad"]:
        extra.append("%d ICV bad" % run["esp_bad"])
    if run["esp"] < n:
        extra.append("%d not dissected as ESP" % (n - run["esp"]))
    return cell(run["esp_ok"], n, extra, run["esp_ok"] + run["esp_unverified"])


def rows_for(res):
    """Every comparison row of one version's results, as dicts: area, label, capture,
    keys (built-in, plugin), and the built-in's and the plugin's cells."""
    caps = res["captures"]
    rows = []

    def add(area, label, capture, keys, b, p):
        if b is not None and p is not None:
            rows.append({"area": area, "label": label, "capture": capture, "keys": keys,
                         "builtin": b, "plugin": p})

    def k(s, area="builtin"):
        return (caps[s]["keys"][area], caps[s]["keys"]["plugin"])

    def run(s, rid):
        return caps[s]["runs"].get(rid)

    for label, s in IKE_ROWS:
        if s in caps:
            add("ike", label, s, k(s, "builtin_ike"), ike_cell(run(s, "builtin"), caps[s]["wire"]),
                ike_cell(run(s, "plugin"), caps[s]["wire"]))
    with_keys = [s for s in caps if caps[s]["keys"]["any"]]
    b = sum(caps[s]["runs"]["builtin"]["ike2_verified"] for s in with_keys)
    bu = sum(caps[s]["runs"]["builtin"]["ike2_unchecked"] for s in with_keys)
    p = sum(caps[s]["runs"]["plugin"]["ike2_verified"] for s in with_keys)
    n = sum(caps[s]["wire"]["ike2_sk"] for s in with_keys)
    add("ike", "Every capture with keys (%d), together" % len(with_keys), "all",
        ("as in the rows", "as in the rows"),
        cell(b, n, ["%d decrypted, ICV not checked" % bu] if bu else [], b + bu), cell(p, n, []))

    for label, s in ESP_ROWS:
        if s in caps:
            add("esp", label, s, k(s, "builtin_esp"), esp_cell(run(s, "builtin"), caps[s]["wire"]),
                esp_cell(run(s, "plugin"), caps[s]["wire"]))
    if "esp-null" in caps:
        add("esp", "NULL / HMAC-SHA2-256 read without keys (heuristic preference on); "
            "count: inner packet dissected", "esp-null",
            ("none; esp.enable_null_encryption_decode_heuristic:TRUE", "none; ipsec.null_heuristic:TRUE"),
            esp_cell(run("esp-null", "builtin_null_heuristic"), caps["esp-null"]["wire"], True),
            esp_cell(run("esp-null", "plugin_null_heuristic"), caps["esp-null"]["wire"], True))
    skd = [s for s in caps if "plugin_sk_d" in caps[s]["runs"]]
    b = sum(caps[s]["runs"]["builtin_ike_only"]["esp_ok"] for s in skd)
    p = sum(caps[s]["runs"]["plugin_sk_d"]["esp_ok"] for s in skd)
    n = sum(caps[s]["wire"]["esp"] for s in skd)
    add("esp", "No ESP keys, only the IKE SA's keys: every capture with ESP and SK_d (%d), together"
        % len(skd), "all", ("ikev2_decryption_table only (it has no SK_d column)",
                            "ike-sk_d.keys only (IKE keys with SK_d)"),
        cell(b, n, []), cell(p, n, []))
    b = sum(caps[s]["runs"]["builtin"]["esp_ok"] for s in with_keys)
    p = sum(caps[s]["runs"]["plugin"]["esp_ok"] for s in with_keys)
    n = sum(caps[s]["wire"]["esp"] for s in with_keys)
    add("esp", "Every capture with keys (%d), together" % len(with_keys), "all",
        ("as in the rows", "as in the rows"), cell(b, n, []), cell(p, n, []))

    # Transport and framing.
    if "frag-cert" in caps:
        s, w = "frag-cert", caps["frag-cert"]["wire"]
        add("transport", "IKE fragments (RFC 7383): SKF payloads decrypted with a good ICV", s, k(s),
            cell(run(s, "builtin")["ike2_skf_verified"], w["ike2_skf"], []),
            cell(run(s, "plugin")["ike2_skf_verified"], w["ike2_skf"], []))
        add("transport", "IKE fragments: fragmented messages reassembled, inner payloads dissected",
            s, k(s), cell(run(s, "builtin")["ike2_reassembled"], w["ike2_frag_msgs"], []),
            cell(run(s, "plugin")["ike2_reassembled"], w["ike2_frag_msgs"], []))
    for s, title in (("nonstandard-port", None), ("tcp-rfc8229", "RFC 8229 TCP")):
        if s not in caps:
            continue
        w = caps[s]["wire"]
        if title is None:
            title = "IKE and ESP on UDP %s" % "/".join(str(x) for x in w["udp_ports"])
            da = ("Decode As %s: udpencap" % ", ".join("udp.port==%d" % x for x in w["udp_ports"]),
                  "Decode As: natt")
            pda = "plugin_decode_as"
        else:
            da = ("Decode As tcp.port==4500: tcpencap", "none needed")
            pda = "plugin"
        for how, brid, prid, extra in (("nothing configured", "builtin", "plugin", ("", "")),
                                       ("with Decode As", "builtin_decode_as", pda, da)):
            b, p = run(s, brid), run(s, prid)
            if b is None or p is None:
                continue
            kk = tuple(x + ("; " + e if e else "") for x, e in zip(k(s), extra))
            add("transport", "%s, %s: IKEv2 messages dissected" % (title, how), s, kk,
                cell(b["ike2"], w["ike2"], []), cell(p["ike2"], w["ike2"], []))
            add("transport", "%s, %s: encrypted IKEv2 decrypted, ICV good" % (title, how), s, kk,
                ike_cell(b, w), ike_cell(p, w))
            add("transport", "%s, %s: ESP decrypted, ICV good" % (title, how), s, kk,
                esp_cell(b, w), esp_cell(p, w))
    if "natt-keepalive" in caps:
        s, w = "natt-keepalive", caps["natt-keepalive"]["wire"]
        add("transport", "NAT-T: NAT-keepalives recognized", s, k(s),
            cell(run(s, "builtin")["keepalive"], w["keepalive"], []),
            cell(run(s, "plugin")["keepalive"], w["keepalive"], []))
        add("transport", "NAT-T: encrypted IKEv2 from behind the NAT decrypted, ICV good", s, k(s),
            ike_cell(run(s, "builtin"), w), ike_cell(run(s, "plugin"), w))
        add("transport", "NAT-T: ESP in UDP 4500 from behind the NAT decrypted, ICV good", s, k(s),
            esp_cell(run(s, "builtin"), w), esp_cell(run(s, "plugin"), w))
    if "ikev1-psk" in caps:
        s, w = "ikev1-psk", caps["ikev1-psk"]["wire"]
        add("transport", "IKEv1 (the plugin leaves it to the built-in): messages dissected", s, k(s),
            cell(run(s, "builtin")["ike1"], w["ike1"], []), cell(run(s, "plugin")["ike1"], w["ike1"], []))
        add("transport", "IKEv1: encrypted messages shown decrypted", s, k(s),
            cell(run(s, "builtin")["ike1_decrypted"], w["ike1_enc"], []),
            cell(run(s, "plugin")["ike1_decrypted"], w["ike1_enc"], []))

    # The built-in's tables, as this version took them, read by the plugin.
    ike_labels, esp_labels = dict((s, l) for l, s in IKE_ROWS), dict((s, l) for l, s in ESP_ROWS)
    # Only where the built-in made something of the table: a table that gave the built-in
    # nothing is no table a user would keep.
    for s in sorted(caps):
        c = caps[s]
        if "plugin_same" not in c["runs"]:
            continue
        b = ike_cell(run(s, "builtin"), c["wire"])
        if c["wire"]["ike2_sk"] and "ikev2_decryption_table" in c["keys"]["builtin_written"] \
                and b["shown"]:
            add("same", "IKE: " + ike_labels.get(s, s), s, (c["keys"]["builtin_ike"], "the same files"),
                b, ike_cell(run(s, "plugin_same"), c["wire"]))
        b = esp_cell(run(s, "builtin"), c["wire"])
        if c["wire"]["esp"] and "esp_sa" in c["keys"]["builtin_written"] and b["shown"]:
            add("same", "ESP: " + esp_labels.get(s, s), s, (c["keys"]["builtin_esp"], "the same files"),
                b, esp_cell(run(s, "plugin_same"), c["wire"]))
    s = "esp-aescbc-sha256"
    if s in caps and "builtin_wildcard" in caps[s]["runs"]:
        add("same", "ESP: the folder's esp_sa with `*` for both addresses", s,
            ("the folder's esp_sa, addresses replaced by `*`", "the same file"),
            esp_cell(run(s, "builtin_wildcard"), caps[s]["wire"]),
            esp_cell(run(s, "plugin_wildcard"), caps[s]["wire"]))
    return rows


# --------------------------------------------------------------------------------------

AREAS = [
    ("ike", "IKEv2 SK decryption",
     "Count, every row: encrypted IKEv2 messages (SK or SKF payload) that were decrypted "
     "**and** whose ICV (or AEAD tag) was checked and found good, out of the encrypted "
     "IKEv2 messages in the capture. Built-in: `isakmp.enc.decrypted` present and "
     "`isakmp.enc.icd` labelled `[correct]`; plugin: `ikev2.sk.decrypted` or "
     "`ikev2.skf.plaintext` present and `ikev2.sk.icv_good` true. \"ICV not checked\": "
     "decrypted, with the integrity algorithm given as one of the built-in's \"ANY n-bits of "
     "Authentication [No Checking]\" choices because it has no name for the real one."),
    ("esp", "ESP decryption",
     "Count, every row unless the row says otherwise: ESP packets whose ICV (or AEAD tag) "
     "was verified good **and** whose inner packet was dissected down to its transport "
     "layer (ICMP, ICMPv6, UDP or TCP after the ESP layer), out of the ESP packets in the "
     "capture. Built-in: `esp.icv_good` true; plugin: `ipsec.icv.status` = 1 (Good)."),
    ("transport", "Transport and framing",
     "Each row names its count. \"Dissected\": an `isakmp` (built-in) or `ikev2` (plugin) "
     "layer per IKEv2 message in the capture. Fragments: SKF payloads with a good ICV, and "
     "fragmented messages whose reassembled, decrypted inner payloads were dissected "
     "(`isakmp.fragment.count` / `ikev2.fragment.count`). Keepalives: "
     "`udpencap.nat_keepalive` / `natt.keepalive`. IKEv1: `isakmp` layers of version 1.0, "
     "and encrypted ones (flag E) whose payloads were shown."),
    ("same", "The built-in's own tables, given to the plugin",
     "Where the built-in was given tables other than the ones the plugin read above (rows "
     "written from keys.txt with the names that Wireshark version accepts, or `esp_sa` with "
     "the ESN column of 4.4 and later), the plugin was also run with exactly those files and "
     "nothing else: can a user keep the tables they already have? One more row gives both "
     "the folder's `esp_sa` with `*` for the addresses. Counts as in the tables "
     "above; \"—\": that version took no table other than the folder's own."),
]


def render(args):
    results = []
    for path in args.results:
        with open(path) as f:
            results.append(json.load(f))
    results.sort(key=lambda r: [int(x) for x in r["wireshark"].split(".")])
    versions = [r["wireshark"] for r in results]
    per_version = {r["wireshark"]: {(x["area"], x["label"], x["capture"]): x for x in rows_for(r)}
                   for r in results}
    # Every version's rows, a row only some versions have placed after its predecessor.
    order = []
    for v in versions:
        prev = None
        for key in per_version[v]:
            if key not in order:
                same_area = [i for i, k in enumerate(order) if k[0] == key[0]]
                at = order.index(prev) + 1 if prev and prev[0] == key[0] else \
                    (same_area[0] if same_area else len(order))
                order.insert(at, key)
            prev = key
    titles = {a: t for a, t, _ in AREAS}
    out = []
    w = out.append
    w("# Wireshark's built-in IKEv2 and ESP dissectors and the plugin, measured")
    w("")
    w("What Wireshark's own dissectors (`packet-isakmp.c` for IKE, `packet-ipsec.c` for ESP) "
      "decrypt and show on the captures in `test-captures/`, next to what the plugin does "
      "with the same files, on every Wireshark version the plugin supports. This page is "
      "generated: `tools/compare-builtins.sh` builds the plugin for each version, runs "
      "`tools/compare-builtins.py` against that version's tshark and writes this file. Do not "
      "edit it by hand.")
    w("")
    w("Measured with:")
    w("")
    for r in results:
        w("- %s" % r["tshark_version"])
    w("")

    # In short: the totals and the gaps.
    def find(v, area, prefix):
        for key, x in per_version[v].items():
            if key[0] == area and key[1].startswith(prefix):
                return x
    # A gap: a row where a built-in verified or showed decrypted more than the plugin.
    gaps = []
    for key in order:
        hit = [v for v in versions if per_version[v].get(key) and (
            per_version[v][key]["builtin"]["ok"] > per_version[v][key]["plugin"]["ok"] or
            per_version[v][key]["builtin"]["shown"] > per_version[v][key]["plugin"]["shown"])]
        if hit:
            gaps.append((key, hit))
    # Rows where the built-in's own result changed from one version to the next.
    changes = []
    for key in order:
        texts = [(v, per_version[v][key]["builtin"]["text"]) for v in versions if key in per_version[v]]
        if key[0] != "same" and key[2] != "all" and len(set(t for _, t in texts)) > 1:
            changes.append((key, texts))
    w("In short:")
    w("")
    for area, what in (("ike", "encrypted IKEv2 messages decrypted with a good ICV"),
                       ("esp", "ESP packets decrypted with a good ICV")):
        parts = []
        for v in versions:
            x = find(v, area, "Every capture")
            if x:
                parts.append("built-in %s %s" % (v, x["builtin"]["text"]))
        x = find(versions[-1], area, "Every capture")
        if x:
            w("- %s, over every capture with keys: %s; plugin %s." % (
                what[0].upper() + what[1:], ", ".join(parts), x["plugin"]["text"]))
    x = find(versions[-1], "esp", "No ESP keys")
    if x:
        w("- ESP with no ESP keys at all, only the IKE SA's keys: built-in %s (it cannot derive "
          "CHILD_SA keys), plugin %s (derived from SK_d)." % (x["builtin"]["text"], x["plugin"]["text"]))
    for key, texts in changes:
        w("- The built-in changed between versions in %s, %s (`%s`): %s." % (
            titles[key[0]], key[1], key[2], ", ".join("%s on %s" % (t, v) for v, t in texts)))
    w("- Rows where a built-in did more than the plugin: %d (listed under [Gaps](#gaps))." % len(gaps))
    w("")
    w("## How it is measured")
    w("")
    w("For every capture tshark runs as an unprivileged user with a private configuration "
      "folder (`tests/tshark/tshark_env.py`): once stock, with no plugin at all, so the "
      "built-in dissectors alone, and once with the plugin built for that version. Both get "
      "the same preferences (`esp.enable_encryption_decode:TRUE`, "
      "`esp.enable_authentication_check:TRUE`). The counts are read from tshark's PDML output. "
      "The totals (how many encrypted IKE messages, ESP packets and keepalives a capture holds) "
      "are counted from the capture bytes by `tools/compare-builtins.py` itself, not by "
      "either dissector.")
    w("")
    w("Keys: the built-in gets the capture folder's `ikev2_decryption_table`, `esp_sa` and "
      "`ikev1_decryption_table` (written for Wireshark 4.0). Where the folder has none "
      "because Wireshark 4.0 cannot name the algorithm, rows are written from the folder's "
      "`keys.txt` with each name the running Wireshark might accept (its own names for the "
      "algorithm, as found in libwireshark, and as a last resort its \"ANY n-bits, no "
      "checking\" integrity), and tshark decides: a name it rejects is reported in the keys "
      "column. The plugin gets the folder's tables too, and a key file only for what they "
      "cannot say (the ESN column; algorithms Wireshark 4.0 cannot name: then the daemon's "
      "log or `ip xfrm state` output). A cell reads \"good/total\", with anything else that "
      "happened in brackets.")
    w("")
    plugin_differs = []
    for area, title, criterion in AREAS:
        keys = [key for key in order if key[0] == area]
        if not keys:
            continue
        w("## " + title)
        w("")
        w(criterion)
        w("")
        w("| | Capture | " + " | ".join("Built-in %s" % v for v in versions) +
          " | Plugin | Keys given |")
        w("|---|---|" + "---|" * len(versions) + "---|---|")
        for key in keys:
            cells = [per_version[v].get(key) for v in versions]
            btexts = [c["builtin"]["text"] if c else "—" for c in cells]
            present = [(v, c) for v, c in zip(versions, cells) if c]
            ptexts = [c["plugin"]["text"] for _, c in present]
            if len(set(ptexts)) == 1:
                ptext = ptexts[0]
            else:
                ptext = "; ".join("on %s: %s" % (v, c["plugin"]["text"]) for v, c in present)
                plugin_differs.append("%s, %s (`%s`)" % (title, key[1], key[2]))
            bkeys = [c["keys"][0] for _, c in present]
            if len(set(bkeys)) == 1:
                btext = bkeys[0]
            else:
                btext = "; ".join("on %s: %s" % (v, c["keys"][0]) for v, c in present)
            ptext_k = " / ".join(sorted(set(c["keys"][1] for _, c in present)))
            if btext == ptext_k:
                ktext = "both: " + btext
            else:
                ktext = "built-in: %s. Plugin: %s" % (btext, ptext_k)
            cap = "`%s`" % key[2] if key[2] != "all" else "all"
            w("| %s | %s | %s | %s | %s |" % (key[1], cap, " | ".join(btexts), ptext,
                                              ktext.replace("|", "\\|")))
        w("")
    w("## Gaps")
    w("")
    if gaps:
        w("Every row above in which a built-in dissector verified or showed decrypted more than "
          "the plugin did:")
        w("")
        for key, hit in gaps:
            xs = [per_version[v][key] for v in hit]
            btext = xs[0]["builtin"]["text"] if len(set(x["builtin"]["text"] for x in xs)) == 1 \
                else ", ".join("%s on %s" % (x["builtin"]["text"], v) for v, x in zip(hit, xs))
            ptext = " / ".join(sorted(set(x["plugin"]["text"] for x in xs)))
            bkeys = " / ".join(sorted(set(x["keys"][0] for x in xs)))
            meaning = (" The plugin does not use this table the way that Wireshark's built-in does."
                       if key[0] == "same" else "")
            w("- %s, %s (`%s`), Wireshark %s: built-in %s, plugin %s. The built-in was given: %s; "
              "the plugin: %s.%s" % (titles[key[0]], key[1], key[2], ", ".join(hit), btext, ptext,
                                    bkeys, xs[0]["keys"][1], meaning))
    else:
        w("In no row did a built-in dissector of any measured version decrypt, verify or show "
          "more than the plugin.")
    w("")
    w("Field by field, every value the built-in's `isakmp` tree shows against the plugin's "
      "`ikev2` tree, with what the plugin does not show yet: [parity.md](parity.md) "
      "(`tools/parity.py`, the test `tshark.parity`). Per payload and notify type, which "
      "built-in field each value is in and which plugin field shows it: "
      "[parity.md, Per payload and notify type](parity.md#per-payload-and-notify-type) "
      "(the 3GPP notifies of TS 24.302 included: DEVICE_IDENTITY, BACKOFF_TIMER, "
      "EMERGENCY_CALL_NUMBERS; measured on the VoWiFi capture `vowifi` and the generated "
      "`zoo`, the other versions' differences in its mapping section).")
    w("")
    if plugin_differs:
        w("The plugin's result differed between Wireshark versions in: %s. (Its input differs "
          "there only where the keys column says so.)" % "; ".join(plugin_differs))
    else:
        w("The plugin's results were the same on every measured version.")
    w("")
    text = ""
    root = os.path.join(args.source_dir, "test-captures")
    for s in sorted(os.listdir(root)):
        p = os.path.join(root, s, "keys.txt")
        if os.path.exists(p):
            text += open(p).read()
    missing = [name for name, pattern in COVERAGE if not re.search(pattern, text, re.M)]
    if missing:
        w("Not measured, because no capture in `test-captures/` uses it: %s." % ", ".join(missing))
        w("")
    with open(args.out, "w") if args.out else sys.stdout as f:
        f.write("\n".join(out))


def main():
    argv = sys.argv[1:]
    if argv and argv[0] == "render":
        ap = argparse.ArgumentParser(prog="compare-builtins.py render")
        ap.add_argument("--source-dir", default=os.path.join(HERE, ".."))
        ap.add_argument("--out")
        ap.add_argument("results", nargs="+")
        render(ap.parse_args(argv[1:]))
        return 0
    if argv and argv[0] == "measure":
        argv = argv[1:]
    ap = argparse.ArgumentParser(prog="compare-builtins.py")
    ap.add_argument("--build-dir", required=True)
    ap.add_argument("--source-dir", default=os.path.join(HERE, ".."))
    ap.add_argument("--out")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    a = ap.parse_args(argv)
    res = measure(a)
    text = json.dumps(res, indent=1, sort_keys=True) + "\n"
    if a.out:
        with open(a.out, "w") as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
