// Key Exchange payload (RFC 7296 section 3.4): Group(2) RESERVED(2) Key Exchange Data.
#include "payloads.hpp"

namespace ikev2::payloads {

KeBody parse_ke(ByteView body, Issues& issues) {
    KeBody ke;
    Reader r(body);
    uint16_t reserved = 0;
    if (!r.u16(ke.group) || !r.u16(reserved)) {
        issues.push_back({Problem::PayloadTooShort, body.span()});
        return ke;
    }
    ke.data = r.rest().span();
    return ke;
}

}  // namespace ikev2::payloads
