// UAT "ipsec_sa". Addresses and the SPI are quoted strings in the UAT file, keys bare hex,
// the algorithm and protocol choices quoted names, ESN TRUE or FALSE. The address and SPI
// syntax is that of Wireshark's esp_sa table, parsed by the key-file readers' helpers, so
// a row means the same here as in a key file.
#include "ipsec_sa.hpp"

#include "../plugin/ws_compat.hpp"
#include <wsutil/wmem/wmem_strutl.h>  // ws_strdup_printf, used by UAT_BOOL_CB_DEF

#include <string>
#include <string_view>
#include <vector>

#include "crypto/algorithms.hpp"
#include "keys/readers.hpp"

namespace ikev2::ws {

namespace {

namespace kd = keys::detail;
using keys::AddressFamily;

struct Row {
    guint protocol;  // AddressFamily: 0 Any, 1 IPv4, 2 IPv6
    char* src;
    char* dst;
    char* spi;
    guint encr;  // (ENCR ID << 16) | key bits (0 for fixed-size ciphers); 0 = none chosen
    uat_buffer encr_key; guint encr_key_len;
    guint integ;  // INTEG ID; 0 is NONE
    uat_buffer integ_key; guint integ_key_len;
    guint esn;
};

Row* rows = nullptr;
guint num_rows = 0;
void (*on_change)() = nullptr;

// Column titles, also the field names in messages.
constexpr const char* kSrcTitle = "Source address";
constexpr const char* kDstTitle = "Destination address";
constexpr const char* kSpiTitle = "SPI";

// Choice lists filled once from the crypto core's tables. UAT_FLD_VS takes the address
// of an array, so these are arrays (terminated by {0, nullptr}), not vectors.
const value_string protocol_choices[] = {
    {static_cast<guint32>(AddressFamily::Any), "Any"},
    {static_cast<guint32>(AddressFamily::IPv4), "IPv4"},
    {static_cast<guint32>(AddressFamily::IPv6), "IPv6"},
    {0, nullptr},
};
value_string encr_choices[64];
value_string integ_choices[32];

void build_choices() {
    static bool built = false;
    if (built) return;
    built = true;
    // Every ENCR entry, ESP-only ones (ENCR_NULL_AUTH_AES_GMAC) included.
    size_t n = 0;
    for (size_t i = 0; i < crypto::kEncrAlgorithmCount && n + 1 < G_N_ELEMENTS(encr_choices); i++) {
        const crypto::EncrAlgorithm& e = crypto::kEncrAlgorithms[i];
        // Registered once for the process lifetime.
        char* name = e.key_bits ? g_strdup_printf("%s-%u", e.name, e.key_bits) : g_strdup(e.name);
        encr_choices[n++] = {(guint32{e.id} << 16) | e.key_bits, name};
    }
    encr_choices[n] = {0, nullptr};
    n = 0;
    for (size_t i = 0; i < crypto::kIntegAlgorithmCount && n + 1 < G_N_ELEMENTS(integ_choices); i++)
        integ_choices[n++] = {crypto::kIntegAlgorithms[i].id, crypto::kIntegAlgorithms[i].name};
    integ_choices[n] = {0, nullptr};
}

UAT_VS_DEF(ipsec_sa, protocol, Row, guint, 0, "Any")
UAT_CSTRING_CB_DEF(ipsec_sa, src, Row)
UAT_CSTRING_CB_DEF(ipsec_sa, dst, Row)
UAT_CSTRING_CB_DEF(ipsec_sa, spi, Row)
// A row without a valid choice shows an empty cell, which the checks reject.
UAT_VS_DEF(ipsec_sa, encr, Row, guint, 0, "")
UAT_BUFFER_CB_DEF(ipsec_sa, encr_key, Row, encr_key, encr_key_len)
UAT_VS_DEF(ipsec_sa, integ, Row, guint, 0, "NONE")
UAT_BUFFER_CB_DEF(ipsec_sa, integ_key, Row, integ_key, integ_key_len)
UAT_BOOL_CB_DEF(ipsec_sa, esn, Row)

// ---- parsing ------------------------------------------------------------------------

// "*" (any SPI), "0x1234****" or an exact SPI, as in Wireshark's esp_sa; "" or what is wrong.
std::string parse_spi_pattern(std::string_view text, uint32_t& spi, uint32_t& mask) {
    if (kd::trim(text).empty()) return "empty (use * for any SPI)";
    return kd::parse_esp_spi_pattern(text, spi, mask);
}

std::string_view text_of(const char* p) {
    return p ? std::string_view(p) : std::string_view();
}

const char* family_name(AddressFamily f) {
    return f == AddressFamily::IPv4 ? "IPv4" : f == AddressFamily::IPv6 ? "IPv6" : "Any";
}

// Checks a row and turns it into keys. Returns "" or "<field>: <what is wrong>"; never
// key bytes. Shared by the update callback and add_ipsec_uat_keys, so a row is copied
// only when the dialog accepted it.
std::string row_to_keys(const Row& r, keys::EspSaKeys& k) noexcept {
    try {
        if (r.protocol > static_cast<guint>(AddressFamily::IPv6))
            return "Protocol: Any, IPv4 or IPv6 expected";
        k.family = static_cast<AddressFamily>(r.protocol);
        for (int i = 0; i < 2; i++) {
            const char* title = i == 0 ? kSrcTitle : kDstTitle;
            keys::AddressPattern& p = i == 0 ? k.src : k.dst;
            std::string why = kd::parse_address_pattern(text_of(i == 0 ? r.src : r.dst), p);
            if (!why.empty()) return std::string(title) + ": " + why;
            if (!p.any() && k.family != AddressFamily::Any && p.family != k.family)
                return std::string(title) + ": an " + family_name(p.family) +
                       " address, but Protocol is " + family_name(k.family);
        }
        if (k.family == AddressFamily::Any) {
            if (!k.src.any() && !k.dst.any() && k.src.family != k.dst.family)
                return std::string(kDstTitle) + ": an " + family_name(k.dst.family) +
                       " address, but the source address is " + family_name(k.src.family);
            k.family = !k.src.any() ? k.src.family : k.dst.family;
        }
        {
            std::string why = parse_spi_pattern(text_of(r.spi), k.spi, k.spi_mask);
            if (!why.empty()) return std::string(kSpiTitle) + ": " + why;
        }

        if (r.encr == 0) return "Encryption algorithm: none chosen";
        const auto encr_id = static_cast<uint16_t>(r.encr >> 16);
        const auto encr_bits = static_cast<uint16_t>(r.encr & 0xffff);
        const crypto::EncrAlgorithm* alg = crypto::find_encr(encr_id, encr_bits);
        if (!alg) return "Encryption algorithm: not one the plugin can decrypt with";
        // The UAT hands a buffer field NULL with a non-zero length for text that is not hex.
        if (!r.encr_key && r.encr_key_len) return "Encryption key: not hex";
        {
            std::string why = kd::check_encr_key(r.encr_key_len, encr_id, encr_bits);
            if (!why.empty()) return "Encryption key: " + why;
        }

        kd::IntegChoice integ;
        if (r.integ > 0xffff || !crypto::find_integ(static_cast<uint16_t>(r.integ)) ||
            !kd::integ_from_id(static_cast<uint16_t>(r.integ), integ))
            return "Integrity algorithm: not one the plugin can check";
        // RFC 4303 3.2 / RFC 4106 8: an AEAD cipher's ICV is its own; ESP carries no second one.
        if (alg->aead && integ.id != crypto::transform::kIntegNone)
            return "Integrity algorithm: " + kd::encr_label(encr_id, encr_bits) +
                   " is AEAD and takes NONE, not " + integ.label;
        if (!r.integ_key && r.integ_key_len) return "Integrity key: not hex";
        {
            std::string why = kd::check_integ_key(r.integ_key_len, integ);
            if (!why.empty()) return "Integrity key: " + why;
        }

        const auto* ek = uat_buffer_octets(r.encr_key);
        const auto* ik = uat_buffer_octets(r.integ_key);
        k.encr_id = encr_id;
        k.encr_key_bits = encr_bits;
        k.encr_key.assign(ek, ek + (ek ? r.encr_key_len : 0));
        k.integ_id = integ.id;
        k.icv_unchecked = 0;  // every INTEG choice here is one the core checks
        k.integ_key.assign(ik, ik + (ik ? r.integ_key_len : 0));
        // A checkbox cannot tell "no" from "not set": unchecked leaves ESN to the ICV
        // (esn_known false), as Wireshark 4.0's esp_sa rows do.
        k.esn = r.esn != 0;
        k.esn_known = k.esn;
        return "";
    } catch (...) {
        return "out of memory";
    }
}

// ---- UAT callbacks ------------------------------------------------------------------

// Field checks, so the dialog marks the cell at fault while it is edited. The update
// callback checks the whole row again (Protocol against the addresses).
uat_check_result chk_address(const char* title, const char* p, unsigned len, char** err) {
    keys::AddressPattern pattern;
    std::string why;
    try {
        why = kd::parse_address_pattern(std::string_view(p ? p : "", p ? len : 0), pattern);
    } catch (...) {
        why = "out of memory";
    }
    if (why.empty()) {
        *err = nullptr;
        return true;
    }
    *err = g_strdup_printf("%s: %s", title, why.c_str());
    return false;
}

uat_check_result chk_src(void*, const char* p, unsigned len, const void*, const void*, char** err) {
    return chk_address(kSrcTitle, p, len, err);
}

uat_check_result chk_dst(void*, const char* p, unsigned len, const void*, const void*, char** err) {
    return chk_address(kDstTitle, p, len, err);
}

uat_check_result chk_spi(void*, const char* p, unsigned len, const void*, const void*, char** err) {
    uint32_t spi = 0, mask = 0;
    std::string why;
    try {
        why = parse_spi_pattern(std::string_view(p ? p : "", p ? len : 0), spi, mask);
    } catch (...) {
        why = "out of memory";
    }
    if (why.empty()) {
        *err = nullptr;
        return true;
    }
    *err = g_strdup_printf("%s: %s", kSpiTitle, why.c_str());
    return false;
}

void* copy_cb(void* dest, const void* source, size_t) {
    auto* d = static_cast<Row*>(dest);
    const auto* s = static_cast<const Row*>(source);
    *d = *s;
    d->src = g_strdup(s->src);
    d->dst = g_strdup(s->dst);
    d->spi = g_strdup(s->spi);
    d->encr_key = uat_buffer_dup(s->encr_key, s->encr_key_len);
    d->integ_key = uat_buffer_dup(s->integ_key, s->integ_key_len);
    return d;
}

void free_cb(void* r) {
    auto* row = static_cast<Row*>(r);
    g_free(row->src);
    g_free(row->dst);
    g_free(row->spi);
    g_free(row->encr_key);
    g_free(row->integ_key);
}

uat_update_result update_cb(void* r, char** err) {
    keys::EspSaKeys k;
    const std::string why = row_to_keys(*static_cast<const Row*>(r), k);
    if (why.empty()) {
        *err = nullptr;
        return true;
    }
    *err = g_strdup(why.c_str());
    return false;
}

void post_update_cb() {
    if (on_change) on_change();
}

}  // namespace

void register_ipsec_sa_uat(module_t* module, void (*changed)()) {
    on_change = changed;
    build_choices();
    static uat_field_t fields[] = {
        UAT_FLD_VS(ipsec_sa, protocol, "Protocol", protocol_choices,
                   "IP version of the addresses, or Any"),
        UAT_FLD_CSTRING_OTHER(ipsec_sa, src, kSrcTitle, chk_src,
                              "Exact address, prefix (10.1.0.0/16), per-octet wildcards "
                              "(192.0.*.1), or * or empty for any"),
        UAT_FLD_CSTRING_OTHER(ipsec_sa, dst, kDstTitle, chk_dst,
                              "Exact address, prefix (10.1.0.0/16), per-octet wildcards "
                              "(192.0.*.1), or * or empty for any"),
        UAT_FLD_CSTRING_OTHER(ipsec_sa, spi, kSpiTitle, chk_spi,
                              "0x1234abcd or decimal; * for any SPI, 0x1234**** for any "
                              "value of the starred hex digits"),
        UAT_FLD_VS(ipsec_sa, encr, "Encryption algorithm", encr_choices,
                   "IKEv2 transform name and key length in bits"),
        UAT_FLD_BUFFER(ipsec_sa, encr_key, "Encryption key",
                       "Hex. The key, then the salt for AES-GCM, AES-GMAC and "
                       "ChaCha20-Poly1305 (4 octets), AES-CCM (3) and the nonce for AES-CTR (4)"),
        UAT_FLD_VS(ipsec_sa, integ, "Integrity algorithm", integ_choices,
                   "NONE for AEAD ciphers (GCM, CCM, GMAC, ChaCha20-Poly1305)"),
        UAT_FLD_BUFFER(ipsec_sa, integ_key, "Integrity key", "Hex; empty for NONE"),
        UAT_FLD_BOOL(ipsec_sa, esn, "ESN",
                     "Extended (64-bit) sequence numbers, RFC 4303 2.2.1. Unchecked: "
                     "found from the ICV (tried once per SA when an ICV fails without)"),
        UAT_END_FIELDS,
    };
    uat_t* u = uat_new("IPsec ESP SAs", sizeof(Row), "ipsec_sa", TRUE, &rows, &num_rows,
                       UAT_AFFECTS_DISSECTION, nullptr, copy_cb, update_cb, free_cb,
                       post_update_cb, nullptr, fields);
    prefs_register_uat_preference(module, "sa_table", "IPsec ESP SAs",
                                  "Addresses, SPIs, algorithms and keys of ESP SAs, one "
                                  "direction per row, for decrypting ESP",
                                  u);
}

size_t add_ipsec_uat_keys(keys::KeyStore& store) {
    size_t n = 0;
    for (guint i = 0; i < num_rows; i++) {
        keys::EspSaKeys k;
        if (!row_to_keys(rows[i], k).empty()) continue;
        try {
            k.source.file = "ipsec_sa";
            k.source.line = i + 1;
            k.source.format = "uat";
        } catch (...) {
            continue;
        }
        if (store.add_esp(std::move(k)) != keys::AddResult::Failed) n++;
    }
    return n;
}

}  // namespace ikev2::ws
