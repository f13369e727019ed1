// Whole messages through parse_message (message.hpp): real strongSwan packets, the IKE
// header checks of RFC 7296 3.1, the payload chain of 3.2 under hostile lengths, and the
// one-line summaries (summary.hpp).
#include "unit_common.hpp"

#include <random>

#include "capture_bytes.hpp"
#include "iana.hpp"
#include "summary.hpp"

using namespace ikev2;
using unit::Bytes;
using unit::P;

namespace {

namespace pt = ikev2::iana::payload;

ByteView frame1() { return ByteView(capture::kFrame1, sizeof capture::kFrame1); }
ByteView frame2() { return ByteView(capture::kFrame2, sizeof capture::kFrame2); }
// Frame 3 without its 4-octet non-ESP marker.
ByteView frame3_ike() { return ByteView(capture::kFrame3 + 4, sizeof capture::kFrame3 - 4); }

Bytes nonce_body(size_t n = 16) { return Bytes().fill(n, 0x5a); }

// ---- Real packets -------------------------------------------------------------------

void test_real_ike_sa_init_request(void**) {
    Message m = parse_message(frame1());
    assert_true(m.header_ok);
    EXPECT_NO_PROBLEMS(m.issues);
    const Header& h = m.header;
    assert_true(h.spi_i == 0x10ad0e39ffbb8a93ULL);
    assert_true(h.spi_r == 0);
    assert_int_equal(h.next_payload, pt::kSA);
    assert_int_equal(h.major, 2);
    assert_int_equal(h.minor, 0);
    assert_int_equal(h.exchange, iana::exchange::kIkeSaInit);
    assert_int_equal(h.flags, Header::kFlagInitiator);
    assert_true(h.initiator());
    assert_false(h.response());
    assert_int_equal(h.message_id, 0);
    assert_int_equal(h.length, 464);

    const uint8_t types[] = {pt::kSA, pt::kKE, pt::kNonce, pt::kNotify, pt::kNotify,
                             pt::kNotify, pt::kNotify, pt::kNotify};
    const uint32_t offsets[] = {28, 76, 340, 376, 404, 432, 440, 456};
    const uint16_t lengths[] = {48, 264, 36, 28, 28, 8, 16, 8};
    assert_int_equal(m.payloads.size(), 8);
    for (size_t i = 0; i < 8; i++) {
        const Payload& p = m.payloads[i];
        assert_int_equal(p.type, types[i]);
        assert_true(p.known);
        assert_false(p.critical);
        assert_int_equal(p.length, lengths[i]);
        EXPECT_SPAN(p.span, offsets[i], lengths[i]);
        EXPECT_SPAN(p.body, offsets[i] + 4, lengths[i] - 4u);
        EXPECT_NO_PROBLEMS(p.issues);
        assert_int_equal(p.next_payload, i + 1 < 8 ? types[i + 1] : 0);
    }
    EXPECT_SPANS_INSIDE_MESSAGE(m, sizeof capture::kFrame1);

    // SA: one IKE proposal, AES-CBC-128 / HMAC-SHA2-256-128 / PRF-HMAC-SHA2-256 / MODP-2048.
    const SaBody& sa = std::get<SaBody>(m.payloads[0].content);
    assert_int_equal(sa.proposals.size(), 1);
    const Proposal& pr = sa.proposals[0];
    assert_int_equal(pr.number, 1);
    assert_int_equal(pr.protocol, 1);
    assert_int_equal(pr.spi_size, 0);
    assert_int_equal(pr.num_transforms, 4);
    EXPECT_SPAN(pr.span, 32, 44);
    assert_int_equal(pr.transforms.size(), 4);
    const uint8_t ttype[] = {1, 3, 2, 4};
    const uint16_t tid[] = {12, 12, 5, 14};
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(pr.transforms[i].type, ttype[i]);
        assert_int_equal(pr.transforms[i].id, tid[i]);
    }
    assert_int_equal(pr.transforms[0].key_length, 128);
    assert_int_equal(pr.transforms[0].attributes.size(), 1);
    EXPECT_SPAN(pr.transforms[0].attributes[0].span, 48, 4);

    const KeBody& ke = std::get<KeBody>(m.payloads[1].content);
    assert_int_equal(ke.group, 14);
    EXPECT_SPAN(ke.data, 84, 256);
    const NonceBody& ni = std::get<NonceBody>(m.payloads[2].content);
    EXPECT_SPAN(ni.data, 344, 32);

    const NotifyBody& nats = std::get<NotifyBody>(m.payloads[3].content);
    assert_int_equal(nats.type, 16388);
    assert_int_equal(static_cast<int>(nats.decoded.kind), static_cast<int>(NotifyData::Kind::Hash));
    EXPECT_SPAN(nats.decoded.value_span, 384, 20);
    const NotifyBody& frag = std::get<NotifyBody>(m.payloads[5].content);
    assert_int_equal(frag.type, 16430);
    assert_int_equal(static_cast<int>(frag.decoded.kind), static_cast<int>(NotifyData::Kind::None));
    const NotifyBody& hashes = std::get<NotifyBody>(m.payloads[6].content);
    assert_int_equal(hashes.type, 16431);
    assert_int_equal(hashes.decoded.list.size(), 4);
    assert_int_equal(hashes.decoded.list[0], 2);
    assert_int_equal(hashes.decoded.list[3], 5);

    assert_string_equal(header_summary(h).c_str(), "IKE_SA_INIT MID=0 Initiator Request");
    assert_string_equal(payloads_summary(m.payloads, m.header.response()).c_str(),
                        "SA KE Ni N(NAT_DETECTION_SOURCE_IP) N(NAT_DETECTION_DESTINATION_IP) "
                        "N(IKEV2_FRAGMENTATION_SUPPORTED) N(SIGNATURE_HASH_ALGORITHMS) "
                        "N(REDIRECT_SUPPORTED)");
}

void test_real_ike_sa_init_response(void**) {
    Message m = parse_message(frame2());
    EXPECT_NO_PROBLEMS(m.issues);
    assert_true(m.header.spi_r == 0x625d3e3f7dce7a05ULL);
    assert_true(m.header.response());
    assert_false(m.header.initiator());
    assert_int_equal(m.payloads.size(), 9);
    for (const Payload& p : m.payloads) EXPECT_NO_PROBLEMS(p.issues);
    EXPECT_SPANS_INSIDE_MESSAGE(m, sizeof capture::kFrame2);
    assert_int_equal(m.payloads.back().span.end(), sizeof capture::kFrame2);
    const SaBody& sa = std::get<SaBody>(m.payloads[0].content);
    assert_int_equal(sa.proposals.size(), 1);
    assert_int_equal(sa.proposals[0].transforms[0].key_length, 128);
    assert_string_equal(header_summary(m.header).c_str(), "IKE_SA_INIT MID=0 Responder Response");
    assert_string_equal(payloads_summary(m.payloads, m.header.response()).c_str(),
                        "SA KE Nr N(NAT_DETECTION_SOURCE_IP) N(NAT_DETECTION_DESTINATION_IP) "
                        "N(IKEV2_FRAGMENTATION_SUPPORTED) N(SIGNATURE_HASH_ALGORITHMS) "
                        "N(CHILDLESS_IKEV2_SUPPORTED) N(MULTIPLE_AUTH_SUPPORTED)");
}

void test_real_ike_auth_sk_ends_chain(void**) {
    ByteView v = frame3_ike();
    Message m = parse_message(v);
    EXPECT_NO_PROBLEMS(m.issues);
    assert_int_equal(m.header.exchange, iana::exchange::kIkeAuth);
    assert_int_equal(m.header.message_id, 1);
    assert_int_equal(m.payloads.size(), 1);
    const Payload& sk = m.payloads[0];
    assert_int_equal(sk.type, pt::kSK);
    // The SK payload's Next Payload names the first inner payload (IDi), not a sibling.
    assert_int_equal(sk.next_payload, pt::kIDi);
    const SkBody& body = std::get<SkBody>(sk.content);
    EXPECT_SPAN(body.encrypted, 32, 272);
    EXPECT_SPANS_INSIDE_MESSAGE(m, v.size);
    assert_string_equal(header_summary(m.header).c_str(), "IKE_AUTH MID=1 Initiator Request");
    assert_string_equal(payloads_summary(m.payloads, m.header.response()).c_str(), "SK");
}

// ---- Header problems ----------------------------------------------------------------

void test_header_truncated(void**) {
    for (size_t n : {size_t{0}, size_t{1}, size_t{16}, size_t{27}}) {
        Message m = parse_message(ByteView(capture::kFrame1, n));
        assert_false(m.header_ok);
        EXPECT_PROBLEMS(m.issues, Problem::HeaderTruncated);
        EXPECT_SPAN(m.issues[0].where, 0, static_cast<uint32_t>(n));
        assert_int_equal(m.payloads.size(), 0);
    }
    // Exactly a header with no payloads is fine.
    Bytes h = unit::ike_header(0, 37, 0x20, 5, 0);
    Message m = parse_message(h.view());
    assert_true(m.header_ok);
    EXPECT_NO_PROBLEMS(m.issues);
    assert_int_equal(m.payloads.size(), 0);
    assert_string_equal(payloads_summary(m.payloads, m.header.response()).c_str(), "");
}

void test_header_ikev1_version(void**) {
    Bytes b = unit::from_array(capture::kFrame1, sizeof capture::kFrame1);
    b.b[17] = 0x10;  // IKEv1 (ISAKMP 1.0)
    Message m = parse_message(b.view());
    assert_true(m.header_ok);
    assert_int_equal(m.header.major, 1);
    EXPECT_PROBLEMS(m.issues, Problem::BadMajorVersion);
    EXPECT_SPAN(m.issues[0].where, 17, 1);
    // Not interpreted further (RFC 7296 3.1).
    assert_int_equal(m.payloads.size(), 0);

    b.b[17] = 0x30;
    m = parse_message(b.view());
    EXPECT_PROBLEMS(m.issues, Problem::BadMajorVersion);
}

void test_header_minor_version(void**) {
    Bytes b = unit::from_array(capture::kFrame1, sizeof capture::kFrame1);
    b.b[17] = 0x21;
    Message m = parse_message(b.view());
    assert_int_equal(m.header.major, 2);
    assert_int_equal(m.header.minor, 1);
    EXPECT_PROBLEMS(m.issues, Problem::UnexpectedMinorVersion);
    EXPECT_SPAN(m.issues[0].where, 17, 1);
    // Still parsed (the minor version is to be ignored).
    assert_int_equal(m.payloads.size(), 8);
}

void test_header_reserved_flags(void**) {
    const uint8_t bad[] = {0x01, 0x02, 0x04, 0x40, 0x80, 0x08 | 0x80};
    for (uint8_t f : bad) {
        Bytes b = unit::from_array(capture::kFrame1, sizeof capture::kFrame1);
        b.b[19] = f;
        Message m = parse_message(b.view());
        EXPECT_PROBLEMS(m.issues, Problem::ReservedFlagsSet);
        EXPECT_SPAN(m.issues[0].where, 19, 1);
        assert_int_equal(m.payloads.size(), 8);
    }
    // I, V and R are defined flags.
    Bytes b = unit::from_array(capture::kFrame1, sizeof capture::kFrame1);
    b.b[19] = 0x08 | 0x10 | 0x20;
    Message m = parse_message(b.view());
    EXPECT_NO_PROBLEMS(m.issues);
    assert_string_equal(header_summary(m.header).c_str(), "IKE_SA_INIT MID=0 Initiator Response");
}

void test_header_length_larger_than_data(void**) {
    Bytes b = unit::from_array(capture::kFrame1, sizeof capture::kFrame1);
    b.put32(24, 1000);
    Message m = parse_message(b.view());
    EXPECT_PROBLEMS(m.issues, Problem::LengthMismatch);
    EXPECT_SPAN(m.issues[0].where, 24, 4);
    assert_int_equal(m.header.length, 1000);
    assert_int_equal(m.payloads.size(), 8);  // what is there is still shown
    EXPECT_SPANS_INSIDE_MESSAGE(m, b.size());
}

void test_header_length_smaller_than_data(void**) {
    // Header says 464 (the real message), 12 more octets follow (e.g. padding): the chain
    // is bounded by the header length, no payload reaches into the extra octets.
    Bytes b = unit::from_array(capture::kFrame1, sizeof capture::kFrame1);
    b.fill(12, 0xee);
    Message m = parse_message(b.view());
    EXPECT_PROBLEMS(m.issues, Problem::LengthMismatch);
    EXPECT_SPAN(m.issues[0].where, 24, 4);
    assert_int_equal(m.payloads.size(), 8);
    for (const Payload& p : m.payloads) {
        EXPECT_NO_PROBLEMS(p.issues);
        assert_true(p.span.end() <= 464);
    }

    // Header length cut in the middle of the last payload: that payload now runs past.
    Bytes c = unit::from_array(capture::kFrame1, sizeof capture::kFrame1);
    c.put32(24, 460);
    m = parse_message(c.view());
    assert_true(unit::has_problem(m.issues, Problem::LengthMismatch));
    assert_int_equal(m.payloads.size(), 8);
    // ... and its body (2 of the Notify's 4 fixed octets) is too short.
    EXPECT_PROBLEMS(m.payloads[7].issues, Problem::PayloadLengthBeyondData, Problem::PayloadTooShort);
    assert_true(m.payloads[7].span.end() <= 460);

    // Header length below the header size: the data is used as it is.
    Bytes d = unit::from_array(capture::kFrame1, sizeof capture::kFrame1);
    d.put32(24, 0);
    m = parse_message(d.view());
    EXPECT_PROBLEMS(m.issues, Problem::LengthMismatch);
    assert_int_equal(m.payloads.size(), 8);
}

// ---- Payload chain problems ---------------------------------------------------------

void test_chain_zero_length_payload_stops(void**) {
    for (unsigned len : {0u, 1u, 3u}) {
        // Nonce payload whose Length is below 4 and whose Next Payload points to itself:
        // the walk must stop instead of looping or going backwards.
        Bytes b = unit::ike_header(pt::kNonce, 37, 0x08, 1, 4 + 8);
        b.u8(pt::kNonce).u8(0).u16(len).fill(8, 0x11);
        Message m = parse_message(b.view());
        EXPECT_NO_PROBLEMS(m.issues);
        assert_int_equal(m.payloads.size(), 1);
        EXPECT_PROBLEMS(m.payloads[0].issues, Problem::PayloadLengthTooShort);
        EXPECT_SPAN(m.payloads[0].issues[0].where, 30, 2);
        EXPECT_SPANS_INSIDE_MESSAGE(m, b.size());
    }
    // The same in the middle of a longer chain: nothing after it is parsed.
    Bytes c = unit::message({{pt::kNonce, nonce_body()}, {pt::kNotify, Bytes{0, 0, 0x40, 0x00}},
                             {pt::kNotify, Bytes{0, 0, 0x40, 0x00}}});
    c.put16(28 + 20 + 2, 0);  // Length of the first Notify
    Message m = parse_message(c.view());
    assert_int_equal(m.payloads.size(), 2);
    EXPECT_PROBLEMS(m.payloads[1].issues, Problem::PayloadLengthTooShort);
    EXPECT_SPANS_INSIDE_MESSAGE(m, c.size());
}

void test_chain_length_beyond_data(void**) {
    Bytes b = unit::message({{pt::kNonce, nonce_body()}, {pt::kVendorId, Bytes{1, 2, 3, 4}}});
    b.put16(28 + 20 + 2, 200);  // Vendor ID claims 200 octets, 8 are there
    Message m = parse_message(b.view());
    EXPECT_NO_PROBLEMS(m.issues);
    assert_int_equal(m.payloads.size(), 2);
    EXPECT_PROBLEMS(m.payloads[1].issues, Problem::PayloadLengthBeyondData);
    EXPECT_SPAN(m.payloads[1].issues[0].where, 50, 2);
    assert_int_equal(m.payloads[1].length, 200);
    EXPECT_SPAN(m.payloads[1].span, 48, 8);  // clipped to the data
    EXPECT_SPAN(m.payloads[1].body, 52, 4);
    EXPECT_SPANS_INSIDE_MESSAGE(m, b.size());
}

void test_chain_trailing_data(void**) {
    Bytes c = unit::chain({{pt::kNonce, nonce_body()}});
    c.fill(5, 0x00);
    Bytes b = unit::ike_header(pt::kNonce, 37, 0x08, 1, c.size()).add(c);
    Message m = parse_message(b.view());
    EXPECT_PROBLEMS(m.issues, Problem::TrailingData);
    EXPECT_SPAN(m.issues[0].where, 48, 5);
    assert_int_equal(m.payloads.size(), 1);
    EXPECT_NO_PROBLEMS(m.payloads[0].issues);
}

void test_chain_header_truncated(void**) {
    // The last payload announces another one, but only 2 octets follow.
    Bytes c = unit::payload(pt::kNotify, nonce_body());
    c.u8(0).u8(0);
    Bytes b = unit::ike_header(pt::kNonce, 37, 0x08, 1, c.size()).add(c);
    Message m = parse_message(b.view());
    EXPECT_PROBLEMS(m.issues, Problem::PayloadHeaderTruncated);
    EXPECT_SPAN(m.issues[0].where, 48, 2);
    assert_int_equal(m.payloads.size(), 1);

    // ... or nothing follows at all: nothing is cut off, the Nonce's Next Payload field
    // names a payload that is not there.
    Bytes c2 = unit::payload(pt::kNotify, nonce_body());
    Bytes b2 = unit::ike_header(pt::kNonce, 37, 0x08, 1, c2.size()).add(c2);
    m = parse_message(b2.view());
    EXPECT_PROBLEMS(m.issues, Problem::NextPayloadMissing);
    EXPECT_SPAN(m.issues[0].where, 28, 1);
    assert_int_equal(m.issues[0].value, pt::kNotify);
    assert_int_equal(m.payloads.size(), 1);
    EXPECT_NO_PROBLEMS(m.payloads[0].issues);

    // The header announces a payload, none is there: its Next Payload field is named.
    Bytes b3 = unit::ike_header(pt::kSA, 34, 0x08, 0, 0);
    m = parse_message(b3.view());
    EXPECT_PROBLEMS(m.issues, Problem::NextPayloadMissing);
    EXPECT_SPAN(m.issues[0].where, 16, 1);
    assert_int_equal(m.issues[0].value, pt::kSA);
}

void test_chain_unknown_last_names_next(void**) {
    // An unassigned type (127) ending the message while its Next Payload names IDi, as a
    // vendor's payload did in a real client capture: the unknown payload is kept whole
    // (type, critical bit, length, data), and the chain's end is the only other problem.
    Bytes c = unit::payload(127, nonce_body());
    c.add(unit::payload(pt::kIDi, Bytes{1, 2, 3, 4, 5, 6}));
    Bytes b = unit::ike_header(pt::kNonce, 34, 0x08, 0, c.size()).add(c);
    Message m = parse_message(b.view());
    EXPECT_PROBLEMS(m.issues, Problem::NextPayloadMissing);
    EXPECT_SPAN(m.issues[0].where, 48, 1);
    assert_int_equal(m.issues[0].value, pt::kIDi);
    assert_int_equal(m.payloads.size(), 2);
    const Payload& u = m.payloads[1];
    assert_int_equal(u.type, 127);
    assert_false(u.known);
    assert_false(u.critical);
    assert_int_equal(u.length, 10);
    EXPECT_SPAN(std::get<OpaqueBody>(u.content).data, 52, 6);
    EXPECT_PROBLEMS(u.issues, Problem::UnknownPayload);
}

void test_chain_unknown_payloads(void**) {
    // Unassigned types 100 (not critical) and 101 (critical) between known payloads:
    // skipped by their length (RFC 7296 3.2), and parsing goes on.
    Bytes c;
    c.add(unit::payload(100, nonce_body()));                        // Nonce, next 100
    c.add(unit::payload(101, Bytes{1, 2, 3, 4, 5}));                // 100, next 101
    c.add(unit::payload(pt::kVendorId, Bytes{9, 9, 9}, 0x80));      // 101 (C set), next VID
    c.add(unit::payload(0, Bytes{7, 7, 7, 7}));                     // VID
    Bytes b = unit::ike_header(pt::kNonce, 37, 0x08, 1, c.size()).add(c);
    Message m = parse_message(b.view());
    EXPECT_NO_PROBLEMS(m.issues);
    assert_int_equal(m.payloads.size(), 4);

    const Payload& nonce = m.payloads[0];
    assert_true(nonce.known);
    const Payload& u = m.payloads[1];
    assert_int_equal(u.type, 100);
    assert_false(u.known);
    assert_false(u.critical);
    EXPECT_PROBLEMS(u.issues, Problem::UnknownPayload);
    EXPECT_SPAN(u.issues[0].where, u.span.off, 9);
    assert_non_null(std::get_if<OpaqueBody>(&u.content));
    EXPECT_SPAN(std::get<OpaqueBody>(u.content).data, u.span.off + 4, 5);

    const Payload& cu = m.payloads[2];
    assert_int_equal(cu.type, 101);
    assert_true(cu.critical);
    EXPECT_PROBLEMS(cu.issues, Problem::UnknownCriticalPayload);

    assert_int_equal(m.payloads[3].type, pt::kVendorId);
    EXPECT_NO_PROBLEMS(m.payloads[3].issues);
    assert_string_equal(payloads_summary(m.payloads, m.header.response()).c_str(), "Ni PAYLOAD(100) PAYLOAD(101) VID");
    EXPECT_SPANS_INSIDE_MESSAGE(m, b.size());
}

void test_chain_critical_bit_and_reserved_on_known(void**) {
    Bytes b = unit::message({{pt::kNonce, nonce_body()}});
    b.b[29] = 0x80 | 0x05;  // C bit set and reserved bits
    Message m = parse_message(b.view());
    EXPECT_NO_PROBLEMS(m.issues);
    assert_true(m.payloads[0].critical);
    assert_int_equal(m.payloads[0].reserved, 5);
    EXPECT_NO_PROBLEMS(m.payloads[0].issues);  // a known payload with C set is fine
}

Bytes many_tiny_payloads(size_t n) {
    Bytes c;
    for (size_t i = 0; i < n; i++) c.u8(i + 1 < n ? pt::kNonce : 0).u8(0).u16(4);
    return unit::ike_header(pt::kNonce, 37, 0x08, 1, c.size()).add(c);
}

void test_chain_exactly_the_limit(void**) {
    Bytes b = many_tiny_payloads(kMaxPayloadsPerMessage);
    Message m = parse_message(b.view());
    EXPECT_NO_PROBLEMS(m.issues);
    assert_int_equal(m.payloads.size(), kMaxPayloadsPerMessage);
}

void test_chain_too_many_payloads(void**) {
    // More payloads than the parser's bound: it stops at the bound and says why.
    Bytes b = many_tiny_payloads(kMaxPayloadsPerMessage + 100);
    Message m = parse_message(b.view());
    assert_true(m.payloads.size() <= kMaxPayloadsPerMessage);
    assert_true(m.payloads.size() >= kMaxPayloadsPerMessage - 1);
    const Issue* i = unit::find_problem(m.issues, Problem::TooManyItems);
    if (!i) {
        std::fprintf(stderr, "issues:");
        for (const Issue& x : m.issues) std::fprintf(stderr, " [%s]", problem_text(x.code));
        std::fprintf(stderr, "\n");
    }
    assert_non_null(i);
    // The data left over is not mis-reported as trailing garbage after a last payload.
    assert_false(unit::has_problem(m.issues, Problem::TrailingData));
    EXPECT_SPANS_INSIDE_MESSAGE(m, b.size());
}

void test_chain_sk_ends_outer_chain(void**) {
    // Nonce, then SK whose Next Payload (IDi) names the first encrypted payload.
    Bytes c = unit::payload(pt::kSK, nonce_body());          // Nonce at 28, next SK
    c.add(unit::payload(pt::kIDi, Bytes().fill(24, 0xab)));  // SK at 48, next IDi
    Bytes b = unit::ike_header(pt::kNonce, 35, 0x08, 1, c.size()).add(c);

    Message m = parse_message(b.view());
    EXPECT_NO_PROBLEMS(m.issues);
    assert_int_equal(m.payloads.size(), 2);
    assert_int_equal(m.payloads[1].type, pt::kSK);
    assert_int_equal(m.payloads[1].next_payload, pt::kIDi);
    EXPECT_SPAN(std::get<SkBody>(m.payloads[1].content).encrypted, 52, 24);
    assert_string_equal(payloads_summary(m.payloads, m.header.response()).c_str(), "Ni SK");

    // Octets after the SK payload are trailing data, not a payload named by SK.
    Bytes t = b;
    t.fill(6, 0x00);
    t.put32(24, static_cast<unsigned long>(t.size()));
    m = parse_message(t.view());
    EXPECT_PROBLEMS(m.issues, Problem::TrailingData);
    EXPECT_SPAN(m.issues[0].where, 76, 6);
    assert_int_equal(m.payloads.size(), 2);
}

void test_chain_skf_ends_outer_chain(void**) {
    Bytes skf;
    skf.u16(1).u16(3).fill(32, 0xcd);
    Bytes b = unit::message({{pt::kSKF, skf}}, 35, 0x08, 1);
    b.b[28] = pt::kIDi;  // first inner payload
    Message m = parse_message(b.view());
    EXPECT_NO_PROBLEMS(m.issues);
    assert_int_equal(m.payloads.size(), 1);
    assert_string_equal(payloads_summary(m.payloads, m.header.response()).c_str(), "SKF(1/3)");
}

// The summary with the decrypted chain, and the mark of plaintext whose ICV failed.
void test_summary_with_decrypted_chain(void**) {
    const Bytes inner_bytes = unit::chain({{pt::kIDi, Bytes{2, 0, 0, 0, 'a', '.', 'b'}},
                                           {pt::kAUTH, Bytes().u8(2).fill(3, 0).fill(32, 0x44)}});
    std::vector<Payload> inner;
    Issues issues;
    parse_payload_chain(inner_bytes.view(), pt::kIDi, inner, issues);
    EXPECT_NO_PROBLEMS(issues);

    Bytes sk = unit::message({{pt::kNotify, Bytes().u8(0).u8(0).u16(16384)}, {pt::kSK, Bytes().fill(32, 0xab)}});
    Message m = parse_message(sk.view());
    assert_string_equal(payloads_summary(m.payloads, nullptr, false, m.header.response()).c_str(), "N(INITIAL_CONTACT) SK");
    assert_string_equal(payloads_summary(m.payloads, &inner, false, m.header.response()).c_str(), "N(INITIAL_CONTACT) SK {IDi AUTH}");
    assert_string_equal(payloads_summary(m.payloads, &inner, true, m.header.response()).c_str(),
                        "N(INITIAL_CONTACT) SK(unauthenticated) {IDi AUTH}");
    // Decrypted but not parsed (a Pad Length that does not fit): the mark alone.
    assert_string_equal(payloads_summary(m.payloads, nullptr, true, m.header.response()).c_str(), "N(INITIAL_CONTACT) SK(unauthenticated)");
    const std::vector<Payload> none;
    assert_string_equal(payloads_summary(m.payloads, &none, true, m.header.response()).c_str(), "N(INITIAL_CONTACT) SK(unauthenticated) {}");

    Bytes skf;
    skf.u16(2).u16(2).fill(32, 0xcd);
    m = parse_message(unit::message({{pt::kSKF, skf}}, 35, 0x08, 1).view());
    assert_string_equal(payloads_summary(m.payloads, nullptr, true, m.header.response()).c_str(), "SKF(2/2,unauthenticated)");
    assert_string_equal(payloads_summary(m.payloads, &inner, true, m.header.response()).c_str(), "SKF(2/2,unauthenticated) {IDi AUTH}");
    assert_string_equal(payloads_summary(m.payloads, &inner, false, m.header.response()).c_str(), "SKF(2/2) {IDi AUTH}");

    // Only an encrypted last payload carries the mark.
    m = parse_message(unit::message({{pt::kNonce, Bytes().fill(16, 1)}}).view());
    assert_string_equal(payloads_summary(m.payloads, nullptr, true, m.header.response()).c_str(), "Ni");
}

void test_parse_payload_chain_appends(void**) {
    // A decrypted SK plaintext at offset 100 of some buffer: IDi then AUTH.
    Bytes plain = unit::chain({{pt::kIDi, Bytes{2, 0, 0, 0, 'a', '.', 'b'}},
                               {pt::kAUTH, Bytes().u8(2).fill(3, 0).fill(32, 0x44)}});
    std::vector<Payload> out(1);  // already holds one payload
    Issues issues;
    parse_payload_chain(plain.view(100), pt::kIDi, out, issues);
    EXPECT_NO_PROBLEMS(issues);
    assert_int_equal(out.size(), 3);
    assert_int_equal(out[1].type, pt::kIDi);
    EXPECT_SPAN(out[1].span, 100, 11);
    assert_string_equal(std::get<IdBody>(out[1].content).text.c_str(), "a.b");
    assert_int_equal(out[2].type, pt::kAUTH);
    EXPECT_SPAN(std::get<AuthBody>(out[2].content).data, 119, 32);

    // An empty chain with "no next payload" is fine; with a type it is truncated.
    std::vector<Payload> none;
    Issues i2;
    parse_payload_chain(ByteView(), 0, none, i2);
    EXPECT_NO_PROBLEMS(i2);
    assert_int_equal(none.size(), 0);
    parse_payload_chain(ByteView(), pt::kSA, none, i2);
    EXPECT_PROBLEMS(i2, Problem::NextPayloadMissing);
    assert_int_equal(i2[0].value, pt::kSA);
}

// ---- Hostile input: mutated real messages ------------------------------------------

// Flip, overwrite and cut the real packets (fixed seed): the parser must terminate, keep
// every span inside the buffer and never claim more payloads than its bound.
void test_mutated_messages_stay_in_bounds(void**) {
    std::mt19937 rng(7296u);
    const ByteView sources[] = {frame1(), frame2(), frame3_ike()};
    size_t with_problems = 0;
    for (int iter = 0; iter < 30000; iter++) {
        ByteView src = sources[iter % 3];
        Bytes b = unit::from_array(src.data, src.size);
        int edits = 1 + static_cast<int>(rng() % 8);
        for (int e = 0; e < edits; e++) {
            size_t at = rng() % b.size();
            switch (rng() % 4) {
            case 0: b.b[at] = static_cast<uint8_t>(rng()); break;
            case 1: b.b[at] ^= static_cast<uint8_t>(1u << (rng() % 8)); break;
            case 2: b.b[at] = 0; break;
            default: b.b[at] = 0xff; break;
            }
        }
        if (rng() % 4 == 0) b.b.resize(rng() % (b.size() + 1));
        Message m = parse_message(b.view());
        unit::SpanCheck sc{b.size()};
        unit::check_issue_spans(m.issues, sc);
        unit::check_payload_spans(m.payloads, sc);
        assert_int_equal(sc.bad, 0);
        assert_true(m.payloads.size() <= kMaxPayloadsPerMessage);
        bool any = !m.issues.empty();
        for (const Payload& p : m.payloads) any = any || !p.issues.empty();
        if (any) with_problems++;
    }
    // Mutations are noticed often (not a tautology: the unmutated frames have none).
    assert_true(with_problems > 10000);
}

// ---- Summaries ----------------------------------------------------------------------

void test_header_summary_forms(void**) {
    Header h;
    h.exchange = 37;
    h.message_id = 2;
    h.flags = Header::kFlagResponse;
    assert_string_equal(header_summary(h).c_str(), "INFORMATIONAL MID=2 Responder Response");
    h.exchange = 36;
    h.flags = Header::kFlagInitiator;
    h.message_id = 4294967295u;
    assert_string_equal(header_summary(h).c_str(), "CREATE_CHILD_SA MID=4294967295 Initiator Request");
    h.exchange = 0;
    h.message_id = 0;
    assert_string_equal(header_summary(h).c_str(), "EXCHANGE(0) MID=0 Initiator Request");
    h.exchange = 200;
    assert_string_equal(header_summary(h).c_str(), "EXCHANGE(200) MID=0 Initiator Request");
    h.exchange = 250;
    assert_string_equal(header_summary(h).c_str(), "EXCHANGE(250) MID=0 Initiator Request");
}

void test_payload_labels(void**) {
    Bytes b = unit::message({{pt::kSA, Bytes()},
                             {pt::kIDi, Bytes{11, 0, 0, 0, 1}},
                             {pt::kNotify, Bytes().u8(0).u8(0).u16(16390).fill(8, 1)},
                             {pt::kNotify, Bytes().u8(0).u8(0).u16(14)},
                             {pt::kDelete, Bytes{1, 0, 0, 0}},
                             {pt::kVendorId, Bytes{1}},
                             {pt::kTSi, Bytes{0, 0, 0, 0}},
                             {pt::kCP, Bytes{1, 0, 0, 0}},
                             {pt::kEAP, Bytes{1, 1, 0, 4}}});
    Message m = parse_message(b.view());
    EXPECT_NO_PROBLEMS(m.issues);
    assert_string_equal(payloads_summary(m.payloads, m.header.response()).c_str(),
                        "SA IDi N(COOKIE) N(NO_PROPOSAL_CHOSEN) D VID TSi CP EAP");
    assert_string_equal(payload_label(m.payloads[2], m.header.response()).c_str(), "N(COOKIE)");
}

void test_notify_label_unassigned_type(void**) {
    // A Notify type without an assignment keeps its number in the label, as an
    // unassigned exchange type does in header_summary ("EXCHANGE(200)").
    for (unsigned type : {30000u, 8500u, 45000u}) {
        Bytes b = unit::message({{pt::kNotify, Bytes().u8(0).u8(0).u16(type)}});
        Message m = parse_message(b.view());
        std::string label = payload_label(m.payloads.at(0), m.header.response());
        if (label.find(std::to_string(type)) == std::string::npos)
            std::fprintf(stderr, "type %u labelled \"%s\"\n", type, label.c_str());
        assert_true(label.find(std::to_string(type)) != std::string::npos);
    }
    // Assigned ones keep their name.
    Bytes b = unit::message({{pt::kNotify, Bytes().u8(0).u8(0).u16(16384)}});
    assert_string_equal(payload_label(parse_message(b.view()).payloads.at(0), false).c_str(), "N(INITIAL_CONTACT)");
}

}  // namespace

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_real_ike_sa_init_request),
        cmocka_unit_test(test_real_ike_sa_init_response),
        cmocka_unit_test(test_real_ike_auth_sk_ends_chain),
        cmocka_unit_test(test_header_truncated),
        cmocka_unit_test(test_header_ikev1_version),
        cmocka_unit_test(test_header_minor_version),
        cmocka_unit_test(test_header_reserved_flags),
        cmocka_unit_test(test_header_length_larger_than_data),
        cmocka_unit_test(test_header_length_smaller_than_data),
        cmocka_unit_test(test_chain_zero_length_payload_stops),
        cmocka_unit_test(test_chain_length_beyond_data),
        cmocka_unit_test(test_chain_trailing_data),
        cmocka_unit_test(test_chain_header_truncated),
        cmocka_unit_test(test_chain_unknown_last_names_next),
        cmocka_unit_test(test_chain_unknown_payloads),
        cmocka_unit_test(test_chain_critical_bit_and_reserved_on_known),
        cmocka_unit_test(test_chain_exactly_the_limit),
        cmocka_unit_test(test_chain_too_many_payloads),
        cmocka_unit_test(test_chain_sk_ends_outer_chain),
        cmocka_unit_test(test_chain_skf_ends_outer_chain),
        cmocka_unit_test(test_parse_payload_chain_appends),
        cmocka_unit_test(test_mutated_messages_stay_in_bounds),
        cmocka_unit_test(test_header_summary_forms),
        cmocka_unit_test(test_payload_labels),
        cmocka_unit_test(test_summary_with_decrypted_chain),
        cmocka_unit_test(test_notify_label_unassigned_type),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
