// Traffic Selectors TSi/TSr (RFC 7296 3.13, RFC 4595, RFC 9478), Configuration (3.15),
// Encrypted SK (3.14) and Encrypted Fragment SKF (RFC 7383 2.5) bodies.
#include "unit_common.hpp"

#include "iana.hpp"
#include "summary.hpp"

using namespace ikev2;
using unit::Bytes;

namespace {

namespace pt = ikev2::iana::payload;

// Number of TSs(1) RESERVED(3) selectors; parsed at offset 32, so selector 0 is at 36.
Bytes ts_body(uint8_t count, const Bytes& selectors) {
    return Bytes().u8(count).raw({0, 0, 0}).add(selectors);
}
Bytes ts4(uint8_t proto, unsigned sport, unsigned eport, const Bytes& start, const Bytes& end) {
    return Bytes().u8(7).u8(proto).u16(16).u16(sport).u16(eport).add(start).add(end);
}
Bytes ts6(uint8_t proto, unsigned sport, unsigned eport, const char* start, const char* end) {
    return Bytes().u8(8).u8(proto).u16(40).u16(sport).u16(eport).hex(start).hex(end);
}

const TrafficSelector& one_selector(const Bytes& sel, unit::Parsed& r) {
    r = unit::parse_body(pt::kTSi, ts_body(1, sel));
    EXPECT_NO_PROBLEMS(r.issues);
    const TsBody& ts = unit::body_as<TsBody>(r);
    assert_int_equal(ts.selectors.size(), 1);
    return ts.selectors[0];
}

// ---- TS -----------------------------------------------------------------------------

void test_ts_ipv4_cidr_24(void**) {
    unit::Parsed r;
    const TrafficSelector s = one_selector(ts4(0, 0, 65535, Bytes{10, 1, 0, 0}, Bytes{10, 1, 0, 255}), r);
    assert_int_equal(s.type, 7);
    assert_int_equal(s.ip_protocol, 0);
    assert_int_equal(s.length, 16);
    assert_int_equal(s.start_port, 0);
    assert_int_equal(s.end_port, 65535);
    EXPECT_SPAN(s.span, 36, 16);
    EXPECT_SPAN(s.start_address, 44, 4);
    EXPECT_SPAN(s.end_address, 48, 4);
    assert_string_equal(s.start_text.c_str(), "10.1.0.0");
    assert_string_equal(s.end_text.c_str(), "10.1.0.255");
    assert_int_equal(s.prefix_len, 24);
    assert_string_equal(s.cidr.c_str(), "10.1.0.0/24");
}

void test_ts_ipv4_any_single_and_range(void**) {
    unit::Parsed r;
    const TrafficSelector any = one_selector(ts4(0, 0, 65535, Bytes{0, 0, 0, 0}, Bytes{255, 255, 255, 255}), r);
    assert_int_equal(any.prefix_len, 0);
    assert_string_equal(any.cidr.c_str(), "0.0.0.0/0");

    unit::Parsed r2;
    const TrafficSelector host = one_selector(ts4(1, 0, 65535, Bytes{192, 0, 2, 1}, Bytes{192, 0, 2, 1}), r2);
    assert_int_equal(host.ip_protocol, 1);
    assert_int_equal(host.prefix_len, 32);
    assert_string_equal(host.cidr.c_str(), "192.0.2.1/32");

    unit::Parsed r3;
    const TrafficSelector range = one_selector(ts4(6, 443, 443, Bytes{10, 1, 0, 1}, Bytes{10, 1, 0, 254}), r3);
    assert_int_equal(range.ip_protocol, 6);
    assert_int_equal(range.start_port, 443);
    assert_int_equal(range.end_port, 443);
    assert_int_equal(range.prefix_len, -1);
    assert_string_equal(range.cidr.c_str(), "");
    assert_string_equal(range.start_text.c_str(), "10.1.0.1");
    assert_string_equal(range.end_text.c_str(), "10.1.0.254");
}

void test_ts_ipv6(void**) {
    unit::Parsed r64;
    const TrafficSelector p64 = one_selector(
        ts6(0, 0, 65535, "20010db8000000000000000000000000", "20010db800000000ffffffffffffffff"), r64);
    assert_int_equal(p64.type, 8);
    assert_int_equal(p64.length, 40);
    EXPECT_SPAN(p64.start_address, 44, 16);
    EXPECT_SPAN(p64.end_address, 60, 16);
    assert_string_equal(p64.start_text.c_str(), "2001:db8::");
    assert_string_equal(p64.end_text.c_str(), "2001:db8::ffff:ffff:ffff:ffff");
    assert_int_equal(p64.prefix_len, 64);
    assert_string_equal(p64.cidr.c_str(), "2001:db8::/64");

    unit::Parsed rall;
    const TrafficSelector all = one_selector(
        ts6(0, 0, 65535, "00000000000000000000000000000000", "ffffffffffffffffffffffffffffffff"), rall);
    assert_string_equal(all.cidr.c_str(), "::/0");

    unit::Parsed rhost;
    const TrafficSelector host = one_selector(
        ts6(58, 0, 65535, "20010db8000000000000000000000001", "20010db8000000000000000000000001"), rhost);
    assert_int_equal(host.prefix_len, 128);
    assert_string_equal(host.cidr.c_str(), "2001:db8::1/128");

    unit::Parsed rr;
    const TrafficSelector range = one_selector(
        ts6(0, 0, 65535, "20010db8000000000000000000000001", "20010db8000000000000000000000009"), rr);
    assert_int_equal(range.prefix_len, -1);
    assert_string_equal(range.cidr.c_str(), "");
}

void test_ts_two_selectors(void**) {
    Bytes sels = Bytes()
                     .add(ts4(0, 0, 65535, Bytes{10, 2, 0, 0}, Bytes{10, 2, 0, 255}))
                     .add(ts6(0, 0, 65535, "fd000000000000000000000000000000", "fd0000000000000000000000000000ff"));
    Bytes body = ts_body(2, sels);
    unit::Parsed r = unit::parse_body(pt::kTSr, body);
    EXPECT_NO_PROBLEMS(r.issues);
    const TsBody& ts = unit::body_as<TsBody>(r);
    assert_int_equal(ts.num_ts, 2);
    assert_int_equal(ts.selectors.size(), 2);
    EXPECT_SPAN(ts.selectors[1].span, 52, 40);
    assert_string_equal(ts.selectors[0].cidr.c_str(), "10.2.0.0/24");
    assert_string_equal(ts.selectors[1].cidr.c_str(), "fd00::/120");
    Message m = unit::parse_in_message(pt::kTSr, body);
    assert_string_equal(payloads_summary(m.payloads, m.header.response()).c_str(), "TSr");
}

void test_ts_fc_selector(void**) {
    // RFC 4595 4.4.1: TS_FC_ADDR_RANGE.
    Bytes sel;
    sel.u8(9).u8(0xee).u16(16).u8(0).u24(0x010203).u8(0).u24(0x0a0b0c);
    sel.u8(0x20).u8(0x2f).u8(0x08).u8(0x09);
    unit::Parsed r;
    const TrafficSelector s = one_selector(sel, r);
    assert_int_equal(s.type, 9);
    assert_int_equal(s.ip_protocol, 0);  // octet 1 is reserved for FC
    EXPECT_SPAN(s.start_address, 41, 3);
    EXPECT_SPAN(s.end_address, 45, 3);
    assert_int_equal(s.start_r_ctl, 0x20);
    assert_int_equal(s.end_r_ctl, 0x2f);
    assert_int_equal(s.start_fc_type, 0x08);
    assert_int_equal(s.end_fc_type, 0x09);
    assert_int_equal(s.prefix_len, -1);

    // Wrong length for an FC selector.
    Bytes bad = Bytes().u8(9).u8(0).u16(12).fill(8, 0);
    r = unit::parse_body(pt::kTSi, ts_body(1, bad));
    EXPECT_PROBLEMS(r.issues, Problem::BadSubstructureLength);
    EXPECT_SPAN(r.issues[0].where, 38, 2);
}

void test_ts_seclabel(void**) {
    // RFC 9478: TS_SECLABEL carries an opaque security label.
    const char* label = "system_u:object_r:ipsec_spd_t:s0";
    Bytes sel = Bytes().u8(10).u8(0).u16(4 + 32).str(label);
    unit::Parsed r;
    const TrafficSelector s = one_selector(sel, r);
    assert_int_equal(s.type, 10);
    assert_int_equal(s.length, 36);
    EXPECT_SPAN(s.label, 40, 32);
    Bytes body = ts_body(1, sel);
    assert_string_equal(unit::view_text(body, Span{s.label.off - 32, s.label.len}).c_str(), label);
    assert_true(s.start_text.empty());
    assert_int_equal(s.prefix_len, -1);

    // Alongside an address range, as RFC 9478 requires.
    Bytes both = Bytes().add(ts4(0, 0, 65535, Bytes{10, 1, 0, 0}, Bytes{10, 1, 0, 255})).add(sel);
    r = unit::parse_body(pt::kTSi, ts_body(2, both));
    EXPECT_NO_PROBLEMS(r.issues);
    assert_int_equal(unit::body_as<TsBody>(r).selectors.size(), 2);
}

void test_ts_unknown_type_kept(void**) {
    unit::Parsed r;
    const TrafficSelector s = one_selector(Bytes().u8(200).u8(0).u16(8).u32(0xdeadbeef), r);
    assert_int_equal(s.type, 200);
    EXPECT_SPAN(s.span, 36, 8);
}

void test_ts_start_above_end(void**) {
    Bytes sel = ts4(0, 0, 65535, Bytes{10, 1, 0, 255}, Bytes{10, 1, 0, 0});
    unit::Parsed r = unit::parse_body(pt::kTSi, ts_body(1, sel));
    EXPECT_PROBLEMS(r.issues, Problem::BadSelectorRange);
    EXPECT_SPAN(r.issues[0].where, 44, 8);
    assert_int_equal(unit::body_as<TsBody>(r).selectors.at(0).prefix_len, -1);

    Bytes ports = ts4(17, 500, 499, Bytes{10, 1, 0, 0}, Bytes{10, 1, 0, 255});
    r = unit::parse_body(pt::kTSi, ts_body(1, ports));
    EXPECT_PROBLEMS(r.issues, Problem::BadSelectorRange);
    EXPECT_SPAN(r.issues[0].where, 40, 4);

    Bytes v6 = ts6(0, 0, 65535, "20010db8000000000000000000000002", "20010db8000000000000000000000001");
    r = unit::parse_body(pt::kTSi, ts_body(1, v6));
    EXPECT_PROBLEMS(r.issues, Problem::BadSelectorRange);
    EXPECT_SPAN(r.issues[0].where, 44, 32);
}

void test_ts_bad_lengths(void**) {
    // IPv4 selector that says 20 octets (and has them).
    Bytes sel20 = ts4(0, 0, 65535, Bytes{10, 1, 0, 0}, Bytes{10, 1, 0, 255}).fill(4, 0);
    sel20.put16(2, 20);
    unit::Parsed r = unit::parse_body(pt::kTSi, ts_body(1, sel20));
    EXPECT_PROBLEMS(r.issues, Problem::BadSubstructureLength);
    EXPECT_SPAN(r.issues[0].where, 38, 2);

    // IPv6 selector with the IPv4 length.
    Bytes v6 = ts6(0, 0, 65535, "00000000000000000000000000000000", "ffffffffffffffffffffffffffffffff");
    v6.put16(2, 16);
    r = unit::parse_body(pt::kTSi, ts_body(1, v6));
    assert_true(unit::has_problem(r.issues, Problem::BadSubstructureLength));

    // Selector length below 4: stop.
    Bytes tiny = ts4(0, 0, 65535, Bytes{10, 1, 0, 0}, Bytes{10, 1, 0, 255});
    tiny.put16(2, 3);
    r = unit::parse_body(pt::kTSi, ts_body(1, tiny));
    EXPECT_PROBLEMS(r.issues, Problem::BadSubstructureLength, Problem::SubstructureCountMismatch);
    assert_int_equal(unit::body_as<TsBody>(r).selectors.size(), 0);

    // Selector length past the payload.
    Bytes past = ts4(0, 0, 65535, Bytes{10, 1, 0, 0}, Bytes{10, 1, 0, 255});
    past.put16(2, 17);
    r = unit::parse_body(pt::kTSi, ts_body(1, past));
    EXPECT_PROBLEMS(r.issues, Problem::BadSubstructureLength, Problem::SubstructureCountMismatch);
    EXPECT_SPAN(unit::find_problem(r.issues, Problem::BadSubstructureLength)->where, 38, 2);

    // Two stray octets after a good selector.
    Bytes stray = ts4(0, 0, 65535, Bytes{10, 1, 0, 0}, Bytes{10, 1, 0, 255}).raw({7, 0});
    r = unit::parse_body(pt::kTSi, ts_body(1, stray));
    EXPECT_PROBLEMS(r.issues, Problem::BadSubstructureLength);
    EXPECT_SPAN(r.issues[0].where, 52, 2);
}

void test_ts_count_mismatch(void**) {
    Bytes sel = ts4(0, 0, 65535, Bytes{10, 1, 0, 0}, Bytes{10, 1, 0, 255});
    unit::Parsed r = unit::parse_body(pt::kTSi, ts_body(2, sel));
    EXPECT_PROBLEMS(r.issues, Problem::SubstructureCountMismatch);
    EXPECT_SPAN(r.issues[0].where, 32, 1);
    r = unit::parse_body(pt::kTSi, ts_body(0, sel));
    EXPECT_PROBLEMS(r.issues, Problem::SubstructureCountMismatch);
    r = unit::parse_body(pt::kTSi, ts_body(0, Bytes()));
    EXPECT_NO_PROBLEMS(r.issues);
}

void test_ts_truncated(void**) {
    for (size_t n = 0; n < 4; n++) {
        Bytes body = ts_body(1, Bytes());
        body.b.resize(n);
        unit::Parsed r = unit::parse_body(pt::kTSi, body);
        EXPECT_PROBLEMS(r.issues, Problem::PayloadTooShort);
    }
    // A zero-length TSi payload in a message.
    Bytes m = unit::message({{pt::kTSi, Bytes()}});
    Message msg = parse_message(m.view());
    EXPECT_PROBLEMS(msg.payloads[0].issues, Problem::PayloadTooShort);
    EXPECT_SPANS_INSIDE_MESSAGE(msg, m.size());
}

// ---- CP -----------------------------------------------------------------------------

Bytes attr(unsigned type, const Bytes& value) {
    return Bytes().u16(type).u16(static_cast<unsigned>(value.size())).add(value);
}
Bytes cp_body(uint8_t cfg_type, const Bytes& attrs) { return Bytes().u8(cfg_type).raw({0, 0, 0}).add(attrs); }

void test_cp_reply(void**) {
    Bytes attrs = Bytes()
                      .add(attr(1, Bytes{10, 3, 0, 1}))                          // INTERNAL_IP4_ADDRESS
                      .add(attr(2, Bytes{255, 255, 255, 0}))                     // INTERNAL_IP4_NETMASK
                      .add(attr(3, Bytes{10, 3, 0, 53}))                         // INTERNAL_IP4_DNS
                      .add(attr(13, Bytes{10, 1, 0, 0, 255, 255, 255, 0}))       // INTERNAL_IP4_SUBNET
                      .add(attr(8, Bytes().hex("20010db8000000000000000000000001").u8(64)))  // IP6_ADDRESS
                      .add(attr(10, Bytes().hex("20010db8000000000000000000000053")))        // IP6_DNS
                      .add(attr(15, Bytes().hex("20010db8000100000000000000000000").u8(48)))  // IP6_SUBNET
                      .add(attr(7, Bytes().str("strongSwan 5.9.8")))             // APPLICATION_VERSION
                      .add(attr(25, Bytes().str("example.org")))                 // INTERNAL_DNS_DOMAIN
                      .add(attr(14, Bytes().u16(1).u16(3).u16(8)));              // SUPPORTED_ATTRIBUTES
    Bytes body = cp_body(2, attrs);
    unit::Parsed r = unit::parse_body(pt::kCP, body);
    EXPECT_NO_PROBLEMS(r.issues);
    const CpBody& cp = unit::body_as<CpBody>(r);
    assert_int_equal(cp.cfg_type, 2);
    assert_int_equal(cp.attributes.size(), 10);
    const char* want[] = {"10.3.0.1",       "255.255.255.0",   "10.3.0.53",
                          "10.1.0.0/255.255.255.0", "2001:db8::1/64", "2001:db8::53",
                          "2001:db8:1::/48", "strongSwan 5.9.8", "example.org", "1,3,8"};
    for (size_t i = 0; i < 10; i++) assert_string_equal(cp.attributes[i].text.c_str(), want[i]);
    const CpAttribute& a0 = cp.attributes[0];
    assert_int_equal(a0.type, 1);
    assert_int_equal(a0.length, 4);
    EXPECT_SPAN(a0.span, 36, 8);
    EXPECT_SPAN(a0.value, 40, 4);
    const CpAttribute& v6 = cp.attributes[4];
    assert_int_equal(v6.type, 8);
    assert_int_equal(v6.length, 17);
    Message m = unit::parse_in_message(pt::kCP, body);
    assert_string_equal(payloads_summary(m.payloads, m.header.response()).c_str(), "CP");
}

void test_cp_request_empty_values(void**) {
    // CFG_REQUEST: the initiator asks for attributes with empty values.
    Bytes attrs = Bytes().add(attr(1, Bytes())).add(attr(3, Bytes())).add(attr(8, Bytes())).add(attr(7, Bytes()));
    unit::Parsed r = unit::parse_body(pt::kCP, cp_body(1, attrs));
    EXPECT_NO_PROBLEMS(r.issues);
    const CpBody& cp = unit::body_as<CpBody>(r);
    assert_int_equal(cp.cfg_type, 1);
    assert_int_equal(cp.attributes.size(), 4);
    for (const CpAttribute& a : cp.attributes) {
        assert_int_equal(a.length, 0);
        assert_int_equal(a.value.len, 0);
        assert_int_equal(a.span.len, 4);
        assert_string_equal(a.text.c_str(), "");
    }
    EXPECT_SPAN(cp.attributes[3].span, 48, 4);
    // The reserved bit in front of the type is not part of it.
    r = unit::parse_body(pt::kCP, cp_body(1, attr(0x8001, Bytes())));
    assert_int_equal(unit::body_as<CpBody>(r).attributes.at(0).type, 1);
    // An empty CP is fine.
    r = unit::parse_body(pt::kCP, cp_body(3, Bytes()));
    EXPECT_NO_PROBLEMS(r.issues);
}

void test_cp_wrong_address_size(void**) {
    // INTERNAL_IP4_ADDRESS is 0 or 4 octets, INTERNAL_IP6_ADDRESS 0 or 17 (RFC 7296
    // 3.15.1): other sizes are not shown as an address, and are reported like the same
    // fault in ID and Notify payloads.
    unit::Parsed r = unit::parse_body(pt::kCP, cp_body(2, attr(1, Bytes{10, 3, 0, 1, 0})));
    const CpBody& cp = unit::body_as<CpBody>(r);
    assert_int_equal(cp.attributes.size(), 1);
    assert_string_equal(cp.attributes[0].text.c_str(), "");
    EXPECT_PROBLEMS(r.issues, Problem::BadAddressLength);
    r = unit::parse_body(pt::kCP, cp_body(2, attr(8, Bytes().hex("20010db8000000000000000000000001"))));
    assert_string_equal(unit::body_as<CpBody>(r).attributes.at(0).text.c_str(), "");
    EXPECT_PROBLEMS(r.issues, Problem::BadAddressLength);
}

void test_cp_malformed(void**) {
    // Attribute length past the payload.
    Bytes a = attr(1, Bytes{10, 3, 0, 1});
    a.put16(2, 8);
    unit::Parsed r = unit::parse_body(pt::kCP, cp_body(2, Bytes(attr(3, Bytes{1, 1, 1, 1})).add(a)));
    EXPECT_PROBLEMS(r.issues, Problem::BadSubstructureLength);
    EXPECT_SPAN(r.issues[0].where, 44, 8);
    assert_int_equal(unit::body_as<CpBody>(r).attributes.size(), 1);

    // Three octets: not even an attribute header.
    r = unit::parse_body(pt::kCP, cp_body(2, Bytes{0, 1, 0}));
    EXPECT_PROBLEMS(r.issues, Problem::BadSubstructureLength);
    EXPECT_SPAN(r.issues[0].where, 36, 3);

    for (size_t n = 0; n < 4; n++) {
        Bytes body = cp_body(1, Bytes());
        body.b.resize(n);
        r = unit::parse_body(pt::kCP, body);
        EXPECT_PROBLEMS(r.issues, Problem::PayloadTooShort);
    }
}

void test_cp_too_many_attributes(void**) {
    Bytes attrs;
    for (size_t i = 0; i < kMaxItemsPerPayload + 1; i++) attrs.add(attr(3, Bytes()));
    unit::Parsed r = unit::parse_body(pt::kCP, cp_body(1, attrs));
    assert_int_equal(unit::body_as<CpBody>(r).attributes.size(), kMaxItemsPerPayload);
    assert_true(unit::has_problem(r.issues, Problem::TooManyItems));
}

// ---- SK and SKF ---------------------------------------------------------------------

void test_sk(void**) {
    unit::Parsed r = unit::parse_body(pt::kSK, Bytes().fill(80, 0xe5));
    EXPECT_NO_PROBLEMS(r.issues);
    EXPECT_SPAN(unit::body_as<SkBody>(r).encrypted, 32, 80);
    r = unit::parse_body(pt::kSK, Bytes());
    EXPECT_SPAN(unit::body_as<SkBody>(r).encrypted, 32, 0);
}

void test_skf(void**) {
    Bytes body = Bytes().u16(1).u16(3).fill(64, 0xe5);
    unit::Parsed r = unit::parse_body(pt::kSKF, body);
    EXPECT_NO_PROBLEMS(r.issues);
    const SkfBody& f = unit::body_as<SkfBody>(r);
    assert_int_equal(f.fragment_number, 1);
    assert_int_equal(f.total_fragments, 3);
    EXPECT_SPAN(f.encrypted, 36, 64);

    r = unit::parse_body(pt::kSKF, Bytes().u16(3).u16(3).fill(8, 1));
    EXPECT_NO_PROBLEMS(r.issues);

    Bytes msg = unit::message({{pt::kSKF, body}}, 35);
    Message m = parse_message(msg.view());
    EXPECT_NO_PROBLEMS(m.issues);
    assert_string_equal(payloads_summary(m.payloads, m.header.response()).c_str(), "SKF(1/3)");
}

void test_skf_invalid_numbers(void**) {
    // RFC 7383 2.5: numbering starts at 1; the number never exceeds the total.
    unit::Parsed r = unit::parse_body(pt::kSKF, Bytes().u16(0).u16(3).fill(8, 1));
    EXPECT_PROBLEMS(r.issues, Problem::BadEncoding);
    EXPECT_SPAN(r.issues[0].where, 32, 4);
    assert_int_equal(unit::body_as<SkfBody>(r).fragment_number, 0);
    r = unit::parse_body(pt::kSKF, Bytes().u16(4).u16(3).fill(8, 1));
    EXPECT_PROBLEMS(r.issues, Problem::BadEncoding);
    r = unit::parse_body(pt::kSKF, Bytes().u16(0).u16(0));
    EXPECT_PROBLEMS(r.issues, Problem::BadEncoding);
    r = unit::parse_body(pt::kSKF, Bytes{0, 1, 0});
    EXPECT_PROBLEMS(r.issues, Problem::PayloadTooShort);
    EXPECT_SPAN(r.issues[0].where, 32, 3);
}

}  // namespace

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ts_ipv4_cidr_24),
        cmocka_unit_test(test_ts_ipv4_any_single_and_range),
        cmocka_unit_test(test_ts_ipv6),
        cmocka_unit_test(test_ts_two_selectors),
        cmocka_unit_test(test_ts_fc_selector),
        cmocka_unit_test(test_ts_seclabel),
        cmocka_unit_test(test_ts_unknown_type_kept),
        cmocka_unit_test(test_ts_start_above_end),
        cmocka_unit_test(test_ts_bad_lengths),
        cmocka_unit_test(test_ts_count_mismatch),
        cmocka_unit_test(test_ts_truncated),
        cmocka_unit_test(test_cp_reply),
        cmocka_unit_test(test_cp_request_empty_values),
        cmocka_unit_test(test_cp_wrong_address_size),
        cmocka_unit_test(test_cp_malformed),
        cmocka_unit_test(test_cp_too_many_attributes),
        cmocka_unit_test(test_sk),
        cmocka_unit_test(test_skf),
        cmocka_unit_test(test_skf_invalid_numbers),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
