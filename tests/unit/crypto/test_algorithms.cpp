// The ENCR / INTEG / PRF tables (algorithms.hpp): sizes as the RFCs give them, key
// length handling, unknown IDs, and names that agree with the IANA tables (iana.hpp).
#include "crypto_test.hpp"

#include "iana.hpp"

using namespace ikev2;
using namespace ikev2::crypto;

namespace {

struct EncrWant {
    uint16_t id;
    uint16_t bits;
    bool aead;
    size_t key_material;  // key + salt
    size_t iv;
    size_t block;
    size_t icv;
};

void test_encr_sizes(void**) {
    const EncrWant want[] = {
        {transform::kEncrDes, 0, false, 8, 8, 8, 0},                 // RFC 2405
        {transform::kEncr3Des, 0, false, 24, 8, 8, 0},               // RFC 2451
        {transform::kEncrCast, 128, false, 16, 8, 8, 0},             // RFC 2144, RFC 2451
        {transform::kEncrBlowfish, 128, false, 16, 8, 8, 0},         // RFC 2451
        {transform::kEncrBlowfish, 192, false, 24, 8, 8, 0},
        {transform::kEncrBlowfish, 256, false, 32, 8, 8, 0},
        {transform::kEncrNull, 0, false, 0, 0, 1, 0},                // RFC 2410
        {transform::kEncrAesCbc, 128, false, 16, 16, 16, 0},         // RFC 3602
        {transform::kEncrAesCbc, 192, false, 24, 16, 16, 0},
        {transform::kEncrAesCbc, 256, false, 32, 16, 16, 0},
        {transform::kEncrAesCtr, 128, false, 20, 8, 1, 0},           // RFC 3686, RFC 5930
        {transform::kEncrAesCtr, 256, false, 36, 8, 1, 0},
        {transform::kEncrAesCcm8, 128, true, 19, 8, 1, 8},           // RFC 4309, RFC 5282
        {transform::kEncrAesCcm12, 192, true, 27, 8, 1, 12},
        {transform::kEncrAesCcm16, 256, true, 35, 8, 1, 16},
        {transform::kEncrAesGcm8, 128, true, 20, 8, 1, 8},           // RFC 4106, RFC 5282
        {transform::kEncrAesGcm12, 192, true, 28, 8, 1, 12},
        {transform::kEncrAesGcm16, 256, true, 36, 8, 1, 16},
        {transform::kEncrNullAuthAesGmac, 128, true, 20, 8, 1, 16},  // RFC 4543
        {transform::kEncrCamelliaCbc, 128, false, 16, 16, 16, 0},    // RFC 5529
        {transform::kEncrCamelliaCbc, 256, false, 32, 16, 16, 0},
        {transform::kEncrChaCha20Poly1305, 0, true, 36, 8, 1, 16},   // RFC 7634
        {transform::kEncrAesGcm16Iiv, 128, true, 20, 0, 1, 16},      // RFC 8750: no IV sent
        {transform::kEncrAesGcm16Iiv, 256, true, 36, 0, 1, 16},
        {transform::kEncrChaCha20Poly1305Iiv, 0, true, 36, 0, 1, 16},
        {transform::kEncrTwofishCbc, 128, false, 16, 16, 16, 0},     // strongSwan's 1027
        {transform::kEncrTwofishCbc, 256, false, 32, 16, 16, 0},
    };
    for (const EncrWant& w : want) {
        const EncrAlgorithm* a = find_encr(w.id, w.bits);
        if (!a) fail_msg("ENCR %u/%u missing", w.id, w.bits);
        assert_int_equal(a->id, w.id);
        assert_int_equal(a->aead, w.aead);
        assert_int_equal(a->key_material(), w.key_material);
        assert_int_equal(a->iv_size, w.iv);
        assert_int_equal(a->block_size, w.block);
        assert_int_equal(a->icv_size, w.icv);
        if (w.bits) assert_int_equal(a->key_size * 8, w.bits);
        assert_true(encr_id_known(w.id));
    }
    // GMAC and the implicit-IV ciphers are ESP only, kept out of the SK payload; only the
    // latter have an implicit IV, and they send none.
    for (size_t i = 0; i < kEncrAlgorithmCount; i++) {
        const EncrAlgorithm& a = kEncrAlgorithms[i];
        const bool iiv = a.id == transform::kEncrAesGcm16Iiv ||
                         a.id == transform::kEncrChaCha20Poly1305Iiv;
        assert_int_equal(a.implicit_iv, iiv);
        assert_int_equal(a.ike_sk, !iiv && a.id != transform::kEncrNullAuthAesGmac);
        if (iiv) assert_int_equal(a.iv_size, 0);
    }
}

void test_encr_key_lengths(void**) {
    // AES and Camellia need the Key Length attribute (RFC 7296 3.3.5, RFC 5529).
    assert_null(find_encr(transform::kEncrAesCbc, 0));
    assert_null(find_encr(transform::kEncrAesCbc, 64));
    assert_null(find_encr(transform::kEncrAesGcm16, 512));
    assert_null(find_encr(transform::kEncrCamelliaCbc, 0));
    // Fixed-size ciphers take no attribute, or their one size.
    assert_ptr_equal(find_encr(transform::kEncr3Des, 0), find_encr(transform::kEncr3Des, 192));
    assert_null(find_encr(transform::kEncr3Des, 128));
    assert_ptr_equal(find_encr(transform::kEncrChaCha20Poly1305, 0),
                     find_encr(transform::kEncrChaCha20Poly1305, 256));
    assert_null(find_encr(transform::kEncrChaCha20Poly1305, 128));
    assert_non_null(find_encr(transform::kEncrNull, 0));
    // Variable-length keys of the CBC ciphers: only the sizes in the table.
    assert_null(find_encr(transform::kEncrBlowfish, 0));
    assert_null(find_encr(transform::kEncrBlowfish, 448));
    assert_null(find_encr(transform::kEncrCast, 0));
    assert_null(find_encr(transform::kEncrCast, 40));
    assert_null(find_encr(transform::kEncrTwofishCbc, 192));
    assert_ptr_equal(find_encr(transform::kEncrDes, 0), find_encr(transform::kEncrDes, 64));
    // The implicit-IV ciphers take the key lengths of their explicit-IV twins.
    assert_null(find_encr(transform::kEncrAesGcm16Iiv, 0));
    assert_ptr_equal(find_encr(transform::kEncrChaCha20Poly1305Iiv, 0),
                     find_encr(transform::kEncrChaCha20Poly1305Iiv, 256));
    // Unsupported IDs: DES_IV64, IDEA, Camellia-CTR/CCM, AES-CCM-8 with IIV, GOST,
    // strongSwan's Serpent (1026), unassigned.
    const uint16_t unknown[] = {0, 1, 5, 9, 24, 25, 29, 35, 1024, 1026, 65535};
    for (uint16_t id : unknown) {
        assert_null(find_encr(id, 0));
        assert_null(find_encr(id, 128));
        assert_false(encr_id_known(id));
    }
}

void test_integ_and_prf(void**) {
    struct I {
        uint16_t id;
        MacAlgo mac;
        size_t key, icv;
    };
    const I integs[] = {
        {transform::kIntegNone, MacAlgo::None, 0, 0},
        {transform::kIntegHmacMd5_96, MacAlgo::HmacMd5, 16, 12},         // RFC 2403
        {transform::kIntegHmacSha1_96, MacAlgo::HmacSha1, 20, 12},       // RFC 2404
        {transform::kIntegAesXcbc96, MacAlgo::AesXcbc, 16, 12},          // RFC 3566
        {transform::kIntegAesCmac96, MacAlgo::AesCmac, 16, 12},          // RFC 4494
        {transform::kIntegHmacSha2_256_128, MacAlgo::HmacSha256, 32, 16},  // RFC 4868
        {transform::kIntegHmacSha2_384_192, MacAlgo::HmacSha384, 48, 24},
        {transform::kIntegHmacSha2_512_256, MacAlgo::HmacSha512, 64, 32},
        {transform::kIntegHmacMd5_128, MacAlgo::HmacMd5, 16, 16},    // RFC 4595
        {transform::kIntegHmacSha1_160, MacAlgo::HmacSha1, 20, 20},  // RFC 4595
        {transform::kIntegHmacSha2_256_96, MacAlgo::HmacSha256, 32, 12},  // strongSwan's 1026
        {transform::kIntegHmacRipemd160_96, MacAlgo::HmacRipemd160, 20, 12},  // RFC 2857
    };
    for (const I& w : integs) {
        const IntegAlgorithm* a = find_integ(w.id);
        assert_non_null(a);
        assert_int_equal(a->mac, w.mac);
        assert_int_equal(a->key_size, w.key);
        assert_int_equal(a->icv_size, w.icv);
        assert_true(a->icv_size <= mac_output_size(a->mac));
    }
    // DES-MAC, KPDK-MD5, GMAC (ENCR only here), unassigned, and strongSwan's other
    // private-use MACs (HMAC_SHA1_128 1025, HMAC_SHA2_256_256 1027).
    const uint16_t no_integ[] = {3, 4, 9, 10, 11, 15, 1024, 1025, 1027};
    for (uint16_t id : no_integ) assert_null(find_integ(id));

    struct P {
        uint16_t id;
        MacAlgo mac;
        size_t key, out;
    };
    const P prfs[] = {
        {transform::kPrfHmacMd5, MacAlgo::HmacMd5, 16, 16},
        {transform::kPrfHmacSha1, MacAlgo::HmacSha1, 20, 20},
        {transform::kPrfAes128Xcbc, MacAlgo::AesXcbc, 16, 16},   // RFC 4434
        {transform::kPrfHmacSha2_256, MacAlgo::HmacSha256, 32, 32},  // RFC 4868
        {transform::kPrfHmacSha2_384, MacAlgo::HmacSha384, 48, 48},
        {transform::kPrfHmacSha2_512, MacAlgo::HmacSha512, 64, 64},
        {transform::kPrfAes128Cmac, MacAlgo::AesCmac, 16, 16},   // RFC 4615
    };
    for (const P& w : prfs) {
        const PrfAlgorithm* a = find_prf(w.id);
        assert_non_null(a);
        assert_int_equal(a->mac, w.mac);
        assert_int_equal(a->key_size, w.key);
        assert_int_equal(a->output_size, w.out);
        assert_int_equal(a->output_size, mac_output_size(a->mac));
    }
    const uint16_t no_prf[] = {0, 3, 9, 10, 1024};
    for (uint16_t id : no_prf) assert_null(find_prf(id));
    assert_int_equal(mac_output_size(MacAlgo::None), 0);
    assert_int_equal(mac_output_size(MacAlgo::HmacRipemd160), 20);
}

// Every row's name is the IANA name of its ID, as iana.cpp has it. Rows numbered from the
// private-use range (algorithms.hpp says whose numbers) have no IANA name: theirs are
// strongSwan's constant names, with the prefix of the table.
void check_name(const char* name, const iana::Entry* table, uint16_t id, const char* prefix) {
    if (id < 1024) {
        assert_string_equal(name, iana::name_of(table, id));
        return;
    }
    assert_string_equal(iana::name_of(table, id), "Private use");
    assert_int_equal(std::strncmp(name, prefix, std::strlen(prefix)), 0);
}

void test_names_match_iana(void**) {
    for (size_t i = 0; i < kEncrAlgorithmCount; i++)
        check_name(kEncrAlgorithms[i].name, iana::kEncrIds, kEncrAlgorithms[i].id, "ENCR_");
    for (size_t i = 0; i < kIntegAlgorithmCount; i++)
        check_name(kIntegAlgorithms[i].name, iana::kIntegIds, kIntegAlgorithms[i].id, "AUTH_");
    for (size_t i = 0; i < kPrfAlgorithmCount; i++)
        check_name(kPrfAlgorithms[i].name, iana::kPrfIds, kPrfAlgorithms[i].id, "PRF_");
    assert_string_equal(find_encr(transform::kEncrTwofishCbc, 128)->name, "ENCR_TWOFISH_CBC");
    assert_string_equal(find_integ(transform::kIntegHmacSha2_256_96)->name, "AUTH_HMAC_SHA2_256_96");
}

void test_status_text(void**) {
    const int last = static_cast<int>(Status::CryptoError);
    for (int i = 0; i <= last; i++) {
        const char* t = status_text(static_cast<Status>(i));
        assert_non_null(t);
        assert_string_not_equal(t, "Unknown crypto status");
        for (int j = 0; j < i; j++) assert_string_not_equal(t, status_text(static_cast<Status>(j)));
    }
    assert_string_equal(status_text(static_cast<Status>(last + 1)), "Unknown crypto status");
}

}  // namespace

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_encr_sizes),
        cmocka_unit_test(test_encr_key_lengths),
        cmocka_unit_test(test_integ_and_prf),
        cmocka_unit_test(test_names_match_iana),
        cmocka_unit_test(test_status_text),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
