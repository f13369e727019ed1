#include "null_heuristic.hpp"

#include "esp_cipher.hpp"

namespace ikev2::esp {

namespace {

constexpr uint8_t kIcmp = 1, kIpv4 = 4, kTcp = 6, kUdp = 17, kIpv6 = 41, kGre = 47,
                  kIcmpv6 = 58, kNoNext = 59, kSctp = 132;

uint16_t be16(const uint8_t* p) { return static_cast<uint16_t>((p[0] << 8) | p[1]); }

// One's complement sum of 16-bit big-endian words (RFC 1071), not yet folded; an odd
// last octet is padded with zero.
uint64_t sum16(ByteView v) {
    uint64_t s = 0;
    size_t i = 0;
    for (; i + 1 < v.size; i += 2) s += be16(v.data + i);
    if (i < v.size) s += uint64_t{v[i]} << 8;
    return s;
}

// A checksum verifies when the sum over everything it covers, itself included, folds to
// 0xffff.
bool sums_to_ones(uint64_t s) {
    while (s >> 16) s = (s & 0xffff) + (s >> 16);
    return s == 0xffff;
}

// The IPv4 (RFC 768, 793) or IPv6 (RFC 8200 8.1) pseudo-header of a transport packet of
// `len` octets between `src` and `dst`; false when the addresses are not a pair of either.
bool pseudo_header_sum(ByteView src, ByteView dst, uint8_t proto, size_t len, uint64_t& s) {
    if (src.size != dst.size || (src.size != 4 && src.size != 16)) return false;
    s = sum16(src) + sum16(dst) + proto + (len >> 16) + (len & 0xffff);
    return true;
}

// Does the transport packet `p` (all of it) of protocol `nh` carry a checksum that
// verifies between `src` and `dst`? ICMP has no pseudo-header; ICMPv6 only over IPv6.
bool checksum_ok(uint8_t nh, ByteView p, ByteView src, ByteView dst) {
    uint64_t s = 0;
    switch (nh) {
    case kIcmp:
        return p.size >= 8 && sums_to_ones(sum16(p));
    case kIcmpv6:
        return p.size >= 8 && src.size == 16 && pseudo_header_sum(src, dst, nh, p.size, s) &&
               sums_to_ones(s + sum16(p));
    case kTcp:
        return pseudo_header_sum(src, dst, nh, p.size, s) && sums_to_ones(s + sum16(p));
    case kUdp: {
        const ByteView u = p.sub(0, be16(p.data + 4));  // its length field, checked before
        if (be16(p.data + 6) == 0) return src.size == 4;  // "no checksum": IPv4 only
        return pseudo_header_sum(src, dst, nh, u.size, s) && sums_to_ones(s + sum16(u));
    }
    default:
        return true;  // no checksum defined here
    }
}

// Does `p` look like transport protocol `nh` (or a dummy packet) of exactly this length,
// with its checksum verifying between `src` and `dst`?
bool plausible_transport(uint8_t nh, ByteView p, ByteView src, ByteView dst) {
    switch (nh) {
    case kUdp:
        return p.size >= 8 && be16(p.data + 4) >= 8 && be16(p.data + 4) <= p.size &&
               checksum_ok(nh, p, src, dst);
    case kTcp:
        return p.size >= 20 && (p[12] >> 4) >= 5 && static_cast<size_t>(p[12] >> 4) * 4 <= p.size &&
               checksum_ok(nh, p, src, dst);
    case kIcmp:
    case kIcmpv6:
        return checksum_ok(nh, p, src, dst);
    case kGre:
        return p.size >= 4 && (p[1] & 0x07) <= 1;  // version 0 or 1 (RFC 2784, 2637)
    case kSctp:
        return p.size >= 12;
    case kNoNext:
        return true;  // a dummy packet (RFC 4303 2.6): any content
    default:
        return false;
    }
}

bool has_checksum(uint8_t proto) {
    return proto == kIcmp || proto == kTcp || proto == kUdp || proto == kIcmpv6;
}

// Does `p` (the Payload Data) look like protocol `nh`? In tunnel mode (an IP packet) the
// inner packet's own checksums must verify over its own addresses; `src` / `dst` are the
// outer addresses, for transport mode.
bool plausible(uint8_t nh, ByteView p, ByteView src, ByteView dst) {
    switch (nh) {
    case kIpv4: {
        // Version 4, header length >= 5 words, total length == payload (RFC 791);
        // TFC padding may follow in tunnel mode, so the length may be shorter. The
        // header checksum must verify, and so must the transport checksum of a packet
        // that is not a fragment (MF clear, offset 0).
        if (p.size < 20 || (p[0] >> 4) != 4) return false;
        const size_t ihl = size_t{p[0] & 0x0fu} * 4, total = be16(p.data + 2);
        if (ihl < 20 || total < ihl || total > p.size || !sums_to_ones(sum16(p.sub(0, ihl)))) return false;
        const uint8_t proto = p[9];
        if ((be16(p.data + 6) & 0x3fff) != 0 || !has_checksum(proto)) return true;
        return plausible_transport(proto, p.sub(ihl, total - ihl), p.sub(12, 4), p.sub(16, 4));
    }
    case kIpv6: {
        // Version 6, payload length within the data; the transport checksum when the
        // first next header has one (no extension headers in between).
        if (p.size < 40 || (p[0] >> 4) != 6 || size_t{be16(p.data + 4)} + 40 > p.size) return false;
        const uint8_t proto = p[6];
        if (!has_checksum(proto)) return true;
        return plausible_transport(proto, p.sub(40, be16(p.data + 4)), p.sub(8, 16), p.sub(24, 16));
    }
    default:
        return plausible_transport(nh, p, src, dst);
    }
}

}  // namespace

bool guess_null_esp(ByteView packet, ByteView src, ByteView dst, NullGuess& out) {
    static const uint8_t kIcvSizes[] = {12, 16, 24, 32, 8, 0};
    if (packet.size < kEspHeaderSize + kEspTrailerSize) return false;
    for (uint8_t icv : kIcvSizes) {
        if (packet.size < kEspHeaderSize + kEspTrailerSize + icv) continue;
        const size_t trailer = packet.size - icv - kEspTrailerSize;
        const uint8_t pad = packet[trailer];
        const uint8_t nh = packet[trailer + 1];
        if (trailer < kEspHeaderSize + pad) continue;
        const size_t payload_end = trailer - pad;
        bool pad_ok = true;
        for (size_t k = 0; k < pad && pad_ok; k++)
            pad_ok = packet[payload_end + k] == static_cast<uint8_t>(k + 1);
        if (!pad_ok) continue;
        const ByteView payload = packet.sub(kEspHeaderSize, payload_end - kEspHeaderSize);
        if (payload.size == 0 && nh != kNoNext) continue;
        if (!plausible(nh, payload, src, dst)) continue;
        out.icv_size = icv;
        out.pad_length = pad;
        out.next_header = nh;
        out.payload_len = static_cast<uint32_t>(payload.size);
        return true;
    }
    return false;
}

}  // namespace ikev2::esp
