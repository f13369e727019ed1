// libFuzzer target: the key-file readers (core/keys/). Built once per reader with
// IKEV2_FUZZ_READER set (tests/fuzz/CMakeLists.txt):
//   0 load_key_text, every reader by line shape      4 libreswan (pluto) lines
//   1 native lines                                   5 ip xfrm state blocks
//   2 Wireshark ikev2_decryption_table / esp_sa      6 charon logs, swanctl --list-sas
//   3 tcpdump ESP secrets
// Input: the text of a key file. Besides memory errors, the target checks what
// key_file.hpp promises of every error: it names the file, a line that exists and a field.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "keys/key_file.hpp"
#include "keys/readers.hpp"

#ifndef IKEV2_FUZZ_READER
#define IKEV2_FUZZ_READER 0
#endif

using namespace ikev2::keys;

namespace {

const std::string kFile = "fuzz.keys";

// One reader alone over the lines, the way load_key_text() splits them.
void read_with_one(std::string_view text, KeyStore& store, LoadResult& r) {
    detail::Ctx ctx(kFile, store, r);
    detail::CharonReader charon;
    detail::XfrmReader xfrm;
    detail::LibreswanReader libreswan;
    size_t pos = 0;
    unsigned no = 0;
    while (pos < text.size()) {
        const size_t nl = text.find('\n', pos);
        std::string_view raw = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
        pos = nl == std::string_view::npos ? text.size() : nl + 1;
        r.lines = ++no;
        const std::string_view t = detail::trim(raw);
        switch (IKEV2_FUZZ_READER) {
        case 1: detail::read_native_line(ctx, no, t); break;
        case 2: detail::read_uat_line(ctx, no, t); break;
        case 3: detail::read_tcpdump_esp_line(ctx, no, t); break;
        case 4: libreswan.line(ctx, no, raw); break;
        case 5:
            if (xfrm.open() && !t.empty() && xfrm.more(ctx, no, raw)) break;
            xfrm.end(ctx);
            xfrm.begin(ctx, no, raw);
            break;
        case 6:
            if (!charon.line(ctx, no, raw)) charon.list_sas_line(ctx, no, t);
            break;
        default: break;
        }
    }
    xfrm.end(ctx);
    libreswan.finish(ctx);
    charon.finish(ctx);
    ctx.flush_ike();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    KeyStore store;
    LoadResult r;
    if (IKEV2_FUZZ_READER == 0) r = load_key_text(text, kFile, store);
    else read_with_one(text, store, r);
    for (const KeyFileError& e : r.errors) {
        if (e.file != kFile || e.line > r.lines || e.field.empty() || e.message.empty()) {
            std::fprintf(stderr, "bad error report (%zu lines): %s\n", r.lines, e.to_string().c_str());
            __builtin_trap();
        }
    }
    return 0;
}
