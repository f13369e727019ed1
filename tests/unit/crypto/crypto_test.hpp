// Helpers shared by the crypto unit tests: byte comparison with a hex dump on failure,
// and ByteViews over unit::Bytes. Built on ../unit_common.hpp (Bytes, ike_header, ...).
#pragma once

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "../unit_common.hpp"
#include "crypto/algorithms.hpp"
#include "crypto/status.hpp"

namespace crypto_test {

using unit::Bytes;

inline Bytes hex(const char* h) {
    Bytes b;
    b.hex(h);
    return b;
}

inline Bytes text(const char* s) {
    Bytes b;
    b.str(s);
    return b;
}

inline Bytes repeat(uint8_t v, size_t n) {
    Bytes b;
    b.fill(n, v);
    return b;
}

// The first n octets of b.
inline Bytes from_prefix(const Bytes& b, size_t n) {
    Bytes out;
    out.raw(b.data(), n < b.size() ? n : b.size());
    return out;
}

inline std::string to_hex(const uint8_t* p, size_t n) {
    static const char d[] = "0123456789abcdef";
    std::string s;
    for (size_t i = 0; i < n; i++) {
        s += d[p[i] >> 4];
        s += d[p[i] & 15];
    }
    return s;
}

inline void expect_bytes(const uint8_t* got, size_t got_len, const uint8_t* want,
                         size_t want_len, const char* file, int line) {
    bool ok = got_len == want_len && (want_len == 0 || std::memcmp(got, want, want_len) == 0);
    if (!ok)
        std::fprintf(stderr, "%s:%d: bytes differ\n  got  %s\n  want %s\n", file, line,
                     to_hex(got, got_len).c_str(), to_hex(want, want_len).c_str());
    _assert_true(ok ? 1 : 0, "bytes as expected", file, line);
}

#define EXPECT_BYTES(got_vec, want_bytes)                                                   \
    crypto_test::expect_bytes((got_vec).data(), (got_vec).size(), (want_bytes).data(),     \
                              (want_bytes).size(), __FILE__, __LINE__)
#define EXPECT_RAW(got_ptr, got_len, want_bytes)                                            \
    crypto_test::expect_bytes((got_ptr), (got_len), (want_bytes).data(), (want_bytes).size(), \
                              __FILE__, __LINE__)

inline void expect_status(ikev2::crypto::Status got, ikev2::crypto::Status want,
                          const char* file, int line) {
    if (got != want)
        std::fprintf(stderr, "%s:%d: status \"%s\", expected \"%s\"\n", file, line,
                     ikev2::crypto::status_text(got), ikev2::crypto::status_text(want));
    _assert_true(got == want ? 1 : 0, "status as expected", file, line);
}
#define EXPECT_STATUS(got, want) crypto_test::expect_status((got), (want), __FILE__, __LINE__)

}  // namespace crypto_test
