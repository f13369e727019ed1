// Printable forms of addresses, strings, OIDs and DER names.
#include "text.hpp"

#include <cstdio>
#include <cstring>

namespace ikev2 {

std::string to_hex(ByteView v) {
    static const char digits[] = "0123456789abcdef";
    std::string s;
    s.reserve(v.size * 2);
    for (size_t i = 0; i < v.size; i++) {
        s += digits[v.data[i] >> 4];
        s += digits[v.data[i] & 0x0f];
    }
    return s;
}

std::string ipv4_text(ByteView a) {
    if (a.size != 4) return std::string();
    char buf[16];
    std::snprintf(buf, sizeof buf, "%u.%u.%u.%u", a[0], a[1], a[2], a[3]);
    return buf;
}

std::string ipv6_text(ByteView a) {
    if (a.size != 16) return std::string();
    uint16_t w[8];
    for (int i = 0; i < 8; i++) w[i] = load_be16(a.data + 2 * i);
    // RFC 5952 4.2: compress the longest run (first if tied) of two or more zero words.
    int best = -1, best_len = 0;
    for (int i = 0; i < 8;) {
        if (w[i] != 0) {
            i++;
            continue;
        }
        int j = i;
        while (j < 8 && w[j] == 0) j++;
        if (j - i > best_len && j - i >= 2) {
            best = i;
            best_len = j - i;
        }
        i = j;
    }
    std::string s;
    char buf[8];
    for (int i = 0; i < 8; i++) {
        if (i == best) {
            s += "::";
            i += best_len - 1;
            continue;
        }
        if (!s.empty() && s.back() != ':') s += ':';
        std::snprintf(buf, sizeof buf, "%x", w[i]);
        s += buf;
    }
    return s;
}

int cidr_prefix(ByteView start, ByteView end) {
    if (start.size != end.size || start.size == 0) return -1;
    // The block is start/p when start has zeros and end ones in the host bits, and both
    // agree on the network bits.
    int prefix = 0;
    size_t i = 0;
    for (; i < start.size && start[i] == end[i]; i++) prefix += 8;
    if (i == start.size) return prefix;  // a single address
    uint8_t diff = start[i] ^ end[i];
    int bits = 0;
    while (bits < 8 && !(diff & (0x80 >> bits))) bits++;
    uint8_t host_mask = static_cast<uint8_t>(0xff >> bits);
    if ((start[i] & host_mask) != 0 || (end[i] & host_mask) != host_mask) return -1;
    prefix += bits;
    for (size_t k = i + 1; k < start.size; k++)
        if (start[k] != 0x00 || end[k] != 0xff) return -1;
    return prefix;
}

std::string printable(ByteView s) {
    std::string out;
    out.reserve(s.size);
    char buf[5];
    for (size_t i = 0; i < s.size; i++) {
        uint8_t c = s.data[i];
        if (c >= 0x20 && c < 0x7f && c != '\\') {
            out += static_cast<char>(c);
        } else {
            std::snprintf(buf, sizeof buf, "\\x%02x", c);
            out += buf;
        }
    }
    return out;
}

namespace {

// One DER TLV: tag and content. Only definite lengths of up to 4 octets (DER).
bool der_read(Reader& r, uint8_t& tag, ByteView& content) {
    uint8_t len0 = 0;
    if (!r.u8(tag) || (tag & 0x1f) == 0x1f || !r.u8(len0)) return false;
    size_t len = len0;
    if (len0 & 0x80) {
        size_t n = len0 & 0x7f;
        if (n == 0 || n > 4) return false;
        len = 0;
        for (size_t i = 0; i < n; i++) {
            uint8_t b = 0;
            if (!r.u8(b)) return false;
            len = (len << 8) | b;
        }
    }
    return r.bytes(len, content);
}

struct OidName {
    const char* oid;
    const char* name;
};

// X.520 / PKCS #9 / RFC 4519 attribute types, with the short names strongSwan and
// OpenSSL print.
const OidName kDnAttributes[] = {
    {"2.5.4.3", "CN"}, {"2.5.4.4", "SN"}, {"2.5.4.5", "serialNumber"}, {"2.5.4.6", "C"},
    {"2.5.4.7", "L"}, {"2.5.4.8", "ST"}, {"2.5.4.9", "street"}, {"2.5.4.10", "O"},
    {"2.5.4.11", "OU"}, {"2.5.4.12", "T"}, {"2.5.4.42", "G"}, {"2.5.4.43", "I"},
    {"2.5.4.46", "dnQualifier"}, {"2.5.4.65", "pseudonym"},
    {"1.2.840.113549.1.9.1", "E"}, {"0.9.2342.19200300.100.1.1", "UID"},
    {"0.9.2342.19200300.100.1.25", "DC"},
};

// RFC 7427 appendix A, RFC 8420 (EdDSA), RFC 4055 (RSASSA-PSS).
const OidName kSignatureAlgorithms[] = {
    {"1.2.840.113549.1.1.1", "rsaEncryption"},
    {"1.2.840.113549.1.1.5", "sha1WithRSAEncryption"},
    {"1.2.840.113549.1.1.10", "RSASSA-PSS"},
    {"1.2.840.113549.1.1.11", "sha256WithRSAEncryption"},
    {"1.2.840.113549.1.1.12", "sha384WithRSAEncryption"},
    {"1.2.840.113549.1.1.13", "sha512WithRSAEncryption"},
    {"1.2.840.10040.4.3", "dsa-with-sha1"},
    {"2.16.840.1.101.3.4.3.2", "dsa-with-sha256"},
    {"1.2.840.10045.4.1", "ecdsa-with-SHA1"},
    {"1.2.840.10045.4.3.2", "ecdsa-with-SHA256"},
    {"1.2.840.10045.4.3.3", "ecdsa-with-SHA384"},
    {"1.2.840.10045.4.3.4", "ecdsa-with-SHA512"},
    {"1.3.101.112", "Ed25519"},
    {"1.3.101.113", "Ed448"},
};

const char* lookup(const OidName* table, size_t n, const std::string& oid) {
    for (size_t i = 0; i < n; i++)
        if (oid == table[i].oid) return table[i].name;
    return nullptr;
}

}  // namespace

std::string oid_text(ByteView c) {
    if (c.size == 0 || (c[c.size - 1] & 0x80)) return std::string();
    std::string s;
    uint64_t v = 0;
    bool first = true;
    for (size_t i = 0; i < c.size; i++) {
        // X.690 8.19.2: a subidentifier never starts with 0x80 (non-minimal encoding).
        if (v == 0 && c[i] == 0x80) return std::string();
        if (v > (UINT64_MAX >> 7)) return std::string();
        v = (v << 7) | (c[i] & 0x7f);
        if (c[i] & 0x80) continue;
        if (first) {
            // X.690 8.19.4: the first two arcs share one subidentifier.
            uint64_t a = v < 40 ? 0 : v < 80 ? 1 : 2;
            s = std::to_string(a) + "." + std::to_string(v - 40 * a);
            first = false;
        } else {
            s += "." + std::to_string(v);
        }
        v = 0;
    }
    return s;
}

bool der_name_text(ByteView der, std::string& out) {
    Reader top(der);
    uint8_t tag = 0;
    ByteView rdns;
    if (!der_read(top, tag, rdns) || tag != 0x30 || !top.at_end()) return false;
    std::string s;
    Reader rr(rdns);
    while (!rr.at_end()) {
        ByteView set;
        if (!der_read(rr, tag, set) || tag != 0x31) return false;
        Reader sr(set);
        while (!sr.at_end()) {
            ByteView atv, oid, value;
            if (!der_read(sr, tag, atv) || tag != 0x30) return false;
            Reader ar(atv);
            uint8_t vtag = 0;
            if (!der_read(ar, tag, oid) || tag != 0x06 || !der_read(ar, vtag, value) || !ar.at_end())
                return false;
            std::string o = oid_text(oid);
            if (o.empty()) return false;
            const char* name = lookup(kDnAttributes, sizeof kDnAttributes / sizeof kDnAttributes[0], o);
            if (!s.empty()) s += ", ";
            s += name ? name : o;
            s += "=";
            s += printable(value);
        }
    }
    out = s;
    return true;
}

bool der_algorithm_oid(ByteView der, std::string& oid) {
    Reader top(der);
    uint8_t tag = 0;
    ByteView seq, o;
    if (!der_read(top, tag, seq) || tag != 0x30) return false;
    Reader sr(seq);
    if (!der_read(sr, tag, o) || tag != 0x06) return false;
    oid = oid_text(o);
    return !oid.empty();
}

bool rsa_key_bits(ByteView certificate, uint32_t& bits) {
    // Certificate ::= SEQUENCE { tbsCertificate SEQUENCE { [0] version OPTIONAL,
    //   serialNumber, signature, issuer, validity, subject, subjectPublicKeyInfo, ... } ... }
    Reader top(certificate);
    uint8_t tag = 0;
    ByteView cert, tbs, item;
    if (!der_read(top, tag, cert) || tag != 0x30) return false;
    Reader cr(cert);
    if (!der_read(cr, tag, tbs) || tag != 0x30) return false;
    Reader tr(tbs);
    if (!der_read(tr, tag, item)) return false;
    if (tag == 0xa0 && !der_read(tr, tag, item)) return false;  // version, then serialNumber
    for (int i = 0; i < 4; i++)                                  // signature .. subject
        if (!der_read(tr, tag, item)) return false;
    // SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier, subjectPublicKey BIT STRING }
    ByteView spki, alg, oid, key, rsa, modulus;
    if (!der_read(tr, tag, spki) || tag != 0x30) return false;
    Reader sr(spki);
    if (!der_read(sr, tag, alg) || tag != 0x30) return false;
    Reader ar(alg);
    if (!der_read(ar, tag, oid) || tag != 0x06) return false;
    const std::string o = oid_text(oid);
    if (o != "1.2.840.113549.1.1.1" && o != "1.2.840.113549.1.1.10") return false;
    if (!der_read(sr, tag, key) || tag != 0x03 || key.size < 1 || key.data[0] != 0) return false;
    // RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER } (RFC 8017 A.1.1)
    Reader kr(key.sub(1, key.size - 1));
    if (!der_read(kr, tag, rsa) || tag != 0x30) return false;
    Reader rr(rsa);
    if (!der_read(rr, tag, modulus) || tag != 0x02) return false;
    size_t i = 0;
    while (i < modulus.size && modulus.data[i] == 0) i++;
    if (i == modulus.size) return false;
    uint32_t b = static_cast<uint32_t>((modulus.size - i) * 8);
    for (uint8_t top_octet = modulus.data[i]; !(top_octet & 0x80); top_octet <<= 1) b--;
    bits = b;
    return true;
}

const char* signature_algorithm_name(const std::string& oid) {
    return lookup(kSignatureAlgorithms, sizeof kSignatureAlgorithms / sizeof kSignatureAlgorithms[0], oid);
}

std::string spi_text(uint32_t spi) {
    char b[12];
    std::snprintf(b, sizeof b, "0x%08x", spi);
    return b;
}

std::string spi_text(uint64_t spi) {
    char b[20];
    std::snprintf(b, sizeof b, "0x%016llx", static_cast<unsigned long long>(spi));
    return b;
}

}  // namespace ikev2
