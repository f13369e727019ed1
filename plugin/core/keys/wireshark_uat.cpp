// Wireshark's own key tables, as Wireshark 4.0 writes and reads them and as strongSwan's
// save-keys plugin writes them (both append one CSV row per SA):
//
//   ikev2_decryption_table (epan/dissectors/packet-isakmp.c, ikev2_uat_flds):
//     SPIi,SPIr,SK_ei,SK_er,"encryption algorithm",SK_ai,SK_ar,"integrity algorithm"
//     byte fields bare hex (quoted hex accepted too), names from vs_ikev2_encr_algs and
//     vs_ikev2_auth_algs.
//   esp_sa (epan/dissectors/packet-ipsec.c, esp_uat_flds):
//     "IPv4","src","dst","0xSPI","encryption","0xkey","authentication","0xkey"
//     names from esp_encryption_type_vals / esp_authentication_type_vals; a key without
//     0x is text (compute_ascii_key); addresses and SPI may hold "*" wildcards and
//     addresses a "/prefix" (get_full_ipv4_addr, filter_spi_match).
//
// Quoted fields may hold \xHH escapes (uat_esc). Lines starting with '#' are comments.
#include <cctype>
#include <cstring>

#include "crypto/algorithms.hpp"
#include "readers.hpp"

namespace ikev2::keys::detail {

namespace tr = crypto::transform;

namespace {

struct Field {
    std::string value;
    bool quoted = false;
};

int hexval(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Split a UAT row at the commas outside quotes. False for an unterminated quote.
bool split_row(std::string_view line, std::vector<Field>& out) {
    size_t i = 0;
    while (true) {
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) i++;
        Field f;
        if (i < line.size() && line[i] == '"') {
            f.quoted = true;
            i++;
            bool closed = false;
            while (i < line.size()) {
                char c = line[i];
                if (c == '"') {
                    closed = true;
                    i++;
                    break;
                }
                if (c == '\\' && i + 1 < line.size()) {
                    if (line[i + 1] == 'x' && i + 3 < line.size() && hexval(line[i + 2]) >= 0 &&
                        hexval(line[i + 3]) >= 0) {
                        f.value.push_back(
                            static_cast<char>(hexval(line[i + 2]) << 4 | hexval(line[i + 3])));
                        i += 4;
                        continue;
                    }
                    f.value.push_back(line[i + 1]);
                    i += 2;
                    continue;
                }
                f.value.push_back(c);
                i++;
            }
            if (!closed) return false;
            while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) i++;
            out.push_back(std::move(f));
            if (i >= line.size()) return true;
            if (line[i] != ',') return false;
            i++;
            continue;
        }
        size_t j = line.find(',', i);
        f.value = std::string(
            trim(line.substr(i, j == std::string_view::npos ? std::string_view::npos : j - i)));
        out.push_back(std::move(f));
        if (j == std::string_view::npos) return true;
        i = j + 1;
    }
}

// Commas outside quotes.
size_t top_commas(std::string_view line) {
    size_t n = 0;
    bool q = false;
    for (size_t i = 0; i < line.size(); i++) {
        char c = line[i];
        if (q && c == '\\') {
            i++;
            continue;
        }
        if (c == '"') q = !q;
        if (!q && c == ',') n++;
    }
    return n;
}

// A name from one of Wireshark's value_strings: exact, else ignoring case (strongSwan's
// save-keys writes "TripleDes-CBC [RFC2451]" where Wireshark says "TripleDES-CBC").
template <typename T, size_t N>
const T* lookup(const T (&table)[N], const std::string& name) {
    for (const T& e : table)
        if (name == e.name) return &e;
    for (const T& e : table)
        if (iequals(name, e.name)) return &e;
    return nullptr;
}

// ---- ikev2_decryption_table ------------------------------------------------------------

struct IkeEncrName {
    const char* name;
    uint16_t id;
    uint16_t bits;
};

// vs_ikev2_encr_algs (Wireshark 4.0).
const IkeEncrName kIkeEncr[] = {
    {"3DES [RFC2451]", tr::kEncr3Des, 0},
    {"AES-CBC-128 [RFC3602]", tr::kEncrAesCbc, 128},
    {"AES-CBC-192 [RFC3602]", tr::kEncrAesCbc, 192},
    {"AES-CBC-256 [RFC3602]", tr::kEncrAesCbc, 256},
    {"NULL [RFC2410]", tr::kEncrNull, 0},
    {"AES-CTR-128 [RFC5930]", tr::kEncrAesCtr, 128},
    {"AES-CTR-192 [RFC5930]", tr::kEncrAesCtr, 192},
    {"AES-CTR-256 [RFC5930]", tr::kEncrAesCtr, 256},
    {"AES-GCM-128 with 16 octet ICV [RFC5282]", tr::kEncrAesGcm16, 128},
    {"AES-GCM-192 with 16 octet ICV [RFC5282]", tr::kEncrAesGcm16, 192},
    {"AES-GCM-256 with 16 octet ICV [RFC5282]", tr::kEncrAesGcm16, 256},
    {"AES-GCM-128 with 8 octet ICV [RFC5282]", tr::kEncrAesGcm8, 128},
    {"AES-GCM-192 with 8 octet ICV [RFC5282]", tr::kEncrAesGcm8, 192},
    {"AES-GCM-256 with 8 octet ICV [RFC5282]", tr::kEncrAesGcm8, 256},
    {"AES-GCM-128 with 12 octet ICV [RFC5282]", tr::kEncrAesGcm12, 128},
    {"AES-GCM-192 with 12 octet ICV [RFC5282]", tr::kEncrAesGcm12, 192},
    {"AES-GCM-256 with 12 octet ICV [RFC5282]", tr::kEncrAesGcm12, 256},
    {"AES-CCM-128 with 16 octet ICV [RFC5282]", tr::kEncrAesCcm16, 128},
    {"AES-CCM-192 with 16 octet ICV [RFC5282]", tr::kEncrAesCcm16, 192},
    {"AES-CCM-256 with 16 octet ICV [RFC5282]", tr::kEncrAesCcm16, 256},
    {"AES-CCM-128 with 8 octet ICV [RFC5282]", tr::kEncrAesCcm8, 128},
    {"AES-CCM-192 with 8 octet ICV [RFC5282]", tr::kEncrAesCcm8, 192},
    {"AES-CCM-256 with 8 octet ICV [RFC5282]", tr::kEncrAesCcm8, 256},
    {"AES-CCM-128 with 12 octet ICV [RFC5282]", tr::kEncrAesCcm12, 128},
    {"AES-CCM-192 with 12 octet ICV [RFC5282]", tr::kEncrAesCcm12, 192},
    {"AES-CCM-256 with 12 octet ICV [RFC5282]", tr::kEncrAesCcm12, 256},
};

struct IntegName {
    const char* name;
    int id;       // IKEv2 INTEG ID, or -1: "ANY n bits", the ICV skipped unchecked
    uint8_t icv;  // for id -1
};

// vs_ikev2_auth_algs (Wireshark 4.0).
const IntegName kIkeInteg[] = {
    {"HMAC_MD5_96 [RFC2403]", tr::kIntegHmacMd5_96, 0},
    {"HMAC_SHA1_96 [RFC2404]", tr::kIntegHmacSha1_96, 0},
    {"HMAC_MD5_128 [RFC4595]", tr::kIntegHmacMd5_128, 0},
    {"HMAC_SHA1_160 [RFC4595]", tr::kIntegHmacSha1_160, 0},
    {"HMAC_SHA2_256_96 [draft-ietf-ipsec-ciph-sha-256-00]", tr::kIntegHmacSha2_256_96, 0},
    {"HMAC_SHA2_256_128 [RFC4868]", tr::kIntegHmacSha2_256_128, 0},
    {"HMAC_SHA2_384_192 [RFC4868]", tr::kIntegHmacSha2_384_192, 0},
    {"HMAC_SHA2_512_256 [RFC4868]", tr::kIntegHmacSha2_512_256, 0},
    {"NONE [RFC4306]", tr::kIntegNone, 0},
    {"ANY 64-bits of Authentication [No Checking]", -1, 8},
    {"ANY 96-bits of Authentication [No Checking]", -1, 12},
    {"ANY 128-bits of Authentication [No Checking]", -1, 16},
    {"ANY 160-bits of Authentication [No Checking]", -1, 20},
    {"ANY 192-bits of Authentication [No Checking]", -1, 24},
    {"ANY 256-bits of Authentication [No Checking]", -1, 32},
};

IntegChoice integ_choice(const IntegName& n) {
    IntegChoice c;
    if (n.id >= 0) {
        integ_from_id(static_cast<uint16_t>(n.id), c);
    } else {
        c = integ_unchecked(n.icv, std::string("\"") + n.name + "\"");
    }
    return c;
}

// Column titles of Wireshark's UAT dialogs, used as field names in errors.
const char* const kIkeCols[] = {"Initiator's SPI", "Responder's SPI",      "SK_ei",
                                "SK_er",           "Encryption algorithm", "SK_ai",
                                "SK_ar",           "Integrity algorithm"};

void read_ike_row(Ctx& ctx, unsigned line, const std::vector<Field>& f) {
    if (f.size() != 8) {
        ctx.error(line, "row",
                  "8 comma-separated fields expected, found " + std::to_string(f.size()));
        return;
    }
    IkeSaKeys k;
    for (int i = 0; i < 2; i++) {
        uint64_t v = 0;
        std::string why = parse_hex_number(f[i].value, 8, v);
        if (!why.empty()) {
            ctx.error(line, kIkeCols[i], "IKE SPI " + why);
            return;
        }
        (i == 0 ? k.spi_i : k.spi_r) = v;
    }
    std::vector<uint8_t>* bytes[8] = {nullptr, nullptr,  &k.sk_ei, &k.sk_er,
                                      nullptr, &k.sk_ai, &k.sk_ar, nullptr};
    for (int i : {2, 3, 5, 6}) {
        std::string why = parse_hex(f[i].value, *bytes[i]);
        if (!why.empty()) {
            ctx.error(line, kIkeCols[i], why);
            return;
        }
    }
    const IkeEncrName* e = lookup(kIkeEncr, f[4].value);
    if (!e) {
        ctx.error(line, kIkeCols[4], "unknown encryption algorithm " + shown(f[4].value));
        return;
    }
    const IntegName* in = lookup(kIkeInteg, f[7].value);
    if (!in) {
        ctx.error(line, kIkeCols[7], "unknown integrity algorithm " + shown(f[7].value));
        return;
    }
    k.encr_id = e->id;
    k.encr_key_bits = e->bits;
    for (int i : {2, 3}) {
        std::string why = check_encr_key(bytes[i]->size(), e->id, e->bits);
        if (!why.empty()) {
            ctx.error(line, kIkeCols[i], why);
            return;
        }
    }
    const IntegChoice ic = integ_choice(*in);
    const crypto::EncrAlgorithm* alg = crypto::find_encr(e->id, e->bits);
    if (alg && alg->aead && !ic.takes_no_key) {
        ctx.error(line, kIkeCols[7],
                  std::string(e->name) + " is AEAD and takes no integrity algorithm");
        return;
    }
    for (int i : {5, 6}) {
        std::string why = check_integ_key(bytes[i]->size(), ic);
        if (!why.empty()) {
            ctx.error(line, kIkeCols[i], why);
            return;
        }
    }
    k.integ_id = ic.id;
    k.icv_unchecked = alg && alg->aead ? 0 : ic.icv_unchecked;
    ctx.add_ike(std::move(k), KeyFormat::WiresharkIkeUat, line);
}

// ---- esp_sa --------------------------------------------------------------------------

struct EspEncrName {
    const char* name;
    int id;  // IKEv2 ENCR ID, or -2: "AES-GCM [RFC4106]" (ICV length from auth)
    bool after_4_0 = false;  // a later Wireshark's name: read, never written (export)
};

// esp_encryption_type_vals (Wireshark 4.0; 4.6 added the last three, 4.4 none).
const EspEncrName kEspEncr[] = {
    {"NULL", tr::kEncrNull},
    {"TripleDES-CBC [RFC2451]", tr::kEncr3Des},
    {"AES-CBC [RFC3602]", tr::kEncrAesCbc},
    {"AES-CTR [RFC3686]", tr::kEncrAesCtr},
    {"DES-CBC [RFC2405]", tr::kEncrDes},
    {"CAST5-CBC [RFC2144]", tr::kEncrCast},
    {"BLOWFISH-CBC [RFC2451]", tr::kEncrBlowfish},
    {"TWOFISH-CBC", tr::kEncrTwofishCbc},  // no IANA number: strongSwan's (algorithms.hpp)
    {"AES-GCM [RFC4106]", -2},
    {"AES-GCM with 8 octet ICV [RFC4106]", tr::kEncrAesGcm8},
    {"AES-GCM with 12 octet ICV [RFC4106]", tr::kEncrAesGcm12},
    {"AES-GCM with 16 octet ICV [RFC4106]", tr::kEncrAesGcm16},
    {"ChaCha20 with Poly1305 [RFC7634]", tr::kEncrChaCha20Poly1305, true},
    // RFC 8750 implicit IV: no IV field on the wire, the sequence number instead.
    {"AES-GCM with IIV and 16 octet ICV [RFC4106 & RFC8750]", tr::kEncrAesGcm16Iiv, true},
    {"ChaCha20 with Poly1305 and IIV [RFC7634 & RFC8750]", tr::kEncrChaCha20Poly1305Iiv, true},
};

// esp_authentication_type_vals (Wireshark 4.0).
const IntegName kEspInteg[] = {
    {"NULL", tr::kIntegNone, 0},
    {"HMAC-SHA-1-96 [RFC2404]", tr::kIntegHmacSha1_96, 0},
    {"HMAC-SHA-256-96 [draft-ietf-ipsec-ciph-sha-256-00]", tr::kIntegHmacSha2_256_96, 0},
    {"HMAC-SHA-256-128 [RFC4868]", tr::kIntegHmacSha2_256_128, 0},
    {"HMAC-SHA-384-192 [RFC4868]", tr::kIntegHmacSha2_384_192, 0},
    {"HMAC-SHA-512-256 [RFC4868]", tr::kIntegHmacSha2_512_256, 0},
    {"HMAC-MD5-96 [RFC2403]", tr::kIntegHmacMd5_96, 0},
    {"MAC-RIPEMD-160-96 [RFC2857]", tr::kIntegHmacRipemd160_96, 0},
    {"ANY 64 bit authentication [no checking]", -1, 8},
    {"ANY 96 bit authentication [no checking]", -1, 12},
    {"ANY 128 bit authentication [no checking]", -1, 16},
    {"ANY 192 bit authentication [no checking]", -1, 24},
    {"ANY 256 bit authentication [no checking]", -1, 32},
};

const char* const kEspCols[] = {
    "Protocol",   "Src IP",         "Dest IP",        "SPI",
    "Encryption", "Encryption Key", "Authentication", "Authentication Key"};

// Wireshark's compute_ascii_key: "0x..." is hex, anything else is the text itself.
std::string esp_key(const std::string& v, std::vector<uint8_t>& out) {
    out.clear();
    if (v.size() >= 2 && v[0] == '0' && (v[1] == 'x' || v[1] == 'X')) return parse_hex(v, out);
    out.assign(v.begin(), v.end());
    return "";
}

void read_esp_row(Ctx& ctx, unsigned line, const std::vector<Field>& f) {
    if (f.size() < 8) {
        ctx.error(line, "row",
                  "8 comma-separated fields expected, found " + std::to_string(f.size()));
        return;
    }
    EspSaKeys k;
    const std::string& proto = f[0].value;
    if (iequals(proto, "IPv4")) {
        k.family = AddressFamily::IPv4;
    } else if (iequals(proto, "IPv6")) {
        k.family = AddressFamily::IPv6;
    } else if (iequals(proto, "Any")) {
        k.family = AddressFamily::Any;
    } else {
        ctx.error(line, kEspCols[0], "IPv4, IPv6 or Any expected");
        return;
    }
    for (int i : {1, 2}) {
        AddressPattern& p = i == 1 ? k.src : k.dst;
        std::string why = parse_address_pattern(f[i].value, p);
        if (!why.empty()) {
            ctx.error(line, kEspCols[i], why);
            return;
        }
        if (!p.any() && k.family != AddressFamily::Any && p.family != k.family) {
            ctx.error(line, kEspCols[i],
                      std::string(p.family == AddressFamily::IPv6 ? "an IPv6" : "an IPv4") +
                          " address in an " + proto + " row");
            return;
        }
    }
    if (k.family == AddressFamily::Any) {
        if (!k.src.any() && !k.dst.any() && k.src.family != k.dst.family) {
            ctx.error(line, kEspCols[2], "address family differs from Src IP");
            return;
        }
        k.family = !k.src.any() ? k.src.family : k.dst.family;
    }
    {
        std::string why = parse_esp_spi_pattern(f[3].value, k.spi, k.spi_mask);
        if (!why.empty()) {
            ctx.error(line, kEspCols[3], why);
            return;
        }
    }
    const EspEncrName* e = lookup(kEspEncr, f[4].value);
    if (!e) {
        ctx.error(line, kEspCols[4], "unknown encryption algorithm " + shown(f[4].value));
        return;
    }
    const IntegName* in = lookup(kEspInteg, f[6].value);
    if (!in) {
        ctx.error(line, kEspCols[6], "unknown authentication algorithm " + shown(f[6].value));
        return;
    }
    for (int i : {5, 7}) {
        std::string why = esp_key(f[i].value, i == 5 ? k.encr_key : k.integ_key);
        if (!why.empty()) {
            ctx.error(line, kEspCols[i], why);
            return;
        }
    }
    IntegChoice ic = integ_choice(*in);
    uint16_t id;
    if (e->id == -2) {
        // Deprecated "AES-GCM [RFC4106]": the ICV length comes from "ANY n bit".
        if (in->id != -1 || (in->icv != 8 && in->icv != 12 && in->icv != 16)) {
            ctx.error(
                line, kEspCols[6],
                "AES-GCM [RFC4106] takes its ICV length from \"ANY 64/96/128 bit authentication\"");
            return;
        }
        id = in->icv == 8    ? tr::kEncrAesGcm8
             : in->icv == 12 ? tr::kEncrAesGcm12
                             : tr::kEncrAesGcm16;
        integ_from_id(0, ic);  // the ICV is GCM's tag, checked by the cipher
    } else {
        id = static_cast<uint16_t>(e->id);
    }
    uint16_t bits = 0;
    if (!bits_from_key_material(id, k.encr_key.size(), bits)) {
        ctx.error(line, kEspCols[5],
                  std::to_string(k.encr_key.size()) + " octets, but " + e->name + " needs " +
                      key_material_choices(id));
        return;
    }
    const crypto::EncrAlgorithm* alg = crypto::find_encr(id, bits);
    if (alg && alg->aead && e->id != -2 && !(ic.id == 0 && ic.icv_unchecked == 0)) {
        ctx.error(line, kEspCols[6],
                  std::string(e->name) + " is AEAD and takes NULL authentication");
        return;
    }
    {
        std::string why = check_integ_key(k.integ_key.size(), ic);
        if (!why.empty()) {
            ctx.error(line, kEspCols[7], why);
            return;
        }
    }
    k.encr_id = id;
    k.encr_key_bits = bits;
    k.integ_id = ic.id;
    k.icv_unchecked = ic.icv_unchecked;
    // Columns after the eighth (newer Wireshark versions): a sequence number length.
    // Wireshark 4.0's eight columns cannot say ESN: esn_known stays false.
    if (f.size() > 8) {
        const std::string& sn = f[8].value;
        std::string u = upper(sn);
        if (u.find("64") != std::string::npos || u.find("ESN") != std::string::npos ||
            u.find("EXTENDED") != std::string::npos) {
            k.esn = true;
            k.esn_known = true;
        } else if (u.find("32") != std::string::npos) {
            k.esn_known = true;
        } else if (!sn.empty()) {
            ctx.error(line, "column 9", "sequence number length not understood (32-bit or 64-bit)");
            return;
        }
    }
    ctx.add_esp(std::move(k), KeyFormat::WiresharkEspUat, line);
}

}  // namespace

bool read_uat_line(Ctx& ctx, unsigned line, std::string_view text) {
    std::string_view t = trim(text);
    // The shape: 3+ commas after a quoted first field (esp_sa rows are all quoted) or a
    // first field of letters and digits only (the SPI of an ikev2 row). Other comma-rich
    // text (swanctl output, logs) has spaces or punctuation up front.
    const size_t commas = top_commas(t);
    if (t.empty() || commas < 3) return false;
    if (t[0] != '"') {
        std::string_view first = trim(t.substr(0, t.find(',')));
        if (first.empty()) return false;
        for (char c : first)
            if (!std::isalnum(static_cast<unsigned char>(c))) return false;
    }
    std::vector<Field> f;
    if (!split_row(t, f)) {
        ctx.error(line, "row", "unbalanced quotes");
        return true;
    }
    // esp_sa rows start with the protocol; ikev2_decryption_table rows with the SPI.
    const std::string& first = f[0].value;
    const bool esp = istarts_with(first, "ipv") || iequals(first, "any") ||
                     (f[0].quoted && !all_hex(first) && !first.empty());
    if (esp)
        read_esp_row(ctx, line, f);
    else
        read_ike_row(ctx, line, f);
    return true;
}

}  // namespace ikev2::keys::detail

namespace ikev2::keys {

const char* wireshark_esp_encr_name(uint16_t encr_id) {
    for (const auto& e : detail::kEspEncr)
        if (e.id >= 0 && !e.after_4_0 && static_cast<uint16_t>(e.id) == encr_id) return e.name;
    return nullptr;
}

const char* wireshark_esp_integ_name(uint16_t integ_id) {
    for (const auto& e : detail::kEspInteg)
        if (e.id >= 0 && static_cast<uint16_t>(e.id) == integ_id) return e.name;
    return nullptr;
}

}  // namespace ikev2::keys
