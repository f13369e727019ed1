// Recognising ESP with NULL encryption without keys (RFC 5879 describes the problem;
// this is the heuristic of its section 5, simplified): the payload is in the clear, so
// for each plausible ICV length the trailer before it must name a known next header,
// the padding before that must be the default 1, 2, 3, ... (RFC 4303 2.4), and the
// payload must parse as that protocol with a length field that agrees.
//
// Used only when the user turns it on: random (encrypted) data passes it about once in
// 2,000 packets (5 of 10,000 in tests/unit/esp/test_null_heuristic.cpp; mostly Pad
// Length 0 with a next header whose check is weak: 59, ICMP, SCTP), and the inner
// protocols then show garbage.
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

// `packet` from the SPI on. True, with the layout, when one ICV length (tried in the
// order 12, 16, 24, 32, 8, 0) gives a consistent packet.
bool guess_null_esp(ByteView packet, NullGuess& out);

}  // namespace ikev2::esp
