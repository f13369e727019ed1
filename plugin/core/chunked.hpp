// A growing sequence in fixed chunks: elements never move once added (references stay
// valid), growth allocates one chunk of N at a time and never copies what is there. For
// the records a capture keeps per message or per frame: hundreds of thousands of them,
// where a std::vector's doubling copies everything and briefly holds it twice, and a
// std::deque allocates once per 512 octets (once per element for elements that large).
#pragma once

#include <cstddef>
#include <memory>
#include <vector>

namespace ikev2 {

template <class T, size_t N = 256>
class Chunked {
public:
    T& operator[](size_t i) { return chunks_[i / N][i % N]; }
    const T& operator[](size_t i) const { return chunks_[i / N][i % N]; }
    size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    T& back() { return (*this)[size_ - 1]; }

    // A new, value-initialized element at the end. May throw std::bad_alloc (nothing is
    // added then).
    T& emplace_back() {
        if (size_ % N == 0) chunks_.push_back(std::make_unique<T[]>(N));
        return (*this)[size_++];
    }

private:
    std::vector<std::unique_ptr<T[]>> chunks_;
    size_t size_ = 0;
};

}  // namespace ikev2
