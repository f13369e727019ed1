// KE (RFC 7296 3.4), IDi/IDr (3.5), CERT (3.6), CERTREQ (3.7), AUTH (3.8, RFC 7427),
// Nonce (3.9), Vendor ID (3.12) and EAP (3.16) payload bodies.
#include "unit_common.hpp"

#include <cstring>

#include "iana.hpp"
#include "summary.hpp"

using namespace ikev2;
using unit::Bytes;

namespace {

namespace pt = ikev2::iana::payload;

// Name: C=CH, O=strongSwan, CN=moon (see test_text.cpp for the layout).
const char kMoonDn[] =
    "30 31"
    "  31 0b 30 09 06 03 55 04 06 13 02 43 48"
    "  31 13 30 11 06 03 55 04 0a 0c 0a 73 74 72 6f 6e 67 53 77 61 6e"
    "  31 0d 30 0b 06 03 55 04 03 0c 04 6d 6f 6f 6e";

// RFC 7427 appendix A.1.3: sha256WithRSAEncryption AlgorithmIdentifier.
const char kSha256WithRsa[] = "30 0d 06 09 2a 86 48 86 f7 0d 01 01 0b 05 00";

Bytes id_body(uint8_t type, const Bytes& data) { return Bytes().u8(type).raw({0, 0, 0}).add(data); }

const IdBody& parse_id(const Bytes& body, unit::Parsed& r) {
    r = unit::parse_body(pt::kIDi, body);
    return unit::body_as<IdBody>(r);
}

// ---- KE -----------------------------------------------------------------------------

void test_ke(void**) {
    Bytes body = Bytes().u16(31).u16(0).fill(32, 0x42);
    unit::Parsed r = unit::parse_body(pt::kKE, body);
    EXPECT_NO_PROBLEMS(r.issues);
    const KeBody& ke = unit::body_as<KeBody>(r);
    assert_int_equal(ke.group, 31);
    EXPECT_SPAN(ke.data, 36, 32);
    unit::parse_in_message(pt::kKE, body);

    // Method and reserved only: no key exchange data, still well-formed.
    r = unit::parse_body(pt::kKE, Bytes().u16(14).u16(0));
    EXPECT_NO_PROBLEMS(r.issues);
    assert_int_equal(unit::body_as<KeBody>(r).data.len, 0);
}

void test_ke_truncated(void**) {
    for (size_t n = 0; n < 4; n++) {
        Bytes body = Bytes().u16(31).u16(0);
        body.b.resize(n);
        unit::Parsed r = unit::parse_body(pt::kKE, body);
        EXPECT_PROBLEMS(r.issues, Problem::PayloadTooShort);
        EXPECT_SPAN(r.issues[0].where, 32, static_cast<uint32_t>(n));
    }
}

// ---- ID -----------------------------------------------------------------------------

void test_id_ipv4(void**) {
    unit::Parsed r;
    const IdBody id = parse_id(id_body(1, Bytes{192, 0, 2, 1}), r);
    EXPECT_NO_PROBLEMS(r.issues);
    assert_int_equal(id.id_type, 1);
    EXPECT_SPAN(id.data, 36, 4);
    assert_string_equal(id.text.c_str(), "192.0.2.1");

    unit::Parsed bad;
    const IdBody id5 = parse_id(id_body(1, Bytes{192, 0, 2, 1, 0}), bad);
    EXPECT_PROBLEMS(bad.issues, Problem::BadAddressLength);
    EXPECT_SPAN(bad.issues[0].where, 36, 5);
    assert_string_equal(id5.text.c_str(), "");
    unit::Parsed empty;
    parse_id(id_body(1, Bytes()), empty);
    EXPECT_PROBLEMS(empty.issues, Problem::BadAddressLength);
}

void test_id_ipv6(void**) {
    unit::Parsed r;
    const IdBody id = parse_id(id_body(5, Bytes().hex("20010db8000000000000000000000001")), r);
    EXPECT_NO_PROBLEMS(r.issues);
    assert_string_equal(id.text.c_str(), "2001:db8::1");
    unit::Parsed bad;
    const IdBody id15 = parse_id(id_body(5, Bytes().hex("20010db80000000000000000000000")), bad);
    EXPECT_PROBLEMS(bad.issues, Problem::BadAddressLength);
    assert_string_equal(id15.text.c_str(), "");
    unit::Parsed v4;
    parse_id(id_body(5, Bytes{10, 0, 0, 1}), v4);
    EXPECT_PROBLEMS(v4.issues, Problem::BadAddressLength);
}

void test_id_fqdn_and_rfc822(void**) {
    unit::Parsed r;
    const IdBody fqdn = parse_id(id_body(2, Bytes().str("moon.strongswan.org")), r);
    EXPECT_NO_PROBLEMS(r.issues);
    assert_string_equal(fqdn.text.c_str(), "moon.strongswan.org");
    EXPECT_SPAN(fqdn.data, 36, 19);

    unit::Parsed r2;
    const IdBody mail = parse_id(id_body(3, Bytes().str("carol@strongswan.org")), r2);
    EXPECT_NO_PROBLEMS(r2.issues);
    assert_string_equal(mail.text.c_str(), "carol@strongswan.org");

    // Control octets are escaped, never copied raw into the text.
    unit::Parsed r3;
    const IdBody odd = parse_id(id_body(2, Bytes().str("a").u8(0).u8('\n').str("b")), r3);
    assert_string_equal(odd.text.c_str(), "a\\x00\\x0ab");

    // The whole thing in an IKE_AUTH-like message, labelled IDi.
    Bytes m = unit::message({{pt::kIDi, id_body(2, Bytes().str("carol"))},
                             {pt::kIDr, id_body(3, Bytes().str("moon@x"))}});
    Message msg = parse_message(m.view());
    EXPECT_NO_PROBLEMS(msg.issues);
    assert_string_equal(payloads_summary(msg.payloads, msg.header.response()).c_str(), "IDi IDr");
    assert_string_equal(std::get<IdBody>(msg.payloads[1].content).text.c_str(), "moon@x");
}

void test_id_der_dn(void**) {
    unit::Parsed r;
    const IdBody id = parse_id(id_body(9, Bytes().hex(kMoonDn)), r);
    EXPECT_NO_PROBLEMS(r.issues);
    assert_int_equal(id.id_type, 9);
    EXPECT_SPAN(id.data, 36, 51);
    assert_string_equal(id.text.c_str(), "C=CH, O=strongSwan, CN=moon");
    unit::parse_in_message(pt::kIDr, id_body(9, Bytes().hex(kMoonDn)));
}

void test_id_der_dn_malformed(void**) {
    Bytes truncated = Bytes().hex(kMoonDn);
    truncated.b.pop_back();
    unit::Parsed r;
    const IdBody id = parse_id(id_body(9, truncated), r);
    EXPECT_PROBLEMS(r.issues, Problem::BadEncoding);
    EXPECT_SPAN(r.issues[0].where, 36, 50);
    assert_string_equal(id.text.c_str(), "");

    unit::Parsed r2;
    parse_id(id_body(9, Bytes().hex("30 85 00 00 00 00 00")), r2);
    EXPECT_PROBLEMS(r2.issues, Problem::BadEncoding);
    unit::Parsed r3;
    parse_id(id_body(9, Bytes().str("CN=moon")), r3);  // text where DER belongs
    EXPECT_PROBLEMS(r3.issues, Problem::BadEncoding);
    unit::Parsed r4;
    parse_id(id_body(9, Bytes()), r4);
    EXPECT_PROBLEMS(r4.issues, Problem::BadEncoding);
}

void test_id_key_id_and_null(void**) {
    unit::Parsed r;
    const IdBody key = parse_id(id_body(11, Bytes().hex("00 01 02 fe ff 41")), r);
    EXPECT_NO_PROBLEMS(r.issues);
    assert_int_equal(key.id_type, 11);
    EXPECT_SPAN(key.data, 36, 6);
    assert_string_equal(key.text.c_str(), "");  // opaque octets, no text form

    unit::Parsed rn;
    const IdBody null_id = parse_id(id_body(13, Bytes()), rn);
    EXPECT_NO_PROBLEMS(rn.issues);
    assert_int_equal(null_id.id_type, 13);
    assert_int_equal(null_id.data.len, 0);

    // RFC 7619: ID_NULL carries no identification data.
    unit::Parsed rx;
    parse_id(id_body(13, Bytes{1, 2}), rx);
    EXPECT_PROBLEMS(rx.issues, Problem::ExtraBytesInPayload);
    EXPECT_SPAN(rx.issues[0].where, 36, 2);

    // DER_ASN1_GN and unknown types are kept as octets.
    unit::Parsed rg;
    const IdBody gn = parse_id(id_body(10, Bytes{0x82, 0x01, 'x'}), rg);
    EXPECT_NO_PROBLEMS(rg.issues);
    EXPECT_SPAN(gn.data, 36, 3);
    unit::Parsed ru;
    parse_id(id_body(200, Bytes{1}), ru);
    EXPECT_NO_PROBLEMS(ru.issues);
}

void test_id_truncated(void**) {
    for (size_t n = 0; n < 4; n++) {
        Bytes body = id_body(1, Bytes());
        body.b.resize(n);
        unit::Parsed r = unit::parse_body(pt::kIDi, body);
        EXPECT_PROBLEMS(r.issues, Problem::PayloadTooShort);
    }
    // Zero-length IDi payload in a message: the body problem is on the payload.
    Bytes m = unit::message({{pt::kIDi, Bytes()}});
    Message msg = parse_message(m.view());
    EXPECT_NO_PROBLEMS(msg.issues);
    EXPECT_PROBLEMS(msg.payloads[0].issues, Problem::PayloadTooShort);
    EXPECT_SPAN(msg.payloads[0].issues[0].where, 32, 0);
    EXPECT_SPANS_INSIDE_MESSAGE(msg, m.size());
}

// ---- CERT and CERTREQ ---------------------------------------------------------------

void test_cert(void**) {
    Bytes der = Bytes().hex("30 82 01 0a").fill(266, 0x5c);
    unit::Parsed r = unit::parse_body(pt::kCERT, Bytes().u8(4).add(der));
    EXPECT_NO_PROBLEMS(r.issues);
    const CertBody& c = unit::body_as<CertBody>(r);
    assert_int_equal(c.encoding, 4);
    EXPECT_SPAN(c.data, 33, 270);
    assert_int_equal(c.ca_hashes.size(), 0);  // a CERT has no hash list

    // CERT of 30 octets: not a hash list, nothing to complain about.
    r = unit::parse_body(pt::kCERT, Bytes().u8(4).fill(30, 1));
    EXPECT_NO_PROBLEMS(r.issues);

    r = unit::parse_body(pt::kCERT, Bytes());
    EXPECT_PROBLEMS(r.issues, Problem::PayloadTooShort);
    r = unit::parse_body(pt::kCERTREQ, Bytes());
    EXPECT_PROBLEMS(r.issues, Problem::PayloadTooShort);
}

// Hash and URL of X.509 certificate (12) / bundle (13): 20-octet SHA-1 hash, then the URL
// (RFC 7296 3.6).
void test_cert_hash_and_url(void**) {
    const std::string url = "http://ca.example.org/moon.der";
    Bytes body = Bytes().u8(12).fill(20, 0x7e);
    for (char ch : url) body.u8(static_cast<uint8_t>(ch));
    unit::Parsed r = unit::parse_body(pt::kCERT, body);
    EXPECT_NO_PROBLEMS(r.issues);
    const CertBody& c = unit::body_as<CertBody>(r);
    EXPECT_SPAN(c.hash, 33, 20);
    EXPECT_SPAN(c.url, 53, url.size());
    r = unit::parse_body(pt::kCERT, Bytes().u8(13).fill(20, 1));  // bundle, empty URL
    EXPECT_NO_PROBLEMS(r.issues);
    EXPECT_SPAN(unit::body_as<CertBody>(r).url, 53, 0);
    r = unit::parse_body(pt::kCERT, Bytes().u8(12).fill(19, 1));  // shorter than the hash
    EXPECT_PROBLEMS(r.issues, Problem::PayloadTooShort);
    assert_int_equal(unit::body_as<CertBody>(r).hash.len, 0);
    r = unit::parse_body(pt::kCERT, Bytes().u8(4).fill(40, 1));    // X.509: no hash, no URL
    assert_int_equal(unit::body_as<CertBody>(r).hash.len, 0);
}

void test_certreq_sha1_list(void**) {
    // Two SHA-1 hashes of CA public keys (RFC 7296 3.7).
    Bytes body = Bytes().u8(4).fill(20, 0xa1).fill(20, 0xb2);
    unit::Parsed r = unit::parse_body(pt::kCERTREQ, body, 60);
    EXPECT_NO_PROBLEMS(r.issues);
    const CertBody& c = unit::body_as<CertBody>(r);
    assert_int_equal(c.encoding, 4);
    EXPECT_SPAN(c.data, 61, 40);
    assert_int_equal(c.ca_hashes.size(), 2);
    EXPECT_SPAN(c.ca_hashes[0], 61, 20);
    EXPECT_SPAN(c.ca_hashes[1], 81, 20);
    Message m = unit::parse_in_message(pt::kCERTREQ, body);
    assert_string_equal(payloads_summary(m.payloads, m.header.response()).c_str(), "CERTREQ");

    // An empty list (any CA) is fine.
    r = unit::parse_body(pt::kCERTREQ, Bytes{4});
    EXPECT_NO_PROBLEMS(r.issues);
    assert_int_equal(unit::body_as<CertBody>(r).ca_hashes.size(), 0);

    // Hash and URL encodings carry the same list.
    r = unit::parse_body(pt::kCERTREQ, Bytes().u8(12).fill(20, 1));
    assert_int_equal(unit::body_as<CertBody>(r).ca_hashes.size(), 1);
    r = unit::parse_body(pt::kCERTREQ, Bytes().u8(13).fill(40, 1));
    assert_int_equal(unit::body_as<CertBody>(r).ca_hashes.size(), 2);

    // Other encodings are opaque.
    r = unit::parse_body(pt::kCERTREQ, Bytes().u8(1).fill(30, 1));
    EXPECT_NO_PROBLEMS(r.issues);
    assert_int_equal(unit::body_as<CertBody>(r).ca_hashes.size(), 0);
}

void test_certreq_partial_hash(void**) {
    Bytes body = Bytes().u8(4).fill(20, 0xa1).fill(10, 0xb2);
    unit::Parsed r = unit::parse_body(pt::kCERTREQ, body);
    EXPECT_PROBLEMS(r.issues, Problem::BadSubstructureLength);
    EXPECT_SPAN(r.issues[0].where, 33, 30);
    assert_int_equal(unit::body_as<CertBody>(r).ca_hashes.size(), 1);
    r = unit::parse_body(pt::kCERTREQ, Bytes().u8(4).fill(19, 0));
    EXPECT_PROBLEMS(r.issues, Problem::BadSubstructureLength);
    assert_int_equal(unit::body_as<CertBody>(r).ca_hashes.size(), 0);
}

void test_certreq_too_many_hashes(void**) {
    Bytes body = Bytes().u8(4).fill(20 * (kMaxItemsPerPayload + 1), 0x11);
    unit::Parsed r = unit::parse_body(pt::kCERTREQ, body);
    assert_int_equal(unit::body_as<CertBody>(r).ca_hashes.size(), kMaxItemsPerPayload);
    assert_true(unit::has_problem(r.issues, Problem::TooManyItems));
}

// ---- AUTH ---------------------------------------------------------------------------

void test_auth_psk(void**) {
    unit::Parsed r = unit::parse_body(pt::kAUTH, Bytes().u8(2).raw({0, 0, 0}).fill(32, 0x77));
    EXPECT_NO_PROBLEMS(r.issues);
    const AuthBody& a = unit::body_as<AuthBody>(r);
    assert_int_equal(a.method, 2);
    EXPECT_SPAN(a.data, 36, 32);
    assert_true(a.algorithm_id.empty());
    assert_true(a.algorithm_oid.empty());
    assert_null(a.algorithm_name);
}

void test_auth_digital_signature(void**) {
    // RFC 7427 3: ASN.1 length, AlgorithmIdentifier, signature.
    Bytes alg = Bytes().hex(kSha256WithRsa);
    assert_int_equal(alg.size(), 15);
    Bytes body = Bytes().u8(14).raw({0, 0, 0}).u8(15).add(alg).fill(256, 0x99);
    unit::Parsed r = unit::parse_body(pt::kAUTH, body);
    EXPECT_NO_PROBLEMS(r.issues);
    const AuthBody& a = unit::body_as<AuthBody>(r);
    assert_int_equal(a.method, 14);
    EXPECT_SPAN(a.data, 36, 1 + 15 + 256);
    EXPECT_SPAN(a.algorithm_id, 37, 15);
    EXPECT_SPAN(a.signature, 52, 256);
    assert_string_equal(a.algorithm_oid.c_str(), "1.2.840.113549.1.1.11");
    assert_non_null(a.algorithm_name);
    assert_string_equal(a.algorithm_name, "sha256WithRSAEncryption");
    unit::parse_in_message(pt::kAUTH, body);

    // ecdsa-with-SHA384 (no parameters).
    Bytes ec = Bytes().hex("30 0a 06 08 2a 86 48 ce 3d 04 03 03");
    r = unit::parse_body(pt::kAUTH, Bytes().u8(14).raw({0, 0, 0}).u8(12).add(ec).fill(64, 1));
    EXPECT_NO_PROBLEMS(r.issues);
    assert_string_equal(unit::body_as<AuthBody>(r).algorithm_name, "ecdsa-with-SHA384");

    // An OID without a known name: decoded, no name, no problem.
    Bytes other = Bytes().hex("30 05 06 03 2a 03 04");
    r = unit::parse_body(pt::kAUTH, Bytes().u8(14).raw({0, 0, 0}).u8(7).add(other).fill(8, 1));
    EXPECT_NO_PROBLEMS(r.issues);
    assert_string_equal(unit::body_as<AuthBody>(r).algorithm_oid.c_str(), "1.2.3.4");
    assert_null(unit::body_as<AuthBody>(r).algorithm_name);
}

void test_auth_digital_signature_malformed(void**) {
    // ASN.1 length past the data.
    Bytes alg = Bytes().hex(kSha256WithRsa);
    unit::Parsed r = unit::parse_body(pt::kAUTH, Bytes().u8(14).raw({0, 0, 0}).u8(40).add(alg));
    EXPECT_PROBLEMS(r.issues, Problem::BadSubstructureLength);
    EXPECT_SPAN(r.issues[0].where, 36, 1);
    assert_true(unit::body_as<AuthBody>(r).algorithm_oid.empty());

    // No data at all after the method.
    r = unit::parse_body(pt::kAUTH, Bytes().u8(14).raw({0, 0, 0}));
    EXPECT_PROBLEMS(r.issues, Problem::BadSubstructureLength);

    // The AlgorithmIdentifier is not a SEQUENCE with an OID.
    Bytes junk = Bytes().hex("04 02 00 00");
    r = unit::parse_body(pt::kAUTH, Bytes().u8(14).raw({0, 0, 0}).u8(4).add(junk).fill(8, 1));
    EXPECT_PROBLEMS(r.issues, Problem::BadEncoding);
    EXPECT_SPAN(r.issues[0].where, 37, 4);
    assert_null(unit::body_as<AuthBody>(r).algorithm_name);

    // ASN.1 length shorter than the DER inside it.
    r = unit::parse_body(pt::kAUTH, Bytes().u8(14).raw({0, 0, 0}).u8(10).add(alg));
    EXPECT_PROBLEMS(r.issues, Problem::BadEncoding);

    // Zero-length AlgorithmIdentifier.
    r = unit::parse_body(pt::kAUTH, Bytes().u8(14).raw({0, 0, 0}).u8(0).fill(8, 1));
    EXPECT_PROBLEMS(r.issues, Problem::BadEncoding);
}

void test_auth_truncated(void**) {
    unit::Parsed r = unit::parse_body(pt::kAUTH, Bytes{2, 0, 0});
    EXPECT_PROBLEMS(r.issues, Problem::PayloadTooShort);
    EXPECT_SPAN(r.issues[0].where, 32, 3);
    r = unit::parse_body(pt::kAUTH, Bytes());
    EXPECT_PROBLEMS(r.issues, Problem::PayloadTooShort);
}

// ---- Nonce, Vendor ID, EAP ----------------------------------------------------------

void test_nonce(void**) {
    unit::Parsed r = unit::parse_body(pt::kNonce, Bytes().fill(32, 0x3c));
    EXPECT_NO_PROBLEMS(r.issues);
    EXPECT_SPAN(unit::body_as<NonceBody>(r).data, 32, 32);
    r = unit::parse_body(pt::kNonce, Bytes());
    EXPECT_SPAN(unit::body_as<NonceBody>(r).data, 32, 0);
    Message m = unit::parse_in_message(pt::kNonce, Bytes().fill(16, 1));
    // Ni in a request, Nr in a response (RFC 7296 1.2, 1.3), as in the ladders.
    assert_false(m.header.response());
    assert_string_equal(payloads_summary(m.payloads, m.header.response()).c_str(), "Ni");
    assert_string_equal(payloads_summary(m.payloads, true).c_str(), "Nr");
    assert_string_equal(payload_label(m.payloads.at(0), true).c_str(), "Nr");
}

void test_vendor_id(void**) {
    Bytes strongswan = Bytes().hex("882fe56d6fd20dbc2251613b2ebe5beb");
    unit::Parsed r = unit::parse_body(pt::kVendorId, strongswan);
    EXPECT_NO_PROBLEMS(r.issues);
    const VendorIdBody& v = unit::body_as<VendorIdBody>(r);
    EXPECT_SPAN(v.data, 32, 16);
    assert_non_null(v.vendor);
    assert_true(std::strncmp(v.vendor, "strongSwan", 10) == 0);

    r = unit::parse_body(pt::kVendorId, Bytes().hex("00112233445566778899aabbccddeeff"));
    EXPECT_NO_PROBLEMS(r.issues);
    assert_null(unit::body_as<VendorIdBody>(r).vendor);

    r = unit::parse_body(pt::kVendorId, Bytes());
    assert_null(unit::body_as<VendorIdBody>(r).vendor);

    Message m = unit::parse_in_message(pt::kVendorId, strongswan);
    assert_string_equal(payloads_summary(m.payloads, m.header.response()).c_str(), "VID");
}

void test_eap(void**) {
    // EAP-Identity request (RFC 3748): Code 1, Identifier 7, Length 5, Type 1.
    Bytes eap{0x01, 0x07, 0x00, 0x05, 0x01};
    unit::Parsed r = unit::parse_body(pt::kEAP, eap);
    EXPECT_NO_PROBLEMS(r.issues);
    EXPECT_SPAN(unit::body_as<EapBody>(r).message, 32, 5);
    Message m = unit::parse_in_message(pt::kEAP, eap);
    assert_string_equal(payloads_summary(m.payloads, m.header.response()).c_str(), "EAP");
}

}  // namespace

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ke),
        cmocka_unit_test(test_ke_truncated),
        cmocka_unit_test(test_id_ipv4),
        cmocka_unit_test(test_id_ipv6),
        cmocka_unit_test(test_id_fqdn_and_rfc822),
        cmocka_unit_test(test_id_der_dn),
        cmocka_unit_test(test_id_der_dn_malformed),
        cmocka_unit_test(test_id_key_id_and_null),
        cmocka_unit_test(test_id_truncated),
        cmocka_unit_test(test_cert),
        cmocka_unit_test(test_cert_hash_and_url),
        cmocka_unit_test(test_certreq_sha1_list),
        cmocka_unit_test(test_certreq_partial_hash),
        cmocka_unit_test(test_certreq_too_many_hashes),
        cmocka_unit_test(test_auth_psk),
        cmocka_unit_test(test_auth_digital_signature),
        cmocka_unit_test(test_auth_digital_signature_malformed),
        cmocka_unit_test(test_auth_truncated),
        cmocka_unit_test(test_nonce),
        cmocka_unit_test(test_vendor_id),
        cmocka_unit_test(test_eap),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
