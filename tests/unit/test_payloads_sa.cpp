// SA payload (RFC 7296 3.3): proposals, transforms, TV and TLV attributes, and every
// length / count / "last substructure" problem the parser reports.
#include "unit_common.hpp"

#include "iana.hpp"

using namespace ikev2;
using unit::Bytes;

namespace {

constexpr uint8_t kSA = iana::payload::kSA;

// RFC 7296 3.3.5
Bytes tv(unsigned type, unsigned value) { return Bytes().u16(0x8000 | type).u16(value); }
Bytes tlv(unsigned type, const Bytes& value) {
    return Bytes().u16(type & 0x7fff).u16(static_cast<unsigned>(value.size())).add(value);
}
// RFC 7296 3.3.2; last = 0 (last) or 3 (more)
Bytes transform(uint8_t last, uint8_t type, unsigned id, const Bytes& attrs = Bytes()) {
    return Bytes().u8(last).u8(0).u16(static_cast<unsigned>(8 + attrs.size())).u8(type).u8(0).u16(id).add(attrs);
}
// RFC 7296 3.3.1; last = 0 (last) or 2 (more); the transform count is given explicitly.
Bytes proposal(uint8_t last, uint8_t number, uint8_t protocol, const Bytes& spi, uint8_t ntransforms,
               const Bytes& transforms) {
    Bytes p;
    p.u8(last).u8(0).u16(static_cast<unsigned>(8 + spi.size() + transforms.size()));
    p.u8(number).u8(protocol).u8(static_cast<unsigned>(spi.size())).u8(ntransforms).add(spi).add(transforms);
    return p;
}

Bytes ike_transforms() {
    return Bytes()
        .add(transform(3, 1, 12, tv(14, 256)))  // ENCR_AES_CBC-256
        .add(transform(3, 3, 12))               // AUTH_HMAC_SHA2_256_128
        .add(transform(3, 2, 5))                // PRF_HMAC_SHA2_256
        .add(transform(0, 4, 31));              // Curve25519
}

// Two proposals: IKE (no SPI) and ESP (4-octet SPI) with AES-GCM-16-128 and ESN.
Bytes two_proposals() {
    Bytes esp_t = Bytes().add(transform(3, 1, 20, tv(14, 128))).add(transform(0, 5, 1));
    return Bytes()
        .add(proposal(2, 1, 1, Bytes(), 4, ike_transforms()))
        .add(proposal(0, 2, 3, Bytes().u32(0xc1234567), 2, esp_t));
}

const Proposal& only_proposal(const SaBody& sa) {
    assert_int_equal(sa.proposals.size(), 1);
    return sa.proposals[0];
}

// ---- Well-formed --------------------------------------------------------------------

void test_sa_two_proposals(void**) {
    const uint32_t base = 32;
    Bytes body = two_proposals();
    unit::Parsed r = unit::parse_body(kSA, body, base);
    EXPECT_NO_PROBLEMS(r.issues);
    const SaBody& sa = unit::body_as<SaBody>(r);
    assert_int_equal(sa.proposals.size(), 2);

    const Proposal& ike = sa.proposals[0];
    assert_int_equal(ike.last, 2);
    assert_int_equal(ike.number, 1);
    assert_int_equal(ike.protocol, 1);
    assert_int_equal(ike.spi_size, 0);
    assert_true(ike.spi.empty());
    assert_int_equal(ike.num_transforms, 4);
    assert_int_equal(ike.length, 8 + 12 + 8 + 8 + 8);
    EXPECT_SPAN(ike.span, base, 44);
    assert_int_equal(ike.transforms.size(), 4);
    const Transform& enc = ike.transforms[0];
    assert_int_equal(enc.last, 3);
    assert_int_equal(enc.type, 1);
    assert_int_equal(enc.id, 12);
    assert_int_equal(enc.length, 12);
    assert_int_equal(enc.key_length, 256);
    EXPECT_SPAN(enc.span, base + 8, 12);
    assert_int_equal(enc.attributes.size(), 1);
    const TransformAttribute& kl = enc.attributes[0];
    assert_true(kl.tv);
    assert_int_equal(kl.type, 14);
    assert_int_equal(kl.value, 256);
    EXPECT_SPAN(kl.span, base + 16, 4);
    EXPECT_SPAN(kl.value_span, base + 18, 2);
    assert_int_equal(ike.transforms[1].type, 3);
    assert_int_equal(ike.transforms[1].key_length, 0);
    assert_int_equal(ike.transforms[3].type, 4);
    assert_int_equal(ike.transforms[3].id, 31);
    assert_int_equal(ike.transforms[3].last, 0);
    EXPECT_SPAN(ike.transforms[3].span, base + 36, 8);

    const Proposal& esp = sa.proposals[1];
    assert_int_equal(esp.last, 0);
    assert_int_equal(esp.number, 2);
    assert_int_equal(esp.protocol, 3);
    assert_int_equal(esp.spi_size, 4);
    EXPECT_SPAN(esp.spi, base + 44 + 8, 4);
    assert_true(esp.spi_value == 0xc1234567u);
    assert_int_equal(esp.transforms.size(), 2);
    assert_int_equal(esp.transforms[0].id, 20);
    assert_int_equal(esp.transforms[0].key_length, 128);
    assert_int_equal(esp.transforms[1].type, 5);
    assert_int_equal(esp.transforms[1].id, 1);

    // The same inside a message: all spans inside it, summary "SA".
    Message m = unit::parse_in_message(kSA, body);
    EXPECT_NO_PROBLEMS(m.payloads[0].issues);
}

void test_sa_eight_octet_spi(void**) {
    // CREATE_CHILD_SA rekeying an IKE SA: the proposal carries the new 8-octet SPI.
    Bytes body = proposal(0, 1, 1, Bytes().u64(0x0102030405060708ULL), 4, ike_transforms());
    unit::Parsed r = unit::parse_body(kSA, body);
    EXPECT_NO_PROBLEMS(r.issues);
    const Proposal& p = only_proposal(unit::body_as<SaBody>(r));
    assert_int_equal(p.spi_size, 8);
    assert_true(p.spi_value == 0x0102030405060708ULL);
    EXPECT_SPAN(p.spi, 32 + 8, 8);
    assert_int_equal(p.transforms.size(), 4);

    // A 2-octet SPI (IPComp-like) is kept as bytes, no numeric value.
    Bytes odd = proposal(0, 1, 3, Bytes{0xab, 0xcd}, 1, transform(0, 1, 12, tv(14, 128)));
    unit::Parsed r2 = unit::parse_body(kSA, odd);
    EXPECT_NO_PROBLEMS(r2.issues);
    const Proposal& p2 = only_proposal(unit::body_as<SaBody>(r2));
    assert_int_equal(p2.spi_size, 2);
    assert_true(p2.spi_value == 0);
    EXPECT_SPAN(p2.spi, 40, 2);
}

void test_sa_tlv_attributes(void**) {
    // A TLV attribute (AF = 0) with 3 octets, an empty TLV, then a TV key length.
    Bytes attrs = Bytes().add(tlv(17, Bytes{'a', 'b', 'c'})).add(tlv(18, Bytes())).add(tv(14, 192));
    Bytes body = proposal(0, 1, 3, Bytes().u32(1), 1, transform(0, 1, 12, attrs));
    const uint32_t base = 100;
    unit::Parsed r = unit::parse_body(kSA, body, base);
    EXPECT_NO_PROBLEMS(r.issues);
    const Transform& t = only_proposal(unit::body_as<SaBody>(r)).transforms.at(0);
    assert_int_equal(t.attributes.size(), 3);
    const uint32_t a0 = base + 8 + 4 + 8;
    assert_false(t.attributes[0].tv);
    assert_int_equal(t.attributes[0].type, 17);
    EXPECT_SPAN(t.attributes[0].span, a0, 7);
    EXPECT_SPAN(t.attributes[0].value_span, a0 + 4, 3);
    assert_false(t.attributes[1].tv);
    assert_int_equal(t.attributes[1].type, 18);
    EXPECT_SPAN(t.attributes[1].span, a0 + 7, 4);
    assert_int_equal(t.attributes[1].value_span.len, 0);
    assert_true(t.attributes[2].tv);
    assert_int_equal(t.attributes[2].value, 192);
    assert_int_equal(t.key_length, 192);
    // A TLV attribute of type 14 is not a key length (RFC 7296: key length is TV).
    Bytes tlv_kl = proposal(0, 1, 3, Bytes().u32(1), 1, transform(0, 1, 12, tlv(14, Bytes{0, 128})));
    unit::Parsed r2 = unit::parse_body(kSA, tlv_kl);
    assert_int_equal(only_proposal(unit::body_as<SaBody>(r2)).transforms.at(0).key_length, 0);
}

void test_sa_responder_proposal_number(void**) {
    // A responder returns the one proposal it chose, with that proposal's number.
    Bytes body = proposal(0, 3, 1, Bytes(), 4, ike_transforms());
    unit::Parsed r = unit::parse_body(kSA, body);
    EXPECT_NO_PROBLEMS(r.issues);
    assert_int_equal(only_proposal(unit::body_as<SaBody>(r)).number, 3);
}

void test_sa_empty_body(void**) {
    unit::Parsed r = unit::parse_body(kSA, Bytes());
    assert_int_equal(unit::body_as<SaBody>(r).proposals.size(), 0);
}

// ---- Malformed ----------------------------------------------------------------------

void test_sa_truncated_proposal_header(void**) {
    Bytes body{0, 0, 0, 8, 1};
    unit::Parsed r = unit::parse_body(kSA, body);
    EXPECT_PROBLEMS(r.issues, Problem::BadSubstructureLength);
    EXPECT_SPAN(r.issues[0].where, 32, 5);
    assert_int_equal(unit::body_as<SaBody>(r).proposals.size(), 0);

    // A good proposal followed by 3 stray octets.
    Bytes two = proposal(0, 1, 1, Bytes(), 4, ike_transforms());
    two.raw({0, 0, 0});
    r = unit::parse_body(kSA, two);
    assert_int_equal(unit::body_as<SaBody>(r).proposals.size(), 1);
    assert_true(unit::has_problem(r.issues, Problem::BadSubstructureLength));
    EXPECT_SPAN(unit::find_problem(r.issues, Problem::BadSubstructureLength)->where, 32 + 44, 3);
}

void test_sa_proposal_length_too_short(void**) {
    for (unsigned len : {0u, 4u, 7u}) {
        Bytes body = proposal(0, 1, 1, Bytes(), 4, ike_transforms());
        body.put16(2, len);
        unit::Parsed r = unit::parse_body(kSA, body);
        EXPECT_PROBLEMS(r.issues, Problem::BadSubstructureLength);
        EXPECT_SPAN(r.issues[0].where, 34, 2);
        assert_int_equal(unit::body_as<SaBody>(r).proposals.size(), 0);
    }
}

void test_sa_proposal_length_too_long(void**) {
    Bytes body = proposal(0, 1, 1, Bytes(), 4, ike_transforms());
    body.put16(2, static_cast<unsigned>(body.size() + 1));
    unit::Parsed r = unit::parse_body(kSA, body);
    EXPECT_PROBLEMS(r.issues, Problem::BadSubstructureLength);
    EXPECT_SPAN(r.issues[0].where, 34, 2);
    // Through a message as well: spans stay inside it.
    Message m = unit::parse_in_message(kSA, body);
    EXPECT_PROBLEMS(m.payloads[0].issues, Problem::BadSubstructureLength);
}

void test_sa_spi_size_beyond_proposal(void**) {
    Bytes body = proposal(0, 1, 3, Bytes(), 0, Bytes());
    body.b[6] = 4;  // SPI size 4, no octets for it
    unit::Parsed r = unit::parse_body(kSA, body);
    EXPECT_PROBLEMS(r.issues, Problem::BadSubstructureLength);
    EXPECT_SPAN(r.issues[0].where, 38, 1);
    assert_int_equal(unit::body_as<SaBody>(r).proposals.size(), 1);
}

void test_sa_transform_count_mismatch(void**) {
    Bytes fewer = proposal(0, 1, 1, Bytes(), 5, ike_transforms());  // says 5, has 4
    unit::Parsed r = unit::parse_body(kSA, fewer);
    EXPECT_PROBLEMS(r.issues, Problem::SubstructureCountMismatch);
    EXPECT_SPAN(r.issues[0].where, 39, 1);
    assert_int_equal(only_proposal(unit::body_as<SaBody>(r)).transforms.size(), 4);

    Bytes more = proposal(0, 1, 1, Bytes(), 3, ike_transforms());  // says 3, has 4
    r = unit::parse_body(kSA, more);
    EXPECT_PROBLEMS(r.issues, Problem::SubstructureCountMismatch);
}

void test_sa_transform_lengths(void**) {
    // Transform length below 8.
    Bytes t = transform(0, 1, 12);
    t.put16(2, 7);
    Bytes body = proposal(0, 1, 1, Bytes(), 1, t);
    unit::Parsed r = unit::parse_body(kSA, body);
    EXPECT_PROBLEMS(r.issues, Problem::BadSubstructureLength, Problem::SubstructureCountMismatch);
    EXPECT_SPAN(unit::find_problem(r.issues, Problem::BadSubstructureLength)->where, 32 + 8 + 2, 2);

    // Transform length past its proposal.
    Bytes t2 = transform(0, 1, 12, tv(14, 128));
    t2.put16(2, 40);
    r = unit::parse_body(kSA, proposal(0, 1, 1, Bytes(), 1, t2));
    EXPECT_PROBLEMS(r.issues, Problem::BadSubstructureLength, Problem::SubstructureCountMismatch);

    // Fewer than 8 octets left for a transform.
    Bytes t3 = transform(3, 1, 12);
    t3.raw({0, 0, 0, 8, 1});
    r = unit::parse_body(kSA, proposal(0, 1, 1, Bytes(), 2, t3));
    assert_true(unit::has_problem(r.issues, Problem::BadSubstructureLength));
    EXPECT_SPAN(unit::find_problem(r.issues, Problem::BadSubstructureLength)->where, 32 + 16, 5);
    assert_int_equal(only_proposal(unit::body_as<SaBody>(r)).transforms.size(), 1);
}

void test_sa_attribute_problems(void**) {
    // TLV attribute whose length runs past the transform.
    Bytes attr = tlv(17, Bytes{1, 2});
    attr.put16(2, 10);
    unit::Parsed r = unit::parse_body(kSA, proposal(0, 1, 1, Bytes(), 1, transform(0, 1, 12, attr)));
    EXPECT_PROBLEMS(r.issues, Problem::BadSubstructureLength);
    EXPECT_SPAN(r.issues[0].where, 32 + 16 + 2, 2);
    assert_int_equal(only_proposal(unit::body_as<SaBody>(r)).transforms.at(0).attributes.size(), 0);

    // Three octets: too short for any attribute.
    r = unit::parse_body(kSA, proposal(0, 1, 1, Bytes(), 1, transform(0, 1, 12, Bytes{0x80, 14, 0})));
    EXPECT_PROBLEMS(r.issues, Problem::BadSubstructureLength);
    const Issue& i = r.issues[0];
    assert_true(i.where.off >= 32 + 16 && i.where.end() <= 32 + 19);

    // A single stray octet after a good attribute.
    Bytes a2 = tv(14, 128);
    a2.u8(0x80);
    r = unit::parse_body(kSA, proposal(0, 1, 1, Bytes(), 1, transform(0, 1, 12, a2)));
    EXPECT_PROBLEMS(r.issues, Problem::BadSubstructureLength);
    assert_int_equal(only_proposal(unit::body_as<SaBody>(r)).transforms.at(0).key_length, 128);
}

void test_sa_last_substructure(void**) {
    // Final proposal marked "more" (2).
    unit::Parsed r = unit::parse_body(kSA, proposal(2, 1, 1, Bytes(), 4, ike_transforms()));
    EXPECT_PROBLEMS(r.issues, Problem::BadLastSubstructure);
    EXPECT_SPAN(r.issues[0].where, 32, 1);

    // First of two proposals marked "last" (0).
    Bytes body = two_proposals();
    body.b[0] = 0;
    r = unit::parse_body(kSA, body);
    EXPECT_PROBLEMS(r.issues, Problem::BadLastSubstructure);
    EXPECT_SPAN(r.issues[0].where, 32, 1);

    // Final transform marked "more" (3), and a middle one marked "last".
    Bytes ts = ike_transforms();
    ts.b[28] = 3;  // the fourth transform starts 28 octets in
    ts.b[12] = 0;  // the second transform
    r = unit::parse_body(kSA, proposal(0, 1, 1, Bytes(), 4, ts));
    EXPECT_PROBLEMS(r.issues, Problem::BadLastSubstructure, Problem::BadLastSubstructure);
    assert_int_equal(only_proposal(unit::body_as<SaBody>(r)).transforms.size(), 4);

    // Values other than 0 / 2 / 3 are wrong too.
    r = unit::parse_body(kSA, proposal(1, 1, 1, Bytes(), 4, ike_transforms()));
    EXPECT_PROBLEMS(r.issues, Problem::BadLastSubstructure);
}

void test_sa_proposal_numbers(void**) {
    Bytes body = two_proposals();
    body.b[44 + 4] = 3;  // 1, 3
    unit::Parsed r = unit::parse_body(kSA, body);
    EXPECT_PROBLEMS(r.issues, Problem::BadProposalNumber);
    EXPECT_SPAN(r.issues[0].where, 32 + 44 + 4, 1);

    body.b[44 + 4] = 1;  // 1, 1
    r = unit::parse_body(kSA, body);
    EXPECT_PROBLEMS(r.issues, Problem::BadProposalNumber);

    // 2, 3 is consecutive: only the first number is free.
    body.b[4] = 2;
    body.b[44 + 4] = 3;
    r = unit::parse_body(kSA, body);
    EXPECT_NO_PROBLEMS(r.issues);
}

void test_sa_too_many_proposals(void**) {
    // 4097 empty proposals (8 octets each): the parser keeps kMaxItemsPerPayload.
    Bytes body;
    const size_t n = kMaxItemsPerPayload + 1;
    for (size_t i = 0; i < n; i++)
        body.add(proposal(i + 1 < n ? 2 : 0, static_cast<uint8_t>(i + 1), 1, Bytes(), 0, Bytes()));
    unit::Parsed r = unit::parse_body(kSA, body);
    assert_int_equal(unit::body_as<SaBody>(r).proposals.size(), kMaxItemsPerPayload);
    assert_true(unit::has_problem(r.issues, Problem::TooManyItems));
}

void test_sa_too_many_proposals_with_bad_spi_size(void**) {
    // The same bound holds for proposals whose SPI size does not fit: 4200 proposals of
    // 8 octets, each announcing a 4-octet SPI it does not carry.
    Bytes body;
    const size_t n = kMaxItemsPerPayload + 104;
    for (size_t i = 0; i < n; i++) {
        Bytes p = proposal(i + 1 < n ? 2 : 0, static_cast<uint8_t>(i + 1), 3, Bytes(), 0, Bytes());
        p.b[6] = 4;
        body.add(p);
    }
    unit::Parsed r = unit::parse_body(kSA, body);
    assert_true(unit::body_as<SaBody>(r).proposals.size() <= kMaxItemsPerPayload);
    assert_true(unit::has_problem(r.issues, Problem::TooManyItems));
}

void test_sa_too_many_transforms(void**) {
    Bytes ts;
    const size_t n = kMaxItemsPerPayload + 1;
    for (size_t i = 0; i < n; i++) ts.add(transform(i + 1 < n ? 3 : 0, 1, 12));
    unit::Parsed r = unit::parse_body(kSA, proposal(0, 1, 1, Bytes(), 0, ts));
    // (the u16 proposal length holds 8 + 4097 * 8 octets)
    assert_int_equal(only_proposal(unit::body_as<SaBody>(r)).transforms.size(), kMaxItemsPerPayload);
    assert_true(unit::has_problem(r.issues, Problem::TooManyItems));
}

void test_sa_too_many_attributes(void**) {
    Bytes attrs;
    for (size_t i = 0; i < kMaxItemsPerPayload + 1; i++) attrs.add(tv(14, 128));
    unit::Parsed r = unit::parse_body(kSA, proposal(0, 1, 1, Bytes(), 1, transform(0, 1, 12, attrs)));
    assert_int_equal(only_proposal(unit::body_as<SaBody>(r)).transforms.at(0).attributes.size(),
                     kMaxItemsPerPayload);
    assert_true(unit::has_problem(r.issues, Problem::TooManyItems));
}

}  // namespace

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sa_two_proposals),
        cmocka_unit_test(test_sa_eight_octet_spi),
        cmocka_unit_test(test_sa_tlv_attributes),
        cmocka_unit_test(test_sa_responder_proposal_number),
        cmocka_unit_test(test_sa_empty_body),
        cmocka_unit_test(test_sa_truncated_proposal_header),
        cmocka_unit_test(test_sa_proposal_length_too_short),
        cmocka_unit_test(test_sa_proposal_length_too_long),
        cmocka_unit_test(test_sa_spi_size_beyond_proposal),
        cmocka_unit_test(test_sa_transform_count_mismatch),
        cmocka_unit_test(test_sa_transform_lengths),
        cmocka_unit_test(test_sa_attribute_problems),
        cmocka_unit_test(test_sa_last_substructure),
        cmocka_unit_test(test_sa_proposal_numbers),
        cmocka_unit_test(test_sa_too_many_proposals),
        cmocka_unit_test(test_sa_too_many_proposals_with_bad_spi_size),
        cmocka_unit_test(test_sa_too_many_transforms),
        cmocka_unit_test(test_sa_too_many_attributes),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
