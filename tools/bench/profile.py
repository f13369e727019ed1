#!/usr/bin/env python3
"""Where tshark's time goes on one benchmark capture: `perf record` of one run, as
run.py runs it (tshark as `nobody`, private plugin and configuration folders), then the
top functions by self time and by library.

  profile.py [--build-dir build] [--captures build-bench] [--mode plugin|builtin|plain]
             [--variant esp-null-1sa] [--top 30] [--dwarf] [--quiet] [--out perf.data]

--dwarf records call graphs by DWARF unwinding (Debian's libraries have no frame
pointers), and adds the callers of the plugin's own code to the report: slower, and the
perf.data file is large. Needs `perf` (Debian: linux-perf).
"""
import argparse
import os
import subprocess
import sys

import benchlib


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build-dir", default="build")
    ap.add_argument("--captures", default="build-bench")
    ap.add_argument("--mode", default="plugin", choices=("plugin", "builtin", "plain"))
    ap.add_argument("--variant", default="esp-null-1sa")
    ap.add_argument("--top", type=int, default=30)
    ap.add_argument("--dwarf", action="store_true")
    ap.add_argument("--freq", type=int, default=999, help="samples per second")
    ap.add_argument("--out", default="perf.data")
    ap.add_argument("--quiet", action="store_true",
                    help="tshark -q (no output, no visible tree) instead of -T fields")
    a = ap.parse_args()

    manifest = benchlib.load_manifest(a.captures)
    v = next(x for x in manifest["variants"] if x["name"] == a.variant)
    capture = os.path.join(a.captures, v["plaintext"] if a.mode == "plain" else v["capture"])
    esp_sa = os.path.join(a.captures, v["esp_sa"])
    mode = benchlib.Mode(a.mode, a.build_dir, esp_sa)
    try:
        cmd = mode.command(capture) if not a.quiet else mode.ts.command(
            ["-r", mode.stage(capture), "-Y", "icmp", "-q"] + mode.extra)
        graph = ["--call-graph", "dwarf,16384"] if a.dwarf else ["-g"]
        out = os.path.abspath(a.out)
        perf = ["perf", "record", "-q", "-F", str(a.freq)] + graph + ["-o", out, "--"] + cmd
        with open(os.devnull, "w") as null:
            subprocess.run(perf, env=mode.ts.env(), stdout=null, check=True, cwd=mode.ts.home)
        # Reported while the staged plugin still exists: perf reads its symbols there.
        report_all(a, out)
    finally:
        mode.close()
    return 0


def report_all(a, out):
    def report(sort, extra=()):
        r = subprocess.run(["perf", "report", "-i", out, "--no-children", "--stdio", "-q",
                            "--percent-limit", "0.5", "--sort", sort] + list(extra),
                           capture_output=True, text=True, check=True)
        return [l for l in r.stdout.splitlines() if l.strip() and not l.startswith("#")]

    print("## %s, %s: share of samples by library" % (a.variant, a.mode))
    for l in report("dso", ["-g", "none"])[:15]:
        print(l)
    print("\n## top %d functions (self time)" % a.top)
    for l in report("dso,sym", ["-g", "none"])[:a.top]:
        print(l)
    if a.dwarf:
        print("\n## callers of the plugin's code (ikev2.so)")
        r = subprocess.run(["perf", "report", "-i", out, "--children", "--stdio", "-q",
                            "--dsos", "ikev2.so", "--percent-limit", "0.5", "-g",
                            "caller,0.5,callee,function,percent", "--sort", "sym"],
                           capture_output=True, text=True)
        print("\n".join(r.stdout.splitlines()[:120]))


if __name__ == "__main__":
    sys.exit(main())
