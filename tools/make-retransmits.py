#!/usr/bin/env python3
"""Write test-captures/retransmit/capture.pcap: the real strongSwan frames of
test-captures/dpd-delete, cut after the initiator's Delete request (frame 11), which is
then sent four more times, 1, 2, 4 and 8 seconds later, as charon retransmits an
unanswered request (retransmit_timeout with backoff). The responder's answers are left
out, so the capture shows retransmissions, a retransmission storm and an unanswered
request on real, decryptable bytes.

  tools/make-retransmits.py [SOURCE_PCAP] [OUT_PCAP]

Standard library only; deterministic.
"""
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pcap_io import read_pcap  # noqa: E402

SRC = sys.argv[1] if len(sys.argv) > 1 else "test-captures/dpd-delete/capture.pcap"
OUT = sys.argv[2] if len(sys.argv) > 2 else "test-captures/retransmit/capture.pcap"


def main():
    header, frames = read_pcap(SRC)
    kept = frames[:11]                      # up to the Delete request (INFORMATIONAL MID 2)
    (s, u), delete = frames[10]
    for delay in (1, 2, 4, 8):              # cumulative: 1, 3, 7, 15 s after the first
        s += delay
        kept.append(((s, u), delete))
    with open(OUT, "wb") as f:
        f.write(header)
        for (ts_s, ts_u), frame in kept:
            f.write(struct.pack("<IIII", ts_s, ts_u, len(frame), len(frame)))
            f.write(frame)
    print("%d frames written to %s" % (len(kept), OUT))


if __name__ == "__main__":
    main()
