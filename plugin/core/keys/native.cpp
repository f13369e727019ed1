// Native key lines: one SA per line, "key=value" words after "ikev2" or "esp" (see
// key_file.hpp for the grammar). They carry what the other formats cannot: SK_d, SK_pi,
// SK_pr and the PRF, so CHILD_SA keys and rekeyed IKE SAs can be derived (RFC 7296 2.17,
// 2.18).
#include <cctype>

#include "crypto/algorithms.hpp"
#include "readers.hpp"

namespace ikev2::keys::detail {

namespace {

struct Word {
    std::string key;  // lower-case
    std::string_view value;
    bool has_value = false;
};

// Split into words; false (with the error reported) on a word without '='.
bool words_of(Ctx& ctx, unsigned line, const std::vector<std::string_view>& toks,
              std::vector<Word>& out, bool allow_esn) {
    for (size_t i = 1; i < toks.size(); i++) {
        std::string_view t = toks[i];
        size_t eq = t.find('=');
        Word w;
        if (eq == std::string_view::npos) {
            if (allow_esn && iequals(t, "esn")) {
                w.key = "esn";
                out.push_back(w);
                continue;
            }
            // Not echoed: a word without a name might be key material.
            ctx.error(line, "word " + std::to_string(i + 1), "not name=value");
            return false;
        }
        std::string k(t.substr(0, eq));
        for (char& c : k) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        // A word is named by its key unless the key is empty or looks like key material
        // (fuzzing found both: an empty field name, a key echoed in "given twice").
        const bool nameable = !k.empty() && !looks_like_key_material(k);
        if (k.empty()) {
            ctx.error(line, "word " + std::to_string(i + 1), "no name before '='");
            return false;
        }
        w.key = k;
        w.value = t.substr(eq + 1);
        w.has_value = true;
        for (const Word& o : out) {
            if (o.key == w.key) {
                ctx.error(line, nameable ? w.key : "word " + std::to_string(i + 1), "given twice");
                return false;
            }
        }
        out.push_back(w);
    }
    return true;
}

// The name of a word for an error: its key, or its position when the key looks like
// key material.
std::string field_name(const std::vector<Word>& ws, const Word& w) {
    if (!looks_like_key_material(w.key)) return w.key;
    return "word " + std::to_string(&w - ws.data() + 2);
}

const Word* find(const std::vector<Word>& ws, std::string_view key) {
    for (const Word& w : ws)
        if (w.key == key) return &w;
    return nullptr;
}

// Hex value of a word: "-" or empty is empty. Reports and returns false on errors.
bool hex_word(Ctx& ctx, unsigned line, const Word* w, const char* field,
              std::vector<uint8_t>& out) {
    out.clear();
    if (!w || w->value.empty() || w->value == "-") return true;
    std::string why = parse_hex(w->value, out);
    if (!why.empty()) {
        ctx.error(line, field, why);
        return false;
    }
    return true;
}

bool check(Ctx& ctx, unsigned line, const char* field, const std::string& why) {
    if (why.empty()) return true;
    ctx.error(line, field, why);
    return false;
}

bool read_ike(Ctx& ctx, unsigned line, const std::vector<Word>& ws) {
    static constexpr std::string_view known[] = {"spi_i", "spi_r", "sk_ei", "sk_er",
                                                 "sk_ai", "sk_ar", "sk_d",  "sk_pi",
                                                 "sk_pr", "encr",  "integ", "prf"};
    for (const Word& w : ws) {
        bool ok = false;
        for (std::string_view k : known) ok = ok || w.key == k;
        if (!ok) {
            ctx.error(line, field_name(ws, w), "unknown field");
            return false;
        }
    }
    IkeSaKeys k;
    // Both SPIs, or neither: keys without SPIs are bound later by the first message of a
    // keyless IKE SA that verifies with them (key_store.hpp, spis_given).
    k.spis_given = find(ws, "spi_i") || find(ws, "spi_r");
    for (const char* f : {"spi_i", "spi_r"}) {
        const Word* w = find(ws, f);
        if (!k.spis_given) break;
        if (!w) {
            ctx.error(line, f, "missing (give both SPIs, or neither)");
            return false;
        }
        uint64_t v = 0;
        std::string why = parse_hex_number(w->value, 8, v);
        if (!why.empty()) {
            ctx.error(line, f, "IKE SPI " + why);
            return false;
        }
        (f[4] == 'i' ? k.spi_i : k.spi_r) = v;
    }
    for (const char* f : {"sk_ei", "sk_er"}) {
        if (!find(ws, f)) {
            ctx.error(line, f, "missing");
            return false;
        }
    }
    if (!hex_word(ctx, line, find(ws, "sk_ei"), "sk_ei", k.sk_ei) ||
        !hex_word(ctx, line, find(ws, "sk_er"), "sk_er", k.sk_er) ||
        !hex_word(ctx, line, find(ws, "sk_ai"), "sk_ai", k.sk_ai) ||
        !hex_word(ctx, line, find(ws, "sk_ar"), "sk_ar", k.sk_ar) ||
        !hex_word(ctx, line, find(ws, "sk_d"), "sk_d", k.sk_d) ||
        !hex_word(ctx, line, find(ws, "sk_pi"), "sk_pi", k.sk_pi) ||
        !hex_word(ctx, line, find(ws, "sk_pr"), "sk_pr", k.sk_pr))
        return false;

    const crypto::EncrAlgorithm* enc = nullptr;
    if (const Word* w = find(ws, "encr")) {
        if (!parse_encr_name(w->value, k.encr_id, k.encr_key_bits)) {
            ctx.error(line, "encr", "unknown encryption algorithm " + shown(w->value));
            return false;
        }
        enc = crypto::find_encr(k.encr_id, k.encr_key_bits);
        if (!enc) return check(ctx, line, "encr", check_encr_key(0, k.encr_id, k.encr_key_bits));
        if (!enc->ike_sk) {
            ctx.error(line, "encr",
                      encr_label(k.encr_id, k.encr_key_bits) + " is not defined for IKE");
            return false;
        }
        if (!check(ctx, line, "sk_ei",
                   check_encr_key(k.sk_ei.size(), k.encr_id, k.encr_key_bits)) ||
            !check(ctx, line, "sk_er", check_encr_key(k.sk_er.size(), k.encr_id, k.encr_key_bits)))
            return false;
    }
    if (const Word* w = find(ws, "integ")) {
        IntegChoice ic;
        if (!parse_integ_name(w->value, ic)) {
            ctx.error(line, "integ", "unknown integrity algorithm " + shown(w->value));
            return false;
        }
        if (enc && enc->aead && (ic.id != 0 || ic.icv_unchecked)) {
            ctx.error(line, "integ",
                      encr_label(k.encr_id, k.encr_key_bits) +
                          " is AEAD and takes no integrity algorithm");
            return false;
        }
        if (!check(ctx, line, "sk_ai", check_integ_key(k.sk_ai.size(), ic)) ||
            !check(ctx, line, "sk_ar", check_integ_key(k.sk_ar.size(), ic)))
            return false;
        k.integ_id = ic.id;
        k.icv_unchecked = ic.icv_unchecked;
    } else if (enc && enc->aead) {
        IntegChoice none;
        integ_from_id(0, none);
        if (!check(ctx, line, "sk_ai", check_integ_key(k.sk_ai.size(), none)) ||
            !check(ctx, line, "sk_ar", check_integ_key(k.sk_ar.size(), none)))
            return false;
    }
    if (const Word* w = find(ws, "prf")) {
        if (!parse_prf_name(w->value, k.prf_id)) {
            ctx.error(line, "prf", "unknown PRF " + shown(w->value));
            return false;
        }
        if (!check(ctx, line, "sk_d", check_prf_key(k.sk_d.size(), k.prf_id)) ||
            !check(ctx, line, "sk_pi", check_prf_key(k.sk_pi.size(), k.prf_id)) ||
            !check(ctx, line, "sk_pr", check_prf_key(k.sk_pr.size(), k.prf_id)))
            return false;
    }
    ctx.add_ike(std::move(k), KeyFormat::Native, line);
    return true;
}

bool read_esp(Ctx& ctx, unsigned line, const std::vector<Word>& ws) {
    static constexpr std::string_view known[] = {"spi",      "src",       "dst",      "encr",
                                                 "key",      "enc_key",   "encr_key", "integ",
                                                 "auth_key", "integ_key", "esn",      "child"};
    for (const Word& w : ws) {
        bool ok = false;
        for (std::string_view kn : known) ok = ok || w.key == kn;
        if (!ok) {
            ctx.error(line, field_name(ws, w), "unknown field");
            return false;
        }
    }
    // Aliases: at most one of each group.
    auto one_of = [&](std::initializer_list<const char*> names, const char* field,
                      const Word*& out) {
        out = nullptr;
        for (const char* n : names) {
            const Word* w = find(ws, n);
            if (!w) continue;
            if (out) {
                ctx.error(line, field, "given twice (as " + out->key + " and " + w->key + ")");
                return false;
            }
            out = w;
        }
        return true;
    };
    const Word *key_w, *auth_w;
    if (!one_of({"key", "enc_key", "encr_key"}, "key", key_w) ||
        !one_of({"auth_key", "integ_key"}, "auth_key", auth_w))
        return false;

    EspSaKeys k;
    const Word* spi = find(ws, "spi");
    if (!spi) {
        ctx.error(line, "spi", "missing");
        return false;
    }
    if (!check(ctx, line, "spi", parse_esp_spi(spi->value, k.spi))) return false;
    if (const Word* w = find(ws, "src"))
        if (!check(ctx, line, "src", parse_address_pattern(w->value, k.src))) return false;
    if (const Word* w = find(ws, "dst"))
        if (!check(ctx, line, "dst", parse_address_pattern(w->value, k.dst))) return false;
    if (!k.src.any() && !k.dst.any() && k.src.family != k.dst.family) {
        ctx.error(line, "dst", "address family differs from src");
        return false;
    }
    k.family = !k.src.any() ? k.src.family : k.dst.family;

    const Word* encr = find(ws, "encr");
    if (!encr) {
        ctx.error(line, "encr", "missing");
        return false;
    }
    if (!parse_encr_name(encr->value, k.encr_id, k.encr_key_bits)) {
        ctx.error(line, "encr", "unknown encryption algorithm " + shown(encr->value));
        return false;
    }
    const crypto::EncrAlgorithm* enc = crypto::find_encr(k.encr_id, k.encr_key_bits);
    if (!enc) return check(ctx, line, "encr", check_encr_key(0, k.encr_id, k.encr_key_bits));
    if (!key_w && enc->key_material() != 0) {
        ctx.error(line, "key", "missing");
        return false;
    }
    if (!hex_word(ctx, line, key_w, key_w ? key_w->key.c_str() : "key", k.encr_key)) return false;
    if (!check(ctx, line, key_w ? key_w->key.c_str() : "key",
               check_encr_key(k.encr_key.size(), k.encr_id, k.encr_key_bits)))
        return false;

    IntegChoice ic;
    integ_from_id(0, ic);
    if (const Word* w = find(ws, "integ")) {
        if (!parse_integ_name(w->value, ic)) {
            ctx.error(line, "integ", "unknown integrity algorithm " + shown(w->value));
            return false;
        }
    }
    if (enc->aead && (ic.id != 0 || ic.icv_unchecked)) {
        ctx.error(
            line, "integ",
            encr_label(k.encr_id, k.encr_key_bits) + " is AEAD and takes no integrity algorithm");
        return false;
    }
    if (!hex_word(ctx, line, auth_w, auth_w ? auth_w->key.c_str() : "auth_key", k.integ_key))
        return false;
    if (!check(ctx, line, auth_w ? auth_w->key.c_str() : "auth_key",
               check_integ_key(k.integ_key.size(), ic)))
        return false;
    k.integ_id = ic.id;
    k.icv_unchecked = ic.icv_unchecked;

    if (const Word* w = find(ws, "esn")) {
        if (!w->has_value || iequals(w->value, "yes") || iequals(w->value, "true") ||
            w->value == "1") {
            k.esn = true;
        } else if (iequals(w->value, "no") || iequals(w->value, "false") || w->value == "0") {
            k.esn = false;
        } else {
            ctx.error(line, "esn", "yes or no expected");
            return false;
        }
        k.esn_known = true;
    }
    ctx.add_esp(std::move(k), KeyFormat::Native, line);
    return true;
}

}  // namespace

bool read_native_line(Ctx& ctx, unsigned line, std::string_view text) {
    size_t hash = text.find('#');
    if (hash != std::string_view::npos) text = text.substr(0, hash);
    std::vector<std::string_view> toks = split_ws(text);
    if (toks.size() < 2) return false;
    const bool ike = iequals(toks[0], "ikev2");
    const bool esp = iequals(toks[0], "esp");
    if (!ike && !esp) return false;
    if (toks[1].find('=') == std::string_view::npos) return false;  // not ours ("ikev2 I 0x...")
    std::vector<Word> ws;
    if (!words_of(ctx, line, toks, ws, esp)) return true;
    if (ike)
        read_ike(ctx, line, ws);
    else
        read_esp(ctx, line, ws);
    return true;
}

}  // namespace ikev2::keys::detail
