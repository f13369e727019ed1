// Helpers shared by the fuzz targets.
#pragma once

#include <cstdint>
#include <vector>

namespace fuzz_util {

// Hex text (the fixed keys of the targets) to bytes; the text is trusted.
inline std::vector<uint8_t> hex(const char* s) {
    std::vector<uint8_t> v;
    auto nib = [](char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; };
    for (; s[0] && s[1]; s += 2) v.push_back(static_cast<uint8_t>(nib(s[0]) << 4 | nib(s[1])));
    return v;
}

}  // namespace fuzz_util
