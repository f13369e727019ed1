#include "crypto_policy.hpp"

#include <cstring>
#include <initializer_list>

#include "../crypto/algorithms.hpp"
#include "../iana.hpp"

namespace ikev2::analysis {

namespace {

using namespace iana::protocol;        // kIke, kAh, kEsp
using namespace iana::transform_type;  // kEncr, kPrf, kInteg, kKe

// The grades, one row each, with the RFC and section that gives them. Reasons follow the
// RFC's own words. Read against the texts of RFC 8247 (sections 2.1-2.4, 3.1, 3.2),
// RFC 8221 (sections 4-6) and RFC 9395 (sections 5 and 7); the unit test
// test_crypto_policy.cpp restates each row from those texts.
//
// RFC 8247 1.3 and RFC 8221 1.2: an algorithm of the registry the RFC does not mention
// MAY be implemented. RFC 9395 5 then deprecates the unmentioned IKEv1-era ones, which
// is why those rows cite RFC 9395. Where RFC 8247 or RFC 8221 already says MUST NOT
// (ENCR_DES, ENCR_DES_IV64 in ESP, ...), that keyword is the grade.
// clang-format off
const Grade kGrades[] = {
    // IKE SAs: RFC 8247 2.1 (ENCR)
    {Scope::Ike,   Subject::Transform,     kEncr,  1, Verdict::Deprecated, "RFC 9395 5",   "unspecified; not in RFC 8247 (MAY), deprecated with IKEv1"},
    {Scope::Ike,   Subject::Transform,     kEncr,  2, Verdict::MustNot,    "RFC 8247 2.1", "brute-forced with off-the-shelf hardware"},
    {Scope::Ike,   Subject::Transform,     kEncr,  3, Verdict::May,        "RFC 8247 2.1", "downgraded from MUST-; much slower than AES-CBC, which every implementation has"},
    {Scope::Ike,   Subject::Transform,     kEncr,  4, Verdict::Deprecated, "RFC 9395 5",   "not in RFC 8247 (MAY), deprecated with IKEv1"},
    {Scope::Ike,   Subject::Transform,     kEncr,  5, Verdict::Deprecated, "RFC 9395 5",   "not in RFC 8247 (MAY), deprecated with IKEv1"},
    {Scope::Ike,   Subject::Transform,     kEncr,  6, Verdict::Deprecated, "RFC 9395 5",   "not in RFC 8247 (MAY), deprecated with IKEv1"},
    {Scope::Ike,   Subject::Transform,     kEncr,  7, Verdict::Deprecated, "RFC 9395 5",   "not in RFC 8247 (MAY), deprecated with IKEv1"},
    {Scope::Ike,   Subject::Transform,     kEncr,  8, Verdict::Deprecated, "RFC 9395 5",   "unspecified; not in RFC 8247 (MAY), deprecated with IKEv1"},
    {Scope::Ike,   Subject::Transform,     kEncr,  9, Verdict::Deprecated, "RFC 9395 5",   "unspecified; not in RFC 8247 (MAY), deprecated with IKEv1"},
    {Scope::Ike,   Subject::Transform,     kEncr, 11, Verdict::MustNot,    "RFC 8247 2.1", "the IKE SA would not be encrypted (RFC 7296 5)"},
    {Scope::Ike,   Subject::NoIntegrity,   0,      0, Verdict::MustNot,    "RFC 8247 2.1", "a cipher that is not AEAD MUST be used with an integrity algorithm"},
    {Scope::Ike,   Subject::IntegNone,     0,      0, Verdict::MustNot,    "RFC 8247 2.1", "a cipher that is not AEAD MUST be used with an integrity algorithm"},
    // IKE SAs: RFC 8247 2.2 (PRF)
    {Scope::Ike,   Subject::Transform,     kPrf,   1, Verdict::MustNot,    "RFC 8247 2.2", "MD5, open to collision attacks"},
    {Scope::Ike,   Subject::Transform,     kPrf,   3, Verdict::Deprecated, "RFC 9395 5",   "unspecified; not in RFC 8247 (MAY), deprecated with IKEv1"},
    // IKE SAs: RFC 8247 2.3 (INTEG)
    {Scope::Ike,   Subject::Transform,     kInteg, 1, Verdict::MustNot,    "RFC 8247 2.3", "MD5"},
    {Scope::Ike,   Subject::Transform,     kInteg, 3, Verdict::MustNot,    "RFC 8247 2.3", "DES"},
    {Scope::Ike,   Subject::Transform,     kInteg, 4, Verdict::MustNot,    "RFC 8247 2.3", "MD5"},
    {Scope::Ike,   Subject::Transform,     kInteg, 6, Verdict::Deprecated, "RFC 9395 5",   "HMAC-MD5-128: not in RFC 8247 (MAY), deprecated with IKEv1"},
    {Scope::Ike,   Subject::Transform,     kInteg, 7, Verdict::Deprecated, "RFC 9395 7",   "marked DEPRECATED in the IANA registry; not in RFC 8247 (MAY)"},
    // IKE SAs: RFC 8247 3.1 (authentication method), 3.2 (signature hashes)
    {Scope::Ike,   Subject::AuthMethod,    0,      3, Verdict::ShouldNot,  "RFC 8247 3.1", "bound to SHA-1, as strong as 1024-bit RSA"},
    {Scope::Ike,   Subject::SignatureHash, 0,      1, Verdict::MustNot,    "RFC 8247 3.2", "SHA-1 for digital signatures"},
    {Scope::Ike,   Subject::RsaKeyBits,    0,   2048, Verdict::ShouldNot,  "RFC 8247 3.1.1", "RSA keys shorter than 2048 bits"},
    // Key exchange, for IKE SAs and CHILD_SAs (PFS): RFC 8247 2.4
    {Scope::All,   Subject::Transform,     kKe,    1, Verdict::MustNot,    "RFC 8247 2.4", "768-bit MODP, broken within hours"},
    {Scope::All,   Subject::Transform,     kKe,    2, Verdict::ShouldNot,  "RFC 8247 2.4", "1024-bit MODP, security margin too narrow"},
    {Scope::All,   Subject::Transform,     kKe,    5, Verdict::ShouldNot,  "RFC 8247 2.4", "1536-bit MODP, security margin too narrow"},
    {Scope::All,   Subject::Transform,     kKe,   22, Verdict::MustNot,    "RFC 8247 2.4", "1024-bit MODP with 160-bit subgroup, too weak"},
    {Scope::All,   Subject::Transform,     kKe,   23, Verdict::ShouldNot,  "RFC 8247 2.4", "small subgroup, seeds never published"},
    {Scope::All,   Subject::Transform,     kKe,   24, Verdict::ShouldNot,  "RFC 8247 2.4", "small subgroup, seeds never published"},
    // ESP and AH: RFC 8221 5 (ENCR)
    {Scope::Child, Subject::Transform,     kEncr,  1, Verdict::MustNot,    "RFC 8221 5",   "unspecified"},
    {Scope::Child, Subject::Transform,     kEncr,  2, Verdict::MustNot,    "RFC 8221 5",   "DES, 56-bit key"},
    {Scope::Child, Subject::Transform,     kEncr,  3, Verdict::ShouldNot,  "RFC 8221 5",   "downgraded from MAY; ChaCha20-Poly1305 is to replace it"},
    {Scope::Child, Subject::Transform,     kEncr,  4, Verdict::Deprecated, "RFC 9395 5",   "not in RFC 8221 (MAY), deprecated with IKEv1"},
    {Scope::Child, Subject::Transform,     kEncr,  5, Verdict::Deprecated, "RFC 9395 5",   "not in RFC 8221 (MAY), deprecated with IKEv1"},
    {Scope::Child, Subject::Transform,     kEncr,  6, Verdict::Deprecated, "RFC 9395 5",   "not in RFC 8221 (MAY), deprecated with IKEv1"},
    {Scope::Child, Subject::Transform,     kEncr,  7, Verdict::MustNot,    "RFC 8221 5",   "deprecated for years by Twofish"},
    {Scope::Child, Subject::Transform,     kEncr,  8, Verdict::MustNot,    "RFC 8221 5",   "unspecified"},
    {Scope::Child, Subject::Transform,     kEncr,  9, Verdict::MustNot,    "RFC 8221 5",   "unspecified"},
    // ESP and AH: RFC 8221 4 and 6 (encryption must be authenticated)
    {Scope::Child, Subject::NoIntegrity,   0,      0, Verdict::MustNot,    "RFC 8221 4",   "encryption without authentication"},
    {Scope::Child, Subject::IntegNone,     0,      0, Verdict::MustNot,    "RFC 8221 6",   "AUTH_NONE only with an AEAD cipher"},
    // ESP and AH: RFC 8221 6 (INTEG)
    {Scope::Child, Subject::Transform,     kInteg, 1, Verdict::MustNot,    "RFC 8221 6",   "MD5, open to collisions"},
    {Scope::Child, Subject::Transform,     kInteg, 3, Verdict::MustNot,    "RFC 8221 6",   "DES"},
    {Scope::Child, Subject::Transform,     kInteg, 4, Verdict::MustNot,    "RFC 8221 6",   "MD5, open to collisions"},
    {Scope::Child, Subject::Transform,     kInteg, 6, Verdict::Deprecated, "RFC 9395 5",   "HMAC-MD5-128: not in RFC 8221 (MAY), deprecated with IKEv1"},
    {Scope::Child, Subject::Transform,     kInteg, 7, Verdict::Deprecated, "RFC 9395 7",   "marked DEPRECATED in the IANA registry; not in RFC 8221 (MAY)"},
};
// clang-format on
const size_t kGradeCount = sizeof kGrades / sizeof kGrades[0];

bool scope_of(uint8_t protocol, Scope& scope) {
    if (protocol == kIke) scope = Scope::Ike;
    else if (protocol == kEsp || protocol == kAh) scope = Scope::Child;
    else return false;
    return true;
}

const Grade* find_grade(Scope scope, Subject subject, uint8_t type, uint16_t id) {
    for (const Grade& g : kGrades)
        if ((g.scope == scope || g.scope == Scope::All) && g.subject == subject && g.type == type && g.id == id)
            return &g;
    return nullptr;
}

WeakTransform make(uint8_t protocol, const Grade& g) {
    WeakTransform w;
    w.protocol = protocol;
    w.subject = g.subject;
    w.type = g.type;
    w.id = g.id;
    w.verdict = g.verdict;
    w.rfc = g.rfc;
    w.reason = g.reason;
    return w;
}

// 1 when the ENCR transform is an AEAD cipher, 0 when it is not, -1 when the crypto
// table does not know it (then nothing is said about its integrity).
int aead(uint16_t id, uint16_t key_bits) {
    const crypto::EncrAlgorithm* a = crypto::find_encr(id, key_bits);
    for (uint16_t bits : {0, 128, 192, 256})
        if (!a) a = crypto::find_encr(id, bits);
    return a ? a->aead : -1;
}

const char* short_name(uint8_t type, uint16_t id) {
    // strongSwan-style short names for the transforms seen most; IANA names otherwise.
    switch (type) {
    case kEncr:
        switch (id) {
        case 2: return "DES";
        case 3: return "3DES";
        case 11: return "NULL";
        case 12: return "AES_CBC";
        case 13: return "AES_CTR";
        case 14: return "AES_CCM_8";
        case 15: return "AES_CCM_12";
        case 16: return "AES_CCM_16";
        case 18: return "AES_GCM_8";
        case 19: return "AES_GCM_12";
        case 20: return "AES_GCM_16";
        case 21: return "NULL_AES_GMAC";
        case 23: return "CAMELLIA_CBC";
        case 24: return "CAMELLIA_CTR";
        case 28: return "CHACHA20_POLY1305";
        default: break;
        }
        break;
    case kInteg:
        switch (id) {
        case 1: return "HMAC_MD5_96";
        case 2: return "HMAC_SHA1_96";
        case 5: return "AES_XCBC_96";
        case 8: return "AES_CMAC_96";
        case 12: return "HMAC_SHA2_256_128";
        case 13: return "HMAC_SHA2_384_192";
        case 14: return "HMAC_SHA2_512_256";
        default: break;
        }
        break;
    case kKe:
        switch (id) {
        case 1: return "MODP_768";
        case 2: return "MODP_1024";
        case 5: return "MODP_1536";
        case 14: return "MODP_2048";
        case 15: return "MODP_3072";
        case 16: return "MODP_4096";
        case 17: return "MODP_6144";
        case 18: return "MODP_8192";
        case 19: return "ECP_256";
        case 20: return "ECP_384";
        case 21: return "ECP_521";
        case 22: return "MODP_1024_160";
        case 23: return "MODP_2048_224";
        case 24: return "MODP_2048_256";
        case 31: return "CURVE_25519";
        case 32: return "CURVE_448";
        default: break;
        }
        break;
    case 5: return id == 0 ? "NO_EXT_SEQ" : id == 1 ? "EXT_SEQ" : nullptr;
    default: break;
    }
    return nullptr;
}

}  // namespace

const char* verdict_text(Verdict v) {
    switch (v) {
    case Verdict::MustNot: return "MUST NOT";
    case Verdict::ShouldNot: return "SHOULD NOT";
    case Verdict::Deprecated: return "DEPRECATED";
    case Verdict::May: return "MAY";
    }
    return "";
}

const Grade* grades(size_t& count) {
    count = kGradeCount;
    return kGrades;
}

bool grade_transform(uint8_t protocol, const Transform& t, WeakTransform& out) {
    Scope scope;
    if (!scope_of(protocol, scope)) return false;
    const Grade* g = find_grade(scope, Subject::Transform, t.type, t.id);
    if (!g) return false;
    out = make(protocol, *g);
    out.key_bits = t.key_length;
    return true;
}

std::vector<WeakTransform> weak_transforms(const SaBody& sa, bool selected) {
    std::vector<WeakTransform> out;
    auto add = [&](WeakTransform w) {
        w.selected = selected;
        bool dup = false;  // the same grade in several proposals: once
        for (const WeakTransform& o : out)
            dup |= o.protocol == w.protocol && o.subject == w.subject && o.type == w.type && o.id == w.id &&
                   o.cipher == w.cipher;
        if (!dup && out.size() < 64) out.push_back(w);
    };
    for (const Proposal& p : sa.proposals) {
        Scope scope;
        if (!scope_of(p.protocol, scope)) continue;
        bool integ = false, integ_none = false;
        for (const Transform& t : p.transforms) {
            WeakTransform w;
            if (grade_transform(p.protocol, t, w)) add(w);
            if (t.type == kInteg) {
                integ = true;
                integ_none |= t.id == 0;
            }
        }
        // Encryption must be authenticated: a cipher that is not AEAD needs an integrity
        // transform other than NONE (with several to choose from, NONE may be chosen).
        if (integ && !integ_none) continue;
        const Grade* g = find_grade(scope, integ ? Subject::IntegNone : Subject::NoIntegrity, 0, 0);
        if (!g) continue;
        for (const Transform& t : p.transforms) {
            if (t.type != kEncr || aead(t.id, t.key_length) != 0) continue;
            WeakTransform w = make(p.protocol, *g);
            w.cipher = t.id;
            w.key_bits = t.key_length;
            add(w);
        }
    }
    return out;
}

bool grade_auth_method(uint8_t method, WeakTransform& out) {
    const Grade* g = find_grade(Scope::Ike, Subject::AuthMethod, 0, method);
    if (!g) return false;
    out = make(kIke, *g);
    out.selected = true;
    return true;
}

std::vector<WeakTransform> weak_signature_hashes(const NotifyBody& n) {
    std::vector<WeakTransform> out;
    if (n.type != iana::notify::kSignatureHashAlgorithms || n.decoded.kind != NotifyData::Kind::HashList) return out;
    for (uint16_t hash : n.decoded.list) {
        const Grade* g = find_grade(Scope::Ike, Subject::SignatureHash, 0, hash);
        bool dup = false;
        for (const WeakTransform& o : out) dup |= o.id == hash;
        if (g && !dup) out.push_back(make(kIke, *g));
    }
    return out;
}

bool grade_rsa_key(uint32_t bits, WeakTransform& out) {
    for (const Grade& g : kGrades) {
        if (g.subject != Subject::RsaKeyBits || bits >= g.id) continue;
        out = make(kIke, g);
        out.key_bits = static_cast<uint16_t>(bits > 0xffff ? 0xffff : bits);
        out.selected = true;
        return true;
    }
    return false;
}

namespace {

const char* encr_name(uint16_t id) { return iana::name_or(iana::kEncrIds, id, "Unknown"); }

}  // namespace

std::string weak_text(const WeakTransform& w) {
    std::string s;
    const char* proposal = w.selected ? " proposal (selected): " : " proposal (offered): ";
    const char* protocol = iana::name_or(iana::kProtocolIds, w.protocol, "?");
    switch (w.subject) {
    case Subject::Transform: {
        const iana::Entry* table = iana::transform_id_table(w.type);
        s = table ? iana::name_or(table, w.id, "Unknown") : std::to_string(w.id);
        s = s + " in " + protocol + proposal;
        break;
    }
    case Subject::NoIntegrity:
        s = std::string(encr_name(w.cipher)) + " without integrity in " + protocol + proposal;
        break;
    case Subject::IntegNone:
        s = std::string(encr_name(w.cipher)) + " with integrity NONE in " + protocol + proposal;
        break;
    case Subject::AuthMethod:
        s = std::string("AUTH method ") + iana::name_or(iana::kAuthMethods, w.id, "Unknown") + ": ";
        break;
    case Subject::SignatureHash:
        s = std::string("SIGNATURE_HASH_ALGORITHMS announces ") + iana::name_or(iana::kHashAlgorithms, w.id, "Unknown") +
            ": ";
        break;
    case Subject::RsaKeyBits:
        s = "CERT with a " + std::to_string(w.key_bits) + "-bit RSA key: ";
        break;
    }
    s += verdict_text(w.verdict);
    s += " (";
    s += w.rfc;
    s += ": ";
    s += w.reason;
    s += ")";
    return s;
}

std::string grades_markdown() {
    std::string s =
        "| Where | What | ID | Name | Verdict | RFC | Why |\n"
        "|---|---|---|---|---|---|---|\n";
    for (const Grade& g : kGrades) {
        const char* where = g.scope == Scope::Ike ? "IKE" : g.scope == Scope::Child ? "ESP, AH" : "IKE, ESP, AH";
        std::string what, id = std::to_string(g.id), name;
        switch (g.subject) {
        case Subject::Transform: {
            const char* type = iana::name_or(iana::kTransformTypes, g.type, "?");
            const char* paren = std::strchr(type, '(');  // "Encryption Algorithm (ENCR)" -> "ENCR"
            what = paren ? std::string(paren + 1, std::strlen(paren + 1) - 1) : type;
            name = iana::name_or(iana::transform_id_table(g.type), g.id, "?");
            break;
        }
        case Subject::NoIntegrity:
            what = "ENCR, no INTEG";
            id = "any";
            name = "a cipher that is not AEAD, no integrity transform";
            break;
        case Subject::IntegNone:
            what = "ENCR, INTEG";
            name = "a cipher that is not AEAD, integrity NONE";
            break;
        case Subject::AuthMethod:
            what = "AUTH method";
            name = iana::name_or(iana::kAuthMethods, g.id, "?");
            break;
        case Subject::SignatureHash:
            what = "SIGNATURE_HASH_ALGORITHMS";
            name = iana::name_or(iana::kHashAlgorithms, g.id, "?");
            break;
        case Subject::RsaKeyBits:
            what = "CERT (X.509) RSA key";
            id = "< " + std::to_string(g.id) + " bits";
            name = "the key AUTH is checked with";
            break;
        }
        s += "| " + std::string(where) + " | " + what + " | " + id + " | " + name + " | " + verdict_text(g.verdict) +
             " | " + g.rfc + " | " + g.reason + " |\n";
    }
    return s;
}

std::string proposal_text(const Proposal& p, bool with_protocol) {
    std::string s;
    if (with_protocol) {
        s = iana::name_or(iana::kProtocolIds, p.protocol, "?");
        s += ":";
    }
    bool first = true;
    // strongSwan's order: ENCR, INTEG, PRF, KE, ESN.
    const uint8_t order[] = {kEncr, kInteg, kPrf, kKe, 5};
    for (uint8_t type : order) {
        for (const Transform& t : p.transforms) {
            if (t.type != type) continue;
            if (type == kInteg && t.id == 0) continue;  // AEAD: "NONE" is implied
            if (!first) s += "/";
            first = false;
            const char* n = short_name(type, t.id);
            if (n) {
                s += n;
            } else {
                const iana::Entry* table = iana::transform_id_table(type);
                s += table ? iana::name_or(table, t.id, "Unknown") : std::to_string(t.id);
            }
            if (type == kEncr && t.key_length) s += "_" + std::to_string(t.key_length);
        }
    }
    return s;
}

}  // namespace ikev2::analysis
