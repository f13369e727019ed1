// Notify payload (RFC 7296 section 3.10):
//   Protocol ID(1) SPI Size(1) Notify Message Type(2) SPI Notification Data
// plus the data of the common types, each from the RFC that defines it.
#include "../iana.hpp"
#include "../text.hpp"
#include "payloads.hpp"

namespace ikev2::payloads {

namespace {

constexpr size_t kSha1Size = 20;

void decode_u16_list(ByteView data, NotifyData& d, NotifyData::Kind kind, Issues& issues) {
    d.kind = kind;
    d.value_span = data.span();
    Reader r(data);
    uint16_t v = 0;
    while (r.remaining() >= 2) {
        if (d.list.size() >= kMaxItemsPerPayload) {
            issues.push_back({Problem::TooManyItems, r.rest().span()});
            return;
        }
        uint32_t at = r.offset();
        r.u16(v);
        d.list.push_back(v);
        d.list_spans.push_back(Span{at, 2});
    }
    if (!r.at_end()) issues.push_back({Problem::ExtraBytesInPayload, r.rest().span()});
}

void decode_gateway(ByteView data, NotifyData& d, bool with_nonce, Issues& issues) {
    Reader r(data);
    uint8_t len = 0;
    ByteView ident;
    if (!r.u8(d.gw_type) || !r.u8(len) || !r.bytes(len, ident)) {
        issues.push_back({Problem::PayloadTooShort, data.span()});
        d.kind = NotifyData::Kind::Opaque;
        d.value_span = data.span();
        return;
    }
    d.kind = NotifyData::Kind::Gateway;
    d.gw_identity = ident.span();
    switch (d.gw_type) {
    case iana::gateway_id::kIpv4:
        if (ident.size == 4) d.gw_text = ipv4_text(ident);
        else issues.push_back({Problem::BadAddressLength, ident.span()});
        break;
    case iana::gateway_id::kIpv6:
        if (ident.size == 16) d.gw_text = ipv6_text(ident);
        else issues.push_back({Problem::BadAddressLength, ident.span()});
        break;
    case iana::gateway_id::kFqdn:
        d.gw_text = printable(ident);
        break;
    default:
        break;
    }
    ByteView rest = r.rest();
    if (with_nonce) d.gw_nonce = rest.span();
    else if (rest.size) issues.push_back({Problem::ExtraBytesInPayload, rest.span()});
}

void decode_fixed(ByteView data, NotifyData& d, size_t size, NotifyData::Kind kind,
                  Issues& issues) {
    d.value_span = data.span();
    if (data.size != size) {
        issues.push_back({data.size < size ? Problem::PayloadTooShort
                                           : Problem::ExtraBytesInPayload,
                          data.span()});
        d.kind = NotifyData::Kind::Opaque;
        return;
    }
    d.kind = kind;
    Reader r(data);
    if (size == 2) {
        uint16_t v = 0;
        r.u16(v);
        d.value = v;
    } else if (size == 4) {
        r.u32(d.value);
    }
}

}  // namespace

NotifyBody parse_notify(ByteView body, Issues& issues) {
    NotifyBody n;
    Reader r(body);
    if (!r.u8(n.protocol) || !r.u8(n.spi_size) || !r.u16(n.type)) {
        issues.push_back({Problem::PayloadTooShort, body.span()});
        return n;
    }
    ByteView spi;
    if (!r.bytes(n.spi_size, spi)) {
        issues.push_back({Problem::BadSubstructureLength, body.sub(1, 1).span()});
        n.data = r.rest().span();
        return n;
    }
    n.spi = spi.span();
    if (n.spi_size == 4) n.spi_value = load_be32(spi.data);
    else if (n.spi_size == 8) n.spi_value = (uint64_t{load_be32(spi.data)} << 32) | load_be32(spi.data + 4);
    ByteView data = r.rest();
    n.data = data.span();
    NotifyData& d = n.decoded;
    if (data.size == 0) return n;

    switch (n.type) {
    case iana::notify::kInvalidKePayload:
        decode_fixed(data, d, 2, NotifyData::Kind::Group, issues);
        break;
    case iana::notify::kInvalidMessageId:
    case iana::notify::kSetWindowSize:
    case iana::notify::kAuthLifetime:
        decode_fixed(data, d, 4, NotifyData::Kind::U32, issues);
        break;
    case iana::notify::kNatDetectionSourceIp:
    case iana::notify::kNatDetectionDestinationIp:
        decode_fixed(data, d, kSha1Size, NotifyData::Kind::Hash, issues);
        break;
    case iana::notify::kInvalidSpi:
        d.kind = NotifyData::Kind::Spi;
        d.value_span = data.span();
        if (data.size == 4) d.value = load_be32(data.data);
        break;
    case iana::notify::kIpcompSupported: {
        Reader dr(data);
        uint8_t id = 0;
        if (dr.u16(d.cpi) && dr.u8(id)) {
            d.kind = NotifyData::Kind::Ipcomp;
            d.value = id;
            d.value_span = data.span();
            if (!dr.at_end()) issues.push_back({Problem::ExtraBytesInPayload, dr.rest().span()});
        } else {
            issues.push_back({Problem::PayloadTooShort, data.span()});
            d.kind = NotifyData::Kind::Opaque;
            d.value_span = data.span();
        }
        break;
    }
    case iana::notify::kSignatureHashAlgorithms:
        decode_u16_list(data, d, NotifyData::Kind::HashList, issues);
        break;
    case iana::notify::kSecurePasswordMethods:
        decode_u16_list(data, d, NotifyData::Kind::U16List, issues);
        break;
    case iana::notify::kRedirect:
        decode_gateway(data, d, true, issues);
        break;
    case iana::notify::kRedirectedFrom:
        decode_gateway(data, d, false, issues);
        break;
    default:
        d.kind = NotifyData::Kind::Opaque;
        d.value_span = data.span();
        break;
    }
    return n;
}

}  // namespace ikev2::payloads
