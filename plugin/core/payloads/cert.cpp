// CERT and CERTREQ payloads (RFC 7296 sections 3.6 and 3.7):
//   Cert Encoding(1) Certificate Data / Certification Authority
#include "payloads.hpp"

#include "../iana.hpp"

namespace ikev2::payloads {

namespace {
using iana::cert_encoding::kHashUrlX509;
using iana::cert_encoding::kHashUrlX509Bundle;
using iana::cert_encoding::kX509Signature;
constexpr size_t kSha1Size = 20;
}  // namespace

CertBody parse_cert(ByteView body, Issues& issues, bool certreq) {
    CertBody c;
    Reader r(body);
    if (!r.u8(c.encoding)) {
        issues.push_back({Problem::PayloadTooShort, body.span()});
        return c;
    }
    ByteView data = r.rest();
    c.data = data.span();
    if (!certreq && (c.encoding == kHashUrlX509 || c.encoding == kHashUrlX509Bundle)) {
        if (data.size < kSha1Size) {
            issues.push_back({Problem::PayloadTooShort, data.span()});
        } else {
            c.hash = data.sub(0, kSha1Size).span();
            c.url = data.from(kSha1Size).span();
        }
    }
    // RFC 7296 3.7: for X.509 encodings the CA field is a list of SHA-1 hashes of the
    // trusted CAs' public keys.
    if (certreq && (c.encoding == kX509Signature || c.encoding == kHashUrlX509 ||
                    c.encoding == kHashUrlX509Bundle)) {
        if (data.size % kSha1Size != 0) {
            issues.push_back({Problem::BadSubstructureLength, data.span()});
        }
        for (size_t off = 0; off + kSha1Size <= data.size; off += kSha1Size) {
            if (c.ca_hashes.size() >= kMaxItemsPerPayload) {
                issues.push_back({Problem::TooManyItems, data.span()});
                break;
            }
            c.ca_hashes.push_back(data.sub(off, kSha1Size).span());
        }
    }
    return c;
}

}  // namespace ikev2::payloads
