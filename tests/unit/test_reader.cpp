// ByteView, Span and Reader (bytes.hpp): bounds-checked reads that fail without touching
// their output, offsets relative to the parsed buffer; to_hex and problem_text.
#include "unit_common.hpp"

#include <cstring>
#include <set>
#include <string>

using namespace ikev2;

namespace {

const uint8_t kData[] = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,
                         0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10};

void test_span_end_and_empty(void**) {
    Span s{10, 5};
    assert_int_equal(s.end(), 15);
    assert_false(s.empty());
    Span e{7, 0};
    assert_true(e.empty());
    assert_int_equal(e.end(), 7);
}

void test_view_sub_clips(void**) {
    ByteView v(kData, 8, 100);
    ByteView a = v.sub(2, 3);
    assert_int_equal(a.size, 3);
    assert_int_equal(a.base, 102);
    assert_int_equal(a[0], 0x03);
    EXPECT_SPAN(a.span(), 102, 3);

    // Length past the end is clipped to what is there.
    ByteView b = v.sub(6, 100);
    assert_int_equal(b.size, 2);
    assert_int_equal(b.base, 106);

    // Offset past the end: an empty view at the end, never beyond it.
    ByteView c = v.sub(50, 4);
    assert_int_equal(c.size, 0);
    assert_int_equal(c.base, 108);
    assert_ptr_equal(c.data, kData + 8);

    ByteView d = v.from(5);
    assert_int_equal(d.size, 3);
    assert_int_equal(d.base, 105);
    ByteView e = v.from(9);
    assert_int_equal(e.size, 0);
    assert_int_equal(e.base, 108);
}

void test_view_index_and_compare(void**) {
    ByteView v(kData, 4);
    assert_int_equal(v[3], 0x04);
    assert_int_equal(v[4], 0);  // out of range reads as 0, never past the view
    assert_int_equal(v[1000], 0);
    const uint8_t same[] = {1, 2, 3, 4};
    const uint8_t other[] = {1, 2, 3, 5};
    assert_true(v.equals(same, 4));
    assert_false(v.equals(other, 4));
    assert_false(v.equals(same, 3));
    assert_true(ByteView().equals(nullptr, 0));
    const uint8_t zeros[] = {0, 0, 0};
    assert_true(ByteView(zeros, 3).all_zero());
    assert_false(v.all_zero());
    assert_true(ByteView().all_zero());
}

void test_reader_big_endian(void**) {
    Reader r(ByteView(kData, sizeof kData, 40));
    uint8_t a = 0;
    uint16_t b = 0;
    uint32_t c = 0, d = 0;
    uint64_t e = 0;
    assert_int_equal(r.offset(), 40);
    assert_true(r.u8(a));
    assert_int_equal(a, 0x01);
    assert_true(r.u16(b));
    assert_int_equal(b, 0x0203);
    assert_true(r.u24(c));
    assert_int_equal(c, 0x040506);
    assert_true(r.u32(d));
    assert_int_equal(d, 0x0708090a);
    assert_int_equal(r.pos(), 10);
    assert_int_equal(r.offset(), 50);
    assert_int_equal(r.remaining(), 6);
    assert_false(r.at_end());
    Reader r2(ByteView(kData, sizeof kData));
    assert_true(r2.u64(e));
    assert_true(e == 0x0102030405060708ULL);
}

void test_reader_short_reads_leave_output(void**) {
    Reader r(ByteView(kData, 3));
    uint8_t a = 0xaa;
    uint16_t b = 0xbbbb;
    uint32_t c = 0xcccccccc;
    uint64_t e = 0xeeeeeeeeeeeeeeeeULL;
    assert_false(r.u32(c));
    assert_int_equal(c, 0xcccccccc);
    assert_false(r.u64(e));
    assert_true(e == 0xeeeeeeeeeeeeeeeeULL);
    assert_int_equal(r.pos(), 0);  // a failed read does not move the cursor
    assert_true(r.u16(b));
    assert_false(r.u16(b));
    assert_int_equal(b, 0x0102);
    assert_false(r.u24(c));
    assert_int_equal(c, 0xcccccccc);
    assert_true(r.u8(a));
    assert_false(r.u8(a));
    assert_int_equal(a, 0x03);
    assert_true(r.at_end());
    assert_int_equal(r.remaining(), 0);
}

void test_reader_bytes_skip_rest(void**) {
    Reader r(ByteView(kData, 10, 200));
    ByteView out(kData, 1, 999);
    assert_false(r.bytes(11, out));
    assert_int_equal(out.base, 999);  // untouched
    assert_true(r.skip(2));
    assert_true(r.bytes(3, out));
    assert_int_equal(out.size, 3);
    assert_int_equal(out.base, 202);
    assert_int_equal(out[0], 0x03);
    assert_false(r.skip(6));
    assert_int_equal(r.pos(), 5);
    assert_true(r.bytes(0, out));
    assert_int_equal(out.size, 0);
    ByteView rest = r.rest();
    assert_int_equal(rest.size, 5);
    assert_int_equal(rest.base, 205);
    assert_true(r.at_end());
    ByteView none = r.rest();
    assert_int_equal(none.size, 0);
    assert_int_equal(none.base, 210);
}

void test_load_be(void**) {
    assert_int_equal(load_be16(kData), 0x0102);
    assert_int_equal(load_be32(kData + 12), 0x0d0e0f10);
    const uint8_t hi[] = {0xff, 0xfe, 0xfd, 0xfc};
    assert_int_equal(load_be16(hi), 0xfffe);
    assert_int_equal(load_be32(hi), 0xfffefdfc);
}

void test_to_hex(void**) {
    assert_string_equal(to_hex(ByteView(kData, 4)).c_str(), "01020304");
    const uint8_t v[] = {0x00, 0xab, 0xff, 0x10};
    assert_string_equal(to_hex(ByteView(v, 4)).c_str(), "00abff10");
    assert_string_equal(to_hex(ByteView()).c_str(), "");
}

void test_problem_text_all_distinct(void**) {
    std::set<std::string> seen;
    const int last = static_cast<int>(Problem::NextPayloadMissing);
    for (int i = 0; i <= last; i++) {
        const char* t = problem_text(static_cast<Problem>(i));
        assert_non_null(t);
        assert_true(std::strlen(t) > 5);
        assert_string_not_equal(t, "Unknown problem");
        seen.insert(t);
    }
    assert_int_equal(seen.size(), last + 1);
    assert_string_equal(problem_text(static_cast<Problem>(last + 1)), "Unknown problem");
    assert_string_equal(problem_text(Problem::HeaderTruncated),
                        "IKE header truncated (fewer than 28 octets)");
}

}  // namespace

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_span_end_and_empty),
        cmocka_unit_test(test_view_sub_clips),
        cmocka_unit_test(test_view_index_and_compare),
        cmocka_unit_test(test_reader_big_endian),
        cmocka_unit_test(test_reader_short_reads_leave_output),
        cmocka_unit_test(test_reader_bytes_skip_rest),
        cmocka_unit_test(test_load_be),
        cmocka_unit_test(test_to_hex),
        cmocka_unit_test(test_problem_text_all_distinct),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
