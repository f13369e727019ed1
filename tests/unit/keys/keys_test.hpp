// Helpers shared by the key store / key file tests: hex builders, exact error lists with
// a readable diff on failure, the "no key bytes in any message" check, and the source
// tree location (argv[1], else the IKEV2_SOURCE_DIR compile definition).
#pragma once

#include <cctype>
#include <cstdio>
#include <cstring>
#include <initializer_list>
#include <string>
#include <vector>

#include "../unit_common.hpp"
#include "keys/key_file.hpp"
#include "keys/key_store.hpp"

namespace keys_test {

using ikev2::keys::KeyFileError;
using ikev2::keys::KeyFormat;
using ikev2::keys::KeyStore;
using ikev2::keys::LoadResult;

inline std::string& source_dir() {
    static std::string dir =
#ifdef IKEV2_SOURCE_DIR
        IKEV2_SOURCE_DIR;
#else
        ".";
#endif
    return dir;
}

inline void set_source_dir(int argc, char** argv) {
    if (argc > 1 && argv[1][0]) source_dir() = argv[1];
}

inline std::string read_file(const std::string& path) {
    std::string out;
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) return out;
    char buf[4096];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
    std::fclose(f);
    return out;
}

inline bool file_exists(const std::string& path) {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (f) std::fclose(f);
    return f != nullptr;
}

// n octets start, start+1, ... as lower-case hex (test keys).
inline std::string seq(unsigned start, size_t n) {
    std::string s;
    char b[3];
    for (size_t i = 0; i < n; i++) {
        std::snprintf(b, sizeof b, "%02x", static_cast<unsigned>((start + i) & 0xff));
        s += b;
    }
    return s;
}

inline std::vector<uint8_t> bytes(const std::string& hex) {
    unit::Bytes b;
    b.hex(hex.c_str());
    return b.b;
}

inline std::vector<uint8_t> seqv(unsigned start, size_t n) {
    return bytes(seq(start, n));
}

// Exactly these errors (KeyFileError::to_string()), in order.
inline void expect_errors(const LoadResult& r, std::initializer_list<std::string> want,
                          const char* file, int line) {
    bool ok = r.errors.size() == want.size();
    size_t i = 0;
    for (const std::string& w : want) {
        if (i >= r.errors.size() || r.errors[i].to_string() != w) ok = false;
        i++;
    }
    if (!ok) {
        std::fprintf(stderr, "%s:%d: errors differ\n  want:\n", file, line);
        for (const std::string& w : want) std::fprintf(stderr, "    %s\n", w.c_str());
        std::fprintf(stderr, "  got:\n");
        for (const KeyFileError& e : r.errors)
            std::fprintf(stderr, "    %s\n", e.to_string().c_str());
    }
    _assert_true(ok ? 1 : 0, "errors as expected", file, line);
}
#define EXPECT_ERRORS(r, ...) keys_test::expect_errors((r), {__VA_ARGS__}, __FILE__, __LINE__)
#define EXPECT_NO_ERRORS(r) keys_test::expect_errors((r), {}, __FILE__, __LINE__)

inline std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// No error message may contain key bytes: every 8-character window of every run of 8 or
// more hex digits in `input` (keys, as written) must be absent from every message, in
// either case. (SPIs are in the input too; messages do not print them either.)
inline void expect_no_secrets(const LoadResult& r, const std::string& input, const char* file,
                              int line) {
    std::vector<std::string> runs;
    std::string cur;
    for (size_t i = 0; i <= input.size(); i++) {
        const char c = i < input.size() ? input[i] : ' ';
        if (std::isxdigit(static_cast<unsigned char>(c))) {
            cur += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        } else {
            if (cur.size() >= 8) runs.push_back(cur);
            cur.clear();
        }
    }
    for (const KeyFileError& e : r.errors) {
        const std::string m = lower(e.to_string());
        for (const std::string& run : runs) {
            for (size_t k = 0; k + 8 <= run.size(); k++) {
                if (m.find(run.substr(k, 8)) != std::string::npos) {
                    std::fprintf(stderr, "%s:%d: key bytes in \"%s\"\n", file, line,
                                 e.to_string().c_str());
                    _assert_true(0, "no key bytes in messages", file, line);
                    return;
                }
            }
        }
    }
}
#define EXPECT_NO_SECRETS(r, input) keys_test::expect_no_secrets((r), (input), __FILE__, __LINE__)

// Load `text` as file "t" into a fresh store.
struct Loaded {
    KeyStore store;
    LoadResult r;
};

inline void load(Loaded& l, const std::string& text, const std::string& name = "t") {
    l.r = ikev2::keys::load_key_text(text, name, l.store);
}

inline void assert_bytes(const std::vector<uint8_t>& got, const std::vector<uint8_t>& want,
                         const char* what, const char* file, int line) {
    const bool ok = got == want;
    if (!ok)
        std::fprintf(stderr, "%s:%d: %s: %zu octets, want %zu (contents differ)\n", file, line,
                     what, got.size(), want.size());
    _assert_true(ok ? 1 : 0, what, file, line);
}
#define ASSERT_BYTES(got, want) keys_test::assert_bytes((got), (want), #got, __FILE__, __LINE__)

inline ikev2::ByteView addr4(const uint8_t (&a)[4]) {
    return ikev2::ByteView(a, 4);
}
inline ikev2::ByteView addr16(const uint8_t (&a)[16]) {
    return ikev2::ByteView(a, 16);
}

}  // namespace keys_test
