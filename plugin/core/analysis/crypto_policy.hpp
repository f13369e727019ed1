// How the RFCs grade what a peer offers or selects:
//   IKE SAs:   RFC 8247 (Algorithm Implementation Requirements and Usage Guidance for IKEv2)
//   ESP / AH:  RFC 8221 (the same for ESP and AH)
//   both:      RFC 9395, which deprecates the algorithms the two leave unmentioned
//              (and so at MAY, RFC 8247 1.3 / RFC 8221 1.2) but no longer advise.
// One table (crypto_policy.cpp) holds every grade with the RFC and section it comes from;
// docs/crypto-grades.md shows the same table (grades_markdown(), checked by a unit test).
// Only the grades worth a finding are listed: MUST NOT, SHOULD NOT, DEPRECATED, and the
// one downgrade to MAY (3DES in IKE). Anything not listed is not reported.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "../message.hpp"

namespace ikev2::analysis {

// The requirement level, as the RFC words it. The glue gives each its own expert info:
// MUST NOT warns, SHOULD NOT and DEPRECATED note, MAY chats.
enum class Verdict : uint8_t {
    MustNot,     // "MUST NOT"
    ShouldNot,   // "SHOULD NOT"
    Deprecated,  // RFC 9395: "deprecated", no longer advised (no BCP 14 keyword)
    May,         // "MAY", after a downgrade the RFC explains
};
constexpr size_t kVerdictCount = 4;

const char* verdict_text(Verdict v);  // "MUST NOT", "SHOULD NOT", "DEPRECATED", "MAY"

// Which SAs a grade is for.
enum class Scope : uint8_t {
    Ike,    // IKE SA proposals (protocol 1), AUTH, SIGNATURE_HASH_ALGORITHMS: RFC 8247
    Child,  // ESP and AH proposals (protocols 3 and 2): RFC 8221
    All,    // both: the key exchange methods of RFC 8247 2.4, for IKE SAs and PFS alike
};

// What a grade is about.
enum class Subject : uint8_t {
    Transform,      // a transform: `type` and `id`
    NoIntegrity,    // a cipher that is not AEAD, with no integrity transform in the proposal
    IntegNone,      // a cipher that is not AEAD, with the integrity transform NONE (id 0)
    AuthMethod,     // the AUTH payload's method `id`
    SignatureHash,  // hash `id` announced in SIGNATURE_HASH_ALGORITHMS (RFC 7427)
    RsaKeyBits,     // the RSA key of the first CERT payload (X.509) is shorter than `id` bits
};

struct Grade {
    Scope scope;
    Subject subject;
    uint8_t type;        // transform type (Subject::Transform), else 0
    uint16_t id;         // transform ID, authentication method or hash; 0 when unused
    Verdict verdict;
    const char* rfc;     // "RFC 8247 2.1": RFC and section
    const char* reason;  // short why, after the RFC's own words
};

// The whole table, in the order docs/crypto-grades.md shows it.
const Grade* grades(size_t& count);

struct WeakTransform {
    uint8_t protocol = 0;     // 1 IKE, 2 AH, 3 ESP (the proposal's Protocol ID); 1 for AUTH / notify
    Subject subject = Subject::Transform;
    uint8_t type = 0;         // transform type (Subject::Transform)
    uint16_t id = 0;          // transform ID, authentication method or hash
    uint16_t cipher = 0;      // NoIntegrity / IntegNone: the ENCR transform ID
    uint16_t key_bits = 0;    // NoIntegrity / IntegNone: the cipher's; RsaKeyBits: the key's
    Verdict verdict = Verdict::May;
    const char* rfc = "";     // "RFC 8247 2.1" ...
    const char* reason = "";  // short why
    bool selected = false;    // in a response (the peer chose it), else only offered
};

// Grade one transform of a proposal of `protocol`; false when the RFCs have nothing
// against it.
bool grade_transform(uint8_t protocol, const Transform& t, WeakTransform& out);

// Every grade of an SA payload (offered in a request, chosen in a response): each
// transform, and each cipher that is not AEAD but goes without integrity (RFC 8221 4 and
// 6, RFC 8247 2.1).
std::vector<WeakTransform> weak_transforms(const SaBody& sa, bool selected);

// The AUTH payload's method (RFC 8247 3.1); false when it is not graded.
bool grade_auth_method(uint8_t method, WeakTransform& out);

// The RSA key of a peer's certificate (the first X.509 CERT payload of a message holds the
// key its AUTH is checked with, RFC 7296 3.6), of `bits` bits (RFC 8247 3.1.1); false
// when it is long enough.
bool grade_rsa_key(uint32_t bits, WeakTransform& out);

// The hashes a SIGNATURE_HASH_ALGORITHMS notify announces that RFC 8247 3.2 grades;
// empty for other notifies.
std::vector<WeakTransform> weak_signature_hashes(const NotifyBody& n);

// One line: "ENCR_DES in IKE proposal (selected): MUST NOT (RFC 8247 2.1: 56-bit key)"
std::string weak_text(const WeakTransform& w);

// docs/crypto-grades.md's table, from grades(): header, separator and one row per grade.
std::string grades_markdown();

// "AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048" for one proposal, in the
// style of strongSwan's logs; protocol prefix "IKE:" / "ESP:" when `with_protocol`.
std::string proposal_text(const Proposal& p, bool with_protocol);

}  // namespace ikev2::analysis
