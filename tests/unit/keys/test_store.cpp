// The key store (keys/key_store.hpp): IKE SAs by SPI pair, ESP SAs by SPI then addresses
// with Wireshark's wildcards and prefixes, replacement, specificity, the generation
// counter, and describe() without key bytes.
#include "keys_test.hpp"

#include "keys/readers.hpp"

using namespace ikev2;
using namespace ikev2::keys;
using keys_test::seqv;

namespace {

IkeSaKeys ike(uint64_t i, uint64_t r, unsigned key_start) {
    IkeSaKeys k;
    k.spi_i = i;
    k.spi_r = r;
    k.sk_ei = seqv(key_start, 16);
    k.sk_er = seqv(key_start + 0x20, 16);
    k.sk_ai = seqv(key_start + 0x40, 32);
    k.sk_ar = seqv(key_start + 0x60, 32);
    k.encr_id = 12;
    k.encr_key_bits = 128;
    k.integ_id = 12;
    return k;
}

EspSaKeys esp(uint32_t spi, const char* src, const char* dst, unsigned key_start) {
    EspSaKeys k;
    k.spi = spi;
    assert_string_equal(detail::parse_address_pattern(src, k.src).c_str(), "");
    assert_string_equal(detail::parse_address_pattern(dst, k.dst).c_str(), "");
    k.family = !k.src.any() ? k.src.family : k.dst.family;
    k.encr_id = 12;
    k.encr_key_bits = 128;
    k.encr_key = seqv(key_start, 16);
    return k;
}

const uint8_t kA1[4] = {192, 0, 2, 1}, kA2[4] = {192, 0, 2, 2}, kB1[4] = {198, 51, 100, 1};
const uint8_t kV6a[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
const uint8_t kV6b[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2};

void test_ike_add_find_replace(void**) {
    KeyStore s;
    assert_int_equal(s.generation(), 0);
    assert_true(s.add_ike(ike(0x6ed2c9b61a19da82ull, 0x7f850b9384535e2full, 0x00)) ==
                AddResult::Added);
    assert_true(s.add_ike(ike(0x1111111111111111ull, 0x2222222222222222ull, 0x80)) ==
                AddResult::Added);
    assert_int_equal(s.ike_count(), 2);
    assert_int_equal(s.generation(), 2);
    const IkeSaKeys* k = s.find_ike(0x6ed2c9b61a19da82ull, 0x7f850b9384535e2full);
    assert_non_null(k);
    ASSERT_BYTES(k->sk_ei, seqv(0x00, 16));
    assert_null(s.find_ike(0x6ed2c9b61a19da82ull, 0));                      // responder SPI matters
    assert_null(s.find_ike(0x7f850b9384535e2full, 0x6ed2c9b61a19da82ull));  // so does the order
    // Same SPI pair: replaced, count unchanged, generation moves.
    assert_true(s.add_ike(ike(0x6ed2c9b61a19da82ull, 0x7f850b9384535e2full, 0xa0)) ==
                AddResult::Replaced);
    assert_int_equal(s.ike_count(), 2);
    assert_int_equal(s.generation(), 3);
    k = s.find_ike(0x6ed2c9b61a19da82ull, 0x7f850b9384535e2full);
    ASSERT_BYTES(k->sk_ei, seqv(0xa0, 16));
    assert_int_equal(s.ike_sas().size(), 2);
}

void test_esp_exact_and_family(void**) {
    KeyStore s;
    s.add_esp(esp(0x77c7a490, "192.0.2.1", "192.0.2.2", 0x10));
    s.add_esp(esp(0x75136679, "192.0.2.2", "192.0.2.1", 0x20));
    assert_int_equal(s.esp_count(), 2);
    const EspSaKeys* k = s.find_esp(0x77c7a490, keys_test::addr4(kA1), keys_test::addr4(kA2));
    assert_non_null(k);
    ASSERT_BYTES(k->encr_key, seqv(0x10, 16));
    // Wrong direction, other address, other family, other SPI.
    assert_null(s.find_esp(0x77c7a490, keys_test::addr4(kA2), keys_test::addr4(kA1)));
    assert_null(s.find_esp(0x77c7a490, keys_test::addr4(kB1), keys_test::addr4(kA2)));
    assert_null(s.find_esp(0x77c7a490, keys_test::addr16(kV6a), keys_test::addr16(kV6b)));
    assert_null(s.find_esp(0x77c7a491, keys_test::addr4(kA1), keys_test::addr4(kA2)));
    // Addresses unknown: the SPI decides.
    assert_non_null(s.find_esp(0x75136679, ByteView(), ByteView()));
    assert_true(s.has_esp_spi(0x75136679));
    assert_false(s.has_esp_spi(0x12345678));
}

void test_esp_wildcards_prefixes(void**) {
    KeyStore s;
    s.add_esp(esp(0x1000, "*", "", 0x10));                      // any -> any
    s.add_esp(esp(0x2000, "192.0.2.0/24", "192.0.*.2", 0x20));  // prefix, per-octet wildcard
    s.add_esp(esp(0x3000, "2001:db8::/32", "2001:db8:1::*", 0x30));
    s.add_esp(esp(0x4000, "192.0.2.1/31", "*", 0x40));  // not octet-aligned prefix
    assert_non_null(s.find_esp(0x1000, keys_test::addr4(kB1), keys_test::addr4(kA1)));
    assert_non_null(s.find_esp(0x1000, keys_test::addr16(kV6a), keys_test::addr16(kV6b)));
    assert_non_null(s.find_esp(0x2000, keys_test::addr4(kA1), keys_test::addr4(kA2)));
    assert_null(s.find_esp(0x2000, keys_test::addr4(kB1), keys_test::addr4(kA2)));
    assert_null(s.find_esp(0x2000, keys_test::addr4(kA1), keys_test::addr4(kA1)));
    // 2001:db8:1::2 matches "2001:db8:1::*", 2001:db8::1 does not.
    assert_non_null(s.find_esp(0x3000, keys_test::addr16(kV6a), keys_test::addr16(kV6b)));
    assert_null(s.find_esp(0x3000, keys_test::addr16(kV6b), keys_test::addr16(kV6a)));
    assert_null(s.find_esp(0x3000, keys_test::addr4(kA1), keys_test::addr4(kA2)));  // family
    // 192.0.2.1/31 covers .0 and .1, not .2.
    assert_non_null(s.find_esp(0x4000, keys_test::addr4(kA1), keys_test::addr4(kB1)));
    assert_null(s.find_esp(0x4000, keys_test::addr4(kA2), keys_test::addr4(kB1)));
}

void test_esp_spi_wildcards(void**) {
    KeyStore s;
    EspSaKeys any = esp(0, "*", "*", 0x10);
    any.spi_mask = 0;
    s.add_esp(any);
    EspSaKeys nib = esp(0x12340000, "*", "*", 0x20);
    nib.spi_mask = 0xffff0000u;  // "0x1234****"
    s.add_esp(nib);
    s.add_esp(esp(0x12345678, "*", "*", 0x30));
    // The exact SPI first, then the most specific wildcard.
    ASSERT_BYTES(s.find_esp(0x12345678, ByteView(), ByteView())->encr_key, seqv(0x30, 16));
    ASSERT_BYTES(s.find_esp(0x1234abcd, ByteView(), ByteView())->encr_key, seqv(0x20, 16));
    ASSERT_BYTES(s.find_esp(0xdeadbeef, ByteView(), ByteView())->encr_key, seqv(0x10, 16));
    assert_true(s.has_esp_spi(0x99999999));
    assert_int_equal(s.esp_count(), 3);
}

void test_esp_specificity_and_replace(void**) {
    KeyStore s;
    s.add_esp(esp(0x5000, "*", "*", 0x10));
    s.add_esp(esp(0x5000, "192.0.2.1", "192.0.2.2", 0x20));
    s.add_esp(esp(0x5000, "192.0.2.0/24", "*", 0x30));
    // Most specific wins whatever the order of adding.
    ASSERT_BYTES(s.find_esp(0x5000, keys_test::addr4(kA1), keys_test::addr4(kA2))->encr_key,
                 seqv(0x20, 16));
    ASSERT_BYTES(s.find_esp(0x5000, keys_test::addr4(kA1), keys_test::addr4(kB1))->encr_key,
                 seqv(0x30, 16));
    ASSERT_BYTES(s.find_esp(0x5000, keys_test::addr4(kB1), keys_test::addr4(kB1))->encr_key,
                 seqv(0x10, 16));
    // Equal specificity: the later one.
    s.add_esp(esp(0x5000, "*", "192.0.2.0/24", 0x40));
    ASSERT_BYTES(s.find_esp(0x5000, keys_test::addr4(kB1), keys_test::addr4(kA1))->encr_key,
                 seqv(0x40, 16));
    ASSERT_BYTES(s.find_esp(0x5000, keys_test::addr4(kA1), keys_test::addr4(kB1))->encr_key,
                 seqv(0x30, 16));
    // Same SPI and patterns: replaced (the prefix is compared by its masked bits).
    const uint64_t g = s.generation();
    assert_true(s.add_esp(esp(0x5000, "192.0.2.77/24", "*", 0x50)) == AddResult::Replaced);
    assert_int_equal(s.esp_count(), 4);
    assert_int_equal(s.generation(), g + 1);
    ASSERT_BYTES(s.find_esp(0x5000, keys_test::addr4(kA1), keys_test::addr4(kB1))->encr_key,
                 seqv(0x50, 16));
    assert_int_equal(s.esp_sas().size(), 4);
}

// Key sets without SPIs wait as candidates; binding one moves it under the SPIs given,
// marks it, keeps earlier pointers valid and leaves the other candidates in order.
void test_unbound_and_bind(void**) {
    KeyStore s;
    s.add_ike(ike(1, 2, 0x00));
    const IkeSaKeys* first = s.find_ike(1, 2);
    for (uint8_t seed : {0x10, 0x20, 0x30}) {
        IkeSaKeys k = ike(0, 0, seed);
        k.spis_given = false;
        assert_true(s.add_ike(std::move(k)) == AddResult::Added);
    }
    assert_int_equal(s.ike_count(), 1);
    assert_int_equal(s.unbound_ike().size(), 3);
    assert_null(s.find_ike(0, 0));  // never found by SPI before binding
    const uint64_t g = s.generation();
    const IkeSaKeys* b = s.bind_ike(1, 0xaaaa, 0xbbbb);
    assert_non_null(b);
    assert_true(b == s.find_ike(0xaaaa, 0xbbbb));
    assert_true(b->bound_by_icv);
    assert_true(b->spis_given);
    ASSERT_BYTES(b->sk_ei, seqv(0x20, 16));
    assert_int_equal(s.generation(), g + 1);
    assert_true(first == s.find_ike(1, 2));
    assert_int_equal(s.unbound_ike().size(), 2);
    ASSERT_BYTES(s.unbound_ike()[0].sk_ei, seqv(0x10, 16));
    ASSERT_BYTES(s.unbound_ike()[1].sk_ei, seqv(0x30, 16));
    assert_null(s.bind_ike(2, 1, 1));  // no such candidate
    assert_true(describe(*b).find("(SPIs bound by ICV)") != std::string::npos);
    assert_true(describe(s.unbound_ike()[0]).find("SPIs not given") != std::string::npos);
    s.clear();
    assert_true(s.unbound_ike().empty());
    assert_true(s.empty());
}

void test_clear_and_generation(void**) {
    KeyStore s;
    s.clear();
    assert_int_equal(s.generation(), 0);  // nothing changed
    s.add_ike(ike(1, 2, 0));
    s.add_esp(esp(7, "*", "*", 0));
    const uint64_t g = s.generation();
    s.clear();
    assert_int_equal(s.generation(), g + 1);
    assert_true(s.empty());
    assert_null(s.find_ike(1, 2));
    assert_null(s.find_esp(7, ByteView(), ByteView()));
}

void test_address_patterns(void**) {
    AddressPattern p;
    assert_string_equal(detail::parse_address_pattern("10.1.0.0/16", p).c_str(), "");
    assert_int_equal(p.specificity(), 16);
    assert_string_equal(detail::parse_address_pattern("*", p).c_str(), "");
    assert_true(p.any());
    assert_string_equal(detail::parse_address_pattern("", p).c_str(), "");
    assert_true(p.any());
    assert_string_equal(detail::parse_address_pattern("2001:db8::1", p).c_str(), "");
    assert_int_equal(p.specificity(), 128);
    assert_string_equal(detail::parse_address_pattern("::ffff:192.0.2.1", p).c_str(), "");
    assert_string_equal(detail::parse_address_pattern("192.0.2", p).c_str(), "not an IPv4 address");
    assert_string_equal(detail::parse_address_pattern("192.0.2.256", p).c_str(),
                        "not an IPv4 address");
    assert_string_equal(detail::parse_address_pattern("1.2.3.4.5", p).c_str(),
                        "not an IPv4 address");
    assert_string_equal(detail::parse_address_pattern("2001:db8::1::2", p).c_str(),
                        "not an IPv6 address");
    assert_string_equal(detail::parse_address_pattern("2001:db8::*::1", p).c_str(),
                        "not an IPv6 address");
    assert_string_equal(detail::parse_address_pattern("10.0.0.0/33", p).c_str(),
                        "prefix length above 32");
    assert_string_equal(detail::parse_address_pattern("10.0.0.0/x", p).c_str(),
                        "bad prefix length");
}

void test_describe_has_no_key_bytes(void**) {
    IkeSaKeys k = ike(0x6ed2c9b61a19da82ull, 0x7f850b9384535e2full, 0xc0);
    k.sk_d = seqv(0xd0, 32);
    k.source.file = "keys.txt";
    k.source.line = 3;
    k.source.format = "native";
    const std::string d = describe(k);
    assert_string_equal(
        d.c_str(),
        "IKE SA 6ed2c9b61a19da82/7f850b9384535e2f ENCR 12/128 INTEG 12 (SK_e 16, SK_a 32, "
        "SK_d 32 octets) from keys.txt:3 (native)");
    EspSaKeys e = esp(0x77c7a490, "192.0.2.1", "192.0.2.2", 0xc0);
    e.esn = true;
    assert_string_equal(
        describe(e).c_str(),
        "ESP SA 0x77c7a490 192.0.2.1 -> 192.0.2.2 ENCR 12/128 ESN (key 16, auth key 0 "
        "octets)");
    assert_true(d.find(keys_test::seq(0xc0, 4)) == std::string::npos);
}

}  // namespace

int main(int argc, char** argv) {
    keys_test::set_source_dir(argc, argv);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ike_add_find_replace),
        cmocka_unit_test(test_esp_exact_and_family),
        cmocka_unit_test(test_esp_wildcards_prefixes),
        cmocka_unit_test(test_esp_spi_wildcards),
        cmocka_unit_test(test_esp_specificity_and_replace),
        cmocka_unit_test(test_unbound_and_bind),
        cmocka_unit_test(test_clear_and_generation),
        cmocka_unit_test(test_address_patterns),
        cmocka_unit_test(test_describe_has_no_key_bytes),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
