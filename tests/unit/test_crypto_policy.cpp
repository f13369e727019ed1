// The RFC 8247 / RFC 8221 / RFC 9395 grades of core/analysis/crypto_policy.cpp.
//
// kExpected below restates every grade from the RFC texts, not from the table it checks:
// each line carries the words of the RFC it comes from. Every row of the table must be
// reached by at least one line here, so a row added without its RFC reading fails too.
// The last test compares docs/crypto-grades.md with the table.
// <fstream> before cmocka.h, whose fail() macro would rewrite basic_ios::fail().
#include <fstream>
#include <set>
#include <sstream>

#include "analysis/crypto_policy.hpp"
#include "unit_common.hpp"

using namespace ikev2;
using namespace ikev2::analysis;

namespace {

constexpr uint8_t kIke = 1, kAh = 2, kEsp = 3;                    // Protocol IDs (RFC 7296 3.3.1)
constexpr uint8_t kEncr = 1, kPrf = 2, kInteg = 3, kKe = 4;       // transform types (RFC 7296 3.3.2)
constexpr uint16_t kAesCbc = 12, kAesGcm16 = 20, kCamelliaCcm8 = 25, kHmacSha256 = 12;

struct Expect {
    uint8_t protocol;
    Subject subject;
    uint8_t type;
    uint16_t id;
    const char* verdict;
    const char* rfc;
};

// clang-format off
const Expect kExpected[] = {
    // RFC 8247 2.1 table: "ENCR_3DES | MAY", "ENCR_DES | MUST NOT", "ENCR_NULL | MUST NOT".
    {kIke, Subject::Transform, kEncr, 2,  "MUST NOT",   "RFC 8247 2.1"},
    {kIke, Subject::Transform, kEncr, 3,  "MAY",        "RFC 8247 2.1"},
    {kIke, Subject::Transform, kEncr, 11, "MUST NOT",   "RFC 8247 2.1"},
    // RFC 8247 2.1: "Algorithms that are not AEAD MUST be used in conjunction with one of
    // the integrity algorithms in Section 2.3."
    {kIke, Subject::NoIntegrity, 0, 0,    "MUST NOT",   "RFC 8247 2.1"},
    {kIke, Subject::IntegNone,   0, 0,    "MUST NOT",   "RFC 8247 2.1"},
    // RFC 8247 1.3: "any algorithm listed at the IKEv2 IANA registry not mentioned in this
    // document MAY be implemented"; RFC 9395 5: "This document deprecates the following
    // algorithms: Encryption Algorithms: RC5, IDEA, CAST, Blowfish, and the unspecified
    // 3IDEA, ENCR_DES_IV64, and ENCR_DES_IV32; PRF Algorithms: the unspecified
    // PRF_HMAC_TIGER; Integrity Algorithms: HMAC-MD5-128".
    {kIke, Subject::Transform, kEncr, 1,  "DEPRECATED", "RFC 9395 5"},
    {kIke, Subject::Transform, kEncr, 4,  "DEPRECATED", "RFC 9395 5"},
    {kIke, Subject::Transform, kEncr, 5,  "DEPRECATED", "RFC 9395 5"},
    {kIke, Subject::Transform, kEncr, 6,  "DEPRECATED", "RFC 9395 5"},
    {kIke, Subject::Transform, kEncr, 7,  "DEPRECATED", "RFC 9395 5"},
    {kIke, Subject::Transform, kEncr, 8,  "DEPRECATED", "RFC 9395 5"},
    {kIke, Subject::Transform, kEncr, 9,  "DEPRECATED", "RFC 9395 5"},
    {kIke, Subject::Transform, kPrf, 3,   "DEPRECATED", "RFC 9395 5"},
    {kIke, Subject::Transform, kInteg, 6, "DEPRECATED", "RFC 9395 5"},
    // RFC 9395 7, Table 3: "7 | AUTH_HMAC_SHA1_160 | DEPRECATED (RFC 9395)".
    {kIke, Subject::Transform, kInteg, 7, "DEPRECATED", "RFC 9395 7"},
    // RFC 8247 2.2 table: "PRF_HMAC_MD5 | MUST NOT".
    {kIke, Subject::Transform, kPrf, 1,   "MUST NOT",   "RFC 8247 2.2"},
    // RFC 8247 2.3 table: "AUTH_HMAC_MD5_96 | MUST NOT", "AUTH_DES_MAC | MUST NOT",
    // "AUTH_KPDK_MD5 | MUST NOT".
    {kIke, Subject::Transform, kInteg, 1, "MUST NOT",   "RFC 8247 2.3"},
    {kIke, Subject::Transform, kInteg, 3, "MUST NOT",   "RFC 8247 2.3"},
    {kIke, Subject::Transform, kInteg, 4, "MUST NOT",   "RFC 8247 2.3"},
    // RFC 8247 2.4 table: "5 | 1536-bit MODP Group | SHOULD NOT", "2 | 1024-bit MODP Group
    // | SHOULD NOT", "1 | 768-bit MODP Group | MUST NOT", "22 | 1024-bit MODP Group with
    // 160-bit Prime Order Subgroup | MUST NOT", "23 | ... | SHOULD NOT", "24 | ... | SHOULD NOT".
    {kIke, Subject::Transform, kKe, 1,    "MUST NOT",   "RFC 8247 2.4"},
    {kIke, Subject::Transform, kKe, 2,    "SHOULD NOT", "RFC 8247 2.4"},
    {kIke, Subject::Transform, kKe, 5,    "SHOULD NOT", "RFC 8247 2.4"},
    {kIke, Subject::Transform, kKe, 22,   "MUST NOT",   "RFC 8247 2.4"},
    {kIke, Subject::Transform, kKe, 23,   "SHOULD NOT", "RFC 8247 2.4"},
    {kIke, Subject::Transform, kKe, 24,   "SHOULD NOT", "RFC 8247 2.4"},
    // The same groups for PFS in a CHILD_SA proposal (RFC 8221 does not grade groups).
    {kEsp, Subject::Transform, kKe, 1,    "MUST NOT",   "RFC 8247 2.4"},
    {kEsp, Subject::Transform, kKe, 22,   "MUST NOT",   "RFC 8247 2.4"},
    {kAh,  Subject::Transform, kKe, 2,    "SHOULD NOT", "RFC 8247 2.4"},
    // RFC 8247 3.1 table: "3 | DSS Digital Signature | SHOULD NOT".
    {kIke, Subject::AuthMethod, 0, 3,     "SHOULD NOT", "RFC 8247 3.1"},
    // RFC 8247 3.2 table (hash functions for Digital Signature): "1 | SHA1 | MUST NOT".
    {kIke, Subject::SignatureHash, 0, 1,  "MUST NOT",   "RFC 8247 3.2"},
    // RFC 8247 3.1.1 (RSA key length): keys under 2048 bits graded SHOULD NOT, as the
    // grade table had it; the RFC's own words were not at hand when this row was added.
    {kIke, Subject::RsaKeyBits, 0, 2048,  "SHOULD NOT", "RFC 8247 3.1.1"},
    // RFC 8221 5 table: "ENCR_DES_IV64 | MUST NOT", "ENCR_DES | MUST NOT", "ENCR_3DES |
    // SHOULD NOT", "ENCR_BLOWFISH | MUST NOT", "ENCR_3IDEA | MUST NOT", "ENCR_DES_IV32 |
    // MUST NOT".
    {kEsp, Subject::Transform, kEncr, 1,  "MUST NOT",   "RFC 8221 5"},
    {kEsp, Subject::Transform, kEncr, 2,  "MUST NOT",   "RFC 8221 5"},
    {kEsp, Subject::Transform, kEncr, 3,  "SHOULD NOT", "RFC 8221 5"},
    {kEsp, Subject::Transform, kEncr, 7,  "MUST NOT",   "RFC 8221 5"},
    {kEsp, Subject::Transform, kEncr, 8,  "MUST NOT",   "RFC 8221 5"},
    {kEsp, Subject::Transform, kEncr, 9,  "MUST NOT",   "RFC 8221 5"},
    // RFC 8221 1.2: "any algorithm listed at the IPsec IANA registry that is not mentioned
    // in this document MAY be implemented"; RFC 9395 5 deprecates RC5, IDEA, CAST and
    // HMAC-MD5-128, RFC 9395 7 marks AUTH_HMAC_SHA1_160 DEPRECATED.
    {kEsp, Subject::Transform, kEncr, 4,  "DEPRECATED", "RFC 9395 5"},
    {kEsp, Subject::Transform, kEncr, 5,  "DEPRECATED", "RFC 9395 5"},
    {kEsp, Subject::Transform, kEncr, 6,  "DEPRECATED", "RFC 9395 5"},
    {kEsp, Subject::Transform, kInteg, 6, "DEPRECATED", "RFC 9395 5"},
    {kAh,  Subject::Transform, kInteg, 7, "DEPRECATED", "RFC 9395 7"},
    // RFC 8221 4: "Encryption without authentication is not effective and MUST NOT be used."
    {kEsp, Subject::NoIntegrity, 0, 0,    "MUST NOT",   "RFC 8221 4"},
    // RFC 8221 6: "The only case where AUTH_NONE is acceptable is when authenticated
    // encryption algorithms are selected from Section 5. In all other cases, AUTH_NONE
    // MUST NOT be selected."
    {kEsp, Subject::IntegNone, 0, 0,      "MUST NOT",   "RFC 8221 6"},
    // RFC 8221 6 table: "AUTH_HMAC_MD5_96 | MUST NOT", "AUTH_DES_MAC | MUST NOT",
    // "AUTH_KPDK_MD5 | MUST NOT".
    {kEsp, Subject::Transform, kInteg, 1, "MUST NOT",   "RFC 8221 6"},
    {kEsp, Subject::Transform, kInteg, 3, "MUST NOT",   "RFC 8221 6"},
    {kAh,  Subject::Transform, kInteg, 4, "MUST NOT",   "RFC 8221 6"},
};
// clang-format on

Transform transform(uint8_t type, uint16_t id, uint16_t key_bits = 0) {
    Transform t;
    t.type = type;
    t.id = id;
    t.key_length = key_bits;
    return t;
}

SaBody sa(uint8_t protocol, std::vector<Transform> transforms) {
    Proposal p;
    p.number = 1;
    p.protocol = protocol;
    p.transforms = std::move(transforms);
    SaBody s;
    s.proposals.push_back(p);
    return s;
}

const WeakTransform* find(const std::vector<WeakTransform>& v, Subject subject) {
    for (const WeakTransform& w : v)
        if (w.subject == subject) return &w;
    return nullptr;
}

// What the public functions say about one expectation's subject; false when nothing.
bool graded(const Expect& e, WeakTransform& w) {
    switch (e.subject) {
    case Subject::Transform: return grade_transform(e.protocol, transform(e.type, e.id), w);
    case Subject::NoIntegrity:
    case Subject::IntegNone: {
        std::vector<Transform> t = {transform(kEncr, kAesCbc, 128)};
        if (e.subject == Subject::IntegNone) t.push_back(transform(kInteg, 0));
        const std::vector<WeakTransform> v = weak_transforms(sa(e.protocol, t), true);
        const WeakTransform* f = find(v, e.subject);
        if (f) w = *f;
        return f != nullptr;
    }
    case Subject::AuthMethod: return grade_auth_method(static_cast<uint8_t>(e.id), w);
    case Subject::RsaKeyBits: {  // one bit short is graded, the bound itself is not
        WeakTransform at_bound;
        return !grade_rsa_key(e.id, at_bound) && grade_rsa_key(e.id - 1u, w);
    }
    case Subject::SignatureHash: {
        NotifyBody n;
        n.type = 16431;  // SIGNATURE_HASH_ALGORITHMS (RFC 7427)
        n.decoded.kind = NotifyData::Kind::HashList;
        n.decoded.list = {2, e.id};
        const std::vector<WeakTransform> v = weak_signature_hashes(n);
        if (v.size() != 1) return false;
        w = v[0];
        return true;
    }
    }
    return false;
}

bool covers(Scope scope, uint8_t protocol) {
    return scope == Scope::All || (scope == Scope::Ike) == (protocol == kIke);
}

// --- every grade, as the RFCs give it -----------------------------------------------

void test_each_grade_from_the_rfcs(void**) {
    size_t count = 0;
    const Grade* table = grades(count);
    std::set<size_t> reached;
    for (const Expect& e : kExpected) {
        WeakTransform w;
        if (!graded(e, w)) fail_msg("no grade for protocol %u subject %u type %u id %u", e.protocol,
                                    static_cast<unsigned>(e.subject), e.type, e.id);
        // The verdict and the citation, as read in the RFC.
        if (std::string(verdict_text(w.verdict)) != e.verdict || std::string(w.rfc) != e.rfc)
            fail_msg("protocol %u subject %u type %u id %u: %s (%s), the RFC says %s (%s)", e.protocol,
                     static_cast<unsigned>(e.subject), e.type, e.id, verdict_text(w.verdict), w.rfc, e.verdict, e.rfc);
        assert_int_equal(w.protocol, e.protocol);
        // The table row it came from.
        for (size_t i = 0; i < count; i++) {
            const Grade& g = table[i];
            if (g.subject == e.subject && g.type == e.type && g.id == e.id && covers(g.scope, e.protocol)) reached.insert(i);
        }
    }
    for (size_t i = 0; i < count; i++)
        if (!reached.count(i))
            fail_msg("table row %zu (%s %s) is not restated from its RFC in kExpected", i, table[i].rfc,
                     verdict_text(table[i].verdict));
    assert_int_equal(reached.size(), count);
}

// What the RFCs require, recommend or allow without a downgrade is not reported.
void test_not_graded(void**) {
    WeakTransform w;
    const struct {
        uint8_t protocol, type;
        uint16_t id;
    } fine[] = {
        {kIke, kEncr, kAesCbc},      // RFC 8247 2.1: MUST
        {kIke, kEncr, 28},           // ENCR_CHACHA20_POLY1305: SHOULD
        {kIke, kPrf, 2},             // PRF_HMAC_SHA1: MUST-
        {kIke, kInteg, 2},           // AUTH_HMAC_SHA1_96: MUST-
        {kIke, kKe, 14},             // 2048-bit MODP: MUST
        {kIke, kKe, 19},             // 256-bit random ECP: SHOULD
        {kIke, kKe, 31},             // Curve25519: not mentioned, MAY
        {kEsp, kEncr, 11},           // ENCR_NULL in ESP: MUST (RFC 8221 5)
        {kEsp, kEncr, kAesGcm16},    // MUST
        {kEsp, kInteg, kHmacSha256}, // MUST
        {kEsp, kInteg, 0},           // AUTH_NONE alone: graded with the cipher it goes with
        {4, kEncr, 2},               // not IKE, AH or ESP
    };
    for (const auto& f : fine) assert_false(grade_transform(f.protocol, transform(f.type, f.id), w));
    for (uint8_t method : {1, 2, 9, 14}) assert_false(grade_auth_method(method, w));

    // AEAD ciphers need no integrity transform; a cipher the crypto table does not know is
    // not called unauthenticated.
    assert_true(weak_transforms(sa(kEsp, {transform(kEncr, kAesGcm16, 256)}), true).empty());
    assert_true(weak_transforms(sa(kEsp, {transform(kEncr, kAesGcm16, 128), transform(kInteg, 0)}), true).empty());
    assert_true(weak_transforms(sa(kIke, {transform(kEncr, kAesGcm16, 128), transform(kPrf, 5)}), true).empty());
    assert_true(weak_transforms(sa(kEsp, {transform(kEncr, kCamelliaCcm8, 128)}), true).empty());
    assert_true(weak_transforms(sa(kEsp, {transform(kEncr, kAesCbc, 128), transform(kInteg, kHmacSha256)}), true).empty());
    // ESP NULL with integrity is RFC 8221's way of authenticating only; without it, nothing
    // protects the packets: RFC 8221 6, "AUTH_NONE authentication cannot be combined with
    // ESP NULL encryption".
    assert_true(weak_transforms(sa(kEsp, {transform(kEncr, 11), transform(kInteg, kHmacSha256)}), true).empty());
    const std::vector<WeakTransform> null_none = weak_transforms(sa(kEsp, {transform(kEncr, 11), transform(kInteg, 0)}), false);
    assert_int_equal(null_none.size(), 1);
    assert_string_equal(null_none[0].rfc, "RFC 8221 6");

    // Other notifies and other hashes.
    NotifyBody n;
    n.type = 16431;
    n.decoded.kind = NotifyData::Kind::HashList;
    n.decoded.list = {2, 3, 4, 5};
    assert_true(weak_signature_hashes(n).empty());
    n.type = 16388;  // NAT_DETECTION_SOURCE_IP
    n.decoded.list = {1};
    assert_true(weak_signature_hashes(n).empty());
}

// Offered with integrity NONE among others, the responder may still pick NONE.
void test_integrity_choices(void**) {
    std::vector<WeakTransform> v = weak_transforms(
        sa(kEsp, {transform(kEncr, kAesCbc, 256), transform(kEncr, kAesGcm16, 256), transform(kInteg, kHmacSha256),
                  transform(kInteg, 0)}),
        false);
    assert_int_equal(v.size(), 1);
    assert_int_equal(v[0].subject, Subject::IntegNone);
    assert_int_equal(v[0].cipher, kAesCbc);  // the GCM cipher goes with NONE as it should
    // The same in two proposals: once.
    SaBody two = sa(kEsp, {transform(kEncr, 3), transform(kInteg, 1)});
    two.proposals.push_back(two.proposals[0]);
    v = weak_transforms(two, false);
    assert_int_equal(v.size(), 2);  // 3DES SHOULD NOT, HMAC-MD5-96 MUST NOT
}

void test_texts(void**) {
    WeakTransform w;
    assert_true(grade_transform(kIke, transform(kKe, 2), w));
    w.selected = true;
    assert_string_equal(weak_text(w).c_str(),
                        "1024-bit MODP Group in IKE proposal (selected): SHOULD NOT (RFC 8247 2.4: 1024-bit MODP, "
                        "security margin too narrow)");
    std::vector<WeakTransform> v = weak_transforms(sa(kEsp, {transform(kEncr, kAesCbc, 128)}), false);
    assert_int_equal(v.size(), 1);
    assert_string_equal(weak_text(v[0]).c_str(),
                        "ENCR_AES_CBC without integrity in ESP proposal (offered): MUST NOT (RFC 8221 4: encryption "
                        "without authentication)");
    v = weak_transforms(sa(kIke, {transform(kEncr, kAesCbc, 128), transform(kInteg, 0)}), true);
    assert_int_equal(v.size(), 1);
    assert_string_equal(weak_text(v[0]).c_str(),
                        "ENCR_AES_CBC with integrity NONE in IKE proposal (selected): MUST NOT (RFC 8247 2.1: a cipher "
                        "that is not AEAD MUST be used with an integrity algorithm)");
    assert_true(grade_auth_method(3, w));
    assert_string_equal(weak_text(w).c_str(),
                        "AUTH method DSS Digital Signature: SHOULD NOT (RFC 8247 3.1: bound to SHA-1, as strong as "
                        "1024-bit RSA)");
    NotifyBody n;
    n.type = 16431;
    n.decoded.kind = NotifyData::Kind::HashList;
    n.decoded.list = {1, 2, 1};
    v = weak_signature_hashes(n);
    assert_int_equal(v.size(), 1);
    assert_string_equal(weak_text(v[0]).c_str(),
                        "SIGNATURE_HASH_ALGORITHMS announces SHA1: MUST NOT (RFC 8247 3.2: SHA-1 for digital signatures)");
}

// --- docs/crypto-grades.md shows the table -------------------------------------------

void test_docs_table(void**) {
    const std::string path = std::string(IKEV2_SOURCE_DIR) + "/docs/crypto-grades.md";
    std::ifstream f(path);
    if (!f) fail_msg("cannot read %s", path.c_str());
    std::stringstream ss;
    ss << f.rdbuf();
    const std::string doc = ss.str();
    const std::string begin = "<!-- grades table: begin -->\n", end = "<!-- grades table: end -->";
    const size_t b = doc.find(begin), e = doc.find(end);
    if (b == std::string::npos || e == std::string::npos || e < b)
        fail_msg("%s: no \"%s\" ... \"%s\" markers", path.c_str(), begin.c_str(), end.c_str());
    const std::string shown = doc.substr(b + begin.size(), e - b - begin.size());
    const std::string table = grades_markdown();
    if (shown != table) {
        std::fputs("docs/crypto-grades.md and crypto_policy.cpp disagree; the table is now:\n", stderr);
        std::fputs(table.c_str(), stderr);
        fail();
    }
}

}  // namespace

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_each_grade_from_the_rfcs),
        cmocka_unit_test(test_not_graded),
        cmocka_unit_test(test_integrity_choices),
        cmocka_unit_test(test_texts),
        cmocka_unit_test(test_docs_table),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
