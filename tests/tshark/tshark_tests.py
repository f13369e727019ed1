#!/usr/bin/env python3
"""End-to-end tests: tshark with the freshly built plugin on real captures.

  tshark_tests.py --build-dir B --source-dir S plugin-loads
  tshark_tests.py ... fields-documented
  tshark_tests.py ... golden NAME          compare with tests/tshark/golden/NAME.*
  tshark_tests.py ... unchanged NAME       output identical with and without the plugin
  tshark_tests.py ... same-values NAME     each built-in field of the case's "same_values"
                                           pairs has, frame by frame, the values of the
                                           plugin field beside it
  tshark_tests.py ... log-alone SCENARIO   decrypt from a charon log without IKE SPIs
  tshark_tests.py ... update [NAME...]     rewrite golden files (review the diff!)

Cases live in cases.json beside this file.
"""
import argparse
import glob
import difflib
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import canonical  # noqa: E402
from tshark_env import Tshark  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
GOLDEN = os.path.join(HERE, "golden")

# The one-line view of every IKE message: who, which SA, which exchange, what it carries.
FIELDS = [
    "frame.number", "ip.src", "ipv6.src", "udp.srcport", "tcp.srcport", "ip.dst", "ipv6.dst",
    "udp.dstport", "tcp.dstport", "ikev2.spi_i", "ikev2.spi_r", "ikev2.exchange_type",
    "ikev2.message_id", "ikev2.flags", "ikev2.notify.type", "natt.keepalive", "_ws.col.Info",
]
PROTOCOLS = ("ikev2", "natt", "iketcp", "ipsec")


def load_cases():
    with open(os.path.join(HERE, "cases.json")) as f:
        return {c["name"]: c for c in json.load(f)}


def fields_output(ts, capture, args):
    cmd = ["-r", ts.stage(capture), "-T", "fields", "-E", "header=y", "-E", "separator=|",
           "-E", "occurrence=a", "-E", "aggregator=,"] + args
    for f in FIELDS:
        cmd += ["-e", f]
    return canonical.fields(ts.run(cmd))


def verbose_output(ts, capture, args):
    return canonical.verbose(ts.run(["-r", ts.stage(capture), "-V", "-O", ",".join(PROTOCOLS)] + args))


def diff(expected, actual, name):
    lines = list(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                      "golden/" + name, "actual"))
    return "".join(lines[:400])


class Context:
    def __init__(self, build_dir, source_dir):
        self.build_dir = build_dir
        self.source_dir = source_dir
        self.plugin_dir = os.path.join(build_dir, "plugins")

    def capture(self, case):
        return os.path.join(self.source_dir, case["capture"])

    def with_plugin(self):
        return Tshark(self.plugin_dir)

    def without_plugin(self):
        return Tshark(None)


def cmd_plugin_loads(ctx):
    with ctx.with_plugin() as ts:
        out = ts.run(["-G", "plugins"])
        if not re.search(r"^ikev2\.so\s", out, re.M):
            print(out)
            return "ikev2.so is not in `tshark -G plugins`"
        # name, short name, filter name (4.4 and later add enabled/heuristic columns)
        protos = {line.split("\t")[2] for line in ts.run(["-G", "protocols"]).splitlines()
                  if line.count("\t") >= 2}
        for p in PROTOCOLS:
            if p not in protos:
                return "protocol %s is not registered" % p
    with ctx.without_plugin() as ts:
        if re.search(r"^ikev2\.so\s", ts.run(["-G", "plugins"]), re.M):
            return "an empty WIRESHARK_PLUGIN_DIR still loaded ikev2.so"
    return None


def registered_fields(ts):
    """{abbrev: (name, type)} of the plugin's protocols' fields; expert infos are
    registered as FT_NONE fields named by their summary."""
    out = {}
    for line in ts.run(["-G", "fields"]).splitlines():
        cols = line.split("\t")
        if cols[0] == "F" and cols[4] in PROTOCOLS:
            out[cols[2]] = (cols[1], cols[3])
    return out


def documented_fields(doc):
    """docs/fields.md's tables: {abbrev: (name, type)} from the field tables (abbrev,
    name, type, description) and {abbrev: summary} from the expert info tables (abbrev,
    summary)."""
    fields, experts = {}, {}
    for line in doc.splitlines():
        if not line.startswith("| `"):
            continue
        cells = [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
        m = re.fullmatch(r"`([a-z0-9_.]+)`", cells[0])
        if not m:
            continue
        if len(cells) == 2:
            experts[m.group(1)] = cells[1]
        elif len(cells) >= 4:
            fields[m.group(1)] = (cells[1], "FT_" + cells[2])
    return fields, experts


def cmd_fields_documented(ctx):
    """Every field and expert info the plugin registers is in docs/fields.md with the name
    and type (or the summary) it is registered with, and the docs name nothing else."""
    with open(os.path.join(ctx.source_dir, "docs", "fields.md")) as f:
        doc_fields, doc_experts = documented_fields(f.read())
    with ctx.with_plugin() as ts:
        registered = registered_fields(ts)
    if len(registered) < 50:
        return "only %d fields registered: is the plugin loaded?" % len(registered)
    errors = []
    for abbrev, (name, ftype) in sorted(registered.items()):
        if abbrev in doc_experts:
            if ftype != "FT_NONE" or name != doc_experts[abbrev]:
                errors.append("expert info %s: registered as %r (%s), documented as %r"
                              % (abbrev, name, ftype, doc_experts[abbrev]))
        elif abbrev in doc_fields:
            if (name, ftype) != doc_fields[abbrev]:
                errors.append("field %s: registered as %r %s, documented as %r %s"
                              % ((abbrev, name, ftype) + doc_fields[abbrev]))
        else:
            errors.append("not documented in docs/fields.md: " + abbrev)
    stale = [a for a in list(doc_fields) + list(doc_experts)
             if a.split(".")[0] in PROTOCOLS and a not in registered]
    if stale:
        errors.append("documented but not registered: " + ", ".join(sorted(stale)))
    if errors:
        return "\n".join(errors)
    experts = [a for a in registered if a in doc_experts]
    print("%d fields and %d expert infos, all documented with their names, types and summaries"
          % (len(registered) - len(experts), len(experts)))
    return None


# An expert info in -V: "[Expert Info (Note/Protocol): text]" (a long label is cut and
# marked "[truncated]"), then its summary in full on the next line, "[text]".
EXPERT_LINE = re.compile(r"^\s*\[\s*(?:\[truncated\]|\[…\])?\s*Expert Info \(([A-Za-z]+)/([A-Za-z]+)\): ")
# The summary line under it, possibly cut too (4.0: "[truncated]" before, 4.2 on: "[…] "
# before and "…" at the end): (text, cut).
EXPERT_SUMMARY = re.compile(r"^\s*\[\s*(\[truncated\]|\[…\])?\s*(.*?)\]?$")
EXPERT_ROW = re.compile(r"^\s*(\d+)\s+(\S+)\s+(\S+)\s+(.*?)\s*$")


def expert_counts_tree(ts, capture, args):
    """{(group, summary): count} of the expert infos in the plugin's layers of a -V tree
    (-O expands only those)."""
    out = {}
    lines = ts.run(["-r", capture, "-V", "-O", ",".join(PROTOCOLS)] + args).splitlines()
    for i, line in enumerate(lines[:-1]):
        m = EXPERT_LINE.match(line)
        if m:
            sm = EXPERT_SUMMARY.match(lines[i + 1])
            text = sm.group(2)
            cut = bool(sm.group(1)) or text.endswith("…")
            key = (m.group(2), text.rstrip("…") if cut else text, cut)
            out[key] = out.get(key, 0) + 1
    return out


def resolve_cut(tree, z):
    """-V counts keyed like -z expert's: a summary the tree label cut is the one -z
    expert summary of the same group that starts with it."""
    out = {}
    for (group, text, cut), n in tree.items():
        key = (group, text)
        if cut:
            whole = [k for k in z if k[0] == group and k[1].startswith(text)]
            if len(whole) == 1:
                key = whole[0]
        out[key] = out.get(key, 0) + n
    return out


PLUGIN_PROTOCOL_NAMES = ("IKEv2", "IPsec", "NAT-T", "IKE-TCP")


def expert_counts_z(ts, capture, args):
    """{(group, summary): count} and {(group, summary): protocol} from `-q -z expert`
    (no tree built)."""
    out, proto = {}, {}
    for line in ts.run(["-r", capture, "-q", "-z", "expert"] + args).splitlines():
        m = EXPERT_ROW.match(line)
        if m:
            key = (m.group(2), m.group(4))
            out[key] = out.get(key, 0) + int(m.group(1))
            proto[key] = m.group(3)
    return out, proto


def cmd_experts_without_tree(ctx):
    """Every lab capture, with its keys (SK_d when it has them): `tshark -q -z expert`,
    which builds no protocol tree, lists the plugin's expert infos exactly as often as the
    -V tree shows them, so the Expert Information dialog on a freshly loaded capture and
    batch jobs see what a reader of the tree sees."""
    errors, checked, total = [], 0, 0
    with ctx.with_plugin() as ts:
        for d in sorted(glob.glob(os.path.join(ctx.source_dir, "test-captures", "*", "capture.pcap"))):
            scenario = os.path.basename(os.path.dirname(d))
            args = []
            keys = os.path.join(os.path.dirname(d), "ike-sk_d.keys")
            if os.path.exists(keys):
                args = ["-o", "ikev2.key_file:" + ts.stage(keys)]
            capture = ts.stage(d)
            z_all, proto = expert_counts_z(ts, capture, args)
            tree = resolve_cut(expert_counts_tree(ts, capture, args), z_all)
            # The plugin's rows of -z expert, and what the plugin's layers show in -V of
            # Wireshark's own dissectors called inside them (EAP, X.509): those too must
            # be in -z expert, under their own protocol.
            z = {k: v for k, v in z_all.items() if proto[k] in PLUGIN_PROTOCOL_NAMES}
            for k in tree:
                if k not in z and proto.get(k) not in (None,) + PLUGIN_PROTOCOL_NAMES:
                    z[k] = z_all[k]
            if tree != z:
                missing = sorted((k, v, z.get(k, 0)) for k, v in tree.items() if z.get(k) != v)
                extra = sorted((k, v) for k, v in z.items() if k not in tree)
                errors.append("%s: in -V but not as often in -z expert (item, -V, -z): %s; only in -z expert: %s"
                              % (scenario, missing[:4], extra[:4]))
            checked += 1
            total += sum(z.values())
    print("%d captures, %d expert infos of the plugin, the same with and without a tree" % (checked, total))
    return "\n".join(errors) or None


def cmd_esp_export(ctx):
    """The ESP key export is written on demand only: `-z ipsec,esp_sa,FILE` writes at the
    end of the run what `-z ipsec,esp_sa` prints (the SAs given and derived from SK_d),
    and dissecting with the `ipsec.export_file` preference set writes nothing."""
    capture = os.path.join(ctx.source_dir, "test-captures", "rekey", "capture.pcap")
    keys = os.path.join(ctx.source_dir, "test-captures", "rekey", "ike-sk_d.keys")
    with ctx.with_plugin() as ts:
        args = ["-r", ts.stage(capture), "-q", "-o", "ikev2.key_file:" + ts.stage(keys)]
        printed = ts.run(args + ["-z", "ipsec,esp_sa"])
        target = os.path.join(ts.config_dir, "export.txt")
        ts.run(args + ["-z", "ipsec,esp_sa," + target])
        if not os.path.exists(target):
            return "-z ipsec,esp_sa,FILE wrote no file"
        with open(target) as f:
            written = f.read()
        rows = [l for l in written.splitlines() if l.startswith('"IPv4"')]
        if len(rows) < 4:
            return "the export holds %d esp_sa rows, expected the derived CHILD_SAs" % len(rows)
        if written.strip() != printed.strip():
            return "the file differs from what -z ipsec,esp_sa prints"
        pref_target = os.path.join(ts.config_dir, "not-written.txt")
        ts.run(["-r", ts.stage(capture), "-o", "ikev2.key_file:" + ts.stage(keys),
                "-o", "ipsec.export_file:" + pref_target])
        if os.path.exists(pref_target):
            return "dissecting wrote the ipsec.export_file file"
    print("%d esp_sa rows written on demand, none while dissecting" % len(rows))
    return None


def plugin_args(ctx, ts, case):
    """Keys for a case: files copied into the private configuration folder under their
    Wireshark names ("config_files"), and a key file for the ikev2.key_file preference."""
    args = list(case.get("args", []))
    for name, path in case.get("config_files", {}).items():
        with open(os.path.join(ctx.source_dir, path)) as f:
            ts.config_file(name, f.read())
    if "key_file" in case:
        args += ["-o", "ikev2.key_file:" + ts.stage(os.path.join(ctx.source_dir, case["key_file"]))]
    return args


def stats_output(ts, capture, args, stats):
    """`-z` statistics (stats trees, tables, flow ladders) after two passes, so that every
    link the analysis makes (responses, unanswered requests) is known."""
    cmd = ["-r", ts.stage(capture), "-q", "-2"] + args
    for z in stats:
        cmd += ["-z", z]
    return ts.run(cmd)


ANALYSIS_ITEM = re.compile(r"^(\s*)\[IKEv2 analysis: ")


def split_analysis(verbose):
    """(the -V text without the "[IKEv2 analysis: ...]" subtrees, those subtrees alone).
    The analysis subtree is checked by the analysis-* cases only, in their own golden
    files: a change of its wording touches those files, not every capture's."""
    rest, analysis, depth = [], [], None
    for line in verbose.splitlines(True):
        indent = len(line) - len(line.lstrip(" "))
        if depth is not None and indent > depth and line.strip():
            analysis.append(line)
            continue
        depth = None
        m = ANALYSIS_ITEM.match(line)
        if m:
            depth = len(m.group(1))
            analysis.append(line)
        else:
            rest.append(line)
    return "".join(rest), "".join(analysis)


def is_analysis_case(case):
    return case["name"].startswith("analysis-")


def outputs(ctx, case):
    """({golden kind: text}, every text produced, for the "expect" needles). A case
    checks the tree without the analysis subtree (.verbose) and the fields (.fields); an
    analysis-* case checks the analysis subtree (.analysis) and its statistics instead."""
    with ctx.with_plugin() as ts:
        args = plugin_args(ctx, ts, case)
        verbose = verbose_output(ts, ctx.capture(case), args)
        tree, analysis = split_analysis(verbose)
        if is_analysis_case(case):
            out = {"analysis": analysis}
            full = [verbose]
        else:
            out = {"fields": fields_output(ts, ctx.capture(case), args)}
            # "tree": "expect": the tree is checked by the case's "expect" lines alone (the
            # algorithm coverage cases, whose trees differ from their model's only in the
            # algorithms: one -V golden per payload shape is enough).
            if case.get("tree") != "expect":
                out["verbose"] = tree
            full = [verbose, out["fields"]]
        if case.get("stats"):
            out["stats"] = stats_output(ts, ctx.capture(case), args, case["stats"])
            full.append(out["stats"])
        return out, "".join(full)


def cmd_golden(ctx, name):
    case = load_cases()[name]
    failures = []
    produced, full = outputs(ctx, case)
    for kind, actual in produced.items():
        path = os.path.join(GOLDEN, "%s.%s" % (name, kind))
        if not os.path.exists(path):
            failures.append("missing golden file %s (run `update %s`)" % (path, name))
            continue
        with open(path) as f:
            expected = f.read()
        if expected != actual:
            failures.append(diff(expected, actual, os.path.basename(path)))
    stale = [k for k in ("verbose", "fields", "analysis", "stats")
             if k not in produced and os.path.exists(os.path.join(GOLDEN, "%s.%s" % (name, k)))]
    if stale:
        failures.append("golden files no longer made for %s: %s (run `update %s`)" % (name, ", ".join(stale), name))
    # A few facts a person checked by hand, so a wrong golden file cannot hide them.
    for needle in case.get("expect", []):
        if needle not in full:
            failures.append("expected text not found: %r" % needle)
    return "\n".join(failures) or None


def cmd_unchanged(ctx, name):
    """The capture dissects exactly as it does with Wireshark's built-ins alone."""
    case = load_cases()[name]
    args = ["-V"] + case.get("args", [])
    with ctx.with_plugin() as ts:
        capture = ts.stage(ctx.capture(case))
        extra = case.get("plugin_args", [])
        mine = ts.run(["-r", capture] + args + extra)
        claimed = ts.run(["-r", capture, "-Y", " or ".join(PROTOCOLS)] + extra)
    with ctx.without_plugin() as ts:
        builtin = ts.run(["-r", ts.stage(ctx.capture(case))] + args)
    if claimed.strip():
        return "the plugin claimed frames it must leave alone:\n" + claimed[:2000]
    if mine != builtin:
        return diff(builtin, mine, "without-plugin")
    print("%d lines identical with and without the plugin" % len(mine.splitlines()))
    return None


# strongSwan's short names in its logs -> the plugin's Info column labels.
STRONGSWAN_LABELS = {
    "N(NATD_S_IP)": "N(NAT_DETECTION_SOURCE_IP)",
    "N(NATD_D_IP)": "N(NAT_DETECTION_DESTINATION_IP)", "N(FRAG_SUP)": "N(IKEV2_FRAGMENTATION_SUPPORTED)",
    "N(HASH_ALG)": "N(SIGNATURE_HASH_ALGORITHMS)", "N(REDIR_SUP)": "N(REDIRECT_SUPPORTED)",
    "N(CHDLESS_SUP)": "N(CHILDLESS_IKEV2_SUPPORTED)", "N(MULT_AUTH)": "N(MULTIPLE_AUTH_SUPPORTED)",
    "N(COOKIE)": "N(COOKIE)", "N(INVAL_KE)": "N(INVALID_KE_PAYLOAD)",
    "N(NO_PROP)": "N(NO_PROPOSAL_CHOSEN)", "N(AUTH_FAILED)": "N(AUTHENTICATION_FAILED)",
    "CERTREQ": "CERTREQ", "SA": "SA", "KE": "KE", "V": "VID",
    "N(INIT_CONTACT)": "N(INITIAL_CONTACT)", "N(MOBIKE_SUP)": "N(MOBIKE_SUPPORTED)",
    "N(NO_ADD_ADDR)": "N(NO_ADDITIONAL_ADDRESSES)", "N(EAP_ONLY)": "N(EAP_ONLY_AUTHENTICATION)",
    "N(MSG_ID_SYN_SUP)": "N(IKEV2_MESSAGE_ID_SYNC_SUPPORTED)", "N(REKEY_SA)": "N(REKEY_SA)",
    "N(ADD_4_ADDR)": "N(ADDITIONAL_IP4_ADDRESS)", "N(ADD_6_ADDR)": "N(ADDITIONAL_IP6_ADDRESS)",
    "N(AUTH_LFT)": "N(AUTH_LIFETIME)", "N(USE_TRANSP)": "N(USE_TRANSPORT_MODE)",
    "N(ESP_TFC_PAD_N)": "N(ESP_TFC_PADDING_NOT_SUPPORTED)", "N(TS_UNACCEPT)": "N(TS_UNACCEPTABLE)",
}


def strongswan_label(p, response):
    """strongSwan's log label of a payload in a request or response -> the plugin's Info
    label (strongSwan says "No" for a nonce either way; the plugin Ni or Nr)."""
    if p == "No":
        return "Nr" if response else "Ni"
    if p.startswith("EAP/"):
        return "EAP"
    if p.startswith("CPRQ(") or p.startswith("CPRP(") or p.startswith("CPS(") or p.startswith("CPA("):
        return "CP"
    return STRONGSWAN_LABELS.get(p, p)


def wire_payloads(summary):
    """Payload labels of a summary; for a decrypted SK, the inner ones: "SK {IDi AUTH}"."""
    if "  " not in summary:
        return []
    labels = summary.split("  ", 1)[1]
    if "{" in labels:
        return labels[labels.index("{") + 1:labels.rindex("}")].split()
    return labels.split()
EXCHANGES = {"IKE_SA_INIT": "34", "IKE_AUTH": "35", "CREATE_CHILD_SA": "36", "INFORMATIONAL": "37"}


def facts_exchanges(path):
    """The exchange table of a lab facts.md: (exchange, response?, MID, payloads)."""
    rows = []
    with open(path) as f:
        for line in f:
            c = [x.strip() for x in line.split("|")]
            if len(c) > 8 and c[1].isdigit() and c[4] in EXCHANGES:
                row = (EXCHANGES[c[4]], c[5] == "response", c[6], c[7].split())
                if rows and rows[-1][:3] == row[:3]:
                    continue  # the next fragment (EF(n/m)) of the same message
                rows.append(row)
    if not rows:
        # No initiator table (a libreswan initiator): the strongSwan responder's list.
        with open(path) as f:
            for m in re.finditer(r"^- \S+ (?:received|sent) (\w+) (request|response) (\d+) \[([^\]]*)\]",
                                 f.read(), re.M):
                if m.group(1) in EXCHANGES:
                    row = (EXCHANGES[m.group(1)], m.group(2) == "response", m.group(3), m.group(4).split())
                    if not (rows and rows[-1][:3] == row[:3]):
                        rows.append(row)
    # strongSwan logs "CPRQ(ADDR DNS)" with a space inside: rejoin such labels.
    fixed = []
    for x, resp, mid, labels in rows:
        joined = []
        for lab in labels:
            if joined and joined[-1].count("(") > joined[-1].count(")"):
                joined[-1] += " " + lab
            else:
                joined.append(lab)
        fixed.append((x, resp, mid, joined))
    rows = fixed
    return rows


def field_values(ts, capture, args, fields):
    """{frame number: [values of each field, ','-joined]} from -T fields."""
    cmd = ["-r", capture, "-T", "fields", "-E", "separator=|", "-E", "occurrence=a",
           "-E", "aggregator=,", "-e", "frame.number"] + args
    for f in fields:
        cmd += ["-e", f]
    out = {}
    for line in ts.run(cmd).splitlines():
        cols = line.split("|")
        out[cols[0]] = [c.strip().lower() for c in cols[1:]]
    return out


def cmd_same_values(ctx, name):
    """Stock tshark is the oracle: for each pair [built-in field, plugin field] of the
    case's "same_values", both show the same values in every frame, and in at least one
    frame a value at all (a pair that is empty on both sides proves nothing). A third
    element lists Wireshark versions ("4.6") whose built-in reads that field differently
    (parity-mapping.json says how): the pair is skipped there."""
    case = load_cases()[name]
    with ctx.without_plugin() as ts:
        m = re.search(r"\(Wireshark\) (\d+\.\d+)", ts.run(["-v"]))
        version = m.group(1) if m else ""
    pairs = [(q[0], q[1]) for q in case["same_values"] if len(q) < 3 or version not in q[2]]
    with ctx.without_plugin() as ts:
        args = plugin_args(ctx, ts, case)
        stock = field_values(ts, ts.stage(ctx.capture(case)), args, [b for b, _ in pairs])
    with ctx.with_plugin() as ts:
        args = plugin_args(ctx, ts, case)
        mine = field_values(ts, ts.stage(ctx.capture(case)), args, [p for _, p in pairs])
    errors, shown = [], [0] * len(pairs)
    for frame in sorted(stock, key=int):
        for i, (b, p) in enumerate(pairs):
            want, got = stock[frame][i], mine.get(frame, [""] * len(pairs))[i]
            if want != got:
                errors.append("frame %s: %s = %r, %s = %r" % (frame, b, want, p, got))
            elif want:
                shown[i] += 1
    for i, (b, p) in enumerate(pairs):
        if not shown[i]:
            errors.append("no frame where %s and %s show the same value" % (b, p))
        else:
            print("%-55s = %-45s in %d frames" % (b, p, shown[i]))
    return "\n".join(errors) or None


def cmd_facts(ctx, name):
    """The plugin's view of the capture agrees with what the daemons logged: the same
    exchanges in the same order (fragments and retransmissions collapsed), the same IKE
    SPIs, and for clear messages the same payloads in the same order."""
    case = load_cases()[name]
    facts = (os.path.join(ctx.source_dir, case["facts"]) if "facts" in case
             else os.path.join(os.path.dirname(ctx.capture(case)), "facts.md"))
    expected = facts_exchanges(facts)
    with open(facts) as f:
        spis = set(re.findall(r"SPIi ([0-9a-f]{16}) SPIr ([0-9a-f]{16})", f.read()))
    with ctx.with_plugin() as ts:
        out = ts.run(plugin_args(ctx, ts, case) + ["-r", ts.stage(ctx.capture(case)), "-Y", "ikev2", "-T", "fields",
                      "-E", "separator=|", "-e", "ikev2.exchange_type", "-e", "ikev2.flags",
                      "-e", "ikev2.message_id", "-e", "ikev2.spi_i", "-e", "ikev2.spi_r",
                      "-e", "ikev2.summary"])
    seen, wire_spis = [], set()
    for line in out.splitlines():
        x, flags, mid, spi_i, spi_r, summary = line.split("|")
        item = (x, bool(int(flags, 16) & 0x20), mid, wire_payloads(summary))
        wire_spis.add((spi_i[2:], spi_r[2:]))
        if seen and seen[-1][:3] == item[:3]:
            continue  # a retransmission or the next fragment of the same message
        seen.append(item)
    errors = []
    # The daemons' table may miss a message the initiator abandoned (cookie scenario):
    # every logged exchange must appear on the wire, in order.
    i = 0
    for exp in expected:
        while i < len(seen) and seen[i][:3] != exp[:3]:
            i += 1
        if i == len(seen):
            errors.append("logged but not found in order on the wire: %s %s MID %s" %
                          (exp[0], "response" if exp[1] else "request", exp[2]))
            break
        wire = seen[i][3]
        if wire and wire != ["SK"] and not wire[0].startswith("SKF"):
            want = [strongswan_label(p, exp[1]) for p in exp[3]]
            if want != wire:
                errors.append("payloads of %s MID %s: daemon %s, plugin %s" % (exp[0], exp[2], want, wire))
        i += 1
    for spi in spis:
        if spi not in wire_spis:
            errors.append("IKE SA %s/%s from the logs is not on the wire" % spi)
    if not expected:
        errors.append("no exchanges in " + facts)
    compared = sum(1 for x in seen if x[3] and x[3] != ["SK"] and not x[3][0].startswith("SKF"))
    print("%d logged exchanges and %d IKE SAs match the capture; payload lists compared for %d messages"
          % (len(expected), len(spis), compared))
    return "\n".join(errors) or None


def esp_frames(ts, capture, args):
    """(frame, SPI, ICV status, inner ICMP type and seq, ESN used, ESN inferred) of every
    ESP frame."""
    out = ts.run(["-r", capture, "-Y", "ipsec"] + args + ["-T", "fields", "-E", "occurrence=l",
                  "-e", "frame.number", "-e", "ipsec.spi", "-e", "ipsec.icv.status",
                  "-e", "icmp.type", "-e", "icmp.seq", "-e", "icmpv6.type", "-e", "icmpv6.echo.sequence_number",
                  "-e", "ipsec.seq64", "-e", "ipsec.esn_inferred"])
    rows = []
    for line in out.splitlines():
        f = line.split("\t")
        f += [""] * (9 - len(f))
        rows.append((f[0], f[1], f[2], f[3] or f[5], f[4] or f[6], f[7] != "", f[8] in ("1", "True")))
    return rows


def esn_inferred_notes(ts, capture, args):
    """How many "ESN inferred from the ICV" notes `-q -z expert` counts: no tree is built,
    so this sees the expert infos a tree-less pass adds."""
    out = ts.run(["-r", capture, "-q", "-z", "expert,note"] + args)
    return sum(int(m.group(1)) for m in re.finditer(r"^\s*(\d+)\s+Decryption\s+\S+\s+ESN inferred from the ICV\s*$",
                                                     out, re.M))


def ping_counts(keys_dir):
    """Echo requests sent and replies received, from the lab's ping.out."""
    sent = received = 0
    path = os.path.join(keys_dir, "ping.out")
    if os.path.exists(path):
        for m in re.finditer(r"(\d+) packets transmitted, (\d+) received", open(path).read()):
            sent += int(m.group(1))
            received += int(m.group(2))
    return sent, received


SELECTED_ESP = re.compile(r"<([^>]+)> selected proposal: ESP:(\S+)")
CHILD_ESTABLISHED = re.compile(r"<([^>]+)> (?:inbound |outbound )?CHILD_SA \S+ established with SPIs ([0-9a-f]{8})_i ([0-9a-f]{8})_o")
DH_TOKEN = re.compile(r"^(MODP|ECP|CURVE|ECP_|BRAINPOOL|NTRU|NEWHOPE|KE\d|ML_KEM)")


def pfs_spis(keys_dir):
    """SPIs of the CHILD_SAs made with their own key exchange (PFS), from the lab's charon
    log: the ESP proposal selected just before them names a DH group. SK_d alone cannot
    give their keys (g^ir is not logged), whatever the plugin says; every other CHILD_SA
    must derive. None when the scenario has no charon log to tell."""
    for name in ("charon-b.log", "charon-a.log"):
        path = os.path.join(keys_dir, name)
        if os.path.exists(path) and os.path.getsize(path):
            break
    else:
        return None
    last, spis = {}, set()
    with open(path) as f:
        for line in f:
            m = SELECTED_ESP.search(line)
            if m:
                last[m.group(1)] = any(DH_TOKEN.match(t) for t in m.group(2).split("/"))
                continue
            m = CHILD_ESTABLISHED.search(line)
            if m and last.get(m.group(1)):
                spis.update(int(x, 16) for x in m.group(2, 3))
    return spis


def cmd_esp(ctx, scenario):
    """Every ESP frame of a lab capture decrypts (ICV good) from SK_d alone and from each
    kind of ESP key the daemons gave, and the inner pings are the ones the lab sent."""
    d = os.path.join(ctx.source_dir, "test-captures", scenario)
    capture = os.path.join(d, "capture.pcap")
    keys_dir = os.path.join(d, "keys")
    errors = []
    sources = [("SK_d only (ike-sk_d.keys)", None, os.path.join(d, "ike-sk_d.keys"))]
    # Wireshark 4.0's esp_sa (8 columns) cannot say ESN: for an ESN SA the plugin finds it
    # from the ICV. An ESN scenario also has its rows with the newer ninth column
    # ("64-bit") in esp_sa-with-esn, read through the key file (a 4.0 Wireshark warns about
    # the extra column when it is in the configuration folder).
    if os.path.exists(os.path.join(d, "esp_sa")):
        sources.append(("Wireshark esp_sa", os.path.join(d, "esp_sa"), None))
    if os.path.exists(os.path.join(d, "esp_sa-with-esn")):
        sources.append(("esp_sa rows with the ESN column", None, os.path.join(d, "esp_sa-with-esn")))
    # Rows with a name only a later Wireshark's table has (4.6: ChaCha20-Poly1305), read
    # through the key file whatever Wireshark runs.
    if os.path.exists(os.path.join(d, "esp_sa-wireshark-4.6")):
        sources.append(("esp_sa rows of Wireshark 4.6", None, os.path.join(d, "esp_sa-wireshark-4.6")))
    xfrm = sorted(glob.glob(os.path.join(keys_dir, "xfrm-state-*.txt")))
    for x in xfrm:
        sources.append(("ip xfrm state (%s)" % os.path.basename(x), None, x))
    for log in sorted(glob.glob(os.path.join(keys_dir, "pluto-*.log"))):
        sources.append(("libreswan log (%s)" % os.path.basename(log), None, log))
    for log in ("charon-b+list-sas.log", "charon-b.log", "charon-a.log"):
        if os.path.exists(os.path.join(keys_dir, log)):
            sources.append(("charon log (%s)" % log, None, os.path.join(keys_dir, log)))
            break
    results = {}
    notes = {}
    with ctx.with_plugin() as ts:
        staged = ts.stage(capture)
        not_derived = set()
        for label, config, key_file in sources:
            args = []
            if config:
                with open(config) as f:
                    ts.config_file("esp_sa", f.read())
            if key_file:
                args = ["-o", "ikev2.key_file:" + ts.stage(key_file)]
            rows = esp_frames(ts, staged, args)
            notes[label] = esn_inferred_notes(ts, staged, args)
            if config:
                ts.config_file("esp_sa", "")
            if key_file and label.startswith("SK_d"):
                out = ts.run(["-r", staged, "-Y", "ikev2.child_sa.keys != 0"] + args +
                             ["-T", "fields", "-E", "occurrence=a", "-E", "aggregator=,",
                              "-e", "ikev2.child_sa.spi_to_responder", "-e", "ikev2.child_sa.spi_to_initiator"])
                for line in out.splitlines():
                    for spi in re.split(r"[,\t]", line):
                        if spi:
                            not_derived.add(int(spi, 16))
            results[label] = rows
            # From SK_d, only the CHILD_SAs the log says had their own key exchange may
            # stay encrypted; the plugin must say so for exactly those.
            exempt = set()
            if label.startswith("SK_d"):
                pfs = pfs_spis(keys_dir)
                exempt = pfs if pfs is not None else not_derived
                if pfs is not None and not_derived != pfs:
                    errors.append("%s: CHILD_SAs reported not derived %s, the log's PFS CHILD_SAs %s"
                                  % (label, sorted("%08x" % x for x in not_derived),
                                     sorted("%08x" % x for x in pfs)))
            bad = [r for r in rows if r[2] != "1" and int(r[1], 16) not in exempt]
            if not rows:
                errors.append("%s: no ESP frames" % label)
            if bad:
                errors.append("%s: %d of %d ESP frames not verified, first: frame %s SPI %s status %r"
                              % (label, len(bad), len(rows), bad[0][0], bad[0][1], bad[0][2]))
            print("%-40s %d ESP frames, %d ICV good, %d with ESN (%d inferred from the ICV, %d notes)"
                  % (label, len(rows), sum(1 for r in rows if r[2] == "1"), sum(1 for r in rows if r[5]),
                     sum(1 for r in rows if r[6]), notes[label]))
    # The same inner packets whatever the keys.
    base = {r[0]: r[3:5] for r in results[sources[0][0]] if r[2] == "1"}
    for label, rows in results.items():
        for r in rows:
            if r[0] in base and r[2] == "1" and r[3:5] != base[r[0]]:
                errors.append("%s: frame %s decrypts to %s, with SK_d to %s" % (label, r[0], r[3:5], base[r[0]]))
    # ESN: the SK_d run knows it from the negotiated ESN transform. Only the 8-column
    # esp_sa, which cannot say it, infers it from the ICV: on every frame of an ESN SA,
    # with one note per SA; every other key source says ESN and nothing is inferred.
    esn_frames = {r[0] for r in results[sources[0][0]] if r[5]}
    esn_spis = {r[1] for r in results[sources[0][0]] if r[5]}
    for label, rows in results.items():
        inferred = {r[0] for r in rows if r[6]}
        want = esn_frames if label == "Wireshark esp_sa" else set()
        if inferred != want:
            errors.append("%s: ESN inferred in frames %s, expected %s" % (label, sorted(inferred, key=int) or "none",
                                                                          sorted(want, key=int) or "none"))
        want_notes = len(esn_spis) if label == "Wireshark esp_sa" else 0
        if notes[label] != want_notes:
            errors.append("%s: %d \"ESN inferred from the ICV\" notes, expected %d (one per ESN SA)"
                          % (label, notes[label], want_notes))
        missing_esn = [r[0] for r in rows if r[0] in esn_frames and not r[5]]
        if missing_esn:
            errors.append("%s: frames %s of ESN SAs shown without the 64-bit sequence number" % (label, missing_esn))
    # What the lab's ping said, against the echo requests and replies decrypted.
    sent, received = ping_counts(keys_dir)
    best = max(results.values(), key=lambda rows: sum(1 for r in rows if r[2] == "1"))
    requests = sum(1 for r in best if r[3] in ("8", "128"))
    replies = sum(1 for r in best if r[3] in ("0", "129"))
    if sent and (requests != sent or replies != received):
        errors.append("ping.out: %d sent, %d received; decrypted %d echo requests, %d replies"
                      % (sent, received, requests, replies))
    if not_derived:
        print("CHILD_SAs whose keys the plugin says it cannot derive from SK_d: " +
              ", ".join("0x%08x" % s for s in sorted(not_derived)))
    print("ping.out: %d sent, %d received; decrypted %d echo requests, %d replies" % (sent, received, requests, replies))
    return "\n".join(errors) or None


# A charon log as users write it with `charondebug="ike 4"`: the SK_* secrets, no IKE SPIs
# (those come only with enc 4, mgr 2 or a swanctl --list-sas dump, none of which the lab's
# logs keep). Without the CHILD_SA key dumps ([CHD] "encryption initiator key" ... and
# their hex lines) the ESP keys can only come from SK_d.
CHILD_KEY_DUMP = re.compile(r"\[CHD\] .*(encryption|integrity) (initiator|responder) key => ")
HEX_DUMP_LINE = re.compile(r"\] (<[^>]*> )?\s*\d+: [0-9A-F]{2}( [0-9A-F]{2})*( |$)")
SPI_LINE = re.compile(r"IKE_SPI|checkout IKEv2 SA|_i\*? [0-9a-f]{16}_r")


def charon_log_variant(path, child_keys):
    out, skipping = [], False
    with open(path) as f:
        for line in f:
            if SPI_LINE.search(line):
                raise ValueError("%s names IKE SPIs: not a log at ike 4 alone" % path)
            if not child_keys and CHILD_KEY_DUMP.search(line):
                skipping = True
                continue
            if skipping and HEX_DUMP_LINE.search(line):
                continue
            skipping = False
            out.append(line)
    return "".join(out)


def sk_outcome(ts, capture, args):
    """IKE SAs (SPI pair) with their decrypted SK/SKF frames, the frames whose keys were
    bound by ICV, and every ESP frame's (frame, SPI, ICV status)."""
    out = ts.run(["-r", capture] + args + ["-Y", "ikev2.sk.icv_good == 1 || ikev2.decryption.keys_bound",
                  "-T", "fields", "-E", "occurrence=f", "-e", "frame.number", "-e", "ikev2.spi_i",
                  "-e", "ikev2.spi_r", "-e", "ikev2.sk.icv_good", "-e", "ikev2.decryption.keys_bound"])
    decrypted, bound = {}, {}
    for line in out.splitlines():
        frame, spi_i, spi_r, good, note = (line.split("\t") + [""] * 5)[:5]
        sa = (spi_i, spi_r)
        if canonical.field_bool(good) == "1":
            decrypted.setdefault(sa, set()).add(frame)
        if note:
            bound.setdefault(sa, set()).add(frame)
    return decrypted, bound, esp_frames(ts, capture, args)


def cmd_log_alone(ctx, scenario):
    """IKE and ESP of a lab capture decrypt from the initiator's charon log without IKE
    SPIs, as `ike 4` writes it: each IKE SA's key set is bound by the ICV of its first
    encrypted message (once per IKE SA), and decrypts as much as the scenario's keys with
    SPIs (ike-sk_d.keys: SK_e, SK_a and SK_d; else its ikev2_decryption_table). Once with
    the log's CHILD_SA keys, once without them (ESP keys from SK_d)."""
    d = os.path.join(ctx.source_dir, "test-captures", scenario)
    reference = next(os.path.join(d, f) for f in ("ike-sk_d.keys", "ikev2_decryption_table")
                     if os.path.exists(os.path.join(d, f)))
    errors = []
    with ctx.with_plugin() as ts:
        capture = ts.stage(os.path.join(d, "capture.pcap"))
        ref_ike, _, ref_esp = sk_outcome(ts, capture, ["-o", "ikev2.key_file:" + ts.stage(reference)])
        ref_good = {r[0] for r in ref_esp if r[2] == "1"}
        if not ref_ike:
            return "%s decrypts no SK payload: nothing to compare" % reference
        variants = [(True, "charon log without SPIs", os.path.join(d, "keys", "charon-b.log")),
                    (False, "charon log without SPIs, CHILD_SA keys left out", os.path.join(d, "keys", "charon-b.log"))]
        # The initiator's own second log, written with charondebug="ike 4" alone (the lab
        # runs it beside the full one): used exactly as the daemon wrote it.
        ike4 = os.path.join(d, "keys", "charon-b-ike4.log")
        if os.path.exists(ike4):
            variants.append((False, "charon log written at ike 4 alone", ike4))
        for child_keys, label, source in variants:
            log = ts.config_file("charon-%s.log" % len(label),
                                 charon_log_variant(source, child_keys or source == ike4))
            ike, bound, esp = sk_outcome(ts, capture, ["-o", "ikev2.key_file:" + log])
            if ike != ref_ike:
                errors.append("%s: SK frames decrypted per IKE SA %s, with SPIs given %s"
                              % (label, sorted((k, len(v)) for k, v in ike.items()),
                                 sorted((k, len(v)) for k, v in ref_ike.items())))
            # Exactly one binding per IKE SA, on its first decrypted frame.
            for sa, frames in ike.items():
                first = min(frames, key=int)
                if bound.get(sa) != {first}:
                    errors.append("%s: IKE SA %s/%s: keys bound in frames %s, expected %s only"
                                  % (label, sa[0], sa[1], sorted(bound.get(sa, [])), first))
            extra = set(bound) - set(ike)
            if extra:
                errors.append("%s: a binding note on IKE SAs that decrypt nothing: %s" % (label, sorted(extra)))
            good = {r[0] for r in esp if r[2] == "1"}
            # With the log's CHILD_SA keys, SAs SK_d cannot give (PFS) decrypt as well.
            if good != ref_good and not (child_keys and good > ref_good):
                errors.append("%s: ESP frames with ICV good: %d, with SPIs given %d (differ: %s)"
                              % (label, len(good), len(ref_good), sorted(good ^ ref_good, key=int)[:10]))
            print("%-55s %d IKE SAs bound, %d SK frames and %d ESP frames decrypted (SPIs given: %d, %d)"
                  % (label, len(bound), sum(len(v) for v in ike.values()), len(good),
                     sum(len(v) for v in ref_ike.values()), len(ref_good)))
    return "\n".join(errors) or None


def ladder_output(ctx, case):
    """tools/ladder.py's Mermaid text for the case's capture and keys."""
    import subprocess
    cmd = [sys.executable, os.path.join(ctx.source_dir, "tools", "ladder.py"), ctx.capture(case),
           "--plugin-dir", ctx.plugin_dir]
    if "key_file" in case:
        cmd += ["--key-file", os.path.join(ctx.source_dir, case["key_file"])]
    for name, path in case.get("config_files", {}).items():
        if name == "ikev2_decryption_table":
            cmd += ["--decryption-table", os.path.join(ctx.source_dir, path)]
    return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout


def cmd_ladder(ctx, name, update=False):
    case = load_cases()[name]
    actual = ladder_output(ctx, case)
    path = os.path.join(GOLDEN, "%s.mmd" % name)
    if update:
        with open(path, "w") as f:
            f.write(actual)
        return None
    with open(path) as f:
        expected = f.read()
    return diff(expected, actual, os.path.basename(path)) if expected != actual else None


def cmd_update(ctx, names):
    cases = load_cases()
    for name in names or [n for n, c in cases.items() if c.get("golden") != "OFF"]:
        produced, _ = outputs(ctx, cases[name])
        for kind in ("verbose", "fields", "analysis", "stats"):
            path = os.path.join(GOLDEN, "%s.%s" % (name, kind))
            if kind in produced:
                with open(path, "w") as f:
                    f.write(produced[kind])
            elif os.path.exists(path):
                os.remove(path)
        if cases[name].get("ladder"):
            cmd_ladder(ctx, name, update=True)
        print("updated", name)
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build-dir", required=True)
    ap.add_argument("--source-dir", required=True)
    ap.add_argument("command")
    ap.add_argument("names", nargs="*")
    a = ap.parse_args()
    ctx = Context(os.path.abspath(a.build_dir), os.path.abspath(a.source_dir))
    if a.command == "plugin-loads":
        err = cmd_plugin_loads(ctx)
    elif a.command == "experts-without-tree":
        err = cmd_experts_without_tree(ctx)
    elif a.command == "esp-export":
        err = cmd_esp_export(ctx)
    elif a.command == "fields-documented":
        err = cmd_fields_documented(ctx)
    elif a.command == "golden":
        err = cmd_golden(ctx, a.names[0])
    elif a.command == "unchanged":
        err = cmd_unchanged(ctx, a.names[0])
    elif a.command == "same-values":
        err = cmd_same_values(ctx, a.names[0])
    elif a.command == "facts":
        err = cmd_facts(ctx, a.names[0])
    elif a.command == "esp":
        err = cmd_esp(ctx, a.names[0])
    elif a.command == "log-alone":
        err = cmd_log_alone(ctx, a.names[0])
    elif a.command == "ladder":
        err = cmd_ladder(ctx, a.names[0])
    elif a.command == "update":
        err = cmd_update(ctx, a.names)
    else:
        ap.error("unknown command " + a.command)
    if err:
        print("FAIL:", err)
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
