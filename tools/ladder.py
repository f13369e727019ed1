#!/usr/bin/env python3
"""Turn a capture into an IKEv2 ladder (sequence diagram) for training labs: one lane per
peer, one arrow per IKE message in order, labelled like the Flow Graph
("IKE_AUTH request: IDi AUTH SA TSi TSr"), with the decrypted payloads when keys are given,
and the analysis' notes (errors, cookies, NAT, rekeys, retransmissions) beside the arrows.

  tools/ladder.py CAPTURE [--format mermaid|plantuml|svg] [-o OUT]
                  [--key-file FILE] [--decryption-table FILE] [--plugin-dir DIR]

--key-file is the plugin's ikev2.key_file preference (charon logs, native keys, ...);
--decryption-table a Wireshark ikev2_decryption_table. --plugin-dir is a folder holding
4.0/epan/ikev2.so (default: build/plugins of this checkout, else the installed plugin).
tshark runs with a private configuration folder (as `nobody` when started as root, since
tshark as root ignores plugin folders).
"""
import argparse
import html
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "tshark"))
from tshark_env import Tshark  # noqa: E402

FIELDS = ["frame.number", "frame.time_relative", "ip.src", "ipv6.src", "ip.dst", "ipv6.dst",
          "ikev2.analysis.ike_sa", "ikev2.message_id", "ikev2.analysis.ladder", "ikev2.analysis.state",
          "_ws.expert.message"]
NOTE_WORDS = ("Error notify", "Cookie challenge", "restarted", "NAT detected", "rekeyed",
              "created", "deleted", "established", "Retransmission", "no response", "MUST NOT",
              "SHOULD NOT", "MAY (weak)")


def messages(capture, key_file, table, plugin_dir):
    with Tshark(plugin_dir) as ts:
        args = ["-r", ts.stage(capture), "-2", "-Y", "ikev2", "-T", "fields", "-E", "separator=\t",
                "-E", "occurrence=a", "-E", "aggregator=\x1f"]
        if key_file:
            args += ["-o", "ikev2.key_file:" + ts.stage(key_file)]
        if table:
            with open(table) as f:
                ts.config_file("ikev2_decryption_table", f.read())
        for f in FIELDS:
            args += ["-e", f]
        out = ts.run(args)
    rows = []
    for line in out.splitlines():
        c = line.split("\t")
        c += [""] * (len(FIELDS) - len(c))
        src = c[2] or c[3]
        dst = c[4] or c[5]
        labels = c[8].split("\x1f")
        experts = [e for e in c[10].split("\x1f") if e and any(w in e for w in NOTE_WORDS)]
        # Several IKE messages in one frame (TCP): one arrow each.
        for i, label in enumerate(labels):
            if not label:
                continue
            rows.append({"frame": c[0], "time": float(c[1] or 0), "src": src, "dst": dst,
                         "sa": c[6].split("\x1f")[i] if c[6] else "", "label": label,
                         "notes": experts if i == 0 else []})
    return rows


def lanes(rows):
    order = []
    for r in rows:
        for p in (r["src"], r["dst"]):
            if p not in order:
                order.append(p)
    return order


def mermaid(rows):
    peers = lanes(rows)
    out = ["sequenceDiagram"]
    for i, p in enumerate(peers):
        out.append("    participant P%d as %s" % (i, p))
    for r in rows:
        a, b = peers.index(r["src"]), peers.index(r["dst"])
        out.append("    P%d->>P%d: #%s %s" % (a, b, r["frame"], r["label"].replace(";", ",")))
        for n in r["notes"]:
            out.append("    Note over P%d,P%d: %s" % (min(a, b), max(a, b), n.replace(";", ",").replace("#", "")))
    return "\n".join(out) + "\n"


def plantuml(rows):
    peers = lanes(rows)
    out = ["@startuml", "hide footbox"]
    for i, p in enumerate(peers):
        out.append('participant "%s" as P%d' % (p, i))
    for r in rows:
        a, b = peers.index(r["src"]), peers.index(r["dst"])
        out.append("P%d -> P%d : #%s %s" % (a, b, r["frame"], r["label"]))
        for n in r["notes"]:
            out.append("note over P%d, P%d : %s" % (min(a, b), max(a, b), n))
    out.append("@enduml")
    return "\n".join(out) + "\n"


def svg(rows):
    peers = lanes(rows)
    lane_w, left, top, row_h, note_h = 520, 150, 70, 44, 18
    height = top + 20 + sum(row_h + note_h * len(r["notes"]) for r in rows)
    width = left + lane_w * max(1, len(peers) - 1) + 220
    x = {p: left + 60 + i * lane_w for i, p in enumerate(peers)}
    e = html.escape
    out = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="monospace" font-size="12">'
           % (width, height),
           '<rect width="100%" height="100%" fill="white"/>',
           '<defs><marker id="a" markerWidth="10" markerHeight="7" refX="10" refY="3.5" orient="auto">'
           '<polygon points="0 0, 10 3.5, 0 7"/></marker></defs>']
    for p in peers:
        out.append('<text x="%d" y="30" text-anchor="middle" font-weight="bold">%s</text>' % (x[p], e(p)))
        out.append('<line x1="%d" y1="40" x2="%d" y2="%d" stroke="#888" stroke-dasharray="4 3"/>'
                   % (x[p], x[p], height - 10))
    y = top
    for r in rows:
        x1, x2 = x[r["src"]], x[r["dst"]]
        colour = "#b00" if any("Error" in n or "no response" in n for n in r["notes"]) else "#000"
        out.append('<text x="8" y="%d" fill="#555">#%s %.3fs</text>' % (y + 4, e(r["frame"]), r["time"]))
        out.append('<text x="%d" y="%d" text-anchor="middle" fill="%s">%s</text>'
                   % ((x1 + x2) // 2, y - 4, colour, e(r["label"])))
        out.append('<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s" marker-end="url(#a)"/>'
                   % (x1, y, x2 + (-4 if x2 > x1 else 4), y, colour))
        y += 20
        for n in r["notes"]:
            out.append('<text x="%d" y="%d" text-anchor="middle" fill="#06c" font-size="11">%s</text>'
                       % ((x1 + x2) // 2, y, e(n[:140])))
            y += note_h
        y += row_h - 20
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("capture")
    ap.add_argument("--format", choices=("mermaid", "plantuml", "svg"), default="mermaid")
    ap.add_argument("-o", "--output")
    ap.add_argument("--key-file")
    ap.add_argument("--decryption-table")
    default_plugins = os.path.join(HERE, "..", "build", "plugins")
    ap.add_argument("--plugin-dir", default=default_plugins if os.path.isdir(default_plugins) else None)
    a = ap.parse_args()
    rows = messages(a.capture, a.key_file, a.decryption_table, a.plugin_dir)
    if not rows:
        print("no IKEv2 messages in %s" % a.capture, file=sys.stderr)
        return 1
    text = {"mermaid": mermaid, "plantuml": plantuml, "svg": svg}[a.format](rows)
    if a.output:
        with open(a.output, "w") as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
