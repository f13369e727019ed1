// Reading IKE and ESP keys from text: every line (or block of lines) is recognised by its
// shape, so one file may mix formats. A malformed line gives one error naming the file,
// the line and the field, and the rest of the file still loads. Error messages never
// contain key bytes. Lines that match no shape (log noise) are skipped and counted.
// Of two SAs with the same SPIs (ESP: and the same addresses), the one on the later line
// wins; IKE SAs are stored when the file ends, as a charon log may name their SPIs after
// their keys. Logs of several charon daemons may be concatenated if each is followed by
// its own `swanctl --list-sas` output (the SAs' unique IDs are per daemon).
//
// Formats (one reader each, see the file named):
//
// a) Wireshark `ikev2_decryption_table` rows (wireshark_uat.cpp), as Wireshark 4.0 and
//    strongSwan's save-keys plugin write them:
//        SPIi,SPIr,SK_ei,SK_er,"encryption algorithm",SK_ai,SK_ar,"integrity algorithm"
//        6ed2c9b61a19da82,7f850b9384535e2f,5245...,27d1...,"AES-CBC-128
//        [RFC3602]",7537...,5f98...,"HMAC_SHA2_256_128 [RFC4868]"
//    Bytes bare or quoted hex; the names are those of packet-isakmp.c (4.0).
// b) Wireshark `esp_sa` rows (wireshark_uat.cpp), 4.0 columns:
//        "IPv4","192.0.2.1","192.0.2.2","0x77c7a490","AES-CBC
//        [RFC3602]","0xe884...","HMAC-SHA-256-128 [RFC4868]","0xdf87..."
//    protocol IPv4/IPv6 (or Any), addresses with "*" / prefix / per-octet wildcards, SPI
//    hex, decimal or with "*" wildcards, names of packet-ipsec.c (4.0, and those 4.6
//    added: "ChaCha20 with Poly1305 [RFC7634]" and the two RFC 8750 IIV ciphers); a key
//    without "0x" is taken as text, as Wireshark does. Columns after the eighth (newer
//    Wireshark: sequence number length / ESN) are read leniently: a ninth column saying
//    64-bit or ESN sets ESN.
// c) strongSwan charon logs at level 4 (charon_log.cpp): the "Sk_ei secret => 16 bytes @"
//    hex dumps with the SPIs from the same log (ENC IKE_SPI dumps, MGR checkout lines, or
//    `swanctl --list-sas` lines in the same file) when it has them, else kept without SPIs
//    (see "Keys without SPIs" below); and the CHILD_SA "encryption initiator key" ...
//    dumps with the SPIs of "CHILD_SA x{n} established with SPIs".
// d) libreswan (libreswan.cpp), pluto with plutodebug="base crypt private", any log
//    prefix; checked against a real libreswan 4.10 log:
//        | ikev2 I 0x<SPIi> 0x<SPIr> sha256:0x<SK_ai> aes128:0x<SK_ei>   (tcpdump -E syntax)
//        | ikev2 R 0x<SPIi> 0x<SPIr> sha256:0x<SK_ar> aes128:0x<SK_er>
//        | chunk_SK_pi extracted len 32 bytes at 0x...  / | unwrapped: / hex dump
//        | ESP enckey: / | ESP authkey: / hex dumps, then
//        | kernel: add_sa() level=0 outbound tunnel <net>-ALL-><src>[<spi>]==><dst>-ALL-><net>
//              replay_window=128 HMAC_SHA2_256_128:32 AES_CBC:16
//    and tcpdump's own ESP secrets "0x<spi>@<dst> aes128-cbc-hmac96:0x<key>"
//    (tcpdump_secrets.cpp).
// e) `ip xfrm state` / `ip -s xfrm state` blocks (ip_xfrm.cpp): "src A dst B" and the
//    indented lines after it (proto esp spi, enc, auth, auth-trunc, aead, flag esn ...).
// f) Native lines (native.cpp), one SA per line, '#' starts a comment:
//        ikev2 [spi_i=<16 hex> spi_r=<16 hex>] sk_ei=<hex> sk_er=<hex> [sk_ai=<hex>] [sk_ar=<hex>]
//              [sk_d=<hex>] [sk_pi=<hex>] [sk_pr=<hex>] [encr=<name>] [integ=<name>] [prf=<name>]
//        esp spi=<0x8 hex|decimal> [src=<addr>] [dst=<addr>] encr=<name> key=<hex>
//              [integ=<name>] [auth_key=<hex>] [esn]
//    Names: IANA/strongSwan style (ENCR_AES_CBC-128, AES_CBC_128, AES_GCM_16_256,
//    CHACHA20_POLY1305, AUTH_HMAC_SHA2_256_128, HMAC_SHA1_96, NONE, PRF_HMAC_SHA2_256) or
//    numbers (encr=12/128, integ=12, prf=5). Hex may start with 0x; "-" is empty.
//    Aliases enc_key / encr_key for key and integ_key for auth_key, so the "esp" lines of
//    the lab's keys.txt load as they are.
//
// Keys without SPIs: an IKE key set whose source names no SPIs is stored unbound
// (IkeSaKeys::spis_given false) rather than refused; the decryptor binds it to the first
// keyless IKE SA whose encrypted message verifies with it.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "key_store.hpp"

namespace ikev2::keys {

enum class KeyFormat : uint8_t {
    WiresharkIkeUat,  // ikev2_decryption_table
    WiresharkEspUat,  // esp_sa
    CharonLog,        // strongSwan charon log, level 4
    Libreswan,        // pluto: "ikev2 I|R 0x.. 0x.. integ:key encr:key", add_sa() ESP keys
    TcpdumpEsp,       // "0xspi@dst algo:key"
    IpXfrm,           // ip [-s] xfrm state
    Native,           // this plugin's lines
};
constexpr size_t kKeyFormatCount = 7;

// The name also used as Source::format.
const char* key_format_name(KeyFormat f);

struct KeyFileError {
    std::string file;
    unsigned line = 0;    // 1-based; 0 for the file as a whole
    std::string field;    // the column, key or log label at fault
    std::string message;  // what is wrong; never contains key bytes

    // "file:line: field: message"
    std::string to_string() const;
};

struct FormatCounts {
    size_t ike = 0;  // IKE SAs added
    size_t esp = 0;  // ESP SAs added
};

struct LoadResult {
    std::array<FormatCounts, kKeyFormatCount> counts{};
    std::vector<KeyFileError> errors;
    size_t lines = 0;          // lines read
    size_t skipped_lines = 0;  // non-blank, non-comment lines no reader recognised

    const FormatCounts& count(KeyFormat f) const { return counts[static_cast<size_t>(f)]; }
    size_t ike_total() const;
    size_t esp_total() const;
    bool ok() const { return errors.empty(); }
};

// Read keys from `text` (the whole content of a file) into `out`. `file_name` is used in
// errors and Source. Never throws; problems are in the result.
LoadResult load_key_text(std::string_view text, const std::string& file_name, KeyStore& out);

// Read the file at `path` and load it. An unreadable file gives one error (line 0, field
// "file"); nothing is fatal.
LoadResult load_key_file(const std::string& path, KeyStore& out);

// The names Wireshark 4.0's esp_sa table gives an IKEv2 ENCR / INTEG transform (the ones
// this reader accepts), or nullptr when the table has none (CCM, GMAC, ChaCha20, XCBC...).
const char* wireshark_esp_encr_name(uint16_t encr_id);
const char* wireshark_esp_integ_name(uint16_t integ_id);

}  // namespace ikev2::keys
