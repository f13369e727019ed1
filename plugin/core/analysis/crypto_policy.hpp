// How the RFCs grade the transforms a peer offers or selects:
//   IKE SAs:   RFC 8247 (Algorithm Implementation Requirements and Usage Guidance for IKEv2)
//   ESP / AH:  RFC 8221 (the same for ESP and AH)
// Only the grades that make an algorithm worth a warning are listed: MUST NOT, SHOULD NOT,
// and the few the RFCs keep but call out as weak (3DES in IKE is "MAY", with a 64-bit
// block). Anything not listed is not reported.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "../message.hpp"

namespace ikev2::analysis {

enum class Verdict : uint8_t {
    MustNot,    // "MUST NOT"
    ShouldNot,  // "SHOULD NOT"
    Weak,       // allowed, but the RFC says why it should be avoided
};

const char* verdict_text(Verdict v);  // "MUST NOT", "SHOULD NOT", "MAY (weak)"

struct WeakTransform {
    uint8_t protocol = 0;     // 1 IKE, 2 AH, 3 ESP (the proposal's Protocol ID)
    uint8_t type = 0;         // transform type
    uint16_t id = 0;
    uint16_t key_bits = 0;
    Verdict verdict = Verdict::Weak;
    const char* rfc = "";     // "RFC 8247 3.1" ...
    const char* reason = "";  // short why
    bool selected = false;    // in a response (the peer chose it), else only offered
};

// Grade one transform of a proposal of `protocol`; false when the RFCs have nothing
// against it.
bool grade_transform(uint8_t protocol, const Transform& t, WeakTransform& out);

// Every graded transform of an SA payload (offered in a request, chosen in a response).
std::vector<WeakTransform> weak_transforms(const SaBody& sa, bool selected);

// One line: "ENCR_DES in IKE proposal: MUST NOT (RFC 8247 3.1: 56-bit key), selected"
std::string weak_text(const WeakTransform& w);

// "AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048" for one proposal, in the
// style of strongSwan's logs; protocol prefix "IKE:" / "ESP:" when `with_protocol`.
std::string proposal_text(const Proposal& p, bool with_protocol);

}  // namespace ikev2::analysis
