// The SK decryptor (decryptor.hpp) with key sets whose source named no SPIs: the first
// encrypted message of a keyless IKE SA is tried once against each unbound key set, the
// one that verifies is bound to the SA in the store, and nothing is tried again for
// that SA. Messages are built here: ENCR_NULL with AUTH_HMAC_SHA2_256_128, the ICV made
// with libgcrypt directly.
#include "unit_common.hpp"

#include <gcrypt.h>

#include "decryptor.hpp"
#include "iana.hpp"

using namespace ikev2;

namespace {

using unit::Bytes;

constexpr uint8_t kSK = iana::payload::kSK;
constexpr uint8_t kNotify = iana::payload::kNotify;

Bytes key(unsigned seed) {
    Bytes k;
    for (unsigned i = 0; i < 32; i++) k.u8(seed * 31 + i);
    return k;
}

// An INFORMATIONAL request of IKE SA (unit::kSpiI, spi_r) whose SK payload holds one
// Notify, protected with `sk_ai`.
Bytes message(uint64_t spi_r, uint32_t mid, const Bytes& sk_ai) {
    Bytes inner = unit::payload(0, Bytes().u8(0).u8(0).u16(16395).raw({'o', 'k'}));
    inner.u8(0);  // Pad Length (ENCR_NULL: no padding)
    const size_t sk_len = 4 + inner.size() + 16;
    Bytes m = unit::ike_header(kSK, 37, 0x08, mid, sk_len, 0x20, spi_r);
    m.u8(kNotify).u8(0).u16(static_cast<unsigned>(sk_len)).add(inner);
    uint8_t icv[32];
    gcry_md_hd_t h;
    assert_int_equal(gcry_md_open(&h, GCRY_MD_SHA256, GCRY_MD_FLAG_HMAC), 0);
    assert_int_equal(gcry_md_setkey(h, sk_ai.data(), sk_ai.size()), 0);
    gcry_md_write(h, m.data(), m.size());
    std::memcpy(icv, gcry_md_read(h, GCRY_MD_SHA256), sizeof icv);
    gcry_md_close(h);
    return m.raw(icv, 16);
}

keys::IkeSaKeys unbound(unsigned seed) {
    keys::IkeSaKeys k;
    k.spis_given = false;
    k.encr_id = 11;   // ENCR_NULL
    k.integ_id = 12;  // AUTH_HMAC_SHA2_256_128
    k.sk_ai = key(seed).b;
    k.sk_ar = key(seed + 100).b;
    k.source.file = "charon.log";
    k.source.line = seed;
    return k;
}

// Decrypt `msg` as the capture engine does: with the record of its IKE SA.
DecryptOutcome run(IkeDecryptor& d, keys::KeyStore& s, IkeSaTable& sas, const Bytes& msg) {
    const ByteView v(msg.data(), msg.size());
    const Message m = parse_message(v);
    assert_int_equal(m.payloads.size(), 1);
    IkeSa* sa = sas.find_or_create(m.header, Endpoint{}, Endpoint{}, 1, 0, nullptr);
    return d.decrypt(s, sa, v, m, m.payloads[0]);
}

void test_binds_once_per_sa(void**) {
    keys::KeyStore s;
    for (unsigned seed : {1, 2, 3}) s.add_ike(unbound(seed));
    IkeSaTable sas;
    IkeDecryptor d;

    // SA 1 is protected with key set 2: set 1 fails, set 2 verifies and is bound.
    DecryptOutcome o = run(d, s, sas, message(0x1001, 1, key(2)));
    assert_true(o.kind == DecryptOutcome::Kind::Done);
    assert_true(o.result.ok());
    assert_true(o.bound_by_icv);
    assert_int_equal(o.keys->source.line, 2);
    assert_int_equal(d.binding_trials(), 2);
    assert_int_equal(s.unbound_ike().size(), 2);
    const keys::IkeSaKeys* k = s.find_ike(unit::kSpiI, 0x1001);
    assert_non_null(k);
    assert_true(k->bound_by_icv);
    // Its next message uses the bound keys: no trial, no new binding.
    o = run(d, s, sas, message(0x1001, 2, key(2)));
    assert_true(o.result.ok());
    assert_false(o.bound_by_icv);
    assert_int_equal(d.binding_trials(), 2);

    // SA 2 fits no key set: each remaining one tried once, then never again.
    o = run(d, s, sas, message(0x2002, 1, key(9)));
    assert_true(o.kind == DecryptOutcome::Kind::NoKeys);
    assert_true(o.first_miss);
    assert_int_equal(d.binding_trials(), 4);
    o = run(d, s, sas, message(0x2002, 2, key(9)));
    assert_true(o.kind == DecryptOutcome::Kind::NoKeys);
    assert_false(o.first_miss);
    assert_int_equal(d.binding_trials(), 4);

    // SA 3 fits key set 3, now the second of the two left.
    o = run(d, s, sas, message(0x3003, 1, key(3)));
    assert_true(o.bound_by_icv);
    assert_int_equal(d.binding_trials(), 6);
    assert_int_equal(s.unbound_ike().size(), 1);
    assert_int_equal(s.unbound_ike()[0].source.line, 1);
}

// A message whose ICV fails with every key set binds nothing, even when its plaintext
// would parse (the ICV is the only evidence).
void test_no_binding_without_integrity(void**) {
    keys::KeyStore s;
    s.add_ike(unbound(1));
    IkeSaTable sas;
    IkeDecryptor d;
    Bytes m = message(0x4004, 1, key(1));
    m.b.back() ^= 1;
    DecryptOutcome o = run(d, s, sas, m);
    assert_true(o.kind == DecryptOutcome::Kind::NoKeys);
    assert_int_equal(d.binding_trials(), 1);
    assert_int_equal(s.unbound_ike().size(), 1);
    assert_null(s.find_ike(unit::kSpiI, 0x4004));
}

// At most max_open_ciphers() SK ciphers stay open; the SA whose cipher was used
// longest ago has it closed, and its next message builds it again from its keys.
void test_open_ciphers_bounded(void**) {
    keys::KeyStore s;
    for (unsigned i = 1; i <= 3; i++) {
        keys::IkeSaKeys k = unbound(i);
        k.spis_given = true;
        k.spi_i = unit::kSpiI;
        k.spi_r = 0x5000 + i;
        assert_true(s.add_ike(k) == keys::AddResult::Added);
    }
    IkeSaTable sas;
    IkeDecryptor d;
    d.set_max_open_ciphers(2);
    uint32_t mid = 1;
    for (unsigned round = 0; round < 3; round++) {
        for (unsigned i = 1; i <= 3; i++) {  // round robin over 3 IKE SAs, 2 ciphers open
            DecryptOutcome o = run(d, s, sas, message(0x5000 + i, mid++, key(i)));
            assert_true(o.kind == DecryptOutcome::Kind::Done);
            assert_true(o.result.ok());
            assert_int_equal(o.keys->source.line, i);
            assert_true(d.open_ciphers() <= 2);
        }
    }
    assert_int_equal(d.open_ciphers(), 2);
    // SA 1's cipher was closed last round; SA 3's is open: both decrypt.
    assert_null(sas.ike_sas()[0].ciphers[0].cipher.get());
    assert_non_null(sas.ike_sas()[2].ciphers[0].cipher.get());
    assert_true(run(d, s, sas, message(0x5001, mid++, key(1))).result.ok());
    assert_non_null(sas.ike_sas()[0].ciphers[0].cipher.get());
    assert_int_equal(d.open_ciphers(), 2);
}

}  // namespace

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_binds_once_per_sa),
        cmocka_unit_test(test_no_binding_without_integrity),
        cmocka_unit_test(test_open_ciphers_bounded),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
