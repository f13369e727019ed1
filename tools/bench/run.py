#!/usr/bin/env python3
"""ESP decryption benchmark (issue 5): for each capture variant, time

  plugin   tshark with the plugin (WIRESHARK_PLUGIN_DIR=<build>/plugins) and the keys given
           as -o ikev2.key_file:<variant>.esp_sa
  builtin  tshark with Wireshark's built-in ESP decryption and ICV check (esp_sa UAT in a
           private configuration folder) and no plugin (an empty private plugin folder)
  plain    tshark on the plaintext twin (the same inner packets without ESP)
  before   as plugin, with the build of another commit (--before-build-dir), so that two
           versions of the plugin are compared in one run

each as `tshark -r X -Y icmp -T fields -e icmp.seq`, run as `nobody` when we are root
(tshark as root ignores WIRESHARK_PLUGIN_DIR). Every run's output is compared with the
complete sequence number list: a run that misses packets is reported, never timed as a
result. Repetitions are interleaved over all cells so that background load spreads evenly;
the table shows medians of the wall-clock time and of tshark's CPU time (user + sys, less
sensitive to other processes on the machine) and the ratios to the plaintext twin.

Usage:
  run.py [--build-dir build] [--captures build-bench] [--reps 5] [--quick]
         [--modes plugin,builtin,plain] [--variants SUBSTR,...] [--cell-budget SECONDS]
         [--json FILE]
--quick: 10,000-packet captures in <captures>/quick and 3 repetitions.
Missing captures (or captures of another size) are generated first (make_esp_captures.py).
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

MODES = ("plugin", "before", "builtin", "plain")


class Cell:
    """One (variant or plaintext twin, mode) pair and its timed runs."""

    def __init__(self, key, mode, capture):
        self.key = key
        self.mode = mode
        self.capture = capture
        self.walls = []
        self.cpus = []
        self.error = None  # first output mismatch, e.g. ESP not decrypted

    def median(self, what):
        v = self.walls if what == "wall" else self.cpus
        return statistics.median(v) if v else None


def fmt(x, spec="%.2f"):
    return "-" if x is None else spec % x


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build-dir", default="build")
    ap.add_argument("--captures", default="build-bench")
    ap.add_argument("--reps", type=int, default=None, help="repetitions (default 5, quick 3)")
    ap.add_argument("--quick", action="store_true", help="10,000 packets, 3 repetitions")
    ap.add_argument("--packets", type=int, default=None, help="override the packet count")
    ap.add_argument("--modes", default=",".join(MODES))
    ap.add_argument("--variants", default="",
                    help="only variants whose name contains one of these comma-separated "
                         "strings")
    ap.add_argument("--cell-budget", type=float, default=0,
                    help="stop repeating a cell once its runs add up to this many seconds "
                         "(it keeps at least one run; 0: no limit)")
    ap.add_argument("--json", help="also write the results to this file")
    ap.add_argument("--before-build-dir", help="build folder of the commit to compare with (mode before)")
    args = ap.parse_args()

    packets = args.packets or (10000 if args.quick else 100000)
    reps = args.reps or (3 if args.quick else 5)
    folder = os.path.join(args.captures, "quick") if args.quick else args.captures
    modes = [m for m in args.modes.split(",") if m]
    for m in modes:
        if m not in MODES:
            ap.error("unknown mode %s" % m)
    plugin_so = os.path.join(args.build_dir, "plugins", "4.0", "epan", "ikev2.so")
    if "plugin" in modes and not os.path.exists(plugin_so):
        sys.exit("%s not found: build the plugin first or pass --build-dir "
                 "(or leave out the plugin mode: --modes builtin,plain)" % plugin_so)
    if "before" in modes and not args.before_build_dir:
        ap.error("mode before needs --before-build-dir")

    manifest = benchlib.load_manifest(folder)
    if not manifest or manifest["packets"] != packets:
        manifest = benchlib.generate(folder, packets)
    variants = [v for v in manifest["variants"]
                if not args.variants or any(s in v["name"] for s in args.variants.split(","))]
    expected = benchlib.expected_seq(packets)

    # One tshark set-up per (variant, mode); the plaintext twin is timed once per twin.
    cells, setups = [], []
    plain_cells = {}
    for v in variants:
        capture = os.path.join(folder, v["capture"])
        esp_sa = os.path.join(folder, v["esp_sa"])
        if "plain" in modes and v["plaintext"] not in plain_cells:
            c = Cell(v["plaintext"], "plain", os.path.join(folder, v["plaintext"]))
            plain_cells[v["plaintext"]] = c
            cells.append(c)
            setups.append(benchlib.Mode("plain"))
        for m in ("plugin", "before", "builtin"):
            if m in modes:
                cells.append(Cell(v["name"], m, capture))
                setups.append(benchlib.Mode(m, build_dir=args.before_build_dir if m == "before"
                                            else args.build_dir, esp_sa=esp_sa))

    out = tempfile.NamedTemporaryFile(prefix="espbench-", suffix=".txt", delete=False).name
    try:
        for rep in range(reps):
            for c, s in zip(cells, setups):
                if c.error:
                    continue
                if (args.cell_budget and c.walls
                        and sum(c.walls) + c.walls[-1] > args.cell_budget):
                    continue
                wall, cpu, _ = s.run(s.command(c.capture), out)
                with open(out) as f:
                    why = benchlib.compare_seq(f.read(), expected)
                if why:
                    c.error = why
                    print("%-24s %-8s output incomplete: %s" % (c.key, c.mode, why), flush=True)
                    continue
                c.walls.append(wall)
                c.cpus.append(cpu)
                print("rep %d  %-24s %-8s %7.2f s wall %7.2f s cpu" % (
                    rep + 1, c.key, c.mode, wall, cpu), flush=True)
    finally:
        os.unlink(out)
        for s in setups:
            s.close()

    by = {(c.key, c.mode): c for c in cells}
    results = []
    for v in variants:
        plain = by.get((v["plaintext"], "plain"))
        row = {"variant": v["name"], "algorithm": v["algorithm"], "sas": v["sas"],
               "target_plugin_ratio": benchlib.TARGETS.get(v["algorithm"])}
        for m in MODES:
            c = plain if m == "plain" else by.get((v["name"], m))
            row[m] = None if c is None else {
                "runs": len(c.walls), "wall_s": c.median("wall"), "cpu_s": c.median("cpu"),
                "walls": c.walls, "cpus": c.cpus, "error": c.error}
        for m in ("plugin", "before", "builtin"):
            for what in ("wall", "cpu"):
                r = None
                if row[m] and row["plain"] and row[m][what + "_s"] and row["plain"][what + "_s"]:
                    r = row[m][what + "_s"] / row["plain"][what + "_s"]
                row["%s_ratio_%s" % (m, what)] = r
        results.append(row)

    print()
    print("%d packets per capture, %d repetition(s) (interleaved), medians; host %s, %d CPUs"
          % (packets, reps, platform.node(), os.cpu_count()))
    print("ratios are time / time on the plaintext twin; CPU = user + sys of tshark")
    head = ("variant", "plain s", "builtin s", "plugin s", "builtin/plain", "plugin/plain",
            "target")
    print("%-22s %15s %15s %15s %15s %15s %7s" % head)
    print("%-22s %15s %15s %15s %15s %15s %7s" % ("", "wall   cpu", "wall   cpu",
                                                  "wall   cpu", "wall   cpu", "wall   cpu", ""))
    notes = []
    for row in results:
        def times(m):
            c = row[m]
            if c is None:
                return "(not run)"
            if c["error"]:
                return "wrong output" if m == "plain" else "NOT DECRYPTED"
            return "%6s %6s" % (fmt(c["wall_s"]), fmt(c["cpu_s"]))

        def ratio(m):
            c = row[m]
            if c is None:
                return "-"
            if c["error"]:
                return "n/a"
            return "%6s %6s" % (fmt(row[m + "_ratio_wall"]), fmt(row[m + "_ratio_cpu"]))

        print("%-22s %15s %15s %15s %15s %15s %7s" % (
            row["variant"], times("plain"), times("builtin"), times("plugin"), ratio("builtin"),
            ratio("plugin"), "<= %.2f" % row["target_plugin_ratio"]))
        if row["before"] and not row["before"]["error"]:
            print("%-22s %15s %31s %15s" % ("  before", times("before"), "", ratio("before")))
        for m in ("plugin", "before", "builtin", "plain"):
            c = row[m]
            if c and c["error"]:
                what = "ESP not decrypted" if m != "plain" else "wrong output"
                notes.append("%s, %s: %s (%s); no time or ratio reported" % (
                    row["variant"], m, what, c["error"]))
            elif c and 0 < c["runs"] < reps:
                notes.append("%s, %s: %d run(s) only (--cell-budget)" % (
                    row["variant"], m, c["runs"]))
    for n in notes:
        print("  * " + n)

    if args.json:
        info = {"packets": packets, "reps": reps, "host": platform.node(),
                "cpus": os.cpu_count(),
                "tshark": subprocess.run(["tshark", "--version"], capture_output=True,
                                         text=True).stdout.splitlines()[0],
                "results": results}
        with open(args.json, "w") as f:
            json.dump(info, f, indent=1)
            f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
