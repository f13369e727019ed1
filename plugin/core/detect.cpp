// Heuristics and demultiplexing rules (RFC 7296 3.1, RFC 3948 2, RFC 8229 3).
#include "detect.hpp"

#include "iana.hpp"
#include "message.hpp"

namespace ikev2 {

int ike_major_version(ByteView msg) {
    if (msg.size < Header::kSize) return -1;
    return msg[17] >> 4;
}

namespace {

bool is_assigned_exchange(uint8_t x) {
    const char* name = iana::name_of(iana::kExchangeTypes, x);
    // Ranges come with names like "Unassigned" or "Reserved": only real assignments pass.
    return x >= iana::exchange::kIkeSaInit && name != nullptr && name[0] >= 'A' &&
           name[0] <= 'Z' && name[1] >= 'A' && name[1] <= 'Z';
}

bool is_valid_payload_type(uint8_t t) {
    return t == iana::payload::kNone || (t >= iana::payload::kSA && t <= iana::payload::kPS) ||
           t >= 128;  // private use
}

}  // namespace

bool looks_like_ikev2(ByteView d) {
    if (d.size < Header::kSize) return false;
    Reader r(d);
    uint64_t spi_i = 0, spi_r = 0;
    uint8_t next = 0, version = 0, exchange = 0, flags = 0;
    uint32_t mid = 0, length = 0;
    r.u64(spi_i);
    r.u64(spi_r);
    r.u8(next);
    r.u8(version);
    r.u8(exchange);
    r.u8(flags);
    r.u32(mid);
    r.u32(length);
    if (version != 0x20 || spi_i == 0 || length != d.size) return false;
    if (flags & ~(Header::kFlagInitiator | Header::kFlagVersion | Header::kFlagResponse))
        return false;
    if (!is_assigned_exchange(exchange)) return false;
    if (exchange == iana::exchange::kIkeSaInit && mid != 0) return false;
    if (!is_valid_payload_type(next)) return false;
    // Walk the chain: every payload at least its header long, exactly to the end. SK and
    // SKF end the outer chain.
    size_t pos = Header::kSize;
    uint8_t type = next;
    while (type != iana::payload::kNone) {
        if (d.size - pos < 4) return false;
        uint16_t plen = load_be16(d.data + pos + 2);
        if (plen < 4 || plen > d.size - pos) return false;
        uint8_t following = d[pos];
        pos += plen;
        if (type == iana::payload::kSK || type == iana::payload::kSKF) break;
        if (!is_valid_payload_type(following)) return false;
        type = following;
    }
    return pos == d.size;
}

UdpEncap classify_udp_encap(ByteView p) {
    if (p.size == 1 && p[0] == 0xff) return UdpEncap::Keepalive;
    if (p.size >= kNonEspMarkerSize && p.sub(0, kNonEspMarkerSize).all_zero()) return UdpEncap::Ike;
    if (p.size >= 8) return UdpEncap::Esp;
    return UdpEncap::Invalid;
}

bool starts_with_iketcp_prefix(ByteView s) {
    return s.size >= kIkeTcpPrefixSize && s.sub(0, kIkeTcpPrefixSize).equals(kIkeTcpPrefix, kIkeTcpPrefixSize);
}

uint32_t tcp_frame_length(ByteView at) {
    return at.size < 2 ? 0 : load_be16(at.data);
}

TcpFrame classify_tcp_frame(ByteView f) {
    // Length(2) + non-ESP marker(4) + IKE header(28), or Length(2) + SPI(4) + Seq(4).
    if (f.size >= 2 + kNonEspMarkerSize && f.sub(2, kNonEspMarkerSize).all_zero())
        return f.size >= 2 + kNonEspMarkerSize + Header::kSize ? TcpFrame::Ike : TcpFrame::Invalid;
    return f.size >= 2 + 8 ? TcpFrame::Esp : TcpFrame::Invalid;
}

}  // namespace ikev2
