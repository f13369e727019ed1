// Authentication payload (RFC 7296 section 3.8):
//   Auth Method(1) RESERVED(3) Authentication Data
// Method 14, Digital Signature (RFC 7427 section 3):
//   ASN.1 Length(1) AlgorithmIdentifier(ASN.1 Length) Signature Value
#include "../text.hpp"
#include "payloads.hpp"

namespace ikev2::payloads {

namespace {
constexpr uint8_t kDigitalSignature = 14;
}

AuthBody parse_auth(ByteView body, Issues& issues) {
    AuthBody a;
    Reader r(body);
    ByteView h;
    if (!r.bytes(layout::auth::kSize, h)) {
        issues.push_back({Problem::PayloadTooShort, body.span()});
        return a;
    }
    a.method = layout::u8(h, layout::auth::kMethod);
    ByteView data = r.rest();
    a.data = data.span();
    if (a.method != kDigitalSignature) return a;

    Reader dr(data);
    uint8_t alg_len = 0;
    ByteView alg;
    if (!dr.u8(alg_len) || !dr.bytes(alg_len, alg)) {
        issues.push_back({Problem::BadSubstructureLength, data.sub(0, 1).span()});
        return a;
    }
    a.algorithm_id = alg.span();
    a.signature = dr.rest().span();
    if (der_algorithm_oid(alg, a.algorithm_oid))
        a.algorithm_name = signature_algorithm_name(a.algorithm_oid);
    else
        issues.push_back({Problem::BadEncoding, alg.span()});
    return a;
}

}  // namespace ikev2::payloads
