// Encrypted Fragment payload SKF (RFC 7383 section 2.5):
//   Fragment Number(2) Total Fragments(2) IV | Encrypted content | ICV
#include "payloads.hpp"

namespace ikev2::payloads {

SkfBody parse_skf(ByteView body, Issues& issues) {
    SkfBody f;
    Reader r(body);
    ByteView h;
    if (!r.bytes(layout::skf::kSize, h)) {
        issues.push_back({Problem::PayloadTooShort, body.span()});
        return f;
    }
    f.fragment_number = layout::u16(h, layout::skf::kNumber);
    f.total_fragments = layout::u16(h, layout::skf::kTotal);
    // Fragment numbers start at 1 and never exceed the total (RFC 7383 2.5).
    if (f.fragment_number == 0 || f.fragment_number > f.total_fragments)
        issues.push_back({Problem::BadEncoding, h.span()});
    f.encrypted = r.rest().span();
    return f;
}

}  // namespace ikev2::payloads
