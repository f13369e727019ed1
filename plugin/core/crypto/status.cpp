#include "status.hpp"

namespace ikev2::crypto {

const char* status_text(Status s) {
    switch (s) {
    case Status::Ok: return "Decrypted and verified";
    case Status::IcvMismatch: return "Integrity checksum (ICV) does not match";
    case Status::AeadTagMismatch: return "AEAD authentication tag does not match";
    case Status::BadLength: return "Encrypted data has an invalid length for the algorithm";
    case Status::BadPadding: return "Pad Length exceeds the decrypted data";
    case Status::UnsupportedAlgorithm: return "Algorithm not supported for decryption";
    case Status::BadKeyLength: return "Key has the wrong length for the algorithm";
    case Status::CryptoError: return "libgcrypt reported an error";
    }
    return "Unknown crypto status";
}

}  // namespace ikev2::crypto
