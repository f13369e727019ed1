// crypto::Mac (mac.hpp): known answers for every INTEG transform's MAC, from the RFCs'
// published test cases, full length and truncated as the INTEG transforms use them;
// streaming, reuse and key checks.
#include "crypto_test.hpp"

#include "crypto/mac.hpp"

using namespace ikev2;
using namespace ikev2::crypto;
using crypto_test::Bytes;
using crypto_test::hex;
using crypto_test::repeat;
using crypto_test::text;

namespace {

struct Vec {
    const char* ref;
    MacAlgo algo;
    Bytes key;
    Bytes data;
    Bytes mac;  // full or truncated; compared over its own length
};

void run(const std::vector<Vec>& vs) {
    for (const Vec& v : vs) {
        Mac m;
        if (m.open(v.algo, v.key.view()) != Status::Ok) fail_msg("%s: open failed", v.ref);
        std::vector<uint8_t> out(v.mac.size());
        if (!m.compute(v.data.view(), out.data(), out.size())) fail_msg("%s: compute failed", v.ref);
        if (std::memcmp(out.data(), v.mac.data(), out.size()) != 0)
            fail_msg("%s: got %s", v.ref, crypto_test::to_hex(out.data(), out.size()).c_str());
    }
}

Bytes key25() {  // 0x01 .. 0x19
    Bytes k;
    for (unsigned i = 1; i <= 25; i++) k.u8(i);
    return k;
}

Bytes counting(size_t n) {  // 0x00, 0x01, ...
    Bytes b;
    for (size_t i = 0; i < n; i++) b.u8(static_cast<unsigned>(i & 0xff));
    return b;
}

const char kTc6[] = "Test Using Larger Than Block-Size Key - Hash Key First";
const char kTc7Rfc2202[] = "Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data";
const char kTc7Rfc4231[] =
    "This is a test using a larger than block-size key and a larger than block-size data. "
    "The key needs to be hashed before being used by the HMAC algorithm.";
const char kJefeData[] = "what do ya want for nothing?";

// RFC 2202 section 2: HMAC-MD5 test cases 1-7 (AUTH_HMAC_MD5_96 = the first 12 octets,
// RFC 2403).
void test_hmac_md5_rfc2202(void**) {
    run({
        {"RFC 2202 MD5 tc1", MacAlgo::HmacMd5, repeat(0x0b, 16), text("Hi There"),
         hex("9294727a3638bb1c13f48ef8158bfc9d")},
        {"RFC 2202 MD5 tc2", MacAlgo::HmacMd5, text("Jefe"), text(kJefeData),
         hex("750c783e6ab0b503eaa86e310a5db738")},
        {"RFC 2202 MD5 tc3", MacAlgo::HmacMd5, repeat(0xaa, 16), repeat(0xdd, 50),
         hex("56be34521d144c88dbb8c733f0e8b3f6")},
        {"RFC 2202 MD5 tc4", MacAlgo::HmacMd5, key25(), repeat(0xcd, 50),
         hex("697eaf0aca3a3aea3a75164746ffaa79")},
        // Test case 5 publishes the 96-bit truncation too: HMAC-MD5-96.
        {"RFC 2202 MD5 tc5", MacAlgo::HmacMd5, repeat(0x0c, 16), text("Test With Truncation"),
         hex("56461ef2342edc00f9bab995690efd4c")},
        {"RFC 2202 MD5 tc5 96", MacAlgo::HmacMd5, repeat(0x0c, 16), text("Test With Truncation"),
         hex("56461ef2342edc00f9bab995")},
        {"RFC 2202 MD5 tc6", MacAlgo::HmacMd5, repeat(0xaa, 80), text(kTc6),
         hex("6b1ab7fe4bd7bf8f0b62e6ce61b9d0cd")},
        {"RFC 2202 MD5 tc7", MacAlgo::HmacMd5, repeat(0xaa, 80), text(kTc7Rfc2202),
         hex("6f630fad67cda0ee1fb1f562db3aa53e")},
    });
}

// RFC 2202 section 3: HMAC-SHA-1 test cases 1-7 (AUTH_HMAC_SHA1_96, RFC 2404).
void test_hmac_sha1_rfc2202(void**) {
    run({
        {"RFC 2202 SHA1 tc1", MacAlgo::HmacSha1, repeat(0x0b, 20), text("Hi There"),
         hex("b617318655057264e28bc0b6fb378c8ef146be00")},
        {"RFC 2202 SHA1 tc2", MacAlgo::HmacSha1, text("Jefe"), text(kJefeData),
         hex("effcdf6ae5eb2fa2d27416d5f184df9c259a7c79")},
        {"RFC 2202 SHA1 tc3", MacAlgo::HmacSha1, repeat(0xaa, 20), repeat(0xdd, 50),
         hex("125d7342b9ac11cd91a39af48aa17b4f63f175d3")},
        {"RFC 2202 SHA1 tc4", MacAlgo::HmacSha1, key25(), repeat(0xcd, 50),
         hex("4c9007f4026250c6bc8414f9bf50c86c2d7235da")},
        {"RFC 2202 SHA1 tc5", MacAlgo::HmacSha1, repeat(0x0c, 20), text("Test With Truncation"),
         hex("4c1a03424b55e07fe7f27be1d58bb9324a9a5a04")},
        {"RFC 2202 SHA1 tc5 96", MacAlgo::HmacSha1, repeat(0x0c, 20), text("Test With Truncation"),
         hex("4c1a03424b55e07fe7f27be1")},
        {"RFC 2202 SHA1 tc6", MacAlgo::HmacSha1, repeat(0xaa, 80), text(kTc6),
         hex("aa4ae5e15272d00e95705637ce8a3b55ed402112")},
        {"RFC 2202 SHA1 tc7", MacAlgo::HmacSha1, repeat(0xaa, 80), text(kTc7Rfc2202),
         hex("e8e99d0f45237d786d6bbaa7965c7808bbff1a91")},
    });
}

// RFC 4231 section 4: HMAC-SHA-256 test cases 1-7 (test case 5 is published truncated
// to 128 bits).
void test_hmac_sha256_rfc4231(void**) {
    const MacAlgo a = MacAlgo::HmacSha256;
    run({
        {"RFC 4231 tc1 SHA256", a, repeat(0x0b, 20), text("Hi There"),
         hex("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")},
        {"RFC 4231 tc2 SHA256", a, text("Jefe"), text(kJefeData),
         hex("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")},
        {"RFC 4231 tc3 SHA256", a, repeat(0xaa, 20), repeat(0xdd, 50),
         hex("773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe")},
        {"RFC 4231 tc4 SHA256", a, key25(), repeat(0xcd, 50),
         hex("82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b")},
        {"RFC 4231 tc5 SHA256", a, repeat(0x0c, 20), text("Test With Truncation"),
         hex("a3b6167473100ee06e0c796c2955552b")},
        {"RFC 4231 tc6 SHA256", a, repeat(0xaa, 131), text(kTc6),
         hex("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")},
        {"RFC 4231 tc7 SHA256", a, repeat(0xaa, 131), text(kTc7Rfc4231),
         hex("9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2")},
    });
}

// RFC 4231 section 4: HMAC-SHA-384 test cases 1-7.
void test_hmac_sha384_rfc4231(void**) {
    const MacAlgo a = MacAlgo::HmacSha384;
    run({
        {"RFC 4231 tc1 SHA384", a, repeat(0x0b, 20), text("Hi There"),
         hex("afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59c"
             "faea9ea9076ede7f4af152e8b2fa9cb6")},
        {"RFC 4231 tc2 SHA384", a, text("Jefe"), text(kJefeData),
         hex("af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e"
             "8e2240ca5e69e2c78b3239ecfab21649")},
        {"RFC 4231 tc3 SHA384", a, repeat(0xaa, 20), repeat(0xdd, 50),
         hex("88062608d3e6ad8a0aa2ace014c8a86f0aa635d947ac9febe83ef4e55966144b"
             "2a5ab39dc13814b94e3ab6e101a34f27")},
        {"RFC 4231 tc4 SHA384", a, key25(), repeat(0xcd, 50),
         hex("3e8a69b7783c25851933ab6290af6ca77a9981480850009cc5577c6e1f573b4e"
             "6801dd23c4a7d679ccf8a386c674cffb")},
        {"RFC 4231 tc5 SHA384", a, repeat(0x0c, 20), text("Test With Truncation"),
         hex("3abf34c3503b2a23a46efc619baef897")},
        {"RFC 4231 tc6 SHA384", a, repeat(0xaa, 131), text(kTc6),
         hex("4ece084485813e9088d2c63a041bc5b44f9ef1012a2b588f3cd11f05033ac4c6"
             "0c2ef6ab4030fe8296248df163f44952")},
        {"RFC 4231 tc7 SHA384", a, repeat(0xaa, 131), text(kTc7Rfc4231),
         hex("6617178e941f020d351e2f254e8fd32c602420feb0b8fb9adccebb82461e99c5"
             "a678cc31e799176d3860e6110c46523e")},
    });
}

// RFC 4231 section 4: HMAC-SHA-512 test cases 1-7.
void test_hmac_sha512_rfc4231(void**) {
    const MacAlgo a = MacAlgo::HmacSha512;
    run({
        {"RFC 4231 tc1 SHA512", a, repeat(0x0b, 20), text("Hi There"),
         hex("87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde"
             "daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854")},
        {"RFC 4231 tc2 SHA512", a, text("Jefe"), text(kJefeData),
         hex("164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
             "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737")},
        {"RFC 4231 tc3 SHA512", a, repeat(0xaa, 20), repeat(0xdd, 50),
         hex("fa73b0089d56a284efb0f0756c890be9b1b5dbdd8ee81a3655f83e33b2279d39"
             "bf3e848279a722c806b485a47e67c807b946a337bee8942674278859e13292fb")},
        {"RFC 4231 tc4 SHA512", a, key25(), repeat(0xcd, 50),
         hex("b0ba465637458c6990e5a8c5f61d4af7e576d97ff94b872de76f8050361ee3db"
             "a91ca5c11aa25eb4d679275cc5788063a5f19741120c4f2de2adebeb10a298dd")},
        {"RFC 4231 tc5 SHA512", a, repeat(0x0c, 20), text("Test With Truncation"),
         hex("415fad6271580a531d4179bc891d87a6")},
        {"RFC 4231 tc6 SHA512", a, repeat(0xaa, 131), text(kTc6),
         hex("80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f352"
             "6b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598")},
        {"RFC 4231 tc7 SHA512", a, repeat(0xaa, 131), text(kTc7Rfc4231),
         hex("e37b6a775dc87dbaa4dfa9f96e5e3ffddebd71f8867289865df5a32d20cdc944"
             "b6022cac3c4982b10d5eeb55c3e4de15134676fb6de0446065c97440fa8c6a58")},
    });
}

// Known answers run through an INTEG table entry: its key size, its MAC and its ICV
// length (the truncation) must all agree with the case.
struct IntegCase {
    const char* ref;
    uint16_t id;
    Bytes key;
    Bytes data;
    Bytes icv;
};

void run_integ(const std::vector<IntegCase>& cases) {
    for (const IntegCase& c : cases) {
        const IntegAlgorithm* i = find_integ(c.id);
        if (!i) fail_msg("%s: no INTEG %u", c.ref, c.id);
        assert_int_equal(i->key_size, c.key.size());
        assert_int_equal(i->icv_size, c.icv.size());
        Mac m;
        EXPECT_STATUS(m.open(i->mac, c.key.view()), Status::Ok);
        std::vector<uint8_t> out(i->icv_size);
        assert_true(m.compute(c.data.view(), out.data(), out.size()));
        if (std::memcmp(out.data(), c.icv.data(), out.size()) != 0)
            fail_msg("%s: got %s", c.ref, crypto_test::to_hex(out.data(), out.size()).c_str());
    }
}

// RFC 4868 section 2.7.2: the AUTH256/384/512 test cases, with keys of the integrity
// transform's own size and the truncated ICV (AUTH_HMAC_SHA2_256_128, _384_192,
// _512_256). Run through the INTEG table entries.
void test_integ_sha2_rfc4868(void**) {
    run_integ({
        {"RFC 4868 AUTH256-1", transform::kIntegHmacSha2_256_128, repeat(0x0b, 32), text("Hi There"),
         hex("198a607eb44bfbc69903a0f1cf2bbdc5")},
        {"RFC 4868 AUTH256-2", transform::kIntegHmacSha2_256_128, text("JefeJefeJefeJefeJefeJefeJefeJefe"),
         text(kJefeData), hex("167f928588c5cc2eef8e3093caa0e87c")},
        {"RFC 4868 AUTH256-3", transform::kIntegHmacSha2_256_128, repeat(0xaa, 32), repeat(0xdd, 50),
         hex("cdcb1220d1ecccea91e53aba3092f962")},
        {"RFC 4868 AUTH384-1", transform::kIntegHmacSha2_384_192, repeat(0x0b, 48), text("Hi There"),
         hex("b6a8d5636f5c6a7224f9977dcf7ee6c7fb6d0c48cbdee973")},
        {"RFC 4868 AUTH384-2", transform::kIntegHmacSha2_384_192,
         text("JefeJefeJefeJefeJefeJefeJefeJefeJefeJefeJefeJefe"), text(kJefeData),
         hex("2c7353974f1842fd66d53c452ca42122b28c0b594cfb184d")},
        {"RFC 4868 AUTH384-3", transform::kIntegHmacSha2_384_192, repeat(0xaa, 48), repeat(0xdd, 50),
         hex("809f439be00274321d4a538652164b53554a508184a0c316")},
        {"RFC 4868 AUTH512-1", transform::kIntegHmacSha2_512_256, repeat(0x0b, 64), text("Hi There"),
         hex("637edc6e01dce7e6742a99451aae82df23da3e92439e590e43e761b33e910fb8")},
        {"RFC 4868 AUTH512-2", transform::kIntegHmacSha2_512_256,
         text("JefeJefeJefeJefeJefeJefeJefeJefeJefeJefeJefeJefeJefeJefeJefeJefe"), text(kJefeData),
         hex("cb370917ae8a7ce28cfd1d8f4705d6141c173b2a9362c15df235dfb251b15454")},
        {"RFC 4868 AUTH512-3", transform::kIntegHmacSha2_512_256, repeat(0xaa, 64), repeat(0xdd, 50),
         hex("2ee7acd783624ca9398710f3ee05ae41b9f9b0510c87e49e586cc9bf961733d8")},
    });
}

// HMAC-SHA-256-96 (draft-ietf-ipsec-ciph-sha-256-00, strongSwan's AUTH_HMAC_SHA2_256_96):
// the same 32-octet key as AUTH_HMAC_SHA2_256_128, the ICV cut to 12 octets. The draft
// publishes no vectors: RFC 4868 2.7.2.1's AUTH256 cases, whose full HMAC-SHA-256 the
// RFC gives, truncated to 96 bits.
void test_integ_sha256_96(void**) {
    const uint16_t id = transform::kIntegHmacSha2_256_96;
    run_integ({
        // Full value 198a607eb44bfbc69903a0f1cf2bbdc5ba0aa3f3d9ae3c1c7a3b1696a0b68cf7.
        {"RFC 4868 AUTH256-1, 96 bits", id, repeat(0x0b, 32), text("Hi There"),
         hex("198a607eb44bfbc69903a0f1")},
        {"RFC 4868 AUTH256-2, 96 bits", id, text("JefeJefeJefeJefeJefeJefeJefeJefe"),
         text(kJefeData), hex("167f928588c5cc2eef8e3093")},
        {"RFC 4868 AUTH256-3, 96 bits", id, repeat(0xaa, 32), repeat(0xdd, 50),
         hex("cdcb1220d1ecccea91e53aba")},
    });
}

// RFC 2286: HMAC-RIPEMD-160 test cases 1, 2, 5 and 6 (full length); HMAC-RIPEMD-160-96
// (RFC 2857, 20-octet key, 12-octet ICV) through its INTEG entry: test cases 1 and 5
// (whose 96-bit value RFC 2286 publishes) truncated.
void test_hmac_ripemd160_rfc2286(void**) {
    const MacAlgo a = MacAlgo::HmacRipemd160;
    run({
        {"RFC 2286 RIPEMD160 tc1", a, repeat(0x0b, 20), text("Hi There"),
         hex("24cb4bd67d20fc1a5d2ed7732dcc39377f0a5668")},
        {"RFC 2286 RIPEMD160 tc2", a, text("Jefe"), text(kJefeData),
         hex("dda6c0213a485a9e24f4742064a7f033b43c4069")},
        {"RFC 2286 RIPEMD160 tc5", a, repeat(0x0c, 20), text("Test With Truncation"),
         hex("7619693978f91d90539ae786500ff3d8e0518e39")},
        {"RFC 2286 RIPEMD160 tc6", a, repeat(0xaa, 80), text(kTc6),
         hex("6466ca07ac5eac29e1bd523e5ada7605b791fd8b")},
    });
    const uint16_t id = transform::kIntegHmacRipemd160_96;
    run_integ({
        {"RFC 2286 tc1, 96 bits", id, repeat(0x0b, 20), text("Hi There"),
         hex("24cb4bd67d20fc1a5d2ed773")},
        {"RFC 2286 tc5, 96 bits", id, repeat(0x0c, 20), text("Test With Truncation"),
         hex("7619693978f91d90539ae786")},
    });
}

// RFC 3566 section 4.6: AES-XCBC-MAC-96 test cases 1-7 (the full 128-bit value is
// published beside each 96-bit one; AUTH_AES_XCBC_96 sends the first 12 octets).
void test_aes_xcbc_rfc3566(void**) {
    const Bytes k = hex("000102030405060708090a0b0c0d0e0f");
    const MacAlgo a = MacAlgo::AesXcbc;
    run({
        {"RFC 3566 tc1 (0 octets)", a, k, Bytes(), hex("75f0251d528ac01c4573dfd584d79f29")},
        {"RFC 3566 tc1 96", a, k, Bytes(), hex("75f0251d528ac01c4573dfd5")},
        {"RFC 3566 tc2 (3 octets)", a, k, counting(3), hex("5b376580ae2f19afe7219ceef172756f")},
        {"RFC 3566 tc3 (16 octets)", a, k, counting(16), hex("d2a246fa349b68a79998a4394ff7a263")},
        {"RFC 3566 tc4 (20 octets)", a, k, counting(20), hex("47f51b4564966215b8985c63055ed308")},
        {"RFC 3566 tc5 (32 octets)", a, k, counting(32), hex("f54f0ec8d2b9f3d36807734bd5283fd4")},
        {"RFC 3566 tc6 (34 octets)", a, k, counting(34), hex("becbb3bccdb518a30677d5481fb6b4d8")},
        {"RFC 3566 tc7 (1000 zero octets)", a, k, repeat(0, 1000),
         hex("f0dafee895db30253761103b5d84528f")},
    });
}

// RFC 4493 section 4: AES-CMAC examples 1-4; RFC 4494 test cases 1-4 (AES-CMAC-96): the
// same four, truncated to 96 bits.
void test_aes_cmac_rfc4493_rfc4494(void**) {
    const Bytes k = hex("2b7e151628aed2a6abf7158809cf4f3c");
    const Bytes m64 = hex(
        "6bc1bee22e409f96e93d7e117393172a ae2d8a571e03ac9c9eb76fac45af8e51"
        "30c81c46a35ce411e5fbc1191a0a52ef f69f2445df4f9b17ad2b417be66c3710");
    Bytes m16 = crypto_test::from_prefix(m64, 16);
    Bytes m40 = crypto_test::from_prefix(m64, 40);
    const MacAlgo a = MacAlgo::AesCmac;
    run({
        {"RFC 4493 example 1", a, k, Bytes(), hex("bb1d6929e95937287fa37d129b756746")},
        {"RFC 4493 example 2", a, k, m16, hex("070a16b46b4d4144f79bdd9dd04a287c")},
        {"RFC 4493 example 3", a, k, m40, hex("dfa66747de9ae63030ca32611497c827")},
        {"RFC 4493 example 4", a, k, m64, hex("51f0bebf7e3b9d92fc49741779363cfe")},
        {"RFC 4494 test case 1", a, k, Bytes(), hex("bb1d6929e95937287fa37d12")},
        {"RFC 4494 test case 2", a, k, m16, hex("070a16b46b4d4144f79bdd9d")},
        {"RFC 4494 test case 3", a, k, m40, hex("dfa66747de9ae63030ca3261")},
        {"RFC 4494 test case 4", a, k, m64, hex("51f0bebf7e3b9d92fc497417")},
    });
}

// Data fed in pieces (across block boundaries) gives the one-shot MAC; a keyed Mac can
// be reused for many messages (begin() resets the state, not the key).
void test_streaming_and_reuse(void**) {
    const Bytes data = counting(100);
    const MacAlgo algos[] = {MacAlgo::HmacMd5,    MacAlgo::HmacSha1,   MacAlgo::HmacSha256,
                             MacAlgo::HmacSha384, MacAlgo::HmacSha512, MacAlgo::AesXcbc,
                             MacAlgo::AesCmac,    MacAlgo::HmacRipemd160};
    const size_t cuts[] = {0, 1, 15, 16, 17, 32, 33, 99, 100};
    for (MacAlgo a : algos) {
        Mac m;
        EXPECT_STATUS(m.open(a, repeat(0x5a, 16).view()), Status::Ok);
        assert_true(m.is_open());
        assert_int_equal(m.size(), mac_output_size(a));
        std::vector<uint8_t> whole(m.size()), again(m.size()), piece(m.size());
        assert_true(m.compute(data.view(), whole.data(), whole.size()));
        assert_true(m.compute(data.view(), again.data(), again.size()));
        assert_memory_equal(whole.data(), again.data(), whole.size());
        for (size_t cut : cuts) {
            assert_true(m.begin());
            assert_true(m.update(data.data(), cut));
            assert_true(m.update(data.data() + cut, data.size() - cut));
            assert_true(m.finish(piece.data(), piece.size()));
            assert_memory_equal(whole.data(), piece.data(), whole.size());
        }
        // Truncation is a prefix; asking for more than the MAC fails.
        std::vector<uint8_t> shortmac(12);
        assert_true(m.compute(data.view(), shortmac.data(), shortmac.size()));
        assert_memory_equal(whole.data(), shortmac.data(), 12);
        std::vector<uint8_t> toolong(m.size() + 1);
        assert_false(m.compute(data.view(), toolong.data(), toolong.size()));
    }
}

void test_key_checks(void**) {
    Mac m;
    EXPECT_STATUS(m.open(MacAlgo::None, Bytes().view()), Status::UnsupportedAlgorithm);
    assert_false(m.is_open());
    assert_int_equal(m.size(), 0);
    uint8_t out[16];
    assert_false(m.compute(Bytes().view(), out, sizeof out));
    EXPECT_STATUS(m.open(MacAlgo::AesXcbc, repeat(1, 15).view()), Status::BadKeyLength);
    EXPECT_STATUS(m.open(MacAlgo::AesXcbc, repeat(1, 17).view()), Status::BadKeyLength);
    EXPECT_STATUS(m.open(MacAlgo::AesCmac, repeat(1, 32).view()), Status::BadKeyLength);
    assert_false(m.is_open());
    // HMAC takes any key, even an empty one (RFC 2104: the key is zero-padded, so the
    // empty key equals one zero octet). Value from Python's hmac (prf_plus_reference.py).
    EXPECT_STATUS(m.open(MacAlgo::HmacSha256, Bytes().view()), Status::Ok);
    std::vector<uint8_t> full(32);
    assert_true(m.compute(text("abc").view(), full.data(), full.size()));
    EXPECT_BYTES(full, hex("fd7adb152c05ef80dccf50a1fa4c05d5a3ec6da95575fc312ae7c5d091836351"));
    // Moving keeps the keyed state.
    Mac moved(std::move(m));
    std::vector<uint8_t> again(32);
    assert_true(moved.compute(text("abc").view(), again.data(), again.size()));
    EXPECT_BYTES(again, full);
}

}  // namespace

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hmac_md5_rfc2202),
        cmocka_unit_test(test_hmac_sha1_rfc2202),
        cmocka_unit_test(test_hmac_sha256_rfc4231),
        cmocka_unit_test(test_hmac_sha384_rfc4231),
        cmocka_unit_test(test_hmac_sha512_rfc4231),
        cmocka_unit_test(test_integ_sha2_rfc4868),
        cmocka_unit_test(test_integ_sha256_96),
        cmocka_unit_test(test_hmac_ripemd160_rfc2286),
        cmocka_unit_test(test_aes_xcbc_rfc3566),
        cmocka_unit_test(test_aes_cmac_rfc4493_rfc4494),
        cmocka_unit_test(test_streaming_and_reuse),
        cmocka_unit_test(test_key_checks),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
