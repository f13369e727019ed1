"""What the ESP benchmark scripts share: the captures' manifest, the expected output, and
tshark started the way each benchmark mode needs it (as `nobody` when we are root, with a
private plugin folder and configuration folder: tests/tshark/tshark_env.py)."""
import collections
import glob
import json
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(SOURCE, "tests", "tshark"))
from tshark_env import Tshark  # noqa: E402

GENERATOR = os.path.join(HERE, "make_esp_captures.py")

# Wireshark 4.0's own ESP decryption (packet-ipsec.c): both switches are off by default;
# the SAs come from the esp_sa UAT file in the configuration folder.
BUILTIN_PREFS = ["-o", "esp.enable_encryption_decode:TRUE",
                 "-o", "esp.enable_authentication_check:TRUE"]

# The targets for time with plugin / time on the plaintext twin.
TARGETS = {"null": 1.05, "gcm": 1.10, "cbc-sha256": 1.15}


# What one tshark run cost: wall-clock seconds, CPU seconds (user + sys of tshark itself),
# peak resident set size in KiB (ru_maxrss of tshark: setpriv execs it, so wait4's rusage
# is tshark's own), and its stderr.
Timing = collections.namedtuple("Timing", "wall cpu maxrss_kib err")


def run_timed(ts, cmd, out_path):
    """Run cmd (from ts.command) with ts's environment, stdout to out_path; fails on a
    non-zero exit or a plugin that does not load."""
    # stderr goes to a file, not a pipe: a tshark with much to say (a key file with many
    # bad lines) must not block while we wait for it.
    with open(out_path, "w") as out, tempfile.TemporaryFile() as errf:
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, env=ts.env(), stdout=out, stderr=errf, cwd=ts.home)
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
        errf.seek(0)
        err = errf.read().decode(errors="replace")
    if p.returncode != 0:
        raise RuntimeError("%s failed (%d):\n%s" % (" ".join(cmd), p.returncode, err))
    if "Couldn't load plugin" in err:
        raise RuntimeError("tshark could not load a plugin:\n" + err)
    return Timing(wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss, err)


def choices(ap, text, allowed, what):
    """The comma-separated words of `text`, each one of `allowed` (else an argparse error
    naming `what`)."""
    words = [w for w in text.split(",") if w]
    for w in words:
        if w not in allowed:
            ap.error("unknown %s %s" % (what, w))
    return words


def require_plugin(build_dir, hint=""):
    """Exits unless <build_dir>/plugins/<major>.<minor>/epan/ikev2.so exists, for
    whichever Wireshark version it was built."""
    found = glob.glob(os.path.join(build_dir, "plugins", "*", "epan", "ikev2.so"))
    if not found:
        sys.exit("%s not found: build the plugin first or pass --build-dir%s"
                 % (os.path.join(build_dir, "plugins", "<version>", "epan", "ikev2.so"), hint))


def load_manifest(folder):
    path = os.path.join(folder, "manifest.json")
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return json.load(f)


def generate(folder, packets, extra=()):
    """Run the capture generator with the interpreter running us."""
    cmd = [sys.executable, GENERATOR, "--out", folder, "--packets", str(packets)] + list(extra)
    print("generating captures:", " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True)
    return load_manifest(folder)


def expected_seq(packets):
    """icmp.seq of every packet, one per line, as `-T fields -e icmp.seq` prints them."""
    return "".join("%d\n" % (i // 2 + 1) for i in range(packets))


def readable_by_tshark(ts, path):
    """True when the user tshark runs as can read path in place (no copy needed)."""
    if not ts.root:
        return os.access(path, os.R_OK)
    return subprocess.run(ts.command([])[:-1] + ["test", "-r", path]).returncode == 0


class Mode:
    """One way of running tshark on a variant: 'plugin', 'builtin' or 'plain'."""

    def __init__(self, name, build_dir=None, esp_sa=None):
        self.name = name
        self.staged = {}
        if name in ("plugin", "before"):  # "before": another build, to compare two versions
            self.ts = Tshark(os.path.join(build_dir, "plugins"))
            self.extra = ["-o", "ikev2.key_file:" + self.stage(esp_sa)]
        elif name == "builtin":
            self.ts = Tshark(None)  # empty plugin folder: built-in dissectors only
            with open(esp_sa) as f:
                self.ts.config_file("esp_sa", f.read())
            self.extra = list(BUILTIN_PREFS)
        elif name == "plain":
            self.ts = Tshark(None)
            self.extra = []
        else:
            raise ValueError(name)

    def stage(self, path):
        path = os.path.abspath(path)
        if path not in self.staged:
            self.staged[path] = (path if readable_by_tshark(self.ts, path)
                                 else self.ts.stage(path))
        return self.staged[path]

    def command(self, capture, fields=("icmp.seq",), display_filter="icmp", extra=()):
        args = ["-r", self.stage(capture), "-Y", display_filter, "-T", "fields"]
        for f in fields:
            args += ["-e", f]
        return self.ts.command(args + self.extra + list(extra))

    def run(self, cmd, out_path):
        """Run cmd with stdout to out_path; returns a Timing."""
        return run_timed(self.ts, cmd, out_path)

    def close(self):
        self.ts.close()


def compare_seq(actual, expected):
    """None when equal, else a one-line description of the first difference."""
    if actual == expected:
        return None
    a, e = actual.splitlines(), expected.splitlines()
    for i, (x, y) in enumerate(zip(a, e)):
        if x != y:
            return "%d of %d lines; line %d is %r, expected %r" % (len(a), len(e), i + 1, x, y)
    return "%d of %d lines" % (len(a), len(e))
