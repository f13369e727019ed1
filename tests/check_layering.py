#!/usr/bin/env python3
"""The include graph as docs/design.md draws it, checked.

1. The glue (plugin/*, plugin/taps) includes from the core only its entry: the capture
   engine (session/capture.hpp) and the tables and plain types the glue draws with
   (GLUE_MAY_INCLUDE below, each with the reason).
2. The core's include graph has no cycle, and no core file outside core/session includes
   the engine: the engine is the top.

Usage: check_layering.py PLUGIN_DIR. Prints every violation; exit 1 when there is one.
"""
import os
import re
import sys

# Core headers the glue may include besides the engine, and why.
GLUE_MAY_INCLUDE = {
    "session/capture.hpp": "the engine: Capture, IkeView, IkeFrame, EspFrame",
    "iana.hpp": "IANA numbers and names, the fields' value strings",
    "message.hpp": "plain result types: the parsed message the trees draw",
    "problems.hpp": "plain result types: the problems drawn as expert infos",
    "text.hpp": "the core's text forms (SPIs, addresses) for tables, never rewritten in the glue",
    "detect.hpp": "the heuristics' byte tests, before any capture state",
    "crypto/algorithms.hpp": "algorithm descriptions, for names IANA lacks",
    "analysis/crypto_policy.hpp": "plain result types: the verdict a weak-crypto finding carries",
    "keys/key_file.hpp": "the key reader the configuration's key texts go to",
    "keys/key_store.hpp": "the store those keys are read into, handed to the engine",
}

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def includes(path):
    with open(path, encoding="utf-8") as f:
        return INCLUDE.findall(f.read())


def resolve(name, from_dir, plugin, core):
    for base in (from_dir, core, plugin):
        p = os.path.normpath(os.path.join(base, name))
        if os.path.isfile(p):
            return p
    return None


def main():
    plugin = os.path.abspath(sys.argv[1])
    core = os.path.join(plugin, "core")
    bad = []

    sources = []
    for root, dirs, files in os.walk(plugin):
        for f in files:
            if f.endswith((".cpp", ".hpp", ".h", ".c")):
                sources.append(os.path.join(root, f))

    graph = {}
    for src in sorted(sources):
        in_core = src.startswith(core + os.sep)
        for name in includes(src):
            target = resolve(name, os.path.dirname(src), plugin, core)
            if target is None or not target.startswith(core + os.sep):
                if in_core and target is not None:
                    bad.append("%s includes %s, outside the core" % (os.path.relpath(src, plugin), name))
                continue
            rel = os.path.relpath(target, core)
            if not in_core:
                if rel not in GLUE_MAY_INCLUDE:
                    bad.append("glue %s includes core/%s: not the engine's entry"
                               % (os.path.relpath(src, plugin), rel))
                continue
            a = os.path.relpath(src, core)
            graph.setdefault(a, set()).add(rel)
            if rel.startswith("session/") and not a.startswith("session/"):
                bad.append("core/%s includes the engine core/%s" % (os.path.relpath(src, core), rel))

    # Cycles between files (depth-first search, colouring).
    state = {}
    stack = []

    def visit(m):
        state[m] = 1
        stack.append(m)
        for n in sorted(graph.get(m, ())):
            if state.get(n) == 1:
                bad.append("cycle: " + " -> ".join(stack[stack.index(n):] + [n]))
            elif n not in state:
                visit(n)
        stack.pop()
        state[m] = 2

    for m in sorted(graph):
        if m not in state:
            visit(m)

    for b in bad:
        print(b)
    print("%d core files, %d glue entry headers allowed, %d violations"
          % (len(graph), len(GLUE_MAY_INCLUDE), len(bad)))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
