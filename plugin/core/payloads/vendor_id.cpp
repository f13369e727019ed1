// Vendor ID payload (RFC 7296 section 3.12): opaque data, named when known.
#include "../vendor_ids.hpp"
#include "payloads.hpp"

namespace ikev2::payloads {

VendorIdBody parse_vendor_id(ByteView body) {
    VendorIdBody v;
    v.data = body.span();
    v.vendor = vendor_id_name(body.data, body.size);
    return v;
}

}  // namespace ikev2::payloads
