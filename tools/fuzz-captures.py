#!/usr/bin/env python3
"""tshark-level mutation, the way Wireshark fuzzes its own dissectors (tools/fuzz-test.sh
there): `editcap -E` flips random bytes of every test capture, and tshark (as `nobody`, the
plugin from a sanitizer build) dissects each mutated capture twice over (-2 -V -x) with
strict wmem and WIRESHARK_ABORT_ON_DISSECTOR_BUG, keys configured so that the decryption
paths run. A crash, a sanitizer report, a dissector bug, a hang or any unexpected stderr
is a finding: the mutated captures and tshark's stderr are kept in --findings.

  tools/fuzz-captures.py --build-dir build-asan [--count 1000] [--rate 0.02] [--seed 1]
                         [--jobs 2] [--findings DIR]

Captures are taken round-robin (test-captures/*/capture.pcap), each with the keys of its
first tshark case (tests/tshark/cases.json) or the key tables beside it. Half of the
mutations skip the first 42 octets of each frame (Ethernet, IPv4, UDP headers) so more of
them reach IKE; the other half may break the lower layers too. Exit status 1 on findings.
"""
import argparse
import concurrent.futures
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "tshark"))
from tshark_env import Tshark  # noqa: E402

# tshark notices that are not findings (a mutated record may look cut short).
BENIGN = ("appears to have been cut short", "appears to be damaged or corrupt")
TIMEOUT = 300


def sanitizer_runtime(build_dir):
    """The ASan runtime to preload when the build is a sanitizer build."""
    try:
        with open(os.path.join(build_dir, "CMakeCache.txt")) as f:
            cache = f.read()
    except OSError:
        return None
    if "IKEV2_SANITIZE:BOOL=ON" not in cache:
        return None
    cxx = "c++"
    for line in cache.splitlines():
        if line.startswith("CMAKE_CXX_COMPILER:"):
            cxx = line.split("=", 1)[1]
    return subprocess.run([cxx, "-print-file-name=libasan.so"], capture_output=True,
                          text=True, check=True).stdout.strip()


def scenarios(source_dir):
    """(capture, config files {name: path}, key file or None) for every test capture."""
    with open(os.path.join(source_dir, "tests", "tshark", "cases.json")) as f:
        cases = json.load(f)
    out = []
    for cap in sorted(glob.glob(os.path.join(source_dir, "test-captures", "*", "*.pcap"))):
        rel = os.path.relpath(cap, source_dir)
        config, key_file = {}, None
        for c in cases:
            if c["capture"] == rel and (c.get("config_files") or c.get("key_file")):
                config = {n: os.path.join(source_dir, p) for n, p in c.get("config_files", {}).items()}
                key_file = os.path.join(source_dir, c["key_file"]) if "key_file" in c else None
                break
        for name in ("ikev2_decryption_table", "esp_sa"):
            beside = os.path.join(os.path.dirname(cap), name)
            if name not in config and os.path.exists(beside):
                config[name] = beside
        out.append((cap, config, key_file))
    return out


def run_one(ts, args, mutated):
    start = time.monotonic()
    try:
        p = subprocess.run(ts.command(args + ["-r", mutated]), env=ts.env(), capture_output=True,
                           text=True, errors="replace", cwd=ts.home, timeout=TIMEOUT)
        rc, err = p.returncode, p.stderr
    except subprocess.TimeoutExpired:
        rc, err = "timeout", "tshark ran longer than %d s" % TIMEOUT
    took = time.monotonic() - start
    lines = [l for l in err.splitlines() if l.strip() and not any(b in l for b in BENIGN)]
    bad = rc not in (0, 2) or (rc == 2 and lines) or lines
    return bad, rc, err, took


def fuzz_scenario(job):
    """All mutations of one capture, in one private tshark setup."""
    cap, config, key_file, work, iterations, rate, seed0, findings, batch = job
    results = []
    with Tshark(os.path.join(work["build"], "plugins")) as ts:
        for name, path in config.items():
            with open(path) as f:
                ts.config_file(name, f.read())
        args = ["-n", "-2", "-V", "-x"]
        if key_file:
            args += ["-o", "ikev2.key_file:" + ts.stage(key_file)]
        tmp = tempfile.mkdtemp(prefix="ikev2-mutate-")
        try:
            # Mutated copies are dissected `batch` at a time, concatenated by mergecap -a,
            # so tshark's start-up is paid once per batch (state then carries across the
            # copies, which is one more way for it to be hostile).
            for b in range(0, len(iterations), batch):
                group = iterations[b:b + batch]
                parts = []
                for i in group:
                    seed = seed0 + i
                    offset = "42" if i % 2 == 0 else "0"
                    mutated = os.path.join(tmp, "%s-seed%d-off%s.pcap" % (
                        os.path.basename(os.path.dirname(cap)), seed, offset))
                    subprocess.run(["editcap", "-E", str(rate), "-o", offset, "--seed", str(seed),
                                    cap, mutated], check=True, capture_output=True)
                    parts.append(mutated)
                merged = os.path.join(tmp, "merged.pcap")
                subprocess.run(["mergecap", "-a", "-F", "pcap", "-w", merged] + parts, check=True,
                               capture_output=True)
                staged = ts.stage(merged)
                bad, rc, err, took = run_one(ts, args, staged)
                if bad:
                    os.makedirs(findings, exist_ok=True)
                    base = os.path.join(findings, os.path.basename(parts[0])[:-5] + "-batch%d" % len(parts))
                    shutil.copyfile(merged, base + ".pcap")
                    for part in parts:
                        shutil.copyfile(part, os.path.join(findings, os.path.basename(part)))
                    with open(base + ".stderr", "w") as f:
                        f.write("exit %s\nargs %s\nparts %s\n\n%s" % (
                            rc, " ".join(args), " ".join(map(os.path.basename, parts)), err))
                os.unlink(staged)
                for part in parts + [merged]:
                    os.unlink(part)
                results.append((bad, took, len(parts)))
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    return cap, results


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build-dir", required=True)
    ap.add_argument("--source-dir", default=os.path.join(HERE, ".."))
    ap.add_argument("--count", type=int, default=1000, help="mutated captures in all")
    ap.add_argument("--rate", type=float, default=0.02, help="editcap -E error probability")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--batch", type=int, default=10, help="mutated copies per tshark run")
    ap.add_argument("--findings", help="where findings go (default BUILD/fuzz-captures)")
    a = ap.parse_args()
    build = os.path.abspath(a.build_dir)
    findings = os.path.abspath(a.findings or os.path.join(build, "fuzz-captures"))
    runtime = sanitizer_runtime(build)
    if runtime:
        os.environ["IKEV2_SANITIZER_RUNTIME"] = runtime
    os.environ["WIRESHARK_DEBUG_WMEM_OVERRIDE"] = "strict"
    os.environ["WIRESHARK_ABORT_ON_DISSECTOR_BUG"] = "1"
    scen = scenarios(os.path.abspath(a.source_dir))
    per = {i: [] for i in range(len(scen))}
    for i in range(a.count):
        per[i % len(scen)].append(i)
    jobs = [(cap, config, key_file, {"build": build}, per[n], a.rate, a.seed * 1000003, findings, a.batch)
            for n, (cap, config, key_file) in enumerate(scen) if per[n]]
    start = time.monotonic()
    total = bad = 0
    slowest = (0.0, "")
    with concurrent.futures.ThreadPoolExecutor(max_workers=a.jobs) as pool:
        for cap, results in pool.map(fuzz_scenario, jobs):
            n_bad = sum(1 for b, _, _ in results if b)
            total += sum(n for _, _, n in results)
            bad += n_bad
            for _, took, _ in results:
                if took > slowest[0]:
                    slowest = (took, cap)
            print("%-60s %4d mutated, %d tshark runs, %d findings" % (
                os.path.relpath(cap, a.source_dir), sum(n for _, _, n in results), len(results),
                n_bad), flush=True)
    print("%d mutated captures (editcap -E %g, seed %d, sanitizer runtime %s) in %.0f s; "
          "slowest tshark run %.1f s (%s); %d tshark runs with findings%s" % (
              total, a.rate, a.seed, runtime or "none", time.monotonic() - start, slowest[0],
              os.path.relpath(slowest[1], a.source_dir) if slowest[1] else "-", bad,
              " in " + findings if bad else ""))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
