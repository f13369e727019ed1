// EspDecryptor (esp/esp_decryptor.hpp): SAs found by SPI and addresses in two key stores
// (the user's, and keys derived from SK_d), the user's keys winning, derived keys as the
// fallback for other addresses (NAT), "no keys" reported once per SA, keys resolved again
// when a store's generation moves, ESN high halves inferred across 2^32, ESN itself
// inferred from the ICV (one trial per SA) when the keys do not say it, the allocator
// contract and the per-SA summaries.
//
// kMaxFlows (1 << 20 SAs per capture) is not exercised at full size here: filling it
// takes a million distinct SPIs and that much memory; test_many_sas checks that distinct
// SAs get distinct ids and entries on a smaller scale.
#include "esp_test.hpp"

#include <memory>
#include <string>

#include "esp/esp_decryptor.hpp"

using namespace ikev2;
using namespace ikev2::crypto;
using namespace ikev2::esp;
using esp_test::Built;
using esp_test::Bytes;
using esp_test::Suite;
using esp_test::build_esp;
using esp_test::make_suite;

namespace tr = ikev2::crypto::transform;

namespace {

const Bytes kA = {192, 0, 2, 1}, kB = {198, 51, 100, 2}, kC = {203, 0, 113, 9},
            kD = {10, 0, 0, 1};
constexpr uint32_t kSpi = 0x11223344;

// Capture-lifetime memory as the glue provides it; counts the calls.
struct Arena {
    std::vector<std::unique_ptr<uint8_t[]>> bufs;
    size_t calls = 0;
    static uint8_t* alloc(size_t n, void* ctx) {
        Arena* a = static_cast<Arena*>(ctx);
        a->calls++;
        a->bufs.emplace_back(new uint8_t[n]);
        return a->bufs.back().get();
    }
};

keys::AddressPattern exact(const Bytes& a) {
    keys::AddressPattern p;
    p.family = a.size() == 4 ? keys::AddressFamily::IPv4 : keys::AddressFamily::IPv6;
    std::memcpy(p.bytes.data(), a.data(), a.size());
    std::memset(p.mask.data(), 0xff, a.size());
    p.text = "test-address";
    return p;
}

// Keys as a source that states ESN gives them (esn_known); `esn_known` false is a source
// that cannot say (Wireshark 4.0's esp_sa), and then `esn` is false whatever the suite.
keys::EspSaKeys sa_keys(const Suite& s, uint32_t spi, const Bytes* src, const Bytes* dst,
                        bool esn_known = true) {
    keys::EspSaKeys k;
    if (src) k.src = exact(*src);
    if (dst) k.dst = exact(*dst);
    k.family = src ? k.src.family : keys::AddressFamily::Any;
    k.spi = spi;
    k.encr_id = s.encr->id;
    k.encr_key_bits = s.encr->key_bits;
    k.encr_key = s.encr_key.b;
    k.integ_id = s.integ->id;
    k.integ_key = s.integ_key.b;
    k.esn = esn_known && s.esn;
    k.esn_known = esn_known;
    k.source.file = "test";
    k.source.format = "native";
    return k;
}

Bytes payload() { return esp_test::ipv4_packet(esp_test::udp_datagram(esp_test::pattern(40, 5))); }

struct Fixture {
    keys::KeyStore user, derived;
    EspDecryptor d;
    Arena arena;
    EspOutcome run(const Bytes& packet, const Bytes& src, const Bytes& dst, uint32_t ref) {
        return d.process(user, derived, packet.view(), src.view(), dst.view(), ref, Arena::alloc,
                         &arena);
    }
};

void expect_decrypted(const EspOutcome& o, const Built& b) {
    assert_int_equal(o.kind, EspOutcome::Kind::Done);
    EXPECT_STATUS(o.result.status, Status::Ok);
    // In place (ENCR_NULL, GMAC): the plaintext is the packet's own Payload .. Next Header.
    const uint8_t* p = o.result.in_place ? b.packet.data() + o.result.encrypted.off : o.plaintext;
    assert_non_null(p);
    EXPECT_RAW(p, o.result.plain_len, b.plain);
}

void test_found_by_spi_and_addresses(void**) {
    Fixture f;
    const Suite s = make_suite(tr::kEncrAesCbc, 128, tr::kIntegHmacSha1_96);
    assert_int_equal(f.user.add_esp(sa_keys(s, kSpi, &kA, &kB)), keys::AddResult::Added);
    const Built b = build_esp(s, kSpi, 1, payload(), 4);
    EspOutcome o = f.run(b.packet, kA, kB, 1);
    expect_decrypted(o, b);
    assert_false(o.derived);
    assert_non_null(o.keys);
    assert_int_equal(o.keys->spi, kSpi);
    // The keys' description names the SPI and never a key byte.
    const std::string& text = f.d.keys_text(o.sa_id, f.user, f.derived);
    assert_true(text.find("ESP SA 0x11223344") != std::string::npos);
    assert_string_equal(f.d.keys_text(99, f.user, f.derived).c_str(), "");
    assert_int_equal(o.sa_id, 1);
    assert_int_equal(o.seq.kind, SeqEvent::Kind::First);
    assert_int_equal(f.arena.calls, 1);

    // The reverse direction (B -> A) is another SA; the user's keys match it by SPI alone
    // (keys logged behind a NAT name other addresses), and the outcome says so.
    o = f.run(b.packet, kB, kA, 2);
    assert_int_equal(o.kind, EspOutcome::Kind::Done);
    assert_true(o.address_mismatch);
    assert_non_null(o.keys);
    assert_int_equal(o.sa_id, 2);
    // Another SPI between the same addresses: no keys.
    const Built other = build_esp(s, kSpi + 1, 1, payload(), 4);
    o = f.run(other.packet, kA, kB, 3);
    assert_int_equal(o.kind, EspOutcome::Kind::NoKeys);
    assert_true(o.first_miss);
    assert_null(o.keys);
    assert_int_equal(o.sa_id, 3);
    assert_int_equal(f.d.size(), 3);
    assert_int_equal(f.arena.calls, 2);  // no buffer without keys
}

void test_ipv6_addresses(void**) {
    Fixture f;
    const Bytes a6 = crypto_test::hex("20010db8000000000000000000000001"),
                b6 = crypto_test::hex("20010db8000000000000000000000002");
    const Suite s = make_suite(tr::kEncrAesGcm16, 256, 0);
    f.user.add_esp(sa_keys(s, kSpi, &a6, &b6));
    const Built b = build_esp(s, kSpi, 1, payload(), 41);
    expect_decrypted(f.run(b.packet, a6, b6, 1), b);
    // The same SPI over IPv4: another SA, whose keys match by SPI only.
    const EspOutcome o = f.run(b.packet, kA, kB, 2);
    assert_int_equal(o.kind, EspOutcome::Kind::Done);
    assert_true(o.address_mismatch);
    assert_false(f.run(b.packet, a6, b6, 3).address_mismatch);
}

void test_user_keys_win(void**) {
    Fixture f;
    const Suite mine = make_suite(tr::kEncrAesCbc, 128, tr::kIntegHmacSha2_256_128, false, 1);
    const Suite derived = make_suite(tr::kEncrAesCbc, 128, tr::kIntegHmacSha2_256_128, false, 2);
    f.user.add_esp(sa_keys(mine, kSpi, &kA, &kB));
    f.derived.add_esp(sa_keys(derived, kSpi, &kA, &kB));
    const Built b = build_esp(mine, kSpi, 1, payload(), 4);
    EspOutcome o = f.run(b.packet, kA, kB, 1);
    expect_decrypted(o, b);
    assert_false(o.derived);
    // Even when the user's keys are wrong for a packet, they are the ones used.
    const Built by_derived = build_esp(derived, kSpi, 2, payload(), 4);
    o = f.run(by_derived.packet, kA, kB, 2);
    assert_int_equal(o.kind, EspOutcome::Kind::Done);
    EXPECT_STATUS(o.result.status, Status::IcvMismatch);
    assert_false(o.derived);
}

void test_derived_keys_fallback(void**) {
    Fixture f;
    const Suite s = make_suite(tr::kEncrAesGcm16, 128, 0);
    // Derived keys are bound to the addresses of the IKE exchange (A -> B) ...
    f.derived.add_esp(sa_keys(s, kSpi, &kA, &kB));
    // ... and a user SA for the same SPI names other addresses.
    const Suite other = make_suite(tr::kEncrAesGcm16, 128, 0, false, 9);
    f.user.add_esp(sa_keys(other, kSpi, &kD, &kD));
    const Built b = build_esp(s, kSpi, 1, payload(), 4);
    EspOutcome o = f.run(b.packet, kA, kB, 1);
    expect_decrypted(o, b);
    assert_true(o.derived);
    // The same ESP seen behind a NAT (C -> B): no user key matches, the derived SA does.
    o = f.run(b.packet, kC, kB, 2);
    expect_decrypted(o, b);
    assert_true(o.derived);
    assert_int_equal(o.sa_id, 2);
    // Between the user SA's own addresses the user's keys are taken.
    o = f.run(b.packet, kD, kD, 3);
    assert_int_equal(o.kind, EspOutcome::Kind::Done);
    assert_false(o.derived);
    EXPECT_STATUS(o.result.status, Status::AeadTagMismatch);
}

void test_first_miss_once_per_sa(void**) {
    Fixture f;
    const Suite s = make_suite(tr::kEncrAesCbc, 128, tr::kIntegHmacSha1_96);
    EspOutcome o;
    for (uint32_t i = 1; i <= 5; i++) {
        const Built b = build_esp(s, kSpi, i, payload(), 4);
        o = f.run(b.packet, kA, kB, i);
        assert_int_equal(o.kind, EspOutcome::Kind::NoKeys);
        assert_int_equal(o.first_miss, i == 1);
        assert_int_equal(o.seq.seq, i);  // sequence analysis works without keys
    }
    const Built b = build_esp(s, kSpi + 7, 1, payload(), 4);
    o = f.run(b.packet, kA, kB, 6);
    assert_true(o.first_miss);
    o = f.run(b.packet, kA, kB, 7);
    assert_false(o.first_miss);
    assert_int_equal(o.seq.kind, SeqEvent::Kind::Duplicate);
    assert_int_equal(o.seq.duplicate_of, 6);
}

void test_resolve_again_on_generation(void**) {
    Fixture f;
    const Suite s1 = make_suite(tr::kEncrAesCbc, 128, tr::kIntegHmacSha1_96, false, 1);
    const Suite s2 = make_suite(tr::kEncrAesCbc, 128, tr::kIntegHmacSha1_96, false, 2);
    const Built p1 = build_esp(s1, kSpi, 1, payload(), 4);
    const Built p2 = build_esp(s2, kSpi, 2, payload(), 4);
    assert_int_equal(f.run(p1.packet, kA, kB, 1).kind, EspOutcome::Kind::NoKeys);

    // Keys added later (the user loads a file): the next packet finds them.
    f.user.add_esp(sa_keys(s1, kSpi, &kA, &kB));
    expect_decrypted(f.run(p1.packet, kA, kB, 2), p1);

    // Replaced by other keys for the same SA: the cached cipher is dropped.
    assert_int_equal(f.user.add_esp(sa_keys(s2, kSpi, &kA, &kB)), keys::AddResult::Replaced);
    EspOutcome o = f.run(p1.packet, kA, kB, 3);
    EXPECT_STATUS(o.result.status, Status::IcvMismatch);
    expect_decrypted(f.run(p2.packet, kA, kB, 4), p2);

    // A change of the derived store alone also re-resolves (here: nothing changes).
    f.derived.add_esp(sa_keys(s1, kSpi, &kA, &kB));
    o = f.run(p2.packet, kA, kB, 5);
    expect_decrypted(o, p2);
    assert_false(o.derived);

    // The user's store cleared: the derived store's (wrong) keys are the fallback.
    f.user.clear();
    o = f.run(p2.packet, kA, kB, 6);
    assert_int_equal(o.kind, EspOutcome::Kind::Done);  // the derived store still has s1
    assert_true(o.derived);
    EXPECT_STATUS(o.result.status, Status::IcvMismatch);
    f.derived.clear();
    o = f.run(p2.packet, kA, kB, 7);
    assert_int_equal(o.kind, EspOutcome::Kind::NoKeys);
    assert_false(o.first_miss);  // this SA's miss was reported at frame 1 already
}

void test_bad_keys(void**) {
    Fixture f;
    const Suite s = make_suite(tr::kEncrAesCbc, 128, tr::kIntegHmacSha1_96);
    keys::EspSaKeys k = sa_keys(s, kSpi, &kA, &kB);
    k.encr_key.pop_back();  // 15 octets for AES-128
    f.user.add_esp(k);
    const Built b = build_esp(s, kSpi, 1, payload(), 4);
    EspOutcome o = f.run(b.packet, kA, kB, 1);
    assert_int_equal(o.kind, EspOutcome::Kind::BadKeys);
    EXPECT_STATUS(o.key_status, Status::BadKeyLength);
    assert_non_null(o.keys);
    assert_int_equal(f.arena.calls, 0);
}

void test_short_packet(void**) {
    Fixture f;
    const Bytes tiny = {0, 0, 0, 1, 0, 0, 0};
    EspOutcome o = f.run(tiny, kA, kB, 1);
    assert_int_equal(o.kind, EspOutcome::Kind::Done);
    EXPECT_STATUS(o.result.status, Status::BadLength);
    assert_int_equal(f.d.size(), 0);
    // Header only, with keys: the cipher says BadLength, the SA exists.
    const Suite s = make_suite(tr::kEncrAesCbc, 128, tr::kIntegHmacSha1_96);
    f.user.add_esp(sa_keys(s, kSpi, &kA, &kB));
    const Bytes header = Bytes().u32(kSpi).u32(1);
    o = f.run(header, kA, kB, 2);
    assert_int_equal(o.kind, EspOutcome::Kind::Done);
    EXPECT_STATUS(o.result.status, Status::BadLength);
    assert_int_equal(f.d.size(), 1);
}

// At most max_open_ciphers() SAs keep a cipher open; the one used longest ago is closed
// and opened again from its keys by its next packet, or by a later pass.
void test_open_ciphers_bounded(void**) {
    Fixture f;
    f.d.set_max_open_ciphers(2);
    const Suite s = make_suite(tr::kEncrAesCbc, 128, tr::kIntegHmacSha1_96);
    for (uint32_t i = 0; i < 3; i++)
        assert_int_equal(f.user.add_esp(sa_keys(s, kSpi + i, &kA, &kB)), keys::AddResult::Added);
    uint32_t ref = 1;
    for (uint64_t seq = 1; seq <= 3; seq++) {
        for (uint32_t i = 0; i < 3; i++) {  // round robin over 3 SAs, 2 ciphers open
            const Built b = build_esp(s, kSpi + i, seq, payload(), 4);
            const EspOutcome o = f.run(b.packet, kA, kB, ref++);
            expect_decrypted(o, b);
            assert_int_equal(o.sa_id, i + 1);
            assert_true(f.d.open_ciphers() <= 2);
        }
    }
    assert_int_equal(f.d.open_ciphers(), 2);
    // SA 1 was used longest ago: closed; a later pass decrypts its packet all the same.
    assert_false(f.d.cipher_open(1));
    assert_true(f.d.cipher_open(2));
    assert_true(f.d.cipher_open(3));
    const Built b = build_esp(s, kSpi, 3, payload(), 4);
    std::vector<uint8_t> out(b.packet.b.size());
    const EspResult r = f.d.decrypt_again(1, b.packet.view(), false, 0, out.data());
    EXPECT_STATUS(r.status, Status::Ok);
    EXPECT_RAW(out.data(), r.plain_len, b.plain);
    assert_true(f.d.cipher_open(1));
    assert_false(f.d.cipher_open(2));  // now the one used longest ago
    assert_int_equal(f.d.open_ciphers(), 2);
}

void test_in_place_no_alloc(void**) {
    Fixture f;
    const Suite s = make_suite(tr::kEncrNull, 0, tr::kIntegHmacSha2_256_128);
    f.user.add_esp(sa_keys(s, kSpi, &kA, &kB));
    const Built b = build_esp(s, kSpi, 1, payload(), 4);
    EspOutcome o = f.run(b.packet, kA, kB, 1);
    assert_int_equal(o.kind, EspOutcome::Kind::Done);
    EXPECT_STATUS(o.result.status, Status::Ok);
    assert_true(o.result.in_place);
    assert_null(o.plaintext);
    assert_int_equal(f.arena.calls, 0);
}

void test_esn_across_boundary(void**) {
    Fixture f;
    for (uint16_t encr : {tr::kEncrAesCbc, tr::kEncrChaCha20Poly1305}) {
        f.d.clear();
        f.user.clear();
        const Suite s = make_suite(encr, encr == tr::kEncrAesCbc ? 256 : 0,
                                   encr == tr::kEncrAesCbc ? tr::kIntegHmacSha2_512_256 : 0, true);
        f.user.add_esp(sa_keys(s, kSpi, &kA, &kB));
        uint32_t ref = 0;
        for (uint64_t seq = 0xfffffffdULL; seq <= 0x100000002ULL; seq++) {
            const Built b = build_esp(s, kSpi, seq, payload(), 4);
            EspOutcome o = f.run(b.packet, kA, kB, ++ref);
            expect_decrypted(o, b);
            assert_int_equal(o.seq.seq, seq);
        }
        // A late packet from before the boundary still decrypts (high half 0).
        const Built late = build_esp(s, kSpi, 0xfffffff0ULL, payload(), 4);
        EspOutcome o = f.run(late.packet, kA, kB, ++ref);
        expect_decrypted(o, late);
        assert_int_equal(o.seq.kind, SeqEvent::Kind::Late);
    }
}

// An ESN SA whose keys do not say ESN: the first packet fails its ICV or tag with 32-bit
// numbers, verifies with ESN, and from then on the SA uses ESN, with the high half from
// the sequence analysis (across 2^32 here). Exactly one trial. Every integrity family:
// HMAC after CBC, NULL with HMAC (in place), and the AEAD, whose AAD carries the high half.
void test_esn_inferred_from_icv(void**) {
    const struct {
        uint16_t encr, bits, integ;
    } suites[] = {
        {tr::kEncrAesCbc, 128, tr::kIntegHmacSha2_256_128},
        {tr::kEncrNull, 0, tr::kIntegHmacSha1_96},
        {tr::kEncrAesGcm16, 128, 0},
        {tr::kEncrAesCcm16, 128, 0},
        {tr::kEncrChaCha20Poly1305, 0, 0},
        {tr::kEncrNullAuthAesGmac, 128, 0},
    };
    for (const auto& c : suites) {
        Fixture f;
        const Suite s = make_suite(c.encr, c.bits, c.integ, true);
        f.user.add_esp(sa_keys(s, kSpi, &kA, &kB, false));
        uint32_t ref = 0;
        for (uint64_t seq = 0xfffffffdULL; seq <= 0x100000002ULL; seq++) {
            const Built b = build_esp(s, kSpi, seq, payload(), 4);
            const EspOutcome o = f.run(b.packet, kA, kB, ++ref);
            if (o.result.status != Status::Ok)
                fail_msg("%s, seq %llx: %s", s.encr->name, static_cast<unsigned long long>(seq),
                         status_text(o.result.status));
            expect_decrypted(o, b);
            assert_true(o.esn);
            assert_true(o.esn_inferred);
            assert_int_equal(o.esn_inferred_now, ref == 1);
            assert_int_equal(o.seq.seq, seq);
            // A later pass decrypts again with what this one used.
            std::vector<uint8_t> again(b.packet.size());
            const EspResult r = f.d.decrypt_again(o.sa_id, b.packet.view(), o.esn,
                                                  static_cast<uint32_t>(o.seq.seq >> 32), again.data());
            EXPECT_STATUS(r.status, Status::Ok);
        }
        const EspSaSummary sum = f.d.summaries()[0];
        assert_int_equal(sum.esn_trials, 1);
        assert_true(sum.esn_inferred);
        assert_int_equal(sum.decrypted, ref);
        assert_int_equal(sum.auth_failed, 0);

        // A store's generation moving for another SA keeps the verdict: no second trial.
        const Suite other = make_suite(c.encr, c.bits, c.integ, false, 3);
        f.derived.add_esp(sa_keys(other, kSpi + 1, &kB, &kA));
        const Built b = build_esp(s, kSpi, 0x100000003ULL, payload(), 4);
        const EspOutcome o = f.run(b.packet, kA, kB, ++ref);
        expect_decrypted(o, b);
        assert_true(o.esn_inferred);
        assert_false(o.esn_inferred_now);
        assert_int_equal(f.d.summaries()[0].esn_trials, 1);
    }
}

// A SA without ESN whose keys do not say ESN, and a packet with a bad ICV: one trial with
// ESN, which fails; the packet stays bad, and no later packet is tried again, bad or good.
// New keys for the SA allow one new trial.
void test_esn_trial_once_then_none(void**) {
    for (uint16_t encr : {tr::kEncrAesCbc, tr::kEncrAesGcm16}) {
        Fixture f;
        const Suite s = make_suite(encr, 128, encr == tr::kEncrAesCbc ? tr::kIntegHmacSha2_256_128 : 0);
        f.user.add_esp(sa_keys(s, kSpi, &kA, &kB, false));
        const Status bad_status = s.encr->aead ? Status::AeadTagMismatch : Status::IcvMismatch;
        uint32_t ref = 0;
        for (uint32_t seq = 1; seq <= 3; seq++) {
            Built bad = build_esp(s, kSpi, seq, payload(), 4);
            bad.packet.b[bad.packet.size() - 1] ^= 1;
            const EspOutcome o = f.run(bad.packet, kA, kB, ++ref);
            EXPECT_STATUS(o.result.status, bad_status);
            assert_false(o.esn);
            assert_false(o.esn_inferred);
            assert_false(o.esn_inferred_now);
            assert_int_equal(f.d.summaries()[0].esn_trials, 1);
        }
        for (uint32_t seq = 4; seq <= 5; seq++) {
            const Built good = build_esp(s, kSpi, seq, payload(), 4);
            const EspOutcome o = f.run(good.packet, kA, kB, ++ref);
            expect_decrypted(o, good);
            assert_false(o.esn);
            assert_int_equal(o.seq.seq, seq);
        }
        EspSaSummary sum = f.d.summaries()[0];
        assert_int_equal(sum.esn_trials, 1);
        assert_false(sum.esn_inferred);
        assert_int_equal(sum.auth_failed, 3);
        assert_int_equal(sum.decrypted, 2);

        // Other keys for the SA (the user fixed a key): one new trial, no more.
        const Suite fixed = make_suite(encr, 128, s.integ->id, false, 4);
        f.user.add_esp(sa_keys(fixed, kSpi, &kA, &kB, false));
        for (uint32_t seq = 6; seq <= 7; seq++) {
            const Built b = build_esp(s, kSpi, seq, payload(), 4);  // not the new keys'
            EXPECT_STATUS(f.run(b.packet, kA, kB, ++ref).result.status, bad_status);
        }
        assert_int_equal(f.d.summaries()[0].esn_trials, 2);
    }
}

// Where the keys said ESN either way (a ninth esp_sa column, ip xfrm flags, keys derived
// from SK_d with the negotiated ESN transform), nothing is guessed: keys saying "no ESN"
// for an ESN SA fail every packet, without a trial. The user's keys that do not say ESN
// take it from keys derived for the same SA (the user's keys are still the ones used).
void test_esn_known_never_guessed(void**) {
    const Suite s = make_suite(tr::kEncrAesCbc, 128, tr::kIntegHmacSha2_256_128, true);
    keys::EspSaKeys k = sa_keys(s, kSpi, &kA, &kB, true);
    k.esn = false;  // said, and wrong
    for (bool derived : {false, true}) {
        Fixture f;
        (derived ? f.derived : f.user).add_esp(k);
        for (uint32_t seq = 1; seq <= 3; seq++) {
            const Built b = build_esp(s, kSpi, seq, payload(), 4);
            const EspOutcome o = f.run(b.packet, kA, kB, seq);
            EXPECT_STATUS(o.result.status, Status::IcvMismatch);
            assert_int_equal(o.derived, derived);
            assert_false(o.esn);
            assert_false(o.esn_inferred);
        }
        assert_int_equal(f.d.summaries()[0].esn_trials, 0);
        assert_int_equal(f.d.summaries()[0].auth_failed, 3);
    }
    // Keys that said ESN for an SA with it: used as said, no trial either.
    {
        Fixture f;
        f.user.add_esp(sa_keys(s, kSpi, &kA, &kB, true));
        const Built b = build_esp(s, kSpi, 1, payload(), 4);
        const EspOutcome o = f.run(b.packet, kA, kB, 1);
        expect_decrypted(o, b);
        assert_true(o.esn);
        assert_false(o.esn_inferred);
        assert_int_equal(f.d.summaries()[0].esn_trials, 0);
    }
    // The user's keys without ESN, and derived keys of the same SA (other key bytes, so
    // that only the user's decrypt) saying ESN: ESN from the first packet, no trial.
    const Suite derived_suite = make_suite(tr::kEncrAesCbc, 128, tr::kIntegHmacSha2_256_128, true, 5);
    {
        Fixture f;
        f.user.add_esp(sa_keys(s, kSpi, &kA, &kB, false));
        f.derived.add_esp(sa_keys(derived_suite, kSpi, &kA, &kB, true));
        const Built b = build_esp(s, kSpi, 1, payload(), 4);
        const EspOutcome o = f.run(b.packet, kA, kB, 1);
        expect_decrypted(o, b);
        assert_false(o.derived);
        assert_true(o.esn);
        assert_false(o.esn_inferred);
        assert_int_equal(f.d.summaries()[0].esn_trials, 0);
    }
    // ... and derived keys saying "no ESN": believed, so the ESN packets fail untried.
    {
        Fixture f;
        f.user.add_esp(sa_keys(s, kSpi, &kA, &kB, false));
        keys::EspSaKeys d = sa_keys(derived_suite, kSpi, &kA, &kB, true);
        d.esn = false;
        f.derived.add_esp(d);
        const Built b = build_esp(s, kSpi, 1, payload(), 4);
        const EspOutcome o = f.run(b.packet, kA, kB, 1);
        EXPECT_STATUS(o.result.status, Status::IcvMismatch);
        assert_false(o.esn);
        assert_int_equal(f.d.summaries()[0].esn_trials, 0);
    }
}

void test_summaries(void**) {
    Fixture f;
    const Suite s = make_suite(tr::kEncrAesCbc, 128, tr::kIntegHmacSha1_96);
    f.user.add_esp(sa_keys(s, kSpi, &kA, &kB));
    const Suite g = make_suite(tr::kEncrAesGcm16, 128, 0);
    f.derived.add_esp(sa_keys(g, kSpi + 1, &kB, &kA));
    uint64_t bytes1 = 0, bytes2 = 0;
    for (uint32_t seq : {1u, 2u, 4u, 4u, 3u}) {  // gap, duplicate, late
        const Built b = build_esp(s, kSpi, seq, payload(), 4);
        f.run(b.packet, kA, kB, 10 + seq);
        bytes1 += b.packet.size();
    }
    Built bad = build_esp(s, kSpi, 5, payload(), 4);
    bad.packet.b[bad.packet.size() - 1] ^= 1;
    f.run(bad.packet, kA, kB, 20);
    bytes1 += bad.packet.size();
    for (uint32_t seq = 1; seq <= 3; seq++) {
        const Built b = build_esp(g, kSpi + 1, seq, payload(), 4);
        f.run(b.packet, kB, kA, 30 + seq);
        bytes2 += b.packet.size();
    }
    const Bytes odd = Bytes().u32(0x99).u32(1).fill(20, 0);  // no keys
    f.run(odd, kA, kC, 40);

    const std::vector<EspSaSummary> v = f.d.summaries();
    assert_int_equal(v.size(), 3);
    const EspSaSummary& a = v[0];
    assert_int_equal(a.sa_id, 1);
    assert_int_equal(a.spi, kSpi);
    assert_true(a.src == kA.b && a.dst == kB.b);
    assert_int_equal(a.first_ref, 11);
    assert_int_equal(a.last_ref, 20);
    assert_int_equal(a.bytes, bytes1);
    assert_int_equal(a.decrypted, 5);
    assert_int_equal(a.auth_failed, 1);
    assert_int_equal(a.other_failed, 0);
    assert_int_equal(a.seq.packets, 6);
    assert_int_equal(a.seq.lost, 0);  // 3 came late
    assert_int_equal(a.seq.late, 1);
    assert_int_equal(a.seq.duplicates, 1);
    assert_true(a.has_keys);
    assert_false(a.derived);
    // describe() of the keys, never key bytes: only once a tree asked for it.
    assert_true(a.keys.empty());
    f.d.keys_text(1, f.user, f.derived);
    const EspSaSummary a2 = f.d.summaries()[0];
    assert_true(a2.keys.find("0x11223344") != std::string::npos);
    assert_true(a2.keys.find(crypto_test::to_hex(s.encr_key.data(), 4)) == std::string::npos);
    assert_true(a.keys.find(crypto_test::to_hex(s.encr_key.data(), 4)) == std::string::npos);

    const EspSaSummary& b = v[1];
    assert_int_equal(b.sa_id, 2);
    assert_int_equal(b.spi, kSpi + 1);
    assert_true(b.src == kB.b && b.dst == kA.b);
    assert_int_equal(b.decrypted, 3);
    assert_int_equal(b.bytes, bytes2);
    assert_true(b.has_keys);
    assert_true(b.derived);

    const EspSaSummary& c = v[2];
    assert_int_equal(c.spi, 0x99);
    assert_false(c.has_keys);
    assert_int_equal(c.decrypted + c.auth_failed + c.other_failed, 0);
    assert_int_equal(c.seq.packets, 1);

    f.d.clear();
    assert_int_equal(f.d.summaries().size(), 0);
}

void test_many_sas(void**) {
    Fixture f;
    const Bytes header_tail = Bytes().u32(1).fill(16, 0);
    for (uint32_t i = 0; i < 2000; i++) {
        Bytes p;
        p.u32(0x1000 + i).add(header_tail);
        EspOutcome o = f.run(p, kA, kB, i + 1);
        assert_int_equal(o.sa_id, i + 1);
    }
    assert_int_equal(f.d.size(), 2000);
    // Known SAs keep their ids, in any order (the index has grown several times).
    for (uint32_t i = 2000; i-- > 0;) {
        Bytes p;
        p.u32(0x1000 + i).add(header_tail);
        assert_int_equal(f.run(p, kA, kB, 5000 + i).sa_id, i + 1);
    }
    assert_int_equal(f.d.size(), 2000);
    // The same SPI between other addresses is another SA, found again as such.
    Bytes p;
    p.u32(0x1000 + 1234).add(header_tail);
    assert_int_equal(f.run(p, kB, kA, 8000).sa_id, 2001);
    assert_int_equal(f.run(p, kA, kC, 8001).sa_id, 2002);
    assert_int_equal(f.run(p, kA, kB, 8002).sa_id, 1235);
    assert_int_equal(f.run(p, kB, kA, 8003).sa_id, 2001);
    assert_int_equal(f.d.size(), 2002);
}

}  // namespace

int main(void) {
    gcry_check_version(nullptr);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_found_by_spi_and_addresses),
        cmocka_unit_test(test_ipv6_addresses),
        cmocka_unit_test(test_user_keys_win),
        cmocka_unit_test(test_derived_keys_fallback),
        cmocka_unit_test(test_first_miss_once_per_sa),
        cmocka_unit_test(test_resolve_again_on_generation),
        cmocka_unit_test(test_bad_keys),
        cmocka_unit_test(test_short_packet),
        cmocka_unit_test(test_in_place_no_alloc),
        cmocka_unit_test(test_open_ciphers_bounded),
        cmocka_unit_test(test_esn_across_boundary),
        cmocka_unit_test(test_esn_inferred_from_icv),
        cmocka_unit_test(test_esn_trial_once_then_none),
        cmocka_unit_test(test_esn_known_never_guessed),
        cmocka_unit_test(test_summaries),
        cmocka_unit_test(test_many_sas),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
