// Bounds-checked views over bytes. Every read in the core goes through a Reader: a read
// past the end returns false and leaves the output untouched, it never touches memory
// outside the view. Offsets are kept relative to the start of the buffer that was handed
// to the parser, so the glue can map each field back to its place in the packet.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

namespace ikev2 {

// Where a field lies, relative to the start of the parsed buffer.
struct Span {
    uint32_t off = 0;
    uint32_t len = 0;
    uint32_t end() const { return off + len; }
    bool empty() const { return len == 0; }
};

// A non-owning view of bytes; `base` is the offset of data[0] in the parsed buffer.
struct ByteView {
    const uint8_t* data = nullptr;
    size_t size = 0;
    uint32_t base = 0;

    ByteView() = default;
    ByteView(const uint8_t* d, size_t n, uint32_t b = 0) : data(d), size(n), base(b) {}

    // Sub-view [off, off+len) clipped to this view; an out-of-range request yields an
    // empty view at the end.
    ByteView sub(size_t off, size_t len) const {
        if (off > size) off = size;
        if (len > size - off) len = size - off;
        return ByteView(data + off, len, base + static_cast<uint32_t>(off));
    }
    ByteView from(size_t off) const { return sub(off, size); }
    Span span() const { return Span{base, static_cast<uint32_t>(size)}; }
    uint8_t operator[](size_t i) const { return i < size ? data[i] : 0; }
    bool equals(const void* other, size_t n) const {
        return n == size && (n == 0 || std::memcmp(data, other, n) == 0);
    }
    bool all_zero() const {
        for (size_t i = 0; i < size; i++)
            if (data[i] != 0) return false;
        return true;
    }
};

// Big-endian cursor over a ByteView.
class Reader {
public:
    explicit Reader(ByteView v) : v_(v) {}

    size_t remaining() const { return v_.size - pos_; }
    size_t pos() const { return pos_; }
    // Offset of the cursor in the parsed buffer.
    uint32_t offset() const { return v_.base + static_cast<uint32_t>(pos_); }
    bool at_end() const { return pos_ >= v_.size; }

    bool u8(uint8_t& out) {
        if (remaining() < 1) return false;
        out = v_.data[pos_++];
        return true;
    }
    bool u16(uint16_t& out) {
        if (remaining() < 2) return false;
        out = static_cast<uint16_t>((v_.data[pos_] << 8) | v_.data[pos_ + 1]);
        pos_ += 2;
        return true;
    }
    bool u24(uint32_t& out) {
        if (remaining() < 3) return false;
        out = (uint32_t{v_.data[pos_]} << 16) | (uint32_t{v_.data[pos_ + 1]} << 8) | v_.data[pos_ + 2];
        pos_ += 3;
        return true;
    }
    bool u32(uint32_t& out) {
        if (remaining() < 4) return false;
        out = 0;
        for (int i = 0; i < 4; i++) out = (out << 8) | v_.data[pos_ + i];
        pos_ += 4;
        return true;
    }
    bool u64(uint64_t& out) {
        if (remaining() < 8) return false;
        out = 0;
        for (int i = 0; i < 8; i++) out = (out << 8) | v_.data[pos_ + i];
        pos_ += 8;
        return true;
    }
    bool bytes(size_t n, ByteView& out) {
        if (remaining() < n) return false;
        out = v_.sub(pos_, n);
        pos_ += n;
        return true;
    }
    bool skip(size_t n) {
        if (remaining() < n) return false;
        pos_ += n;
        return true;
    }
    // Everything that is left, consumed.
    ByteView rest() {
        ByteView r = v_.from(pos_);
        pos_ = v_.size;
        return r;
    }

private:
    ByteView v_;
    size_t pos_ = 0;
};

inline uint16_t load_be16(const uint8_t* p) { return static_cast<uint16_t>((p[0] << 8) | p[1]); }
inline uint32_t load_be32(const uint8_t* p) {
    return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
}

// Lower-case hex of a view (for names and tests; never used for keys in logs).
std::string to_hex(ByteView v);

}  // namespace ikev2
