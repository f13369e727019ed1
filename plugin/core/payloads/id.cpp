// Identification payloads IDi / IDr (RFC 7296 section 3.5):
//   ID Type(1) RESERVED(3) Identification Data
#include "../text.hpp"
#include "payloads.hpp"

namespace ikev2::payloads {

namespace {
// RFC 7296 3.5 ID types.
constexpr uint8_t kIpv4 = 1, kFqdn = 2, kRfc822 = 3, kIpv6 = 5, kDerDn = 9, kDerGn = 10,
                  kKeyId = 11, kFcName = 12, kNull = 13;
}  // namespace

IdBody parse_id(ByteView body, Issues& issues) {
    IdBody id;
    Reader r(body);
    ByteView h;
    if (!r.bytes(layout::id::kSize, h)) {
        issues.push_back({Problem::PayloadTooShort, body.span()});
        return id;
    }
    id.id_type = layout::u8(h, layout::id::kType);
    ByteView data = r.rest();
    id.data = data.span();
    switch (id.id_type) {
    case kIpv4:
        if (data.size == 4) id.text = ipv4_text(data);
        else issues.push_back({Problem::BadAddressLength, data.span()});
        break;
    case kIpv6:
        if (data.size == 16) id.text = ipv6_text(data);
        else issues.push_back({Problem::BadAddressLength, data.span()});
        break;
    case kFqdn:
    case kRfc822:
    case kFcName:
        id.text = printable(data);
        break;
    case kDerDn:
        if (!der_name_text(data, id.text)) issues.push_back({Problem::BadEncoding, data.span()});
        break;
    case kNull:  // RFC 7619: ID_NULL carries no data
        if (data.size != 0) issues.push_back({Problem::ExtraBytesInPayload, data.span()});
        break;
    case kDerGn:
    case kKeyId:
    default:
        break;  // opaque octets
    }
    return id;
}

}  // namespace ikev2::payloads
