// libFuzzer target: the port rules of core/detect.hpp, driven the way the glue drives
// them: the UDP heuristic, the RFC 3948 UDP 4500 split, and an RFC 8229 TCP stream walked
// frame by frame (prefix, 16-bit lengths), each IKE message then parsed.
#include <cstddef>
#include <cstdint>

#include "detect.hpp"
#include "message.hpp"

using namespace ikev2;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const ByteView in(data, size);

    // UDP: heuristic on any port, then the UDP 4500 classification.
    (void)ike_major_version(in);
    (void)looks_like_ikev2(in);
    if (classify_udp_encap(in) == UdpEncap::Ike) {
        const ByteView ike = in.from(kNonEspMarkerSize);
        (void)looks_like_ikev2(ike);
        if (ike_major_version(ike) == 2) (void)parse_message(ike);
    }

    // TCP (RFC 8229 3): the optional prefix at the stream's start, then frames.
    size_t pos = starts_with_iketcp_prefix(in) ? kIkeTcpPrefixSize : 0;
    for (unsigned frames = 0; pos < size && frames < 1024; frames++) {
        const ByteView at = in.from(pos);
        const uint32_t n = tcp_frame_length(at);
        if (n == 0) break;                 // fewer than 2 octets: wait for more data
        const ByteView frame = at.sub(0, n);
        if (classify_tcp_frame(frame) == TcpFrame::Ike) (void)parse_message(frame.from(2 + kNonEspMarkerSize));
        if (n < 2) break;                  // must not loop on a zero length
        pos += n;
    }
    return 0;
}
