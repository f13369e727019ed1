// Is this IKEv2? And what does a UDP 4500 / RFC 8229 TCP frame carry? Small pure
// functions so the port rules of RFC 3948 and RFC 8229 live in one place and are tested
// without Wireshark.
#pragma once

#include <cstddef>
#include <cstdint>

#include "bytes.hpp"

namespace ikev2 {

// IKE header major version in the 18th octet (RFC 7296 3.1 / RFC 2408 3.1): lets the
// port dissectors send IKEv1 on to Wireshark's built-in ISAKMP dissector.
int ike_major_version(ByteView msg);  // -1 when too short

// Strict check for an IKEv2 message on an arbitrary UDP port: the header is sane (version
// 2.0, an assigned exchange type, only I/V/R flags, IKE_SA_INIT with message ID 0), its
// length equals the datagram, and the payload chain walks exactly to its end. Built so
// that DNS, QUIC, DTLS, RTP and random data are not claimed.
bool looks_like_ikev2(ByteView datagram);

// RFC 3948 section 2: what a UDP-encapsulated datagram on port 4500 carries.
enum class UdpEncap : uint8_t {
    Keepalive,  // a single 0xFF octet (RFC 3948 2.3)
    Ike,        // non-ESP marker (4 zero octets), then an IKE message
    Esp,        // anything else of at least 8 octets: an ESP packet (SPI != 0)
    Invalid,    // too short for either
};
UdpEncap classify_udp_encap(ByteView payload);
constexpr size_t kNonEspMarkerSize = 4;

// RFC 8229 section 3: the stream prefix and the length-framed messages.
constexpr uint8_t kIkeTcpPrefix[6] = {'I', 'K', 'E', 'T', 'C', 'P'};
constexpr size_t kIkeTcpPrefixSize = 6;
bool starts_with_iketcp_prefix(ByteView stream);
// A frame's total length (the 16-bit Length counts itself); 0 when fewer than 2 octets.
uint32_t tcp_frame_length(ByteView at);
enum class TcpFrame : uint8_t {
    Ike,       // Length, non-ESP marker, IKE message (RFC 8229 3.1)
    Esp,       // Length, ESP packet (RFC 8229 3.2)
    Invalid,   // Length below the minimum of either
};
TcpFrame classify_tcp_frame(ByteView frame);

}  // namespace ikev2
