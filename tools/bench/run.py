#!/usr/bin/env python3
"""ESP decryption benchmark: for each capture variant (algorithm x SAs x ESP mode), time

  plugin   tshark with the plugin (WIRESHARK_PLUGIN_DIR=<build>/plugins) and the keys given
           as -o ikev2.key_file:<variant>.esp_sa
  builtin  tshark with Wireshark's built-in ESP decryption and ICV check (esp_sa UAT in a
           private configuration folder) and no plugin (an empty private plugin folder)
  plain    tshark on the plaintext twin (the same packets without ESP)
  minimal  tshark with tools/bench/minimal_esp alone (a reference ESP dissector: one SA keyed
           once from MINESP_* variables, columns, SPI and sequence number items, decryption,
           the payload handed on; plugin folder <build>/tools/bench/minimal_esp/plugins),
           1-SA variants only: what one more protocol layer plus libgcrypt costs tshark
  before   as plugin, with the build of another commit (--before-build-dir), so that two
           versions of the plugin are compared in one run

each as `tshark -r X -Y icmp -T fields -e icmp.seq`, run as `nobody` when we are root
(tshark as root ignores WIRESHARK_PLUGIN_DIR). Every run's output is compared with the
complete sequence number list: a run that misses packets is reported, never timed as a
result. Repetitions are interleaved over all cells so that background load spreads evenly.

Per cell: the median wall-clock time, the median CPU time of tshark (user + sys, less
sensitive to other processes on the machine) and the median peak RSS (ru_maxrss of tshark,
from wait4). Per variant: plugin/plain, minimal/plain and builtin/plain (CPU, and wall in
brackets), the issue's target for plugin/plain, the peak RSS of plugin against built-in,
and with --microbench the floor: (plain CPU + what libgcrypt alone needs for the capture's
ESP octets) / plain CPU, the best ratio any decryptor built on libgcrypt could reach.
The result is a markdown table (stdout, and --markdown FILE), and --json FILE.

Usage:
  run.py [--build-dir build] [--captures build-bench] [--reps 5] [--quick] [--packets N]
         [--modes plugin,minimal,builtin,plain] [--esp-modes tunnel,transport]
         [--variants SUBSTR,...] [--cell-budget SECONDS] [--microbench BIN]
         [--json FILE] [--markdown FILE] [--before-build-dir DIR]
--quick: 10,000-packet captures in <captures>/quick and 3 repetitions.
Missing captures (or captures of another size, or without an ESP mode asked for) are
generated first (make_esp_captures.py).
"""
import argparse
import csv
import glob
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile

import benchlib

MODES = ("plugin", "before", "minimal", "builtin", "plain")
ESP_MODES = ("tunnel", "transport")
ALGORITHM_LABELS = {"null": "NULL", "gcm": "AES-128-GCM-16",
                    "cbc-sha256": "AES-128-CBC + HMAC-SHA2-256-128"}
# The esp_microbench suite whose "raw" column is libgcrypt alone for each algorithm; NULL
# without integrity needs no crypto at all (floor = the plaintext twin).
MICROBENCH_SUITES = {"gcm": "AES-128-GCM-16", "cbc-sha256": "AES-128-CBC + HMAC-SHA2-256-128"}


class Cell:
    """One (variant or plaintext twin, mode) pair and its timed runs."""

    def __init__(self, key, mode, capture):
        self.key = key
        self.mode = mode
        self.capture = capture
        self.walls = []
        self.cpus = []
        self.rss_kib = []
        self.error = None  # first output mismatch, e.g. ESP not decrypted

    def summary(self):
        med = statistics.median
        return {"runs": len(self.walls),
                "wall_s": med(self.walls) if self.walls else None,
                "cpu_s": med(self.cpus) if self.cpus else None,
                "rss_mib": med(self.rss_kib) / 1024 if self.rss_kib else None,
                "walls": self.walls, "cpus": self.cpus, "rss_kib": self.rss_kib,
                "error": self.error}


MINIMAL_PLUGIN = os.path.join("tools", "bench", "minimal_esp", "plugins")


def require_minimal(build_dir):
    """<build_dir>/tools/bench/minimal_esp/plugins, the plugin folder holding only
    <major>.<minor>/epan/minimal_esp.so; exits when it is not built."""
    folder = os.path.join(build_dir, MINIMAL_PLUGIN)
    if not glob.glob(os.path.join(folder, "*", "epan", "minimal_esp.so")):
        sys.exit("%s not found: cmake --build %s --target minimal_esp (or leave out the "
                 "minimal mode)" % (os.path.join(folder, "<version>", "epan", "minimal_esp.so"),
                                    build_dir))
    return folder


def minimal_env(esp_sa, algorithm):
    """The MINESP_* variables of minimal_esp for a 1-SA variant's esp_sa file (columns:
    protocol, source, destination, SPI, encryption, key, authentication, key)."""
    with open(esp_sa) as f:
        rows = [r for r in csv.reader(line for line in f if not line.startswith("#")) if r]
    if len(rows) != 1:
        raise RuntimeError("%s: %d SAs, the minimal mode takes one" % (esp_sa, len(rows)))
    row = rows[0]
    env = {"MINESP_ALG": algorithm}
    for name, value in (("MINESP_KEY", row[5]), ("MINESP_INTEG_KEY", row[7])):
        if value:
            env[name] = value[2:] if value.lower().startswith("0x") else value
    return env


class MinimalTshark(benchlib.Tshark):
    """tshark with the MINESP_* variables added to its environment."""

    def __init__(self, plugin_dir, sa_env):
        super().__init__(plugin_dir)
        self.sa_env = sa_env

    def env(self):
        return dict(super().env(), **self.sa_env)


class MinimalMode(benchlib.Mode):
    """tshark with minimal_esp as its only plugin, keyed for one SA."""

    def __init__(self, plugin_dir, esp_sa, algorithm):
        self.name = "minimal"
        self.staged = {}
        self.ts = MinimalTshark(plugin_dir, minimal_env(esp_sa, algorithm))
        self.extra = []


def fmt(x, spec="%.2f"):
    return "-" if x is None else spec % x


def libgcrypt_rates(binary, times=2):
    """MB/s of raw libgcrypt per algorithm from esp_microbench's "raw" column (the best of
    `times` runs of it, each already the best of its rounds)."""
    rates = {}
    for _ in range(times):
        out = subprocess.run([binary], capture_output=True, text=True, check=True).stdout
        for alg, suite in MICROBENCH_SUITES.items():
            m = re.search(re.escape(suite) + r"\s+raw\s+([0-9.]+) MB/s", out)
            if not m:
                raise RuntimeError("%s: no raw figure for %s in:\n%s" % (binary, suite, out))
            rates[alg] = max(rates.get(alg, 0.0), float(m.group(1)))
    return rates


def wanted_variant_names(esp_modes):
    """Names make_esp_captures.py gives the variants of these ESP modes (default
    algorithms and SA counts)."""
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import make_esp_captures as gen
    return {gen.variant_name(a, n, m) for m in esp_modes for a in gen.ALGORITHMS
            for n in gen.SA_COUNTS}


def ratio(a, b):
    return a / b if a is not None and b else None


def markdown(results, modes, packets, reps, floor):
    """The table for docs/performance.md: one row per variant."""
    has = {m: m in modes for m in MODES}
    head = ["ESP mode", "Algorithm", "SAs"]
    for m, label in (("plain", "plain"), ("builtin", "built-in"), ("plugin", "plugin"),
                     ("minimal", "minimal"), ("before", "before")):
        if has[m]:
            head.append("%s CPU / wall (s)" % label)
    if has["builtin"] and has["plain"]:
        head.append("built-in/plain CPU (wall)")
    if has["plugin"] and has["plain"]:
        head.append("plugin/plain CPU (wall)")
    if has["minimal"] and has["plain"]:
        head.append("minimal/plain CPU (wall)")
    if has["plugin"] and has["plain"]:
        head.append("target")
    if has["before"] and has["plain"]:
        head.append("before/plain CPU (wall)")
    if floor:
        head.append("floor/plain")
    rss_modes = [m for m in ("plain", "builtin", "plugin", "minimal", "before") if has[m]]
    head.append("peak RSS %s (MiB)" % " / ".join(
        {"builtin": "built-in"}.get(m, m) for m in rss_modes))
    if has["plugin"] and has["builtin"]:
        head.append("RSS plugin/built-in")
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    notes = []
    for row in results:
        def skipped(m):  # minimal: 1-SA variants only
            return m == "minimal" and row["sas"] != 1

        def times(m):
            c = row[m]
            if skipped(m):
                return "-"
            if c is None:
                return "(not run)"
            if c["error"]:
                return "wrong output" if m == "plain" else "NOT DECRYPTED"
            return "%s / %s" % (fmt(c["cpu_s"]), fmt(c["wall_s"]))

        def rat(m):
            c = row[m]
            if skipped(m):
                return "-"
            if c is None or c["error"] or row["plain"] is None or row["plain"]["error"]:
                return "n/a"
            return "%s (%s)" % (fmt(row[m + "_ratio_cpu"]), fmt(row[m + "_ratio_wall"]))

        cells = [row["esp_mode"], ALGORITHM_LABELS.get(row["algorithm"], row["algorithm"]),
                 "{:,}".format(row["sas"])]
        for m in ("plain", "builtin", "plugin", "minimal", "before"):
            if has[m]:
                cells.append(times(m))
        if has["builtin"] and has["plain"]:
            cells.append(rat("builtin"))
        if has["plugin"] and has["plain"]:
            cells.append(rat("plugin"))
        if has["minimal"] and has["plain"]:
            cells.append(rat("minimal"))
        if has["plugin"] and has["plain"]:
            cells.append("<= %.2f" % row["target_plugin_ratio"])
        if has["before"] and has["plain"]:
            cells.append(rat("before"))
        if floor:
            cells.append(fmt(row["floor_ratio_cpu"], "%.3f"))
        cells.append(" / ".join(fmt(row[m]["rss_mib"] if row[m] else None, "%.0f")
                                for m in rss_modes))
        if has["plugin"] and has["builtin"]:
            cells.append(fmt(row["rss_plugin_over_builtin"]))
        lines.append("| " + " | ".join(cells) + " |")
        for m in MODES:
            c = row[m]
            if c and c["error"]:
                what = "ESP not decrypted" if m != "plain" else "wrong output"
                notes.append("%s, %s: %s (%s); no time or ratio reported" % (
                    row["variant"], m, what, c["error"]))
            elif c and 0 < c["runs"] < reps:
                notes.append("%s, %s: %d run(s) only (--cell-budget)" % (
                    row["variant"], m, c["runs"]))
    text = ("%d packets per capture, medians of %d interleaved repetition(s); CPU = user + sys "
            "of tshark; ratios are time / time on the plaintext twin; peak RSS = ru_maxrss "
            "of tshark.\n\n" % (packets, reps))
    if has["minimal"]:
        text += ("minimal = tshark with tools/bench/minimal_esp alone, a reference ESP dissector "
                 "(one SA keyed once, columns, SPI and sequence number, decryption, the payload "
                 "handed on); 1-SA variants only.\n\n")
    if floor:
        text += ("floor/plain = (plain CPU + ESP octets / raw libgcrypt rate) / plain CPU; raw "
                 "libgcrypt from esp_microbench: %s.\n\n" % ", ".join(
                     "%s %.0f MB/s" % (ALGORITHM_LABELS[a], r) for a, r in sorted(floor.items())))
    text += "\n".join(lines) + "\n"
    if notes:
        text += "\n" + "\n".join("* " + n for n in notes) + "\n"
    return text


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build-dir", default="build")
    ap.add_argument("--captures", default="build-bench")
    ap.add_argument("--reps", type=int, default=None, help="repetitions (default 5, quick 3)")
    ap.add_argument("--quick", action="store_true", help="10,000 packets, 3 repetitions")
    ap.add_argument("--packets", type=int, default=None, help="override the packet count")
    ap.add_argument("--modes", default="plugin,builtin,plain",
                    help="comma-separated subset of %s (default plugin,builtin,plain)"
                         % ",".join(MODES))
    ap.add_argument("--esp-modes", default=",".join(ESP_MODES),
                    help="ESP modes of the captures: tunnel, transport (default both)")
    ap.add_argument("--variants", default="",
                    help="only variants whose name contains one of these comma-separated "
                         "strings")
    ap.add_argument("--cell-budget", type=float, default=0,
                    help="stop repeating a cell once its runs add up to this many seconds "
                         "(it keeps at least one run; 0: no limit)")
    ap.add_argument("--microbench",
                    help="the built esp_microbench (e.g. build/tools/bench/esp_microbench): "
                         "adds the floor column from its raw libgcrypt rates")
    ap.add_argument("--json", help="also write the results to this file")
    ap.add_argument("--markdown", help="also write the markdown table to this file")
    ap.add_argument("--before-build-dir", help="build folder of the commit to compare with (mode before)")
    args = ap.parse_args()

    packets = args.packets or (10000 if args.quick else 100000)
    reps = args.reps or (3 if args.quick else 5)
    folder = os.path.join(args.captures, "quick") if args.quick else args.captures
    modes = benchlib.choices(ap, args.modes, MODES, "mode")
    esp_modes = benchlib.choices(ap, args.esp_modes, ESP_MODES, "ESP mode")
    if "plugin" in modes:
        benchlib.require_plugin(args.build_dir,
                                " (or leave out the plugin mode: --modes builtin,plain)")
    minimal_dir = require_minimal(args.build_dir) if "minimal" in modes else None
    if "before" in modes and not args.before_build_dir:
        ap.error("mode before needs --before-build-dir")
    if args.microbench and not os.access(args.microbench, os.X_OK):
        sys.exit("%s not found: cmake --build %s --target esp_microbench"
                 % (args.microbench, args.build_dir))

    manifest = benchlib.load_manifest(folder)
    if (not manifest or manifest["packets"] != packets
            or not wanted_variant_names(esp_modes) <= {v["name"] for v in manifest["variants"]}):
        manifest = benchlib.generate(folder, packets, ["--esp-modes", ",".join(esp_modes)])
    variants = [v for v in manifest["variants"]
                if v.get("esp_mode", "tunnel") in esp_modes
                and (not args.variants or any(s in v["name"] for s in args.variants.split(",")))]
    expected = benchlib.expected_seq(packets)

    floor = libgcrypt_rates(args.microbench) if args.microbench else None

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
        if "minimal" in modes and v["sas"] == 1:
            cells.append(Cell(v["name"], "minimal", capture))
            setups.append(MinimalMode(minimal_dir, esp_sa, v["algorithm"]))

    out = tempfile.NamedTemporaryFile(prefix="espbench-", suffix=".txt", delete=False).name
    try:
        for rep in range(reps):
            for c, s in zip(cells, setups):
                if c.error:
                    continue
                if (args.cell_budget and c.walls
                        and sum(c.walls) + c.walls[-1] > args.cell_budget):
                    continue
                t = s.run(s.command(c.capture), out)
                with open(out) as f:
                    why = benchlib.compare_seq(f.read(), expected)
                if why:
                    c.error = why
                    print("%-30s %-8s output incomplete: %s" % (c.key, c.mode, why), flush=True)
                    continue
                c.walls.append(t.wall)
                c.cpus.append(t.cpu)
                c.rss_kib.append(t.maxrss_kib)
                print("rep %d  %-30s %-8s %7.2f s wall %7.2f s cpu %6.0f MiB" % (
                    rep + 1, c.key, c.mode, t.wall, t.cpu, t.maxrss_kib / 1024), flush=True)
    finally:
        os.unlink(out)
        for s in setups:
            s.close()

    by = {(c.key, c.mode): c for c in cells}
    results = []
    for v in variants:
        plain = by.get((v["plaintext"], "plain"))
        row = {"variant": v["name"], "algorithm": v["algorithm"], "sas": v["sas"],
               "esp_mode": v.get("esp_mode", "tunnel"), "esp_octets": v.get("esp_octets"),
               "target_plugin_ratio": benchlib.TARGETS.get(v["algorithm"])}
        for m in MODES:
            c = plain if m == "plain" else by.get((v["name"], m))
            row[m] = None if c is None else c.summary()
        for m in ("plugin", "before", "minimal", "builtin"):
            for what in ("wall", "cpu"):
                r = None
                if row[m] and row["plain"] and not row[m]["error"] and not row["plain"]["error"]:
                    r = ratio(row[m][what + "_s"], row["plain"][what + "_s"])
                row["%s_ratio_%s" % (m, what)] = r
        row["rss_plugin_over_builtin"] = None
        if row["plugin"] and row["builtin"]:
            row["rss_plugin_over_builtin"] = ratio(row["plugin"]["rss_mib"],
                                                   row["builtin"]["rss_mib"])
        row["crypto_floor_s"] = row["floor_ratio_cpu"] = None
        if floor is not None and row["esp_octets"] is not None:
            rate = floor.get(v["algorithm"])
            row["crypto_floor_s"] = row["esp_octets"] / (rate * 1e6) if rate else 0.0
            if row["plain"] and row["plain"]["cpu_s"]:
                row["floor_ratio_cpu"] = ((row["plain"]["cpu_s"] + row["crypto_floor_s"])
                                          / row["plain"]["cpu_s"])
        results.append(row)

    print()
    print("host %s, %d CPUs" % (platform.node(), os.cpu_count()))
    table = markdown(results, modes, packets, reps, floor)
    print(table)
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write(table)
    if args.json:
        info = {"packets": packets, "reps": reps, "host": platform.node(),
                "cpus": os.cpu_count(),
                "tshark": subprocess.run(["tshark", "--version"], capture_output=True,
                                         text=True).stdout.splitlines()[0],
                "libgcrypt_raw_mb_s": floor,
                "results": results}
        with open(args.json, "w") as f:
            json.dump(info, f, indent=1)
            f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
