#!/usr/bin/env python3
"""Where tshark's time goes on one benchmark capture: `perf record` of one run, as
run.py runs it (tshark as `nobody`, private plugin and configuration folders), then the
top functions by self time and by library.

  profile.py [--build-dir build] [--captures build-bench] [--mode plugin|builtin|plain]
             [--variant esp-null-1sa] [--top 30] [--dwarf] [--quiet] [--out perf.data]
             [--against plain|builtin|plugin] [--runs 3]

Self time needs no call graph, and perf's frame-pointer call graphs (-g) slowed tshark
with the plugin 1.8 times on this machine (plain tshark 1.15 times), so by default
there is none. Keep the frequency near the default: at 4999 Hz the sampling itself
slowed both runs to the same time and hid the difference. --dwarf records call graphs by DWARF unwinding (Debian's libraries have
no frame pointers) and adds the callers of the plugin's own code to the report: slower
still, and the perf.data file is large.

--against MODE records a second run of the same variant in MODE (plain: the plaintext
twin), --against VARIANT one of another variant in the same mode (esp-gcm-5000sa against
esp-gcm-1sa: what the number of SAs costs), and prints where the first run spent more: samples per function, first minus
second, with the difference in nanoseconds per packet. That is the cost the plugin (or
the built-in) adds to reading the same packets in clear, function by function.
libwireshark's exported functions are named; its static ones (most dissectors) show as
addresses, as Debian ships no symbols for them outside its debug archive.
Needs `perf` (Debian: linux-perf).
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
    ap.add_argument("--against", metavar="MODE|VARIANT",
                    help="also record the same variant in MODE (plugin, builtin, plain), or "
                         "another VARIANT in the same mode, and print the difference per function")
    ap.add_argument("--runs", type=int, default=3,
                    help="with --against: interleaved runs of each mode, samples added up")
    a = ap.parse_args()
    if a.against:
        other = ((a.against, a.variant) if a.against in ("plugin", "builtin", "plain")
                 else (a.mode, a.against))
        first, second = {}, {}
        for i in range(a.runs):  # interleaved, so that background load spreads evenly
            for counts, (mode_name, variant), out in (
                    (first, (a.mode, a.variant), a.out),
                    (second, other, a.out + "." + a.against)):
                for k, n in record(a, mode_name, variant, out,
                                   report=i == 0 and counts is first).items():
                    counts[k] = counts.get(k, 0) + n
        print_difference(a, first, second)
        return 0
    record(a, a.mode, a.variant, a.out, report=True)
    return 0


def record(a, mode_name, variant, out_file, report):
    """Records one run; returns {(library, function): samples} (read while the staged
    plugin still exists: perf reads the plugin's symbols there)."""

    manifest = benchlib.load_manifest(a.captures)
    v = next(x for x in manifest["variants"] if x["name"] == variant)
    capture = os.path.join(a.captures, v["plaintext"] if mode_name == "plain" else v["capture"])
    esp_sa = os.path.join(a.captures, v["esp_sa"])
    mode = benchlib.Mode(mode_name, a.build_dir, esp_sa)
    try:
        cmd = mode.command(capture) if not a.quiet else mode.ts.command(
            ["-r", mode.stage(capture), "-Y", "icmp", "-q"] + mode.extra)
        graph = ["--call-graph", "dwarf,16384"] if a.dwarf else []
        out = os.path.abspath(out_file)
        perf = ["perf", "record", "-q", "-F", str(a.freq)] + graph + ["-o", out, "--"] + cmd
        with open(os.devnull, "w") as null:
            subprocess.run(perf, env=mode.ts.env(), stdout=null, check=True, cwd=mode.ts.home)
        if report:
            report_all(a, out, mode_name)
        return samples_by_function(out)
    finally:
        mode.close()


def samples_by_function(out):
    r = subprocess.run(["perf", "report", "-i", out, "--no-children", "--stdio", "-q", "-n",
                        "-g", "none", "--sort", "dso,sym"],
                       capture_output=True, text=True, check=True)
    counts = {}
    for line in r.stdout.splitlines():
        f = line.split(None, 3)
        if len(f) < 4 or not f[0].endswith("%") or not f[1].isdigit():
            continue
        dso, rest = f[2], f[3]
        sym = rest.split("]", 1)[-1].strip()
        counts[(dso, sym)] = counts.get((dso, sym), 0) + int(f[1])
    return counts


def print_difference(a, first, second):
    packets = benchlib.load_manifest(a.captures)["packets"]
    n1, n2 = sum(first.values()), sum(second.values())
    ns = 1e9 / a.freq / packets / a.runs  # one sample, spread over the packets read
    print("\n## %s %s minus %s, %d run(s) each at %d Hz: %d - %d samples = %+d (%.3fx, "
          "%+.0f ns per packet)" % (a.variant, a.mode, a.against, a.runs, a.freq, n1, n2, n1 - n2,
                                     n1 / max(n2, 1), (n1 - n2) * ns))
    for title, key in (("library", lambda k: k[0]), ("function", lambda k: k)):
        diff = {}
        for counts, sign in ((first, 1), (second, -1)):
            for k, n in counts.items():
                diff[key(k)] = diff.get(key(k), 0) + sign * n
        rows = sorted(diff.items(), key=lambda kv: -kv[1])
        print("\n### by %s, largest first (samples, ns per packet)" % title)
        for k, d in rows[:a.top if title == "function" else 12]:
            name = k if isinstance(k, str) else "%s  %s" % (k[0], k[1][:100])
            print("%+6d  %+7.0f  %s" % (d, d * ns, name))


def report_all(a, out, mode_name):
    def report(sort, extra=()):
        r = subprocess.run(["perf", "report", "-i", out, "--no-children", "--stdio", "-q",
                            "--percent-limit", "0.5", "--sort", sort] + list(extra),
                           capture_output=True, text=True, check=True)
        return [l for l in r.stdout.splitlines() if l.strip() and not l.startswith("#")]

    print("## %s, %s: share of samples by library" % (a.variant, mode_name))
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
