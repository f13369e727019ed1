// Detection and demultiplexing (detect.hpp): the strict IKEv2 heuristic for arbitrary UDP
// ports, RFC 3948 UDP 4500 demultiplexing and RFC 8229 TCP framing.
#include "unit_common.hpp"

#include <random>

#include "capture_bytes.hpp"
#include "detect.hpp"

using namespace ikev2;
using unit::Bytes;

namespace {

Bytes frame1() { return unit::from_array(capture::kFrame1, sizeof capture::kFrame1); }
Bytes frame2() { return unit::from_array(capture::kFrame2, sizeof capture::kFrame2); }
Bytes frame3_ike() { return unit::from_array(capture::kFrame3 + 4, sizeof capture::kFrame3 - 4); }
Bytes frame5_esp() { return unit::from_array(capture::kFrame5, sizeof capture::kFrame5); }

// Deterministic PRNG (std::mt19937's sequence is fixed by the standard).
struct Rng {
    std::mt19937 g{20240611u};
    uint32_t next() { return static_cast<uint32_t>(g()); }
    uint8_t byte() { return static_cast<uint8_t>(next() >> 24); }
    size_t range(size_t lo, size_t hi) { return lo + next() % (hi - lo + 1); }
    Bytes bytes(size_t n) {
        Bytes b;
        b.b.resize(n);
        for (size_t i = 0; i < n; i++) b.b[i] = byte();
        return b;
    }
};

// ---- Not-IKE packets of other UDP protocols -------------------------------------------

// DNS query "www.example.com IN A" (RFC 1035 4.1), recursion desired.
Bytes dns_query() {
    Bytes b;
    b.hex("1234 0100 0001 0000 0000 0000");
    b.hex("03 777777 07 6578616d706c65 03 636f6d 00 0001 0001");
    return b;
}

// DNS response with one A record.
Bytes dns_response() {
    Bytes b = dns_query();
    b.b[2] = 0x81;
    b.b[3] = 0x80;
    b.b[7] = 1;
    b.hex("c00c 0001 0001 00000e10 0004 5db8d822");
    return b;
}

// QUIC v1 Initial (RFC 9000 17.2.2), padded to 1200 octets as clients must.
Bytes quic_initial(Rng& rng, size_t dcid_len) {
    Bytes b;
    b.u8(0xc3).u32(0x00000001).u8(static_cast<unsigned>(dcid_len)).add(rng.bytes(dcid_len));
    b.u8(0);               // SCID length
    b.u8(0);               // token length
    size_t rest = 1200 - b.size() - 2;
    b.u16(0x4000 | static_cast<unsigned>(rest));  // 2-octet varint length
    b.add(rng.bytes(rest));
    return b;
}

// DTLS 1.2 record carrying a ClientHello (RFC 6347 4.1, 4.2.2).
Bytes dtls_client_hello(Rng& rng) {
    Bytes hello;
    hello.u16(0xfefd).add(rng.bytes(32));  // client_version, random
    hello.u8(0);                           // session_id
    hello.u8(0);                           // cookie
    hello.u16(4).u16(0xc02b).u16(0xc02f);  // cipher suites
    hello.u8(1).u8(0);                     // compression: null
    hello.u16(8).u16(0x000a).u16(4).u16(2).u16(0x0017);  // extensions: supported_groups
    Bytes hs;
    hs.u8(1).u24(hello.size()).u16(0).u24(0).u24(hello.size()).add(hello);
    Bytes rec;
    rec.u8(22).u16(0xfefd).u16(0).u32(0).u16(0).u16(static_cast<unsigned>(hs.size())).add(hs);
    return rec;
}

// RTP (RFC 3550), PCMU with 20 ms of payload.
Bytes rtp_packet(Rng& rng) {
    Bytes b;
    b.u8(0x80).u8(0x00).u16(rng.next() & 0xffff).u32(rng.next()).u32(rng.next());
    b.add(rng.bytes(160));
    return b;
}

// STUN Binding Request (RFC 8489) with SOFTWARE and FINGERPRINT attributes.
Bytes stun_binding_request() {
    Bytes b;
    b.u16(0x0001).u16(20).u32(0x2112a442).hex("b7e7a701bc34d686fa87dfae");
    b.u16(0x8022).u16(12).str("strongSwan!!");  // SOFTWARE
    b.u16(0x8028).u16(4).u32(0xe57a3bcf);      // FINGERPRINT
    return b;
}

// IKEv1 Main Mode first message (RFC 2408 3.1, RFC 2409 5): ISAKMP 1.0, exchange 2.
Bytes ikev1_main_mode() {
    Bytes sa;
    sa.u32(1).u32(1);                            // DOI IPsec, situation identity only
    Bytes proposal;
    proposal.u8(0).u8(0).u16(8 + 36).u8(1).u8(1).u8(0).u8(1);
    proposal.u8(0).u8(0).u16(36).u8(1).u8(1).u16(0);  // transform 1, KEY_IKE
    proposal.hex("800100078002000480030001800400028005000e0003000200000000");
    sa.add(proposal);
    Bytes c = unit::payload(0, sa);
    Bytes m;
    m.u64(0x1122334455667788ULL).u64(0).u8(1).u8(0x10).u8(2).u8(0).u32(0);
    m.u32(static_cast<unsigned long>(28 + c.size())).add(c);
    return m;
}

// ---- ike_major_version ---------------------------------------------------------------

void test_major_version(void**) {
    assert_int_equal(ike_major_version(frame1().view()), 2);
    assert_int_equal(ike_major_version(ikev1_main_mode().view()), 1);
    assert_int_equal(ike_major_version(ByteView(capture::kFrame1, 27)), -1);
    assert_int_equal(ike_major_version(ByteView()), -1);
}

// ---- looks_like_ikev2 ---------------------------------------------------------------

void test_accepts_real_ikev2(void**) {
    assert_true(looks_like_ikev2(frame1().view()));
    assert_true(looks_like_ikev2(frame2().view()));
    assert_true(looks_like_ikev2(frame3_ike().view()));  // SK ends the chain
    // An empty INFORMATIONAL response (a DPD answer) is a header alone.
    Bytes dpd = unit::ike_header(0, 37, 0x20, 7, 0);
    assert_true(looks_like_ikev2(dpd.view()));
}

void test_rejects_ikev1(void**) {
    assert_false(looks_like_ikev2(ikev1_main_mode().view()));
    Bytes b = frame1();
    b.b[17] = 0x10;
    assert_false(looks_like_ikev2(b.view()));
    b.b[17] = 0x21;  // 2.1 is not claimed by the strict check either
    assert_false(looks_like_ikev2(b.view()));
}

void test_rejects_other_protocols(void**) {
    Rng rng;
    assert_false(looks_like_ikev2(dns_query().view()));
    assert_false(looks_like_ikev2(dns_response().view()));
    assert_false(looks_like_ikev2(stun_binding_request().view()));
    for (size_t dcid = 0; dcid <= 20; dcid++) assert_false(looks_like_ikev2(quic_initial(rng, dcid).view()));
    for (int i = 0; i < 100; i++) {
        assert_false(looks_like_ikev2(dtls_client_hello(rng).view()));
        assert_false(looks_like_ikev2(rtp_packet(rng).view()));
    }
    // ESP on UDP 4500 and a NAT-T keepalive.
    assert_false(looks_like_ikev2(frame5_esp().view()));
    assert_false(looks_like_ikev2(Bytes{0xff}.view()));
}

void test_rejects_random_bytes(void**) {
    Rng rng;
    size_t positives = 0;
    for (int i = 0; i < 100000; i++) {
        Bytes b = rng.bytes(rng.range(28, 1500));
        if (looks_like_ikev2(b.view())) positives++;
    }
    assert_int_equal(positives, 0);
}

void test_rejects_length_mismatch(void**) {
    Bytes longer = frame1();
    longer.u8(0);
    assert_false(looks_like_ikev2(longer.view()));           // one octet more than the header says
    assert_false(looks_like_ikev2(ByteView(capture::kFrame1, 463)));  // one octet less
    Bytes claims = frame1();
    claims.put32(24, 465);
    assert_false(looks_like_ikev2(claims.view()));
}

void test_rejects_bad_chain(void**) {
    // Header length and data agree, but the chain ends 4 octets early.
    Bytes early = frame1();
    early.fill(4, 0);
    early.put32(24, static_cast<unsigned long>(early.size()));
    assert_false(looks_like_ikev2(early.view()));
    // The last payload runs past the end.
    Bytes past = frame1();
    past.put16(456 + 2, 12);
    assert_false(looks_like_ikev2(past.view()));
    // A payload length below the generic header.
    Bytes tiny = frame1();
    tiny.put16(432 + 2, 2);
    assert_false(looks_like_ikev2(tiny.view()));
    // A Next Payload that is an IKEv1 type.
    Bytes v1 = frame1();
    v1.b[432] = 5;
    assert_false(looks_like_ikev2(v1.view()));
    // The header's Next Payload is an IKEv1 type.
    Bytes h1 = frame1();
    h1.b[16] = 1;
    assert_false(looks_like_ikev2(h1.view()));
}

void test_rejects_bad_header_fields(void**) {
    Bytes mid = frame1();
    mid.put32(20, 1);  // IKE_SA_INIT must have message ID 0
    assert_false(looks_like_ikev2(mid.view()));
    Bytes spi = frame1();
    for (int i = 0; i < 8; i++) spi.b[i] = 0;
    assert_false(looks_like_ikev2(spi.view()));
    Bytes flags = frame1();
    flags.b[19] = 0x08 | 0x01;
    assert_false(looks_like_ikev2(flags.view()));
    const uint8_t bad_exchanges[] = {0, 4, 33, 45, 100, 240, 255};
    for (uint8_t x : bad_exchanges) {
        Bytes b = frame1();
        b.b[18] = x;
        assert_false(looks_like_ikev2(b.view()));
    }
    // Another assigned exchange with a non-zero message ID is fine.
    Bytes info = frame1();
    info.b[18] = 37;
    info.put32(20, 9);
    assert_true(looks_like_ikev2(info.view()));
}

// ---- RFC 3948: UDP 4500 ---------------------------------------------------------------

void test_udp_encap(void**) {
    assert_int_equal(static_cast<int>(classify_udp_encap(Bytes{0xff}.view())),
                     static_cast<int>(UdpEncap::Keepalive));
    Bytes marker_ike = unit::from_array(capture::kFrame3, sizeof capture::kFrame3);
    assert_int_equal(static_cast<int>(classify_udp_encap(marker_ike.view())),
                     static_cast<int>(UdpEncap::Ike));
    Bytes marker_init;
    marker_init.u32(0).add(frame1());
    assert_int_equal(static_cast<int>(classify_udp_encap(marker_init.view())),
                     static_cast<int>(UdpEncap::Ike));
    assert_int_equal(static_cast<int>(classify_udp_encap(frame5_esp().view())),
                     static_cast<int>(UdpEncap::Esp));
    assert_int_equal(static_cast<int>(classify_udp_encap(Bytes{0, 0, 0, 1, 0, 0, 0, 1}.view())),
                     static_cast<int>(UdpEncap::Esp));
    // Too short for ESP (SPI + sequence number) and not a marker or keepalive.
    const Bytes invalid[] = {Bytes{}, Bytes{0x00}, Bytes{0xff, 0xff}, Bytes{0, 0, 0},
                             Bytes{1, 2, 3, 4, 5, 6, 7}, Bytes{0xfe}};
    for (const Bytes& b : invalid)
        assert_int_equal(static_cast<int>(classify_udp_encap(b.view())),
                         static_cast<int>(UdpEncap::Invalid));
}

// ---- RFC 8229: TCP ------------------------------------------------------------------

void test_tcp_prefix(void**) {
    assert_true(starts_with_iketcp_prefix(Bytes().str("IKETCP").view()));
    Bytes with_frame;
    with_frame.str("IKETCP").u16(0x01d6).u32(0).add(frame1());
    assert_true(starts_with_iketcp_prefix(with_frame.view()));
    assert_false(starts_with_iketcp_prefix(Bytes().str("IKETC").view()));
    assert_false(starts_with_iketcp_prefix(Bytes().str("iketcp").view()));
    assert_false(starts_with_iketcp_prefix(Bytes().str("IKETCX").view()));
    assert_false(starts_with_iketcp_prefix(ByteView()));
}

void test_tcp_frame_length(void**) {
    assert_int_equal(tcp_frame_length(Bytes{0x01, 0xd6, 0, 0}.view()), 470);
    assert_int_equal(tcp_frame_length(Bytes{0xff, 0xff}.view()), 65535);
    assert_int_equal(tcp_frame_length(Bytes{0x01}.view()), 0);
    assert_int_equal(tcp_frame_length(ByteView()), 0);
}

void test_tcp_frame_classify(void**) {
    Bytes ike;
    ike.u16(2 + 4 + 464).u32(0).add(frame1());
    assert_int_equal(tcp_frame_length(ike.view()), ike.size());
    assert_int_equal(static_cast<int>(classify_tcp_frame(ike.view())), static_cast<int>(TcpFrame::Ike));

    Bytes esp;
    esp.u16(2 + 136).add(frame5_esp());
    assert_int_equal(static_cast<int>(classify_tcp_frame(esp.view())), static_cast<int>(TcpFrame::Esp));

    // Boundaries: Length + marker + 28-octet header; Length + SPI + sequence number.
    Bytes min_ike;
    min_ike.u16(34).u32(0).add(unit::ike_header(0, 37, 0x20, 1, 0));
    assert_int_equal(static_cast<int>(classify_tcp_frame(min_ike.view())), static_cast<int>(TcpFrame::Ike));
    Bytes short_ike = min_ike;
    short_ike.b.pop_back();
    assert_int_equal(static_cast<int>(classify_tcp_frame(short_ike.view())), static_cast<int>(TcpFrame::Invalid));
    Bytes min_esp;
    min_esp.u16(10).u32(0xa4e0b840).u32(1);
    assert_int_equal(static_cast<int>(classify_tcp_frame(min_esp.view())), static_cast<int>(TcpFrame::Esp));
    Bytes short_esp = min_esp;
    short_esp.b.pop_back();
    assert_int_equal(static_cast<int>(classify_tcp_frame(short_esp.view())), static_cast<int>(TcpFrame::Invalid));
    assert_int_equal(static_cast<int>(classify_tcp_frame(Bytes{0, 2}.view())), static_cast<int>(TcpFrame::Invalid));
    assert_int_equal(static_cast<int>(classify_tcp_frame(ByteView())), static_cast<int>(TcpFrame::Invalid));
}

}  // namespace

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_major_version),
        cmocka_unit_test(test_accepts_real_ikev2),
        cmocka_unit_test(test_rejects_ikev1),
        cmocka_unit_test(test_rejects_other_protocols),
        cmocka_unit_test(test_rejects_random_bytes),
        cmocka_unit_test(test_rejects_length_mismatch),
        cmocka_unit_test(test_rejects_bad_chain),
        cmocka_unit_test(test_rejects_bad_header_fields),
        cmocka_unit_test(test_udp_encap),
        cmocka_unit_test(test_tcp_prefix),
        cmocka_unit_test(test_tcp_frame_length),
        cmocka_unit_test(test_tcp_frame_classify),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
