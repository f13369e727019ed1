// Sequence-number analysis of one ESP SA as a receiver would see it (RFC 4303 3.4.3):
// gaps (packets lost before the capture point, or never sent), duplicates (replays, or
// a capture that saw the packet twice), late packets inside the replay window, packets
// older than the window, and wraps of a 32-bit counter (a sender must rekey instead,
// RFC 4303 3.3.3).
//
// With extended sequence numbers only the low 32 bits are sent; the high bits are
// inferred by choosing the 64-bit value nearest the highest number seen so far. This is
// RFC 4303 Appendix A2 with a window of 2^31: a receiver's A2 with its small replay
// window would put a packet far behind into the next epoch, but a capture also shows
// reordered and duplicated packets, which the nearest value keeps in their own epoch.
// A capture that starts after an ESN SA has sent 2^32 packets has its high half taken
// as 0 (the capture cannot tell), so such packets fail their ICV.
// Works without keys: sequence numbers are sent in the clear.
//
// Bounded: 64-bit window bitmap and the frame of each packet inside it, no allocation.
#pragma once

#include <cstdint>
#include <memory>

namespace ikev2::esp {

struct SeqEvent {
    enum class Kind : uint8_t {
        First,      // first packet of the SA in the capture
        Next,       // exactly the expected number
        Gap,        // higher than expected: `lost` numbers skipped
        Late,       // inside the window, not seen before: arrived out of order
        Duplicate,  // seen before (frame `duplicate_of`): a replay, or captured twice
        Old,        // below the window: a receiver drops it
        Wrap,       // a 32-bit counter went back to a low value: the SA should have been rekeyed
    };
    Kind kind = Kind::First;
    uint64_t seq = 0;        // the full sequence number (high bits inferred with ESN)
    uint64_t expected = 0;   // what the next packet should have carried
    uint64_t lost = 0;       // Gap: numbers skipped
    uint32_t duplicate_of = 0;
    uint64_t number = 0;     // 1-based position of this packet in the SA
};

struct SeqCounts {
    uint64_t packets = 0, lost = 0, late = 0, duplicates = 0, old = 0, wraps = 0;
};

class SeqTracker {
public:
    static constexpr unsigned kWindow = 64;

    // The high 32 bits an ESN packet carrying `low` most likely has.
    uint32_t infer_high(uint32_t low) const;

    // Record a packet; `ref` (the frame number) is remembered for duplicate reports.
    SeqEvent observe(uint32_t low, bool esn, uint32_t ref);

    const SeqCounts& counts() const { return counts_; }
    uint64_t highest() const { return highest_; }

private:
    bool any_ = false;
    uint64_t first_ = 0;    // first number seen (since the last wrap)
    uint64_t highest_ = 0;
    uint64_t window_ = 0;  // bit i: highest_ - i was seen
    // The frame of each number in the window, for duplicate reports: made with the SA's
    // second packet (a capture of many SAs has many with one packet each); until then the
    // one number seen and its frame.
    void remember(uint64_t seq, uint32_t ref);
    uint32_t frame_of(uint64_t seq) const;
    std::unique_ptr<uint32_t[]> frames_;
    uint64_t one_seq_ = 0;
    uint32_t one_ref_ = 0;
    SeqCounts counts_;
};

}  // namespace ikev2::esp
