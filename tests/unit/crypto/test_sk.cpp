// SK and SKF payload decryption (sk.hpp): the RFC 7634 known-answer message, then
// messages built and encrypted here with libgcrypt directly (an independent path: the
// test's own nonce, counter-block, AAD and ICV construction) for every supported ENCR
// and INTEG combination, decrypted through SkCipher; tampering, lengths and padding.
#include "crypto_test.hpp"
#include "mac_reference.hpp"

#include <gcrypt.h>

#include "crypto/sk.hpp"
#include "iana.hpp"

using namespace ikev2;
using namespace ikev2::crypto;
using crypto_test::Bytes;
using crypto_test::hex;
using crypto_test::text;
using crypto_test::check;
using crypto_test::gcry_cipher_for;
using crypto_test::gcry_mode_for;

namespace {

constexpr uint8_t kSK = iana::payload::kSK;
constexpr uint8_t kSKF = iana::payload::kSKF;
constexpr uint8_t kNotify = iana::payload::kNotify;
constexpr uint8_t kNonce = iana::payload::kNonce;

// ---- The independent encryptor -----------------------------------------------------

Bytes pattern(size_t n, unsigned seed) {
    Bytes b;
    for (size_t i = 0; i < n; i++) b.u8((seed + i * 7 + (i >> 3)) & 0xff);
    return b;
}

Bytes mac_ref(const IntegAlgorithm& i, const Bytes& key, const uint8_t* data, size_t len) {
    return crypto_test::mac_ref(i.mac, key, data, len);
}

struct Suite {
    const EncrAlgorithm* encr;
    const IntegAlgorithm* integ;
    Bytes sk_e;
    Bytes sk_a;
    Transforms ids() const { return {encr->id, encr->key_bits, integ->id}; }
};

Suite make_suite(uint16_t encr_id, uint16_t bits, uint16_t integ_id, unsigned seed = 1) {
    Suite s;
    s.encr = find_encr(encr_id, bits);
    s.integ = find_integ(integ_id);
    assert_non_null(s.encr);
    assert_non_null(s.integ);
    s.sk_e = pattern(s.encr->key_material(), seed);
    s.sk_a = pattern(s.integ->key_size, seed + 100);
    return s;
}

struct Built {
    Bytes msg;
    size_t sk_off = 0;      // where the SK / SKF payload starts
    size_t header = 4;      // its header: 4, or 8 for SKF
    size_t ct_len = 0;
};

struct BuildOptions {
    bool fragment = false;
    uint16_t frag_no = 1, frag_total = 1;
    size_t extra_pad_blocks = 0;  // padding beyond the minimum (recipients must accept it)
    int force_pad_length = -1;    // >= 0: write this Pad Length octet (for BadPadding)
    Bytes prefix;                 // unencrypted payload before the SK payload (a Notify)
};

// Builds header | [prefix payload] | SK(F) payload whose plaintext is
// `inner` | padding | Pad Length, encrypted and protected as RFC 7296 3.14, RFC 5282,
// RFC 7634 and RFC 7383 2.5 describe.
Built build(const Suite& s, uint8_t first_inner, const Bytes& inner, unsigned iv_seed,
            const BuildOptions& o = BuildOptions()) {
    const EncrAlgorithm& e = *s.encr;
    const size_t block = e.block_size;
    size_t pad = (block - (inner.size() + 1) % block) % block + o.extra_pad_blocks * block;
    Bytes plain(inner);
    for (size_t i = 0; i < pad; i++) plain.u8(0xa0 + i);
    plain.u8(o.force_pad_length >= 0 ? static_cast<unsigned>(o.force_pad_length)
                                     : static_cast<unsigned>(pad));
    const Bytes iv = pattern(e.iv_size, iv_seed);
    const size_t icv_len = e.aead ? e.icv_size : s.integ->icv_size;
    const size_t header = 4 + (o.fragment ? 4 : 0);
    const size_t sk_len = header + iv.size() + plain.size() + icv_len;

    Built b;
    b.header = header;
    const uint8_t sk_type = o.fragment ? kSKF : kSK;
    const bool has_prefix = o.prefix.size() > 0;
    b.msg = unit::ike_header(has_prefix ? kNotify : sk_type, iana::exchange::kIkeAuth, 0x08, 1,
                             (has_prefix ? o.prefix.size() + 4 : 0) + sk_len);
    if (has_prefix) b.msg.add(unit::payload(sk_type, o.prefix));
    b.sk_off = b.msg.size();
    b.msg.u8(first_inner).u8(0).u16(static_cast<unsigned>(sk_len));
    if (o.fragment) b.msg.u16(o.frag_no).u16(o.frag_total);
    b.msg.add(iv);
    const size_t ct_off = b.msg.size();
    b.ct_len = plain.size();

    std::vector<uint8_t> ct(plain.size());
    Bytes tag;
    if (e.mode == CipherMode::None) {
        std::memcpy(ct.data(), plain.data(), plain.size());
    } else {
        gcry_cipher_hd_t h;
        check(gcry_cipher_open(&h, gcry_cipher_for(e), gcry_mode_for(e.mode), 0));
        check(gcry_cipher_setkey(h, s.sk_e.data(), e.key_size));
        const uint8_t* salt = s.sk_e.data() + e.key_size;
        if (e.mode == CipherMode::Cbc) {
            check(gcry_cipher_setiv(h, iv.data(), iv.size()));
        } else if (e.mode == CipherMode::Ctr) {
            uint8_t ctr[16] = {};
            std::memcpy(ctr, salt, 4);
            std::memcpy(ctr + 4, iv.data(), 8);
            ctr[15] = 1;
            check(gcry_cipher_setctr(h, ctr, 16));
        } else {
            uint8_t nonce[16];
            std::memcpy(nonce, salt, e.salt_size);
            std::memcpy(nonce + e.salt_size, iv.data(), iv.size());
            check(gcry_cipher_setiv(h, nonce, e.salt_size + iv.size()));
            if (e.mode == CipherMode::Ccm) {
                uint64_t l[3] = {plain.size(), ct_off - iv.size(), e.icv_size};
                check(gcry_cipher_ctl(h, GCRYCTL_SET_CCM_LENGTHS, l, sizeof l));
            }
            // Associated data: the IKE header through the (fragment) payload header.
            check(gcry_cipher_authenticate(h, b.msg.data(), ct_off - iv.size()));
        }
        check(gcry_cipher_encrypt(h, ct.data(), ct.size(), plain.data(), plain.size()));
        if (e.aead) {
            uint8_t t[16];
            check(gcry_cipher_gettag(h, t, e.icv_size));
            tag.raw(t, e.icv_size);
        }
        gcry_cipher_close(h);
    }
    b.msg.raw(ct.data(), ct.size());
    if (e.aead) {
        b.msg.add(tag);
    } else if (icv_len) {
        // ICV over the IKE header through the end of the ciphertext.
        Bytes full = mac_ref(*s.integ, s.sk_a, b.msg.data(), b.msg.size());
        b.msg.raw(full.data(), icv_len);
    }
    assert_int_equal(b.msg.size(), b.sk_off + sk_len);
    return b;
}

// A small inner chain: Notify(SET_WINDOW_SIZE = 10) then Nonce.
Bytes inner_chain() {
    Bytes notify, nonce;
    notify.u8(0).u8(0).u16(16385).u32(10);
    nonce.add(pattern(24, 9));
    return unit::chain({{kNotify, notify}, {kNonce, nonce}});
}

// The SK payload's span as the parser reports it.
Span payload_span(const ByteView& v, uint8_t type) {
    Message m = parse_message(v);
    assert_true(m.header_ok);
    EXPECT_NO_PROBLEMS(m.issues);
    for (const Payload& p : m.payloads)
        if (p.type == type) return p.span;
    fail_msg("no payload of type %u", type);
    return Span{};
}

std::unique_ptr<SkCipher> cipher_for(const Suite& s) {
    std::unique_ptr<SkCipher> c;
    Status st = SkCipher::create(s.ids(), s.sk_e.view(), s.sk_a.view(), c);
    if (st != Status::Ok) fail_msg("%s with %s: %s", s.encr->name, s.integ->name, status_text(st));
    assert_non_null(c.get());
    return c;
}

void expect_decrypts(SkCipher& c, const Suite& s, const Built& b, const Bytes& inner,
                     bool fragment = false) {
    const ByteView v = b.msg.view();
    const Span span = payload_span(v, fragment ? kSKF : kSK);
    SkResult r = fragment ? c.decrypt_skf(v, span) : c.decrypt_sk(v, span);
    if (!r.ok())
        fail_msg("%s / %s: %s", s.encr->name, s.integ->name, status_text(r.status));
    EXPECT_BYTES(r.plaintext, inner);
    assert_true(r.decrypted);
    assert_true(r.padding_ok);
    assert_false(r.unauthenticated());
    const EncrAlgorithm& e = *s.encr;
    const size_t icv = e.aead ? e.icv_size : s.integ->icv_size;
    const uint32_t iv_off = static_cast<uint32_t>(b.sk_off + b.header);
    EXPECT_SPAN(r.iv, iv_off, e.iv_size);
    EXPECT_SPAN(r.ciphertext, iv_off + e.iv_size, b.ct_len);
    EXPECT_SPAN(r.icv, iv_off + e.iv_size + b.ct_len, icv);
    assert_int_equal(r.icv.end(), b.msg.size());
    if (e.aead)
        EXPECT_SPAN(r.authenticated, 0, iv_off);
    else
        EXPECT_SPAN(r.authenticated, 0, iv_off + e.iv_size + b.ct_len);
    assert_int_equal(r.integrity_checked, e.aead || s.integ->icv_size > 0);
    assert_int_equal(r.pad_length + 1 + inner.size(), b.ct_len);
}

// ---- RFC 7634 Appendix B -------------------------------------------------------------

// RFC 7634 Appendix B: an INFORMATIONAL request protected with ChaCha20-Poly1305, the
// whole message published (also strongSwan's tests/suites/test_message_chapoly.c).
// SK_e = 808182..9f | a0a1a2a3 (key | salt), IV 1011121314151617; the plaintext is a
// Notify SET_WINDOW_SIZE(10) and a Pad Length of 0.
void test_rfc7634_appendix_b(void**) {
    const Bytes msg = hex(
        "c0c1c2c3c4c5c6c7 d0d1d2d3d4d5d6d7 2e 20 25 00 00000009 00000045"  // IKE header
        "29 00 0029"                                                       // SK header
        "1011121314151617"                                                 // IV
        "610394701f8d017f7c12924889"                                       // ciphertext
        "6b71bfe25236efd7cdc670669063 15b2");                              // tag
    Bytes sk_e;
    for (unsigned i = 0x80; i <= 0xa3; i++) sk_e.u8(i);
    const Transforms alg{transform::kEncrChaCha20Poly1305, 0, transform::kIntegNone};

    Message m = parse_message(msg.view());
    EXPECT_NO_PROBLEMS(m.issues);
    assert_int_equal(m.payloads.size(), 1);
    assert_int_equal(m.payloads[0].type, kSK);
    EXPECT_SPAN(m.payloads[0].span, 28, 41);

    SkResult r = decrypt_sk(msg.view(), m.payloads[0].span, alg, sk_e.view(), Bytes().view());
    EXPECT_STATUS(r.status, Status::Ok);
    EXPECT_BYTES(r.plaintext, hex("0000000c 0000 4001 0000000a"));
    assert_int_equal(r.pad_length, 0);
    assert_true(r.integrity_checked);
    EXPECT_SPAN(r.iv, 32, 8);
    EXPECT_SPAN(r.ciphertext, 40, 13);
    EXPECT_SPAN(r.icv, 53, 16);
    EXPECT_SPAN(r.authenticated, 0, 32);

    // The decrypted chain parses: one Notify, SET_WINDOW_SIZE = 10.
    std::vector<Payload> inner;
    Issues issues;
    parse_payload_chain(ByteView(r.plaintext.data(), r.plaintext.size()),
                        m.payloads[0].next_payload, inner, issues);
    EXPECT_NO_PROBLEMS(issues);
    assert_int_equal(inner.size(), 1);
    const auto* n = std::get_if<NotifyBody>(&inner[0].content);
    assert_non_null(n);
    assert_int_equal(n->type, 16385);
    assert_int_equal(n->decoded.value, 10);

    // Every single-bit change anywhere in the message fails the tag.
    for (size_t i = 0; i < msg.size(); i++) {
        Bytes bad(msg);
        bad.b[i] ^= 0x80;
        SkResult t = decrypt_sk(bad.view(), m.payloads[0].span, alg, sk_e.view(), Bytes().view());
        if (t.status != Status::AeadTagMismatch)
            fail_msg("octet %zu: %s", i, status_text(t.status));
        assert_int_equal(t.plaintext.size(), 0);
    }
}

// ---- Round trips over every combination ---------------------------------------------

std::vector<Suite> all_suites() {
    const uint16_t integs[] = {
        transform::kIntegHmacMd5_96,       transform::kIntegHmacSha1_96,
        transform::kIntegAesXcbc96,        transform::kIntegAesCmac96,
        transform::kIntegHmacSha2_256_128, transform::kIntegHmacSha2_384_192,
        transform::kIntegHmacSha2_512_256, transform::kIntegHmacMd5_128,
        transform::kIntegHmacSha1_160,     transform::kIntegHmacSha2_256_96,
        transform::kIntegHmacRipemd160_96,
    };
    std::vector<Suite> out;
    unsigned seed = 1;
    for (size_t i = 0; i < kEncrAlgorithmCount; i++) {
        const EncrAlgorithm& e = kEncrAlgorithms[i];
        if (!e.ike_sk) continue;
        if (e.aead) {
            out.push_back(make_suite(e.id, e.key_bits, transform::kIntegNone, seed++));
        } else {
            for (uint16_t integ : integs) out.push_back(make_suite(e.id, e.key_bits, integ, seed++));
        }
    }
    return out;
}

void test_round_trip_all_suites(void**) {
    const std::vector<Suite> suites = all_suites();
    assert_int_equal(suites.size(), 18 * 11 + 19);
    const Bytes inner = inner_chain();
    for (const Suite& s : suites) {
        std::unique_ptr<SkCipher> c = cipher_for(s);
        assert_ptr_equal(&c->encr(), s.encr);
        assert_ptr_equal(&c->integ(), s.integ);
        // Several messages through one SkCipher: minimum padding, extra padding, an
        // unencrypted payload before SK, an empty inner chain.
        BuildOptions more_pad;
        more_pad.extra_pad_blocks = 2;
        BuildOptions with_prefix;
        with_prefix.prefix = hex("0000 4000");  // Notify INITIAL_CONTACT-ish body
        expect_decrypts(*c, s, build(s, kNotify, inner, 1), inner);
        expect_decrypts(*c, s, build(s, kNotify, inner, 2, more_pad), inner);
        expect_decrypts(*c, s, build(s, kNotify, inner, 3, with_prefix), inner);
        expect_decrypts(*c, s, build(s, 0, Bytes(), 4), Bytes());
    }
}

// Flip one bit in the IKE header, the SK header, the IV, the ciphertext and the ICV:
// each must fail the integrity check, and a good message afterwards still decrypts
// (the handles recover from a failed check). A combined-mode cipher gives no plaintext;
// the others decrypt all the same (test_icv_mismatch_decrypts checks that plaintext).
void test_tampering_all_suites(void**) {
    const Bytes inner = inner_chain();
    for (const Suite& s : all_suites()) {
        std::unique_ptr<SkCipher> c = cipher_for(s);
        const Built good = build(s, kNotify, inner, 7);
        const Span span = payload_span(good.msg.view(), kSK);
        const size_t iv_len = s.encr->iv_size;
        const size_t icv_len = s.encr->aead ? s.encr->icv_size : s.integ->icv_size;
        std::vector<size_t> where = {
            19,                                    // exchange type (IKE header)
            27,                                    // low octet of the header Length
            good.sk_off + 1,                       // SK generic header: C / RESERVED
            good.sk_off + 4 + good.ct_len / 2 + iv_len,  // ciphertext
            good.msg.size() - 1,                   // last ICV octet
        };
        if (iv_len) where.push_back(good.sk_off + 4);  // IV
        const Status want = s.encr->aead ? Status::AeadTagMismatch : Status::IcvMismatch;
        for (size_t off : where) {
            Bytes bad(good.msg);
            bad.b[off] ^= 0x01;
            SkResult r = c->decrypt_sk(bad.view(), span);
            if (r.status != want)
                fail_msg("%s / %s, octet %zu: %s", s.encr->name, s.integ->name, off,
                         status_text(r.status));
            assert_false(r.integrity_checked);
            assert_int_equal(r.decrypted, !s.encr->aead);
            assert_int_equal(r.unauthenticated(), !s.encr->aead);
            if (s.encr->aead) assert_int_equal(r.plaintext.size(), 0);
            else assert_int_equal(r.plaintext.size() + (r.padding_ok ? r.pad_length + 1u : 0u), good.ct_len);
            // Spans are still reported for the glue.
            EXPECT_SPAN(r.icv, static_cast<uint32_t>(good.msg.size() - icv_len), icv_len);
            expect_decrypts(*c, s, good, inner);
        }
        // A key for the other direction (or a wrong key) fails the same way.
        Suite other = s;
        // Every octet of both keys changed: a key no suite's pattern seed could give back.
        for (size_t k = 0; k < other.sk_e.size(); k++) other.sk_e.b[k] ^= 0x5a;
        for (size_t k = 0; k < other.sk_a.size(); k++) other.sk_a.b[k] ^= 0xa5;
        if (s.encr->mode != CipherMode::None || s.integ->icv_size) {
            std::unique_ptr<SkCipher> wrong = cipher_for(other);
            EXPECT_STATUS(wrong->decrypt_sk(good.msg.view(), span).status, want);
        }
    }
}

// A changed ICV octet: CBC and CTR (a separate INTEG) decrypt to the right plaintext with
// IcvMismatch, not authenticated; GCM, CCM and ChaCha20-Poly1305 give nothing. The same
// for an SKF fragment, and with a Pad Length that does not fit (the whole decrypted data).
void test_icv_mismatch_decrypts(void**) {
    const Suite suites[] = {
        make_suite(transform::kEncrAesCbc, 128, transform::kIntegHmacSha1_96),
        make_suite(transform::kEncrAesCbc, 256, transform::kIntegHmacSha2_256_128),
        make_suite(transform::kEncr3Des, 0, transform::kIntegAesXcbc96),
        make_suite(transform::kEncrAesCtr, 128, transform::kIntegHmacSha2_256_128),
        make_suite(transform::kEncrAesCtr, 256, transform::kIntegAesCmac96),
        make_suite(transform::kEncrAesGcm16, 128, transform::kIntegNone),
        make_suite(transform::kEncrAesGcm8, 256, transform::kIntegNone),
        make_suite(transform::kEncrAesCcm16, 192, transform::kIntegNone),
        make_suite(transform::kEncrChaCha20Poly1305, 0, transform::kIntegNone),
    };
    const Bytes inner = inner_chain();
    size_t separate = 0, combined = 0;
    for (const Suite& s : suites) {
        std::unique_ptr<SkCipher> c = cipher_for(s);
        const bool aead = s.encr->aead;
        (aead ? combined : separate)++;
        BuildOptions frag;
        frag.fragment = true;
        frag.frag_no = 2;
        frag.frag_total = 3;
        for (bool fragment : {false, true}) {
            const Built good = build(s, kNotify, inner, 21, fragment ? frag : BuildOptions());
            const uint8_t type = fragment ? kSKF : kSK;
            const Span span = payload_span(good.msg.view(), type);
            for (size_t from_end : {1u, 4u}) {  // last and an earlier octet of the ICV / tag
                Bytes bad(good.msg);
                bad.b[bad.size() - from_end] ^= 0x40;
                SkResult r = fragment ? c->decrypt_skf(bad.view(), span) : c->decrypt_sk(bad.view(), span);
                assert_false(r.integrity_checked);
                if (aead) {
                    EXPECT_STATUS(r.status, Status::AeadTagMismatch);
                    assert_false(r.decrypted);
                    assert_false(r.unauthenticated());
                    assert_int_equal(r.plaintext.size(), 0);
                    continue;
                }
                EXPECT_STATUS(r.status, Status::IcvMismatch);
                assert_true(r.decrypted);
                assert_true(r.unauthenticated());
                assert_true(r.padding_ok);
                EXPECT_BYTES(r.plaintext, inner);
                assert_int_equal(r.pad_length + 1 + inner.size(), good.ct_len);
                if (fragment) {
                    assert_int_equal(r.fragment_number, 2);
                    assert_int_equal(r.total_fragments, 3);
                }
            }
        }
        // A Pad Length that does not fit, under a bad ICV: the whole decrypted data comes
        // back, still IcvMismatch (integrity is reported before padding).
        BuildOptions o;
        o.force_pad_length = 255;
        const Built b = build(s, kNotify, text("abc"), 22, o);
        Bytes bad(b.msg);
        bad.b[bad.size() - 1] ^= 0x01;
        SkResult r = c->decrypt_sk(bad.view(), payload_span(b.msg.view(), kSK));
        EXPECT_STATUS(r.status, aead ? Status::AeadTagMismatch : Status::IcvMismatch);
        assert_int_equal(r.decrypted, !aead);
        assert_false(r.padding_ok);
        assert_int_equal(r.plaintext.size(), aead ? 0 : b.ct_len);
        if (!aead) assert_memory_equal(r.plaintext.data(), "abc", 3);
    }
    assert_int_equal(separate, 5);
    assert_int_equal(combined, 4);
}

// ---- SKF -------------------------------------------------------------------------------

void test_skf(void**) {
    const Suite suites[] = {
        make_suite(transform::kEncrAesGcm16, 256, transform::kIntegNone),
        make_suite(transform::kEncrChaCha20Poly1305, 0, transform::kIntegNone),
        make_suite(transform::kEncrAesCcm8, 128, transform::kIntegNone),
        make_suite(transform::kEncrAesCbc, 128, transform::kIntegHmacSha2_256_128),
        make_suite(transform::kEncr3Des, 0, transform::kIntegHmacSha1_96),
    };
    const Bytes inner = inner_chain();
    const Bytes part1 = crypto_test::from_prefix(inner, 10);
    const Bytes part2 = text("rest of the chain");
    for (const Suite& s : suites) {
        std::unique_ptr<SkCipher> c = cipher_for(s);
        BuildOptions f1;
        f1.fragment = true;
        f1.frag_no = 1;
        f1.frag_total = 2;
        BuildOptions f2 = f1;
        f2.frag_no = 2;
        const Built b1 = build(s, kNotify, part1, 11, f1);
        const Built b2 = build(s, 0, part2, 12, f2);
        expect_decrypts(*c, s, b1, part1, true);
        expect_decrypts(*c, s, b2, part2, true);
        SkResult r = c->decrypt_skf(b2.msg.view(), payload_span(b2.msg.view(), kSKF));
        assert_int_equal(r.fragment_number, 2);
        assert_int_equal(r.total_fragments, 2);

        // Fragment Number and Total Fragments are covered (RFC 7383 2.5).
        const Status want = s.encr->aead ? Status::AeadTagMismatch : Status::IcvMismatch;
        for (size_t off : {b1.sk_off + 5, b1.sk_off + 7}) {
            Bytes bad(b1.msg);
            bad.b[off] ^= 0x02;
            SkResult t = c->decrypt_skf(bad.view(), payload_span(b1.msg.view(), kSKF));
            EXPECT_STATUS(t.status, want);
        }
        // An SKF payload read as SK (fragment fields taken for the IV) fails.
        assert_false(c->decrypt_sk(b1.msg.view(), payload_span(b1.msg.view(), kSKF)).ok());
    }
}

// ---- Lengths -------------------------------------------------------------------------

void test_bad_lengths(void**) {
    const Suite cbc = make_suite(transform::kEncrAesCbc, 128, transform::kIntegHmacSha1_96);
    const Suite gcm = make_suite(transform::kEncrAesGcm16, 128, transform::kIntegNone);
    std::unique_ptr<SkCipher> c_cbc = cipher_for(cbc);
    std::unique_ptr<SkCipher> c_gcm = cipher_for(gcm);
    const Bytes inner = inner_chain();
    const Built b = build(cbc, kNotify, inner, 5);
    const ByteView v = b.msg.view();
    const Span sk = payload_span(v, kSK);

    // Shorter than the generic header, than IV + ICV, or with nothing between them.
    for (uint32_t len : {0u, 3u, 4u, 4u + 16u + 12u - 1u, 4u + 16u + 12u}) {
        SkResult r = c_cbc->decrypt_sk(v, Span{sk.off, len});
        EXPECT_STATUS(r.status, Status::BadLength);
        assert_int_equal(r.plaintext.size(), 0);
    }
    // IV + ICV present but an empty ciphertext: the spans are known and reported.
    SkResult r = c_cbc->decrypt_sk(v, Span{sk.off, 4 + 16 + 12});
    EXPECT_SPAN(r.iv, sk.off + 4, 16);
    EXPECT_SPAN(r.ciphertext, sk.off + 20, 0);
    EXPECT_SPAN(r.icv, sk.off + 20, 12);

    // Ciphertext not a multiple of the AES block (one octet cut, the ICV shifted).
    r = c_cbc->decrypt_sk(v, Span{sk.off, sk.len - 1});
    EXPECT_STATUS(r.status, Status::BadLength);
    EXPECT_SPAN(r.ciphertext, sk.off + 20, b.ct_len - 1);

    // A span outside the message, or before the view's base.
    EXPECT_STATUS(c_cbc->decrypt_sk(v, Span{sk.off, sk.len + 1}).status, Status::BadLength);
    EXPECT_STATUS(c_cbc->decrypt_sk(v, Span{static_cast<uint32_t>(b.msg.size()) + 1, 0}).status,
                  Status::BadLength);
    EXPECT_STATUS(c_cbc->decrypt_sk(v, Span{0xfffffff0u, 0x20}).status, Status::BadLength);
    EXPECT_STATUS(c_cbc->decrypt_sk(b.msg.view(100), Span{sk.off, sk.len}).status,
                  Status::BadLength);
    // SKF needs 8 octets of header.
    EXPECT_STATUS(c_cbc->decrypt_skf(v, Span{sk.off, 7}).status, Status::BadLength);

    // AEAD: IV (8) + tag (16) and at least the Pad Length octet.
    const Built g = build(gcm, kNotify, inner, 6);
    const Span gsk = payload_span(g.msg.view(), kSK);
    EXPECT_STATUS(c_gcm->decrypt_sk(g.msg.view(), Span{gsk.off, 4 + 8 + 16}).status,
                  Status::BadLength);
    EXPECT_STATUS(c_gcm->decrypt_sk(g.msg.view(), Span{gsk.off, 4 + 8 + 15}).status,
                  Status::BadLength);
    // Cutting an octet off a GCM payload is not a length error but a tag mismatch.
    EXPECT_STATUS(c_gcm->decrypt_sk(g.msg.view(), Span{gsk.off, gsk.len - 1}).status,
                  Status::AeadTagMismatch);
}

// The message view may start after an RFC 3948 non-ESP marker: spans keep the view's
// coordinates (base 4 here), as parse_message() reports them.
void test_view_with_base(void**) {
    const Suite s = make_suite(transform::kEncrAesCtr, 256, transform::kIntegAesCmac96);
    const Bytes inner = inner_chain();
    const Built b = build(s, kNotify, inner, 8);
    Bytes frame;
    frame.u32(0).add(b.msg);
    const ByteView v(frame.data() + 4, frame.size() - 4, 4);
    const Span span = payload_span(v, kSK);
    assert_int_equal(span.off, b.sk_off + 4);
    std::unique_ptr<SkCipher> c = cipher_for(s);
    SkResult r = c->decrypt_sk(v, span);
    EXPECT_STATUS(r.status, Status::Ok);
    EXPECT_BYTES(r.plaintext, inner);
    EXPECT_SPAN(r.iv, span.off + 4, 8);
    EXPECT_SPAN(r.authenticated, 4, span.off + 4 + 8 + b.ct_len - 4);
}

// ---- Padding -------------------------------------------------------------------------

void test_padding(void**) {
    const Suite suites[] = {
        make_suite(transform::kEncrAesCbc, 256, transform::kIntegHmacSha2_512_256),
        make_suite(transform::kEncrAesGcm8, 192, transform::kIntegNone),
        make_suite(transform::kEncrNull, 0, transform::kIntegHmacSha2_256_128),
    };
    for (const Suite& s : suites) {
        std::unique_ptr<SkCipher> c = cipher_for(s);
        // Pad Length larger than what precedes it: authenticated, but malformed. The
        // whole decrypted data is handed back.
        BuildOptions o;
        o.force_pad_length = 255;
        const Bytes inner = text("abc");
        const Built b = build(s, kNotify, inner, 9, o);
        SkResult r = c->decrypt_sk(b.msg.view(), payload_span(b.msg.view(), kSK));
        EXPECT_STATUS(r.status, Status::BadPadding);
        assert_true(r.integrity_checked);
        assert_true(r.decrypted);
        assert_false(r.padding_ok);
        assert_false(r.unauthenticated());
        assert_int_equal(r.pad_length, 255);
        assert_int_equal(r.plaintext.size(), b.ct_len);
        assert_memory_equal(r.plaintext.data(), "abc", 3);

        // Pad Length taking up everything before it: valid, empty chain.
        const size_t pad = b.ct_len - 1;
        o.force_pad_length = static_cast<int>(pad);
        const Built e = build(s, 0, inner, 9, o);
        r = c->decrypt_sk(e.msg.view(), payload_span(e.msg.view(), kSK));
        EXPECT_STATUS(r.status, Status::Ok);
        assert_int_equal(r.plaintext.size(), 0);
        assert_int_equal(r.pad_length, pad);

        // One more than that: bad.
        o.force_pad_length = static_cast<int>(pad + 1);
        const Built f = build(s, 0, inner, 9, o);
        EXPECT_STATUS(c->decrypt_sk(f.msg.view(), payload_span(f.msg.view(), kSK)).status,
                      Status::BadPadding);
    }
}

// ---- create() ------------------------------------------------------------------------

void test_create_errors(void**) {
    std::unique_ptr<SkCipher> c;
    const Bytes k16 = pattern(16, 1), k20 = pattern(20, 2), k36 = pattern(36, 3);
    // Unknown or unsupported ENCR (DES_IV64, Camellia-CTR, IIV, unassigned).
    for (uint16_t id : {1, 24, 30, 4000})
        EXPECT_STATUS(SkCipher::create({id, 128, 2}, k16.view(), k20.view(), c),
                      Status::UnsupportedAlgorithm);
    // A Key Length the ENCR does not define, or none where it is required.
    EXPECT_STATUS(SkCipher::create({transform::kEncrAesCbc, 0, 2}, k16.view(), k20.view(), c),
                  Status::BadKeyLength);
    EXPECT_STATUS(SkCipher::create({transform::kEncrAesCbc, 160, 2}, k20.view(), k20.view(), c),
                  Status::BadKeyLength);
    // GMAC has no SK construction.
    EXPECT_STATUS(SkCipher::create({transform::kEncrNullAuthAesGmac, 128, 0}, k20.view(),
                                   Bytes().view(), c),
                  Status::UnsupportedAlgorithm);
    // AEAD with an INTEG transform; non-AEAD with an unknown INTEG.
    EXPECT_STATUS(SkCipher::create({transform::kEncrAesGcm16, 256, transform::kIntegHmacSha1_96},
                                   k36.view(), k20.view(), c),
                  Status::UnsupportedAlgorithm);
    EXPECT_STATUS(SkCipher::create({transform::kEncrAesCbc, 128, 3}, k16.view(), k20.view(), c),
                  Status::UnsupportedAlgorithm);
    EXPECT_STATUS(SkCipher::create({transform::kEncrAesCbc, 128, 9}, k16.view(), k20.view(), c),
                  Status::UnsupportedAlgorithm);
    // Keys of the wrong size: GCM without its salt, SHA-1 with a 16-octet key.
    EXPECT_STATUS(SkCipher::create({transform::kEncrAesGcm16, 256, 0}, pattern(32, 1).view(),
                                   Bytes().view(), c),
                  Status::BadKeyLength);
    EXPECT_STATUS(SkCipher::create({transform::kEncrAesGcm16, 256, 0}, k36.view(), k16.view(), c),
                  Status::BadKeyLength);
    EXPECT_STATUS(SkCipher::create({transform::kEncrAesCbc, 128, 2}, k16.view(), k16.view(), c),
                  Status::BadKeyLength);
    assert_null(c.get());
    // The one-shot forms report create()'s status.
    const Bytes msg = build(make_suite(transform::kEncrAesCbc, 128, 2), kNotify, inner_chain(), 1).msg;
    const Span span = payload_span(msg.view(), kSK);
    EXPECT_STATUS(decrypt_sk(msg.view(), span, {transform::kEncrAesCbc, 0, 2}, k16.view(),
                             k20.view()).status,
                  Status::BadKeyLength);
    EXPECT_STATUS(decrypt_skf(msg.view(), span, {77, 0, 2}, k16.view(), k20.view()).status,
                  Status::UnsupportedAlgorithm);
    // With the right keys the one-shot form works.
    const Suite s = make_suite(transform::kEncrAesCbc, 128, 2);
    SkResult r = decrypt_sk(msg.view(), span, s.ids(), s.sk_e.view(), s.sk_a.view());
    EXPECT_STATUS(r.status, Status::Ok);
    EXPECT_BYTES(r.plaintext, inner_chain());
}

// INTEG NONE with a non-AEAD cipher is not allowed by RFC 7296, but a capture may show
// it: the payload is decrypted and the result says nothing was verified.
void test_no_integrity(void**) {
    const Suite s = make_suite(transform::kEncrAesCbc, 192, transform::kIntegNone);
    std::unique_ptr<SkCipher> c = cipher_for(s);
    const Bytes inner = inner_chain();
    const Built b = build(s, kNotify, inner, 3);
    SkResult r = c->decrypt_sk(b.msg.view(), payload_span(b.msg.view(), kSK));
    EXPECT_STATUS(r.status, Status::Ok);
    assert_false(r.integrity_checked);
    EXPECT_BYTES(r.plaintext, inner);
    assert_true(r.icv.empty());
}

// A key table's "ANY 96-bits of Authentication [No Checking]": the 12 ICV octets are
// skipped, not checked, SK_a is not needed; the plaintext is that of the checked case.
void test_icv_unchecked(void**) {
    const Suite s = make_suite(transform::kEncrAesCbc, 128, transform::kIntegHmacSha1_96);
    const Bytes inner = inner_chain();
    Built b = build(s, kNotify, inner, 5);
    b.msg.b.back() ^= 0x01;  // whatever the ICV says
    Transforms alg = s.ids();
    alg.integ_id = 0;
    alg.icv_unchecked = 12;
    std::unique_ptr<SkCipher> c;
    EXPECT_STATUS(SkCipher::create(alg, s.sk_e.view(), ByteView(), c), Status::Ok);
    SkResult r = c->decrypt_sk(b.msg.view(), payload_span(b.msg.view(), kSK));
    EXPECT_STATUS(r.status, Status::Ok);
    assert_false(r.integrity_checked);
    assert_false(r.unauthenticated());
    EXPECT_BYTES(r.plaintext, inner);
    assert_int_equal(r.icv.len, 12);
    // Not for AEAD ciphers, whose tag is part of the cipher.
    const Suite g = make_suite(transform::kEncrAesGcm16, 128, transform::kIntegNone);
    Transforms ga = g.ids();
    ga.icv_unchecked = 16;
    EXPECT_STATUS(SkCipher::create(ga, g.sk_e.view(), ByteView(), c), Status::UnsupportedAlgorithm);
}

}  // namespace

int main(void) {
    gcry_check_version(nullptr);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rfc7634_appendix_b),
        cmocka_unit_test(test_round_trip_all_suites),
        cmocka_unit_test(test_tampering_all_suites),
        cmocka_unit_test(test_icv_mismatch_decrypts),
        cmocka_unit_test(test_skf),
        cmocka_unit_test(test_bad_lengths),
        cmocka_unit_test(test_view_with_base),
        cmocka_unit_test(test_padding),
        cmocka_unit_test(test_create_errors),
        cmocka_unit_test(test_no_integrity),
        cmocka_unit_test(test_icv_unchecked),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
