// Printable forms (text.hpp): RFC 5952 IPv6 text, IPv4, CIDR detection, escapes, DER
// OBJECT IDENTIFIERs, DER Names and RFC 7427 AlgorithmIdentifiers.
#include "unit_common.hpp"

#include <algorithm>
#include <cstdio>
#include <string>

#include "text.hpp"

using namespace ikev2;
using unit::Bytes;

namespace {

std::string v6(const char* hex) { return ipv6_text(Bytes().hex(hex).view()); }
std::string oid(const char* hex) { return oid_text(Bytes().hex(hex).view()); }
int cidr(const char* start, const char* end) {
    Bytes s, e;
    s.hex(start);
    e.hex(end);
    return cidr_prefix(s.view(), e.view());
}

// Name: C=CH, O=strongSwan, CN=moon, built octet by octet (X.501 Name, X.690 DER):
//   SEQUENCE (49) {
//     SET (11) { SEQUENCE (9)  { OID 2.5.4.6  (55 04 06), PrintableString "CH" } }
//     SET (19) { SEQUENCE (17) { OID 2.5.4.10 (55 04 0a), UTF8String "strongSwan" } }
//     SET (13) { SEQUENCE (11) { OID 2.5.4.3  (55 04 03), UTF8String "moon" } } }
const char kMoonDn[] =
    "30 31"
    "  31 0b 30 09 06 03 55 04 06 13 02 43 48"
    "  31 13 30 11 06 03 55 04 0a 0c 0a 73 74 72 6f 6e 67 53 77 61 6e"
    "  31 0d 30 0b 06 03 55 04 03 0c 04 6d 6f 6f 6e";

bool dn(const Bytes& der, std::string& out) { return der_name_text(der.view(), out); }

// ---- IPv6 (RFC 5952) ----------------------------------------------------------------

void test_ipv6_common_forms(void**) {
    assert_string_equal(v6("20010db8 00000000 00000000 00000001").c_str(), "2001:db8::1");
    assert_string_equal(v6("00000000 00000000 00000000 00000000").c_str(), "::");
    assert_string_equal(v6("00000000 00000000 00000000 00000001").c_str(), "::1");
    assert_string_equal(v6("00010000 00000000 00000000 00000000").c_str(), "1::");
    assert_string_equal(v6("20010db8 00000000 00000000 00000000").c_str(), "2001:db8::");
    assert_string_equal(v6("fe800000 00000000 00000000 00010002").c_str(), "fe80::1:2");
    assert_string_equal(v6("ffffffff ffffffff ffffffff ffffffff").c_str(),
                        "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
}

void test_ipv6_lower_case_no_leading_zeros(void**) {
    // RFC 5952 4.1 and 4.3.
    assert_string_equal(v6("20010DB8 00ABCDEF 00000000 00000000").c_str(), "2001:db8:ab:cdef::");
    assert_string_equal(v6("20010db8 000a000b 000c000d 000e000f").c_str(), "2001:db8:a:b:c:d:e:f");
}

void test_ipv6_single_zero_group_not_compressed(void**) {
    // RFC 5952 4.2.2: "::" must not shorten just one 16-bit 0 field.
    assert_string_equal(v6("20010db8 00000001 00010001 00010001").c_str(), "2001:db8:0:1:1:1:1:1");
    assert_string_equal(v6("00000001 00020003 00040005 00060007").c_str(), "0:1:2:3:4:5:6:7");
    assert_string_equal(v6("00010002 00030004 00050006 00070000").c_str(), "1:2:3:4:5:6:7:0");
}

void test_ipv6_longest_run(void**) {
    // RFC 5952 4.2.3: the longest run is compressed.
    assert_string_equal(v6("20010000 00000001 00000000 00000001").c_str(), "2001:0:0:1::1");
    assert_string_equal(v6("20010000 00010000 00000000 00000001").c_str(), "2001:0:1::1");
}

void test_ipv6_first_of_equal_runs(void**) {
    // RFC 5952 4.2.3: of equal runs, the first is compressed.
    assert_string_equal(v6("20010db8 00000000 00010000 00000001").c_str(), "2001:db8::1:0:0:1");
    assert_string_equal(v6("00000000 00010001 00000000 00010001").c_str(), "::1:1:0:0:1:1");
}

void test_ipv6_wrong_size(void**) {
    assert_string_equal(v6("20010db8 00000000 00000000 000001").c_str(), "");
    assert_string_equal(v6("").c_str(), "");
    assert_string_equal(v6("20010db8 00000000 00000000 00000001 00").c_str(), "");
}

// ---- IPv4 and CIDR ------------------------------------------------------------------

void test_ipv4_text(void**) {
    assert_string_equal(ipv4_text(Bytes{192, 0, 2, 1}.view()).c_str(), "192.0.2.1");
    assert_string_equal(ipv4_text(Bytes{0, 0, 0, 0}.view()).c_str(), "0.0.0.0");
    assert_string_equal(ipv4_text(Bytes{255, 255, 255, 255}.view()).c_str(), "255.255.255.255");
    assert_string_equal(ipv4_text(Bytes{10, 1, 0}.view()).c_str(), "");
    assert_string_equal(ipv4_text(Bytes{10, 1, 0, 0, 0}.view()).c_str(), "");
}

void test_cidr_prefix(void**) {
    assert_int_equal(cidr("0a010000", "0a0100ff"), 24);
    assert_int_equal(cidr("00000000", "ffffffff"), 0);
    assert_int_equal(cidr("c0000201", "c0000201"), 32);
    assert_int_equal(cidr("0a000080", "0a0000ff"), 25);
    assert_int_equal(cidr("0a000000", "0a0001ff"), 23);
    assert_int_equal(cidr("0a000000", "0a7fffff"), 9);
    assert_int_equal(cidr("0a000000", "0a0000fe"), -1);  // end is not all ones
    assert_int_equal(cidr("0a000001", "0a0000ff"), -1);  // start is not all zeros
    assert_int_equal(cidr("0a010001", "0a0100fe"), -1);
    assert_int_equal(cidr("0a0000ff", "0a000000"), -1);  // start above end
    assert_int_equal(cidr("0a000000", "0a0100ff"), -1);  // two blocks
    assert_int_equal(cidr("0a000000", "0a0000ff00"), -1);  // size differs
    assert_int_equal(cidr("", ""), -1);
    assert_int_equal(cidr("20010db8000000000000000000000000", "20010db80000ffffffffffffffffffff"), 48);
    assert_int_equal(cidr("00000000000000000000000000000000", "ffffffffffffffffffffffffffffffff"), 0);
    assert_int_equal(cidr("00000000000000000000000000000001", "00000000000000000000000000000001"), 128);
}

// ---- Printable ----------------------------------------------------------------------

void test_printable_escapes(void**) {
    assert_string_equal(printable(Bytes().str("moon.strongswan.org").view()).c_str(),
                        "moon.strongswan.org");
    assert_string_equal(printable(Bytes{'a', 0x00, 'b'}.view()).c_str(), "a\\x00b");
    assert_string_equal(printable(Bytes{0x1f, 0x20, 0x7e, 0x7f}.view()).c_str(), "\\x1f ~\\x7f");
    assert_string_equal(printable(Bytes{0xff, 0x80, '\n'}.view()).c_str(), "\\xff\\x80\\x0a");
    // The backslash itself is escaped so the text stays unambiguous.
    assert_string_equal(printable(Bytes{'a', '\\', 'b'}.view()).c_str(), "a\\x5cb");
    assert_string_equal(printable(ByteView()).c_str(), "");
}

// ---- OBJECT IDENTIFIER (X.690 8.19) --------------------------------------------------

void test_oid_well_known(void**) {
    assert_string_equal(oid("2a 86 48 86 f7 0d 01 01 0b").c_str(), "1.2.840.113549.1.1.11");
    assert_string_equal(oid("55 04 03").c_str(), "2.5.4.3");
    assert_string_equal(oid("2a 86 48 ce 3d 04 03 02").c_str(), "1.2.840.10045.4.3.2");
    assert_string_equal(oid("2b 65 70").c_str(), "1.3.101.112");
    assert_string_equal(oid("2b 06 01 04 01 82 37 3c 02 01 03").c_str(), "1.3.6.1.4.1.311.60.2.1.3");
}

void test_oid_first_arcs(void**) {
    // The first subidentifier is 40 * X + Y, with X in 0..2 (X.690 8.19.4).
    assert_string_equal(oid("00").c_str(), "0.0");
    assert_string_equal(oid("27").c_str(), "0.39");
    assert_string_equal(oid("09 92 26 89 93 f2 2c 64 01 01").c_str(), "0.9.2342.19200300.100.1.1");
    assert_string_equal(oid("28").c_str(), "1.0");
    assert_string_equal(oid("4f").c_str(), "1.39");
    assert_string_equal(oid("50").c_str(), "2.0");
    assert_string_equal(oid("51 01").c_str(), "2.1.1");
    // Arc 2 may have a second arc above 39, so the first subidentifier spans octets.
    assert_string_equal(oid("81 34 03").c_str(), "2.100.3");
    assert_string_equal(oid("88 37 03").c_str(), "2.999.3");
}

void test_oid_multi_byte_subidentifiers(void**) {
    assert_string_equal(oid("2a 86 48").c_str(), "1.2.840");
    assert_string_equal(oid("2a 83 ff 7f").c_str(), "1.2.65535");
    assert_string_equal(oid("2a 8f ff ff ff 7f").c_str(), "1.2.4294967295");
    // 2^63, nine octets
    assert_string_equal(oid("2a 81 80 80 80 80 80 80 80 80 00").c_str(), "1.2.9223372036854775808");
}

void test_oid_malformed(void**) {
    assert_string_equal(oid("").c_str(), "");
    assert_string_equal(oid("2a 86").c_str(), "");   // last subidentifier unfinished
    assert_string_equal(oid("86").c_str(), "");
    // A subidentifier too large for 64 bits.
    assert_string_equal(oid("2a ff ff ff ff ff ff ff ff ff 7f").c_str(), "");
}

void test_oid_rejects_non_minimal_subidentifier(void**) {
    // X.690 8.19.2: "the leading octet of the subidentifier shall not have the value 80
    // (hex)" - 2a 80 01 is not a valid encoding of 1.2.1 (BER and DER alike).
    assert_string_equal(oid("2a 80 01").c_str(), "");
    assert_string_equal(oid("80 2a").c_str(), "");
}

// ---- DER Name -----------------------------------------------------------------------

void test_der_name_moon(void**) {
    Bytes der;
    der.hex(kMoonDn);
    assert_int_equal(der.size(), 51);
    std::string out;
    assert_true(dn(der, out));
    assert_string_equal(out.c_str(), "C=CH, O=strongSwan, CN=moon");
}

void test_der_name_attributes(void**) {
    // E= (PKCS #9 emailAddress, IA5String), an attribute without a short name (shown
    // dotted), and a multi-valued RDN { OU=Dev + CN=carol }.
    Bytes der;
    der.hex("30 4f"
            "  31 20 30 1e 06 09 2a 86 48 86 f7 0d 01 09 01 16 11 63 61 72 6f 6c 40 65 78 61 6d 70 6c 65 2e 6f 72 67"
            "  31 14 30 12 06 0b 2b 06 01 04 01 82 37 3c 02 01 03 13 03 61 62 63"
            "  31 15 30 08 06 03 55 04 0b 0c 01 44 30 09 06 03 55 04 03 0c 02 63 6c");
    std::string out;
    assert_true(dn(der, out));
    assert_string_equal(out.c_str(), "E=carol@example.org, 1.3.6.1.4.1.311.60.2.1.3=abc, OU=D, CN=cl");
}

void test_der_name_escapes_value(void**) {
    Bytes der;
    der.hex("30 0d 31 0b 30 09 06 03 55 04 03 0c 02 41 00");
    std::string out;
    assert_true(dn(der, out));
    assert_string_equal(out.c_str(), "CN=A\\x00");
}

void test_der_name_empty_and_long_form(void**) {
    std::string out = "x";
    assert_true(dn(Bytes{0x30, 0x00}, out));
    assert_string_equal(out.c_str(), "");
    // Long-form lengths of 1..4 octets are read.
    Bytes der;
    der.hex("30 81 31"
            "  31 0b 30 09 06 03 55 04 06 13 02 43 48"
            "  31 13 30 11 06 03 55 04 0a 0c 0a 73 74 72 6f 6e 67 53 77 61 6e"
            "  31 0d 30 0b 06 03 55 04 03 0c 04 6d 6f 6f 6e");
    assert_true(dn(der, out));
    assert_string_equal(out.c_str(), "C=CH, O=strongSwan, CN=moon");
    Bytes der4;
    der4.hex("30 84 00 00 00 0d 31 0b 30 09 06 03 55 04 06 13 02 43 48");
    assert_true(dn(der4, out));
    assert_string_equal(out.c_str(), "C=CH");
}

void expect_bad_name(const Bytes& der, int line) {
    std::string out = "unchanged";
    bool ok = dn(der, out);
    if (ok) std::fprintf(stderr, "line %d: malformed Name accepted as \"%s\"\n", line, out.c_str());
    _assert_true(!ok, "der_name_text rejects", __FILE__, line);
    _assert_true(out == "unchanged", "output untouched", __FILE__, line);
}
#define EXPECT_BAD_NAME(h) expect_bad_name(Bytes().hex(h), __LINE__)

void test_der_name_malformed(void**) {
    Bytes truncated;
    truncated.hex(kMoonDn);
    truncated.b.pop_back();
    expect_bad_name(truncated, __LINE__);
    Bytes trailing;
    trailing.hex(kMoonDn).u8(0x00);
    expect_bad_name(trailing, __LINE__);
    EXPECT_BAD_NAME("");
    EXPECT_BAD_NAME("30");
    // Long-form length of more than 4 octets.
    EXPECT_BAD_NAME("30 85 00 00 00 00 0d 31 0b 30 09 06 03 55 04 06 13 02 43 48");
    // Long form with 4 octets promising far more than there is.
    EXPECT_BAD_NAME("30 84 ff ff ff ff 31 00");
    // Indefinite length (BER only).
    EXPECT_BAD_NAME("30 80 31 0b 30 09 06 03 55 04 06 13 02 43 48 00 00");
    // Not a SEQUENCE at the top.
    EXPECT_BAD_NAME("31 0d 31 0b 30 09 06 03 55 04 06 13 02 43 48");
    // High tag number form.
    EXPECT_BAD_NAME("1f 30 00");
    // RDN that is not a SET.
    EXPECT_BAD_NAME("30 0d 30 0b 30 09 06 03 55 04 06 13 02 43 48");
    // AttributeTypeAndValue that is not a SEQUENCE.
    EXPECT_BAD_NAME("30 0d 31 0b 31 09 06 03 55 04 06 13 02 43 48");
    // Attribute type that is not an OID, or an OID that does not decode.
    EXPECT_BAD_NAME("30 0d 31 0b 30 09 02 03 55 04 06 13 02 43 48");
    EXPECT_BAD_NAME("30 0d 31 0b 30 09 06 03 55 04 86 13 02 43 48");
    // Value missing, or running past its SEQUENCE.
    EXPECT_BAD_NAME("30 09 31 07 30 05 06 03 55 04 06");
    EXPECT_BAD_NAME("30 0d 31 0b 30 09 06 03 55 04 06 13 05 43 48");
}

void test_der_name_rejects_extra_atv_element(void**) {
    // AttributeTypeAndValue ::= SEQUENCE { type, value } (X.501): a third element means
    // this is not a Name, though each TLV is well-formed DER.
    std::string out = "unchanged";
    assert_false(dn(Bytes().hex("30 0f 31 0d 30 0b 06 03 55 04 06 13 02 43 48 05 00"), out));
    assert_string_equal(out.c_str(), "unchanged");
}

// ---- RFC 7427 AlgorithmIdentifier ---------------------------------------------------

void test_algorithm_identifier(void**) {
    std::string o;
    assert_true(der_algorithm_oid(Bytes().hex("30 0d 06 09 2a 86 48 86 f7 0d 01 01 0b 05 00").view(), o));
    assert_string_equal(o.c_str(), "1.2.840.113549.1.1.11");
    assert_string_equal(signature_algorithm_name(o), "sha256WithRSAEncryption");

    assert_true(der_algorithm_oid(Bytes().hex("30 0a 06 08 2a 86 48 ce 3d 04 03 02").view(), o));
    assert_string_equal(o.c_str(), "1.2.840.10045.4.3.2");
    assert_string_equal(signature_algorithm_name(o), "ecdsa-with-SHA256");

    assert_true(der_algorithm_oid(Bytes().hex("30 05 06 03 2b 65 70").view(), o));
    assert_string_equal(o.c_str(), "1.3.101.112");
    assert_string_equal(signature_algorithm_name(o), "Ed25519");
}

void test_algorithm_identifier_malformed(void**) {
    std::string o;
    assert_false(der_algorithm_oid(ByteView(), o));
    assert_false(der_algorithm_oid(Bytes().hex("04 02 00 00").view(), o));         // not a SEQUENCE
    assert_false(der_algorithm_oid(Bytes().hex("30 03 02 01 00").view(), o));      // no OID
    assert_false(der_algorithm_oid(Bytes().hex("30 0d 06 09 2a 86 48").view(), o));  // truncated
    assert_false(der_algorithm_oid(Bytes().hex("30 02 06 00").view(), o));         // empty OID
}

void test_signature_algorithm_names(void**) {
    const struct {
        const char* oid;
        const char* name;
    } known[] = {
        {"1.2.840.113549.1.1.1", "rsaEncryption"},
        {"1.2.840.113549.1.1.5", "sha1WithRSAEncryption"},
        {"1.2.840.113549.1.1.10", "RSASSA-PSS"},
        {"1.2.840.113549.1.1.11", "sha256WithRSAEncryption"},
        {"1.2.840.113549.1.1.12", "sha384WithRSAEncryption"},
        {"1.2.840.113549.1.1.13", "sha512WithRSAEncryption"},
        {"1.2.840.10045.4.3.3", "ecdsa-with-SHA384"},
        {"1.2.840.10045.4.3.4", "ecdsa-with-SHA512"},
        {"1.3.101.113", "Ed448"},
    };
    for (const auto& k : known) {
        const char* n = signature_algorithm_name(k.oid);
        assert_non_null(n);
        assert_string_equal(n, k.name);
    }
    assert_null(signature_algorithm_name("1.2.3.4"));
    assert_null(signature_algorithm_name(""));
    assert_null(signature_algorithm_name("1.2.840.113549.1.1"));
}

// --- RSA key length of a certificate (RFC 8247 3.1.1) --------------------------------

// The DER of a PEM file of the lab (one certificate).
Bytes pem_file(const char* rel) {
    const std::string path = std::string(IKEV2_SOURCE_DIR) + "/" + rel;
    FILE* f = std::fopen(path.c_str(), "r");
    if (!f) fail_msg("cannot open %s", path.c_str());
    std::string b64;
    char line[256];
    while (std::fgets(line, sizeof line, f))
        if (line[0] != '-') b64 += line;
    std::fclose(f);
    static const std::string kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    Bytes der;
    uint32_t acc = 0;
    int n = 0;
    for (char c : b64) {
        const size_t v = kAlphabet.find(c);
        if (v == std::string::npos) continue;  // newlines, '=' padding
        acc = (acc << 6) | static_cast<uint32_t>(v);
        if (++n == 4) {
            der.u8((acc >> 16) & 0xff).u8((acc >> 8) & 0xff).u8(acc & 0xff);
            acc = 0;
            n = 0;
        }
    }
    if (n == 3) der.u8((acc >> 10) & 0xff).u8((acc >> 2) & 0xff);
    if (n == 2) der.u8((acc >> 4) & 0xff);
    return der;
}

// The certificates of the two certificate lab scenarios: 2048-bit keys (frag-cert) and
// 1024-bit keys (cert-rsa1024), as `openssl x509 -noout -text` says.
void test_rsa_key_bits_lab_certificates(void**) {
    uint32_t bits = 0;
    assert_true(rsa_key_bits(pem_file("tests/lab/scenarios/frag-cert/b/x509/b.pem").view(), bits));
    assert_int_equal(bits, 2048);
    assert_true(rsa_key_bits(pem_file("tests/lab/scenarios/frag-cert/a/x509ca/lab-ca.pem").view(), bits));
    assert_int_equal(bits, 2048);
    assert_true(rsa_key_bits(pem_file("tests/lab/scenarios/cert-rsa1024/a/x509/a.pem").view(), bits));
    assert_int_equal(bits, 1024);
    assert_true(rsa_key_bits(pem_file("tests/lab/scenarios/cert-rsa1024/a/x509ca/lab-ca.pem").view(), bits));
    assert_int_equal(bits, 1024);
}

void test_rsa_key_bits_rejects(void**) {
    Bytes der = pem_file("tests/lab/scenarios/cert-rsa1024/b/x509/b.pem");
    uint32_t bits = 0;
    // Cut anywhere: never read past the end, never a size.
    for (size_t len = 0; len < der.size(); len += 7)
        assert_false(rsa_key_bits(ByteView(der.b.data(), len), bits));
    // Another key algorithm: rsaEncryption's last arc 1 -> 2 (not an RSA key OID).
    const uint8_t rsa_oid[] = {0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01};
    auto at = std::search(der.b.begin(), der.b.end(), std::begin(rsa_oid), std::end(rsa_oid));
    assert_true(at != der.b.end());
    at[8] = 0x02;
    assert_false(rsa_key_bits(der.view(), bits));
}

}  // namespace

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ipv6_common_forms),
        cmocka_unit_test(test_ipv6_lower_case_no_leading_zeros),
        cmocka_unit_test(test_ipv6_single_zero_group_not_compressed),
        cmocka_unit_test(test_ipv6_longest_run),
        cmocka_unit_test(test_ipv6_first_of_equal_runs),
        cmocka_unit_test(test_ipv6_wrong_size),
        cmocka_unit_test(test_ipv4_text),
        cmocka_unit_test(test_cidr_prefix),
        cmocka_unit_test(test_printable_escapes),
        cmocka_unit_test(test_oid_well_known),
        cmocka_unit_test(test_oid_first_arcs),
        cmocka_unit_test(test_oid_multi_byte_subidentifiers),
        cmocka_unit_test(test_oid_malformed),
        cmocka_unit_test(test_oid_rejects_non_minimal_subidentifier),
        cmocka_unit_test(test_der_name_moon),
        cmocka_unit_test(test_der_name_attributes),
        cmocka_unit_test(test_der_name_escapes_value),
        cmocka_unit_test(test_der_name_empty_and_long_form),
        cmocka_unit_test(test_der_name_malformed),
        cmocka_unit_test(test_der_name_rejects_extra_atv_element),
        cmocka_unit_test(test_algorithm_identifier),
        cmocka_unit_test(test_algorithm_identifier_malformed),
        cmocka_unit_test(test_signature_algorithm_names),
        cmocka_unit_test(test_rsa_key_bits_lab_certificates),
        cmocka_unit_test(test_rsa_key_bits_rejects),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
