// CHILD_SA keys from SK_d (esp/child_sa_keys.hpp, RFC 7296 2.17): derive_child_keys'
// KEYMAT split (encr_i, integ_i, encr_r, integ_r) against a prf+ computed here with
// libgcrypt directly, key sizes with their salts; then ChildSaDeriver::observe on IKE
// messages built as bytes and parsed with parse_message / parse_payload_chain:
// IKE_SA_INIT nonces, IKE_AUTH (SA payloads in the decrypted chain), CREATE_CHILD_SA
// from either side, with KE (PFS: NeedsPfsSecret), and the other outcomes.
#include "esp_test.hpp"

#include "analysis/tracker.hpp"
#include "esp/child_sa_keys.hpp"
#include "iana.hpp"

using namespace ikev2;
using namespace ikev2::crypto;
using namespace ikev2::esp;
using esp_test::Bytes;
using esp_test::pattern;

namespace tr = ikev2::crypto::transform;

namespace {

// ---- Independent prf+ (RFC 7296 2.13) --------------------------------------------------

Bytes prf_ref(uint16_t prf_id, const Bytes& key, const Bytes& data) {
    switch (prf_id) {
    case tr::kPrfHmacMd5: return esp_test::mac_ref(MacAlgo::HmacMd5, key, data.data(), data.size());
    case tr::kPrfHmacSha1: return esp_test::mac_ref(MacAlgo::HmacSha1, key, data.data(), data.size());
    case tr::kPrfHmacSha2_256:
        return esp_test::mac_ref(MacAlgo::HmacSha256, key, data.data(), data.size());
    case tr::kPrfHmacSha2_384:
        return esp_test::mac_ref(MacAlgo::HmacSha384, key, data.data(), data.size());
    case tr::kPrfHmacSha2_512:
        return esp_test::mac_ref(MacAlgo::HmacSha512, key, data.data(), data.size());
    // 16-octet keys only here: RFC 4434 / 4615 then use the key as it is.
    case tr::kPrfAes128Xcbc: return esp_test::xcbc_ref(key, data.data(), data.size());
    case tr::kPrfAes128Cmac: return esp_test::mac_ref(MacAlgo::AesCmac, key, data.data(), data.size());
    }
    fail_msg("no PRF %u", prf_id);
    return Bytes();
}

// T1 = prf(K, S | 0x01), Tn = prf(K, Tn-1 | S | n); prf+ = T1 | T2 | ...
Bytes prf_plus_ref(uint16_t prf_id, const Bytes& key, const Bytes& seed, size_t len) {
    Bytes out, t;
    for (unsigned n = 1; out.size() < len; n++) {
        Bytes in(t);
        in.add(seed).u8(n);
        t = prf_ref(prf_id, key, in);
        out.add(t);
    }
    out.b.resize(len);
    return out;
}

Bytes slice(const Bytes& b, size_t off, size_t n) {
    Bytes s;
    s.raw(b.data() + off, n);
    return s;
}

struct SplitCase {
    uint16_t prf, encr, bits, integ;
    size_t sk_d;
    size_t encr_len, integ_len;  // expected, salts included
};

const SplitCase kSplits[] = {
    {tr::kPrfHmacSha2_256, tr::kEncrAesCbc, 128, tr::kIntegHmacSha2_256_128, 32, 16, 32},
    {tr::kPrfHmacSha2_512, tr::kEncrAesCbc, 256, tr::kIntegHmacSha2_512_256, 64, 32, 64},
    {tr::kPrfHmacSha1, tr::kEncr3Des, 0, tr::kIntegHmacMd5_96, 20, 24, 16},
    {tr::kPrfHmacSha2_384, tr::kEncrAesCtr, 128, tr::kIntegHmacSha1_96, 48, 16 + 4, 20},
    {tr::kPrfHmacSha2_256, tr::kEncrAesGcm16, 256, 0, 32, 32 + 4, 0},
    {tr::kPrfHmacSha2_256, tr::kEncrAesGcm8, 128, 0, 32, 16 + 4, 0},
    {tr::kPrfHmacMd5, tr::kEncrAesCcm12, 192, 0, 16, 24 + 3, 0},
    {tr::kPrfHmacSha2_256, tr::kEncrChaCha20Poly1305, 0, 0, 32, 32 + 4, 0},
    {tr::kPrfHmacSha2_256, tr::kEncrNullAuthAesGmac, 128, 0, 32, 16 + 4, 0},
    {tr::kPrfAes128Xcbc, tr::kEncrAesCbc, 128, tr::kIntegAesXcbc96, 16, 16, 16},
    {tr::kPrfAes128Cmac, tr::kEncrNull, 0, tr::kIntegAesCmac96, 16, 0, 16},
};

crypto::Transforms transforms(uint16_t encr, uint16_t bits, uint16_t integ) {
    crypto::Transforms t;
    t.encr_id = encr;
    t.encr_key_bits = bits;
    t.integ_id = integ;
    return t;
}

void test_keymat_split(void**) {
    const Bytes ni = pattern(32, 11), nr = pattern(24, 12), gir = pattern(256, 13);
    for (const SplitCase& k : kSplits) {
        const Bytes sk_d = pattern(k.sk_d, 14);
        for (bool pfs : {false, true}) {
            ChildKeys out;
            Status s = derive_child_keys(k.prf, sk_d.view(), pfs ? gir.view() : ByteView(),
                                         ni.view(), nr.view(), transforms(k.encr, k.bits, k.integ), out);
            EXPECT_STATUS(s, Status::Ok);
            Bytes seed;
            if (pfs) seed.add(gir);
            seed.add(ni).add(nr);
            const size_t e = k.encr_len, i = k.integ_len;
            const Bytes km = prf_plus_ref(k.prf, sk_d, seed, 2 * (e + i));
            EXPECT_BYTES(out.encr_i, slice(km, 0, e));
            EXPECT_BYTES(out.integ_i, slice(km, e, i));
            EXPECT_BYTES(out.encr_r, slice(km, e + i, e));
            EXPECT_BYTES(out.integ_r, slice(km, 2 * e + i, i));
        }
    }
}

void test_derive_errors(void**) {
    const Bytes sk_d = pattern(32, 1), n = pattern(16, 2);
    ChildKeys out;
    EXPECT_STATUS(derive_child_keys(tr::kPrfHmacSha2_256, sk_d.view(), ByteView(), n.view(),
                                    n.view(), transforms(99, 0, 0), out),
                  Status::UnsupportedAlgorithm);
    EXPECT_STATUS(derive_child_keys(tr::kPrfHmacSha2_256, sk_d.view(), ByteView(), n.view(),
                                    n.view(), transforms(tr::kEncrAesCbc, 100, tr::kIntegHmacSha1_96), out),
                  Status::BadKeyLength);
    EXPECT_STATUS(derive_child_keys(tr::kPrfHmacSha2_256, sk_d.view(), ByteView(), n.view(),
                                    n.view(), transforms(tr::kEncrAesCbc, 128, 77), out),
                  Status::UnsupportedAlgorithm);
    const Status s = derive_child_keys(55, sk_d.view(), ByteView(), n.view(), n.view(),
                                       transforms(tr::kEncrAesCbc, 128, tr::kIntegHmacSha1_96), out);
    assert_true(s != Status::Ok);
}

// ---- IKE messages as bytes -------------------------------------------------------------

constexpr uint8_t kSA = iana::payload::kSA, kKE = iana::payload::kKE,
                  kNonce = iana::payload::kNonce, kNotify = iana::payload::kNotify;
constexpr uint8_t kInit = iana::exchange::kIkeSaInit, kAuth = iana::exchange::kIkeAuth,
                  kCreate = iana::exchange::kCreateChildSa;
constexpr uint8_t kI = 0x08, kR = 0x20;  // flags: Initiator, Response

Bytes tv(unsigned type, unsigned value) { return Bytes().u16(0x8000 | type).u16(value); }
Bytes transform(bool more, uint8_t type, unsigned id, const Bytes& attrs = Bytes()) {
    return Bytes().u8(more ? 3 : 0).u8(0).u16(static_cast<unsigned>(8 + attrs.size())).u8(type).u8(0).u16(id).add(attrs);
}
Bytes proposal(bool more, uint8_t number, uint8_t protocol, const Bytes& spi, uint8_t count,
               const Bytes& transforms) {
    Bytes p;
    p.u8(more ? 2 : 0).u8(0).u16(static_cast<unsigned>(8 + spi.size() + transforms.size()));
    p.u8(number).u8(protocol).u8(static_cast<unsigned>(spi.size())).u8(count).add(spi).add(transforms);
    return p;
}

struct EspChoice {
    uint16_t encr, bits, integ;
    bool esn;
};

// One ESP proposal (protocol 3) with a 4-octet SPI.
Bytes esp_proposal(bool more, uint8_t number, uint32_t spi, const EspChoice& c) {
    Bytes t;
    uint8_t n = 0;
    const bool has_integ = c.integ != 0;
    t.add(transform(true, 1, c.encr, c.bits ? tv(14, c.bits) : Bytes()));
    n++;
    if (has_integ) {
        t.add(transform(true, 3, c.integ));
        n++;
    }
    t.add(transform(false, 5, c.esn ? 1 : 0));
    n++;
    return proposal(more, number, 3, Bytes().u32(spi), n, t);
}

Bytes ike_proposal() {
    Bytes t;
    t.add(transform(true, 1, 12, tv(14, 128))).add(transform(true, 3, 12)).add(transform(true, 2, 5));
    t.add(transform(false, 4, 31));
    return proposal(false, 1, 1, Bytes(), 4, t);
}

Bytes ke_body() { return Bytes().u16(31).u16(0).add(pattern(32, 77)); }
Bytes notify_body(uint8_t proto, const Bytes& spi, unsigned type) {
    return Bytes().u8(proto).u8(static_cast<unsigned>(spi.size())).u16(type).add(spi);
}

constexpr uint64_t kSpiR = unit::kSpiR;
const Bytes kAddrI = {192, 0, 2, 10}, kAddrR = {192, 0, 2, 20};

// A message whose payloads sit in its decrypted chain (the SK payload's plaintext): the
// outer message is the header alone, the chain is parsed as an SK payload's would be.
struct Msg {
    Bytes outer;
    Message m;
    Bytes inner_bytes;
    std::vector<Payload> inner;
    Issues issues;
};

Msg clear_msg(uint8_t exchange, uint8_t flags, uint32_t mid, uint64_t spi_r,
              const std::vector<unit::P>& ps) {
    Msg x;
    Bytes c = unit::chain(ps);
    x.outer = unit::ike_header(ps.empty() ? 0 : ps[0].type, exchange, flags, mid, c.size(), 0x20, spi_r);
    x.outer.add(c);
    x.m = parse_message(x.outer.view());
    assert_true(x.m.header_ok);
    EXPECT_NO_PROBLEMS(x.m.issues);
    return x;
}

Msg inner_msg(uint8_t exchange, uint8_t flags, uint32_t mid, const std::vector<unit::P>& ps) {
    Msg x;
    x.outer = unit::ike_header(0, exchange, flags, mid, 0);
    x.m = parse_message(x.outer.view());
    assert_true(x.m.header_ok);
    x.inner_bytes = unit::chain(ps);
    parse_payload_chain(x.inner_bytes.view(), ps[0].type, x.inner, x.issues);
    EXPECT_NO_PROBLEMS(x.issues);
    assert_int_equal(x.inner.size(), ps.size());
    return x;
}

// The capture engine's order (session/capture): the message's IKE SA record, what
// IKE_SA_INIT teaches it, the deriver on responses with the request the tracker kept,
// then the tracker.
struct Lab {
    IkeSaTable sas;
    analysis::Tracker tracker{sas};
    ChildSaDeriver d;
    keys::IkeSaKeys ike;
    Bytes ni = pattern(32, 21), nr = pattern(32, 22);

    Lab() {
        ike.spi_i = unit::kSpiI;
        ike.spi_r = kSpiR;
        ike.sk_d = pattern(32, 23).b;
        ike.prf_id = tr::kPrfHmacSha2_256;
    }
    std::vector<ChildKeysResult> feed(const Msg& x, bool from_i, uint32_t ref, const keys::IkeSaKeys* k) {
        const Bytes& src = from_i ? kAddrI : kAddrR;
        const Bytes& dst = from_i ? kAddrR : kAddrI;
        analysis::Observation o;
        o.src = Endpoint::make(src.b.data(), 4, 500);
        o.dst = Endpoint::make(dst.b.data(), 4, 500);
        o.frame = ref;
        o.message = &x.m;
        o.bytes = x.outer.view();
        o.inner = x.inner.empty() ? nullptr : &x.inner;
        o.inner_bytes = x.inner_bytes.view();
        const Header& h = x.m.header;
        o.sa = sas.find_or_create(h, o.src, o.dst, ref, 0, &o.restart_of);
        assert_non_null(o.sa);
        learn_ike_sa_init(*o.sa, x.m, o.bytes, ref);
        std::vector<ChildKeysResult> out;
        ChildKeysResult r;
        if (h.response() && d.observe(*o.sa, x.m, o.bytes, o.inner, o.inner_bytes,
                                      sas.request_for(*o.sa, h.exchange, h.initiator() ? 1 : 0, h.message_id),
                                      ref, k, r, nullptr))
            out.push_back(r);
        tracker.observe(o);
        return out;
    }
    IkeSa& sa() { return *sas.sa(1); }
    void ike_sa_init() {
        Msg rq = clear_msg(kInit, kI, 0, 0, {{kSA, ike_proposal()}, {kKE, ke_body()}, {kNonce, ni}});
        assert_int_equal(feed(rq, true, 1, nullptr).size(), 0);
        Msg rs = clear_msg(kInit, kR, 0, kSpiR, {{kSA, ike_proposal()}, {kKE, ke_body()}, {kNonce, nr}});
        assert_int_equal(feed(rs, false, 2, nullptr).size(), 0);
    }
    // IKE_AUTH with the CHILD_SA's SA payloads in the decrypted chain.
    std::vector<ChildKeysResult> ike_auth(const EspChoice& c, uint32_t spi_i, uint32_t spi_r,
                                        const keys::IkeSaKeys* k, bool transport = false) {
        std::vector<unit::P> rq = {{kSA, Bytes().add(esp_proposal(true, 1, spi_i, c))
                                             .add(esp_proposal(false, 2, spi_i, {tr::kEncrAesCbc, 256, tr::kIntegHmacSha1_96, false}))}};
        std::vector<unit::P> rs = {{kSA, esp_proposal(false, 1, spi_r, c)}};
        if (transport) {
            rq.insert(rq.begin(), unit::P{kNotify, notify_body(0, Bytes(), 16391)});
            rs.insert(rs.begin(), unit::P{kNotify, notify_body(0, Bytes(), 16391)});
        }
        assert_int_equal(feed(inner_msg(kAuth, kI, 1, rq), true, 3, k).size(), 0);
        return feed(inner_msg(kAuth, kR, 1, rs), false, 4, k);
    }
};

// The keys the derived store must hold for an SA: KEYMAT = prf+(SK_d, [g^ir] Ni | Nr).
ChildKeys expected_keys(const Lab& lab, const Bytes& ni, const Bytes& nr, const EspChoice& c) {
    ChildKeys k;
    const EncrAlgorithm* e = find_encr(c.encr, c.bits);
    const IntegAlgorithm* i = find_integ(c.integ);
    assert_non_null(e);
    assert_non_null(i);
    const size_t el = e->key_material(), il = i->key_size;
    Bytes sk_d;
    sk_d.b = lab.ike.sk_d;
    const Bytes km = prf_plus_ref(lab.ike.prf_id ? lab.ike.prf_id : tr::kPrfHmacSha2_256, sk_d,
                                  Bytes(ni).add(nr), 2 * (el + il));
    k.encr_i = slice(km, 0, el).b;
    k.integ_i = slice(km, el, il).b;
    k.encr_r = slice(km, el + il, el).b;
    k.integ_r = slice(km, 2 * el + il, il).b;
    return k;
}

void expect_sa(const keys::KeyStore& store, uint32_t spi, const Bytes& src, const Bytes& dst,
               const std::vector<uint8_t>& ek, const std::vector<uint8_t>& ik, const EspChoice& c) {
    const keys::EspSaKeys* k = store.find_esp(spi, src.view(), dst.view());
    assert_non_null(k);
    assert_true(k->encr_key == ek);
    assert_true(k->integ_key == ik);
    assert_int_equal(k->encr_id, c.encr);
    assert_int_equal(k->encr_key_bits, c.bits);
    assert_int_equal(k->integ_id, c.integ);
    assert_int_equal(k->esn, c.esn);
    assert_true(k->esn_known);  // the negotiated ESN transform: never inferred
    assert_string_equal(k->source.format.c_str(), "derived");
    // Bound to the exchange's addresses: not found for others with the exact lookup.
    assert_null(store.find_esp(spi, dst.view(), src.view()));
}

void test_ike_auth_child_sa(void**) {
    Lab lab;
    lab.ike_sa_init();
    const EspChoice c{tr::kEncrAesCbc, 128, tr::kIntegHmacSha2_256_128, false};
    auto recs = lab.ike_auth(c, 0xaaaa0001, 0xbbbb0002, &lab.ike);
    assert_int_equal(recs.size(), 1);
    const ChildKeysResult& r = recs[0];
    assert_int_equal(r.outcome, ChildKeyOutcome::Derived);
    assert_int_equal(r.request_frame, 3);
    assert_int_equal(r.spi_to_responder, 0xbbbb0002);
    assert_int_equal(r.spi_to_initiator, 0xaaaa0001);
    assert_int_equal(r.transforms.encr_id, tr::kEncrAesCbc);
    assert_int_equal(r.transforms.encr_key_bits, 128);
    assert_int_equal(r.transforms.integ_id, tr::kIntegHmacSha2_256_128);
    assert_false(r.transforms.esn);
    assert_false(r.transport);
    assert_int_equal(lab.d.keys().esp_count(), 2);
    assert_int_equal(lab.d.responses(), 1);

    const ChildKeys k = expected_keys(lab, lab.ni, lab.nr, c);
    // Initiator -> responder packets carry the responder's SPI and use encr_i / integ_i.
    expect_sa(lab.d.keys(), 0xbbbb0002, kAddrI, kAddrR, k.encr_i, k.integ_i, c);
    expect_sa(lab.d.keys(), 0xaaaa0001, kAddrR, kAddrI, k.encr_r, k.integ_r, c);
    assert_true(std::string(child_keys_text(r.outcome)).find("derived") != std::string::npos);
}

void test_ike_auth_aead_esn_transport_capture_prf(void**) {
    Lab lab;
    lab.ike.prf_id = 0;  // the keys name no PRF: the capture's IKE_SA_INIT does
    lab.ike_sa_init();
    const EspChoice c{tr::kEncrAesGcm16, 256, 0, true};
    assert_int_equal(lab.sa().selected.prf, tr::kPrfHmacSha2_256);
    auto recs = lab.ike_auth(c, 0x01010101, 0x02020202, &lab.ike, true);
    assert_int_equal(recs.size(), 1);
    assert_int_equal(recs[0].outcome, ChildKeyOutcome::Derived);
    assert_true(recs[0].transforms.esn);
    assert_true(recs[0].transport);
    const ChildKeys k = expected_keys(lab, lab.ni, lab.nr, c);
    assert_int_equal(k.encr_i.size(), 36);
    expect_sa(lab.d.keys(), 0x02020202, kAddrI, kAddrR, k.encr_i, k.integ_i, c);
    expect_sa(lab.d.keys(), 0x01010101, kAddrR, kAddrI, k.encr_r, k.integ_r, c);
}

void test_create_child_sa(void**) {
    Lab lab;
    lab.ike_sa_init();
    const Bytes ni2 = pattern(32, 31), nr2 = pattern(40, 32);
    const EspChoice c{tr::kEncrChaCha20Poly1305, 0, 0, false};
    // From the original initiator (I flag), message ID 2; rekeying CHILD_SA 0xaaaa0001.
    Msg rq = inner_msg(kCreate, kI, 2,
                       {{kNotify, notify_body(3, Bytes().u32(0xaaaa0001), 16393)},
                        {kSA, esp_proposal(false, 1, 0xcccc0003, c)},
                        {kNonce, ni2}});
    assert_int_equal(lab.feed(rq, true, 10, &lab.ike).size(), 0);
    Msg rs = inner_msg(kCreate, kR, 2, {{kSA, esp_proposal(false, 1, 0xdddd0004, c)}, {kNonce, nr2}});
    auto recs = lab.feed(rs, false, 11, &lab.ike);
    assert_int_equal(recs.size(), 1);
    assert_int_equal(recs[0].outcome, ChildKeyOutcome::Derived);
    assert_int_equal(recs[0].rekeys_spi, 0xaaaa0001);
    assert_int_equal(recs[0].spi_to_responder, 0xdddd0004);
    assert_int_equal(recs[0].spi_to_initiator, 0xcccc0003);
    // The exchange's own nonces, not IKE_SA_INIT's.
    const ChildKeys k = expected_keys(lab, ni2, nr2, c);
    expect_sa(lab.d.keys(), 0xdddd0004, kAddrI, kAddrR, k.encr_i, k.integ_i, c);
    expect_sa(lab.d.keys(), 0xcccc0003, kAddrR, kAddrI, k.encr_r, k.integ_r, c);

    // The same response again: its request was consumed.
    recs = lab.feed(rs, false, 12, &lab.ike);
    assert_int_equal(recs.size(), 1);
    assert_int_equal(recs[0].outcome, ChildKeyOutcome::NoRequest);
}

// A CREATE_CHILD_SA started by the IKE SA's original responder: it is the exchange's
// initiator, so encr_i protects its packets (R -> I), which carry the SPI of the response.
void test_create_child_sa_from_responder(void**) {
    Lab lab;
    lab.ike_sa_init();
    const Bytes ni2 = pattern(16, 41), nr2 = pattern(16, 42);
    const EspChoice c{tr::kEncrAesCtr, 192, tr::kIntegAesXcbc96, false};
    Msg rq = inner_msg(kCreate, 0, 0, {{kSA, esp_proposal(false, 1, 0x0000e001, c)}, {kNonce, ni2}});
    assert_int_equal(lab.feed(rq, false, 20, &lab.ike).size(), 0);
    Msg rs = inner_msg(kCreate, kR | kI, 0, {{kSA, esp_proposal(false, 1, 0x0000e002, c)}, {kNonce, nr2}});
    auto recs = lab.feed(rs, true, 21, &lab.ike);
    assert_int_equal(recs.size(), 1);
    assert_int_equal(recs[0].outcome, ChildKeyOutcome::Derived);
    const ChildKeys k = expected_keys(lab, ni2, nr2, c);
    assert_int_equal(k.encr_i.size(), 28);
    expect_sa(lab.d.keys(), 0x0000e002, kAddrR, kAddrI, k.encr_i, k.integ_i, c);
    expect_sa(lab.d.keys(), 0x0000e001, kAddrI, kAddrR, k.encr_r, k.integ_r, c);
}

void test_create_child_sa_with_ke_needs_pfs(void**) {
    Lab lab;
    lab.ike_sa_init();
    const EspChoice c{tr::kEncrAesGcm16, 128, 0, false};
    Msg rq = inner_msg(kCreate, kI, 3,
                       {{kSA, esp_proposal(false, 1, 0x5001, c)}, {kNonce, pattern(32, 1)}, {kKE, ke_body()}});
    lab.feed(rq, true, 30, &lab.ike);
    Msg rs = inner_msg(kCreate, kR, 3,
                       {{kSA, esp_proposal(false, 1, 0x5002, c)}, {kNonce, pattern(32, 2)}, {kKE, ke_body()}});
    auto recs = lab.feed(rs, false, 31, &lab.ike);
    assert_int_equal(recs.size(), 1);
    assert_int_equal(recs[0].outcome, ChildKeyOutcome::NeedsPfsSecret);
    assert_int_equal(recs[0].spi_to_responder, 0x5002);
    assert_int_equal(recs[0].spi_to_initiator, 0x5001);
    assert_int_equal(lab.d.keys().esp_count(), 0);
    assert_true(std::string(child_keys_text(recs[0].outcome)).find("PFS") != std::string::npos);
}

void test_other_outcomes(void**) {
    const EspChoice c{tr::kEncrAesCbc, 128, tr::kIntegHmacSha1_96, false};
    {  // No IKE keys at all.
        Lab lab;
        lab.ike_sa_init();
        auto recs = lab.ike_auth(c, 1, 2, nullptr);
        assert_int_equal(recs[0].outcome, ChildKeyOutcome::NoSkD);
    }
    {  // Keys without SK_d.
        Lab lab;
        lab.ike_sa_init();
        lab.ike.sk_d.clear();
        assert_int_equal(lab.ike_auth(c, 1, 2, &lab.ike)[0].outcome, ChildKeyOutcome::NoSkD);
    }
    {  // No PRF in the keys nor in the capture.
        Lab lab;
        lab.ike_sa_init();
        lab.ike.prf_id = 0;
        lab.sa().selected.prf = 0;
        assert_int_equal(lab.ike_auth(c, 1, 2, &lab.ike)[0].outcome, ChildKeyOutcome::NoPrf);
    }
    {  // IKE_SA_INIT not in the capture.
        Lab lab;
        assert_int_equal(lab.ike_auth(c, 1, 2, &lab.ike)[0].outcome, ChildKeyOutcome::NoNonces);
    }
    {  // A transform the core lacks (ENCR_IDEA, 5).
        Lab lab;
        lab.ike_sa_init();
        const EspChoice idea{5, 0, tr::kIntegHmacSha1_96, false};
        auto recs = lab.ike_auth(idea, 1, 2, &lab.ike);
        assert_int_equal(recs[0].outcome, ChildKeyOutcome::Unsupported);
        EXPECT_STATUS(recs[0].status, Status::UnsupportedAlgorithm);
    }
    {  // A response whose request was not seen.
        Lab lab;
        lab.ike_sa_init();
        Msg rs = inner_msg(kAuth, kR, 1, {{kSA, esp_proposal(false, 1, 2, c)}});
        auto recs = lab.feed(rs, false, 4, &lab.ike);
        assert_int_equal(recs.size(), 1);
        assert_int_equal(recs[0].outcome, ChildKeyOutcome::NoRequest);
    }
    {  // An IKE SA rekey (protocol IKE) is not a CHILD_SA: no record.
        Lab lab;
        lab.ike_sa_init();
        Msg rq = inner_msg(kCreate, kI, 5, {{kSA, ike_proposal()}, {kNonce, pattern(32, 1)}, {kKE, ke_body()}});
        Msg rs = inner_msg(kCreate, kR, 5, {{kSA, ike_proposal()}, {kNonce, pattern(32, 2)}, {kKE, ke_body()}});
        assert_int_equal(lab.feed(rq, true, 1, &lab.ike).size(), 0);
        assert_int_equal(lab.feed(rs, false, 2, &lab.ike).size(), 0);
        assert_int_equal(lab.d.responses(), 0);
    }
    {  // clear() forgets the derived keys and records; the nonces are the IKE SA's.
        Lab lab;
        lab.ike_sa_init();
        lab.ike_auth(c, 1, 2, &lab.ike);
        assert_int_equal(lab.d.keys().esp_count(), 2);
        lab.d.clear();
        assert_int_equal(lab.d.keys().esp_count(), 0);
        assert_int_equal(lab.d.responses(), 0);
        assert_int_equal(lab.ike_auth(c, 1, 2, &lab.ike)[0].outcome, ChildKeyOutcome::Derived);
    }
}

// A response choosing a proposal number the request did not offer names no SPI for the
// responder -> initiator direction: no SA may be stored under SPI 0, which RFC 4303 2.1
// reserves.
void test_chosen_proposal_not_offered(void**) {
    Lab lab;
    lab.ike_sa_init();
    const EspChoice c{tr::kEncrAesCbc, 128, tr::kIntegHmacSha1_96, false};
    Msg rq = inner_msg(kAuth, kI, 1, {{kSA, esp_proposal(false, 1, 0xaaaa0001, c)}});
    lab.feed(rq, true, 3, &lab.ike);
    Msg rs = inner_msg(kAuth, kR, 1, {{kSA, esp_proposal(false, 7, 0xbbbb0002, c)}});
    auto recs = lab.feed(rs, false, 4, &lab.ike);
    assert_int_equal(recs.size(), 1);
    assert_int_equal(recs[0].spi_to_initiator, 0);
    assert_false(lab.d.keys().has_esp_spi(0));
}

}  // namespace

int main(void) {
    gcry_check_version(nullptr);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_keymat_split),
        cmocka_unit_test(test_derive_errors),
        cmocka_unit_test(test_ike_auth_child_sa),
        cmocka_unit_test(test_ike_auth_aead_esn_transport_capture_prf),
        cmocka_unit_test(test_create_child_sa),
        cmocka_unit_test(test_create_child_sa_from_responder),
        cmocka_unit_test(test_create_child_sa_with_ke_needs_pfs),
        cmocka_unit_test(test_other_outcomes),
        cmocka_unit_test(test_chosen_proposal_not_offered),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
