#!/usr/bin/env python3
"""Field-by-field parity with Wireshark's built-in IKEv2 dissector: every value the built-in
(packet-isakmp.c) shows in its isakmp tree of an IKEv2 message must appear in the plugin's
ikev2 tree of the same frame, unless tests/tshark/parity-mapping.json says why not.

  parity.py --build-dir B --source-dir S [CAPTURE ...] [--jobs N] [--verbose]
            [--json OUT] [--doc docs/parity.md] [--mapping FILE] [--save-pdml DIR]
            [--stock-pdml FILE --plugin-pdml FILE]

CAPTUREs are paths under test-captures/ (a scenario folder stands for its capture.pcap) or
"zoo" (the generated capture of tests/tshark/parity_zoo.py); none means every capture in
test-captures/ and the zoo. Each capture costs one stock tshark run (an
empty plugin folder: the built-in dissectors alone) and, when it holds IKEv2, one run with
the plugin of B/plugins; both print PDML. A capture in which stock tshark finds no IKEv2
message (IKEv1 only, ESP only, IKE on ports or transports the built-in does not take) is
reported as skipped. --save-pdml keeps both outputs; --stock-pdml/--plugin-pdml compare
two saved PDML files of one capture instead of running tshark (for checking the check:
remove a field from the plugin's and see it fail).

Keys, per capture (the way tests/tshark/cases.json keys the cases):
  stock   the folder's ikev2_decryption_table in its configuration folder (a folder with
          only a variant, ikev2_decryption_table-<x>, gets that), for its isakmp to decrypt;
  plugin  ikev2.key_file: <capture stem>.keys beside the capture, else the folder's
          ike-sk_d.keys, else the key file a cases.json case gives the capture; with no key
          file, the stock run's ikev2_decryption_table (the plugin reads that table too).
The copies of other scenarios in icv-damaged/ get their source scenario's table for stock.

How a built-in value is matched. Checked are the fields of the isakmp tree that tshark
does not hide and that have a name: those showing a value, value-less labels over bytes
(Encrypted Data), and expert infos. Values are compared in one form: case, 0x, ':' between
hex octets, spacing, hex or decimal numbers, true/false ("0x0000000a" = "10" = "00:00:00:0a").
  1. same place: a plugin field over the same octets (same data source, offset, length;
     for bit fields the same bits) with the same value, or, over whole octets, holding the
     same octets ("as octets" when the plugin shows only the octets of a value the built-in
     decodes); a value-less label matches any plugin field over exactly those octets;
  2. within: a plugin field over a wider range holding these octets whose value has the
     built-in's value as a word (2001:db8::5 and 64 in "2001:db8::5/64");
  3. elsewhere: a distinctive value (8 octets or more, a number of 1000 or more, a text
     that is not a number or an address) anywhere in the frame's ikev2 tree, e.g. in a
     reassembled message whose data source starts at another offset;
  4. by parts: an octet string with subfields, all of whose octets lie under subfields
     that were matched (the plugin shows the parts, not the whole);
  5. an expert info: a plugin expert info of the same severity and group in the frame;
  6. the mapping (Mapping below): "on_purpose" or "known_gaps_to_be_fixed";
  7. anything else is a miss, and the run fails. So does a frame where stock shows IKEv2
     and the plugin shows no ikev2 layer at all.
Data sources: PDML does not name them, so an octet range of 4 octets or more is taken to be
in the frame when its octets equal the frame's there (read from the capture), else in
another source (decrypted or reassembled data); shorter fields take their parent's source.
Two fields are at the same place only if their sources agree.

Exit status: 0 when every checked value is matched or explained, 1 on any miss, 2 on an
error (tshark failed, no plugin).
"""
import argparse
import collections
import concurrent.futures
import glob
import json
import os
import re
import shutil
import struct
import sys
import tempfile
import time
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "tshark"))
from tshark_env import Tshark  # noqa: E402
import parity_zoo  # noqa: E402

MAPPING = os.path.join("tests", "tshark", "parity-mapping.json")

# The captures of icv-damaged/ are copies of other scenarios' captures with one octet
# changed (icv-damaged/README.md): stock tshark gets the source scenario's table.
STOCK_TABLE_FROM = {
    "icv-damaged/capture.pcap": "libreswan-psk",
    "icv-damaged/fragment.pcap": "frag-cert",
    "icv-damaged/aead.pcap": "aes-gcm",
    "icv-damaged/esp.pcap": "esp-aescbc-sha256",
}

# Captures whose IKE uses ports the built-in does not take by default: the built-in gets
# Decode As (what a user of stock Wireshark would do); the plugin finds them itself.
STOCK_DECODE_AS = {
    "nonstandard-port/capture.pcap": ["-d", "udp.port==7500,udpencap",
                                      "-d", "udp.port==7501,udpencap"],
}


# --------------------------------------------------------------------------------------
# Values in one form

_HEX_OCTETS = re.compile(r"^[0-9a-f]{2}([:. -][0-9a-f]{2})*$")
_BITS = re.compile(r"^([01.]{4}(?: [01.]{4})*) = ")


def tokens(show):
    """The forms a shown value can take: the text itself, and for numbers and octet strings
    the number and the hex digits, so "0x0000000a", "10", "00:00:00:0a" and "0a" compare."""
    s = show.strip().lower()
    out = {"s:" + s}
    if not s:
        return out
    if re.fullmatch(r"0x[0-9a-f]+", s):
        out |= {"i:%d" % int(s[2:], 16), "h:" + s[2:]}
    elif re.fullmatch(r"-?[0-9]+", s):
        out.add("i:%d" % int(s))
        if len(s) % 2 == 0:
            out.add("h:" + s)      # an octet string of decimal digits ("00", "0100")
    elif _HEX_OCTETS.match(s):
        h = re.sub(r"[:. -]", "", s)
        out |= {"h:" + h, "i:%d" % int(h, 16)}
    elif re.fullmatch(r"[0-9a-f]+", s) and len(s) % 2 == 0:
        out |= {"h:" + s, "i:%d" % int(s, 16)}
    elif s in ("true", "false"):
        out.add("i:%d" % (s == "true"))
    return out


def distinctive(tok):
    """Whether a value is rare enough to be matched anywhere in the frame's tree: 8 octets
    or more, not all zero; a number of 1000 or more; a text of 4 characters or more that is
    not a number, octets or an IPv4 address (addresses recur: selectors, CP, IDs)."""
    kind, v = tok[:2], tok[2:]
    if kind == "h:":
        return len(v) >= 16 and v.strip("0") != ""
    if kind == "i:":
        return abs(int(v)) >= 1000
    return (len(v) >= 4 and not re.fullmatch(r"[-0-9a-fx:. ]+", v)) or (
        len(v) >= 8 and re.fullmatch(r"[0-9]+(\.[0-9]+)+", v) is not None
        and not re.fullmatch(r"[0-9]{1,3}(\.[0-9]{1,3}){3}", v))


_WORDS = re.compile(r"[\s/,=;()\[\]]+")


def words(text):
    """The words of a shown value or label (IPv6 addresses and OIDs stay whole), without
    a bit field's pattern: '10.1.0.0/255.255.0.0' -> {'10.1.0.0', '255.255.0.0'}."""
    m = _BITS.match(text)
    if m:
        text = text[m.end():]
    return {w.lower() for w in _WORDS.split(text) if w}


def bit_mask(showname):
    """The bit pattern of a bit field's label ("..0. .... = Response: ...") with its value
    bits blanked, so two fields over the same bits compare; None for whole octets."""
    m = _BITS.match(showname or "")
    return re.sub(r"[01]", "x", m.group(1)) if m else None


# --------------------------------------------------------------------------------------
# PDML

class Item:
    __slots__ = ("name", "show", "showname", "pos", "size", "raw", "mask", "leaf",
                 "src", "context", "kind", "frame", "children")

    def label(self):
        """The field's label as the tree shows it, without the value."""
        text = self.showname or ""
        m = _BITS.match(text)
        if m:
            text = text[m.end():]
        text = text.split(": ", 1)[0] if ": " in text else text
        # A label over bytes carries its size and algorithm: "Encrypted Data (240 bytes)
        # <AES-CBC-128 [RFC3602]>" is listed as "Encrypted Data".
        return re.sub(r" \(\d+ bytes?\).*$", "", text)


def payload_label(showname):
    """'Payload: Notify (41) - NAT_DETECTION_SOURCE_IP' -> 'Notify NAT_DETECTION_SOURCE_IP'."""
    text = (showname or "").split(": ", 1)[-1]
    text = re.sub(r" # \d+$", "", text)
    m = re.match(r"^(.*?) \((\d+)\)(?: - (.*?))?(?: : .*)?$", text)
    if not m:
        return text
    name = m.group(1)
    if m.group(3):
        name += " " + m.group(3)
    return name


STOCK_PAYLOAD_FIELD = "isakmp.typepayload"
ENCRYPTED_PAYLOADS = ("Encrypted and Authenticated", "Encrypted and Authenticated Fragment")


def stock_context(chain):
    """The payload a built-in field belongs to: the outermost payload of the chain that
    holds it (Proposal and Transform roll up into their SA), looking into SK and SKF."""
    labels = [payload_label(s) for s in chain]
    while len(labels) > 1 and labels[0] in ENCRYPTED_PAYLOADS:
        labels.pop(0)
    return labels[0] if labels else "IKE header"


def walk(elem, proto, frame_hex, frame_no, chain, items, parent=None):
    for child in elem:
        name = child.get("name", "")
        if child.get("hide") == "yes":
            continue
        showname = child.get("showname", "")
        sub_chain = chain
        if proto == "isakmp" and name == STOCK_PAYLOAD_FIELD:
            sub_chain = chain + [showname]
        it = Item()
        it.frame = frame_no
        it.name = name
        it.show = child.get("show", "")
        it.showname = showname
        it.pos = int(child.get("pos", "0") or 0)
        it.size = int(child.get("size", "0") or 0)
        it.raw = (child.get("unmaskedvalue") or child.get("value") or "").lower()
        if not re.fullmatch(r"[0-9a-f]*", it.raw):
            it.raw = ""         # "field length invalid!" and the like
        it.mask = bit_mask(showname)
        it.leaf = len(child) == 0
        it.kind = "expert" if name == "_ws.expert" else ("field" if name else "text")
        # The data source: the frame if the octets there are the field's. One or two
        # octets say little (a 00 is anywhere), so short fields take their parent's.
        own = None
        if it.raw and frame_hex is not None:
            own = "frame" if frame_hex[2 * it.pos:2 * (it.pos + it.size)] == it.raw else "other"
        if own and (it.size >= 4 or parent is None or parent.src is None):
            it.src = own
        else:
            it.src = parent.src if parent is not None else None
        it.context = stock_context(sub_chain) if proto == "isakmp" else None
        it.children = []
        if parent is not None:
            parent.children.append(it)
        items.append(it)
        if it.kind == "expert":
            # One item per expert info: its message, and its severity and group (as
            # "Warning/Checksum", from the label) in place of a raw value.
            m = re.match(r"Expert Info \((\w+)/(\w+)\)", showname)
            it.raw = "%s/%s" % m.groups() if m else ""
            for sub in child:
                if sub.get("name") == "_ws.expert.message":
                    it.show = sub.get("show", "")
                elif not sub.get("name", "").startswith("_ws."):
                    it.name = sub.get("name", "")
            it.src = None
            continue
        walk(child, proto, frame_hex, frame_no, sub_chain, items, it)


def read_frames(path):
    """Frame bytes (hex) of a classic pcap, by frame number."""
    with open(path, "rb") as f:
        data = f.read()
    magic = struct.unpack("<I", data[:4])[0]
    endian = "<" if magic in (0xa1b2c3d4, 0xa1b23c4d) else ">"
    off, frames, n = 24, {}, 0
    while off + 16 <= len(data):
        incl = struct.unpack(endian + "I", data[off + 8:off + 12])[0]
        n += 1
        frames[n] = data[off + 16:off + 16 + incl].hex()
        off += 16 + incl
    return frames


def parse(pdml, proto, frames):
    """{frame number: [Item, ...]} of every `proto` layer in the PDML, and the frames whose
    layer is an IKEv2 one (for isakmp: version 2.x)."""
    out, ikev2 = {}, set()
    root = ET.fromstring(pdml)
    for packet in root.iter("packet"):
        num = None
        for p in packet.iter("proto"):
            if p.get("name") == "geninfo":
                for f in p:
                    if f.get("name") == "num":
                        num = int(f.get("show"))
        for p in packet.iter("proto"):
            if p.get("name") != proto:
                continue
            items = []
            walk(p, proto, frames.get(num), num, [], items)
            if proto == "isakmp":
                if not any(i.name == "isakmp.version" and i.show.startswith("0x2")
                           for i in items):
                    continue
            ikev2.add(num)
            out.setdefault(num, []).extend(items)
    return out, ikev2


# --------------------------------------------------------------------------------------
# Matching

def checked(item):
    """Whether a built-in item is a value a user sees: a named field with a value, or a
    named leaf over bytes without one (a label such as 'Encrypted Data (240 bytes)')."""
    if item.kind == "expert":
        return True
    if item.kind != "field" or item.name.startswith("_ws."):
        return False
    if item.show != "":
        return True
    return item.leaf and item.size > 0


def as_octets(s, p):
    """Whether the plugin shows as bare octets a value the built-in decodes (a number, an
    address, a text): matched, but worth decoding."""
    def octets(v):
        return ":" in v and _HEX_OCTETS.match(v.lower()) is not None
    return octets(p.show) and not octets(s.show) and s.show != ""


class PluginFrame:
    def __init__(self, items):
        self.items = [i for i in items if i.kind != "text"]
        self.by_place = collections.defaultdict(list)
        self.by_token = collections.defaultdict(list)
        self.raws = collections.defaultdict(list)
        self.experts = [i for i in items if i.kind == "expert"]
        for i in self.items:
            if i.kind == "expert":
                continue
            self.by_place[(i.pos, i.size)].append(i)
            for t in tokens(i.show):
                if distinctive(t):
                    self.by_token[t].append(i)
            if len(i.raw) >= 16 and i.raw.strip("0") and not i.mask:
                self.raws[i.raw].append(i)

    def match(self, s):
        """(how, plugin item) or (None, None)."""
        if s.kind == "expert":
            for p in self.experts:
                if p.raw == s.raw:      # the same severity and group
                    return "expert", p
            return None, None
        st = tokens(s.show)
        here = [p for p in self.by_place.get((s.pos, s.size), ())
                if p.kind != "expert" and not (s.src and p.src and s.src != p.src)]
        if s.show == "" and s.raw == "":
            return ("place", here[0]) if here else (None, None)
        # The same bits and the same value first, then the same value over whole octets,
        # then the same octets (a plugin field over whole octets holding the bits).
        for p in sorted(here, key=lambda p: p.mask != s.mask):
            if s.mask and p.mask and s.mask != p.mask:
                continue
            if s.show != "" and st & tokens(p.show):
                return ("octets" if as_octets(s, p) else "place"), p
        for p in here:
            if s.raw and not p.mask and s.raw == p.raw:
                return ("octets" if as_octets(s, p) else "place"), p
        return None, None

    def elsewhere(self, s):
        """A distinctive value of the built-in field shown anywhere in the frame's tree."""
        st = tokens(s.show)
        for t in st:
            if distinctive(t) and self.by_token.get(t):
                near = [p for p in self.by_token[t]
                        if p.pos < s.pos + max(s.size, 1) and s.pos < p.pos + max(p.size, 1)]
                return "elsewhere", (near or self.by_token[t])[0]
        if len(s.raw) >= 16 and s.raw.strip("0") and not s.mask and self.raws.get(s.raw):
            return "elsewhere", self.raws[s.raw][0]
        return None, None

    def within(self, s):
        """A plugin field over a wider range holding these octets (the same data source)
        whose value has the built-in's value as a word: the built-in's IPv6 address and
        prefix length of INTERNAL_IP6_ADDRESS in the plugin's '2001:db8::5/64'. Not for bit
        fields; labels do not count (a count in 'Proposal #1: ESP, 3 transforms' is not
        the Transform's type 3)."""
        v = s.show.strip().lower()
        if s.mask or not v or s.size == 0:
            return None
        for p in self.items:
            if p.kind == "expert" or (s.src and p.src and s.src != p.src):
                continue
            if p.pos <= s.pos and s.pos + s.size <= p.pos + p.size and (p.pos, p.size) != (s.pos, s.size):
                if v in words(p.show):
                    return p
        return None


class Mapping:
    """tests/tshark/parity-mapping.json: built-in fields the plugin shows differently on
    purpose or not at all ("on_purpose"), and the ones it does not show yet ("known_gaps").
    An entry names a field ("field", or a regular expression "field_re") and may narrow it
    with regular expressions on the built-in's value ("show"), label ("label": the whole
    line as the tree shows it) and payload ("context", as in the report), and with a field
    the plugin must show in the same frame ("plugin_shows", a regular expression on its
    name, and "plugin_shows_text" on its value or expert message)."""

    SECTIONS = (("on_purpose", "on_purpose"), ("known_gaps_to_be_fixed", "known_gaps"))
    GAP_REASON = "not shown by the plugin yet"

    def __init__(self, path):
        with open(path) as f:
            data = json.load(f)
        self.entries = []
        ids = set()
        for key, section in self.SECTIONS:
            for e in data.get(key, []):
                e = dict(e)
                e["section"] = section
                problem = None
                if not e.get("id") or e["id"] in ids:
                    problem = "a missing or repeated id"
                elif not e.get("reason"):
                    problem = "no reason"
                elif section == "known_gaps" and not e["reason"].startswith(self.GAP_REASON):
                    problem = "a reason not starting with %r" % self.GAP_REASON
                elif ("field" in e) == ("field_re" in e):
                    problem = "not exactly one of field and field_re"
                if problem:
                    raise ValueError("%s: entry %s of %s has %s" % (path, e.get("id"), key, problem))
                ids.add(e["id"])
                if "field_re" in e:
                    e["field_re_c"] = re.compile(e["field_re"])
                for k in ("show", "label", "context"):
                    if k in e:
                        e[k + "_re"] = re.compile(e[k])
                self.entries.append(e)
        self.used = collections.Counter()

    def explain(self, s, plugin_items):
        for idx, e in enumerate(self.entries):
            if "field_re_c" in e:
                if not e["field_re_c"].search(s.name):
                    continue
            elif e["field"] != s.name:
                continue
            if "show_re" in e and not e["show_re"].search(s.show):
                continue
            if "label_re" in e and not e["label_re"].search(s.showname):
                continue
            if "context_re" in e and not e["context_re"].search(s.context or ""):
                continue
            if "plugin_shows" in e and not any(
                    re.fullmatch(e["plugin_shows"], p.name) and re.search(e.get("plugin_shows_text", ""), p.show)
                    for p in plugin_items):
                continue
            self.used[idx] += 1
            return e
        return None

    def describe(self, e):
        return e.get("field") or "/%s/" % e["field_re"]


MATCHED = ("place", "octets", "within", "parts", "elsewhere", "expert")


def covered_by_parts(s, outcome):
    """Whether a built-in octet string with subfields is shown through them: every octet
    of it lies under a subfield that the plugin shows (the plugin shows the parts, not the
    whole: a Digital Signature's Authentication Data as ASN.1 length, algorithm and
    signature). Numbers with subfields (flags, a payload's type) must match themselves."""
    if not _HEX_OCTETS.match(s.show):
        return False
    parts = [c for c in s.children if c.kind == "field" and c.size > 0]
    if not parts or s.size == 0:
        return False
    covered = set()
    for c in parts:
        if outcome.get(id(c)) not in MATCHED:
            return False
        covered.update(range(c.pos, c.pos + c.size))
    return all(o in covered for o in range(s.pos, s.pos + s.size))


def compare(cap_rel, stock_pdml, plugin_pdml, frames, mapping):
    """The outcome of one capture: counts and the per-value records."""
    stock, stock_frames = parse(stock_pdml, "isakmp", frames)
    result = {"capture": cap_rel, "frames": len(stock_frames), "checked": 0, "missed": 0,
              "on_purpose": 0, "known_gaps": 0, "records": []}
    result.update((how, 0) for how in MATCHED)
    if not stock_frames:
        result["skipped"] = True
        return result
    plugin, plugin_frames = parse(plugin_pdml, "ikev2", frames)
    result["plugin_frames_missing"] = sorted(stock_frames - plugin_frames)
    for num in sorted(stock_frames):
        pitems = plugin.get(num, [])
        pf = PluginFrame(pitems)
        outcome, records = {}, {}
        # Subfields before the field that holds them (the items are in tree order).
        for s in reversed(stock[num]):
            if not checked(s):
                continue
            how, p = pf.match(s)
            if not how and s.kind != "expert":
                p = pf.within(s)
                how = "within" if p else None
                if not how:
                    how, p = pf.elsewhere(s)
            if not how and covered_by_parts(s, outcome):
                how = "parts"
            rec = {"frame": num, "field": s.name, "label": s.label(), "show": s.show[:80],
                   "showname": s.showname[:160], "context": s.context or "", "kind": s.kind,
                   "leaf": s.leaf}
            if how:
                rec.update(outcome=how, plugin=p.name if p else "")
            else:
                e = mapping.explain(s, pitems)
                if e:
                    rec.update(outcome=e["section"], reason=e["reason"], mapping=e["id"])
                else:
                    rec.update(outcome="missed")
            outcome[id(s)] = rec["outcome"]
            records[id(s)] = rec
        for s in stock[num]:
            if id(s) in records:
                rec = records[id(s)]
                result["checked"] += 1
                result[rec["outcome"]] += 1
                result["records"].append(rec)
    return result


# --------------------------------------------------------------------------------------
# Running tshark

ZOO = "zoo"   # the generated capture of tests/tshark/parity_zoo.py


class Capture:
    def __init__(self, source, path, rel=None):
        self.path = os.path.abspath(path)
        self.folder = os.path.dirname(self.path)
        self.rel = rel or os.path.relpath(self.path, os.path.join(source, "test-captures"))
        self.source = source

    def stock_table(self):
        if self.rel == ZOO:
            return None
        src = STOCK_TABLE_FROM.get(self.rel)
        folder = os.path.join(self.source, "test-captures", src) if src else self.folder
        t = os.path.join(folder, "ikev2_decryption_table")
        if os.path.exists(t):
            return t
        variants = sorted(glob.glob(t + "-*"))
        return variants[0] if variants else None

    def plugin_key_file(self, cases):
        if self.rel == ZOO:
            return None
        stem = os.path.splitext(self.path)[0] + ".keys"
        if os.path.exists(stem):
            return stem
        skd = os.path.join(self.folder, "ike-sk_d.keys")
        if os.path.exists(skd):
            return skd
        for c in cases:
            if os.path.join(self.source, c["capture"]) == self.path and "key_file" in c:
                return os.path.join(self.source, c["key_file"])
        return None

    def keys_text(self, cases):
        if self.rel == ZOO:
            return ("stock: none (plaintext)", "plugin: none (plaintext)")
        t, k = self.stock_table(), self.plugin_key_file(cases)

        def rel(path):
            return os.path.relpath(path, os.path.join(self.source, "test-captures"))
        return ("stock: %s" % (rel(t) if t else "none"),
                "plugin: %s" % (rel(k) if k else (rel(t) + " (table)" if t else "none")))


def run_tshark(plugin_dir, capture, table, key_file, extra, display_filter):
    with Tshark(plugin_dir) as ts:
        args = ["-r", ts.stage(capture), "-T", "pdml", "-Y", display_filter] + extra
        if table:
            with open(table) as f:
                ts.config_file("ikev2_decryption_table", f.read())
        if key_file:
            args += ["-o", "ikev2.key_file:" + ts.stage(key_file)]
        return ts.run(args)


def tshark_version():
    with Tshark(None) as ts:
        return ts.run(["--version"]).splitlines()[0].strip().rstrip(".")


def all_captures(source):
    root = os.path.join(source, "test-captures")
    return sorted(glob.glob(os.path.join(root, "*", "*.pcap")))


def main():
    try:
        return run()
    except (RuntimeError, ValueError, OSError, ET.ParseError) as e:
        print("error:", e)
        return 2


def run():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build-dir", default="build")
    ap.add_argument("--source-dir", default=os.path.join(HERE, ".."))
    ap.add_argument("--mapping", default=None)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--verbose", action="store_true", help="list every miss, not 20 per capture")
    ap.add_argument("--json", help="write every record here")
    ap.add_argument("--doc", help="write the Markdown page (docs/parity.md) here")
    ap.add_argument("--save-pdml", metavar="DIR",
                    help="keep both PDML outputs of each capture in DIR")
    ap.add_argument("--stock-pdml", help="compare this saved stock PDML (one capture)")
    ap.add_argument("--plugin-pdml", help="with this saved plugin PDML")
    ap.add_argument("captures", nargs="*")
    a = ap.parse_args()
    source = os.path.abspath(a.source_dir)
    mapping = Mapping(a.mapping or os.path.join(source, MAPPING))
    with open(os.path.join(source, "tests", "tshark", "cases.json")) as f:
        cases = json.load(f)
    t0 = time.time()

    tmp = tempfile.mkdtemp(prefix="ikev2-parity-")
    try:
        results, caps = measure(a, ap, source, mapping, cases, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if results is None:
        return 2
    for r, cap in zip(results, caps):
        r["keys"] = cap.keys_text(cases)

    report(results, mapping, a.verbose)
    print("time: %.1f s" % (time.time() - t0))
    if a.json:
        with open(a.json, "w") as f:
            json.dump(results, f, indent=1)
    if a.doc:
        with open(a.doc, "w") as f:
            f.write(render_doc(results, mapping, tshark_version()))
    missed = sum(r["missed"] for r in results)
    lost = [r["capture"] for r in results if r.get("plugin_frames_missing")]
    return 1 if missed or lost else 0


def measure(a, ap, source, mapping, cases, tmp):
    """(results, captures) of the captures asked for; (None, []) without a plugin."""
    caps = []
    for c in a.captures or all_captures(source) + [ZOO]:
        if c == ZOO:
            path = os.path.join(tmp, "zoo.pcap")
            parity_zoo.write(path)
            caps.append(Capture(source, path, ZOO))
            continue
        c = os.path.abspath(c)
        caps.append(Capture(source, os.path.join(c, "capture.pcap") if os.path.isdir(c) else c))

    if a.stock_pdml or a.plugin_pdml:
        if len(caps) != 1 or not (a.stock_pdml and a.plugin_pdml):
            ap.error("--stock-pdml and --plugin-pdml go together, with one capture")
        with open(a.stock_pdml) as f1, open(a.plugin_pdml) as f2:
            results = [compare(caps[0].rel, f1.read(), f2.read(), read_frames(caps[0].path),
                               mapping)]
    else:
        plugin_dir = os.path.join(os.path.abspath(a.build_dir), "plugins")
        if not glob.glob(os.path.join(plugin_dir, "*", "epan", "ikev2.so")):
            print("error: no plugin in %s" % plugin_dir)
            return None, []

        def one(cap):
            table = cap.stock_table()
            stock_pdml = run_tshark(None, cap.path, table, None,
                                    STOCK_DECODE_AS.get(cap.rel, []), "isakmp")
            frames = read_frames(cap.path)
            if "isakmp.version" not in stock_pdml:
                return compare(cap.rel, stock_pdml, "", frames, mapping)
            key_file = cap.plugin_key_file(cases)
            plugin_pdml = run_tshark(plugin_dir, cap.path, None if key_file else table,
                                     key_file, [], "ikev2")
            if a.save_pdml:
                os.makedirs(a.save_pdml, exist_ok=True)
                base = os.path.join(a.save_pdml, cap.rel.replace("/", "_"))
                for side, text in (("stock", stock_pdml), ("plugin", plugin_pdml)):
                    with open("%s.%s.pdml" % (base, side), "w") as f:
                        f.write(text)
            return compare(cap.rel, stock_pdml, plugin_pdml, frames, mapping)

        with concurrent.futures.ThreadPoolExecutor(max_workers=a.jobs) as pool:
            results = list(pool.map(one, caps))
    return results, caps


def report(results, mapping, verbose):
    cols = ("checked", "matched", "on_purpose", "known_gaps", "missed")
    row = "%-36s %6s %8s %8s %10s %10s %7s"
    print(row % ("capture", "frames", "checked", "matched", "on purpose", "known gaps", "missed"))
    total = collections.Counter()
    for r in results:
        if r.get("skipped"):
            print("%-36s skipped: stock tshark finds no IKEv2 message" % r["capture"])
            continue
        r = dict(r, matched=sum(r[c] for c in MATCHED))
        for c in MATCHED + cols + ("frames",):
            total[c] += r[c]
        print(row % ((r["capture"], r["frames"]) + tuple(r[c] for c in cols)))
    print(row % (("total", total["frames"]) + tuple(total[c] for c in cols)))
    print("values checked %d: matched %d (same place %d, of which %d as bare octets; within a "
          "wider field %d; by parts %d; elsewhere in the frame %d; expert infos %d), on purpose "
          "%d, known gaps %d, missed %d"
          % (total["checked"], total["matched"], total["place"] + total["octets"],
             total["octets"], total["within"], total["parts"], total["elsewhere"],
             total["expert"], total["on_purpose"], total["known_gaps"], total["missed"]))
    for r in results:
        if r.get("plugin_frames_missing"):
            print("FAIL %s: no ikev2 layer in frames %s where stock shows IKEv2"
                  % (r["capture"], r["plugin_frames_missing"]))
        misses = [x for x in r.get("records", []) if x["outcome"] == "missed"]
        for x in misses if verbose else misses[:20]:
            print("MISS %s frame %d [%s] %s = %r  (%s)" % (r["capture"], x["frame"], x["context"],
                                                          x["field"], x["show"], x["showname"]))
        if not verbose and len(misses) > 20:
            print("MISS %s: %d more (--verbose lists them)" % (r["capture"], len(misses) - 20))
    ran = [r for r in results if not r.get("skipped")]
    if len(ran) > 1:
        unused = [e for i, e in enumerate(mapping.entries) if not mapping.used[i]]
        for e in unused:
            print("note: mapping entry %s (%s) explained nothing in this run"
                  % (e["id"], mapping.describe(e)))


# --------------------------------------------------------------------------------------
# docs/parity.md

HEADER_FIELDS = ("isakmp.nextpayload", "isakmp.criticalpayload", "isakmp.reserved7",
                 "isakmp.payloadlength", "isakmp.typepayload")
NOTIFY_FIELDS = ("isakmp.notify.protoid", "isakmp.spisize", "isakmp.notify.msgtype",
                 "isakmp.spi", "isakmp.notify.data")
HOW = {"place": "same place", "octets": "same place, as bare octets",
       "within": "inside a wider field", "parts": "through its subfields",
       "elsewhere": "elsewhere in the frame", "expert": "expert info of the same severity and group"}


def section_of(rec):
    """(section, subsection) of the page a built-in value is listed under."""
    ctx, field = rec["context"], rec["field"]
    if rec["kind"] == "expert":
        return ("Expert infos", "")
    if field in HEADER_FIELDS and ctx != "IKE header":
        return ("Generic payload header (every payload)", "")
    if ctx.startswith("Notify "):
        if field in NOTIFY_FIELDS:
            return ("Notify", "(every notify type)")
        return ("Notify", ctx[len("Notify "):])
    return (ctx, "")


def cell(values):
    """'`a` (3), `b` (1)' from a Counter."""
    return ", ".join("`%s` (%d)" % (k, n) if k else "(%d)" % n
                     for k, n in sorted(values.items(), key=lambda kv: (-kv[1], kv[0])))


def render_doc(results, mapping, version):
    ran = [r for r in results if not r.get("skipped")]
    total = collections.Counter()
    for r in ran:
        for c in MATCHED + ("checked", "on_purpose", "known_gaps", "missed", "frames"):
            total[c] += r[c]
    matched = sum(total[c] for c in MATCHED)
    out = []
    w = out.append
    w("# Field-by-field parity with Wireshark's built-in IKEv2 dissector")
    w("")
    w("A user who loads the plugin must never lose a value that Wireshark's built-in `isakmp` "
      "dissector showed. `tools/parity.py` checks it on every IKEv2 frame of the captures in "
      "`test-captures/` and of one generated capture (`tests/tshark/parity_zoo.py`: payloads, "
      "notify types and configuration attributes that the lab captures lack); the CTest "
      "`tshark.parity` fails on any value that is neither found in the plugin's `ikev2` tree nor "
      "explained in `tests/tshark/parity-mapping.json`. This page is that tool's output: do not "
      "edit it by hand. Regenerate it after building the plugin:")
    w("")
    w("```sh")
    w("python3 tools/parity.py --build-dir build --doc docs/parity.md")
    w("```")
    w("")
    w("Measured with %s. Other measurements of the two dissectors (decryption, transports, "
      "versions 4.0 to 4.6): [comparison.md](comparison.md)." % version)
    w("")
    w("## How values are compared")
    w("")
    w("tshark runs twice per capture, printing PDML: stock (an empty plugin folder: the "
      "built-in dissectors alone, given the scenario's `ikev2_decryption_table` so that its "
      "`isakmp` decrypts too) and with the plugin (given the scenario's keys). Every field of "
      "the built-in's `isakmp` tree of an IKEv2 message that tshark does not hide is checked: "
      "those showing a value, and value-less labels over bytes (such as Encrypted Data). Field "
      "names do not count, values do, brought to one form first: case, `0x`, `:` between hex "
      "octets, spacing and number bases (`0x0000000a`, `10` and `00:00:00:0a` are equal). "
      "A value is found:")
    w("")
    w("- at the **same place**: a plugin field over the same octets (same data source, offset "
      "and length; for bit fields the same bits) showing the same value, or, for a field over "
      "whole octets, holding the same octets (**as bare octets** when the plugin shows only "
      "the octets of a value the built-in decodes);")
    w("- **inside a wider field**: a plugin field over more octets whose value has it as a "
      "word (`2001:db8::5` and `64` in `2001:db8::5/64`);")
    w("- **through its subfields**: an octet string all of whose octets are under subfields "
      "that were found (the plugin shows the parts, not the whole);")
    w("- **elsewhere in the frame**: a distinctive value (8 octets or more, a number of 1000 "
      "or more, a text that is not a number or an address) anywhere in the frame's `ikev2` "
      "tree, e.g. in a reassembled message whose data source starts elsewhere;")
    w("- an expert info: one of the same severity and group in the plugin's tree of the frame.")
    w("")
    w("Anything else must be listed in `tests/tshark/parity-mapping.json`, either **on "
      "purpose** (the plugin shows it differently or not at all, by design) or as a **known "
      "gap** (to be fixed; listed so that CI passes while the gap stays visible).")
    w("")
    w("## In short")
    w("")
    w("- Built-in values checked: %d, in %d IKEv2 frames of %d captures (%d captures without "
      "an IKEv2 message the built-in dissects were skipped: %s)."
      % (total["checked"], total["frames"], len(ran), len(results) - len(ran),
         ", ".join("`%s`" % r["capture"] for r in results if r.get("skipped"))))
    w("- Found in the plugin's tree: %d (same place %d, of which %d as bare octets; inside a "
      "wider field %d; through subfields %d; elsewhere in the frame %d; expert infos %d)."
      % (matched, total["place"] + total["octets"], total["octets"], total["within"],
         total["parts"], total["elsewhere"], total["expert"]))
    w("- Shown differently or not at all on purpose: %d." % total["on_purpose"])
    w("- Known gaps, not shown by the plugin yet: %d." % total["known_gaps"])
    w("- Missed (neither found nor explained): %d." % total["missed"])
    w("")
    w("## Known gaps")
    w("")
    gaps = {}
    for r in ran:
        for x in r["records"]:
            if x["outcome"] == "known_gaps":
                g = gaps.setdefault((x["mapping"], x["reason"]),
                                    {"n": 0, "fields": collections.Counter(), "examples": []})
                g["n"] += 1
                g["fields"][x["field"]] += 1
                where = "`%s` frame %d" % (r["capture"], x["frame"])
                if where not in g["examples"] and len(g["examples"]) < 3:
                    g["examples"].append(where)
    if not gaps:
        w("None: every value the built-in shows is found in the plugin's tree or explained.")
    for (mid, reason), g in sorted(gaps.items(), key=lambda kv: (-kv[1]["n"], kv[0])):
        w("- [%s](#%s): %s. %d value%s: %s. For example %s."
          % (mid, mid, reason, g["n"], "" if g["n"] == 1 else "s", cell(g["fields"]),
             ", ".join(g["examples"])))
    w("")
    w("## Found only as bare octets")
    w("")
    w("Values the built-in decodes (a number, a name) that the plugin shows only as the "
      "octets of a wider field: nothing is lost, but a decoded field would be easier to read "
      "and to filter on.")
    w("")
    octets = {}
    for r in ran:
        for x in r["records"]:
            if x["outcome"] == "octets":
                o = octets.setdefault((x["field"], x["plugin"]), {"n": 0, "examples": []})
                o["n"] += 1
                if len(o["examples"]) < 2:
                    o["examples"].append("`%s` frame %d (%s)" % (r["capture"], x["frame"],
                                                                 x["showname"]))
    if not octets:
        w("None.")
    for (field, pfield), o in sorted(octets.items()):
        w("- `%s` in `%s`: %d value%s, e.g. %s." % (field, pfield, o["n"],
                                                   "" if o["n"] == 1 else "s",
                                                   "; ".join(o["examples"])))
    w("")
    w("## Not compared")
    w("")
    w("- The names the two trees give a value (`BACKOFF_TIMER (41041)` against `Private use "
      "(41041)`, `2048 bit MODP group` against `2048-bit MODP Group`): the number is compared, "
      "its name is not.")
    w("- What only the plugin shows (analysis, SA tracking, more expert infos), and whatever "
      "is outside the `isakmp` tree: ESP, UDP encapsulation, the Info column.")
    w("- IKEv2 the built-in does not dissect at all (TCP, RFC 8229; the captures skipped "
      "above), and IKEv1, which the plugin leaves to the built-in.")
    w("- Other Wireshark versions: the page is made with one tshark; the test runs with the "
      "tshark of the build, so each version's CI compares against its own built-in.")
    w("")
    w("## Per capture")
    w("")
    w("| Capture | Keys | IKEv2 frames | Checked | Found | On purpose | Known gaps | Missed |")
    w("|---|---|---|---|---|---|---|---|")
    for r in results:
        if r.get("skipped"):
            continue
        w("| `%s` | %s | %d | %d | %d | %d | %d | %d |"
          % (r["capture"], "; ".join(r["keys"]), r["frames"], r["checked"],
             sum(r[c] for c in MATCHED), r["on_purpose"], r["known_gaps"], r["missed"]))
    w("")
    w("## Per payload and notify type")
    w("")
    w("What the built-in shows (its field and label) and where the plugin shows the same "
      "values: the plugin's fields with the number of values found in each, or why not. "
      "Payloads are named as the built-in names them; fields of proposals and transforms "
      "are under their Security Association, those of payloads inside SK under the payload.")
    w("")
    sections = collections.OrderedDict()
    order = {"IKE header": 0, "Generic payload header (every payload)": 1}
    for r in ran:
        for x in r["records"]:
            sec, sub = section_of(x)
            rows = sections.setdefault((sec, sub), collections.OrderedDict())
            row = rows.setdefault((x["field"], x["label"]), {"n": 0, "how": collections.Counter(),
                                                             "why": collections.Counter()})
            row["n"] += 1
            if x["outcome"] in MATCHED:
                row["how"][(x["plugin"], x["outcome"])] += 1
            else:
                row["why"][(x["outcome"], x.get("mapping", ""))] += 1
    keys = sorted(sections, key=lambda k: (order.get(k[0], 3 if k[0] == "Expert infos" else 2),
                                          k[0], k[1] != "(every notify type)", k[1]))
    current = None
    for sec, sub in keys:
        if sec != current:
            w("### %s" % sec)
            w("")
            current = sec
        if sub:
            w("#### %s" % sub)
            w("")
        w("| Built-in field | Label | Values | Plugin |")
        w("|---|---|---|---|")
        for (field, label), row in sections[(sec, sub)].items():
            parts = []
            for (pfield, how), n in sorted(row["how"].items(), key=lambda kv: -kv[1]):
                parts.append("`%s` (%d%s)" % (pfield, n, "" if how == "place" else ", " + HOW[how])
                             if pfield else "%s (%d)" % (HOW[how], n))
            for (kind, mid), n in sorted(row["why"].items(), key=lambda kv: -kv[1]):
                parts.append("%s (%d)" % ({"on_purpose": "on purpose", "known_gaps": "**known gap**",
                                           "missed": "**missed**"}[kind] +
                                          (" [%s](#%s)" % (mid, mid) if mid else ""), n))
            w("| `%s` | %s | %d | %s |" % (field, label.replace("|", "\\|") or "", row["n"],
                                           "; ".join(parts).replace("|", "\\|")))
        w("")
    w("## The mapping")
    w("")
    w("Entries of `tests/tshark/parity-mapping.json` and how many values each explained in this "
      "run:")
    w("")
    for section, title in (("on_purpose", "On purpose"), ("known_gaps", "Known gaps, to be fixed")):
        w("### %s" % title)
        w("")
        for i, e in enumerate(mapping.entries):
            if e["section"] != section:
                continue
            cond = []
            for k in ("label", "show", "context", "plugin_shows", "plugin_shows_text"):
                if k in e:
                    cond.append("%s `%s`" % (k, e[k]))
            n = mapping.used[i]
            w('- <a id="%s"></a>**%s**: `%s`%s, %d value%s. %s.'
              % (e["id"], e["id"], mapping.describe(e),
                 " (" + ", ".join(cond) + ")" if cond else "", n, "" if n == 1 else "s",
                 e["reason"][0].upper() + e["reason"][1:].rstrip(".")))
        w("")
    return "\n".join(out)


if __name__ == "__main__":
    sys.exit(main())
