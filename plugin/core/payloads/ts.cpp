// Traffic Selector payloads TSi / TSr (RFC 7296 section 3.13):
//   Number of TSs(1) RESERVED(3) Traffic Selectors
//   Selector (3.13.1): TS Type(1) IP Protocol ID(1) Selector Length(2)
//                      Start Port(2) End Port(2) Starting Address End Address
//   TS_FC_ADDR_RANGE (RFC 4595 4.4.1): TS Type(1) RESERVED(1) Length(2) RESERVED(1)
//       Start Address(3) RESERVED(1) End Address(3) Start R_CTL(1) End R_CTL(1)
//       Start Type(1) End Type(1)
//   TS_SECLABEL (RFC 9478): TS Type(1) RESERVED(1) Length(2) Security Label
#include <cstring>

#include "../text.hpp"
#include "payloads.hpp"

namespace ikev2::payloads {

namespace {

constexpr uint8_t kIpv4Range = 7, kIpv6Range = 8, kFcRange = 9, kSecLabel = 10;
constexpr uint16_t kIpv4Length = 16, kIpv6Length = 40, kFcLength = 16;

void parse_ip_range(ByteView sel, TrafficSelector& ts, size_t addr_size, Issues& issues) {
    Reader r(sel.from(4));
    ByteView start, end;
    r.u16(ts.start_port);
    r.u16(ts.end_port);
    r.bytes(addr_size, start);
    r.bytes(addr_size, end);
    ts.start_address = start.span();
    ts.end_address = end.span();
    ts.start_text = addr_size == 4 ? ipv4_text(start) : ipv6_text(start);
    ts.end_text = addr_size == 4 ? ipv4_text(end) : ipv6_text(end);
    if (std::memcmp(start.data, end.data, addr_size) > 0)
        issues.push_back({Problem::BadSelectorRange, Span{start.base, static_cast<uint32_t>(addr_size * 2)}});
    if (ts.start_port > ts.end_port)
        issues.push_back({Problem::BadSelectorRange, sel.sub(4, 4).span()});
    ts.prefix_len = cidr_prefix(start, end);
    if (ts.prefix_len >= 0) ts.cidr = ts.start_text + "/" + std::to_string(ts.prefix_len);
}

}  // namespace

TsBody parse_ts(ByteView body, Issues& issues) {
    TsBody b;
    Reader r(body);
    if (!r.u8(b.num_ts) || !r.skip(3)) {
        issues.push_back({Problem::PayloadTooShort, body.span()});
        return b;
    }
    while (!r.at_end()) {
        ByteView here = body.from(r.pos());
        TrafficSelector ts;
        if (here.size < 4) {
            issues.push_back({Problem::BadSubstructureLength, here.span()});
            break;
        }
        ts.type = here[0];
        ts.ip_protocol = here[1];
        ts.length = load_be16(here.data + 2);
        if (ts.length < 4 || ts.length > here.size) {
            issues.push_back({Problem::BadSubstructureLength, here.sub(2, 2).span()});
            break;
        }
        ByteView sel = here.sub(0, ts.length);
        ts.span = sel.span();
        r.skip(ts.length);
        switch (ts.type) {
        case kIpv4Range:
        case kIpv6Range: {
            uint16_t expected = ts.type == kIpv4Range ? kIpv4Length : kIpv6Length;
            if (ts.length != expected) {
                issues.push_back({Problem::BadSubstructureLength, here.sub(2, 2).span()});
                break;
            }
            parse_ip_range(sel, ts, ts.type == kIpv4Range ? 4 : 16, issues);
            break;
        }
        case kFcRange:
            if (ts.length != kFcLength) {
                issues.push_back({Problem::BadSubstructureLength, here.sub(2, 2).span()});
                break;
            }
            ts.ip_protocol = 0;  // octet 1 is RESERVED for FC selectors
            ts.start_address = sel.sub(5, 3).span();
            ts.end_address = sel.sub(9, 3).span();
            ts.start_r_ctl = sel[12];
            ts.end_r_ctl = sel[13];
            ts.start_fc_type = sel[14];
            ts.end_fc_type = sel[15];
            break;
        case kSecLabel:
            ts.ip_protocol = 0;
            ts.label = sel.from(4).span();
            break;
        default:
            break;  // unknown selector type: shown by its length only
        }
        if (b.selectors.size() >= kMaxItemsPerPayload) {
            issues.push_back({Problem::TooManyItems, ts.span});
            break;
        }
        b.selectors.push_back(std::move(ts));
    }
    if (b.selectors.size() != b.num_ts)
        issues.push_back({Problem::SubstructureCountMismatch, body.sub(0, 1).span()});
    return b;
}

}  // namespace ikev2::payloads
