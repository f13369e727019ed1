// tcpdump's ESP secrets (-E, print-esp.c esp_print_decode_onesecret):
//
//   <spi>@<dst address> <cipher>[-cbc][-hmac96]:0x<key>
//
// cipher an OpenSSL name (aes128, aes-256, des-ede3, 3des); "-hmac96" means a 12-octet
// ICV that tcpdump skips unchecked. A secret without 0x is text, as in tcpdump. tcpdump
// matches an SA by SPI and destination only, so the source is any. (Its IKEv2 lines,
// "ikev2 I|R ...", are read with libreswan's, libreswan.cpp.)
#include <cctype>

#include "crypto/algorithms.hpp"
#include "readers.hpp"

namespace ikev2::keys::detail {

namespace tr = crypto::transform;

bool read_tcpdump_esp_line(Ctx& ctx, unsigned line, std::string_view text) {
    std::vector<std::string_view> t = split_ws(text);
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
        ic = integ_unchecked(12, "hmac96");
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
        ctx.error(line, "algorithm", "unknown or unsupported cipher " + shown(algo));
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

}  // namespace ikev2::keys::detail
