// Secrets in tcpdump's -E syntax (print-esp.c, esp_print_decode_onesecret):
//
//   IKEv2, as libreswan's ikev2_log_parentSA prints them with plutodebug=private (and
//   openswan with DBG_CRYPT), after any log prefix ("| ", syslog):
//     ikev2 I 0x<SPIi> 0x<SPIr> <integ>:0x<SK_ai> <encr><bits>:0x<SK_ei>
//     ikev2 R 0x<SPIi> 0x<SPIr> <integ>:0x<SK_ar> <encr><bits>:0x<SK_er>
//   SPIs and keys in datatot(..., 'x') form: "0x" and lower-case hex, no separators; an
//   empty key (AEAD: integ "none") prints as nothing after the colon. Names are
//   libreswan's integ_tcpdump_name / encrypt_tcpdump_name (ike_alg_*.c) with the key
//   length appended to the cipher ("aes128", "aes_gcm_16256"; note aes_gcm_8 is "aes_gcm").
//   The I and R lines of one SA are merged.
//
//   ESP: <spi>@<dst address> <cipher>[-cbc][-hmac96]:0x<key>
//   cipher an OpenSSL name (aes128, aes-256, des-ede3, 3des); "-hmac96" means a 12-octet
//   ICV that tcpdump skips unchecked. A secret without 0x is text, as in tcpdump.
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
    {"aes", tr::kEncrAesCbc},           {"aes_ctr", tr::kEncrAesCtr},
    {"aes_gcm", tr::kEncrAesGcm8},      {"aes_gcm_8", tr::kEncrAesGcm8},
    {"aes_gcm_12", tr::kEncrAesGcm12},  {"aes_gcm_16", tr::kEncrAesGcm16},
    {"aes_ccm_8", tr::kEncrAesCcm8},    {"aes_ccm_12", tr::kEncrAesCcm12},
    {"aes_ccm_16", tr::kEncrAesCcm16},  {"3des", tr::kEncr3Des},
    {"null", tr::kEncrNull},            {"camellia", tr::kEncrCamelliaCbc},
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
        {"md5", tr::kIntegHmacMd5_96},          {"sha1", tr::kIntegHmacSha1_96},
        {"sha", tr::kIntegHmacSha1_96},         {"sha256", tr::kIntegHmacSha2_256_128},
        {"sha2_256", tr::kIntegHmacSha2_256_128}, {"sha384", tr::kIntegHmacSha2_384_192},
        {"sha2_384", tr::kIntegHmacSha2_384_192}, {"sha512", tr::kIntegHmacSha2_512_256},
        {"sha2_512", tr::kIntegHmacSha2_512_256}, {"aes_xcbc", tr::kIntegAesXcbc96},
        {"aes_cmac", tr::kIntegAesCmac96},      {"none", tr::kIntegNone},
    };
    for (const IN& n : names)
        if (iequals(text, n.name)) return integ_from_id(static_cast<uint16_t>(n.id), out);
    if (iequals(text, "hmac_sha2_256_truncbug")) {
        out = integ_unchecked(12, 32, "hmac_sha2_256_truncbug");
        return true;
    }
    if (iequals(text, "ripemd")) {
        out = integ_unchecked(12, 20, "ripemd");
        return true;
    }
    return false;
}

}  // namespace

bool TcpdumpSecretsReader::line(Ctx& ctx, unsigned line, std::string_view text) {
    std::vector<std::string_view> t = split_ws(text);
    // ---- IKEv2: find "ikev2 I|R" anywhere (log prefixes) ----
    for (size_t k = 0; k + 1 < t.size(); k++) {
        if (!iequals(t[k], "ikev2") || (t[k + 1] != "I" && t[k + 1] != "R")) continue;
        const bool init = t[k + 1] == "I";
        if (t.size() < k + 6) {
            ctx.error(line, "ikev2 line", "fields missing (ikev2 I|R 0xSPIi 0xSPIr integ:key encr:key)");
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
                      "unknown integrity algorithm \"" + std::string(integ_tok.substr(0, ci)) + "\"");
            return true;
        }
        uint16_t id = 0, bits = 0;
        if (!libreswan_encr(encr_tok.substr(0, ce), id, bits)) {
            ctx.error(line, "encryption",
                      "unknown encryption algorithm \"" + std::string(encr_tok.substr(0, ce)) + "\"");
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
            ctx.error(line, "integrity", encr_label(id, bits) + " is AEAD and takes no integrity algorithm");
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

    // ---- ESP: "<spi>@<addr> <algo>:<secret>" ----
    if (t.size() < 2) return false;
    size_t at = t[0].find('@');
    if (at == std::string_view::npos || t[1].find(':') == std::string_view::npos) return false;
    std::string_view spi_s = t[0].substr(0, at);
    if (!(starts_with(spi_s, "0x") || starts_with(spi_s, "0X") || all_digits(spi_s))) return false;
    EspSaKeys k;
    std::string why = parse_esp_spi(spi_s, k.spi);
    if (!why.empty()) {
        ctx.error(line, "spi", why);
        return true;
    }
    if (!parse_exact_address(t[0].substr(at + 1), k.dst)) {
        ctx.error(line, "address", "not an IPv4 or IPv6 address");
        return true;
    }
    k.family = k.dst.family;
    const size_t colon = t[1].find(':');
    std::string algo = std::string(t[1].substr(0, colon));
    for (char& c : algo) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    IntegChoice ic;
    integ_from_id(0, ic);
    if (ends_with(algo, "-hmac96") && algo.size() > 7) {
        algo.erase(algo.size() - 7);
        ic = integ_unchecked(12, 0, "hmac96");
    }
    if (ends_with(algo, "-cbc") && algo.size() > 4) algo.erase(algo.size() - 4);
    uint16_t id = 0, bits = 0;
    if (algo == "aes128" || algo == "aes-128") {
        id = tr::kEncrAesCbc;
        bits = 128;
    } else if (algo == "aes192" || algo == "aes-192") {
        id = tr::kEncrAesCbc;
        bits = 192;
    } else if (algo == "aes256" || algo == "aes-256") {
        id = tr::kEncrAesCbc;
        bits = 256;
    } else if (algo == "des-ede3" || algo == "3des" || algo == "des3") {
        id = tr::kEncr3Des;
    } else {
        ctx.error(line, "algorithm", "unknown or unsupported cipher \"" + algo + "\"");
        return true;
    }
    std::string_view secret = t[1].substr(colon + 1);
    if (starts_with(secret, "0x") || starts_with(secret, "0X")) {
        why = parse_hex(secret, k.encr_key);
        if (!why.empty()) {
            ctx.error(line, "secret", why);
            return true;
        }
    } else {
        k.encr_key.assign(secret.begin(), secret.end());
    }
    why = check_encr_key(k.encr_key.size(), id, bits);
    if (!why.empty()) {
        ctx.error(line, "secret", why);
        return true;
    }
    k.encr_id = id;
    k.encr_key_bits = bits;
    k.icv_unchecked = ic.icv_unchecked;
    ctx.add_esp(std::move(k), KeyFormat::TcpdumpEsp, line);
    return true;
}

void TcpdumpSecretsReader::finish(Ctx& ctx) {
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
        ctx.add_ike(std::move(k), KeyFormat::Libreswan, p.line);
    }
    pending_.clear();
    order_.clear();
}

}  // namespace ikev2::keys::detail
