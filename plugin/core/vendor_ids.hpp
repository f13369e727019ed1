// Known Vendor ID payload contents. Not an IANA registry: vendors publish (or leak) the
// hashes they send; each entry says where its bytes come from.
#pragma once

#include <cstddef>
#include <cstdint>

namespace ikev2 {

struct KnownVendorId {
    const uint8_t* bytes;
    size_t length;
    // true: the payload only has to start with `bytes` (vendors that append a version).
    bool prefix;
    const char* name;
};

// Name of a Vendor ID payload's data, or nullptr when unknown.
const char* vendor_id_name(const uint8_t* data, size_t length);

// The whole table, for documentation and tests.
const KnownVendorId* known_vendor_ids(size_t* count);

}  // namespace ikev2
