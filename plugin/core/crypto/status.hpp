// Outcome of a crypto operation of the core (SK/SKF decryption, MACs, PRFs). Nothing in
// crypto/ throws or aborts: every failure is one of these values, and the glue turns it
// into an expert info in PI_DECRYPTION.
#pragma once

#include <cstdint>

namespace ikev2::crypto {

enum class Status : uint8_t {
    Ok,
    IcvMismatch,           // integrity checksum (HMAC / XCBC / CMAC) does not match
    AeadTagMismatch,       // GCM / CCM / Poly1305 authentication tag does not match
    BadLength,             // too short for IV + ICV, or ciphertext not a multiple of the block
    BadPadding,            // Pad Length larger than the decrypted data (RFC 7296 3.14)
    UnsupportedAlgorithm,  // transform ID not handled, or not defined for the SK payload
    BadKeyLength,          // key length attribute or key bytes of the wrong size
    CryptoError,           // libgcrypt refused (should not happen with valid inputs)
};

// A short English sentence, used in expert infos and test failure messages.
const char* status_text(Status s);

}  // namespace ikev2::crypto
