#!/usr/bin/env python3
"""Carrier-scale key handling: what N IKE SAs' keys cost tshark to load and to use, with
the plugin and with Wireshark's built-in decryption, on the captures of
make_carrier_capture.py (N IKE SAs: IKE_SA_INIT, IKE_AUTH with SK, one ESP packet per
CHILD_SA direction).

Modes (each tshark as `nobody` with private plugin and configuration folders):
  native      plugin, -o ikev2.key_file:carrier-N.keys (native ikev2 + esp lines)
  native-skd  plugin, -o ikev2.key_file:carrier-N.ike-sk_d.keys (ikev2 lines with SK_d:
              the plugin derives every CHILD_SA's ESP keys itself)
  table       plugin, ikev2_decryption_table and esp_sa in the profile, as a Wireshark
              user has them (Wireshark's UAT loader reads them, and so does the plugin)
  table-file  plugin, the rows of those two tables in one file given as
              -o ikev2.key_file (nothing in the profile)
  nokeys      plugin, no keys
  builtin     no plugin: Wireshark's isakmp and ESP dissectors with the same two UAT files
              in the profile, -o esp.enable_encryption_decode:TRUE
              -o esp.enable_authentication_check:TRUE
  builtin-ike as builtin with the ikev2_decryption_table alone: IKE decrypted, ESP not
  stock       no plugin, no keys

Per mode, two captures:
  tiny  carrier-1.pcap, the first IKE SA of every larger capture (6 frames), read with the
        large capture's keys: its CPU time is tshark's start-up plus the key load. The key
        load time is tiny CPU minus tiny CPU without keys (plugin modes: minus nokeys;
        builtin: minus stock); the key memory is the same difference of peak RSS.
  full  carrier-N.pcap: CPU, wall, peak RSS; first-pass cost per frame = (full CPU - tiny
        CPU) / (frames - 6), i.e. without start-up and key load.
Each run is `tshark -r X -T fields -e frame.number -e <ICV> -e <auth method> -e icmp.seq
-e <ESP ICV>` and is checked: with keys, every IKE_AUTH message must be decrypted with a
good ICV (plugin: ikev2.sk.icv_good = 1 and ikev2.auth.method; built-in: isakmp.auth.method
and no isakmp.ikev2.integrity_checksum expert info) and every ESP packet decrypted with a
good ICV (icmp.seq and ipsec.icv.status = 1, or esp.icv_good = 1); without keys, none.
Medians of --reps repetitions, interleaved.

Wireshark 4.0's ESP decryption tries the esp_sa rows one by one for every packet, so the
built-in's time grows with SAs x packets: it runs on carrier-<--builtin-sas>.pcap (default
10,000 IKE SAs), where every mode runs too for comparison; the other modes also run on
carrier-<--sas>.pcap (default 100,000). Its IKEv2 decryption looks the SPIs up in a hash
table, so builtin-ike runs at every size.

  carrier.py [--build-dir build] [--captures build-bench/carrier] [--sas 100000]
             [--builtin-sas 10000] [--modes native,table,nokeys,builtin,builtin-ike,stock]
             [--reps 3] [--cell-budget S] [--json FILE] [--markdown FILE]
"""
import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile

import benchlib
from tshark_env import Tshark

HERE = os.path.dirname(os.path.abspath(__file__))
GENERATOR = os.path.join(HERE, "make_carrier_capture.py")
MODES = ("native", "native-skd", "table", "table-file", "nokeys", "builtin", "builtin-ike",
         "stock")
PLUGIN_MODES = ("native", "native-skd", "table", "table-file", "nokeys")
# What each mode must decrypt: (every IKE_AUTH, every ESP packet); the rest: nothing.
DECRYPTS = {"native": (True, True), "native-skd": (True, True), "table": (True, True),
            "table-file": (True, True), "builtin": (True, True), "builtin-ike": (True, False)}
# Fields per dissector: IKE ICV, auth method, ESP-decrypted ICMP, ESP ICV.
PLUGIN_FIELDS = ("ikev2.sk.icv_good", "ikev2.auth.method", "icmp.seq", "ipsec.icv.status")
BUILTIN_FIELDS = ("isakmp.ikev2.integrity_checksum", "isakmp.auth.method", "icmp.seq",
                  "esp.icv_good")
TINY_SAS = 1
TINY_FRAMES = 6


class CarrierMode(benchlib.Mode):
    """One way of running tshark on the carrier captures (see the modes above)."""

    def __init__(self, name, build_dir, keys):
        self.name = name
        self.staged = {}
        plugin = name in PLUGIN_MODES
        self.ts = Tshark(os.path.join(build_dir, "plugins") if plugin else None)
        self.extra = []
        if name in ("native", "native-skd"):
            self.extra = ["-o", "ikev2.key_file:" + self.stage(
                keys["native_keys" if name == "native" else "native_ike_sk_d_keys"])]
        elif name == "table-file":
            text = ""
            for uat in ("ikev2_decryption_table", "esp_sa"):
                with open(keys[uat]) as f:
                    text += f.read()
            path = self.ts.config_file("tables.keys", text)  # not a name Wireshark reads
            self.extra = ["-o", "ikev2.key_file:" + path]
        elif name in ("table", "builtin", "builtin-ike"):
            for uat in ("ikev2_decryption_table", "esp_sa"):
                if uat == "esp_sa" and name == "builtin-ike":
                    continue
                with open(keys[uat]) as f:
                    self.ts.config_file(uat, f.read())
        if name in ("builtin", "builtin-ike"):
            self.extra = list(benchlib.BUILTIN_PREFS)
        self.fields = PLUGIN_FIELDS if plugin else BUILTIN_FIELDS

    def command(self, capture):
        args = ["-r", self.stage(capture), "-T", "fields", "-e", "frame.number"]
        for f in self.fields:
            args += ["-e", f]
        return self.ts.command(args + self.extra)


def check(mode, out_path, info):
    """(IKE_AUTH messages decrypted with a good ICV, ESP packets decrypted with a good ICV,
    frames) in a run's output; and a reason when that is not what the mode must give."""
    auth = set(info["ike_auth_frames"])
    esp = set(info["esp_frames"])
    n_auth = n_esp = frames = 0
    plugin = mode in PLUGIN_MODES
    with open(out_path) as f:
        for line in f:
            frames += 1
            num, icv, method, seq, esp_icv = (line.rstrip("\n").split("\t") + [""] * 5)[:5]
            n = int(num)
            if n in auth and method == "2" and (icv == "1" if plugin else icv == ""):
                n_auth += 1
            elif n in esp and seq == "1" and esp_icv == "1":
                n_esp += 1
    ike, esp_too = DECRYPTS.get(mode, (False, False))
    want = (len(auth) if ike else 0, len(esp) if esp_too else 0)
    why = None
    if frames != info["frames"]:
        why = "%d of %d frames" % (frames, info["frames"])
    elif (n_auth, n_esp) != want:
        why = "decrypted %d IKE_AUTH and %d ESP, expected %d and %d" % (
            n_auth, n_esp, want[0], want[1])
    return n_auth, n_esp, frames, why


def capture_info(folder, sas, seed, ike, esp):
    """The generator's JSON for carrier-<sas>, generating the capture when it is missing or
    was made with other parameters."""
    path = os.path.join(folder, "carrier-%d.json" % sas)
    want = {"sas": sas, "seed": seed, "ike": ike, "esp": esp}
    info = None
    if os.path.exists(path):
        with open(path) as f:
            info = json.load(f)
    if not info or any(info.get(k) != v for k, v in want.items()):
        cmd = [sys.executable, GENERATOR, "--out", folder, "--sas", str(sas), "--seed", seed,
               "--ike", ike, "--esp", esp]
        print("generating:", " ".join(cmd), flush=True)
        subprocess.run(cmd, check=True)
        with open(path) as f:
            info = json.load(f)
    for k in ("capture", "ikev2_decryption_table", "esp_sa", "native_keys",
              "native_ike_sk_d_keys"):
        info[k] = os.path.join(folder, info[k])
    return info


class Cell:
    def __init__(self, size, mode, capture, keys_of):
        self.size, self.mode, self.capture, self.keys_of = size, mode, capture, keys_of
        self.walls, self.cpus, self.rss_kib = [], [], []
        self.decrypted = None
        self.error = None

    def med(self, what):
        v = getattr(self, what)
        return statistics.median(v) if v else None


def fmt(x, spec="%.2f"):
    return "-" if x is None else spec % x


LABELS = {"native": "plugin, native key file", "native-skd": "plugin, native, ESP from SK_d",
          "table": "plugin, ikev2_decryption_table + esp_sa",
          "table-file": "plugin, the same rows as ikev2.key_file", "nokeys": "plugin, no keys",
          "builtin": "built-in, ikev2_decryption_table + esp_sa",
          "builtin-ike": "built-in, ikev2_decryption_table alone", "stock": "built-in, no keys"}


def markdown(results, reps, ike, esp):
    """The table for docs/performance.md: one row per (capture, mode)."""
    base = {(r["sas"], r["mode"]): r["us_per_frame"] for r in results}
    lines = ["| IKE SAs (frames) | mode | runs | key load CPU (s) | key RSS (MiB) | first pass "
             "CPU / wall (s) | CPU per frame (us) | vs no keys (us) | peak RSS (MiB) | "
             "IKE_AUTH / ESP decrypted |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        dec = ("%s / %s" % ("{:,}".format(r["decrypted_ike_auth"]),
                            "{:,}".format(r["decrypted_esp"]))
               if r["decrypted_ike_auth"] is not None else "-")
        if r["error"]:
            dec = "WRONG: " + r["error"]
        without = base.get((r["sas"], "nokeys" if r["mode"] in PLUGIN_MODES else "stock"))
        extra = (r["us_per_frame"] - without
                 if r["mode"] in DECRYPTS and r["us_per_frame"] is not None and without is not None
                 else None)
        lines.append("| {:,} ({:,}) | {} | {} | {} | {} | {} / {} | {} | {} | {} | {} |".format(
            r["sas"], r["frames"], LABELS[r["mode"]], r["runs"], fmt(r["load_cpu_s"]),
            fmt(r["load_rss_mib"], "%.0f"), fmt(r["full_cpu_s"]), fmt(r["full_wall_s"]),
            fmt(r["us_per_frame"], "%.1f"), fmt(extra, "%+.1f"), fmt(r["full_rss_mib"], "%.0f"),
            dec))
    return ("Medians of up to %d interleaved repetition(s) (runs: how many the full capture "
            "had); CPU = user + sys of tshark; key load = CPU on the first IKE SA's 6 frames "
            "with the keys minus the same without keys (plugin: no keys; built-in: stock); "
            "CPU per frame = (first pass CPU - that run) / (frames - 6); vs no keys = that "
            "minus the same without keys; peak RSS = ru_maxrss of tshark. IKE %s, ESP %s.\n\n"
            % (reps, ike, esp) + "\n".join(lines) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build-dir", default="build")
    ap.add_argument("--captures", default=os.path.join("build-bench", "carrier"))
    ap.add_argument("--sas", type=int, default=100000,
                    help="IKE SAs of the large capture (plugin modes; default 100000)")
    ap.add_argument("--builtin-sas", type=int, default=10000,
                    help="IKE SAs of the capture every mode runs on, the built-in included "
                         "(default 10000; 0: none)")
    ap.add_argument("--modes", default="native,table,nokeys,builtin,builtin-ike,stock",
                    help="comma-separated subset of %s" % ",".join(MODES))
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--cell-budget", type=float, default=0,
                    help="stop repeating a cell once its runs add up to this many seconds "
                         "(it keeps at least one run; 0: no limit)")
    ap.add_argument("--seed", default="1")
    ap.add_argument("--ike", default="cbc", help="IKE SA cipher: cbc or gcm (default cbc)")
    ap.add_argument("--esp", default="gcm", help="ESP cipher: gcm or cbc (default gcm)")
    ap.add_argument("--json", help="also write the results to this file")
    ap.add_argument("--markdown", help="also write the markdown table to this file")
    ap.add_argument("--table-from", metavar="JSON",
                    help="print the markdown table of an earlier run's --json file and stop")
    args = ap.parse_args()
    if args.table_from:
        with open(args.table_from) as f:
            saved = json.load(f)
        print(markdown(saved["results"], saved["reps"], saved["ike"], saved["esp"]), end="")
        return 0
    modes = benchlib.choices(ap, args.modes, MODES, "mode")
    if any(m in PLUGIN_MODES for m in modes):
        benchlib.require_plugin(args.build_dir)
    # The load-time baselines: nokeys for the plugin modes, stock for the built-in.
    if any(m in PLUGIN_MODES for m in modes) and "nokeys" not in modes:
        modes.append("nokeys")
    if ("builtin" in modes or "builtin-ike" in modes) and "stock" not in modes:
        modes.append("stock")

    os.makedirs(args.captures, exist_ok=True)
    gen = (args.seed, args.ike, args.esp)
    sizes = []
    if args.builtin_sas:
        sizes.append(args.builtin_sas)
    if args.sas and args.sas != args.builtin_sas:
        sizes.append(args.sas)
    infos = {n: capture_info(args.captures, n, *gen) for n in sizes}
    tiny = capture_info(args.captures, TINY_SAS, *gen)

    # Cells: per size, the modes that run on it (the built-in with ESP keys only on the
    # builtin size), each on the tiny capture with that size's keys and on the full one.
    cells, setups = [], []
    for n in sizes:
        for m in modes:
            if m == "builtin" and n != args.builtin_sas:
                continue
            if m == "stock" and not ("builtin-ike" in modes or n == args.builtin_sas):
                continue
            setup = CarrierMode(m, args.build_dir, infos[n])
            for which, info in (("tiny", tiny), ("full", infos[n])):
                cells.append(Cell(n, m, info["capture"], which))
                cells[-1].info = info
                setups.append(setup)

    out = tempfile.NamedTemporaryFile(prefix="carrier-", suffix=".txt", delete=False).name
    try:
        for rep in range(args.reps):
            for c, s in zip(cells, setups):
                if c.error or (args.cell_budget and c.walls
                               and sum(c.walls) + c.walls[-1] > args.cell_budget):
                    continue
                t = s.run(s.command(c.capture), out)
                n_auth, n_esp, frames, why = check(c.mode, out, c.info)
                c.decrypted = (n_auth, n_esp)
                label = "%7d SAs %-10s %-4s" % (c.size, c.mode, c.keys_of)
                if why:
                    c.error = why
                    print("%s output wrong: %s" % (label, why), flush=True)
                    continue
                c.walls.append(t.wall)
                c.cpus.append(t.cpu)
                c.rss_kib.append(t.maxrss_kib)
                print("rep %d %s %8.2f s wall %8.2f s cpu %7.0f MiB  IKE_AUTH %d ESP %d" % (
                    rep + 1, label, t.wall, t.cpu, t.maxrss_kib / 1024, n_auth, n_esp),
                    flush=True)
    finally:
        os.unlink(out)
        closed = set()
        for s in setups:
            if id(s) not in closed:
                s.close()
                closed.add(id(s))

    by = {(c.size, c.mode, c.keys_of): c for c in cells}
    results = []
    for n in sizes:
        for m in modes:
            full, small = by.get((n, m, "full")), by.get((n, m, "tiny"))
            if not full:
                continue
            base = by.get((n, "nokeys" if m in PLUGIN_MODES else "stock", "tiny"))
            row = {"sas": n, "frames": infos[n]["frames"], "mode": m,
                   "ike_auth": len(infos[n]["ike_auth_frames"]),
                   "esp": len(infos[n]["esp_frames"]),
                   "error": full.error or small.error,
                   "decrypted_ike_auth": full.decrypted[0] if full.decrypted else None,
                   "decrypted_esp": full.decrypted[1] if full.decrypted else None,
                   "runs": len(full.cpus), "tiny_runs": len(small.cpus),
                   "tiny_cpu_s": small.med("cpus"), "tiny_rss_mib": None,
                   "full_cpu_s": full.med("cpus"), "full_wall_s": full.med("walls"),
                   "full_rss_mib": None, "load_cpu_s": None, "load_rss_mib": None,
                   "us_per_frame": None,
                   "tiny_cpus": small.cpus, "full_cpus": full.cpus, "full_walls": full.walls,
                   "full_rss_kib": full.rss_kib, "tiny_rss_kib": small.rss_kib}
            if small.rss_kib:
                row["tiny_rss_mib"] = small.med("rss_kib") / 1024
            if full.rss_kib:
                row["full_rss_mib"] = full.med("rss_kib") / 1024
            if m in DECRYPTS and base and base.cpus and small.cpus:
                row["load_cpu_s"] = small.med("cpus") - base.med("cpus")
                row["load_rss_mib"] = (small.med("rss_kib") - base.med("rss_kib")) / 1024
            if full.cpus and small.cpus:
                row["us_per_frame"] = ((full.med("cpus") - small.med("cpus"))
                                       / (infos[n]["frames"] - TINY_FRAMES) * 1e6)
            results.append(row)

    text = markdown(results, args.reps, args.ike, args.esp)
    print()
    print("host %s, %d CPUs" % (platform.node(), os.cpu_count()))
    print(text)
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write(text)
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"host": platform.node(), "cpus": os.cpu_count(), "reps": args.reps,
                       "ike": args.ike, "esp": args.esp, "seed": args.seed,
                       "tshark": subprocess.run(["tshark", "--version"], capture_output=True,
                                                text=True).stdout.splitlines()[0],
                       "results": results}, f, indent=1)
            f.write("\n")
    failed = [r for r in results if r["error"]]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
