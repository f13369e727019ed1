// Typed parse problems. The core never throws: a malformed field becomes a Problem with
// the span at fault, the glue turns each into an expert info on that span, and parsing
// goes on with whatever can still be shown.
#pragma once

#include <cstdint>
#include <vector>

#include "bytes.hpp"

namespace ikev2 {

enum class Problem : uint8_t {
    HeaderTruncated,         // fewer than 28 octets for the IKE header
    BadMajorVersion,         // major version is not 2
    UnexpectedMinorVersion,  // minor version is not 0 (RFC 7296 section 3.1: ignore, but note)
    ReservedFlagsSet,        // header flag bits other than I, V, R
    LengthMismatch,          // header length differs from the bytes carried
    PayloadHeaderTruncated,  // fewer than 4 octets left for a generic payload header
    PayloadLengthTooShort,   // payload length below the payload's fixed part
    PayloadLengthBeyondData, // payload length runs past the message
    TrailingData,            // bytes after the last payload (or after a substructure list)
    PayloadTooShort,         // body shorter than the payload's fixed fields
    ExtraBytesInPayload,     // body longer than its fields account for
    UnknownCriticalPayload,  // unknown payload with the critical bit set (RFC 7296 3.2)
    UnknownPayload,          // unknown payload type, skipped by its length
    BadSubstructureLength,   // proposal / transform / attribute / selector length invalid
    SubstructureCountMismatch, // declared number of transforms / SPIs / selectors differs
    BadLastSubstructure,     // "last substructure" field wrong for its position
    BadProposalNumber,       // proposals not numbered 1, 2, ... (RFC 7296 3.3.1)
    BadAddressLength,        // address field size does not match its type
    BadSelectorRange,        // start above end in a traffic selector
    BadEncoding,             // DER or string content could not be decoded
    TooManyItems,            // a list exceeded the parser's bound (resource limit)
    NextPayloadMissing,      // a Next Payload field names a payload, but the data ends there
};

struct Issue {
    Problem code;
    Span where;
    uint32_t value = 0;      // the number the problem is about (NextPayloadMissing: the type)
};

using Issues = std::vector<Issue>;

// A short English sentence for each problem, used in expert infos and tests.
const char* problem_text(Problem p);

}  // namespace ikev2
