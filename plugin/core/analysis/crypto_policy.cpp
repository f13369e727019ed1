#include "crypto_policy.hpp"

#include "../iana.hpp"

namespace ikev2::analysis {

namespace {

using namespace iana::protocol;        // kIke, kAh, kEsp
using namespace iana::transform_type;  // kEncr, kPrf, kInteg, kKe

struct Rule {
    uint8_t type;
    uint16_t id;
    Verdict verdict;
    const char* section;
    const char* reason;
};

// RFC 8247 (IKEv2). Sections: 3.1 ENCR, 3.2 PRF, 3.3 INTEG, 3.4 key exchange.
const Rule kIkeRules[] = {
    {kEncr, 1, Verdict::MustNot, "RFC 8247 3.1", "DES, 56-bit key"},
    {kEncr, 2, Verdict::MustNot, "RFC 8247 3.1", "DES, 56-bit key"},
    {kEncr, 3, Verdict::Weak, "RFC 8247 3.1", "MAY, but 3DES has a 64-bit block and is expected to be deprecated"},
    {kEncr, 4, Verdict::MustNot, "RFC 8247 3.1", "RC5"},
    {kEncr, 5, Verdict::MustNot, "RFC 8247 3.1", "IDEA"},
    {kEncr, 6, Verdict::MustNot, "RFC 8247 3.1", "CAST"},
    {kEncr, 7, Verdict::MustNot, "RFC 8247 3.1", "Blowfish"},
    {kEncr, 8, Verdict::MustNot, "RFC 8247 3.1", "3IDEA"},
    {kEncr, 9, Verdict::MustNot, "RFC 8247 3.1", "DES, 56-bit key"},
    // RFC 7296 3.3.2 lists ENCR_NULL as "not allowed" in IKE: the IKE SA would be clear.
    {kEncr, 11, Verdict::MustNot, "RFC 7296 3.3.2", "no encryption of the IKE SA"},
    {kPrf, 1, Verdict::MustNot, "RFC 8247 3.2", "MD5"},
    {kPrf, 3, Verdict::MustNot, "RFC 8247 3.2", "Tiger"},
    {kInteg, 1, Verdict::MustNot, "RFC 8247 3.3", "MD5"},
    {kInteg, 3, Verdict::MustNot, "RFC 8247 3.3", "DES-MAC"},
    {kInteg, 4, Verdict::MustNot, "RFC 8247 3.3", "KPDK-MD5"},
    {kKe, 1, Verdict::MustNot, "RFC 8247 3.4", "768-bit MODP"},
    {kKe, 2, Verdict::ShouldNot, "RFC 8247 3.4", "1024-bit MODP"},
    {kKe, 5, Verdict::ShouldNot, "RFC 8247 3.4", "1536-bit MODP"},
    {kKe, 22, Verdict::ShouldNot, "RFC 8247 3.4", "1024-bit MODP with 160-bit subgroup"},
    {kKe, 23, Verdict::ShouldNot, "RFC 8247 3.4", "MODP with small subgroup"},
    {kKe, 24, Verdict::ShouldNot, "RFC 8247 3.4", "MODP with small subgroup"},
};

// RFC 8221 (ESP and AH). Sections: 5 ENCR, 6 INTEG; key exchange in CREATE_CHILD_SA
// follows RFC 8247 (PFS uses the IKE groups).
const Rule kEspRules[] = {
    {kEncr, 1, Verdict::MustNot, "RFC 8221 5", "DES, 56-bit key"},
    {kEncr, 2, Verdict::MustNot, "RFC 8221 5", "DES, 56-bit key"},
    {kEncr, 3, Verdict::ShouldNot, "RFC 8221 5", "3DES, 64-bit block"},
    {kEncr, 7, Verdict::MustNot, "RFC 8221 5", "Blowfish"},
    {kEncr, 8, Verdict::MustNot, "RFC 8221 5", "3IDEA"},
    {kEncr, 9, Verdict::MustNot, "RFC 8221 5", "DES, 56-bit key"},
    {kInteg, 1, Verdict::MustNot, "RFC 8221 6", "MD5"},
    {kInteg, 3, Verdict::MustNot, "RFC 8221 6", "DES-MAC"},
    {kInteg, 4, Verdict::MustNot, "RFC 8221 6", "KPDK-MD5"},
    {kKe, 1, Verdict::MustNot, "RFC 8247 3.4", "768-bit MODP"},
    {kKe, 2, Verdict::ShouldNot, "RFC 8247 3.4", "1024-bit MODP"},
    {kKe, 5, Verdict::ShouldNot, "RFC 8247 3.4", "1536-bit MODP"},
    {kKe, 22, Verdict::ShouldNot, "RFC 8247 3.4", "1024-bit MODP with 160-bit subgroup"},
    {kKe, 23, Verdict::ShouldNot, "RFC 8247 3.4", "MODP with small subgroup"},
    {kKe, 24, Verdict::ShouldNot, "RFC 8247 3.4", "MODP with small subgroup"},
};

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
    case Verdict::Weak: return "MAY (weak)";
    }
    return "";
}

bool grade_transform(uint8_t protocol, const Transform& t, WeakTransform& out) {
    const Rule* begin = nullptr;
    size_t n = 0;
    if (protocol == kIke) {
        begin = kIkeRules;
        n = sizeof kIkeRules / sizeof kIkeRules[0];
    } else if (protocol == kEsp || protocol == kAh) {
        begin = kEspRules;
        n = sizeof kEspRules / sizeof kEspRules[0];
    } else {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        const Rule& r = begin[i];
        if (r.type != t.type || r.id != t.id) continue;
        out = WeakTransform{};
        out.protocol = protocol;
        out.type = t.type;
        out.id = t.id;
        out.key_bits = t.key_length;
        out.verdict = r.verdict;
        out.rfc = r.section;
        out.reason = r.reason;
        return true;
    }
    return false;
}

std::vector<WeakTransform> weak_transforms(const SaBody& sa, bool selected) {
    std::vector<WeakTransform> out;
    for (const Proposal& p : sa.proposals) {
        for (const Transform& t : p.transforms) {
            WeakTransform w;
            if (!grade_transform(p.protocol, t, w)) continue;
            w.selected = selected;
            bool dup = false;  // the same transform offered in several proposals: once
            for (const WeakTransform& o : out) dup |= o.protocol == w.protocol && o.type == w.type && o.id == w.id;
            if (!dup && out.size() < 64) out.push_back(w);
        }
    }
    return out;
}

std::string weak_text(const WeakTransform& w) {
    const iana::Entry* table = iana::transform_id_table(w.type);
    std::string s = table ? iana::name_or(table, w.id, "Unknown") : std::to_string(w.id);
    s += " in ";
    s += iana::name_or(iana::kProtocolIds, w.protocol, "?");
    s += w.selected ? " proposal (selected): " : " proposal (offered): ";
    s += verdict_text(w.verdict);
    s += " (";
    s += w.rfc;
    s += ": ";
    s += w.reason;
    s += ")";
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
