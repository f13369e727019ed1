// The IKE SA table (ike_sa.hpp): one record per IKE SA with what a real IKE_SA_INIT
// exchange taught it, its bounds, restarts, waiting requests and CHILD_SAs, and the
// IV | ciphertext | ICV split of SK payloads that follows from the algorithms.
#include "unit_common.hpp"

#include "capture_bytes.hpp"
#include "ike_sa.hpp"

using namespace ikev2;

namespace {

constexpr uint64_t kSpiI = 0x10ad0e39ffbb8a93ull, kSpiR = 0x625d3e3f7dce7a05ull;

Endpoint peer(uint8_t last) {
    const uint8_t a[4] = {192, 0, 2, last};
    return Endpoint::make(a, 4, 500);
}

// Frames 1 and 2 of psk-aescbc-sha256: one IKE SA, whose response selected AES-CBC-128,
// HMAC-SHA2-256-128, PRF-SHA2-256, MODP-2048 (strongSwan's log:
// IKE:AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048), with both nonces.
void test_learns_from_real_exchange(void**) {
    IkeSaTable t;
    const ByteView b1(capture::kFrame1, sizeof capture::kFrame1), b2(capture::kFrame2, sizeof capture::kFrame2);
    Message req = parse_message(b1), resp = parse_message(b2);
    uint32_t restart_of = 7;
    IkeSa* sa = t.find_or_create(req.header, peer(1), peer(2), 1, 0.0, &restart_of);
    assert_non_null(sa);
    assert_int_equal(restart_of, 0);
    learn_ike_sa_init(*sa, req, b1, 1);
    assert_int_equal(sa->selected.learned_in, 0);  // a request offers, it selects nothing
    assert_true(sa->ni.size() >= 16);
    assert_true(sa->nr.empty());
    // The response names SPIr: the same record, now found by both SPIs.
    assert_ptr_equal(t.find_or_create(resp.header, peer(2), peer(1), 2, 0.1, nullptr), sa);
    learn_ike_sa_init(*sa, resp, b2, 2);
    assert_int_equal(sa->spi_r, kSpiR);
    assert_ptr_equal(t.find(kSpiI, kSpiR), sa);
    assert_null(t.find(kSpiI, 0));
    const IkeSaAlgorithms& a = sa->selected;
    assert_int_equal(a.transforms.encr_id, 12);
    assert_int_equal(a.transforms.encr_key_bits, 128);
    assert_int_equal(a.transforms.integ_id, 12);
    assert_int_equal(a.prf, 5);
    assert_int_equal(a.ke, 14);
    assert_int_equal(a.learned_in, 2);
    assert_true(sa->nr.size() >= 16);
    assert_int_equal(t.size(), 1);
    assert_true(sa->initiator == peer(1));
}

void test_ignores_other_messages(void**) {
    IkeSaTable t;
    // IKE_AUTH request: encrypted, no SA payload in the clear (non-ESP marker skipped).
    const ByteView b3(capture::kFrame3 + 4, sizeof capture::kFrame3 - 4);
    Message auth = parse_message(b3);
    IkeSa* sa = t.find_or_create(auth.header, peer(1), peer(2), 3, 0.0, nullptr);
    assert_non_null(sa);
    learn_ike_sa_init(*sa, auth, b3, 3);
    assert_int_equal(sa->selected.learned_in, 0);
    assert_true(sa->ni.empty());
    // Seen first outside IKE_SA_INIT / IKE_AUTH: up, with the reason.
    assert_int_equal(static_cast<int>(sa->state), static_cast<int>(SaState::None));
}

// Resource bound (docs/robustness.md): a capture inventing IKE SAs fills the table up to
// kMaxSas; a further new SA is refused (and counted), a known one is still found.
void test_table_bound(void**) {
    IkeSaTable t;
    Message resp = parse_message(ByteView(capture::kFrame2, sizeof capture::kFrame2));
    for (uint64_t i = 0; i < IkeSaTable::kMaxSas; i++) {
        resp.header.spi_i = i + 1;
        assert_non_null(t.find_or_create(resp.header, peer(2), peer(1), 2, 0, nullptr));
    }
    assert_int_equal(t.size(), IkeSaTable::kMaxSas);
    assert_int_equal(t.refusals(), 0);
    resp.header.spi_i = IkeSaTable::kMaxSas + 1;
    assert_null(t.find_or_create(resp.header, peer(2), peer(1), 3, 0, nullptr));
    assert_int_equal(t.refusals(), 1);
    resp.header.spi_i = 7;
    IkeSa* known = t.find_or_create(resp.header, peer(2), peer(1), 4, 0, nullptr);
    assert_non_null(known);
    assert_int_equal(known->id, 7);
    assert_int_equal(t.refusals(), 1);
}

// A COOKIE or INVALID_KE_PAYLOAD response makes the peers' next IKE_SA_INIT request with
// a new SPIi a restart of the first SA (RFC 7296 2.6).
void test_restart(void**) {
    IkeSaTable t;
    Header h;
    h.exchange = 34;
    h.flags = 0x08;  // initiator, request
    h.spi_i = 1;
    IkeSa* first = t.find_or_create(h, peer(1), peer(2), 1, 0, nullptr);
    t.expect_restart(*first);
    h.spi_i = 2;
    uint32_t restart_of = 0;
    IkeSa* second = t.find_or_create(h, peer(1), peer(2), 3, 0, &restart_of);
    assert_int_equal(restart_of, first->id);
    assert_int_equal(second->restart_of, first->id);
    h.spi_i = 3;  // only once
    t.find_or_create(h, peer(1), peer(2), 5, 0, &restart_of);
    assert_int_equal(restart_of, 0);
}

// Requests wait in their IKE SA: IKE_AUTH's with the SA payload (EAP rounds after it
// carry none and do not replace it, RFC 7296 2.16), CREATE_CHILD_SA's by requester and
// message ID until answered; the bound on waiting requests counts as a refusal.
void test_requests(void**) {
    IkeSaTable t;
    Header h;
    h.exchange = 35;
    h.spi_i = 1;
    h.spi_r = 2;
    h.flags = 0x08;
    IkeSa& sa = *t.find_or_create(h, peer(1), peer(2), 1, 0, nullptr);
    Request with_sa;
    with_sa.exchange = 35;
    with_sa.frame = 3;
    with_sa.proposals.emplace_back();
    assert_true(t.keep_request(sa, 0, 1, Request(with_sa)));
    Request eap;
    eap.exchange = 35;
    eap.frame = 5;
    assert_true(t.keep_request(sa, 0, 2, std::move(eap)));
    assert_int_equal(t.request_for(sa, 35, 0, 3)->frame, 3);
    t.answered(sa, 35, 0, 3);
    assert_non_null(t.request_for(sa, 35, 0, 3));  // IKE_AUTH: kept for the last response

    Request child;
    child.exchange = 36;
    child.frame = 9;
    assert_true(t.keep_request(sa, 1, 4, std::move(child)));
    assert_null(t.request_for(sa, 36, 0, 4));  // the other side's MID 4
    assert_int_equal(t.request_for(sa, 36, 1, 4)->frame, 9);
    t.answered(sa, 36, 1, 4);
    assert_null(t.request_for(sa, 36, 1, 4));

    for (uint32_t mid = 0; mid < IkeSaTable::kMaxPending; mid++) {
        Request r;
        r.exchange = 36;
        assert_true(t.keep_request(sa, 0, mid, std::move(r)));
    }
    Request over;
    over.exchange = 36;
    assert_false(t.keep_request(sa, 1, 0, std::move(over)));
    assert_int_equal(t.refusals(), 1);
    t.answered(sa, 36, 0, 0);  // one answered: room again
    Request again;
    again.exchange = 36;
    assert_true(t.keep_request(sa, 1, 0, std::move(again)));
}

void test_children(void**) {
    IkeSaTable t;
    Header h;
    h.exchange = 37;
    h.spi_i = 1;
    h.spi_r = 2;
    IkeSa& sa = *t.find_or_create(h, peer(1), peer(2), 1, 0, nullptr);
    ChildSa* c = t.add_child(sa.id);
    assert_int_equal(c->id, 1);
    assert_int_equal(c->ike_sa, sa.id);
    assert_int_equal(sa.children.size(), 1);
    assert_ptr_equal(t.child(1), c);
    assert_null(t.child(2));
    assert_null(t.sa(2));
}

void test_split_cbc_hmac(void**) {
    crypto::Transforms a;
    a.encr_id = 12;
    a.encr_key_bits = 128;
    a.integ_id = 12;
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
    crypto::Transforms a;
    a.encr_id = 20;  // ENCR_AES_GCM_16: 8-octet IV, 16-octet tag, no INTEG
    a.encr_key_bits = 256;
    EncryptedLayout l;
    assert_true(split_encrypted(a, Span{0, 8 + 5 + 16}, l));
    assert_int_equal(l.iv.len, 8);
    assert_int_equal(l.ciphertext.len, 5);
    assert_int_equal(l.icv.len, 16);
    a.encr_id = 0xfff0;  // private use: no layout known
    assert_false(split_encrypted(a, Span{0, 64}, l));
    a.encr_id = 12;      // AES-CBC without its mandatory key length
    a.encr_key_bits = 0;
    a.integ_id = 12;
    assert_false(split_encrypted(a, Span{0, 64}, l));
}

}  // namespace

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_learns_from_real_exchange),
        cmocka_unit_test(test_ignores_other_messages),
        cmocka_unit_test(test_table_bound),
        cmocka_unit_test(test_restart),
        cmocka_unit_test(test_requests),
        cmocka_unit_test(test_children),
        cmocka_unit_test(test_split_cbc_hmac),
        cmocka_unit_test(test_split_gcm_and_unknown),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
