// Key files: the line dispatcher that offers each line to the readers by shape
// (key_file.hpp lists the formats), and reading a file from disk.
#include "key_file.hpp"

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "readers.hpp"

namespace ikev2::keys {

const char* key_format_name(KeyFormat f) {
    switch (f) {
    case KeyFormat::WiresharkIkeUat: return "ikev2_decryption_table";
    case KeyFormat::WiresharkEspUat: return "esp_sa";
    case KeyFormat::CharonLog: return "charon-log";
    case KeyFormat::Libreswan: return "libreswan";
    case KeyFormat::TcpdumpEsp: return "tcpdump-esp";
    case KeyFormat::IpXfrm: return "ip-xfrm";
    case KeyFormat::Native: return "native";
    }
    return "unknown";
}

std::string KeyFileError::to_string() const {
    return file + ":" + std::to_string(line) + ": " + field + ": " + message;
}

size_t LoadResult::ike_total() const {
    size_t n = 0;
    for (const FormatCounts& c : counts) n += c.ike;
    return n;
}

size_t LoadResult::esp_total() const {
    size_t n = 0;
    for (const FormatCounts& c : counts) n += c.esp;
    return n;
}

LoadResult load_key_text(std::string_view text, const std::string& file_name, KeyStore& out) {
    LoadResult r;
    try {
        detail::Ctx ctx(file_name, out, r);
        detail::CharonReader charon;
        detail::XfrmReader xfrm;
        detail::LibreswanReader libreswan;
        size_t pos = 0;
        unsigned no = 0;
        while (pos < text.size()) {
            size_t nl = text.find('\n', pos);
            std::string_view raw =
                text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
            pos = nl == std::string_view::npos ? text.size() : nl + 1;
            no++;
            r.lines++;
            if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
            const std::string_view t = detail::trim(raw);

            // An ip xfrm block goes on while lines are indented.
            if (xfrm.open()) {
                if (!t.empty() && xfrm.more(ctx, no, raw)) continue;
                xfrm.end(ctx);
            }
            if (t.empty() || t[0] == '#') continue;
            if (charon.line(ctx, no, raw)) continue;
            if (charon.list_sas_line(ctx, no, t)) continue;
            if (xfrm.begin(ctx, no, raw)) continue;
            if (detail::read_native_line(ctx, no, t)) continue;
            if (libreswan.line(ctx, no, raw)) continue;
            if (detail::read_tcpdump_esp_line(ctx, no, t)) continue;
            if (detail::read_uat_line(ctx, no, t)) continue;
            r.skipped_lines++;
        }
        xfrm.end(ctx);
        libreswan.finish(ctx);
        charon.finish(ctx);
        ctx.flush_ike();
    } catch (...) {
        try {
            r.errors.push_back(KeyFileError{file_name, 0, "file", "out of memory"});
        } catch (...) {
        }
    }
    return r;
}

LoadResult load_key_file(const std::string& path, KeyStore& out) {
    constexpr size_t kMaxSize = size_t{1} << 30;  // a key file above 1 GiB is a mistake
    LoadResult r;
    std::string text;
    std::FILE* f = std::fopen(path.c_str(), "rb");
    int err = 0;
    bool too_big = false;
    if (!f) {
        err = errno;
    } else {
        try {
            char buf[65536];
            size_t n;
            while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) {
                if (text.size() + n > kMaxSize) {
                    too_big = true;
                    break;
                }
                text.append(buf, n);
            }
            if (!too_big && std::ferror(f)) err = errno ? errno : EIO;
        } catch (...) {
            err = ENOMEM;
        }
        std::fclose(f);
    }
    if (err || too_big) {
        try {
            r.errors.push_back(
                KeyFileError{path, 0, "file",
                             too_big ? std::string("larger than 1 GiB, not read")
                                     : "cannot read: " + std::string(std::strerror(err))});
        } catch (...) {
        }
        return r;
    }
    return load_key_text(text, path, out);
}

}  // namespace ikev2::keys
