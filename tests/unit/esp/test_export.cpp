// export_esp_sa (esp/export.hpp): Wireshark 4.0 esp_sa rows for the SAs that table can
// express, the plugin's native line (commented out) for the others (ChaCha20-Poly1305,
// ESN, ...), and the round trip: the exported text loaded with keys::load_key_text gives
// the same SAs (the rows), and the commented native lines, uncommented, give theirs.
// <sstream> before cmocka.h (via esp_test.hpp), whose fail() macro rewrites basic_ios::fail.
#include <algorithm>
#include <sstream>
#include <string>

#include "esp_test.hpp"

#include "esp/export.hpp"
#include "keys/key_file.hpp"

using namespace ikev2;
using namespace ikev2::keys;

namespace {

// The SAs, as native key lines (key_file.hpp f), so that the patterns carry their text.
const char* const kKeys =
    "esp spi=0x01020304 src=192.0.2.1 dst=198.51.100.2 encr=AES_CBC_128 "
    "key=000102030405060708090a0b0c0d0e0f integ=AUTH_HMAC_SHA2_256_128 "
    "auth_key=101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f\n"
    "esp spi=0xa0b0c0d0 src=2001:db8::1 dst=2001:db8::2 encr=3DES "
    "key=303132333435363738393a3b3c3d3e3f4041424344454647 integ=HMAC_MD5_96 "
    "auth_key=505152535455565758595a5b5c5d5e5f\n"
    "esp spi=0x00000077 encr=AES_GCM_16_128 key=606162636465666768696a6b6c6d6e6f70717273\n"
    "esp spi=0x0000abcd src=10.0.0.1 dst=10.0.0.2 encr=NULL integ=HMAC_SHA1_96 "
    "auth_key=808182838485868788898a8b8c8d8e8f90919293\n"
    // Not expressible in Wireshark 4.0's esp_sa: ChaCha20-Poly1305, ESN, AES-XCBC.
    "esp spi=0xc0c0c0c0 src=192.0.2.1 dst=198.51.100.2 encr=CHACHA20_POLY1305 "
    "key=a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3\n"
    "esp spi=0x0e5e0e5e src=192.0.2.1 dst=198.51.100.2 encr=AES_CBC_256 "
    "key=d0d1d2d3d4d5d6d7d8d9dadbdcdddedfe0e1e2e3e4e5e6e7e8e9eaebecedeeef "
    "integ=HMAC_SHA2_512_256 auth_key=" "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff" "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff"
    "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff" "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff esn\n"
    "esp spi=0x0000cbc5 src=192.0.2.9 dst=192.0.2.8 encr=AES_CBC_128 "
    "key=000102030405060708090a0b0c0d0e0f integ=AES_XCBC_96 auth_key=0f0e0d0c0b0a09080706050403020100\n";

std::vector<const EspSaKeys*> by_spi(const KeyStore& s) {
    std::vector<const EspSaKeys*> v = s.esp_sas();
    std::sort(v.begin(), v.end(), [](const EspSaKeys* a, const EspSaKeys* b) { return a->spi < b->spi; });
    return v;
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string l; std::getline(in, l);) out.push_back(l);
    return out;
}

bool has_line(const std::vector<std::string>& lines, const std::string& want) {
    for (const auto& l : lines)
        if (l == want) return true;
    std::fprintf(stderr, "missing line: %s\n", want.c_str());
    return false;
}

void load(const std::string& text, KeyStore& out) {
    LoadResult r = load_key_text(text, "test", out);
    for (const auto& e : r.errors) std::fprintf(stderr, "%s\n", e.to_string().c_str());
    assert_true(r.ok());
}

// The same SA, whatever the format it came from.
void expect_same(const EspSaKeys& a, const EspSaKeys& b) {
    assert_int_equal(a.spi, b.spi);
    assert_int_equal(a.spi_mask, b.spi_mask);
    assert_int_equal(static_cast<int>(a.family), static_cast<int>(b.family));
    assert_true(a.src.same_as(b.src));
    assert_true(a.dst.same_as(b.dst));
    assert_int_equal(a.encr_id, b.encr_id);
    assert_int_equal(a.encr_key_bits, b.encr_key_bits);
    assert_true(a.encr_key == b.encr_key);
    assert_int_equal(a.integ_id, b.integ_id);
    assert_true(a.integ_key == b.integ_key);
    assert_int_equal(a.icv_unchecked, b.icv_unchecked);
    assert_int_equal(a.esn, b.esn);
}

void test_rows_and_native_lines(void**) {
    KeyStore src;
    load(kKeys, src);
    assert_int_equal(src.esp_count(), 7);
    const std::string text = esp::export_esp_sa(by_spi(src));
    std::fprintf(stderr, "%s", text.c_str());
    const auto lines = lines_of(text);
    assert_true(has_line(lines,
        "\"IPv4\",\"192.0.2.1\",\"198.51.100.2\",\"0x01020304\",\"AES-CBC [RFC3602]\","
        "\"0x000102030405060708090a0b0c0d0e0f\",\"HMAC-SHA-256-128 [RFC4868]\","
        "\"0x101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f\""));
    assert_true(has_line(lines,
        "\"IPv6\",\"2001:db8::1\",\"2001:db8::2\",\"0xa0b0c0d0\",\"TripleDES-CBC [RFC2451]\","
        "\"0x303132333435363738393a3b3c3d3e3f4041424344454647\",\"HMAC-MD5-96 [RFC2403]\","
        "\"0x505152535455565758595a5b5c5d5e5f\""));
    assert_true(has_line(lines,
        "\"IPv4\",\"10.0.0.1\",\"10.0.0.2\",\"0x0000abcd\",\"NULL\",\"0x\",\"HMAC-SHA-1-96 [RFC2404]\","
        "\"0x808182838485868788898a8b8c8d8e8f90919293\""));
    assert_true(has_line(lines,
        "\"Any\",\"*\",\"*\",\"0x00000077\",\"AES-GCM with 16 octet ICV [RFC4106]\","
        "\"0x606162636465666768696a6b6c6d6e6f70717273\",\"NULL\",\"0x\""));
    assert_true(has_line(lines,
        "# esp spi=0xc0c0c0c0 src=192.0.2.1 dst=198.51.100.2 encr=28/0 integ=0 "
        "key=a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3 auth_key=-"));
    assert_true(has_line(lines,
        "# esp spi=0x0e5e0e5e src=192.0.2.1 dst=198.51.100.2 encr=12/256 integ=14 "
        "key=d0d1d2d3d4d5d6d7d8d9dadbdcdddedfe0e1e2e3e4e5e6e7e8e9eaebecedeeef auth_key="
        "f0f1f2f3f4f5f6f7f8f9fafbfcfdfefff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff"
        "f0f1f2f3f4f5f6f7f8f9fafbfcfdfefff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff esn"));
    assert_true(has_line(lines,
        "# esp spi=0x0000cbc5 src=192.0.2.9 dst=192.0.2.8 encr=12/128 integ=5 "
        "key=000102030405060708090a0b0c0d0e0f auth_key=0f0e0d0c0b0a09080706050403020100"));
    size_t rows = 0, commented = 0;
    for (const auto& l : lines) {
        rows += !l.empty() && l[0] == '"';
        commented += l.rfind("# esp ", 0) == 0;
    }
    assert_int_equal(rows, 4);
    assert_int_equal(commented, 3);
}

// Loading the export gives back the SAs of the rows; the commented native lines, once
// uncommented, give back the others.
void test_round_trip(void**) {
    KeyStore src;
    load(kKeys, src);
    const auto sas = by_spi(src);
    const std::string text = esp::export_esp_sa(sas);

    KeyStore rows;
    load(text, rows);
    assert_int_equal(rows.esp_count(), 4);

    std::string uncommented;
    for (const auto& l : lines_of(text))
        if (l.rfind("# esp ", 0) == 0) uncommented += l.substr(2) + "\n";
    KeyStore natives;
    load(uncommented, natives);
    assert_int_equal(natives.esp_count(), 3);

    for (const EspSaKeys* k : sas) {
        const ByteView s(k->src.bytes.data(), k->src.any() ? 0 : k->src.family == AddressFamily::IPv4 ? 4 : 16);
        const ByteView d(k->dst.bytes.data(), k->dst.any() ? 0 : k->dst.family == AddressFamily::IPv4 ? 4 : 16);
        const EspSaKeys* back = rows.find_esp(k->spi, s, d);
        if (!back) back = natives.find_esp(k->spi, s, d);
        if (!back) fail_msg("SA 0x%08x not read back", k->spi);
        expect_same(*k, *back);
    }
}

// Loading the export (native lines uncommented) must give back `row`'s SA.
void expect_round_trip_of_row(const char* row) {
    KeyStore src;
    load(row, src);
    const auto sas = by_spi(src);
    assert_int_equal(sas.size(), 1);
    const std::string text = esp::export_esp_sa(sas);
    std::fprintf(stderr, "%s", text.c_str());
    std::string all;
    for (const auto& l : lines_of(text)) all += (l.rfind("# esp ", 0) == 0 ? l.substr(2) : l) + "\n";
    KeyStore back;
    load(all, back);
    assert_int_equal(back.esp_count(), 1);
    const EspSaKeys* got = back.esp_sas()[0];
    std::fprintf(stderr, "read back: spi 0x%08x mask 0x%08x integ %u unchecked ICV %u\n", got->spi,
                 got->spi_mask, got->integ_id, got->icv_unchecked);
    expect_same(*sas[0], *got);
}

// An ICV skipped unchecked ("ANY 96 bit authentication [no checking]", icv_unchecked 12).
void test_round_trip_unchecked_icv(void**) {
    expect_round_trip_of_row(
        "\"IPv4\",\"192.0.2.1\",\"192.0.2.2\",\"0x00001111\",\"AES-CBC [RFC3602]\","
        "\"0x000102030405060708090a0b0c0d0e0f\",\"ANY 96 bit authentication [no checking]\",\"\"\n");
}

// A wildcard SPI ("0x1234****", spi_mask 0xffff0000), which esp_sa rows allow.
void test_round_trip_spi_wildcard(void**) {
    expect_round_trip_of_row(
        "\"IPv4\",\"192.0.2.1\",\"192.0.2.2\",\"0x1234****\",\"AES-CBC [RFC3602]\","
        "\"0x000102030405060708090a0b0c0d0e0f\",\"HMAC-SHA-1-96 [RFC2404]\","
        "\"0x000102030405060708090a0b0c0d0e0f10111213\"\n");
}

// The older ciphers and the 96-bit SHA-256 and RIPEMD MACs are written as esp_sa rows
// with Wireshark's names, and read back as the same SAs.
void test_round_trip_older_algorithms(void**) {
    const std::string k8 = "0001020304050607", k16 = k8 + "08090a0b0c0d0e0f";
    const std::string k20 = k16 + "10111213", k24 = k16 + "1011121314151617";
    const std::string k32 = k24 + "18191a1b1c1d1e1f";
    // The native line's algorithms and keys, and the esp_sa names the row must carry.
    const std::string cases[][3] = {
        {"encr=DES_CBC key=" + k8 + " integ=HMAC_SHA2_256_96 auth_key=" + k32,
         "DES-CBC [RFC2405]", "HMAC-SHA-256-96 [draft-ietf-ipsec-ciph-sha-256-00]"},
        {"encr=CAST_CBC_128 key=" + k16 + " integ=HMAC_RIPEMD_160_96 auth_key=" + k20,
         "CAST5-CBC [RFC2144]", "MAC-RIPEMD-160-96 [RFC2857]"},
        {"encr=BLOWFISH_CBC_192 key=" + k24 + " integ=HMAC_SHA1_96 auth_key=" + k20,
         "BLOWFISH-CBC [RFC2451]", "HMAC-SHA-1-96 [RFC2404]"},
        {"encr=BLOWFISH_CBC_256 key=" + k32 + " integ=HMAC_MD5_96 auth_key=" + k16,
         "BLOWFISH-CBC [RFC2451]", "HMAC-MD5-96 [RFC2403]"},
        {"encr=TWOFISH_CBC_128 key=" + k16 + " integ=HMAC_SHA2_256_96 auth_key=" + k32,
         "TWOFISH-CBC", "HMAC-SHA-256-96 [draft-ietf-ipsec-ciph-sha-256-00]"},
        {"encr=TWOFISH_CBC_256 key=" + k32 + " integ=HMAC_RIPEMD_160_96 auth_key=" + k20,
         "TWOFISH-CBC", "MAC-RIPEMD-160-96 [RFC2857]"},
    };
    for (const auto& c : cases) {
        const std::string line = "esp spi=0x00002222 src=192.0.2.1 dst=192.0.2.2 " + c[0] + "\n";
        KeyStore src;
        load(line, src);
        const std::string text = esp::export_esp_sa(by_spi(src));
        bool row = false;
        for (const auto& l : lines_of(text)) {
            if (l.empty() || l[0] != '"') continue;
            row = l.find("\"" + c[1] + "\"") != std::string::npos &&
                  l.find("\"" + c[2] + "\"") != std::string::npos;
        }
        if (!row)
            fail_msg("no esp_sa row with %s / %s in:\n%s", c[1].c_str(), c[2].c_str(),
                     text.c_str());
        expect_round_trip_of_row(line.c_str());
    }
}

// The RFC 8750 ciphers have no name in Wireshark 4.0's esp_sa (4.6 added them): written
// as native lines, commented out, which give the same SA back.
void test_round_trip_implicit_iv(void**) {
    const std::string k20 = "000102030405060708090a0b0c0d0e0f10111213";
    const std::string k36 = k20 + "1415161718191a1b1c1d1e1f20212223";
    const std::string lines[][2] = {
        {"encr=AES_GCM_16_IIV_128 key=" + k20, "encr=30/128 integ=0 key=" + k20},
        {"encr=CHACHA20_POLY1305_IIV key=" + k36, "encr=31/0 integ=0 key=" + k36},
    };
    for (const auto& l : lines) {
        const std::string line = "esp spi=0x00003333 src=192.0.2.1 dst=192.0.2.2 " + l[0] + "\n";
        KeyStore src;
        load(line, src);
        const auto text_lines = lines_of(esp::export_esp_sa(by_spi(src)));
        const std::string want =
            "# esp spi=0x00003333 src=192.0.2.1 dst=192.0.2.2 " + l[1] + " auth_key=-";
        assert_true(has_line(text_lines, want));
        expect_round_trip_of_row(line.c_str());
    }
}

void test_empty_and_null(void**) {
    const std::string text = esp::export_esp_sa({nullptr});
    for (const auto& l : lines_of(text)) assert_true(l.empty() || l[0] == '#');
    KeyStore s;
    load(text, s);
    assert_int_equal(s.esp_count(), 0);
}

}  // namespace

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rows_and_native_lines),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_round_trip_unchecked_icv),
        cmocka_unit_test(test_round_trip_spi_wildcard),
        cmocka_unit_test(test_round_trip_older_algorithms),
        cmocka_unit_test(test_round_trip_implicit_iv),
        cmocka_unit_test(test_empty_and_null),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
