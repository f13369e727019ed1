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

}  // namespace

std::string export_esp_sa(const std::vector<const keys::EspSaKeys*>& sas) {
    std::string out =
        "# ESP SAs written by the Wireshark IKEv2/IPsec plugin. Rows are Wireshark 4.0 esp_sa\n"
        "# rows; SAs that format cannot express are the plugin's native lines, commented out.\n";
    char spi[16];
    for (const keys::EspSaKeys* k : sas) {
        if (!k) continue;
        std::snprintf(spi, sizeof spi, "0x%08x", k->spi);
        const char* en = keys::wireshark_esp_encr_name(k->encr_id);
        const char* in = keys::wireshark_esp_integ_name(k->integ_id);
        const bool wildcard_spi = k->spi_mask != 0xffffffffu;
        if (en && in && !k->esn && !k->icv_unchecked && !wildcard_spi) {
            const char* proto = k->family == keys::AddressFamily::IPv6 ? "IPv6"
                                : k->family == keys::AddressFamily::IPv4 ? "IPv4"
                                                                         : "Any";
            out += std::string("\"") + proto + "\",\"" + address(k->src) + "\",\"" +
                   address(k->dst) + "\",\"" + spi + "\",\"" + en + "\",\"0x" + hex(k->encr_key) +
                   "\",\"" + in + "\",\"0x" + (k->integ_key.empty() ? "" : hex(k->integ_key)) +
                   "\"\n";
            continue;
        }
        // Numbers for the transforms: every reader of native lines takes them.
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
