#include "null_heuristic.hpp"

#include "esp_cipher.hpp"

namespace ikev2::esp {

namespace {

constexpr uint8_t kIcmp = 1, kIpv4 = 4, kTcp = 6, kUdp = 17, kIpv6 = 41, kGre = 47,
                  kIcmpv6 = 58, kNoNext = 59, kSctp = 132;

uint16_t be16(const uint8_t* p) { return static_cast<uint16_t>((p[0] << 8) | p[1]); }

// Does `p` (the Payload Data) look like protocol `nh` of exactly this length?
bool plausible(uint8_t nh, ByteView p) {
    switch (nh) {
    case kIpv4:
        // Version 4, header length >= 5 words, total length == payload (RFC 791);
        // TFC padding may follow in tunnel mode, so the length may be shorter.
        return p.size >= 20 && (p[0] >> 4) == 4 && (p[0] & 0x0f) >= 5 &&
               be16(p.data + 2) >= 20 && be16(p.data + 2) <= p.size;
    case kIpv6:
        return p.size >= 40 && (p[0] >> 4) == 6 && size_t{be16(p.data + 4)} + 40 <= p.size;
    case kUdp:
        return p.size >= 8 && be16(p.data + 4) >= 8 && be16(p.data + 4) <= p.size;
    case kTcp:
        return p.size >= 20 && (p[12] >> 4) >= 5 && static_cast<size_t>(p[12] >> 4) * 4 <= p.size;
    case kIcmp:
    case kIcmpv6:
        return p.size >= 8;
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

}  // namespace

bool guess_null_esp(ByteView packet, NullGuess& out) {
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
        if (!plausible(nh, payload)) continue;
        out.icv_size = icv;
        out.pad_length = pad;
        out.next_header = nh;
        out.payload_len = static_cast<uint32_t>(payload.size);
        return true;
    }
    return false;
}

}  // namespace ikev2::esp
