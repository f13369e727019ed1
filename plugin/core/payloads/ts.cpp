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
constexpr uint16_t kIpv4Length = 16, kIpv6Length = 40, kFcLength = layout::fc_selector::kSize;

void parse_ip_range(ByteView sel, TrafficSelector& ts, size_t addr_size, Issues& issues) {
    using namespace layout::selector;
    ts.start_port = layout::u16(sel, kStartPort);
    ts.end_port = layout::u16(sel, kEndPort);
    Reader r(sel.from(kEndPort.off + kEndPort.len));
    ByteView start, end;
    r.bytes(addr_size, start);
    r.bytes(addr_size, end);
    ts.start_address = start.span();
    ts.end_address = end.span();
    ts.start_text = addr_size == 4 ? ipv4_text(start) : ipv6_text(start);
    ts.end_text = addr_size == 4 ? ipv4_text(end) : ipv6_text(end);
    if (std::memcmp(start.data, end.data, addr_size) > 0)
        issues.push_back({Problem::BadSelectorRange, Span{start.base, static_cast<uint32_t>(addr_size * 2)}});
    if (ts.start_port > ts.end_port)
        issues.push_back({Problem::BadSelectorRange, sel.sub(kStartPort.off, kStartPort.len + kEndPort.len).span()});
    ts.prefix_len = cidr_prefix(start, end);
    if (ts.prefix_len >= 0) ts.cidr = ts.start_text + "/" + std::to_string(ts.prefix_len);
}

}  // namespace

TsBody parse_ts(ByteView body, Issues& issues) {
    TsBody b;
    Reader r(body);
    ByteView h;
    if (!r.bytes(layout::ts::kSize, h)) {
        issues.push_back({Problem::PayloadTooShort, body.span()});
        return b;
    }
    b.num_ts = layout::u8(h, layout::ts::kCount);
    while (!r.at_end()) {
        ByteView here = body.from(r.pos());
        TrafficSelector ts;
        if (here.size < layout::selector::kSize) {
            issues.push_back({Problem::BadSubstructureLength, here.span()});
            break;
        }
        ts.type = layout::u8(here, layout::selector::kType);
        ts.ip_protocol = layout::u8(here, layout::selector::kProtocol);
        ts.length = layout::u16(here, layout::selector::kLength);
        if (ts.length < 4 || ts.length > here.size) {
            issues.push_back({Problem::BadSubstructureLength, here.sub(layout::selector::kLength.off, layout::selector::kLength.len).span()});
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
                issues.push_back({Problem::BadSubstructureLength, here.sub(layout::selector::kLength.off, layout::selector::kLength.len).span()});
                break;
            }
            parse_ip_range(sel, ts, ts.type == kIpv4Range ? 4 : 16, issues);
            break;
        }
        case kFcRange:
            if (ts.length != kFcLength) {
                issues.push_back({Problem::BadSubstructureLength, here.sub(layout::selector::kLength.off, layout::selector::kLength.len).span()});
                break;
            }
            ts.ip_protocol = 0;  // octet 1 is RESERVED for FC selectors
            ts.start_address = sel.sub(layout::fc_selector::kStart.off, layout::fc_selector::kStart.len).span();
            ts.end_address = sel.sub(layout::fc_selector::kEnd.off, layout::fc_selector::kEnd.len).span();
            ts.start_r_ctl = layout::u8(sel, layout::fc_selector::kStartRCtl);
            ts.end_r_ctl = layout::u8(sel, layout::fc_selector::kEndRCtl);
            ts.start_fc_type = layout::u8(sel, layout::fc_selector::kStartType);
            ts.end_fc_type = layout::u8(sel, layout::fc_selector::kEndType);
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
