// crypto::prf and prf+ (prf.hpp): PRF known answers from the RFCs (HMAC PRFs and the
// AES-XCBC / AES-CMAC PRFs with their key processing for keys that are not 16 octets),
// and prf+ (RFC 7296 2.13) against values computed independently.
#include "crypto_test.hpp"

#include "crypto/prf.hpp"

using namespace ikev2;
using namespace ikev2::crypto;
using crypto_test::Bytes;
using crypto_test::hex;
using crypto_test::repeat;
using crypto_test::text;

namespace {

Bytes counting(size_t n, unsigned first = 0) {
    Bytes b;
    for (size_t i = 0; i < n; i++) b.u8(static_cast<unsigned>((first + i) & 0xff));
    return b;
}

void expect_prf(uint16_t id, const Bytes& key, const Bytes& data, const Bytes& want,
                const char* ref) {
    std::vector<uint8_t> out;
    Status s = prf(id, key.view(), data.view(), out);
    if (s != Status::Ok) fail_msg("%s: %s", ref, status_text(s));
    if (out.size() != want.size() || std::memcmp(out.data(), want.data(), want.size()) != 0)
        fail_msg("%s: got %s", ref, crypto_test::to_hex(out.data(), out.size()).c_str());
}

// HMAC PRFs (RFC 2104 via RFC 7296 3.3.2): the PRF output is the full HMAC.
void test_hmac_prfs(void**) {
    // RFC 2202 section 2, HMAC-MD5 test case 2.
    expect_prf(transform::kPrfHmacMd5, text("Jefe"), text("what do ya want for nothing?"),
               hex("750c783e6ab0b503eaa86e310a5db738"), "RFC 2202 MD5 tc2");
    // RFC 2202 section 3, HMAC-SHA-1 test case 1.
    expect_prf(transform::kPrfHmacSha1, repeat(0x0b, 20), text("Hi There"),
               hex("b617318655057264e28bc0b6fb378c8ef146be00"), "RFC 2202 SHA1 tc1");
    // RFC 4231 section 4.3, test case 2 (HMAC-SHA-256).
    expect_prf(transform::kPrfHmacSha2_256, text("Jefe"), text("what do ya want for nothing?"),
               hex("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
               "RFC 4231 tc2 SHA256");
    // RFC 4231 section 4.2, test case 1 (HMAC-SHA-384).
    expect_prf(transform::kPrfHmacSha2_384, repeat(0x0b, 20), text("Hi There"),
               hex("afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59c"
                   "faea9ea9076ede7f4af152e8b2fa9cb6"),
               "RFC 4231 tc1 SHA384");
    // RFC 4231 section 4.5, test case 4 (HMAC-SHA-512, 25-octet key).
    expect_prf(transform::kPrfHmacSha2_512, counting(25, 1), repeat(0xcd, 50),
               hex("b0ba465637458c6990e5a8c5f61d4af7e576d97ff94b872de76f8050361ee3db"
                   "a91ca5c11aa25eb4d679275cc5788063a5f19741120c4f2de2adebeb10a298dd"),
               "RFC 4231 tc4 SHA512");
}

// RFC 4434 section 2.1 test vectors: AES-XCBC-PRF-128 over the 20-octet message
// 000102..13 with a 16-octet key (as RFC 3566 test case 4), a 10-octet key (padded with
// zeros) and an 18-octet key (first reduced with AES-XCBC-MAC under the zero key).
void test_aes_xcbc_prf_rfc4434(void**) {
    const Bytes msg = counting(20);
    expect_prf(transform::kPrfAes128Xcbc, counting(16), msg,
               hex("47f51b4564966215b8985c63055ed308"), "RFC 4434 16-octet key");
    expect_prf(transform::kPrfAes128Xcbc, counting(10), msg,
               hex("0fa087af7d866e7653434e602fdde835"), "RFC 4434 10-octet key");
    expect_prf(transform::kPrfAes128Xcbc, counting(16).add(hex("edcb")), msg,
               hex("8cd3c93ae598a9803006ffb67c40e9e4"), "RFC 4434 18-octet key");
}

// RFC 4615 section 4 test vectors: AES-CMAC-PRF-128 over 000102..13 with an 18-, 16- and
// 10-octet key (keys other than 16 octets become AES-CMAC(0^128, key)).
void test_aes_cmac_prf_rfc4615(void**) {
    const Bytes msg = counting(20);
    expect_prf(transform::kPrfAes128Cmac, counting(16).add(hex("edcb")), msg,
               hex("84a348a4a45d235babfffc0d2b4da09a"), "RFC 4615 18-octet key");
    expect_prf(transform::kPrfAes128Cmac, counting(16), msg,
               hex("980ae87b5f4c9c5214f5b6a8455e4c2d"), "RFC 4615 16-octet key");
    expect_prf(transform::kPrfAes128Cmac, counting(10), msg,
               hex("290d9e112edb09ee141fcf64c0b72f3d"), "RFC 4615 10-octet key");
}

// prf+ (RFC 7296 2.13). No RFC publishes prf+ vectors; the expected values were computed
// once, independently of this code, with prf_plus_reference.py beside this file
// (hmac/hashlib for the HMAC PRFs; the `cryptography` package's AES-ECB and CMAC for
// AES-XCBC and AES-CMAC, its XCBC a separate implementation first checked against
// RFC 3566 test case 4 and RFC 4434), as T1 = prf(K, S | 0x01), Tn = prf(K, Tn-1 | S | n).
// The seed is shaped like the SKEYSEED one: Ni (a0..af) | Nr (b0..bf) | SPIi | SPIr.
Bytes seed() {
    return hex("a0a1a2a3a4a5a6a7a8a9aaabacadaeaf b0b1b2b3b4b5b6b7b8b9babbbcbdbebf"
               "0123456789abcdef fedcba9876543210");
}

void expect_prf_plus(uint16_t id, const Bytes& key, size_t len, const Bytes& want,
                     const char* what) {
    std::vector<uint8_t> out;
    Status s = prf_plus(id, key.view(), seed().view(), len, out);
    if (s != Status::Ok) fail_msg("%s: %s", what, status_text(s));
    if (out.size() != want.size() || std::memcmp(out.data(), want.data(), want.size()) != 0)
        fail_msg("%s: got %s", what, crypto_test::to_hex(out.data(), out.size()).c_str());
}

void test_prf_plus(void**) {
    expect_prf_plus(transform::kPrfHmacMd5, counting(16, 0x10), 40,
                    hex("f55709e458f198f688162b33f9243a8b1f300f04b0e4756d082ce43d9c2132a4"
                        "ab8e7fca62570a2f"),
                    "HMAC-MD5, 40 octets");
    expect_prf_plus(transform::kPrfHmacSha1, counting(20), 100,
                    hex("97d38baea5f8503337ae01d021fb31677ed9638c54221b4ea4d76f0a1defc484"
                        "c7fd8349d7b781386c8c0c1f3b23656b4950086f2c21c557f53d8665074a96b9"
                        "90a668d56fff275604b839ba01ab440d12c13b76ba0c421c7b31d00244c38879"
                        "7289de28"),
                    "HMAC-SHA1, 100 octets");
    expect_prf_plus(transform::kPrfHmacSha2_256, counting(32, 0x40), 200,
                    hex("7478a0af4b7df210e14b49f53d1a775c247aa76c1183c7bdbe77481fecb9d4e5"
                        "0eb1cf0148201d2c2bd586dcefb82dff41587bc2f54e5bc5c759710b282ab9c1"
                        "43dbbb9cb0093a7128f95f78f944285b26377e668ecd2d00683f93d2a429a198"
                        "1cb94a5fa8dc060ecf28dc629a6c79630eb017ed889a171ac5a6f8baab911c94"
                        "8ab4ac6c750766adc23e8128feb55b933b6241ec381174afef6707a9a08e7de4"
                        "98bcec0e2b25b7685d21b2c8748900abf9a001ae312e860aa6633d73a71063e3"
                        "e21126e9b7f9ace0"),
                    "HMAC-SHA2-256, 200 octets");
    expect_prf_plus(transform::kPrfHmacSha2_512, counting(64, 0x40), 130,
                    hex("a9cabba5a6a67812f5a9ab5276dd1493cf526d0772bf4ecb24b885fc21cd9ff4"
                        "dd864491fcbf680619c63f4d94a59026d10a007c1bbef6b5869813722877c1bd"
                        "e781fdba4f0130e9ed6843b9a6ea09a7daca15deddea0cd2ac6711a5b8e3de3b"
                        "0bbf945389912d2d1e9405583774186a364bc63d6dced47cdeb0c29bf21b334d"
                        "44e7"),
                    "HMAC-SHA2-512, 130 octets");
    expect_prf_plus(transform::kPrfAes128Xcbc, counting(16), 50,
                    hex("ffcc1e3eaaaa497d80c7c3a30f68c6d3fd2296f1706f3bc7123146c981af3d75"
                        "09496cb8c22fba772091485b15b74a78ced2"),
                    "AES-XCBC, 50 octets");
    expect_prf_plus(transform::kPrfAes128Cmac, counting(16), 50,
                    hex("d66652becb03b6e81b84125078a349dd281194a92ba605647447db2fbd0bb9a5"
                        "2e74e5b8114f6999a7079db49b9bf7853a20"),
                    "AES-CMAC, 50 octets");
    // The AES PRF key processing applies to prf+ keys as well (RFC 4434 2, RFC 4615 3).
    expect_prf_plus(transform::kPrfAes128Xcbc, counting(20, 0x30), 36,
                    hex("12ecadd28fb899eebf8fc738c44b83940379ab8ef4a86eda1a1099b12f5f8fb1"
                        "d2619363"),
                    "AES-XCBC, 20-octet key, 36 octets");
    expect_prf_plus(transform::kPrfAes128Cmac, counting(10, 0x30), 36,
                    hex("e5acbf32381557134d2bd08a970dc3239a71b8c2f51cb4073322a12a6dd71724"
                        "22bbd05a"),
                    "AES-CMAC, 10-octet key, 36 octets");
}

// prf+ stops at 255 blocks: the counter is one octet. The 254th and 255th blocks
// (counters 0xfe, 0xff) checked against prf_plus_reference.py.
void test_prf_plus_limits(void**) {
    std::vector<uint8_t> out;
    const Bytes k = counting(16);
    EXPECT_STATUS(prf_plus(transform::kPrfAes128Cmac, k.view(), seed().view(), 255 * 16, out),
                  Status::Ok);
    assert_int_equal(out.size(), 255 * 16);
    EXPECT_RAW(out.data() + 253 * 16, 16, hex("ed7122979d57f18e14417dd829d8beb9"));
    EXPECT_RAW(out.data() + 254 * 16, 16, hex("78053e623597c548be58f4935bcaa9af"));
    EXPECT_STATUS(prf_plus(transform::kPrfAes128Cmac, k.view(), seed().view(), 255 * 16 + 1, out),
                  Status::BadLength);
    assert_int_equal(out.size(), 0);
    EXPECT_STATUS(prf_plus(transform::kPrfHmacSha1, k.view(), seed().view(), 0, out), Status::Ok);
    assert_int_equal(out.size(), 0);
}

void test_prf_object_and_errors(void**) {
    std::vector<uint8_t> out;
    // PRF_HMAC_TIGER (3) and unassigned IDs are not supported.
    EXPECT_STATUS(prf(3, text("k").view(), text("d").view(), out), Status::UnsupportedAlgorithm);
    EXPECT_STATUS(prf(99, text("k").view(), text("d").view(), out), Status::UnsupportedAlgorithm);
    EXPECT_STATUS(prf_plus(0, text("k").view(), text("d").view(), 10, out),
                  Status::UnsupportedAlgorithm);
    assert_int_equal(out.size(), 0);

    Prf p;
    assert_null(p.algorithm());
    EXPECT_STATUS(p.compute(text("d").view(), out), Status::UnsupportedAlgorithm);
    EXPECT_STATUS(p.open(transform::kPrfHmacSha1, repeat(0x0b, 20).view()), Status::Ok);
    assert_int_equal(p.size(), 20);
    assert_string_equal(p.algorithm()->name, "PRF_HMAC_SHA1");
    // One keyed Prf, used twice, then for prf+: the key is kept.
    for (int i = 0; i < 2; i++) {
        EXPECT_STATUS(p.compute(text("Hi There").view(), out), Status::Ok);
        EXPECT_BYTES(out, hex("b617318655057264e28bc0b6fb378c8ef146be00"));
    }
    std::vector<uint8_t> plus;
    EXPECT_STATUS(p.plus(text("Hi There").view(), 20, plus), Status::Ok);
    assert_int_equal(plus.size(), 20);
    // T1 = prf(K, S | 0x01), so it differs from prf(K, S).
    assert_memory_not_equal(plus.data(), out.data(), 20);
}

}  // namespace

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hmac_prfs),
        cmocka_unit_test(test_aes_xcbc_prf_rfc4434),
        cmocka_unit_test(test_aes_cmac_prf_rfc4615),
        cmocka_unit_test(test_prf_plus),
        cmocka_unit_test(test_prf_plus_limits),
        cmocka_unit_test(test_prf_object_and_errors),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
