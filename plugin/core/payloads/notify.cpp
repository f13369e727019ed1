// Notify payload (RFC 7296 section 3.10):
//   Protocol ID(1) SPI Size(1) Notify Message Type(2) SPI Notification Data
// plus the data of the common types, each from the RFC that defines it, and of the 3GPP
// private status types an ePDG and a UE exchange (TS 24.302 8.2.9).
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
    using namespace layout::gateway_identity;
    Reader r(data);
    ByteView h, ident;
    const bool header = r.bytes(kSize, h);
    if (header) d.gw_type = layout::u8(h, kType);
    if (!header || !r.bytes(layout::u8(h, kLength), ident)) {
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

// BCD digits as TS 24.008 10.5.1.4 (mobile identity) and 10.5.3.13 (emergency numbers)
// write them: two an octet, the low nibble first; an F nibble ends the digits (the
// filler of an odd count). A nibble A to E is not a digit: '?' and a problem.
std::string bcd_digits(ByteView v, Issues& issues) {
    std::string s;
    bool bad = false;
    for (size_t i = 0; i < v.size; i++) {
        for (int half = 0; half < 2; half++) {
            uint8_t d = half ? v[i] >> 4 : v[i] & 0x0f;
            if (d == 0x0f) {
                if (bad) issues.push_back({Problem::BadEncoding, v.span()});
                return s;
            }
            if (d > 9) bad = true;
            s += d > 9 ? '?' : static_cast<char>('0' + d);
        }
    }
    if (bad) issues.push_back({Problem::BadEncoding, v.span()});
    return s;
}

// TS 24.008 10.5.7.4a: GPRS timer 3, unit in bits 8-6 and value in bits 5-1.
std::string gprs_timer3_text(uint8_t octet) {
    static constexpr struct { uint32_t count; const char* word; } kUnits[] = {
        {10, "minute"}, {1, "hour"}, {10, "hour"}, {2, "second"},
        {30, "second"}, {1, "minute"}, {320, "hour"},
    };
    uint8_t unit = octet >> 5;
    if (unit == 7) return "deactivated";
    uint32_t total = kUnits[unit].count * (octet & 0x1f);
    return std::to_string(total) + " " + kUnits[unit].word + (total == 1 ? "" : "s");
}

// TS 24.302 8.2.9.1: Length (1 octet, 1) | GPRS timer 3 value (1 octet).
void decode_backoff_timer(ByteView data, NotifyData& d, Issues& issues) {
    d.value_span = data.span();
    d.kind = NotifyData::Kind::Opaque;
    if (data.size < 2) {
        issues.push_back({Problem::PayloadTooShort, data.span()});
        return;
    }
    d.kind = NotifyData::Kind::BackoffTimer;
    d.length_span = data.sub(0, 1).span();
    d.length = data[0];
    d.value_span = data.sub(1, 1).span();
    d.value = data[1];
    d.text = gprs_timer3_text(data[1]);
    if (d.length != 1) issues.push_back({Problem::BadSubstructureLength, d.length_span});
    if (data.size > 2) issues.push_back({Problem::ExtraBytesInPayload, data.sub(2, data.size - 2).span()});
}

// TS 24.302 8.2.9.2: Identity Length (2 octets) | Identity Type (1 octet: 1 IMEI,
// 2 IMEISV, in bits 2-1) | Identity Value (BCD digits).
void decode_device_identity(ByteView data, NotifyData& d, Issues& issues) {
    d.value_span = data.span();
    d.kind = NotifyData::Kind::Opaque;
    Reader r(data);
    uint16_t len = 0;
    uint8_t type = 0;
    if (!r.u16(len) || !r.u8(type)) {
        issues.push_back({Problem::PayloadTooShort, data.span()});
        return;
    }
    d.kind = NotifyData::Kind::DeviceIdentity;
    d.length_span = data.sub(0, 2).span();
    d.length = len;
    d.type_span = data.sub(2, 1).span();
    d.value = type & 0x03;
    ByteView ident = r.rest();
    d.value_span = ident.span();
    // The length counts the type octet and the value.
    if (len != ident.size + 1) issues.push_back({Problem::BadSubstructureLength, d.length_span});
    if (d.value == 1 || d.value == 2) d.text = bcd_digits(ident, issues);
    else if (ident.size) issues.push_back({Problem::BadEncoding, d.type_span});
}

// TS 24.302 8.2.9.3: Length of the list (1 octet) | the Emergency Number List contents of
// TS 24.008 10.5.3.13 from its octet 3: per number, Length (1) | Emergency Service
// Category Value (1) | BCD digits (Length - 1 octets).
void decode_emergency_numbers(ByteView data, NotifyData& d, Issues& issues) {
    d.kind = NotifyData::Kind::EmergencyNumbers;
    d.value_span = data.span();
    d.length_span = data.sub(0, 1).span();
    d.length = data[0];
    Reader r(data.sub(1, data.size - 1));
    if (d.length != data.size - 1) issues.push_back({Problem::BadSubstructureLength, d.length_span});
    while (!r.at_end()) {
        if (d.numbers.size() >= kMaxItemsPerPayload) {
            issues.push_back({Problem::TooManyItems, r.rest().span()});
            return;
        }
        EmergencyNumber e;
        uint32_t at = r.offset();
        ByteView body;
        if (!r.u8(e.length) || e.length < 1 || !r.bytes(e.length, body)) {
            issues.push_back({Problem::BadSubstructureLength, Span{at, data.span().end() - at}});
            return;
        }
        e.span = Span{at, static_cast<uint32_t>(1 + e.length)};
        e.category = body[0];
        ByteView digits = body.sub(1, body.size - 1);
        e.digits_span = digits.span();
        e.digits = bcd_digits(digits, issues);
        d.numbers.push_back(std::move(e));
    }
}

// RFC 5857 3.1: ROHC attributes, each AF(1 bit) Type(15) then Value(2) when AF is set,
// else Length(2) Value.
void decode_rohc(ByteView data, NotifyData& d, Issues& issues) {
    d.kind = NotifyData::Kind::Rohc;
    d.value_span = data.span();
    Reader r(data);
    while (!r.at_end()) {
        if (d.rohc.size() >= kMaxItemsPerPayload) {
            issues.push_back({Problem::TooManyItems, r.rest().span()});
            return;
        }
        RohcAttribute a;
        uint32_t at = r.offset();
        uint16_t type = 0, lv = 0;
        ByteView value;
        bool ok = r.u16(type) && r.u16(lv);
        a.tv = type & 0x8000;
        a.type = type & 0x7fff;
        if (ok && a.tv) {
            value = data.sub(at + 2 - data.span().off, 2);
        } else if (ok) {
            a.length = lv;
            ok = r.bytes(lv, value);
        }
        if (!ok) {
            issues.push_back({Problem::BadSubstructureLength, Span{at, data.span().end() - at}});
            return;
        }
        a.span = Span{at, r.offset() - at};
        a.value = value.span();
        if (value.size >= 1 && value.size <= 4)
            for (size_t i = 0; i < value.size; i++) a.number = (a.number << 8) | value[i];
        d.rohc.push_back(a);
    }
}

}  // namespace

NotifyBody parse_notify(ByteView body, Issues& issues) {
    NotifyBody n;
    Reader r(body);
    ByteView h;
    if (!r.bytes(layout::notify::kSize, h)) {
        issues.push_back({Problem::PayloadTooShort, body.span()});
        return n;
    }
    n.protocol = layout::u8(h, layout::notify::kProtocol);
    n.spi_size = layout::u8(h, layout::notify::kSpiSize);
    n.type = layout::u16(h, layout::notify::kType);
    ByteView spi;
    if (!r.bytes(n.spi_size, spi)) {
        issues.push_back({Problem::BadSubstructureLength,
                          body.sub(layout::notify::kSpiSize.off, layout::notify::kSpiSize.len).span()});
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
        using namespace layout::ipcomp;
        if (data.size >= kSize) {
            d.cpi = layout::u16(data, kCpi);
            d.kind = NotifyData::Kind::Ipcomp;
            d.value = layout::u8(data, kTransform);
            d.value_span = data.span();
            if (data.size > kSize) issues.push_back({Problem::ExtraBytesInPayload, data.from(kSize).span()});
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
    case iana::notify::kTicketLtOpaque: {
        // RFC 5723 4.3.2: Lifetime (4 octets) | Ticket.
        using namespace layout::ticket_lt;
        if (data.size >= kSize) {
            d.value = static_cast<uint32_t>(layout::u64(data, kLifetime));
            d.kind = NotifyData::Kind::TicketLifetime;
            d.length_span = layout::span(data, kLifetime);
            d.value_span = data.from(kSize).span();
        } else {
            issues.push_back({Problem::PayloadTooShort, data.span()});
            d.kind = NotifyData::Kind::Opaque;
            d.value_span = data.span();
        }
        break;
    }
    case iana::notify::kMessageIdSync: {
        // RFC 6311 4.1: Nonce Data | EXPECTED_SEND_REQ_MESSAGE_ID | EXPECTED_RECV_REQ_MESSAGE_ID,
        // 4 octets each.
        using namespace layout::message_id_sync;
        d.value_span = data.span();
        if (data.size >= kSize) {
            d.value = static_cast<uint32_t>(layout::u64(data, kNonce));
            d.kind = NotifyData::Kind::MessageIdSync;
            d.list32 = {static_cast<uint32_t>(layout::u64(data, kSendMid)),
                        static_cast<uint32_t>(layout::u64(data, kRecvMid))};
            if (data.size > kSize) issues.push_back({Problem::ExtraBytesInPayload, data.from(kSize).span()});
        } else {
            issues.push_back({Problem::PayloadTooShort, data.span()});
            d.kind = NotifyData::Kind::Opaque;
        }
        break;
    }
    case iana::notify::kRohcSupported:
        decode_rohc(data, d, issues);
        break;
    case iana::notify::kBackoffTimer3gpp:
        decode_backoff_timer(data, d, issues);
        break;
    case iana::notify::kDeviceIdentity3gpp:
        decode_device_identity(data, d, issues);
        break;
    case iana::notify::kEmergencyCallNumbers3gpp:
        decode_emergency_numbers(data, d, issues);
        break;
    default:
        d.kind = NotifyData::Kind::Opaque;
        d.value_span = data.span();
        break;
    }
    return n;
}

}  // namespace ikev2::payloads
