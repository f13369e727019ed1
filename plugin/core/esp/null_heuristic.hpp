// Recognising ESP with NULL encryption without keys (RFC 5879 describes the problem;
// this is the heuristic of its section 5, simplified): the payload is in the clear, so
// for each plausible ICV length the trailer before it must name a known next header,
// the padding before that must be the default 1, 2, 3, ... (RFC 4303 2.4), and the
// payload must parse as that protocol with a length field that agrees and, for ICMP,
// ICMPv6, TCP and UDP, a checksum that verifies (RFC 1071): over the outer addresses in
// transport mode, over the inner packet's in tunnel mode, where the inner IPv4 header's
// own checksum must verify too. A UDP checksum of 0 over IPv4 means "none" (RFC 768).
//
// Used only when the user turns it on: random (encrypted) data passes it about once in
// 5,000 packets (39 of 200,000 in tests/unit/esp/test_null_heuristic.cpp, 416 of
// 2,000,000 in a longer run of the same loop), all of it through the next headers that
// carry no checksum to verify: 59 (a dummy packet, any content), SCTP (a length check
// only; its CRC32c is not checked) and GRE. Without the checksums the same data passed
// once in 2,200, more than half of it as ICMP, ICMPv6 or TCP with a bad checksum.
// In transport mode behind a NAT (UDP 4500) the inner TCP and UDP checksums cover the
// addresses before translation, so such packets are not recognised.
#pragma once

#include <cstdint>

#include "../bytes.hpp"

namespace ikev2::esp {

struct NullGuess {
    uint8_t icv_size = 0;
    uint8_t pad_length = 0;
    uint8_t next_header = 0;
    uint32_t payload_len = 0;  // Payload Data octets after the 8-octet ESP header
};

// `packet` from the SPI on; `src` and `dst` the outer IP addresses (4 or 16 octets each),
// which the transport-mode checksums of TCP, UDP and ICMPv6 cover (empty: those are never
// recognised). True, with the layout, when one ICV length (tried in the order 12, 16, 24,
// 32, 8, 0) gives a consistent packet.
bool guess_null_esp(ByteView packet, ByteView src, ByteView dst, NullGuess& out);

}  // namespace ikev2::esp
