#include "sequence.hpp"

#include <new>

namespace ikev2::esp {

uint32_t SeqTracker::infer_high(uint32_t low) const {
    if (!any_) return 0;
    // Candidates: the current high half, and one above or below it; take the nearest.
    const uint64_t th = highest_ >> 32;
    uint64_t best = th;
    uint64_t best_dist = ~uint64_t{0};
    for (int d = -1; d <= 1; d++) {
        if ((d < 0 && th == 0) || (d > 0 && th == 0xffffffffu)) continue;
        const uint64_t cand_hi = th + static_cast<uint64_t>(static_cast<int64_t>(d));
        const uint64_t cand = (cand_hi << 32) | low;
        const uint64_t dist = cand > highest_ ? cand - highest_ : highest_ - cand;
        if (dist < best_dist) {
            best_dist = dist;
            best = cand_hi;
        }
    }
    return static_cast<uint32_t>(best);
}

void SeqTracker::remember(uint64_t seq, uint32_t ref) {
    if (!frames_ && counts_.packets <= 1) {
        one_seq_ = seq;
        one_ref_ = ref;
        return;
    }
    if (!frames_) {
        frames_.reset(new (std::nothrow) uint32_t[kWindow]());
        if (!frames_) return;  // out of memory: duplicates are reported without their frame
        frames_[one_seq_ % kWindow] = one_ref_;
    }
    frames_[seq % kWindow] = ref;
}

uint32_t SeqTracker::frame_of(uint64_t seq) const {
    if (frames_) return frames_[seq % kWindow];
    return seq == one_seq_ ? one_ref_ : 0;
}

SeqEvent SeqTracker::observe(uint32_t low, bool esn, uint32_t ref) {
    SeqEvent e;
    const uint64_t seq = esn ? (uint64_t{infer_high(low)} << 32) | low : low;
    e.seq = seq;
    e.number = ++counts_.packets;
    e.expected = any_ ? highest_ + 1 : seq;

    auto restart = [&](SeqEvent::Kind k) {
        any_ = true;
        highest_ = seq;
        first_ = seq;
        window_ = 1;
        remember(seq, ref);
        e.kind = k;
        return e;
    };
    if (!any_) return restart(SeqEvent::Kind::First);
    // A 32-bit counter far below the highest: the sender started over (RFC 4303 3.3.3
    // forbids it without a new SA). Half the number space is the threshold.
    if (!esn && seq < highest_ && highest_ - seq > 0x80000000u) {
        counts_.wraps++;
        return restart(SeqEvent::Kind::Wrap);
    }
    if (seq > highest_) {
        const uint64_t diff = seq - highest_;
        if (diff > 1) {
            e.kind = SeqEvent::Kind::Gap;
            e.lost = diff - 1;
            counts_.lost += e.lost;
        } else {
            e.kind = SeqEvent::Kind::Next;
        }
        window_ = diff >= kWindow ? 0 : window_ << diff;
        window_ |= 1;
        highest_ = seq;
        remember(seq, ref);
        return e;
    }
    const uint64_t back = highest_ - seq;
    if (back >= kWindow) {
        e.kind = SeqEvent::Kind::Old;
        counts_.old++;
        return e;
    }
    const uint64_t bit = uint64_t{1} << back;
    if (window_ & bit) {
        e.kind = SeqEvent::Kind::Duplicate;
        e.duplicate_of = frame_of(seq);
        counts_.duplicates++;
        return e;
    }
    e.kind = SeqEvent::Kind::Late;
    window_ |= bit;
    remember(seq, ref);
    counts_.late++;
    // Counted as lost by a gap, unless it is older than the first packet seen.
    if (seq > first_ && counts_.lost) counts_.lost--;
    return e;
}

}  // namespace ikev2::esp
