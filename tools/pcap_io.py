"""Reading classic pcap files for the tools that derive test captures from real ones
(make-malformed.py, make-retransmits.py). Standard library only."""
import struct


def read_pcap(path):
    """(global header, [((ts_sec, ts_usec), frame bytes), ...]) of a little-endian pcap."""
    data = open(path, "rb").read()
    header, off, frames = data[:24], 24, []
    while off + 16 <= len(data):
        ts_s, ts_u, incl, orig = struct.unpack("<IIII", data[off:off + 16])
        frames.append(((ts_s, ts_u), data[off + 16:off + 16 + incl]))
        off += 16 + incl
    return header, frames
