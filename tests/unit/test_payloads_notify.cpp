// Notify (RFC 7296 3.10 and the RFCs of each decoded type) and Delete (3.11) bodies.
#include "unit_common.hpp"

#include "iana.hpp"
#include "summary.hpp"

using namespace ikev2;
using unit::Bytes;

namespace {

namespace pt = ikev2::iana::payload;
using Kind = NotifyData::Kind;

// Notify type numbers, as the IANA registry assigns them.
enum : uint16_t {
    kInvalidMessageId = 9,
    kInvalidSpi = 11,
    kNoProposalChosen = 14,
    kInvalidKePayload = 17,
    kInitialContact = 16384,
    kSetWindowSize = 16385,
    kIpcompSupported = 16387,
    kNatDetectionSourceIp = 16388,
    kNatDetectionDestinationIp = 16389,
    kCookie = 16390,
    kUseTransportMode = 16391,
    kRekeySa = 16393,
    kAuthLifetime = 16403,
    kRedirectSupported = 16406,
    kRedirect = 16407,          // RFC 5685 section 10
    kRedirectedFrom = 16408,    // RFC 5685 section 10
    kSecurePasswordMethods = 16424,
    kSignatureHashAlgorithms = 16431,
    kTicketLtOpaque = 16409,    // RFC 5723 4.3.2
    kRohcSupported = 16416,     // RFC 5857 3.1
    kMessageIdSync = 16422,     // RFC 6311 4.1
    // 3GPP private status types, TS 24.302 8.1.2.3.
    kBackoffTimer = 41041,
    kDeviceIdentity = 41101,
    kEmergencyCallNumbers = 41134,
};

// Protocol(1) SPI Size(1) Type(2) SPI Data; parsed at offset 32 of the buffer.
Bytes notify(uint8_t protocol, uint16_t type, const Bytes& spi, const Bytes& data) {
    return Bytes().u8(protocol).u8(static_cast<unsigned>(spi.size())).u16(type).add(spi).add(data);
}

const NotifyBody& parse_n(const Bytes& body, unit::Parsed& r) {
    r = unit::parse_body(pt::kNotify, body);
    return unit::body_as<NotifyBody>(r);
}

#define EXPECT_KIND(n, k) assert_int_equal(static_cast<int>((n).decoded.kind), static_cast<int>(k))

// ---- Decoded kinds ------------------------------------------------------------------

void test_invalid_ke_payload(void**) {
    unit::Parsed r;
    const NotifyBody n = parse_n(notify(0, kInvalidKePayload, Bytes(), Bytes().u16(19)), r);
    EXPECT_NO_PROBLEMS(r.issues);
    assert_int_equal(n.protocol, 0);
    assert_int_equal(n.spi_size, 0);
    assert_int_equal(n.type, 17);
    EXPECT_KIND(n, Kind::Group);
    assert_int_equal(n.decoded.value, 19);
    EXPECT_SPAN(n.decoded.value_span, 36, 2);
    EXPECT_SPAN(n.data, 36, 2);
    Message m = unit::parse_in_message(pt::kNotify, notify(0, kInvalidKePayload, Bytes(), Bytes().u16(19)));
    assert_string_equal(payloads_summary(m.payloads, m.header.response()).c_str(), "N(INVALID_KE_PAYLOAD)");

    unit::Parsed r3;
    const NotifyBody n3 = parse_n(notify(0, kInvalidKePayload, Bytes(), Bytes{0, 19, 0}), r3);
    EXPECT_PROBLEMS(r3.issues, Problem::ExtraBytesInPayload);
    EXPECT_SPAN(r3.issues[0].where, 36, 3);
    EXPECT_KIND(n3, Kind::Opaque);
    unit::Parsed r1;
    const NotifyBody n1 = parse_n(notify(0, kInvalidKePayload, Bytes(), Bytes{19}), r1);
    EXPECT_PROBLEMS(r1.issues, Problem::PayloadTooShort);
    EXPECT_KIND(n1, Kind::Opaque);
}

void test_nat_detection(void**) {
    for (uint16_t type : {kNatDetectionSourceIp, kNatDetectionDestinationIp}) {
        unit::Parsed r;
        const NotifyBody n = parse_n(notify(0, type, Bytes(), Bytes().fill(20, 0xd1)), r);
        EXPECT_NO_PROBLEMS(r.issues);
        EXPECT_KIND(n, Kind::Hash);
        EXPECT_SPAN(n.decoded.value_span, 36, 20);

        unit::Parsed r19;
        const NotifyBody n19 = parse_n(notify(0, type, Bytes(), Bytes().fill(19, 0xd1)), r19);
        EXPECT_PROBLEMS(r19.issues, Problem::PayloadTooShort);
        EXPECT_KIND(n19, Kind::Opaque);
        unit::Parsed r21;
        parse_n(notify(0, type, Bytes(), Bytes().fill(21, 0xd1)), r21);
        EXPECT_PROBLEMS(r21.issues, Problem::ExtraBytesInPayload);
    }
}

void test_u32_values(void**) {
    unit::Parsed r;
    const NotifyBody w = parse_n(notify(0, kSetWindowSize, Bytes(), Bytes().u32(10)), r);
    EXPECT_NO_PROBLEMS(r.issues);
    EXPECT_KIND(w, Kind::U32);
    assert_int_equal(w.decoded.value, 10);
    unit::Parsed r2;
    const NotifyBody l = parse_n(notify(0, kAuthLifetime, Bytes(), Bytes().u32(86400)), r2);
    EXPECT_KIND(l, Kind::U32);
    assert_int_equal(l.decoded.value, 86400);
    unit::Parsed r3;
    const NotifyBody mid = parse_n(notify(0, kInvalidMessageId, Bytes(), Bytes().u32(0xfffffffe)), r3);
    EXPECT_KIND(mid, Kind::U32);
    assert_int_equal(mid.decoded.value, 0xfffffffe);
    unit::Parsed r4;
    parse_n(notify(0, kSetWindowSize, Bytes(), Bytes{0, 0, 10}), r4);
    EXPECT_PROBLEMS(r4.issues, Problem::PayloadTooShort);
}

void test_signature_hash_algorithms(void**) {
    unit::Parsed r;
    const NotifyBody n =
        parse_n(notify(0, kSignatureHashAlgorithms, Bytes(), Bytes().u16(2).u16(3).u16(4).u16(5)), r);
    EXPECT_NO_PROBLEMS(r.issues);
    EXPECT_KIND(n, Kind::HashList);
    assert_int_equal(n.decoded.list.size(), 4);
    assert_int_equal(n.decoded.list[0], 2);
    assert_int_equal(n.decoded.list[3], 5);
    assert_int_equal(n.decoded.list_spans.size(), 4);
    EXPECT_SPAN(n.decoded.list_spans[0], 36, 2);
    EXPECT_SPAN(n.decoded.list_spans[3], 42, 2);
    EXPECT_SPAN(n.decoded.value_span, 36, 8);

    // Odd length: the last octet is extra.
    unit::Parsed r2;
    const NotifyBody odd = parse_n(notify(0, kSignatureHashAlgorithms, Bytes(), Bytes{0, 2, 0, 3, 0}), r2);
    EXPECT_PROBLEMS(r2.issues, Problem::ExtraBytesInPayload);
    EXPECT_SPAN(r2.issues[0].where, 40, 1);
    assert_int_equal(odd.decoded.list.size(), 2);

    unit::Parsed r3;
    const NotifyBody pw = parse_n(notify(0, kSecurePasswordMethods, Bytes(), Bytes().u16(1).u16(2)), r3);
    EXPECT_KIND(pw, Kind::U16List);
    assert_int_equal(pw.decoded.list.size(), 2);
}

void test_signature_hash_algorithms_bounded(void**) {
    Bytes data;
    for (size_t i = 0; i < kMaxItemsPerPayload + 10; i++) data.u16(2);
    unit::Parsed r;
    const NotifyBody n = parse_n(notify(0, kSignatureHashAlgorithms, Bytes(), data), r);
    assert_int_equal(n.decoded.list.size(), kMaxItemsPerPayload);
    assert_int_equal(n.decoded.list_spans.size(), kMaxItemsPerPayload);
    // What was not listed is reported as the parser's limit, as the other lists do.
    assert_true(unit::has_problem(r.issues, Problem::TooManyItems));
}

void test_redirect_ipv4_with_nonce(void**) {
    // RFC 5685 5 / 8: REDIRECT in an IKE_SA_INIT response carries the GW identity and the
    // initiator's nonce.
    Bytes data = Bytes().u8(1).u8(4).raw({192, 0, 2, 7}).fill(32, 0x4e);
    unit::Parsed r;
    const NotifyBody n = parse_n(notify(0, kRedirect, Bytes(), data), r);
    EXPECT_NO_PROBLEMS(r.issues);
    EXPECT_KIND(n, Kind::Gateway);
    assert_int_equal(n.decoded.gw_type, 1);
    EXPECT_SPAN(n.decoded.gw_identity, 38, 4);
    assert_string_equal(n.decoded.gw_text.c_str(), "192.0.2.7");
    EXPECT_SPAN(n.decoded.gw_nonce, 42, 32);
    Message m = unit::parse_in_message(pt::kNotify, notify(0, kRedirect, Bytes(), data));
    assert_string_equal(payloads_summary(m.payloads, m.header.response()).c_str(), "N(REDIRECT)");
}

void test_redirect_ipv6_and_fqdn(void**) {
    // REDIRECT in IKE_AUTH or INFORMATIONAL: no nonce.
    Bytes v6 = Bytes().u8(2).u8(16).hex("20010db8000000000000000000000005");
    unit::Parsed r;
    const NotifyBody n6 = parse_n(notify(0, kRedirect, Bytes(), v6), r);
    EXPECT_NO_PROBLEMS(r.issues);
    EXPECT_KIND(n6, Kind::Gateway);
    assert_int_equal(n6.decoded.gw_type, 2);
    assert_string_equal(n6.decoded.gw_text.c_str(), "2001:db8::5");
    assert_true(n6.decoded.gw_nonce.empty());

    Bytes fqdn = Bytes().u8(3).u8(16).str("vpn2.example.org");
    unit::Parsed r2;
    const NotifyBody nf = parse_n(notify(0, kRedirect, Bytes(), fqdn), r2);
    EXPECT_NO_PROBLEMS(r2.issues);
    assert_int_equal(nf.decoded.gw_type, 3);
    assert_string_equal(nf.decoded.gw_text.c_str(), "vpn2.example.org");
    EXPECT_SPAN(nf.decoded.gw_identity, 38, 16);
}

void test_redirected_from(void**) {
    // RFC 5685 6: REDIRECTED_FROM carries the original gateway's identity only.
    Bytes data = Bytes().u8(1).u8(4).raw({198, 51, 100, 1});
    unit::Parsed r;
    const NotifyBody n = parse_n(notify(0, kRedirectedFrom, Bytes(), data), r);
    EXPECT_NO_PROBLEMS(r.issues);
    EXPECT_KIND(n, Kind::Gateway);
    assert_string_equal(n.decoded.gw_text.c_str(), "198.51.100.1");
    assert_true(n.decoded.gw_nonce.empty());
    // Anything after the identity is extra.
    unit::Parsed r2;
    const NotifyBody x = parse_n(notify(0, kRedirectedFrom, Bytes(), Bytes(data).fill(8, 0)), r2);
    EXPECT_PROBLEMS(r2.issues, Problem::ExtraBytesInPayload);
    EXPECT_SPAN(r2.issues[0].where, 42, 8);
    assert_true(x.decoded.gw_nonce.empty());
}

void test_redirect_malformed(void**) {
    // GW identity length past the data.
    unit::Parsed r;
    const NotifyBody n = parse_n(notify(0, kRedirect, Bytes(), Bytes{1, 10, 192, 0, 2, 7}), r);
    EXPECT_PROBLEMS(r.issues, Problem::PayloadTooShort);
    EXPECT_KIND(n, Kind::Opaque);
    // Only the type octet.
    unit::Parsed r1;
    parse_n(notify(0, kRedirectedFrom, Bytes(), Bytes{1}), r1);
    EXPECT_PROBLEMS(r1.issues, Problem::PayloadTooShort);
    // IPv4 gateway with 5 octets, IPv6 gateway with 4.
    unit::Parsed r5;
    const NotifyBody n5 = parse_n(notify(0, kRedirectedFrom, Bytes(), Bytes{1, 5, 1, 2, 3, 4, 5}), r5);
    EXPECT_PROBLEMS(r5.issues, Problem::BadAddressLength);
    EXPECT_SPAN(r5.issues[0].where, 38, 5);
    assert_string_equal(n5.decoded.gw_text.c_str(), "");
    unit::Parsed r4;
    parse_n(notify(0, kRedirectedFrom, Bytes(), Bytes{2, 4, 1, 2, 3, 4}), r4);
    EXPECT_PROBLEMS(r4.issues, Problem::BadAddressLength);
}

void test_ipcomp_supported(void**) {
    unit::Parsed r;
    const NotifyBody n = parse_n(notify(0, kIpcompSupported, Bytes(), Bytes{0x12, 0x34, 2}), r);
    EXPECT_NO_PROBLEMS(r.issues);
    EXPECT_KIND(n, Kind::Ipcomp);
    assert_int_equal(n.decoded.cpi, 0x1234);
    assert_int_equal(n.decoded.value, 2);  // IPCOMP_DEFLATE
    EXPECT_SPAN(n.decoded.value_span, 36, 3);
    unit::Parsed r2;
    const NotifyBody s = parse_n(notify(0, kIpcompSupported, Bytes(), Bytes{0x12, 0x34}), r2);
    EXPECT_PROBLEMS(r2.issues, Problem::PayloadTooShort);
    EXPECT_KIND(s, Kind::Opaque);
    unit::Parsed r4;
    const NotifyBody l = parse_n(notify(0, kIpcompSupported, Bytes(), Bytes{0x12, 0x34, 2, 9}), r4);
    EXPECT_PROBLEMS(r4.issues, Problem::ExtraBytesInPayload);
    EXPECT_SPAN(r4.issues[0].where, 39, 1);
    EXPECT_KIND(l, Kind::Ipcomp);
}

void test_invalid_spi(void**) {
    // RFC 7296 3.10.1: the SPI is in the notification data, the SPI field is empty.
    unit::Parsed r;
    const NotifyBody n = parse_n(notify(3, kInvalidSpi, Bytes(), Bytes().u32(0xc0ffee01)), r);
    EXPECT_NO_PROBLEMS(r.issues);
    assert_int_equal(n.protocol, 3);
    EXPECT_KIND(n, Kind::Spi);
    assert_int_equal(n.decoded.value, 0xc0ffee01);
    EXPECT_SPAN(n.decoded.value_span, 36, 4);
}

void test_cookie_opaque(void**) {
    unit::Parsed r;
    const NotifyBody n = parse_n(notify(0, kCookie, Bytes(), Bytes().fill(16, 0xc0)), r);
    EXPECT_NO_PROBLEMS(r.issues);
    EXPECT_KIND(n, Kind::Opaque);
    EXPECT_SPAN(n.decoded.value_span, 36, 16);
    EXPECT_SPAN(n.data, 36, 16);
}

void test_rekey_sa_spi(void**) {
    unit::Parsed r;
    const NotifyBody n = parse_n(notify(3, kRekeySa, Bytes().u32(0xa4e0b840), Bytes()), r);
    EXPECT_NO_PROBLEMS(r.issues);
    assert_int_equal(n.protocol, 3);
    assert_int_equal(n.spi_size, 4);
    EXPECT_SPAN(n.spi, 36, 4);
    assert_true(n.spi_value == 0xa4e0b840u);
    assert_int_equal(n.data.len, 0);
    EXPECT_KIND(n, Kind::None);

    // An 8-octet IKE SPI.
    unit::Parsed r8;
    const NotifyBody n8 = parse_n(notify(1, kRekeySa, Bytes().u64(0x10ad0e39ffbb8a93ULL), Bytes()), r8);
    EXPECT_NO_PROBLEMS(r8.issues);
    assert_true(n8.spi_value == 0x10ad0e39ffbb8a93ULL);
    EXPECT_SPAN(n8.spi, 36, 8);
}

void test_no_data_types(void**) {
    for (uint16_t type : {kInitialContact, kUseTransportMode, kRedirectSupported, kNoProposalChosen,
                          kInvalidKePayload, kNatDetectionSourceIp}) {
        unit::Parsed r;
        const NotifyBody n = parse_n(notify(0, type, Bytes(), Bytes()), r);
        EXPECT_NO_PROBLEMS(r.issues);
        assert_int_equal(n.type, type);
        EXPECT_KIND(n, Kind::None);
        assert_int_equal(n.data.len, 0);
    }
    Message m = unit::parse_in_message(pt::kNotify, notify(0, kInitialContact, Bytes(), Bytes()));
    assert_string_equal(payloads_summary(m.payloads, m.header.response()).c_str(), "N(INITIAL_CONTACT)");
}

void test_notify_truncated(void**) {
    for (size_t n = 0; n < 4; n++) {
        Bytes body = notify(0, kCookie, Bytes(), Bytes());
        body.b.resize(n);
        unit::Parsed r = unit::parse_body(pt::kNotify, body);
        EXPECT_PROBLEMS(r.issues, Problem::PayloadTooShort);
        EXPECT_SPAN(r.issues[0].where, 32, static_cast<uint32_t>(n));
    }
    // SPI size 4 with 2 octets left.
    Bytes body = notify(3, kRekeySa, Bytes(), Bytes{0xa4, 0xe0});
    body.b[1] = 4;
    unit::Parsed r;
    const NotifyBody n = parse_n(body, r);
    EXPECT_PROBLEMS(r.issues, Problem::BadSubstructureLength);
    EXPECT_SPAN(r.issues[0].where, 33, 1);
    assert_true(n.spi_value == 0);
    // Through a message: every span inside it.
    Bytes msg = unit::message({{pt::kNotify, body}});
    Message m = parse_message(msg.view());
    EXPECT_PROBLEMS(m.payloads[0].issues, Problem::BadSubstructureLength);
    EXPECT_SPANS_INSIDE_MESSAGE(m, msg.size());
}

// ---- Delete -------------------------------------------------------------------------

Bytes del(uint8_t protocol, uint8_t spi_size, uint16_t count, const Bytes& spis) {
    return Bytes().u8(protocol).u8(spi_size).u16(count).add(spis);
}

void test_delete_ike(void**) {
    unit::Parsed r = unit::parse_body(pt::kDelete, del(1, 0, 0, Bytes()));
    EXPECT_NO_PROBLEMS(r.issues);
    const DeleteBody& d = unit::body_as<DeleteBody>(r);
    assert_int_equal(d.protocol, 1);
    assert_int_equal(d.spi_size, 0);
    assert_int_equal(d.num_spis, 0);
    assert_int_equal(d.spis.size(), 0);
    Message m = unit::parse_in_message(pt::kDelete, del(1, 0, 0, Bytes()));
    assert_string_equal(payloads_summary(m.payloads, m.header.response()).c_str(), "D");

    // An IKE delete announcing SPIs, or carrying octets.
    r = unit::parse_body(pt::kDelete, del(1, 0, 1, Bytes()));
    EXPECT_PROBLEMS(r.issues, Problem::SubstructureCountMismatch);
    EXPECT_SPAN(r.issues[0].where, 34, 2);
    r = unit::parse_body(pt::kDelete, del(1, 0, 0, Bytes{1, 2, 3}));
    EXPECT_PROBLEMS(r.issues, Problem::ExtraBytesInPayload);
    EXPECT_SPAN(r.issues[0].where, 36, 3);
}

void test_delete_esp_several(void**) {
    Bytes spis = Bytes().u32(0xa4e0b840).u32(0xf3632838).u32(0x00000101);
    unit::Parsed r = unit::parse_body(pt::kDelete, del(3, 4, 3, spis));
    EXPECT_NO_PROBLEMS(r.issues);
    const DeleteBody& d = unit::body_as<DeleteBody>(r);
    assert_int_equal(d.protocol, 3);
    assert_int_equal(d.spi_size, 4);
    assert_int_equal(d.num_spis, 3);
    assert_int_equal(d.spis.size(), 3);
    EXPECT_SPAN(d.spis[0], 36, 4);
    EXPECT_SPAN(d.spis[1], 40, 4);
    EXPECT_SPAN(d.spis[2], 44, 4);
    unit::parse_in_message(pt::kDelete, del(3, 4, 3, spis));
}

void test_delete_count_mismatch(void**) {
    // Says 3, carries 2.
    unit::Parsed r = unit::parse_body(pt::kDelete, del(3, 4, 3, Bytes().u32(1).u32(2)));
    EXPECT_PROBLEMS(r.issues, Problem::SubstructureCountMismatch);
    EXPECT_SPAN(r.issues[0].where, 34, 2);
    assert_int_equal(unit::body_as<DeleteBody>(r).spis.size(), 2);
    // Says 1, carries 2: the second is extra.
    r = unit::parse_body(pt::kDelete, del(3, 4, 1, Bytes().u32(1).u32(2)));
    EXPECT_PROBLEMS(r.issues, Problem::ExtraBytesInPayload);
    EXPECT_SPAN(r.issues[0].where, 40, 4);
    assert_int_equal(unit::body_as<DeleteBody>(r).spis.size(), 1);
    // Says 2, carries 1.5.
    r = unit::parse_body(pt::kDelete, del(3, 4, 2, Bytes().u32(1).u16(2)));
    EXPECT_PROBLEMS(r.issues, Problem::SubstructureCountMismatch, Problem::ExtraBytesInPayload);
    EXPECT_SPAN(unit::find_problem(r.issues, Problem::ExtraBytesInPayload)->where, 40, 2);
    // A huge count with no SPIs allocates nothing.
    r = unit::parse_body(pt::kDelete, del(3, 4, 65535, Bytes()));
    EXPECT_PROBLEMS(r.issues, Problem::SubstructureCountMismatch);
    assert_int_equal(unit::body_as<DeleteBody>(r).spis.size(), 0);
}

void test_delete_too_many_spis(void**) {
    // 5000 ESP SPIs (20000 octets, a legal payload size): the list is bounded like every
    // other list the parser builds.
    Bytes spis;
    for (unsigned i = 0; i < 5000; i++) spis.u32(0x10000 + i);
    unit::Parsed r = unit::parse_body(pt::kDelete, del(3, 4, 5000, spis));
    assert_true(unit::body_as<DeleteBody>(r).spis.size() <= kMaxItemsPerPayload);
    assert_true(unit::has_problem(r.issues, Problem::TooManyItems));
}

void test_delete_truncated(void**) {
    for (size_t n = 0; n < 4; n++) {
        Bytes body = del(3, 4, 1, Bytes());
        body.b.resize(n);
        unit::Parsed r = unit::parse_body(pt::kDelete, body);
        EXPECT_PROBLEMS(r.issues, Problem::PayloadTooShort);
    }
}


// ---- 3GPP TS 24.302 8.2.9 ------------------------------------------------------------

// 8.2.9.2: Identity Length(2) Identity Type(1) BCD digits, low nibble first, F filler.
void test_device_identity_imei(void**) {
    const Bytes data{0x00, 0x09, 0x01, 0x94, 0x10, 0x45, 0x02, 0x23, 0x73, 0x15, 0xf8};
    unit::Parsed r;
    const NotifyBody n = parse_n(notify(0, kDeviceIdentity, Bytes(), data), r);
    EXPECT_NO_PROBLEMS(r.issues);
    EXPECT_KIND(n, Kind::DeviceIdentity);
    assert_int_equal(n.decoded.length, 9);
    EXPECT_SPAN(n.decoded.length_span, 36, 2);
    assert_int_equal(n.decoded.value, 1);
    EXPECT_SPAN(n.decoded.type_span, 38, 1);
    assert_string_equal(n.decoded.text.c_str(), "490154203237518");
    EXPECT_SPAN(n.decoded.value_span, 39, 8);
    Message m = unit::parse_in_message(pt::kNotify, notify(0, kDeviceIdentity, Bytes(), data));
    assert_string_equal(payloads_summary(m.payloads, m.header.response()).c_str(), "N(DEVICE_IDENTITY)");
}

void test_device_identity_imeisv(void**) {
    // 16 digits, no filler; the spare bits above the type are not part of it.
    const Bytes data{0x00, 0x09, 0xfe, 0x53, 0x09, 0x91, 0x32, 0x51, 0x74, 0x86, 0x21};
    unit::Parsed r;
    const NotifyBody n = parse_n(notify(0, kDeviceIdentity, Bytes(), data), r);
    EXPECT_NO_PROBLEMS(r.issues);
    EXPECT_KIND(n, Kind::DeviceIdentity);
    assert_int_equal(n.decoded.value, 2);
    assert_string_equal(n.decoded.text.c_str(), "3590192315476812");
}

void test_device_identity_malformed(void**) {
    unit::Parsed r1;  // no room for the type
    const NotifyBody n1 = parse_n(notify(0, kDeviceIdentity, Bytes(), Bytes{0x00, 0x09}), r1);
    EXPECT_PROBLEMS(r1.issues, Problem::PayloadTooShort);
    EXPECT_KIND(n1, Kind::Opaque);
    unit::Parsed r2;  // the length says 9, 4 octets follow
    const NotifyBody n2 = parse_n(notify(0, kDeviceIdentity, Bytes(), Bytes{0x00, 0x09, 0x01, 0x21, 0x43, 0xf5}), r2);
    EXPECT_PROBLEMS(r2.issues, Problem::BadSubstructureLength);
    EXPECT_SPAN(r2.issues[0].where, 36, 2);
    assert_string_equal(n2.decoded.text.c_str(), "12345");
    unit::Parsed r3;  // a nibble that is no digit
    const NotifyBody n3 = parse_n(notify(0, kDeviceIdentity, Bytes(), Bytes{0x00, 0x03, 0x01, 0xa1, 0xf2}), r3);
    EXPECT_PROBLEMS(r3.issues, Problem::BadEncoding);
    assert_string_equal(n3.decoded.text.c_str(), "1?2");
    unit::Parsed r4;  // an identity type TS 24.302 does not define
    const NotifyBody n4 = parse_n(notify(0, kDeviceIdentity, Bytes(), Bytes{0x00, 0x02, 0x03, 0x21}), r4);
    EXPECT_PROBLEMS(r4.issues, Problem::BadEncoding);
    EXPECT_SPAN(r4.issues[0].where, 38, 1);
    assert_true(n4.decoded.text.empty());
}

// 8.2.9.1: Length(1) = 1, then a GPRS timer 3 octet (TS 24.008 10.5.7.4a).
void test_backoff_timer(void**) {
    struct Case { uint8_t octet; uint8_t unit; const char* text; };
    const Case cases[] = {
        {0x21, 1, "1 hour"}, {0x05, 0, "50 minutes"}, {0x45, 2, "50 hours"},
        {0x61, 3, "2 seconds"}, {0x82, 4, "60 seconds"}, {0xa1, 5, "1 minute"},
        {0xc1, 6, "320 hours"}, {0xe0, 7, "deactivated"}, {0x00, 0, "0 minutes"},
    };
    for (const Case& c : cases) {
        unit::Parsed r;
        const NotifyBody n = parse_n(notify(0, kBackoffTimer, Bytes(), Bytes{0x01, c.octet}), r);
        EXPECT_NO_PROBLEMS(r.issues);
        EXPECT_KIND(n, Kind::BackoffTimer);
        assert_int_equal(n.decoded.length, 1);
        EXPECT_SPAN(n.decoded.length_span, 36, 1);
        assert_int_equal(n.decoded.value, c.octet);
        assert_int_equal(n.decoded.value >> 5, c.unit);
        EXPECT_SPAN(n.decoded.value_span, 37, 1);
        assert_string_equal(n.decoded.text.c_str(), c.text);
    }
    Message m = unit::parse_in_message(pt::kNotify, notify(0, kBackoffTimer, Bytes(), Bytes{0x01, 0x21}));
    assert_string_equal(payloads_summary(m.payloads, m.header.response()).c_str(), "N(BACKOFF_TIMER)");
}

void test_backoff_timer_malformed(void**) {
    unit::Parsed r1;
    const NotifyBody n1 = parse_n(notify(0, kBackoffTimer, Bytes(), Bytes{0x01}), r1);
    EXPECT_PROBLEMS(r1.issues, Problem::PayloadTooShort);
    EXPECT_KIND(n1, Kind::Opaque);
    unit::Parsed r2;
    const NotifyBody n2 = parse_n(notify(0, kBackoffTimer, Bytes(), Bytes{0x02, 0x21, 0x00}), r2);
    EXPECT_PROBLEMS(r2.issues, Problem::BadSubstructureLength, Problem::ExtraBytesInPayload);
    EXPECT_SPAN(r2.issues[1].where, 38, 1);
    EXPECT_KIND(n2, Kind::BackoffTimer);
}

// 8.2.9.3: Length(1) of the list, then per number Length(1) Category(1) BCD digits.
void test_emergency_call_numbers(void**) {
    const Bytes data{0x08, 0x03, 0x01, 0x11, 0xf2, 0x03, 0x06, 0x19, 0xf1};
    unit::Parsed r;
    const NotifyBody n = parse_n(notify(0, kEmergencyCallNumbers, Bytes(), data), r);
    EXPECT_NO_PROBLEMS(r.issues);
    EXPECT_KIND(n, Kind::EmergencyNumbers);
    assert_int_equal(n.decoded.length, 8);
    EXPECT_SPAN(n.decoded.length_span, 36, 1);
    assert_int_equal(n.decoded.numbers.size(), 2);
    const EmergencyNumber& a = n.decoded.numbers[0];
    EXPECT_SPAN(a.span, 37, 4);
    assert_int_equal(a.length, 3);
    assert_int_equal(a.category, 0x01);  // police
    EXPECT_SPAN(a.digits_span, 39, 2);
    assert_string_equal(a.digits.c_str(), "112");
    const EmergencyNumber& b = n.decoded.numbers[1];
    EXPECT_SPAN(b.span, 41, 4);
    assert_int_equal(b.category, 0x06);  // ambulance, fire brigade
    assert_string_equal(b.digits.c_str(), "911");
    Message m = unit::parse_in_message(pt::kNotify, notify(0, kEmergencyCallNumbers, Bytes(), data));
    assert_string_equal(payloads_summary(m.payloads, m.header.response()).c_str(), "N(EMERGENCY_CALL_NUMBERS)");
}

void test_emergency_call_numbers_malformed(void**) {
    unit::Parsed r1;  // the second number's length runs past the data
    const NotifyBody n1 = parse_n(notify(0, kEmergencyCallNumbers, Bytes(),
                                         Bytes{0x08, 0x03, 0x01, 0x11, 0xf2, 0x05, 0x06, 0x19, 0xf1}), r1);
    EXPECT_PROBLEMS(r1.issues, Problem::BadSubstructureLength);
    EXPECT_SPAN(r1.issues[0].where, 41, 4);
    assert_int_equal(n1.decoded.numbers.size(), 1);
    unit::Parsed r2;  // a number of length 0 has no category octet
    const NotifyBody n2 = parse_n(notify(0, kEmergencyCallNumbers, Bytes(), Bytes{0x01, 0x00}), r2);
    EXPECT_PROBLEMS(r2.issues, Problem::BadSubstructureLength);
    assert_int_equal(n2.decoded.numbers.size(), 0);
    unit::Parsed r3;  // the list length disagrees with the octets present
    const NotifyBody n3 = parse_n(notify(0, kEmergencyCallNumbers, Bytes(), Bytes{0x09, 0x02, 0x01, 0x21}), r3);
    EXPECT_PROBLEMS(r3.issues, Problem::BadSubstructureLength);
    EXPECT_SPAN(r3.issues[0].where, 36, 1);
    assert_int_equal(n3.decoded.numbers.size(), 1);
    assert_string_equal(n3.decoded.numbers[0].digits.c_str(), "12");
}

void test_private_names(void**) {
    for (uint16_t t : {uint16_t{8000}, uint16_t{50000}}) {
        Message m = unit::parse_in_message(pt::kNotify, notify(0, t, Bytes(), Bytes()));
        assert_string_equal(payloads_summary(m.payloads, m.header.response()).c_str(),
                            ("N(" + std::to_string(t) + ")").c_str());
    }
    assert_string_equal(iana::name_of(iana::kNotifyTypes, 9000), "NON_3GPP_ACCESS_TO_EPC_NOT_ALLOWED");
    assert_string_equal(iana::name_of(iana::kNotifyTypes, 11005), "IMEI_NOT_ACCEPTED");
    assert_string_equal(iana::name_of(iana::kNotifyTypes, 41134), "EMERGENCY_CALL_NUMBERS");
    assert_string_equal(iana::name_of(iana::kNotifyTypes, 55507), "N3GPP_BACKOFF_TIMER");
    assert_string_equal(iana::name_of(iana::kNotifyTypes, 41135), "Private use");
}

// ---- RFC 5857, RFC 5723, RFC 6311 ----------------------------------------------------

void test_rohc_supported(void**) {
    // MAX_CID 15 (TV), ROHC_PROFILE in a TLV of 2 octets, ROHC_INTEG 12 (TV).
    const Bytes data{0x80, 0x01, 0x00, 0x0f, 0x00, 0x02, 0x00, 0x02, 0x00, 0x01, 0x80, 0x03, 0x00, 0x0c};
    unit::Parsed r;
    const NotifyBody n = parse_n(notify(0, kRohcSupported, Bytes(), data), r);
    EXPECT_NO_PROBLEMS(r.issues);
    EXPECT_KIND(n, Kind::Rohc);
    assert_int_equal(n.decoded.rohc.size(), 3);
    assert_true(n.decoded.rohc[0].tv);
    assert_int_equal(n.decoded.rohc[0].type, 1);
    assert_int_equal(n.decoded.rohc[0].number, 15);
    EXPECT_SPAN(n.decoded.rohc[0].span, 36, 4);
    EXPECT_SPAN(n.decoded.rohc[0].value, 38, 2);
    assert_false(n.decoded.rohc[1].tv);
    assert_int_equal(n.decoded.rohc[1].length, 2);
    assert_int_equal(n.decoded.rohc[1].number, 1);
    EXPECT_SPAN(n.decoded.rohc[1].span, 40, 6);
    EXPECT_SPAN(n.decoded.rohc[1].value, 44, 2);
    assert_int_equal(n.decoded.rohc[2].number, 12);
    unit::Parsed r2;  // a TLV whose length runs past the data
    const NotifyBody n2 = parse_n(notify(0, kRohcSupported, Bytes(), Bytes{0x80, 0x01, 0x00, 0x0f, 0x00, 0x02, 0x00, 0x09, 0x01}), r2);
    EXPECT_PROBLEMS(r2.issues, Problem::BadSubstructureLength);
    EXPECT_SPAN(r2.issues[0].where, 40, 5);
    assert_int_equal(n2.decoded.rohc.size(), 1);
}

void test_ticket_and_message_id_sync(void**) {
    unit::Parsed r;
    const NotifyBody n = parse_n(notify(0, kTicketLtOpaque, Bytes(), Bytes().u32(86400).fill(16, 0xab)), r);
    EXPECT_NO_PROBLEMS(r.issues);
    EXPECT_KIND(n, Kind::TicketLifetime);
    assert_int_equal(n.decoded.value, 86400);
    EXPECT_SPAN(n.decoded.length_span, 36, 4);
    EXPECT_SPAN(n.decoded.value_span, 40, 16);
    unit::Parsed r1;
    const NotifyBody n1 = parse_n(notify(0, kTicketLtOpaque, Bytes(), Bytes{0, 1}), r1);
    EXPECT_PROBLEMS(r1.issues, Problem::PayloadTooShort);
    EXPECT_KIND(n1, Kind::Opaque);

    unit::Parsed r2;
    const NotifyBody n2 = parse_n(notify(0, kMessageIdSync, Bytes(), Bytes().u32(0x01020304).u32(7).u32(9)), r2);
    EXPECT_NO_PROBLEMS(r2.issues);
    EXPECT_KIND(n2, Kind::MessageIdSync);
    assert_int_equal(n2.decoded.value, 0x01020304);
    assert_int_equal(n2.decoded.list32.size(), 2);
    assert_int_equal(n2.decoded.list32[0], 7);
    assert_int_equal(n2.decoded.list32[1], 9);
    unit::Parsed r3;
    const NotifyBody n3 = parse_n(notify(0, kMessageIdSync, Bytes(), Bytes().u32(1).u32(2)), r3);
    EXPECT_PROBLEMS(r3.issues, Problem::PayloadTooShort);
    EXPECT_KIND(n3, Kind::Opaque);
}

}  // namespace

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_invalid_ke_payload),
        cmocka_unit_test(test_device_identity_imei),
        cmocka_unit_test(test_device_identity_imeisv),
        cmocka_unit_test(test_device_identity_malformed),
        cmocka_unit_test(test_backoff_timer),
        cmocka_unit_test(test_backoff_timer_malformed),
        cmocka_unit_test(test_emergency_call_numbers),
        cmocka_unit_test(test_emergency_call_numbers_malformed),
        cmocka_unit_test(test_private_names),
        cmocka_unit_test(test_rohc_supported),
        cmocka_unit_test(test_ticket_and_message_id_sync),
        cmocka_unit_test(test_nat_detection),
        cmocka_unit_test(test_u32_values),
        cmocka_unit_test(test_signature_hash_algorithms),
        cmocka_unit_test(test_signature_hash_algorithms_bounded),
        cmocka_unit_test(test_redirect_ipv4_with_nonce),
        cmocka_unit_test(test_redirect_ipv6_and_fqdn),
        cmocka_unit_test(test_redirected_from),
        cmocka_unit_test(test_redirect_malformed),
        cmocka_unit_test(test_ipcomp_supported),
        cmocka_unit_test(test_invalid_spi),
        cmocka_unit_test(test_cookie_opaque),
        cmocka_unit_test(test_rekey_sa_spi),
        cmocka_unit_test(test_no_data_types),
        cmocka_unit_test(test_notify_truncated),
        cmocka_unit_test(test_delete_ike),
        cmocka_unit_test(test_delete_esp_several),
        cmocka_unit_test(test_delete_count_mismatch),
        cmocka_unit_test(test_delete_too_many_spis),
        cmocka_unit_test(test_delete_truncated),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
