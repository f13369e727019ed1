// `ip xfrm state` and `ip -s xfrm state` output (iproute2 ip/ipxfrm.c): one block per SA,
//
//   src 192.0.2.1 dst 192.0.2.2
//   	proto esp spi 0xc4a8ec92 reqid 1 mode tunnel           (-s: "spi 0xc4a8ec92(3299404946)")
//   	replay-window 0 flag af-unspec esn                      (-s: "seq 0x00000000" and "(0x..)")
//   	auth-trunc hmac(sha256) 0x<key> 128                     (-s: "0x<key> (256 bits) 128")
//   	enc cbc(aes) 0x<key>
//   	aead rfc4106(gcm(aes)) 0x<key|salt> 128
//   	encap type espinudp sport 4500 dport 4500 addr 0.0.0.0
//   	anti-replay context: seq 0x0, oseq 0x0, bitmap 0x00000000
//   	sel src 10.1.0.0/24 dst 10.2.0.0/24
//
// The block ends at the next line that is not indented. `ip xfrm policy` blocks have the
// same first line; their "dir" / "tmpl" lines mark them and they are skipped, as are
// AH and IPComp states. Kernel algorithm names (crypto API) map to IKEv2 transform IDs;
// "auth" without "-trunc" (old kernels) uses the kernel's default truncation.
#include <cctype>

#include "crypto/algorithms.hpp"
#include "readers.hpp"

namespace ikev2::keys::detail {

namespace tr = crypto::transform;

namespace {

bool is_policy_line(std::string_view first_tok) {
    return first_tok == "dir" || first_tok == "tmpl";
}

// enc: cipher -> ENCR ID, -1 unsupported, 0 unknown.
int kernel_enc(const std::string& n) {
    if (n == "cbc(aes)" || n == "aes") return tr::kEncrAesCbc;
    if (n == "rfc3686(ctr(aes))") return tr::kEncrAesCtr;
    if (n == "cbc(des3_ede)" || n == "des3_ede") return tr::kEncr3Des;
    if (n == "ecb(cipher_null)" || n == "cipher_null") return tr::kEncrNull;
    if (n == "cbc(camellia)" || n == "camellia") return tr::kEncrCamelliaCbc;
    if (n == "cbc(des)" || n == "des") return tr::kEncrDes;
    if (n == "cbc(cast5)" || n == "cast5") return tr::kEncrCast;
    if (n == "cbc(blowfish)" || n == "blowfish") return tr::kEncrBlowfish;
    if (n == "cbc(twofish)" || n == "twofish") return tr::kEncrTwofishCbc;
    if (n == "cbc(serpent)" || n == "serpent") return -1;
    return 0;
}

// aead: cipher and ICV bits -> ENCR ID, 0 if the pair is unknown.
uint16_t kernel_aead(const std::string& n, long icv) {
    if (n == "rfc4106(gcm(aes))")
        return icv == 64    ? tr::kEncrAesGcm8
               : icv == 96  ? tr::kEncrAesGcm12
               : icv == 128 ? tr::kEncrAesGcm16
                            : 0;
    if (n == "rfc4309(ccm(aes))")
        return icv == 64    ? tr::kEncrAesCcm8
               : icv == 96  ? tr::kEncrAesCcm12
               : icv == 128 ? tr::kEncrAesCcm16
                            : 0;
    if (n == "rfc7539esp(chacha20,poly1305)") return icv == 128 ? tr::kEncrChaCha20Poly1305 : 0;
    if (n == "rfc4543(gcm(aes))") return icv == 128 ? tr::kEncrNullAuthAesGmac : 0;
    return 0;
}

// auth / auth-trunc: MAC and truncation -> choice. `trunc` -1 means the kernel default.
bool kernel_auth(const std::string& n, long trunc, IntegChoice& out) {
    struct K {
        const char* name;
        long def;  // kernel's default truncation (xfrm_algo.c), bits
        uint16_t id;  // the INTEG transform of this MAC at its ICV length (the table's)
    };
    // hmac(sha256) has two: RFC 4868's 128 bits and the draft's 96 bits, the kernel's
    // default (draft-ietf-ipsec-ciph-sha-256-00, strongSwan's HMAC_SHA2_256_96).
    static const K k[] = {
        {"hmac(md5)", 96, tr::kIntegHmacMd5_96},
        {"hmac(md5)", 96, tr::kIntegHmacMd5_128},
        {"hmac(sha1)", 96, tr::kIntegHmacSha1_96},
        {"hmac(sha1)", 96, tr::kIntegHmacSha1_160},
        {"hmac(sha256)", 96, tr::kIntegHmacSha2_256_128},
        {"hmac(sha256)", 96, tr::kIntegHmacSha2_256_96},
        {"hmac(sha384)", 192, tr::kIntegHmacSha2_384_192},
        {"hmac(sha512)", 256, tr::kIntegHmacSha2_512_256},
        {"xcbc(aes)", 96, tr::kIntegAesXcbc96},
        {"cmac(aes)", 96, tr::kIntegAesCmac96},
        {"hmac(rmd160)", 96, tr::kIntegHmacRipemd160_96},
    };
    if (n == "digest_null") {
        if (trunc > 0) return false;
        return integ_from_id(0, out);
    }
    for (const K& e : k) {
        if (n != e.name) continue;
        const long t = trunc < 0 ? e.def : trunc;
        const crypto::IntegAlgorithm* a = crypto::find_integ(e.id);
        if (a && t == long{a->icv_size} * 8) return integ_from_id(e.id, out);
    }
    return false;
}

}  // namespace

bool XfrmReader::begin(Ctx& ctx, unsigned line, std::string_view text) {
    if (text.empty() || std::isspace(static_cast<unsigned char>(text[0]))) return false;
    std::vector<std::string_view> t = split_ws(text);
    if (t.size() < 4 || t[0] != "src" || t[2] != "dst") return false;
    end(ctx);
    open_ = true;
    start_ = line;
    src_ = std::string(t[1]);
    dst_ = std::string(t[3]);
    proto_.clear();
    spi_.clear();
    proto_line_ = 0;
    esn_ = false;
    esn_known_ = false;
    policy_ = false;
    algos_.clear();
    return true;
}

bool XfrmReader::more(Ctx&, unsigned line, std::string_view text) {
    if (!open_ || text.empty() || !std::isspace(static_cast<unsigned char>(text[0]))) return false;
    std::vector<std::string_view> t = split_ws(text);
    if (t.empty()) return true;
    const std::string_view w = t[0];
    if (is_policy_line(w)) {
        policy_ = true;
    } else if (w == "proto" && t.size() >= 2 && proto_.empty()) {
        proto_ = std::string(t[1]);
        proto_line_ = line;
        for (size_t i = 2; i + 1 < t.size(); i++)
            if (t[i] == "spi") spi_ = std::string(t[i + 1]);
    } else if (w == "enc" || w == "auth" || w == "auth-trunc" || w == "aead") {
        Algo a;
        a.line = line;
        a.kind = std::string(w);
        if (t.size() >= 2) a.name = std::string(t[1]);
        size_t i = 2;
        if (t.size() > 2 && (starts_with(t[2], "0x") || starts_with(t[2], "0X"))) {
            a.key = std::string(t[2]);
            a.key_shown = true;
            i = 3;
        }
        for (; i < t.size(); i++) {
            if (starts_with(t[i], "(") || t[i] == "bits)") continue;  // -s: "(256 bits)"
            uint64_t v;
            if (parse_uint(t[i], 100000, v)) a.bits = static_cast<long>(v);
        }
        algos_.push_back(std::move(a));
    } else {
        // "replay-window 0 flag af-unspec esn" or "flag esn": XFRM_STATE_ESN. (Not
        // "anti-replay esn context:", printed for any SA with the ESN replay state, which
        // libreswan uses for replay windows above 32 without ESN.)
        // The kernel prints "replay-window N" for every SA, with the flags after it: a
        // block with that line and no "esn" flag is an SA without ESN.
        bool flags = false;
        if (w == "replay-window") esn_known_ = true;
        for (std::string_view x : t) {
            if (x == "flag") flags = true;
            if (flags && x == "esn") esn_ = true;
        }
    }
    return true;
}

void XfrmReader::end(Ctx& ctx) {
    if (!open_) return;
    open_ = false;
    if (policy_ || proto_ != "esp") return;  // policies, AH, IPComp: no ESP keys
    EspSaKeys k;
    if (!parse_exact_address(src_, k.src)) {
        ctx.error(start_, "src", "not an IPv4 or IPv6 address");
        return;
    }
    if (!parse_exact_address(dst_, k.dst)) {
        ctx.error(start_, "dst", "not an IPv4 or IPv6 address");
        return;
    }
    if (k.src.family != k.dst.family) {
        ctx.error(start_, "dst", "address family differs from src");
        return;
    }
    k.family = k.src.family;
    {
        std::string s = spi_;
        size_t paren = s.find('(');
        if (paren != std::string::npos) s.erase(paren);  // -s: "0xc4a8ec92(3299404946)"
        if (s.empty()) {
            ctx.error(proto_line_, "spi", "missing");
            return;
        }
        std::string why = parse_esp_spi(s, k.spi);
        if (!why.empty()) {
            ctx.error(proto_line_, "spi", why);
            return;
        }
    }
    const Algo* enc = nullptr;
    const Algo* auth = nullptr;
    for (const Algo& a : algos_) {
        if (a.kind == "enc" || a.kind == "aead") {
            if (!enc) enc = &a;
        } else if (!auth) {
            auth = &a;
        }
    }
    if (!enc) {
        ctx.error(start_, "enc", "no enc or aead line in this SA");
        return;
    }
    uint16_t id = 0;
    if (enc->kind == "aead") {
        if (enc->bits < 0) {
            ctx.error(enc->line, "aead", "ICV length missing");
            return;
        }
        id = kernel_aead(enc->name, enc->bits);
        if (!id) {
            ctx.error(enc->line, "aead",
                      "unsupported AEAD " + shown(enc->name) + " with a " +
                          std::to_string(enc->bits) + "-bit ICV");
            return;
        }
    } else {
        int e = kernel_enc(enc->name);
        if (e <= 0) {
            ctx.error(
                enc->line, "enc",
                std::string(e < 0 ? "unsupported" : "unknown") + " cipher " + shown(enc->name));
            return;
        }
        id = static_cast<uint16_t>(e);
    }
    // "enc ecb(cipher_null) " has no key at all; otherwise a missing key was hidden.
    if (!enc->key_shown && key_material_choices(id) != "0") {
        ctx.error(enc->line, enc->kind, "key not shown (listed with nokeys?)");
        return;
    }
    std::string why = parse_hex(enc->key, k.encr_key);
    if (!why.empty()) {
        ctx.error(enc->line, enc->kind, why);
        return;
    }
    uint16_t bits = 0;
    if (!bits_from_key_material(id, k.encr_key.size(), bits)) {
        ctx.error(enc->line, enc->kind,
                  std::to_string(k.encr_key.size()) + " octets, but " + enc->name + " needs " +
                      key_material_choices(id));
        return;
    }
    k.encr_id = id;
    k.encr_key_bits = bits;
    const crypto::EncrAlgorithm* alg = crypto::find_encr(id, bits);
    IntegChoice ic;
    integ_from_id(0, ic);
    if (auth) {
        if (!kernel_auth(auth->name, auth->kind == "auth" ? -1 : auth->bits, ic)) {
            ctx.error(auth->line, auth->kind,
                      "unsupported " + shown(auth->name) +
                          (auth->bits >= 0 ? " truncated to " + std::to_string(auth->bits) + " bits"
                                           : ""));
            return;
        }
        if (alg && alg->aead && (ic.id != 0 || ic.icv_unchecked)) {
            ctx.error(auth->line, auth->kind, "an AEAD SA takes no separate authentication");
            return;
        }
        if (!auth->key_shown && !ic.takes_no_key) {
            ctx.error(auth->line, auth->kind, "key not shown (listed with nokeys?)");
            return;
        }
        why = parse_hex(auth->key, k.integ_key);
        if (why.empty()) why = check_integ_key(k.integ_key.size(), ic);
        if (!why.empty()) {
            ctx.error(auth->line, auth->kind, why);
            return;
        }
    }
    k.integ_id = ic.id;
    k.icv_unchecked = ic.icv_unchecked;
    k.esn = esn_;
    k.esn_known = esn_known_ || esn_;
    ctx.add_esp(std::move(k), KeyFormat::IpXfrm, start_);
}

}  // namespace ikev2::keys::detail
