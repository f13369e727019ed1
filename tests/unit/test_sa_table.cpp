// The IKE SA table (sa_table.hpp): algorithms learned from a real IKE_SA_INIT response,
// and the IV | ciphertext | ICV split of SK payloads that follows from them.
#include "unit_common.hpp"

#include "capture_bytes.hpp"
#include "sa_table.hpp"

using namespace ikev2;

namespace {

constexpr uint64_t kSpiI = 0x10ad0e39ffbb8a93ull, kSpiR = 0x625d3e3f7dce7a05ull;

// Frame 2 of psk-aescbc-sha256 selected AES-CBC-128, HMAC-SHA2-256-128, PRF-SHA2-256,
// MODP-2048 (strongSwan's log: IKE:AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048).
void test_learns_from_real_response(void**) {
    IkeSaTable t;
    Message resp = parse_message(ByteView(capture::kFrame2, sizeof capture::kFrame2));
    assert_true(t.observe(resp, 2));
    const IkeSaAlgorithms* a = t.find(kSpiI, kSpiR);
    assert_non_null(a);
    assert_int_equal(a->encr, 12);
    assert_int_equal(a->encr_key_bits, 128);
    assert_int_equal(a->integ, 12);
    assert_int_equal(a->prf, 5);
    assert_int_equal(a->ke, 14);
    assert_int_equal(a->learned_in, 2);
    assert_null(t.find(kSpiI, 0));
}

void test_ignores_requests_and_other_messages(void**) {
    IkeSaTable t;
    Message req = parse_message(ByteView(capture::kFrame1, sizeof capture::kFrame1));
    assert_false(t.observe(req, 1));  // a request offers proposals, it selects none
    // IKE_AUTH request: encrypted, no SA payload in the clear (non-ESP marker skipped).
    Message auth = parse_message(ByteView(capture::kFrame3 + 4, sizeof capture::kFrame3 - 4));
    assert_false(t.observe(auth, 3));
    assert_int_equal(t.size(), 0);
}

// Resource bound (docs/robustness.md): a capture inventing IKE SAs fills the table up to
// kMaxSas; a further new SA is refused (and says so), a known one is still updated.
void test_table_bound(void**) {
    IkeSaTable t;
    Message resp = parse_message(ByteView(capture::kFrame2, sizeof capture::kFrame2));
    for (uint64_t i = 0; i < IkeSaTable::kMaxSas; i++) {
        resp.header.spi_r = i + 1;
        bool refused = false;
        assert_true(t.observe(resp, 2, &refused));
        assert_false(refused);
    }
    assert_int_equal(t.size(), IkeSaTable::kMaxSas);
    bool refused = false;
    resp.header.spi_r = IkeSaTable::kMaxSas + 1;
    assert_false(t.observe(resp, 3, &refused));
    assert_true(refused);
    assert_null(t.find(kSpiI, IkeSaTable::kMaxSas + 1));
    refused = false;
    resp.header.spi_r = 7;
    assert_true(t.observe(resp, 4, &refused));
    assert_false(refused);
    assert_int_equal(t.find(kSpiI, 7)->learned_in, 4);
    assert_int_equal(t.size(), IkeSaTable::kMaxSas);
}

void test_split_cbc_hmac(void**) {
    IkeSaAlgorithms a;
    a.encr = 12;
    a.encr_key_bits = 128;
    a.integ = 12;
    EncryptedLayout l;
    assert_true(split_encrypted(a, Span{100, 16 + 32 + 16}, l));
    assert_int_equal(l.iv.off, 100);
    assert_int_equal(l.iv.len, 16);
    assert_int_equal(l.ciphertext.off, 116);
    assert_int_equal(l.ciphertext.len, 32);
    assert_int_equal(l.icv.off, 148);
    assert_int_equal(l.icv.len, 16);
    // Too short for IV and ICV.
    assert_false(split_encrypted(a, Span{0, 31}, l));
}

void test_split_gcm_and_unknown(void**) {
    IkeSaAlgorithms a;
    a.encr = 20;  // ENCR_AES_GCM_16: 8-octet IV, 16-octet tag, no INTEG
    a.encr_key_bits = 256;
    EncryptedLayout l;
    assert_true(split_encrypted(a, Span{0, 8 + 5 + 16}, l));
    assert_int_equal(l.iv.len, 8);
    assert_int_equal(l.ciphertext.len, 5);
    assert_int_equal(l.icv.len, 16);
    a.encr = 0xfff0;  // private use: no layout known
    assert_false(split_encrypted(a, Span{0, 64}, l));
    a.encr = 12;      // AES-CBC without its mandatory key length
    a.encr_key_bits = 0;
    a.integ = 12;
    assert_false(split_encrypted(a, Span{0, 64}, l));
}

}  // namespace

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_learns_from_real_response),
        cmocka_unit_test(test_ignores_requests_and_other_messages),
        cmocka_unit_test(test_table_bound),
        cmocka_unit_test(test_split_cbc_hmac),
        cmocka_unit_test(test_split_gcm_and_unknown),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
