#include "export.hpp"

#include <cstdio>

#include "../crypto/algorithms.hpp"
#include "../keys/key_file.hpp"

namespace ikev2::esp {

namespace {

std::string hex(const std::vector<uint8_t>& b) {
    static const char* d = "0123456789abcdef";
    std::string s;
    s.reserve(b.size() * 2);
    for (uint8_t c : b) {
        s += d[c >> 4];
        s += d[c & 15];
    }
    return s;
}

std::string address(const keys::AddressPattern& p) { return p.any() ? "*" : p.text; }

// The SPI as esp_sa writes it: "0x%08x", a '*' for each hex digit the mask leaves open.
std::string spi_text(uint32_t spi, uint32_t mask) {
    if (mask == 0) return "*";
    char buf[16];
    std::snprintf(buf, sizeof buf, "0x%08x", spi);
    for (int i = 0; i < 8; i++)
        if (((mask >> (28 - 4 * i)) & 0xf) != 0xf) buf[2 + i] = '*';
    return buf;
}

// Wireshark's names for an ICV it skips unchecked.
const char* unchecked_name(uint8_t octets) {
    switch (octets) {
    case 8: return "ANY 64 bit authentication [no checking]";
    case 12: return "ANY 96 bit authentication [no checking]";
    case 16: return "ANY 128 bit authentication [no checking]";
    case 24: return "ANY 192 bit authentication [no checking]";
    case 32: return "ANY 256 bit authentication [no checking]";
    default: return nullptr;
    }
}

}  // namespace

std::string export_esp_sa(const std::vector<const keys::EspSaKeys*>& sas) {
    std::string out =
        "# ESP SAs written by the Wireshark IKEv2/IPsec plugin. Rows are Wireshark 4.0 esp_sa\n"
        "# rows; SAs that format cannot express are the plugin's native lines, commented out.\n";
    for (const keys::EspSaKeys* k : sas) {
        if (!k) continue;
        const std::string spi = spi_text(k->spi, k->spi_mask);
        const char* en = keys::wireshark_esp_encr_name(k->encr_id);
        const char* in = k->icv_unchecked ? unchecked_name(k->icv_unchecked)
                                          : keys::wireshark_esp_integ_name(k->integ_id);
        if (en && in && !k->esn) {
            const char* proto = k->family == keys::AddressFamily::IPv6 ? "IPv6"
                                : k->family == keys::AddressFamily::IPv4 ? "IPv4"
                                                                         : "Any";
            out += std::string("\"") + proto + "\",\"" + address(k->src) + "\",\"" +
                   address(k->dst) + "\",\"" + spi + "\",\"" + en + "\",\"0x" + hex(k->encr_key) +
                   "\",\"" + in + "\",\"0x" + (k->integ_key.empty() ? "" : hex(k->integ_key)) +
                   "\"\n";
            continue;
        }
        // Numbers for the transforms: every reader of native lines takes them. (Native
        // lines have no unchecked ICV nor SPI wildcard: those always fit an esp_sa row.)
        char algs[48];
        std::snprintf(algs, sizeof algs, "encr=%u/%u integ=%u", k->encr_id, k->encr_key_bits,
                      k->integ_id);
        out += std::string("# esp spi=") + spi + " src=" + address(k->src) + " dst=" +
               address(k->dst) + " " + algs + " key=" + hex(k->encr_key) +
               " auth_key=" + (k->integ_key.empty() ? "-" : hex(k->integ_key)) +
               (k->esn ? " esn" : "") + "\n";
    }
    return out;
}

}  // namespace ikev2::esp
