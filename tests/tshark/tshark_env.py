"""Run tshark the way the tests need it: with a chosen plugin folder and a private
configuration folder, as an unprivileged user when we are root.

tshark started as root ignores WIRESHARK_PLUGIN_DIR and the personal plugin folder, so
as root we drop to `nobody` with setpriv. WIRESHARK_PLUGIN_DIR replaces the global plugin
folder, so pointing it at an empty folder gives the built-in dissectors alone, even when
the plugin is installed globally.
"""
import os
import pwd
import shutil
import subprocess
import tempfile


SANITIZER_PASSTHROUGH = ("ASAN_OPTIONS", "UBSAN_OPTIONS", "WIRESHARK_DEBUG_WMEM_OVERRIDE",
                         "WIRESHARK_ABORT_ON_DISSECTOR_BUG", "WIRESHARK_ABORT_ON_TOO_MANY_ITEMS")


class Tshark:
    def __init__(self, plugin_dir=None, tshark="tshark"):
        self.tshark = tshark
        self.root = os.geteuid() == 0
        self.home = tempfile.mkdtemp(prefix="ikev2-tshark-")
        # Everything tshark reads is copied under a private folder that `nobody` can
        # read, wherever the checkout lives. An empty plugin folder stands for "no
        # plugin at all".
        self.plugin_dir = os.path.join(self.home, "plugins")
        if plugin_dir:
            shutil.copytree(plugin_dir, self.plugin_dir)
        else:
            os.makedirs(self.plugin_dir)
        self.config_dir = os.path.join(self.home, "config")
        os.makedirs(self.config_dir, exist_ok=True)
        if self.root:
            os.chmod(self.home, 0o755)
            nobody = pwd.getpwnam("nobody")
            for dirpath, _, files in os.walk(self.home):
                os.chown(dirpath, nobody.pw_uid, nobody.pw_gid)
                for f in files:
                    os.chown(os.path.join(dirpath, f), nobody.pw_uid, nobody.pw_gid)

    def stage(self, path):
        """Copy an input file (a capture) where tshark can read it; returns the copy."""
        # Named after the scenario folder and the file (every scenario's capture is
        # capture.pcap), never after the checkout path, which golden output must not show.
        parts = os.path.abspath(path).split("/")
        flat = "_".join(p for p in parts[-3:] if p)
        dest = os.path.join(self.home, "input-" + flat)
        if not os.path.exists(dest):
            shutil.copyfile(path, dest)
            if self.root:
                os.chmod(dest, 0o644)
        return dest

    def config_file(self, name, text):
        """Write a file into the private configuration folder (e.g. a UAT table)."""
        path = os.path.join(self.config_dir, name)
        with open(path, "w") as f:
            f.write(text)
        if self.root:
            nobody = pwd.getpwnam("nobody")
            os.chown(path, nobody.pw_uid, nobody.pw_gid)
        return path

    def env(self):
        env = {
            "PATH": "/usr/sbin:/usr/bin:/sbin:/bin",
            "HOME": self.home,
            "LANG": "C.UTF-8",
            "TZ": "UTC",
            "WIRESHARK_PLUGIN_DIR": self.plugin_dir,
            "WIRESHARK_CONFIG_DIR": self.config_dir,
        }
        # Hostile-input runs (docs/robustness.md): Wireshark's own debug switches pass
        # through, and a sanitizer build of the plugin gets the ASan runtime preloaded
        # into the uninstrumented tshark. tshark's own leaks are not ours to report.
        for name in SANITIZER_PASSTHROUGH:
            if name in os.environ:
                env[name] = os.environ[name]
        runtime = os.environ.get("IKEV2_SANITIZER_RUNTIME")
        if runtime:
            env["LD_PRELOAD"] = runtime
            # The preload reaches the extcap helpers tshark starts for -G (androiddump
            # hangs under it): an empty extcap folder keeps them away.
            env["WIRESHARK_EXTCAP_DIR"] = self.plugin_dir
            env.setdefault("ASAN_OPTIONS", "detect_leaks=0:abort_on_error=1")
            env.setdefault("UBSAN_OPTIONS", "print_stacktrace=1:halt_on_error=1")
        return env

    def command(self, args):
        cmd = [self.tshark] + list(args)
        if self.root:
            cmd = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                   "--"] + cmd
        return cmd

    def run(self, args, check=True):
        """Run tshark; returns stdout. Fails on a non-zero exit or any stderr output
        other than tshark's own harmless notices."""
        p = subprocess.run(self.command(args), env=self.env(), capture_output=True,
                           text=True, cwd=self.home)
        if "Couldn't load plugin" in p.stderr:
            raise RuntimeError("tshark could not load a plugin:\n" + p.stderr)
        if check and p.returncode != 0:
            raise RuntimeError("tshark %s failed (%d):\n%s" % (" ".join(args), p.returncode,
                                                               p.stderr))
        return p.stdout

    def close(self):
        shutil.rmtree(self.home, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
