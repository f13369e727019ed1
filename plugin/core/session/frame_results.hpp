// The capture engine's results per (frame, offset), kept for the life of the capture.
//
// The first pass dissects frames in order, so results arrive with growing keys: they are
// appended, and a later pass finds them by binary search. No hashing and no rehash on
// the first pass, where a hash map spent more on both than on the lookup itself
// (docs/performance.md). A key that arrives out of order (a frame dissected for the first
// time after a later one) goes to a small ordered map. Results never move: pointers
// stay valid while results are added.
#pragma once

#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <vector>

#include "../chunked.hpp"

namespace ikev2::session {

template <class T>
class FrameResults {
public:
    T* find(uint64_t key) {
        if (keys_.empty() || key > keys_.back()) return find_late(key);
        const auto it = std::lower_bound(keys_.begin(), keys_.end(), key);
        if (it != keys_.end() && *it == key) return &results_[static_cast<size_t>(it - keys_.begin())];
        return find_late(key);
    }

    // A new, value-initialized result for `key` (not yet present).
    T& add(uint64_t key) {
        if (keys_.empty() || key > keys_.back()) {
            keys_.push_back(key);
            try {
                return results_.emplace_back();
            } catch (...) {
                keys_.pop_back();  // a failure leaves both as they were
                throw;
            }
        }
        return late_[key];
    }

    size_t size() const { return keys_.size() + late_.size(); }

private:
    T* find_late(uint64_t key) {
        if (late_.empty()) return nullptr;
        const auto it = late_.find(key);
        return it == late_.end() ? nullptr : &it->second;
    }

    std::vector<uint64_t> keys_;                  // ascending
    Chunked<T> results_;                          // the result of keys_[i]
    std::map<uint64_t, T> late_;                  // keys that came out of order
};

}  // namespace ikev2::session
