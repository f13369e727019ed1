// libreswan's key output (pluto with plutodebug="base crypt private"; checked against the
// libreswan 4.10 log of the lab's libreswan-psk scenario, keys/pluto-b.log):
//
//   IKE SA, ikev2_log_parentSA, in tcpdump -E syntax (openswan printed the same with
//   DBG_CRYPT), after any log prefix:
//     | ikev2 I 0x<SPIi> 0x<SPIr> <integ>:0x<SK_ai> <encr><bits>:0x<SK_ei>
//     | ikev2 R 0x<SPIi> 0x<SPIr> <integ>:0x<SK_ar> <encr><bits>:0x<SK_er>
//   SPIs and keys in datatot(..., 'x') form ("0x", lower-case hex); an empty key (AEAD:
//   integ "none") prints as nothing after the colon. Names are integ_tcpdump_name /
//   encrypt_tcpdump_name (ike_alg_*.c) with the key length appended to the cipher
//   ("aes128", "aes_gcm_16256"; aes_gcm_8's name is "aes_gcm"). I and R lines are merged.
//   SK_pi / SK_pr come before them as "| chunk_SK_pi extracted len 32 bytes at 0x...",
//   "| unwrapped:" and a hex dump; they join the SA of the next "ikev2 I|R" line. SK_d
//   stays inside NSS and is never printed.
//
//   ESP SA (kernel.c, one per direction):
//     | ESP enckey:                       followed by its hex dump
//     | ESP authkey:                      followed by its hex dump
//     | kernel: add_sa() level=0 outbound tunnel 10.2.0.0/24-ALL->192.0.2.2[c5c4daf7]==>
//         192.0.2.1-ALL->10.1.0.0/24 replay_window=128 HMAC_SHA2_256_128:32 AES_CBC:16
//   the last giving source, SPI, destination and the algorithms with their key sizes.
//   Hex dump lines: "|   24 cf 2a cb  3d 4f 69 80  ba bb dc ea  bc 2a ee 88   $.*.=Oi....".
#include <cstring>

#include "crypto/algorithms.hpp"
#include "readers.hpp"

namespace ikev2::keys::detail {

namespace tr = crypto::transform;

namespace {

struct Name {
    const char* name;
    uint16_t id;
};

// encrypt_tcpdump_name of libreswan's IKEv2 ciphers.
const Name kLibreswanEncr[] = {
    {"aes", tr::kEncrAesCbc},
    {"aes_ctr", tr::kEncrAesCtr},
    {"aes_gcm", tr::kEncrAesGcm8},
    {"aes_gcm_8", tr::kEncrAesGcm8},
    {"aes_gcm_12", tr::kEncrAesGcm12},
    {"aes_gcm_16", tr::kEncrAesGcm16},
    {"aes_ccm_8", tr::kEncrAesCcm8},
    {"aes_ccm_12", tr::kEncrAesCcm12},
    {"aes_ccm_16", tr::kEncrAesCcm16},
    {"3des", tr::kEncr3Des},
    {"cast", tr::kEncrCast},
    {"null", tr::kEncrNull},
    {"camellia", tr::kEncrCamelliaCbc},
    {"chacha20_poly1305", tr::kEncrChaCha20Poly1305},
    {"null_auth_aes_gmac", tr::kEncrNullAuthAesGmac},
};

// "aes_gcm_16256" -> aes_gcm_16, 256: the longest name followed by digits only.
bool libreswan_encr(std::string_view text, uint16_t& id, uint16_t& bits) {
    const Name* best = nullptr;
    size_t best_len = 0;
    for (const Name& n : kLibreswanEncr) {
        const size_t len = std::strlen(n.name);
        if (!istarts_with(text, n.name)) continue;
        std::string_view rest = text.substr(len);
        if (!rest.empty() && !all_digits(rest)) continue;
        if (len > best_len) {
            best = &n;
            best_len = len;
        }
    }
    if (!best) return false;
    uint64_t v = 0;
    std::string_view rest = text.substr(best_len);
    if (!rest.empty() && !parse_uint(rest, 0xffff, v)) return false;
    id = best->id;
    bits = static_cast<uint16_t>(v);
    return true;
}

// integ_tcpdump_name of libreswan's integrity algorithms (and openswan's officname).
bool libreswan_integ(std::string_view text, IntegChoice& out) {
    struct IN {
        const char* name;
        int id;
    };
    static const IN names[] = {
        {"md5", tr::kIntegHmacMd5_96},
        {"sha1", tr::kIntegHmacSha1_96},
        {"sha", tr::kIntegHmacSha1_96},
        {"sha256", tr::kIntegHmacSha2_256_128},
        {"sha2_256", tr::kIntegHmacSha2_256_128},
        {"sha384", tr::kIntegHmacSha2_384_192},
        {"sha2_384", tr::kIntegHmacSha2_384_192},
        {"sha512", tr::kIntegHmacSha2_512_256},
        {"sha2_512", tr::kIntegHmacSha2_512_256},
        {"aes_xcbc", tr::kIntegAesXcbc96},
        {"aes_cmac", tr::kIntegAesCmac96},
        {"none", tr::kIntegNone},
        // sha2-truncbug: HMAC-SHA-256 cut to 96 bits, as the draft and old Linux did.
        {"hmac_sha2_256_truncbug", tr::kIntegHmacSha2_256_96},
        {"ripemd", tr::kIntegHmacRipemd160_96},
    };
    for (const IN& n : names)
        if (iequals(text, n.name)) return integ_from_id(static_cast<uint16_t>(n.id), out);
    return false;
}

// The message of a pluto debug line: after "| " (at the start or after the time stamp).
bool pluto_debug(std::string_view line, std::string_view& msg) {
    size_t p = line.find(": | ");
    if (p != std::string_view::npos) {
        msg = line.substr(p + 4);
        return true;
    }
    if (starts_with(line, "| ")) {
        msg = line.substr(2);
        return true;
    }
    return false;
}

// "  24 cf 2a cb  3d 4f 69 80 ...   $.*.=Oi" -> octets; false when not a dump line.
bool pluto_dump(std::string_view msg, std::vector<uint8_t>& out) {
    if (msg.empty() || msg[0] != ' ') return false;
    std::string_view s = msg;
    while (!s.empty() && s[0] == ' ') s.remove_prefix(1);
    s = s.substr(0, s.find("   "));  // the ASCII column follows three spaces
    std::vector<std::string_view> t = split_ws(s);
    if (t.empty() || t.size() > 16) return false;
    out.clear();
    for (std::string_view b : t) {
        uint64_t v;
        if (b.size() != 2 || !parse_hex_number(b, 1, v).empty()) return false;
        out.push_back(static_cast<uint8_t>(v));
    }
    return true;
}

}  // namespace

bool LibreswanReader::ike_line(Ctx& ctx, unsigned line, const std::vector<std::string_view>& t) {
    for (size_t k = 0; k + 1 < t.size(); k++) {
        // tcpdump requires "0x" before the SPIs; other text with "ikev2 I" is not ours.
        if (!iequals(t[k], "ikev2") || (t[k + 1] != "I" && t[k + 1] != "R")) continue;
        if (t.size() > k + 2 && !istarts_with(t[k + 2], "0x")) continue;
        const bool init = t[k + 1] == "I";
        if (t.size() < k + 6) {
            ctx.error(line, "ikev2 line",
                      "fields missing (ikev2 I|R 0xSPIi 0xSPIr integ:key encr:key)");
            return true;
        }
        uint64_t spi[2];
        for (int i = 0; i < 2; i++) {
            std::string why = parse_hex_number(t[k + 2 + i], 8, spi[i]);
            if (!why.empty()) {
                ctx.error(line, i == 0 ? "SPIi" : "SPIr", "IKE SPI " + why);
                return true;
            }
        }
        std::string_view integ_tok = t[k + 4], encr_tok = t[k + 5];
        size_t ci = integ_tok.find(':'), ce = encr_tok.find(':');
        if (ci == std::string_view::npos) {
            ctx.error(line, "integrity", "name:key expected");
            return true;
        }
        if (ce == std::string_view::npos) {
            ctx.error(line, "encryption", "name:key expected");
            return true;
        }
        IntegChoice ic;
        if (!libreswan_integ(integ_tok.substr(0, ci), ic)) {
            ctx.error(line, "integrity",
                      "unknown integrity algorithm " + shown(integ_tok.substr(0, ci)));
            return true;
        }
        uint16_t id = 0, bits = 0;
        if (!libreswan_encr(encr_tok.substr(0, ce), id, bits)) {
            ctx.error(line, "encryption",
                      "unknown encryption algorithm " + shown(encr_tok.substr(0, ce)));
            return true;
        }
        const crypto::EncrAlgorithm* alg = crypto::find_encr(id, bits);
        if (!alg) {
            ctx.error(line, "encryption", check_encr_key(0, id, bits));
            return true;
        }
        if (!alg->ike_sk) {
            ctx.error(line, "encryption", encr_label(id, bits) + " is not defined for IKE");
            return true;
        }
        const char* e_field = init ? "SK_ei" : "SK_er";
        const char* a_field = init ? "SK_ai" : "SK_ar";
        std::vector<uint8_t> e, a;
        std::string why = parse_hex(integ_tok.substr(ci + 1), a);
        if (!why.empty()) {
            ctx.error(line, a_field, why);
            return true;
        }
        why = parse_hex(encr_tok.substr(ce + 1), e);
        if (!why.empty()) {
            ctx.error(line, e_field, why);
            return true;
        }
        why = check_encr_key(e.size(), id, bits);
        if (!why.empty()) {
            ctx.error(line, e_field, why);
            return true;
        }
        if (alg->aead && !ic.takes_no_key) {
            ctx.error(line, "integrity",
                      encr_label(id, bits) + " is AEAD and takes no integrity algorithm");
            return true;
        }
        why = check_integ_key(a.size(), ic);
        if (!why.empty()) {
            ctx.error(line, a_field, why);
            return true;
        }
        try {
            const std::pair<uint64_t, uint64_t> key(spi[0], spi[1]);
            auto it = pending_.find(key);
            if (it == pending_.end()) {
                it = pending_.emplace(key, Pending{}).first;
                it->second.line = line;
                // SK_pi / SK_pr dumped before the first key line of the SA.
                it->second.sk_pi = std::move(sk_pi_);
                it->second.sk_pr = std::move(sk_pr_);
                sk_pi_.clear();
                sk_pr_.clear();
                order_.push_back(key);
            }
            Pending& p = it->second;
            p.encr_id = id;
            p.encr_bits = bits;
            p.integ = ic;
            Half& h = init ? p.i : p.r;
            h.present = true;
            h.e = std::move(e);
            h.a = std::move(a);
        } catch (...) {
            ctx.error(line, "store", "out of memory");
        }
        return true;
    }
    return false;
}

bool LibreswanReader::line(Ctx& ctx, unsigned line, std::string_view text) {
    std::vector<std::string_view> t = split_ws(text);
    if (ike_line(ctx, line, t)) {
        dump_ = nullptr;
        return true;
    }
    std::string_view msg;
    if (!pluto_debug(text, msg)) {
        dump_ = nullptr;
        return false;
    }
    std::vector<uint8_t> octets;
    if (pluto_dump(msg, octets)) {
        if (dump_) dump_->insert(dump_->end(), octets.begin(), octets.end());
        return true;
    }
    const std::string_view m = trim(msg);
    if (m == "unwrapped:" && expect_unwrapped_) {
        expect_unwrapped_ = false;
        return true;
    }
    dump_ = nullptr;
    expect_unwrapped_ = false;
    if (starts_with(m, "chunk_SK_pi extracted ") || starts_with(m, "chunk_SK_pr extracted ")) {
        std::vector<uint8_t>& d = m[10] == 'i' ? sk_pi_ : sk_pr_;
        d.clear();
        dump_ = &d;
        expect_unwrapped_ = true;
        return true;
    }
    if (m == "ESP enckey:" || m == "ESP authkey:") {
        std::vector<uint8_t>& d = m[4] == 'e' ? enc_ : auth_;
        d.clear();
        dump_ = &d;
        return true;
    }
    if (starts_with(m, "kernel: add_sa() ")) {
        add_sa(ctx, line, m);
        return true;
    }
    return true;  // other pluto debug lines
}

void LibreswanReader::add_sa(Ctx& ctx, unsigned line, std::string_view m) {
    std::vector<uint8_t> enc = std::move(enc_), auth = std::move(auth_);
    enc_.clear();
    auth_.clear();
    std::vector<std::string_view> t = split_ws(m);
    // "<client>-<proto>-><src>[<spi>]==><dst>-<proto>-><client>" (tunnel) or
    // "<src>[<spi>]==><dst>".
    std::string_view path;
    size_t path_i = 0;
    for (size_t i = 0; i < t.size(); i++) {
        if (t[i].find("]==>") != std::string_view::npos) {
            path = t[i];
            path_i = i;
            break;
        }
    }
    if (path.empty()) return;  // not an SA line we know
    const size_t lb = path.find('['), rb = path.find("]==>");
    if (lb == std::string_view::npos || lb > rb) {
        ctx.error(line, "add_sa", "no [SPI] between the addresses");
        return;
    }
    std::string_view src = path.substr(0, lb);
    const size_t arrow = src.rfind("->");
    if (arrow != std::string_view::npos) src = src.substr(arrow + 2);
    std::string_view dst = path.substr(rb + 4);
    dst = dst.substr(0, dst.find('-'));
    EspSaKeys k;
    uint64_t spi;
    std::string why = parse_hex_number(path.substr(lb + 1, rb - lb - 1), 4, spi);
    if (!why.empty()) {
        ctx.error(line, "SPI", "ESP SPI " + why);
        return;
    }
    k.spi = static_cast<uint32_t>(spi);
    if (!parse_exact_address(src, k.src) || !parse_exact_address(dst, k.dst) ||
        k.src.family != k.dst.family) {
        ctx.error(line, "add_sa", "addresses not understood");
        return;
    }
    k.family = k.src.family;
    // Algorithms: "HMAC_SHA2_256_128:32 AES_CBC:16" (name:key octets), after the path.
    bool have_encr = false;
    size_t encr_n = 0;
    IntegChoice ic;
    integ_from_id(0, ic);
    size_t integ_n = 0;
    for (size_t i = path_i + 1; i < t.size(); i++) {
        const size_t colon = t[i].rfind(':');
        if (colon == std::string_view::npos || colon == 0) continue;
        uint64_t n;
        if (!parse_uint(t[i].substr(colon + 1), 1024, n)) continue;
        std::string_view name = t[i].substr(0, colon);
        IntegChoice c;
        uint16_t id = 0, bits = 0;
        if (parse_integ_name(name, c)) {
            ic = c;
            integ_n = static_cast<size_t>(n);
        } else if (!have_encr && parse_encr_name(name, id, bits)) {
            have_encr = true;
            k.encr_id = id;
            k.encr_key_bits = bits;
            encr_n = static_cast<size_t>(n);
        } else {
            ctx.error(line, "algorithm", "unknown algorithm " + shown(name));
            return;
        }
    }
    if (!have_encr) return;  // AH: no ESP keys
    if (enc.size() != encr_n) {
        ctx.error(line, "ESP enckey",
                  std::to_string(enc.size()) + " octets dumped, but add_sa() says " +
                      std::to_string(encr_n));
        return;
    }
    if (!bits_from_key_material(k.encr_id, enc.size(), k.encr_key_bits) && k.encr_key_bits == 0) {
        ctx.error(line, "ESP enckey",
                  std::to_string(enc.size()) + " octets, but " + encr_label(k.encr_id, 0) +
                      " needs " + key_material_choices(k.encr_id));
        return;
    }
    why = check_encr_key(enc.size(), k.encr_id, k.encr_key_bits);
    if (!why.empty()) {
        ctx.error(line, "ESP enckey", why);
        return;
    }
    if (auth.size() != integ_n) {
        ctx.error(line, "ESP authkey",
                  std::to_string(auth.size()) + " octets dumped, but add_sa() says " +
                      std::to_string(integ_n));
        return;
    }
    why = check_integ_key(auth.size(), ic);
    if (!why.empty()) {
        ctx.error(line, "ESP authkey", why);
        return;
    }
    k.encr_key = std::move(enc);
    k.integ_key = std::move(auth);
    k.integ_id = ic.id;
    k.icv_unchecked = ic.icv_unchecked;
    ctx.add_esp(std::move(k), KeyFormat::Libreswan, line);
}

void LibreswanReader::finish(Ctx& ctx) {
    for (const auto& key : order_) {
        Pending& p = pending_[key];
        IkeSaKeys k;
        k.spi_i = key.first;
        k.spi_r = key.second;
        k.encr_id = p.encr_id;
        k.encr_key_bits = p.encr_bits;
        k.integ_id = p.integ.id;
        k.icv_unchecked = p.integ.icv_unchecked;
        k.sk_ei = std::move(p.i.e);
        k.sk_ai = std::move(p.i.a);
        k.sk_er = std::move(p.r.e);
        k.sk_ar = std::move(p.r.a);
        k.sk_pi = std::move(p.sk_pi);
        k.sk_pr = std::move(p.sk_pr);
        ctx.add_ike(std::move(k), KeyFormat::Libreswan, p.line);
    }
    pending_.clear();
    order_.clear();
}

}  // namespace ikev2::keys::detail
