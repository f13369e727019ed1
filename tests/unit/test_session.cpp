// The capture engine (session/capture.hpp) on real lab captures read from test-captures/,
// with the scenarios' own key files, as the glue feeds it: every IKE message and ESP
// packet in frame order, then a second pass that must give the same frames. And the RFC
// 7383 reassembler on its own: order, retransmissions, a changed total, the bounds.
#include "unit_common.hpp"

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "detect.hpp"
#include "keys/key_file.hpp"
#include "session/capture.hpp"

using namespace ikev2;
using session::SkfReassembler;

namespace {

// ---- a classic pcap of Ethernet / IPv4 / UDP frames, as the lab writes them --------

struct Frame {
    uint32_t number = 0;
    double time = 0;
    std::vector<uint8_t> src, dst;  // IPv4 addresses
    uint16_t sport = 0, dport = 0;
    uint8_t proto = 0;              // 17 UDP, 50 ESP
    std::vector<uint8_t> payload;   // UDP payload, or the ESP packet
};

uint32_t le32(const uint8_t* p) { return p[0] | (p[1] << 8) | (p[2] << 16) | (uint32_t{p[3]} << 24); }
uint16_t be16(const uint8_t* p) { return static_cast<uint16_t>((p[0] << 8) | p[1]); }

std::vector<Frame> read_pcap(const std::string& path) {
    std::vector<Frame> out;
    FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) fail_msg("cannot open %s", path.c_str());
    std::vector<uint8_t> d;
    uint8_t buf[65536];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) d.insert(d.end(), buf, buf + n);
    std::fclose(f);
    assert_true(d.size() >= 24 && le32(d.data()) == 0xa1b2c3d4u && le32(d.data() + 20) == 1);
    size_t off = 24;
    uint32_t number = 0;
    while (off + 16 <= d.size()) {
        const uint32_t secs = le32(&d[off]), usecs = le32(&d[off + 4]), incl = le32(&d[off + 8]);
        off += 16;
        if (off + incl > d.size()) break;
        const uint8_t* p = &d[off];
        off += incl;
        number++;
        if (incl < 34 || be16(p + 12) != 0x0800) continue;
        const uint8_t* ip = p + 14;
        const size_t ihl = (ip[0] & 0x0f) * 4u, total = be16(ip + 2);
        if (14 + total > incl) continue;
        Frame fr;
        fr.number = number;
        fr.time = secs + usecs / 1e6;
        fr.src.assign(ip + 12, ip + 16);
        fr.dst.assign(ip + 16, ip + 20);
        fr.proto = ip[9];
        const uint8_t* l4 = ip + ihl;
        const size_t l4len = total - ihl;
        if (fr.proto == 17 && l4len >= 8) {
            fr.sport = be16(l4);
            fr.dport = be16(l4 + 2);
            fr.payload.assign(l4 + 8, l4 + l4len);
        } else if (fr.proto == 50) {
            fr.payload.assign(l4, l4 + l4len);
        } else {
            continue;
        }
        out.push_back(std::move(fr));
    }
    return out;
}

std::string source(const char* rel) { return std::string(IKEV2_SOURCE_DIR) + "/" + rel; }

uint8_t* heap_alloc(size_t n, void* ctx) {
    auto* keep = static_cast<std::vector<std::vector<uint8_t>>*>(ctx);
    keep->emplace_back(n);
    return keep->back().data();
}

// The IKE message of a UDP frame (`data`: its payload without the non-ESP marker).
session::IkePacket ike_packet(const Frame& fr, ByteView data) {
    session::IkePacket p;
    p.frame = fr.number;
    p.time = fr.time;
    p.src = analysis::Endpoint::make(fr.src.data(), 4, fr.sport);
    p.dst = analysis::Endpoint::make(fr.dst.data(), 4, fr.dport);
    p.message = data;
    return p;
}

// What one pass over a capture gave.
struct Pass {
    std::vector<session::IkeFrame> ike;
    std::vector<session::EspFrame> esp;
    uint32_t decrypted_sk = 0, complete = 0, esp_good = 0, children_derived = 0;
};

Pass run_pass(session::Capture& cap, keys::KeyStore& keys, const std::vector<Frame>& frames,
              bool first_pass) {
    Pass out;
    std::vector<std::vector<uint8_t>> buffers;
    for (const Frame& fr : frames) {
        ByteView data(fr.payload.data(), fr.payload.size());
        bool esp = fr.proto == 50;
        if (fr.proto == 17) {
            if (fr.sport != 500 && fr.dport != 500) {
                // UDP 4500: the non-ESP marker before IKE, ESP otherwise, keepalives.
                const UdpEncap e = classify_udp_encap(data);
                if (e == UdpEncap::Ike) data = data.from(kNonEspMarkerSize);
                else if (e == UdpEncap::Esp) esp = true;
                else continue;
            }
        }
        if (esp) {
            uint8_t* plain = nullptr;
            const session::EspFrame* f =
                cap.esp(fr.number, 0, data, ByteView(fr.src.data(), 4), ByteView(fr.dst.data(), 4), keys,
                        first_pass, heap_alloc, &buffers, &plain);
            assert_non_null(f);
            out.esp.push_back(*f);
            if (f->status == crypto::Status::Ok && f->integrity_checked) out.esp_good++;
            continue;
        }
        const session::IkePacket p = ike_packet(fr, data);
        const session::IkeFrame* f = cap.ike(p, keys, first_pass);
        assert_non_null(f);
        assert_true(f->ikev2);
        assert_true(f->record != 0);
        out.ike.push_back(*f);
        if (f->sk.decrypted && f->sk.status == crypto::Status::Ok) out.decrypted_sk++;
        if (f->complete) out.complete++;
        if (f->child_keys.outcome == ChildKeyOutcome::Derived) {
            out.children_derived++;
            // The CHILD_SA record the response created holds the same outcome.
            const ChildSa* c = cap.sas().child(f->child);
            assert_non_null(c);
            assert_int_equal(c->keys, ChildKeyOutcome::Derived);
            assert_int_equal(c->spi_r, f->child_keys.spi_to_responder);
            assert_int_equal(c->algorithms.encr_id, f->child_keys.transforms.encr_id);
        }
    }
    return out;
}

void load_keys(const char* rel, keys::KeyStore& keys) {
    const keys::LoadResult r = keys::load_key_file(source(rel), keys);
    if (!r.errors.empty()) fail_msg("%s: %s", rel, r.errors.front().message.c_str());
}

// psk-aescbc-sha256 with its IKE keys and SK_d only: every SK payload verifies, the
// CHILD_SA's keys are derived, and every ESP packet verifies with them. The second pass
// gives the same frames, without new work.
void test_capture_sk_d(void**) {
    const auto frames = read_pcap(source("test-captures/psk-aescbc-sha256/capture.pcap"));
    keys::KeyStore keys;
    load_keys("test-captures/psk-aescbc-sha256/ike-sk_d.keys", keys);
    session::Capture cap;
    const Pass one = run_pass(cap, keys, frames, true);
    assert_int_equal(one.ike.size(), 6);
    assert_int_equal(one.decrypted_sk, 4);  // IKE_AUTH request and response, the delete exchange
    assert_int_equal(one.complete, 4);
    assert_int_equal(one.children_derived, 1);
    assert_int_equal(one.esp.size(), 6);
    assert_int_equal(one.esp_good, 6);
    assert_true(cap.derived_keys().esp_sas().size() == 2);
    assert_true(cap.tracker().ike_sa_count() == 1);

    const Pass two = run_pass(cap, keys, frames, false);
    assert_int_equal(two.ike.size(), one.ike.size());
    for (size_t i = 0; i < one.ike.size(); i++) {
        assert_int_equal(two.ike[i].record, one.ike[i].record);
        assert_true(two.ike[i].inner.data == one.ike[i].inner.data);
    }
    assert_int_equal(two.esp_good, 6);
    assert_true(cap.tracker().ike_sa_count() == 1);  // nothing tracked twice
}

// Capture::view: the texts asked for, and the inner chain of the first pass. With columns
// but no tree (tshark without -V) the Info text is the full one when the preference says
// so; without columns it stays empty; the decrypted payloads are the same on the first pass
// (parsed by the engine) and on a later one (parsed again).
void test_view_texts(void**) {
    const auto frames = read_pcap(source("test-captures/psk-aescbc-sha256/capture.pcap"));
    keys::KeyStore keys;
    load_keys("test-captures/psk-aescbc-sha256/ike-sk_d.keys", keys);
    session::Capture cap, both;
    size_t messages = 0, opened = 0;
    for (const Frame& fr : frames) {
        if (fr.proto != 17) continue;
        ByteView data(fr.payload.data(), fr.payload.size());
        if (fr.sport != 500 && fr.dport != 500) {
            if (classify_udp_encap(data) != UdpEncap::Ike) continue;
            data = data.from(kNonEspMarkerSize);
        }
        const session::IkePacket p = ike_packet(fr, data);
        session::ViewTexts columns_only;
        columns_only.summary = false;
        session::IkeView v, full, later;
        cap.view(p, keys, true, SummaryDetail::Full, v, columns_only);
        both.view(p, keys, true, SummaryDetail::Full, full);
        assert_true(v.summary.empty());
        assert_false(full.summary.empty());
        assert_string_equal(v.info.c_str(), full.summary.c_str());
        assert_string_equal(full.info.c_str(), full.summary.c_str());
        session::ViewTexts none;
        none.info = none.summary = false;
        cap.view(p, keys, false, SummaryDetail::Brief, later, none);
        assert_true(later.info.empty() && later.summary.empty());
        assert_int_equal(v.inner.size(), later.inner.size());
        assert_int_equal(v.inner.size(), full.inner.size());
        messages++;
        if (v.opened) {
            if (!v.inner.empty()) opened++;  // an empty INFORMATIONAL has no inner payload
            for (size_t i = 0; i < v.inner.size(); i++) {
                assert_int_equal(v.inner[i].type, later.inner[i].type);
                assert_true(v.inner[i].span.off == later.inner[i].span.off);
            }
        }
    }
    assert_int_equal(messages, 6);
    assert_true(opened >= 2);  // IKE_AUTH request and response at least
}

// A later pass never processes what the first did not see.
void test_capture_later_pass_only(void**) {
    const auto frames = read_pcap(source("test-captures/psk-aescbc-sha256/capture.pcap"));
    keys::KeyStore keys;
    session::Capture cap;
    session::IkePacket p;
    p.frame = frames[0].number;
    p.message = ByteView(frames[0].payload.data(), frames[0].payload.size());
    assert_null(cap.ike(p, keys, false));
    assert_non_null(cap.ike(p, keys, true));
    assert_non_null(cap.ike(p, keys, false));
}

// frag-cert: both IKE_AUTH messages in four SKF fragments each. Each fragment decrypts
// alone; the frame of the fourth has the whole message, the others learn where.
void test_capture_fragments(void**) {
    const auto frames = read_pcap(source("test-captures/frag-cert/capture.pcap"));
    keys::KeyStore keys;
    load_keys("test-captures/frag-cert/ike-sk_d.keys", keys);
    session::Capture cap;
    const Pass one = run_pass(cap, keys, frames, true);
    uint32_t fragments = 0, completed = 0;
    for (const session::IkeFrame& f : one.ike) {
        if (!f.skf_total) continue;
        fragments++;
        assert_int_equal(f.skf_total, 4);
        if (f.reassembled) {
            completed++;
            assert_int_equal(f.skf_number, 4);
            const SkfReassembler::Message* m = cap.reassembled(f.reassembled);
            assert_non_null(m);
            assert_int_equal(m->pieces.size(), 4);
            assert_true(f.inner.size == m->plaintext.size());
            assert_false(f.payloads_unauthenticated);
        }
    }
    assert_int_equal(fragments, 8);
    assert_int_equal(completed, 2);
    const Pass two = run_pass(cap, keys, frames, false);
    for (const session::IkeFrame& f : two.ike)
        if (f.skf_total) assert_true(f.reassembled_in != 0);
    assert_int_equal(one.children_derived, 1);
}

// ---- the reassembler alone ----------------------------------------------------------

uint32_t add(SkfReassembler& r, uint32_t mid, uint16_t n, uint16_t total, const char* text,
             SkfReassembler::Result want, bool unauth = false, std::vector<uint64_t>* dropped = nullptr) {
    uint32_t index = 0;
    const ByteView v(reinterpret_cast<const uint8_t*>(text), std::strlen(text));
    const auto got = r.add(1, 2, mid, false, n, total, n == 1 ? 35 : 0, v, unauth, (uint64_t{n} << 32) | mid,
                           &index, dropped);
    if (got != want) fail_msg("fragment %u/%u of %u: result %d, expected %d", n, total, mid, int(got), int(want));
    return index;
}

// Results by (frame, offset): appended in frame order, found by binary search; a key out
// of order is kept too; pointers stay where they are while results are added.
void test_frame_results(void**) {
    session::FrameResults<session::EspFrame> r;
    assert_null(r.find(1));
    session::EspFrame& first = r.add(10);
    first.sa_id = 10;
    for (uint64_t k = 11; k < 5000; k += 2) r.add(k).sa_id = static_cast<uint32_t>(k);
    assert_ptr_equal(r.find(10), &first);
    assert_int_equal(r.find(4001)->sa_id, 4001);
    assert_null(r.find(4002));  // between two keys
    assert_null(r.find(9999));  // past the last
    // Out of order: a frame dissected for the first time after later ones.
    r.add(12).sa_id = 12;
    assert_int_equal(r.find(12)->sa_id, 12);
    assert_int_equal(r.find(13)->sa_id, 13);
    assert_int_equal(r.size(), 2497);
    assert_int_equal(first.sa_id, 10);
}

void test_reassembler(void**) {
    using R = SkfReassembler::Result;
    SkfReassembler r;
    add(r, 1, 3, 3, "cc", R::Kept);
    add(r, 1, 1, 3, "aa", R::Kept, true);
    add(r, 1, 1, 3, "aa", R::Duplicate);
    uint32_t i = add(r, 1, 2, 3, "bb", R::Completed);
    const SkfReassembler::Message* m = r.message(i);
    assert_non_null(m);
    assert_memory_equal(m->plaintext.data(), "aabbcc", 6);
    assert_int_equal(m->first_payload, 35);
    assert_true(m->unauthenticated);
    assert_int_equal(m->pieces.size(), 3);
    assert_int_equal(m->pieces[0].ref >> 32, 1);
    assert_int_equal(r.open(), 0);
    // A total that changes starts the message again.
    add(r, 2, 1, 2, "x", R::Kept);
    add(r, 2, 2, 3, "y", R::Kept);
    add(r, 2, 1, 3, "x", R::Kept);
    i = add(r, 2, 3, 3, "z", R::Completed);
    assert_memory_equal(r.message(i)->plaintext.data(), "xyz", 3);
    assert_false(r.message(i)->unauthenticated);
    // Numbers and totals out of range.
    add(r, 3, 0, 2, "x", R::BadNumber);
    add(r, 3, 3, 2, "x", R::BadNumber);
    add(r, 3, 1, SkfReassembler::kMaxFragments + 1, "x", R::TooManyTotal);
    assert_null(r.message(0));
    assert_null(r.message(99));
    // At most kMaxOpen messages wait: the one that waited longest is dropped, and the
    // caller learns which fragment that was.
    std::vector<uint64_t> dropped;
    for (uint32_t mid = 100; mid < 100 + SkfReassembler::kMaxOpen; mid++)
        add(r, mid, 1, 2, "x", R::Kept, false, &dropped);
    assert_true(dropped.empty());
    add(r, 1u << 30, 1, 2, "x", R::Kept, false, &dropped);
    assert_int_equal(r.open(), SkfReassembler::kMaxOpen);
    assert_int_equal(dropped.size(), 1);
    assert_int_equal(dropped[0], (uint64_t{1} << 32) | 100);
    // The oldest is gone: its second fragment starts a new message; the next oldest
    // (101) still completes.
    dropped.clear();
    add(r, 101, 2, 2, "y", R::Completed, false, &dropped);
    assert_true(dropped.empty());
    // A message larger than kMaxBytes alone is never kept.
    std::string big(SkfReassembler::kMaxBytes / 2 + 1, 'b');
    add(r, 7, 1, 3, big.c_str(), R::Kept, false, &dropped);
    add(r, 7, 2, 3, big.c_str(), R::Kept, false, &dropped);
    assert_true(std::find(dropped.begin(), dropped.end(), (uint64_t{1} << 32) | 7) != dropped.end());
    assert_true(std::find(dropped.begin(), dropped.end(), (uint64_t{2} << 32) | 7) != dropped.end());
}

}  // namespace

int main() {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_capture_sk_d),
        cmocka_unit_test(test_capture_later_pass_only),
        cmocka_unit_test(test_view_texts),
        cmocka_unit_test(test_capture_fragments),
        cmocka_unit_test(test_reassembler),
        cmocka_unit_test(test_frame_results),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
