// SeqTracker (esp/sequence.hpp): the receiver's view of one SA's sequence numbers (RFC
// 4303 3.4.3): in order, gaps, late packets inside the 64-packet window, duplicates with
// the frame they repeat, packets older than the window, 32-bit wraps, and the ESN high
// half inferred across a 2^32 boundary (RFC 4303 Appendix A).
#include "../crypto/crypto_test.hpp"

#include "esp/sequence.hpp"

using ikev2::esp::SeqCounts;
using ikev2::esp::SeqEvent;
using ikev2::esp::SeqTracker;
using Kind = SeqEvent::Kind;

namespace {

void expect_counts(const SeqCounts& c, uint64_t packets, uint64_t lost, uint64_t late,
                   uint64_t dups, uint64_t old, uint64_t wraps) {
    assert_int_equal(c.packets, packets);
    assert_int_equal(c.lost, lost);
    assert_int_equal(c.late, late);
    assert_int_equal(c.duplicates, dups);
    assert_int_equal(c.old, old);
    assert_int_equal(c.wraps, wraps);
}

void test_in_order(void**) {
    SeqTracker t;
    SeqEvent e = t.observe(1, false, 10);
    assert_int_equal(e.kind, Kind::First);
    assert_int_equal(e.seq, 1);
    assert_int_equal(e.expected, 1);
    assert_int_equal(e.number, 1);
    for (uint32_t s = 2; s <= 100; s++) {
        e = t.observe(s, false, 10 + s);
        assert_int_equal(e.kind, Kind::Next);
        assert_int_equal(e.seq, s);
        assert_int_equal(e.expected, s);
        assert_int_equal(e.number, s);
        assert_int_equal(e.lost, 0);
    }
    assert_int_equal(t.highest(), 100);
    expect_counts(t.counts(), 100, 0, 0, 0, 0, 0);
}

void test_first_packet_not_one(void**) {
    // A capture may start in the middle of an SA: the first packet sets the reference.
    SeqTracker t;
    SeqEvent e = t.observe(5000, false, 1);
    assert_int_equal(e.kind, Kind::First);
    assert_int_equal(e.expected, 5000);
    e = t.observe(5001, false, 2);
    assert_int_equal(e.kind, Kind::Next);
    expect_counts(t.counts(), 2, 0, 0, 0, 0, 0);
}

void test_gap_then_late(void**) {
    SeqTracker t;
    t.observe(1, false, 1);
    t.observe(2, false, 2);
    SeqEvent e = t.observe(6, false, 3);  // 3, 4, 5 missing
    assert_int_equal(e.kind, Kind::Gap);
    assert_int_equal(e.expected, 3);
    assert_int_equal(e.lost, 3);
    expect_counts(t.counts(), 3, 3, 0, 0, 0, 0);

    e = t.observe(4, false, 4);  // arrives late: no longer lost
    assert_int_equal(e.kind, Kind::Late);
    assert_int_equal(e.seq, 4);
    assert_int_equal(e.expected, 7);
    expect_counts(t.counts(), 4, 2, 1, 0, 0, 0);

    e = t.observe(7, false, 5);
    assert_int_equal(e.kind, Kind::Next);
    assert_int_equal(t.highest(), 7);
}

void test_duplicates_name_the_frame(void**) {
    SeqTracker t;
    for (uint32_t s = 1; s <= 10; s++) t.observe(s, false, 100 + s);
    SeqEvent e = t.observe(10, false, 500);  // the newest again
    assert_int_equal(e.kind, Kind::Duplicate);
    assert_int_equal(e.duplicate_of, 110);
    e = t.observe(3, false, 501);
    assert_int_equal(e.kind, Kind::Duplicate);
    assert_int_equal(e.duplicate_of, 103);
    // A late packet remembered in the window is a duplicate the second time.
    t.observe(20, false, 502);
    e = t.observe(15, false, 503);
    assert_int_equal(e.kind, Kind::Late);
    e = t.observe(15, false, 504);
    assert_int_equal(e.kind, Kind::Duplicate);
    assert_int_equal(e.duplicate_of, 503);
    expect_counts(t.counts(), 15, 8, 1, 3, 0, 0);
}

// A late packet older than the first one seen was never counted as lost: it must not
// cancel a loss counted for another number.
void test_duplicate_of_the_only_packet(void**) {
    // The window's frames are kept from an SA's second packet on; a copy of the first
    // (and only) packet still names its frame, and so does a later copy of either.
    SeqTracker t;
    t.observe(7, false, 41);
    SeqEvent e = t.observe(7, false, 42);
    assert_int_equal(e.kind, Kind::Duplicate);
    assert_int_equal(e.duplicate_of, 41);
    e = t.observe(8, false, 43);
    assert_int_equal(e.kind, Kind::Next);
    e = t.observe(7, false, 44);
    assert_int_equal(e.duplicate_of, 41);
    e = t.observe(8, false, 45);
    assert_int_equal(e.duplicate_of, 43);
    expect_counts(t.counts(), 5, 0, 0, 3, 0, 0);
}

void test_late_before_first_keeps_lost(void**) {
    SeqTracker t;
    t.observe(10, false, 1);  // the capture starts in the middle of the SA
    SeqEvent e = t.observe(12, false, 2);
    assert_int_equal(e.kind, Kind::Gap);  // 11 missing
    assert_int_equal(t.counts().lost, 1);
    e = t.observe(8, false, 3);  // sent before the capture started
    assert_int_equal(e.kind, Kind::Late);
    // 11 is still missing.
    assert_int_equal(t.counts().lost, 1);
}

void test_window_edges(void**) {
    SeqTracker t;
    t.observe(1, false, 1);
    t.observe(100, false, 2);  // window: 37 .. 100
    SeqEvent e = t.observe(100 - SeqTracker::kWindow + 1, false, 3);  // 37: oldest inside
    assert_int_equal(e.kind, Kind::Late);
    e = t.observe(100 - SeqTracker::kWindow, false, 4);  // 36: just outside
    assert_int_equal(e.kind, Kind::Old);
    e = t.observe(1, false, 5);  // seen, but long out of the window: Old, not Duplicate
    assert_int_equal(e.kind, Kind::Old);
    expect_counts(t.counts(), 5, 97, 1, 0, 2, 0);
}

void test_big_jump_clears_window(void**) {
    SeqTracker t;
    for (uint32_t s = 1; s <= 5; s++) t.observe(s, false, s);
    SeqEvent e = t.observe(1000, false, 6);
    assert_int_equal(e.kind, Kind::Gap);
    assert_int_equal(e.lost, 994);
    // 999 was never seen (the old window bits must not leak into the new window).
    e = t.observe(999, false, 7);
    assert_int_equal(e.kind, Kind::Late);
    e = t.observe(1000 - 5, false, 8);
    assert_int_equal(e.kind, Kind::Late);
}

// Without ESN a counter that restarts low is a wrap (RFC 4303 3.3.3: the sender must
// rekey instead); the tracker starts over from it.
void test_wrap_without_esn(void**) {
    SeqTracker t;
    t.observe(0xfffffffe, false, 1);
    t.observe(0xffffffff, false, 2);
    SeqEvent e = t.observe(1, false, 3);
    assert_int_equal(e.kind, Kind::Wrap);
    assert_int_equal(e.seq, 1);
    e = t.observe(2, false, 4);
    assert_int_equal(e.kind, Kind::Next);
    assert_int_equal(t.highest(), 2);
    expect_counts(t.counts(), 4, 0, 0, 0, 0, 1);
    // Half the number space back is not yet a wrap: an old packet.
    SeqTracker u;
    u.observe(0x80000010, false, 1);
    e = u.observe(0x10, false, 2);
    assert_int_equal(e.kind, Kind::Old);
    e = u.observe(0x0f, false, 3);
    assert_int_equal(e.kind, Kind::Wrap);
}

// ESN (RFC 4303 2.2.1, Appendix A): only the low half is sent; the tracker keeps the
// 64-bit number and infers the high half of each packet.
void test_esn_across_2_32(void**) {
    SeqTracker t;
    assert_int_equal(t.infer_high(5), 0);  // nothing seen yet
    SeqEvent e = t.observe(0xfffffff0, true, 1);
    assert_int_equal(e.kind, Kind::First);
    assert_int_equal(e.seq, 0xfffffff0ULL);
    for (uint32_t lo = 0xfffffff1; lo != 0x00000003; lo++) {
        e = t.observe(lo, true, 2);
        assert_int_equal(e.kind, Kind::Next);
    }
    // Crossed the boundary: low 0x00000003 is 2^32 + 3.
    assert_int_equal(t.highest(), 0x100000002ULL);
    assert_int_equal(t.infer_high(3), 1);
    e = t.observe(3, true, 3);
    assert_int_equal(e.kind, Kind::Next);
    assert_int_equal(e.seq, 0x100000003ULL);
    // A late packet from before the boundary keeps the old high half (Appendix A2: a
    // low value inside the window just below the boundary belongs to Th - 1).
    assert_int_equal(t.infer_high(0xfffffffa), 0);
    e = t.observe(0xfffffffa, true, 4);
    assert_int_equal(e.seq, 0xfffffffaULL);
    assert_int_equal(e.kind, Kind::Duplicate);  // it was seen above
    e = t.observe(0xffffffef, true, 5);           // never seen, inside the window
    assert_int_equal(e.kind, Kind::Late);
    assert_int_equal(e.seq, 0xffffffefULL);
    // Not a wrap with ESN: the counter goes on.
    expect_counts(t.counts(), 22, 0, 1, 1, 0, 0);
}

void test_esn_gap_across_boundary(void**) {
    SeqTracker t;
    t.observe(0xffffff00, true, 1);
    SeqEvent e = t.observe(0x00000100, true, 2);  // 0x200 numbers on: lost 0x1ff
    assert_int_equal(e.kind, Kind::Gap);
    assert_int_equal(e.seq, 0x100000100ULL);
    assert_int_equal(e.lost, 0x1ff);
    // High halves above 1 too.
    SeqTracker u;
    u.observe(0xffffffff, true, 1);
    u.observe(0, true, 2);  // 2^32
    assert_int_equal(u.highest(), 0x100000000ULL);
    for (uint32_t i = 1; i < 4; i++) u.observe(0x40000000u * i, true, 2 + i);
    u.observe(0xffffffff, true, 9);
    u.observe(0, true, 10);
    assert_int_equal(u.highest(), 0x200000000ULL);
    assert_int_equal(u.counts().wraps, 0);
}

}  // namespace

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_in_order),
        cmocka_unit_test(test_first_packet_not_one),
        cmocka_unit_test(test_gap_then_late),
        cmocka_unit_test(test_duplicates_name_the_frame),
        cmocka_unit_test(test_duplicate_of_the_only_packet),
        cmocka_unit_test(test_late_before_first_keeps_lost),
        cmocka_unit_test(test_window_edges),
        cmocka_unit_test(test_big_jump_clears_window),
        cmocka_unit_test(test_wrap_without_esn),
        cmocka_unit_test(test_esn_across_2_32),
        cmocka_unit_test(test_esn_gap_across_boundary),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
