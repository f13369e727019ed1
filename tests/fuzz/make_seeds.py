#!/usr/bin/env python3
"""Seed corpora for the libFuzzer targets, taken from the test captures and key files.

  make_seeds.py --source-dir S --out DIR

writes DIR/<target>/<sha1> files (content-named, so reruns add nothing twice):
  message   IKE messages: UDP 500 payloads, UDP 4500 and RFC 8229 ones behind the marker
  detect    raw UDP 4500 / 500 payloads and the start of each RFC 8229 TCP stream
  sk        selector octet + IKE message ending in SK/SKF, from the captures whose keys
            fuzz_sk.cpp holds (see kConfigs there)
  keys_*    every key file of the scenarios (all formats for every reader: each reader
            must reject the others' lines cleanly)
"""
import argparse
import glob
import hashlib
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pcaplib  # noqa: E402

# fuzz_sk.cpp's fixed keys: config index -> the scenario whose IKE SA they belong to.
SK_SCENARIOS = {0: "psk-aescbc-sha256", 1: "aes-gcm"}
KEY_TARGETS = ["keys_all", "keys_native", "keys_uat", "keys_tcpdump", "keys_libreswan",
               "keys_xfrm", "keys_charon"]
# Key files are cut into line-aligned pieces: small inputs run fast, and a piece of a log
# still carries the shapes (dumps and the lines naming their SPIs lie close together).
KEY_PIECE = 2048


def put(out, target, data):
    d = os.path.join(out, target)
    os.makedirs(d, exist_ok=True)
    path = os.path.join(d, hashlib.sha1(data).hexdigest())
    if not os.path.exists(path):
        with open(path, "wb") as f:
            f.write(data)


def ike_messages(capture):
    """(raw UDP payload or TCP stream, list of IKE messages) per frame / stream."""
    streams = {}
    for _, frame in pcaplib.packets(capture):
        t = pcaplib.transport(frame)
        if not t:
            continue
        proto, src, dst, sport, dport, payload, seq = t
        if proto == 17:
            msgs = []
            if 500 in (sport, dport) and len(payload) >= 28:
                msgs.append(payload)
            elif len(payload) > 4 and payload[:4] == b"\0\0\0\0":
                msgs.append(payload[4:])
            yield payload, msgs
        elif payload:
            key = (src, dst, sport, dport)
            streams.setdefault(key, {})[seq] = payload
    for segs in streams.values():
        stream = b"".join(segs[s] for s in sorted(segs))
        msgs, pos = [], 0
        if stream.startswith(b"IKETCP"):
            pos = 6
        while pos + 2 <= len(stream):
            n = int.from_bytes(stream[pos:pos + 2], "big")
            if n < 2:
                break
            frame = stream[pos + 2:pos + n]
            if frame[:4] == b"\0\0\0\0":
                msgs.append(frame[4:])
            pos += n
        yield stream[:8192], msgs


def esp_packets(capture):
    """ESP packets (from the SPI on) of a capture: IP protocol 50 and ESP in UDP 4500."""
    for _, frame in pcaplib.packets(capture):
        if len(frame) < 34 or frame[12:14] != b"\x08\x00":
            continue
        ip = frame[14:]
        ihl = (ip[0] & 0x0F) * 4
        total = int.from_bytes(ip[2:4], "big")
        if ip[9] == 50:
            yield ip[ihl:total]
            continue
        t = pcaplib.transport(frame)
        if t and t[0] == 17 and 4500 in (t[3], t[4]) and len(t[5]) > 8 and t[5][:4] != b"\0\0\0\0":
            yield t[5]


# fuzz_esp.cpp's selector: bit 0 the SA (0 CBC + HMAC, 1 GCM), bit 1 re-MAC, bit 2 ESN.
ESP_SCENARIOS = {"esp-aescbc-sha256": [0, 2], "esp-aesgcm": [1]}


def pieces(data):
    piece = b""
    for line in data.splitlines(keepends=True):
        if piece and len(piece) + len(line) > KEY_PIECE:
            yield piece
            piece = b""
        piece += line[:KEY_PIECE]
    if piece:
        yield piece


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--source-dir", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    captures = sorted(glob.glob(os.path.join(a.source_dir, "test-captures", "*", "*.pcap")))
    for cap in captures:
        scenario = os.path.basename(os.path.dirname(cap))
        selectors = [k for k, s in SK_SCENARIOS.items() if s == scenario]
        for raw, msgs in ike_messages(cap):
            put(a.out, "detect", raw)
            for m in msgs:
                put(a.out, "message", m)
                # The last payload is SK (46) or SKF (53) when the chain says so; the
                # target checks, so every message of the scenario may go in.
                for sel in selectors:
                    put(a.out, "sk", bytes([sel]) + m)
                    put(a.out, "sk", bytes([sel | 4]) + m)  # re-MAC mode (fuzz_sk.cpp)
        for pkt in esp_packets(cap):
            for sel in ESP_SCENARIOS.get(scenario, [0, 1, 4]):
                put(a.out, "esp", bytes([sel]) + pkt)
    keyfiles = [p for p in glob.glob(os.path.join(a.source_dir, "test-captures", "*", "**"),
                                     recursive=True)
                if os.path.isfile(p) and not p.endswith((".pcap", ".md"))]
    for p in sorted(keyfiles):
        with open(p, "rb") as f:
            data = f.read()
        for piece in pieces(data):
            for t in KEY_TARGETS:
                put(a.out, t, piece)
    for t in ["message", "detect", "sk", "esp"] + KEY_TARGETS:
        d = os.path.join(a.out, t)
        print("%-15s %5d seeds" % (t, len(os.listdir(d)) if os.path.isdir(d) else 0))


if __name__ == "__main__":
    main()
