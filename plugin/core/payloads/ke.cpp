// Key Exchange payload (RFC 7296 section 3.4): Group(2) RESERVED(2) Key Exchange Data.
#include "payloads.hpp"

namespace ikev2::payloads {

KeBody parse_ke(ByteView body, Issues& issues) {
    KeBody ke;
    Reader r(body);
    ByteView h;
    if (!r.bytes(layout::ke::kSize, h)) {
        issues.push_back({Problem::PayloadTooShort, body.span()});
        return ke;
    }
    ke.group = layout::u16(h, layout::ke::kGroup);
    ke.data = r.rest().span();
    return ke;
}

}  // namespace ikev2::payloads
