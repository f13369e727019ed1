// EspCipher (esp/esp_cipher.hpp): published ESP packets decrypted whole, from the SPI to
// the ICV, and compared with the published plaintext; then packets built here with
// libgcrypt directly (esp_test.hpp: its own counter blocks, nonces, AAD and ICV input) for
// every ENCR / INTEG combination the core supports, with and without extended sequence
// numbers; tampering, lengths, padding, in-place payloads and create() errors.
//
// Sources of the published packets (copied byte for byte, see each table):
// - RFC 3602 section 4, cases #5 to #8 (AES-CBC ESP, no authentication);
// - RFC 7634 Appendix A (ChaCha20-Poly1305 ESP);
// - draft-mcgrew-gcm-test-01, "Test Cases for the use of GCM and GMAC in IPsec ESP":
//   its AES-GCM-ESP test cases (section 4; several with 64-bit extended sequence numbers)
//   and its ENCR_NULL_AUTH_AES_GMAC (RFC 4543) test case;
// - RFC 8750 (implicit IV) publishes none: packets built by iiv_reference.py with
//   Python's `cryptography`, independently of libgcrypt.
#include "esp_test.hpp"

#include <memory>

#include "esp/esp_cipher.hpp"

using namespace ikev2;
using namespace ikev2::crypto;
using namespace ikev2::esp;
using crypto_test::hex;
using esp_test::Built;
using esp_test::BuildOptions;
using esp_test::Bytes;
using esp_test::Suite;
using esp_test::build_esp;
using esp_test::make_suite;

namespace tr = ikev2::crypto::transform;

namespace {

constexpr uint32_t kSpi = 0xc0ffee01;

std::unique_ptr<EspCipher> cipher_for(const crypto::Transforms& t, const Bytes& ek, const Bytes& ik) {
    std::unique_ptr<EspCipher> c;
    Status st = EspCipher::create(t, ek.view(), ik.view(), c);
    EXPECT_STATUS(st, Status::Ok);
    assert_non_null(c.get());
    return c;
}

crypto::Transforms transforms_of(const Suite& s) {
    crypto::Transforms t;
    t.encr_id = s.encr->id;
    t.encr_key_bits = s.encr->key_bits;
    t.integ_id = s.integ->id;
    t.esn = s.esn;
    return t;
}

std::unique_ptr<EspCipher> cipher_for(const Suite& s) {
    return cipher_for(transforms_of(s), s.encr_key, s.integ_key);
}

// The plaintext a successful decrypt() produced: in `out`, or in the packet.
const uint8_t* plaintext_of(const EspResult& r, const Bytes& packet, const uint8_t* out) {
    return r.in_place ? packet.data() + r.encrypted.off : out;  // views with base 0
}

// ---- RFC 3602 section 4, cases #5 - #8 --------------------------------------------------

// Each case lists the packet with its outer IPv4 header; EspCipher takes it from the SPI,
// so the rows start at "SPI/Seq #". Payload: the "Data" the case encrypts (before
// padding); pad / nh: the Pad Length and Next Header it appends.
struct CbcCase {
    const char* name;
    const char* key;
    const char* packet;  // SPI | Seq | IV | Encrypted Data
    const char* payload;
    uint8_t pad_length, next_header;
};

const CbcCase kRfc3602[] = {
    {"#5 transport-mode ESP, 64-byte ping",
     "90d382b4 10eeba7a d938c46c ec1a82bf",
     "00004321 00000001"
     "e96e8c08 ab465763 fd098d45 dd3ff893"
     "f663c25d 325c18c6 a9453e19 4e120849 a4870b66 cc6b9965 330013b4 898dc856"
     "a4699e52 3a55db08 0b59ec3a 8e4b7e52 775b07d1 db34ed9c 538ab50c 551b874a"
     "a269add0 47ad2d59 13ac19b7 cfbad4a6",
     "08000ebd a70a0000 8e9c083d b95b0700 08090a0b 0c0d0e0f 10111213 14151617"
     "18191a1b 1c1d1e1f 20212223 24252627 28292a2b 2c2d2e2f 30313233 34353637",
     14, 1},
    {"#6 transport-mode ESP, ping with 28-octet payload",
     "90d382b4 10eeba7a d938c46c ec1a82bf",
     "00004321 00000008"
     "69d08df7 d203329d b093fc49 24e5bd80"
     "f5199588 1ec4e0c4 488987ce 742e8109 689bb379 d2d750c0 d915dca3 46a89f75",
     "0800b5e8 a80a0500 a69c083d 0b660e00 77777777 77777777 77777777",
     2, 1},
    {"#7 tunnel-mode ESP, 64-byte ping",
     "01234567 89abcdef 01234567 89abcdef",
     "00008765 00000002"
     "f4e76524 4f6407ad f13dc138 0f673f37"
     "773b5241 a4c44922 5e4f3ce5 ed611b0c 237ca96c f74a9301 3c1b0ea1 a0cf70f8"
     "e4ecaec7 8ac53aad 7a0f022b 859243c6 47752e94 a859352b 8a4d4d2d ecd136e5"
     "c177f132 ad3fbfb2 201ac990 4c74ee0a 109e0ca1 e4dfe9d5 a100b842 f1c22f0d",
     "45000054 09040000 4001f988 c0a87b03 c0a87bc8 08009f76 a90a0100 b49c083d"
     "02a20400 08090a0b 0c0d0e0f 10111213 14151617 18191a1b 1c1d1e1f 20212223"
     "24252627 28292a2b 2c2d2e2f 30313233 34353637",
     10, 4},
    {"#8 tunnel-mode ESP, ping with 40-octet payload",
     "01234567 89abcdef 01234567 89abcdef",
     "00008765 00000005"
     "85d47224 b5f3dd5d 2101d4ea 8dffab22"
     "15b92683 819596a8 047232cc 00f7048f e45318e1 1f8a0f62 ede3c3fc 61203bb5"
     "0f980a08 c9843fd3 a1b06d5c 07ff9639 b7eb7dfb 3512e5de 435e7207 ed971ef3"
     "d2726d9b 5ef6affc 6d17a0de cbb13892",
     "45000044 090c0000 4001f990 c0a87b03 c0a87bc8 0800d63c aa0a0200 c69c083d"
     "a3de0300 ffffffff ffffffff ffffffff ffffffff ffffffff ffffffff ffffffff"
     "ffffffff",
     10, 4},
};

void test_rfc3602_cases_5_to_8(void**) {
    for (const CbcCase& k : kRfc3602) {
        std::fprintf(stderr, "RFC 3602 case %s\n", k.name);
        crypto::Transforms t;
        t.encr_id = tr::kEncrAesCbc;
        t.encr_key_bits = 128;
        t.integ_id = tr::kIntegNone;
        const Bytes key = hex(k.key), packet = hex(k.packet), payload = hex(k.payload);
        auto c = cipher_for(t, key, Bytes());
        assert_int_equal(c->iv_size(), 16);
        assert_int_equal(c->icv_size(), 0);
        assert_false(c->in_place());
        std::vector<uint8_t> out(packet.size());
        EspResult r = c->decrypt(packet.view(), 0, out.data());
        EXPECT_STATUS(r.status, Status::Ok);
        assert_false(r.integrity_checked);
        assert_false(r.in_place);
        EXPECT_SPAN(r.iv, 8, 16);
        EXPECT_SPAN(r.encrypted, 24, static_cast<uint32_t>(packet.size() - 24));
        EXPECT_SPAN(r.icv, static_cast<uint32_t>(packet.size()), 0);
        assert_int_equal(r.plain_len, packet.size() - 24);
        assert_int_equal(r.payload_len, payload.size());
        EXPECT_RAW(out.data(), r.payload_len, payload);
        assert_int_equal(r.pad_length, k.pad_length);
        assert_int_equal(r.next_header, k.next_header);
        // The cases pad with 1, 2, 3, ... (RFC 4303 2.4).
        assert_false(r.nonstandard_padding);
    }
}

// ---- RFC 7634 Appendix A ------------------------------------------------------------------

void test_rfc7634_appendix_a(void**) {
    // KEYMAT (key | salt), SPI 0x01020304, Sequence Number 5, IV 1011121314151617.
    const Bytes keymat = hex(
        "80 81 82 83 84 85 86 87 88 89 8a 8b 8c 8d 8e 8f"
        "90 91 92 93 94 95 96 97 98 99 9a 9b 9c 9d 9e 9f"
        "a0 a1 a2 a3");
    Bytes packet = hex("01 02 03 04 00 00 00 05 10 11 12 13 14 15 16 17");
    packet.hex(
        "24 03 94 28 b9 7f 41 7e 3c 13 75 3a 4f 05 08 7b"
        "67 c3 52 e6 a7 fa b1 b9 82 d4 66 ef 40 7a e5 c6"
        "14 ee 80 99 d5 28 44 eb 61 aa 95 df ab 4c 02 f7"
        "2a a7 1e 7c 4c 4f 64 c9 be fe 2f ac c6 38 e8 f3"
        "cb ec 16 3f ac 46 9b 50 27 73 f6 fb 94 e6 64 da"
        "91 65 b8 28 29 f6 41 e0");
    packet.hex("76 aa a8 26 6b 7f b0 f7 b1 1b 36 99 07 e1 ad 43");  // tag
    // The published plaintext: an ICMP echo in IPv4, Padding 01 02, Pad Length 2, Next
    // Header 4 (IPv4).
    const Bytes plain = hex(
        "45 00 00 54 a6 f2 00 00 40 01 e7 78 c6 33 64 05"
        "c0 00 02 05 08 00 5b 7a 3a 08 00 00 55 3b ec 10"
        "00 07 36 27 08 09 0a 0b 0c 0d 0e 0f 10 11 12 13"
        "14 15 16 17 18 19 1a 1b 1c 1d 1e 1f 20 21 22 23"
        "24 25 26 27 28 29 2a 2b 2c 2d 2e 2f 30 31 32 33"
        "34 35 36 37 01 02 02 04");
    crypto::Transforms t;
    t.encr_id = tr::kEncrChaCha20Poly1305;
    auto c = cipher_for(t, keymat, Bytes());
    assert_int_equal(c->iv_size(), 8);
    assert_int_equal(c->icv_size(), 16);
    std::vector<uint8_t> out(packet.size());
    EspResult r = c->decrypt(packet.view(), 0, out.data());
    EXPECT_STATUS(r.status, Status::Ok);
    assert_true(r.integrity_checked);
    EXPECT_RAW(out.data(), r.plain_len, plain);
    assert_int_equal(r.payload_len, 84);
    assert_int_equal(r.pad_length, 2);
    assert_int_equal(r.next_header, 4);
    assert_false(r.nonstandard_padding);
    EXPECT_SPAN(r.icv, static_cast<uint32_t>(packet.size() - 16), 16);

    // The same packet read as an ESN SA (high half 0) has a different AAD: it must fail.
    t.esn = true;
    auto c2 = cipher_for(t, keymat, Bytes());
    r = c2->decrypt(packet.view(), 0, out.data());
    EXPECT_STATUS(r.status, Status::AeadTagMismatch);
}

// ---- draft-mcgrew-gcm-test-01: AES-GCM-ESP --------------------------------------------

// Each case as the draft gives it: key, nonce (salt | IV), AAD (SPI | SN, or SPI | ESN
// high | ESN low for the 64-bit sequence numbers), plaintext (Payload .. Next Header) and
// the packet from the SPI to the ICV. All use ENCR_AES_GCM_16.
struct GcmCase {
    const char* key;
    const char* nonce;
    const char* aad;
    const char* plaintext;
    const char* packet;
};

const GcmCase kGcm[] = {
    // 1: AES-128, 64-bit ESN 8765432100000000.
    {"4c80cdefbb5d10da906ac73c3613a634", "2e443b684956ed7e3b244cfe", "000043218765432100000000",
     "45000048699a000080114db7c0a80102c0a801010a9bf15638d3010000010000"
     "00000000045f736970045f7564700373697009637962657263697479"
     "02646b000021000101020201",
     "00004321000000004956ed7e3b244cfe"
     "fecf537e729d5b07dc30df528dd22b768d1b98736696a6fd348509fa13ceac34"
     "cfa2436f14a3f3cf65925bf1f4a13c5d15b21e1884f5ff6247aeabb786b93bce"
     "61bc17d768fd9732459018148f6cbe722fd04796562dfdb4"},
    // 2: AES-128, 32-bit SN.
    {"feffe9928665731c6d6a8f9467308308", "cafebabefacedbaddecaf888", "0000a5f80000000a",
     "4500003e698f000080114dccc0a80102c0a801010a980035002a2343b2d00100"
     "0001000000000000037369700963796265726369747902646b00000100010001",
     "0000a5f80000000afacedbaddecaf888"
     "deb22cd9b07c72c16e3a65beeb8df304a5a5897d33ae530f1ba76d5d114d2a5c"
     "3de81827c10e9a4f51330d0eec416642cfbb85a5b47e48a4ec3b9ba95d918bd1"
     "83b70d3aa8bc6ee4c309e9d85a41ad4a"},
    // 3: AES-256.
    {"abbccddef00112233445566778899aababbccddef00112233445566778899aab",
     "112233440102030405060708", "4a2cbfe300000002",
     "4500003069a6400080062690c0a801029389155e0a9e008b2dc57ee000000000"
     "7002400020bf0000020405b40101040201020201",
     "4a2cbfe3000000020102030405060708"
     "ff425c9b724599df7a3bcd510194e00d6a78107f1b0b1cbf06efae9d65a5d763"
     "748a637985771d347f0545659f14e99def842d8eb335f4eecfdbf831824b4c49"
     "15956c96"},
    // 4: all-zero key and nonce.
    {"00000000000000000000000000000000", "000000000000000000000000", "0000000000000001",
     "4500003c99c500008001cb7a40679318010101010800075c0200440061626364"
     "65666768696a6b6c6d6e6f707172737475767761626364656667686901020201",
     "00000000000000010000000000000000"
     "4688daf2f973a392732909c331d56d60f694abaa414b5e7ff5fdcdfff5e9a284"
     "456476492719ffb64de7d9dca1e1d894bc3bd57873ed4d181d19d4d5c8c18af3"
     "f821d496eeb096e98ad2b69e4799c71d"},
    // 5: AES-128, 64-bit ESN 1010101010101010.
    {"3de09874b388e6491988d0c3607eae1f", "57690e434e280000a2fca1a3", "42f67e3f1010101010101010",
     "4500003c99c300008001cb7c40679318010101010800085c0200430061626364"
     "65666768696a6b6c6d6e6f707172737475767761626364656667686901020201",
     "42f67e3f101010104e280000a2fca1a3"
     "fba2caa4853cf9f0f22cb10d86dd83b0fec75691cf1a04b00d1138ec9c357917"
     "65acbd8701ad79845bf9fe3fba487bc91755e6662b4c8d0d1f5e22739530320a"
     "e0d731cc978ecafaeae88f00e80d6e48"},
    // 6: the same SA, a 28-octet ICMP packet.
    {"3de09874b388e6491988d0c3607eae1f", "57690e434e280000a2fca1a3", "42f67e3f1010101010101010",
     "4500001c42a200008001441f406793b6e00000020a00f5ff01020201",
     "42f67e3f101010104e280000a2fca1a3"
     "fba2ca845e5df9f0f22c3e6e86dd831e1fc65792cd1af9130e1379ed369f071f"
     "35e034be95f112e4e7d05d35"},
    // 7: AES-192.
    {"feffe9928665731c6d6a8f9467308308feffe9928665731c", "cafebabefacedbaddecaf888",
     "0000a5f80000000a",
     "45000028a4ad4000400678800a01038f0a010612802306b8cb712602dd6bb03e501016d075680001",
     "0000a5f80000000afacedbaddecaf888"
     "a5b1f8066029aea40e598b8122de02420938b3ab33f828e687b8858b5bfbdbd0"
     "315b27452144cc7795457b9652037f5318027b5b4cd7a636"},
    // 8: AES-128, 64-bit ESN 0000000000000001.
    {"abbccddef00112233445566778899aab", "decaf888cafedebaceface74", "000001000000000000000001",
     "4500004933ba00007f119106c3fb1d10c2b1d326c02831ce0035dd7b800302d5"
     "00004e20001e8c18d75b81dc91baa0476b91b924b280389d92c963bac046ec95"
     "9b6266c04722b14923010101",
     "0000010000000001cafedebaceface74"
     "18a6fd42f72cbf4ab2a2ea901f73d814e3e7f243d95412e1c349c1d2fbec168f"
     "9190feebaf2cb01984e65863965d7472b79da345e0e780191f0d2f0e0f496c22"
     "6f2127b27db35724e7845d68651f57e65f354f75ff17015769623436"},
    // 9: AES-256, 64-bit ESN 156f3126dd0db99b.
    {"abbccddef00112233445566778899aababbccddef00112233445566778899aab",
     "73616c74616e640169766563", "17405e67156f3126dd0db99b",
     "45080028732c00004006e9f90a0106120a01038f06b88023dd6bafbecb712602"
     "50101f646d540001",
     "17405e67dd0db99b616e640169766563"
     "f2d69ecdbd5a0d5b8d5ef38bad4da58d1f278fde98ef67549d524a3018d9a57f"
     "f4d3a31ce673119e451626c2415771e3b7eebca614c89b35"},
    // 10: AES-128, 64-bit ESN 1010101010101010, a 73-octet UDP packet.
    {"3de09874b388e6491988d0c3607eae1f", "57690e434e280000a2fca1a3", "42f67e3f1010101010101010",
     "45000049333e00007f119182c3fb1d10c2b1d326c02831ce0035cb458003025b"
     "000001e0001e8c18d65759d52284a0352c71475c8880391c764d6e5ee0496b32"
     "5ae270c03899493915010101",
     "42f67e3f101010104e280000a2fca1a3"
     "fba2cad12fc1f9f00d3cebf305410db83d7784b607323d220f24b0a97d541828"
     "00cadb0f68d99ef0e0c0c89ae9bea8884e52d65bc1afd0740f742444747b5b39"
     "ab533163aad4550ee5160975cdb608c5769189609763b8e18caa81e2"},
    // 11: AES-256, 64-bit ESN 156f3126dd0db99b, text payload.
    {"abbccddef00112233445566778899aababbccddef00112233445566778899aab",
     "73616c74616e640169766563", "17405e67156f3126dd0db99b",
     "636973636f0172756c65730174686501"
     "6e6574776501646566696e6501746865746563686e6f6c6f6769657301746861"
     "7477696c6c01646566696e65746f6d6f72726f7701020201",
     "17405e67dd0db99b616e640169766563"
     "d4b7ed86a1777f2ea13d6973d324c69e7b43f826fb56831226508bebd2dceb18"
     "d0a6df10e5487df074113e14c641024e3e6773d91a62ee429b043a10e3efe6b0"
     "12a49363412364f8c0cac587f249e56b11e24f30e44ccc76"},
    // 12: AES-128, SN ffffffff, no Payload Data (padding and trailer only).
    {"7d773d00c144c525ac619d18c84a3f47", "d966426743457e9182443bc6", "335467aeffffffff",
     "01020201",
     "335467aeffffffff43457e9182443bc6"
     "437f866bcb3f699fe9b0822bac961c4504bef270"},
    // 13: AES-128, 64-bit ESN 0000000000000001, text payload.
    {"abbccddef00112233445566778899aab", "decaf888cafedebaceface74", "000001000000000000000001",
     "746f016265016f72016e6f7401746f0162650001",
     "0000010000000001cafedebaceface74"
     "29c9fc69a197d038ccdd14e2ddfcaa05433321644125035243"
     "03ed3c6c5f283843af8c3e"},
    // 14: AES-256, 64-bit ESN ffffffffffffffff.
    {"6c6567616c697a656d6172696a75616e61616e64646f69746265666f72656961",
     "7475726e333021696765746d", "796b6963ffffffffffffffff",
     "45000030da3a00008001df3bc0a80005c0a800010800c6cd0200070061626364"
     "65666768696a6b6c6d6e6f707172737401020201",
     "796b6963ffffffff333021696765746d"
     "f97ab2aa356d8edce17644ac8c78e25dd24dedbb29ebf1b64a274b39b49c3a86"
     "4cd3d78ca4ae68a32b42458fb57dbe821dcc63b9d0937ba2945f669368661a32"
     "9fb4c053"},
};

uint32_t be32(const uint8_t* p) {
    return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
}

void test_draft_mcgrew_gcm(void**) {
    size_t n = 0, esn_cases = 0;
    for (const GcmCase& k : kGcm) {
        n++;
        std::fprintf(stderr, "draft-mcgrew-gcm-test-01 AES-GCM-ESP case %zu\n", n);
        const Bytes key = hex(k.key), nonce = hex(k.nonce), aad = hex(k.aad),
                    plain = hex(k.plaintext), packet = hex(k.packet);
        assert_int_equal(nonce.size(), 12);
        const bool esn = aad.size() == 12;
        esn_cases += esn;
        // The transcription agrees with itself: the packet carries SPI, low SN and IV.
        assert_memory_equal(packet.data(), aad.data(), 4);
        assert_memory_equal(packet.data() + 4, aad.data() + aad.size() - 4, 4);
        assert_memory_equal(packet.data() + 8, nonce.data() + 4, 8);
        Bytes keymat(key);
        keymat.raw(nonce.data(), 4);  // salt (RFC 4106 8.1)
        crypto::Transforms t;
        t.encr_id = tr::kEncrAesGcm16;
        t.encr_key_bits = static_cast<uint16_t>(key.size() * 8);
        t.esn = esn;
        auto c = cipher_for(t, keymat, Bytes());
        std::vector<uint8_t> out(packet.size());
        const uint32_t hi = esn ? be32(aad.data() + 4) : 0;
        EspResult r = c->decrypt(packet.view(), hi, out.data());
        EXPECT_STATUS(r.status, Status::Ok);
        assert_true(r.integrity_checked);
        EXPECT_RAW(out.data(), r.plain_len, plain);
        assert_int_equal(r.pad_length, plain.data()[plain.size() - 2]);
        assert_int_equal(r.next_header, plain.data()[plain.size() - 1]);
        assert_int_equal(r.payload_len, plain.size() - 2 - r.pad_length);
        if (esn) {
            // Another high half is another AAD.
            r = c->decrypt(packet.view(), hi ^ 1, out.data());
            EXPECT_STATUS(r.status, Status::AeadTagMismatch);
        }
    }
    assert_int_equal(esn_cases, 9);
}

// ---- draft-mcgrew-gcm-test-01: ENCR_NULL_AUTH_AES_GMAC (RFC 4543) ----------------------

void test_draft_mcgrew_gmac(void**) {
    // Key 4c80cdefbb5d10da906ac73c3613a634, salt 22433c64, SPI 00004321, SN 7, IV 0.
    const Bytes keymat = hex("4c80cdefbb5d10da906ac73c3613a634 22433c64");
    const Bytes payload = hex(
        "45000030da3a00008001df3bc0a80005c0a800010800c6cd0200070061626364"
        "65666768696a6b6c6d6e6f707172737401020201");
    Bytes packet = hex("00004321 00000007 0000000000000000");
    packet.add(payload).hex("f2a9a836e155106aa8dcd618e4099aaa");
    crypto::Transforms t;
    t.encr_id = tr::kEncrNullAuthAesGmac;
    t.encr_key_bits = 128;
    auto c = cipher_for(t, keymat, Bytes());
    assert_true(c->in_place());
    // in_place: no buffer needed.
    EspResult r = c->decrypt(packet.view(), 0, nullptr);
    EXPECT_STATUS(r.status, Status::Ok);
    assert_true(r.in_place);
    assert_true(r.integrity_checked);
    EXPECT_SPAN(r.encrypted, 16, static_cast<uint32_t>(payload.size()));
    EXPECT_RAW(packet.data() + r.encrypted.off, r.plain_len, payload);
    assert_int_equal(r.pad_length, 2);
    assert_int_equal(r.next_header, 1);
    assert_int_equal(r.payload_len, payload.size() - 4);

    // The payload is authenticated: one flipped bit anywhere but the ICV fails too.
    for (size_t at : {size_t{0}, size_t{5}, size_t{9}, size_t{16}, size_t{40}, packet.size() - 1}) {
        Bytes bad(packet);
        bad.b[at] ^= 0x04;
        r = c->decrypt(bad.view(), 0, nullptr);
        EXPECT_STATUS(r.status, Status::AeadTagMismatch);
    }
}

// ---- RFC 8750 implicit IV ----------------------------------------------------------------

// RFC 8750 publishes no packets. These were built by iiv_reference.py (beside this file)
// with Python's `cryptography` (OpenSSL), from RFC 8750 3 and RFC 4106 5 / RFC 7634 2.1
// alone: nonce = salt | (ESN high, or 0) | sequence number, AAD = SPI | [ESN high |]
// sequence number, no IV on the wire. The cases use a high half and a low half that
// differ and are not zero, so a nonce built any other way (halves swapped, high half
// dropped, or an IV read from the packet) fails the tag.
struct IivCase {
    const char* name;
    uint16_t encr, bits;
    const char* key;  // key | salt
    bool esn;
    uint32_t seq_hi;
    const char* packet;  // SPI | Seq | ciphertext | tag
};

const char* const kIivInner =
    "450000301234400040110000c0000201c633640713880035001c0000524643203837353020696d706c69636974"
    "204956";

const IivCase kIiv[] = {
    {"GCM-16-IIV-128, no ESN", tr::kEncrAesGcm16Iiv, 128,
     "4c80cdefbb5d55a64a5fdce2e91e2d0f d4f2a981", false, 0,
     "4a2cbfe3 00000005 78670a544049ebaeaa08152c45228ff049da73ae6e32de5fd35cf771d04911855cfdebb3"
     "b05596596530eb72efb07aeca42d26bfec5a32280e7d1e13101c68527ad119e5"},
    {"GCM-16-IIV-128, ESN", tr::kEncrAesGcm16Iiv, 128,
     "4c80cdefbb5d55a64a5fdce2e91e2d0f d4f2a981", true, 3,
     "4a2cbfe3 0000002a 5c2403338786f108aec730c1f08c312351f375ab68b47fd8aa83a96073dfcefeabad57f8"
     "0d5f0f0b90e7978d7de57b3f5a294ab446f0b2bc0be18810091d618553f90753"},
    {"GCM-16-IIV-256, ESN", tr::kEncrAesGcm16Iiv, 256,
     "abbccddef00112233445566778899aabbccddeeff00112233445566778899aab d4f2a981", true, 0x01020304,
     "4a2cbfe3 fffffff0 c6756d35dd20f9ca841549fb0ec3316b08dbc4bff8e5fd6408af6059eac4b7bf62ca795d"
     "7a0f8265918e59031321d4d4cab583565880d6f89770a9f9170d2a70a4f23ad2"},
    {"ChaCha20-Poly1305-IIV, no ESN", tr::kEncrChaCha20Poly1305Iiv, 0,
     "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f a0a1a2a3", false, 0,
     "4a2cbfe3 00000005 40a5015f2d44e1c1c08a3eaeb8fbaf4d47f097d6b55b657ca3502ac428e7b0cda6152523"
     "fd7c2a7e1b73ce3122d0abed051a41261925680ec4f3ca73c2b69f92d751a613"},
    {"ChaCha20-Poly1305-IIV, ESN", tr::kEncrChaCha20Poly1305Iiv, 0,
     "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f a0a1a2a3", true, 3,
     "4a2cbfe3 0000002a a887fb700089cd44a6710b9f594d52e745c8bdfb86ad1322b7d21a6bed45bbb33dea912a"
     "e7bda2fe40c824a84c7d7dabff0d32475478d1daa3f0d17cc15839d163d833ca"},
};

void test_rfc8750_implicit_iv(void**) {
    const Bytes inner = hex(kIivInner);
    for (const IivCase& k : kIiv) {
        std::fprintf(stderr, "RFC 8750 %s\n", k.name);
        crypto::Transforms t;
        t.encr_id = k.encr;
        t.encr_key_bits = k.bits;
        t.esn = k.esn;
        const Bytes key = hex(k.key), packet = hex(k.packet);
        auto c = cipher_for(t, key, Bytes());
        assert_int_equal(c->iv_size(), 0);
        assert_int_equal(c->icv_size(), 16);
        std::vector<uint8_t> out(packet.size(), 0xa5);
        EspResult r = c->decrypt(packet.view(), k.seq_hi, out.data());
        EXPECT_STATUS(r.status, Status::Ok);
        assert_true(r.integrity_checked);
        EXPECT_SPAN(r.iv, 8, 0);
        EXPECT_SPAN(r.encrypted, 8, static_cast<uint32_t>(packet.size() - 8 - 16));
        EXPECT_SPAN(r.icv, static_cast<uint32_t>(packet.size() - 16), 16);
        assert_int_equal(r.payload_len, inner.size());
        EXPECT_RAW(out.data(), r.payload_len, inner);
        assert_int_equal(r.pad_length, 2);
        assert_int_equal(r.next_header, 4);
        assert_false(r.nonstandard_padding);
        // The high half is in the nonce (and the AAD) with ESN: another one fails the tag.
        // Without ESN it is not used at all.
        r = c->decrypt(packet.view(), k.seq_hi + 1, out.data());
        EXPECT_STATUS(r.status, k.esn ? Status::AeadTagMismatch : Status::Ok);
        // The same keys with an IV on the wire (ENCR 20 / 28) read the first 8 octets of the
        // ciphertext as the IV: the tag fails.
        crypto::Transforms explicit_iv = t;
        explicit_iv.encr_id =
            k.encr == tr::kEncrAesGcm16Iiv ? tr::kEncrAesGcm16 : tr::kEncrChaCha20Poly1305;
        auto e = cipher_for(explicit_iv, key, Bytes());
        r = e->decrypt(packet.view(), k.seq_hi, out.data());
        EXPECT_STATUS(r.status, Status::AeadTagMismatch);
    }
}

// ---- Packets built here with libgcrypt -----------------------------------------------------

struct Combo {
    uint16_t encr, bits, integ;
    bool esn;
};

const Combo kCombos[] = {
    {tr::kEncrAesCtr, 128, tr::kIntegHmacSha1_96, false},
    {tr::kEncrAesCtr, 192, tr::kIntegHmacSha1_96, false},
    {tr::kEncrAesCtr, 256, tr::kIntegHmacSha1_96, false},
    {tr::kEncr3Des, 0, tr::kIntegHmacMd5_96, false},
    {tr::kEncrAesCbc, 128, tr::kIntegHmacSha2_256_128, false},
    {tr::kEncrAesCbc, 192, tr::kIntegHmacSha2_384_192, false},
    {tr::kEncrAesCbc, 256, tr::kIntegHmacSha2_512_256, false},
    {tr::kEncrAesCbc, 128, tr::kIntegAesXcbc96, false},
    {tr::kEncrAesCbc, 256, tr::kIntegAesCmac96, false},
    {tr::kEncrAesCbc, 128, tr::kIntegHmacSha1_96, false},
    {tr::kEncrCamelliaCbc, 128, tr::kIntegHmacSha2_256_128, false},
    {tr::kEncrAesCcm8, 128, 0, false},
    {tr::kEncrAesCcm12, 192, 0, false},
    {tr::kEncrAesCcm16, 256, 0, false},
    {tr::kEncrAesGcm8, 128, 0, false},
    {tr::kEncrAesGcm12, 256, 0, false},
    {tr::kEncrAesGcm16, 192, 0, false},
    {tr::kEncrChaCha20Poly1305, 0, 0, false},
    {tr::kEncrNullAuthAesGmac, 128, 0, false},
    {tr::kEncrNullAuthAesGmac, 256, 0, false},
    {tr::kEncrNull, 0, tr::kIntegHmacSha1_96, false},
    {tr::kEncrNull, 0, tr::kIntegHmacSha2_256_128, false},
    // The older CBC ciphers (8-octet blocks but Twofish's 16), the 96-bit MACs of the
    // draft SHA-256 and of RIPEMD-160, RFC 8750's implicit IV.
    {tr::kEncrDes, 0, tr::kIntegHmacSha2_256_96, false},
    {tr::kEncrCast, 128, tr::kIntegHmacRipemd160_96, false},
    {tr::kEncrBlowfish, 128, tr::kIntegHmacSha1_96, false},
    {tr::kEncrBlowfish, 192, tr::kIntegHmacSha2_256_96, false},
    {tr::kEncrBlowfish, 256, tr::kIntegHmacMd5_96, false},
    {tr::kEncrTwofishCbc, 128, tr::kIntegHmacRipemd160_96, false},
    {tr::kEncrTwofishCbc, 256, tr::kIntegHmacSha2_512_256, false},
    {tr::kEncrNull, 0, tr::kIntegHmacRipemd160_96, false},
    {tr::kEncrAesGcm16Iiv, 128, 0, false},
    {tr::kEncrAesGcm16Iiv, 192, 0, false},
    {tr::kEncrAesGcm16Iiv, 256, 0, false},
    {tr::kEncrChaCha20Poly1305Iiv, 0, 0, false},
    // Extended sequence numbers (RFC 4303 2.2.1): HMAC input ends with the high half;
    // AEAD AAD is SPI | high | low.
    {tr::kEncrAesCbc, 128, tr::kIntegHmacSha2_256_128, true},
    {tr::kEncrAesCtr, 128, tr::kIntegAesXcbc96, true},
    {tr::kEncrNull, 0, tr::kIntegHmacSha1_96, true},
    {tr::kEncrAesGcm16, 128, 0, true},
    {tr::kEncrAesCcm16, 128, 0, true},
    {tr::kEncrChaCha20Poly1305, 0, 0, true},
    {tr::kEncrNullAuthAesGmac, 128, 0, true},
    {tr::kEncrTwofishCbc, 256, tr::kIntegHmacSha2_256_96, true},
    {tr::kEncrAesGcm16Iiv, 256, 0, true},
    {tr::kEncrChaCha20Poly1305Iiv, 0, 0, true},
};

const char* name_of(const Suite& s) {
    static std::string n;
    n = std::string(s.encr->name) + "-" + std::to_string(s.encr->key_size * 8) + " + " +
        s.integ->name + (s.esn ? " ESN" : "");
    return n.c_str();
}

Bytes inner_payload(size_t n) { return esp_test::ipv4_packet(esp_test::udp_datagram(esp_test::pattern(n, 3))); }

void test_round_trip_all_combos(void**) {
    const uint64_t seq = 0x0000000700000042ULL;  // high half 7 (used with ESN only)
    for (const Combo& k : kCombos) {
        // 3000: GMAC with ESN assembles its AAD on the heap past 2048 octets.
        for (size_t len : {size_t{0}, size_t{1}, size_t{13}, size_t{64}, size_t{333}, size_t{3000}}) {
            const Suite s = make_suite(k.encr, k.bits, k.integ, k.esn);
            const Bytes payload = inner_payload(len);
            const Built b = build_esp(s, kSpi, seq, payload, 4);
            auto c = cipher_for(s);
            assert_int_equal(c->icv_size(), s.icv_size());
            std::vector<uint8_t> out(b.packet.size(), 0xa5);
            EspResult r = c->decrypt(b.packet.view(), 7, out.data());
            if (r.status != Status::Ok) fail_msg("%s, %zu octets: %s", name_of(s), len, status_text(r.status));
            const bool in_place = s.encr->mode == CipherMode::None || s.encr->mode == CipherMode::Gmac;
            assert_int_equal(r.in_place, in_place);
            assert_int_equal(c->in_place(), in_place);
            assert_true(r.integrity_checked);
            const uint8_t* plain = plaintext_of(r, b.packet, out.data());
            EXPECT_RAW(plain, r.plain_len, b.plain);
            assert_int_equal(r.payload_len, payload.size());
            assert_int_equal(r.pad_length, b.pad_length);
            assert_int_equal(r.next_header, 4);
            assert_false(r.nonstandard_padding);
            EXPECT_SPAN(r.iv, 8, s.encr->iv_size);
            EXPECT_SPAN(r.icv, static_cast<uint32_t>(b.packet.size() - s.icv_size()),
                        static_cast<uint32_t>(s.icv_size()));
            if (k.esn) {
                // The wrong high half: the ICV / tag covers it.
                r = c->decrypt(b.packet.view(), 8, out.data());
                const Status want = s.encr->aead ? Status::AeadTagMismatch : Status::IcvMismatch;
                if (r.status != want) fail_msg("%s: wrong ESN high half gave %s", name_of(s), status_text(r.status));
            } else {
                // Without ESN the high half is not authenticated, and ignored.
                r = c->decrypt(b.packet.view(), 0x12345678, out.data());
                EXPECT_STATUS(r.status, Status::Ok);
            }
        }
    }
}

// The ICV input of an ESN SA with a separate INTEG is SPI .. Next Header | ESN high,
// appended after the payload (RFC 4303 2.2.1, 3.3.2.1), not inserted after the SPI.
void test_esn_hmac_high_bits_after_payload(void**) {
    Suite s = make_suite(tr::kEncrAesCbc, 128, tr::kIntegHmacSha2_256_128, true);
    const Bytes payload = inner_payload(40);
    const Built b = build_esp(s, kSpi, 0x00000001fffffff0ULL, payload, 4);
    auto c = cipher_for(s);
    std::vector<uint8_t> out(b.packet.size());
    EXPECT_STATUS(c->decrypt(b.packet.view(), 1, out.data()).status, Status::Ok);

    // An ICV computed the other way (high half between SPI and low half, as the AEAD AAD
    // does) must not be accepted.
    Bytes wrong;
    wrong.raw(b.packet.data(), 4).u32(1).raw(b.packet.data() + 4, b.packet.size() - 4 - 16);
    Bytes mac = esp_test::mac_ref(s.integ->mac, s.integ_key, wrong.data(), wrong.size());
    Bytes alt;
    alt.raw(b.packet.data(), b.packet.size() - 16).raw(mac.data(), 16);
    EXPECT_STATUS(c->decrypt(alt.view(), 1, out.data()).status, Status::IcvMismatch);
}

// ESN chosen per call, whatever the transforms say (the decryptor's trial for keys that
// did not say ESN): an ESN packet fails a cipher keyed without ESN, and verifies with the
// same cipher when the call asks for ESN; a packet without ESN the other way round.
void test_esn_chosen_per_call(void**) {
    for (const Combo& k : kCombos) {
        if (!k.esn) continue;
        const Suite with = make_suite(k.encr, k.bits, k.integ, true);
        Suite without = with;
        without.esn = false;
        auto c = cipher_for(without);  // keyed as the keys said: no ESN
        const Built b = build_esp(with, kSpi, 0x0000000200000010ULL, inner_payload(30), 4);
        std::vector<uint8_t> out(b.packet.size());
        const Status want = with.encr->aead ? Status::AeadTagMismatch : Status::IcvMismatch;
        EspResult r = c->decrypt(b.packet.view(), 2, out.data());
        if (r.status != want) fail_msg("%s: without ESN gave %s", name_of(with), status_text(r.status));
        r = c->decrypt(b.packet.view(), true, 2, out.data());
        if (r.status != Status::Ok) fail_msg("%s: with ESN gave %s", name_of(with), status_text(r.status));
        EXPECT_RAW(plaintext_of(r, b.packet, out.data()), r.plain_len, b.plain);
        r = c->decrypt(b.packet.view(), true, 3, out.data());  // the wrong high half
        EXPECT_STATUS(r.status, want);

        const Built plain32 = build_esp(without, kSpi, 0x10, inner_payload(30), 4);
        EXPECT_STATUS(c->decrypt(plain32.packet.view(), false, 0, out.data()).status, Status::Ok);
        EXPECT_STATUS(c->decrypt(plain32.packet.view(), true, 0, out.data()).status, want);
    }
}

// One flipped bit in the ICV, the ciphertext, the IV, the SPI or the sequence number:
// IcvMismatch (separate INTEG) or AeadTagMismatch, and no plaintext released.
void test_tampering_all_combos(void**) {
    for (const Combo& k : kCombos) {
        const Suite s = make_suite(k.encr, k.bits, k.integ, k.esn);
        const Bytes payload = inner_payload(50);
        const Built b = build_esp(s, kSpi, 0x0000000300000010ULL, payload, 4);
        auto c = cipher_for(s);
        const size_t iv = s.encr->iv_size, icv = s.icv_size();
        // The IV's first octet (8) only where there is an IV; else octet 0 a second time.
        const std::vector<size_t> where = {0, 3, 4, 7, 8 + iv + 3, b.packet.size() - icv / 2 - 1,
                                           b.packet.size() - 1, iv ? size_t{8} : size_t{0}};
        for (size_t at : where) {
            Bytes bad(b.packet);
            bad.b[at] ^= 0x10;
            std::vector<uint8_t> out(bad.size(), 0xa5);
            EspResult r = c->decrypt(bad.view(), 3, out.data());
            const Status want = s.encr->aead ? Status::AeadTagMismatch : Status::IcvMismatch;
            if (r.status != want)
                fail_msg("%s: bit flipped at %zu gave %s", name_of(s), at, status_text(r.status));
            assert_true(r.integrity_checked);
            assert_int_equal(r.plain_len, 0);
            assert_int_equal(r.payload_len, 0);
            // The buffer holds the sentinel or zeros, never the plaintext.
            bool clean = true;
            for (uint8_t v : out) clean = clean && (v == 0xa5 || v == 0);
            if (!clean) fail_msg("%s: plaintext written on failure (bit at %zu)", name_of(s), at);
        }
    }
}

// With unauthenticated plaintext allowed, a bad ICV still fails (IcvMismatch) but a
// cipher with a separate INTEG gives the plaintext, marked; an AEAD cipher gives nothing.
// Wrong keys whose plaintext has no well-formed trailer give nothing either.
void test_unauthenticated_plaintext(void**) {
    for (const Combo& k : kCombos) {
        const Suite s = make_suite(k.encr, k.bits, k.integ, k.esn);
        if (s.integ->mac == MacAlgo::None && !s.encr->aead) continue;  // nothing checked
        const Bytes payload = inner_payload(40);
        const Built b = build_esp(s, kSpi, 0x0000000300000010ULL, payload, 4);
        auto c = cipher_for(s);
        c->set_unauthenticated_plaintext(true);
        Bytes bad(b.packet);
        bad.b.back() ^= 0x01;  // the ICV's last octet
        std::vector<uint8_t> out(bad.size(), 0xa5);
        EspResult r = c->decrypt(bad.view(), 3, out.data());
        if (s.encr->aead) {
            EXPECT_STATUS(r.status, Status::AeadTagMismatch);
            assert_false(r.unauthenticated);
            assert_int_equal(r.plain_len, 0);
            continue;
        }
        EXPECT_STATUS(r.status, Status::IcvMismatch);
        if (!r.unauthenticated) fail_msg("%s: no unauthenticated plaintext", name_of(s));
        assert_true(r.integrity_checked);
        assert_int_equal(r.payload_len, payload.size());
        assert_int_equal(r.next_header, 4);
        const uint8_t* plain = r.in_place ? bad.b.data() + r.encrypted.off : out.data();
        assert_memory_equal(plain, payload.b.data(), payload.size());
        // The same packet intact: verified, not marked.
        r = c->decrypt(b.packet.view(), 3, out.data());
        EXPECT_STATUS(r.status, Status::Ok);
        assert_false(r.unauthenticated);
        // Off again: nothing.
        c->set_unauthenticated_plaintext(false);
        r = c->decrypt(bad.view(), 3, out.data());
        EXPECT_STATUS(r.status, Status::IcvMismatch);
        assert_false(r.unauthenticated);
        assert_int_equal(r.plain_len, 0);
    }
    // A Pad Length beyond the plaintext (what wrong keys mostly give): not released.
    const Suite s = make_suite(tr::kEncrAesCbc, 128, tr::kIntegHmacSha1_96, false);
    BuildOptions o;
    o.force_pad_length = 255;
    const Built b = build_esp(s, kSpi, 1, inner_payload(10), 4, o);
    auto c = cipher_for(s);
    c->set_unauthenticated_plaintext(true);
    Bytes bad(b.packet);
    bad.b.back() ^= 0x01;
    std::vector<uint8_t> out(bad.size());
    EspResult r = c->decrypt(bad.view(), 0, out.data());
    EXPECT_STATUS(r.status, Status::IcvMismatch);
    assert_false(r.unauthenticated);
}

// HMAC keys given by hand may have another length than IKE derives (RFC 2104 takes any;
// so does Wireshark's ESP): a packet protected with a 16-octet HMAC-SHA-256-96 key, or a
// 64-octet HMAC-SHA1-96 key, verifies; a one-octet change of the key does not.
void test_hmac_any_key_length(void**) {
    for (uint16_t integ : {tr::kIntegHmacSha2_256_96, tr::kIntegHmacSha1_96, tr::kIntegHmacSha2_256_128}) {
        for (size_t len : {size_t{1}, size_t{16}, size_t{64}, size_t{100}}) {
            Suite s = make_suite(tr::kEncrAesCbc, 128, integ);
            s.integ_key = esp_test::pattern(len, 9);
            const Built b = build_esp(s, kSpi, 5, inner_payload(30), 4);
            auto c = cipher_for(s);
            std::vector<uint8_t> out(b.packet.size());
            EspResult r = c->decrypt(b.packet.view(), 0, out.data());
            if (r.status != Status::Ok) fail_msg("INTEG %u, %zu-octet key: %s", integ, len, status_text(r.status));
            Suite wrong = s;
            wrong.integ_key.b[0] ^= 1;
            r = cipher_for(wrong)->decrypt(b.packet.view(), 0, out.data());
            EXPECT_STATUS(r.status, Status::IcvMismatch);
        }
    }
}

// TFC padding after the inner packet: the inner IP header's length says where it ends.
void test_inner_packet_length(void**) {
    using ikev2::esp::inner_packet_length;
    const Bytes v4 = esp_test::ipv4_packet(esp_test::udp_datagram(Bytes().raw({1, 2, 3})));
    const Bytes v6 = esp_test::ipv6_packet(esp_test::udp_datagram(Bytes().raw({1, 2, 3})));
    Bytes padded4(v4), padded6(v6);
    padded4.raw({0, 0, 0, 0, 0});
    padded6.raw({0, 0, 0});
    assert_int_equal(inner_packet_length(padded4.view(), 4), v4.size());
    assert_int_equal(inner_packet_length(padded6.view(), 41), v6.size());
    assert_int_equal(inner_packet_length(v4.view(), 4), v4.size());
    // Transport mode, or a header that does not fit: the whole payload.
    assert_int_equal(inner_packet_length(padded4.view(), 17), padded4.size());
    assert_int_equal(inner_packet_length(padded4.view().sub(0, 19), 4), 19);
    assert_int_equal(inner_packet_length(padded6.view().sub(0, 39), 41), 39);
    // A length of 0 or beyond the data says nothing.
    Bytes zero(padded4), beyond(padded4);
    zero.b[2] = zero.b[3] = 0;
    beyond.b[2] = 0xff;
    assert_int_equal(inner_packet_length(zero.view(), 4), zero.size());
    assert_int_equal(inner_packet_length(beyond.view(), 4), beyond.size());
}

// Too short for header, IV, trailer and ICV: BadLength, whatever the suite.
void test_lengths(void**) {
    for (const Combo& k : kCombos) {
        const Suite s = make_suite(k.encr, k.bits, k.integ, k.esn);
        const Built b = build_esp(s, kSpi, 1, inner_payload(20), 4);
        auto c = cipher_for(s);
        const size_t min = kEspHeaderSize + s.encr->iv_size + kEspTrailerSize + s.icv_size();
        std::vector<uint8_t> out(b.packet.size());
        for (size_t n = 0; n < min; n++) {
            EspResult r = c->decrypt(ByteView(b.packet.data(), n), 0, out.data());
            if (r.status != Status::BadLength)
                fail_msg("%s: %zu octets gave %s", name_of(s), n, status_text(r.status));
            assert_false(r.integrity_checked);
        }
    }
    // CBC ciphertext that is not a multiple of the block, with a valid ICV over it.
    Suite s = make_suite(tr::kEncrAesCbc, 128, tr::kIntegHmacSha1_96);
    const Built b = build_esp(s, kSpi, 1, inner_payload(20), 4);
    Bytes cut;
    cut.raw(b.packet.data(), b.packet.size() - 12 - 1);
    Bytes mac = esp_test::mac_ref(s.integ->mac, s.integ_key, cut.data(), cut.size());
    cut.raw(mac.data(), 12);
    auto c = cipher_for(s);
    std::vector<uint8_t> out(cut.size());
    EspResult r = c->decrypt(cut.view(), 0, out.data());
    EXPECT_STATUS(r.status, Status::BadLength);
    assert_true(r.integrity_checked);
    // And without integrity.
    Suite n = make_suite(tr::kEncrAesCbc, 128, tr::kIntegNone);
    const Built bn = build_esp(n, kSpi, 1, inner_payload(20), 4);
    auto cn = cipher_for(n);
    r = cn->decrypt(ByteView(bn.packet.data(), bn.packet.size() - 5), 0, out.data());
    EXPECT_STATUS(r.status, Status::BadLength);
}

// A Pad Length larger than the decrypted data: BadPadding (the packet is authentic, the
// trailer is not well formed); the boundary pad + 2 == plaintext is accepted.
void test_bad_pad_length(void**) {
    for (const Combo& k : kCombos) {
        const Suite s = make_suite(k.encr, k.bits, k.integ, k.esn);
        const Bytes payload = inner_payload(10);
        auto c = cipher_for(s);
        // Plaintext length of the well-formed packet, to place the boundary.
        const size_t n = build_esp(s, kSpi, 1, payload, 4).plain.size();
        for (int pad : {255, static_cast<int>(n - 1)}) {
            BuildOptions o;
            o.force_pad_length = pad;
            const Built b = build_esp(s, kSpi, 1, payload, 4, o);
            std::vector<uint8_t> out(b.packet.size());
            EspResult r = c->decrypt(b.packet.view(), 0, out.data());
            if (r.status != Status::BadPadding)
                fail_msg("%s: Pad Length %d of %zu gave %s", name_of(s), pad, n, status_text(r.status));
            assert_true(r.integrity_checked);
            assert_int_equal(r.pad_length, pad);
        }
        BuildOptions o;
        o.force_pad_length = static_cast<int>(n - 2);
        const Built b = build_esp(s, kSpi, 1, payload, 4, o);
        std::vector<uint8_t> out(b.packet.size());
        EspResult r = c->decrypt(b.packet.view(), 0, out.data());
        EXPECT_STATUS(r.status, Status::Ok);
        assert_int_equal(r.payload_len, 0);
    }
}

// Padding that is not 1, 2, 3, ... is flagged, not refused; extra padding is fine.
void test_padding_values(void**) {
    for (uint16_t encr : {tr::kEncrAesCbc, tr::kEncrAesGcm16, tr::kEncrNull}) {
        const Suite s = make_suite(encr, encr == tr::kEncrNull ? 0 : 128,
                                   encr == tr::kEncrAesGcm16 ? 0 : tr::kIntegHmacSha1_96);
        auto c = cipher_for(s);
        BuildOptions odd;
        odd.odd_padding = true;
        odd.extra_pad = 1;
        const Built b = build_esp(s, kSpi, 1, inner_payload(7), 4, odd);
        assert_true(b.pad_length > 0);
        std::vector<uint8_t> out(b.packet.size());
        EspResult r = c->decrypt(b.packet.view(), 0, out.data());
        EXPECT_STATUS(r.status, Status::Ok);
        assert_true(r.nonstandard_padding);
        assert_int_equal(r.pad_length, b.pad_length);

        BuildOptions extra;
        extra.extra_pad = 3;
        const Built e = build_esp(s, kSpi, 1, inner_payload(7), 4, extra);
        r = c->decrypt(e.packet.view(), 0, out.data());
        EXPECT_STATUS(r.status, Status::Ok);
        assert_false(r.nonstandard_padding);
        assert_int_equal(r.pad_length, e.pad_length);
        assert_int_equal(r.payload_len, inner_payload(7).size());
    }
}

// NULL and GMAC read the payload in place: no output buffer is needed, and the spans
// follow the view's base (a packet inside a larger frame).
void test_in_place_and_base(void**) {
    for (uint16_t encr : {tr::kEncrNull, tr::kEncrNullAuthAesGmac}) {
        const Suite s = make_suite(encr, encr == tr::kEncrNull ? 0 : 192,
                                   encr == tr::kEncrNull ? tr::kIntegHmacSha2_256_128 : 0);
        const Bytes payload = inner_payload(30);
        const Built b = build_esp(s, kSpi, 9, payload, 4);
        auto c = cipher_for(s);
        assert_true(c->in_place());
        const uint32_t base = 42;
        EspResult r = c->decrypt(b.packet.view(base), 0, nullptr);
        EXPECT_STATUS(r.status, Status::Ok);
        assert_true(r.in_place);
        EXPECT_SPAN(r.iv, base + 8, s.encr->iv_size);
        EXPECT_SPAN(r.encrypted, base + 8 + s.encr->iv_size, static_cast<uint32_t>(b.plain.size()));
        EXPECT_RAW(b.packet.data() + (r.encrypted.off - base), r.payload_len, payload);
    }
    // A non-in-place cipher reports the same spans with a base.
    const Suite s = make_suite(tr::kEncrAesCbc, 128, tr::kIntegHmacSha1_96);
    const Built b = build_esp(s, kSpi, 9, inner_payload(30), 4);
    auto c = cipher_for(s);
    std::vector<uint8_t> out(b.packet.size());
    EspResult r = c->decrypt(b.packet.view(100), 0, out.data());
    EXPECT_STATUS(r.status, Status::Ok);
    assert_false(r.in_place);
    EXPECT_SPAN(r.iv, 108, 16);
    EXPECT_SPAN(r.encrypted, 124, static_cast<uint32_t>(b.plain.size()));
    EXPECT_SPAN(r.icv, static_cast<uint32_t>(100 + b.packet.size() - 12), 12);
}

// An ICV that cannot be checked (icv_unchecked) is skipped: the payload decrypts, and
// integrity_checked says nothing was verified.
void test_icv_unchecked(void**) {
    const Suite s = make_suite(tr::kEncrAesCbc, 128, tr::kIntegHmacSha1_96);
    const Built b = build_esp(s, kSpi, 1, inner_payload(30), 4);
    crypto::Transforms t = transforms_of(s);
    t.integ_id = 0;
    t.icv_unchecked = 12;
    auto c = cipher_for(t, s.encr_key, Bytes());
    assert_int_equal(c->icv_size(), 12);
    Bytes bad(b.packet);
    bad.b.back() ^= 1;  // not checked
    std::vector<uint8_t> out(b.packet.size());
    EspResult r = c->decrypt(bad.view(), 0, out.data());
    EXPECT_STATUS(r.status, Status::Ok);
    assert_false(r.integrity_checked);
    EXPECT_RAW(out.data(), r.plain_len, b.plain);
}

void test_create_errors(void**) {
    std::unique_ptr<EspCipher> c;
    const Bytes k16 = esp_test::pattern(16, 1), k20 = esp_test::pattern(20, 1),
                k32 = esp_test::pattern(32, 1), k36 = esp_test::pattern(36, 1);
    crypto::Transforms t;
    t.encr_id = 99;  // unassigned
    EXPECT_STATUS(EspCipher::create(t, k16.view(), ByteView(), c), Status::UnsupportedAlgorithm);
    t.encr_id = tr::kEncrAesCbc;
    t.encr_key_bits = 100;
    EXPECT_STATUS(EspCipher::create(t, k16.view(), ByteView(), c), Status::BadKeyLength);
    t.encr_key_bits = 0;  // AES-CBC needs the Key Length attribute
    EXPECT_STATUS(EspCipher::create(t, k16.view(), ByteView(), c), Status::BadKeyLength);
    t.encr_key_bits = 128;
    EXPECT_STATUS(EspCipher::create(t, k20.view(), ByteView(), c), Status::BadKeyLength);
    t.integ_id = tr::kIntegAesXcbc96;  // AES-XCBC-MAC takes 16 octets exactly
    EXPECT_STATUS(EspCipher::create(t, k16.view(), k20.view(), c), Status::BadKeyLength);
    t.integ_id = tr::kIntegHmacSha1_96;  // HMAC: any length but none (algorithms.hpp)
    EXPECT_STATUS(EspCipher::create(t, k16.view(), ByteView(), c), Status::BadKeyLength);
    EXPECT_STATUS(EspCipher::create(t, k16.view(), k16.view(), c), Status::Ok);
    EXPECT_STATUS(EspCipher::create(t, k16.view(), k20.view(), c), Status::Ok);
    t.integ_id = 77;  // unknown INTEG
    EXPECT_STATUS(EspCipher::create(t, k16.view(), k20.view(), c), Status::UnsupportedAlgorithm);
    // AEAD with a separate INTEG, or with an unchecked ICV: not a valid SA.
    t.encr_id = tr::kEncrAesGcm16;
    t.integ_id = tr::kIntegHmacSha1_96;
    EXPECT_STATUS(EspCipher::create(t, k20.view(), k20.view(), c), Status::UnsupportedAlgorithm);
    t.integ_id = 0;
    t.icv_unchecked = 12;
    EXPECT_STATUS(EspCipher::create(t, k20.view(), ByteView(), c), Status::UnsupportedAlgorithm);
    t.icv_unchecked = 0;
    // GCM key material includes the 4-octet salt.
    EXPECT_STATUS(EspCipher::create(t, k16.view(), ByteView(), c), Status::BadKeyLength);
    EXPECT_STATUS(EspCipher::create(t, k20.view(), ByteView(), c), Status::Ok);
    // ChaCha20-Poly1305: 32 + 4 octets, Key Length absent or 256.
    t.encr_id = tr::kEncrChaCha20Poly1305;
    t.encr_key_bits = 0;
    EXPECT_STATUS(EspCipher::create(t, k32.view(), ByteView(), c), Status::BadKeyLength);
    EXPECT_STATUS(EspCipher::create(t, k36.view(), ByteView(), c), Status::Ok);
    t.encr_key_bits = 256;
    EXPECT_STATUS(EspCipher::create(t, k36.view(), ByteView(), c), Status::Ok);
}

}  // namespace

int main(void) {
    gcry_check_version(nullptr);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rfc3602_cases_5_to_8),
        cmocka_unit_test(test_rfc7634_appendix_a),
        cmocka_unit_test(test_draft_mcgrew_gcm),
        cmocka_unit_test(test_draft_mcgrew_gmac),
        cmocka_unit_test(test_rfc8750_implicit_iv),
        cmocka_unit_test(test_round_trip_all_combos),
        cmocka_unit_test(test_esn_hmac_high_bits_after_payload),
        cmocka_unit_test(test_esn_chosen_per_call),
        cmocka_unit_test(test_tampering_all_combos),
        cmocka_unit_test(test_unauthenticated_plaintext),
        cmocka_unit_test(test_hmac_any_key_length),
        cmocka_unit_test(test_inner_packet_length),
        cmocka_unit_test(test_lengths),
        cmocka_unit_test(test_bad_pad_length),
        cmocka_unit_test(test_padding_values),
        cmocka_unit_test(test_in_place_and_base),
        cmocka_unit_test(test_icv_unchecked),
        cmocka_unit_test(test_create_errors),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
