// Helpers shared by the key-file readers (readers.hpp): loading context, text, hex,
// addresses, algorithm names in IANA / strongSwan style, key length checks.
#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <cstring>

#include "crypto/algorithms.hpp"
#include "readers.hpp"

namespace ikev2::keys::detail {

namespace tr = crypto::transform;

// ---- loading context ---------------------------------------------------------------

void Ctx::error(unsigned line, std::string field, std::string message) {
    try {
        result_.errors.push_back(KeyFileError{file_, line, std::move(field), std::move(message)});
    } catch (...) {
        // Out of memory while reporting: nothing sensible left to do.
    }
}

void Ctx::add_ike(IkeSaKeys k, KeyFormat f, unsigned line) {
    try {
        deferred_.push_back(Deferred{std::move(k), f, line});
    } catch (...) {
        error(line, "store", "out of memory");
    }
}

void Ctx::add_esp(EspSaKeys k, KeyFormat f, unsigned line) {
    k.source.file = file_;
    k.source.line = line;
    k.source.format = key_format_name(f);
    if (store_.add_esp(std::move(k)) == AddResult::Failed) {
        error(line, "store", "out of memory");
        return;
    }
    result_.counts[static_cast<size_t>(f)].esp++;
}

void Ctx::flush_ike() {
    std::stable_sort(deferred_.begin(), deferred_.end(),
                     [](const Deferred& x, const Deferred& y) { return x.line < y.line; });
    for (Deferred& d : deferred_) {
        d.k.source.file = file_;
        d.k.source.line = d.line;
        d.k.source.format = key_format_name(d.f);
        if (store_.add_ike(std::move(d.k)) == AddResult::Failed) {
            error(d.line, "store", "out of memory");
            continue;
        }
        result_.counts[static_cast<size_t>(d.f)].ike++;
    }
    deferred_.clear();
}

// ---- text --------------------------------------------------------------------------

namespace {

// The C locale's white space, without a call per character: key files of 100,000 SAs
// are split into words millions of times.
constexpr bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

// Hex digits by table: a 100,000-SA key file has tens of millions of them.
struct HexTable {
    int8_t v[256];
    constexpr HexTable() : v() {
        for (int i = 0; i < 256; i++) v[i] = -1;
        for (int i = 0; i < 10; i++) v['0' + i] = static_cast<int8_t>(i);
        for (int i = 0; i < 6; i++) {
            v['a' + i] = static_cast<int8_t>(10 + i);
            v['A' + i] = static_cast<int8_t>(10 + i);
        }
    }
};
constexpr HexTable kHex;

inline int hex_value(char c) {
    return kHex.v[static_cast<unsigned char>(c)];
}

}  // namespace

std::string_view trim(std::string_view s) {
    size_t b = 0, e = s.size();
    while (b < e && is_space(s[b])) b++;
    while (e > b && is_space(s[e - 1])) e--;
    return s.substr(b, e - b);
}

std::vector<std::string_view> split_ws(std::string_view s) {
    std::vector<std::string_view> out;
    out.reserve(16);  // one allocation for a key line's words, not one per doubling
    size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && is_space(s[i])) i++;
        size_t j = i;
        while (j < s.size() && !is_space(s[j])) j++;
        if (j > i) out.push_back(s.substr(i, j - i));
        i = j;
    }
    return out;
}

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); i++)
        if (std::tolower(static_cast<unsigned char>(a[i])) !=
            std::tolower(static_cast<unsigned char>(b[i])))
            return false;
    return true;
}

bool istarts_with(std::string_view s, std::string_view p) {
    return s.size() >= p.size() && iequals(s.substr(0, p.size()), p);
}

bool starts_with(std::string_view s, std::string_view p) {
    return s.size() >= p.size() && s.substr(0, p.size()) == p;
}

bool ends_with(std::string_view s, std::string_view p) {
    return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

bool is_hex(char c) {
    return hex_value(c) >= 0;
}

bool all_hex(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (!is_hex(c)) return false;
    return true;
}

bool all_digits(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}

std::string upper(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

bool looks_like_key_material(std::string_view text) {
    size_t run = 0;
    for (char c : text) {
        run = is_hex(c) ? run + 1 : 0;
        if (run >= 8) return true;
    }
    return false;
}

std::string shown(std::string_view name) {
    if (looks_like_key_material(name)) return "(not shown: it looks like key material)";
    return "\"" + std::string(name) + "\"";
}

bool parse_uint(std::string_view s, uint64_t max, uint64_t& out) {
    if (!all_digits(s) || s.size() > 19) return false;
    uint64_t v = 0;
    for (char c : s) v = v * 10 + static_cast<uint64_t>(c - '0');
    if (v > max) return false;
    out = v;
    return true;
}

// ---- hex ---------------------------------------------------------------------------

std::string parse_hex(std::string_view text, std::vector<uint8_t>& out) {
    out.clear();
    size_t start = 0;
    if (text.size() >= 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) start = 2;
    const size_t digits = text.size() - start;
    try {
        out.resize(digits / 2);
    } catch (...) {
        out.clear();
        return "out of memory";
    }
    // One pass: pairs of digits into octets; the first character that is no hex digit
    // is named.
    for (size_t i = start, o = 0; i < text.size(); i += 2, o++) {
        const int hi = hex_value(text[i]);
        const int lo = i + 1 < text.size() ? hex_value(text[i + 1]) : 0;
        if (hi < 0 || lo < 0) {
            out.clear();
            return "not hex: character " + std::to_string(hi < 0 ? i + 1 : i + 2) + " is not a hex digit";
        }
        if (o < out.size()) out[o] = static_cast<uint8_t>(hi << 4 | lo);
    }
    if (digits % 2) {
        out.clear();
        return "odd number of hex digits (" + std::to_string(digits) + ")";
    }
    return "";
}

std::string parse_hex_number(std::string_view text, size_t octets, uint64_t& out) {
    std::vector<uint8_t> b;
    std::string why = parse_hex(text, b);
    if (!why.empty()) return why;
    if (b.size() != octets)
        return "must be " + std::to_string(octets) + " octets (" + std::to_string(2 * octets) +
               " hex digits), not " + std::to_string(b.size());
    uint64_t v = 0;
    for (uint8_t c : b) v = v << 8 | c;
    out = v;
    return "";
}

std::string parse_esp_spi(std::string_view s, uint32_t& out) {
    s = trim(s);
    if (s.size() >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        std::string_view h = s.substr(2);
        if (!all_hex(h)) return "not a hex number";
        size_t lead = 0;
        while (lead + 1 < h.size() && h[lead] == '0') lead++;
        if (h.size() - lead > 8) return "ESP SPI has more than 4 octets";
        uint32_t v = 0;
        for (char c : h.substr(lead)) v = v << 4 | static_cast<uint32_t>(hex_value(c));
        out = v;
        return "";
    }
    uint64_t v;
    if (!all_digits(s)) return "not a number (0x... or decimal)";
    if (!parse_uint(s, 0xffffffffu, v)) return "ESP SPI has more than 4 octets";
    out = static_cast<uint32_t>(v);
    return "";
}

// "*", "0x1234****" (Wireshark: '*' stands for one hex digit of "0x%08x"), or a number.
std::string parse_esp_spi_pattern(std::string_view v, uint32_t& spi, uint32_t& mask) {
    std::string_view s = trim(v);
    if (s == "*") {
        spi = 0;
        mask = 0;
        return "";
    }
    if (s.find('*') != std::string_view::npos) {
        if (s.size() != 10 || s[0] != '0' || (s[1] != 'x' && s[1] != 'X'))
            return "a SPI with wildcards must have 8 digits after 0x";
        spi = mask = 0;
        for (size_t i = 2; i < 10; i++) {
            spi <<= 4;
            mask <<= 4;
            if (s[i] == '*') continue;
            if (!is_hex(s[i])) return "not a hex number";
            const char d = static_cast<char>(s[i] | 0x20);  // lower case
            spi |= static_cast<uint32_t>(d <= '9' ? d - '0' : d - 'a' + 10);
            mask |= 0xf;
        }
        return "";
    }
    mask = 0xffffffffu;
    return parse_esp_spi(s, spi);
}

// ---- addresses ---------------------------------------------------------------------

namespace {

// IPv4 with "*" octets. Sets bytes and mask of the first 4 octets.
bool parse_ipv4_wild(std::string_view s, AddressPattern& p) {
    size_t part = 0, i = 0;
    while (true) {
        const size_t j = s.find('.', i);
        const std::string_view o = s.substr(i, j == std::string_view::npos ? s.size() - i : j - i);
        if (part == 4) return false;
        if (o == "*") {
            p.bytes[part] = 0;
            p.mask[part] = 0;
        } else {
            uint64_t v;
            if (o.size() > 3 || !parse_uint(o, 255, v)) return false;
            p.bytes[part] = static_cast<uint8_t>(v);
            p.mask[part] = 0xff;
        }
        part++;
        if (j == std::string_view::npos) break;
        i = j + 1;
    }
    return part == 4;
}

// IPv6 with "*" groups (and "::"). Exact addresses go through inet_pton, which also takes
// the embedded IPv4 forms.
bool parse_ipv6_wild(std::string_view s, AddressPattern& p) {
    if (s.find('*') == std::string_view::npos) {
        std::string z(s);
        unsigned char buf[16];
        if (inet_pton(AF_INET6, z.c_str(), buf) != 1) return false;
        for (int k = 0; k < 16; k++) {
            p.bytes[k] = buf[k];
            p.mask[k] = 0xff;
        }
        return true;
    }
    // Split at "::" (once), then at ':'.
    auto groups = [](std::string_view part, std::vector<std::string_view>& out) {
        if (part.empty()) return true;
        size_t i = 0;
        while (true) {
            size_t j = part.find(':', i);
            std::string_view g =
                part.substr(i, j == std::string_view::npos ? std::string_view::npos : j - i);
            if (g.empty() || g.size() > 4) return false;
            if (g != "*" && !all_hex(g)) return false;
            out.push_back(g);
            if (j == std::string_view::npos) return true;
            i = j + 1;
        }
    };
    std::vector<std::string_view> head, tail;
    size_t dc = s.find("::");
    if (dc != std::string_view::npos) {
        if (s.find("::", dc + 1) != std::string_view::npos) return false;
        if (!groups(s.substr(0, dc), head) || !groups(s.substr(dc + 2), tail)) return false;
        if (head.size() + tail.size() > 7) return false;
    } else {
        if (!groups(s, head) || head.size() != 8) return false;
    }
    std::vector<std::string_view> all(head);
    all.resize(8 - tail.size(), std::string_view("0"));
    all.insert(all.end(), tail.begin(), tail.end());
    for (size_t g = 0; g < 8; g++) {
        if (all[g] == "*") {
            p.bytes[2 * g] = p.bytes[2 * g + 1] = 0;
            p.mask[2 * g] = p.mask[2 * g + 1] = 0;
            continue;
        }
        unsigned v = 0;
        for (char c : all[g]) v = v << 4 | static_cast<unsigned>(hex_value(c));
        p.bytes[2 * g] = static_cast<uint8_t>(v >> 8);
        p.bytes[2 * g + 1] = static_cast<uint8_t>(v);
        p.mask[2 * g] = p.mask[2 * g + 1] = 0xff;
    }
    return true;
}

}  // namespace

std::string parse_address_pattern(std::string_view text, AddressPattern& out) {
    AddressPattern p;
    std::string_view s = trim(text);
    p.text = std::string(s);
    if (s.empty() || s == "*") {
        out = p;
        return "";
    }
    std::string_view addr = s;
    long prefix = -1;
    size_t slash = s.rfind('/');
    if (slash != std::string_view::npos) {
        uint64_t v;
        if (!parse_uint(s.substr(slash + 1), 128, v)) return "bad prefix length";
        prefix = static_cast<long>(v);
        addr = s.substr(0, slash);
    }
    const bool v6 = addr.find(':') != std::string_view::npos;
    if (v6) {
        if (!parse_ipv6_wild(addr, p)) return "not an IPv6 address";
        p.family = AddressFamily::IPv6;
    } else {
        if (!parse_ipv4_wild(addr, p)) return "not an IPv4 address";
        p.family = AddressFamily::IPv4;
    }
    const long max = v6 ? 128 : 32;
    if (prefix > max) return "prefix length above " + std::to_string(max);
    if (prefix >= 0) {
        for (long bit = prefix; bit < max; bit++)
            p.mask[static_cast<size_t>(bit / 8)] &= static_cast<uint8_t>(~(0x80u >> (bit % 8)));
    }
    out = p;
    return "";
}

bool parse_exact_address(std::string_view text, AddressPattern& out) {
    std::string_view s = trim(text);
    if (s.empty() || s.find('*') != std::string_view::npos || s.find('/') != std::string_view::npos)
        return false;
    return parse_address_pattern(s, out).empty();
}

// ---- algorithms --------------------------------------------------------------------

bool integ_from_id(uint16_t id, IntegChoice& out) {
    IntegChoice c;
    c.id = id;
    if (id == tr::kIntegNone) {
        c.label = "AUTH_NONE";
        out = c;
        return true;
    }
    if (const crypto::IntegAlgorithm* a = crypto::find_integ(id)) {
        c.key_size = a->key_size;
        c.takes_no_key = false;
        c.label = a->name;
        out = c;
        return true;
    }
    return false;
}

IntegChoice integ_unchecked(uint8_t icv, std::string label) {
    IntegChoice c;
    c.icv_unchecked = icv;
    c.label = std::move(label);
    return c;
}

std::string encr_label(uint16_t id, uint16_t bits) {
    for (size_t i = 0; i < crypto::kEncrAlgorithmCount; i++) {
        const crypto::EncrAlgorithm& a = crypto::kEncrAlgorithms[i];
        if (a.id != id) continue;
        std::string s = a.name;
        if (bits && a.key_bits) s += "-" + std::to_string(bits);
        return s;
    }
    return "ENCR " + std::to_string(id);
}

bool bits_from_key_material(uint16_t id, size_t len, uint16_t& bits) {
    for (size_t i = 0; i < crypto::kEncrAlgorithmCount; i++) {
        const crypto::EncrAlgorithm& a = crypto::kEncrAlgorithms[i];
        if (a.id == id && a.key_material() == len) {
            bits = a.key_bits;
            return true;
        }
    }
    return false;
}

std::string key_material_choices(uint16_t id) {
    std::vector<size_t> v;
    for (size_t i = 0; i < crypto::kEncrAlgorithmCount; i++)
        if (crypto::kEncrAlgorithms[i].id == id)
            v.push_back(crypto::kEncrAlgorithms[i].key_material());
    std::string s;
    for (size_t i = 0; i < v.size(); i++) {
        if (i) s += i + 1 == v.size() ? " or " : ", ";
        s += std::to_string(v[i]);
    }
    return s;
}

namespace {

std::string without_prefix(std::string s, const char* prefix) {
    const size_t n = std::strlen(prefix);
    if (s.compare(0, n, prefix) == 0) s.erase(0, n);
    return s;
}

// `name` without `prefix`, as a view (no copy: the algorithm tables are searched per
// key line).
std::string_view after_prefix(std::string_view name, std::string_view prefix) {
    return name.substr(0, prefix.size()) == prefix ? name.substr(prefix.size()) : name;
}

bool encr_by_base(const std::string& base, uint16_t& id) {
    std::string b = base;
    if (b == "NULL_AES_GMAC") b = "NULL_AUTH_AES_GMAC";  // strongSwan
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < crypto::kEncrAlgorithmCount; i++) {
            if (after_prefix(crypto::kEncrAlgorithms[i].name, "ENCR_") == b) {
                id = crypto::kEncrAlgorithms[i].id;
                return true;
            }
        }
        // strongSwan and libreswan add "_CBC" to the IANA names of the CBC ciphers
        // (3DES_CBC, DES_CBC, CAST_CBC, BLOWFISH_CBC).
        if (!ends_with(b, "_CBC")) break;
        b.erase(b.size() - 4);
    }
    return false;
}

}  // namespace

bool parse_encr_name(std::string_view name, uint16_t& id, uint16_t& bits) {
    std::string s = upper(trim(name));
    if (s.empty()) return false;
    // Numbers: "12" or "12/128".
    size_t slash = s.find('/');
    uint64_t a, b = 0;
    if (slash != std::string::npos) {
        if (parse_uint(std::string_view(s).substr(0, slash), 0xffff, a) &&
            parse_uint(std::string_view(s).substr(slash + 1), 0xffff, b) &&
            crypto::encr_id_known(static_cast<uint16_t>(a))) {
            id = static_cast<uint16_t>(a);
            bits = static_cast<uint16_t>(b);
            return true;
        }
        return false;
    }
    if (parse_uint(s, 0xffff, a)) {
        if (!crypto::encr_id_known(static_cast<uint16_t>(a))) return false;
        id = static_cast<uint16_t>(a);
        bits = 0;
        return true;
    }
    s = without_prefix(s, "ENCR_");
    if (encr_by_base(s, id)) {
        bits = 0;
        return true;
    }
    // A trailing key length: "AES_CBC-128", "AES_CBC_128", "AES_GCM_16_256".
    size_t sep = s.find_last_of("-_");
    if (sep == std::string::npos || sep == 0) return false;
    uint64_t v;
    if (!parse_uint(std::string_view(s).substr(sep + 1), 0xffff, v)) return false;
    if (!encr_by_base(s.substr(0, sep), id)) return false;
    bits = static_cast<uint16_t>(v);
    return true;
}

bool parse_integ_name(std::string_view name, IntegChoice& out) {
    std::string s = upper(trim(name));
    if (s.empty()) return false;
    uint64_t v;
    if (parse_uint(s, 0xffff, v)) return integ_from_id(static_cast<uint16_t>(v), out);
    s = without_prefix(s, "AUTH_");
    if (s == "NONE" || s == "NULL") return integ_from_id(0, out);
    for (size_t i = 0; i < crypto::kIntegAlgorithmCount; i++)
        if (after_prefix(crypto::kIntegAlgorithms[i].name, "AUTH_") == s)
            return integ_from_id(crypto::kIntegAlgorithms[i].id, out);
    return false;
}

bool parse_prf_name(std::string_view name, uint16_t& id) {
    std::string s = upper(trim(name));
    if (s.empty()) return false;
    uint64_t v;
    if (parse_uint(s, 0xffff, v)) {
        if (!crypto::find_prf(static_cast<uint16_t>(v))) return false;
        id = static_cast<uint16_t>(v);
        return true;
    }
    s = without_prefix(s, "PRF_");
    for (size_t i = 0; i < crypto::kPrfAlgorithmCount; i++) {
        if (after_prefix(crypto::kPrfAlgorithms[i].name, "PRF_") == s) {
            id = crypto::kPrfAlgorithms[i].id;
            return true;
        }
    }
    return false;
}

// ---- key length checks -------------------------------------------------------------

namespace {

std::string octets(size_t n) {
    return std::to_string(n) + (n == 1 ? " octet" : " octets");
}

// "128, 192 or 256" for AES; "" for fixed-size ciphers.
std::string bit_choices(uint16_t id) {
    std::vector<uint16_t> v;
    for (size_t i = 0; i < crypto::kEncrAlgorithmCount; i++)
        if (crypto::kEncrAlgorithms[i].id == id && crypto::kEncrAlgorithms[i].key_bits)
            v.push_back(crypto::kEncrAlgorithms[i].key_bits);
    std::string s;
    for (size_t i = 0; i < v.size(); i++) {
        if (i) s += i + 1 == v.size() ? " or " : ", ";
        s += std::to_string(v[i]);
    }
    return s;
}

}  // namespace

std::string check_encr_key(size_t len, uint16_t id, uint16_t bits) {
    const crypto::EncrAlgorithm* a = crypto::find_encr(id, bits);
    if (!a) {
        if (!crypto::encr_id_known(id)) return "ENCR " + std::to_string(id) + " is not supported";
        std::string choices = bit_choices(id);
        if (bits == 0) return encr_label(id, 0) + " needs a key length (" + choices + ")";
        return encr_label(id, 0) + " has no " + std::to_string(bits) + "-bit key (" + choices + ")";
    }
    if (len == a->key_material()) return "";
    std::string m = octets(len) + ", but " + encr_label(id, bits) + " needs " +
                    std::to_string(a->key_material());
    if (a->salt_size)
        m += " (" + std::to_string(a->key_size) + " key + " + std::to_string(a->salt_size) +
             " salt)";
    return m;
}

std::string check_integ_key(size_t len, const IntegChoice& integ) {
    if (integ.takes_no_key) {
        // "ANY n bits [No Checking]": whatever key the row carries is not used, as in
        // Wireshark (users keep the real SK_a there when the table lacks its algorithm).
        if (len == 0 || integ.icv_unchecked) return "";
        return integ.label + " takes no key, but " + octets(len) + (len == 1 ? " is" : " are") +
               " given";
    }
    if (len == integ.key_size) return "";
    return octets(len) + ", but " + integ.label + " needs " + std::to_string(integ.key_size);
}

std::string check_prf_key(size_t len, uint16_t prf_id) {
    const crypto::PrfAlgorithm* p = crypto::find_prf(prf_id);
    if (!p || len == 0 || len == p->key_size) return "";
    return octets(len) + ", but " + p->name + " gives " + std::to_string(p->key_size);
}

}  // namespace ikev2::keys::detail
