// Internal to the key-file readers: the loading context, text helpers, hex and address
// parsing, algorithm names shared by several formats, key length checks, and the readers
// themselves. Not part of the core's API (include key_file.hpp instead).
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "key_file.hpp"
#include "key_store.hpp"

namespace ikev2::keys::detail {

// ---- loading context ---------------------------------------------------------------

class Ctx {
public:
    Ctx(const std::string& file, KeyStore& store, LoadResult& result)
        : file_(file), store_(store), result_(result) {}

    const std::string& file() const { return file_; }
    // One error; messages must not contain key bytes.
    void error(unsigned line, std::string field, std::string message);
    // Add to the store with source (file, line, format) and count it. ESP SAs go in at
    // once; IKE SAs when the file ends (flush_ike), in line order, because some readers
    // learn an IKE SA's SPIs only at the end (charon logs, libreswan's I and R lines):
    // of two SAs with the same SPIs, the one on the later line wins either way.
    void add_ike(IkeSaKeys k, KeyFormat f, unsigned line);
    void add_esp(EspSaKeys k, KeyFormat f, unsigned line);
    void flush_ike();

private:
    struct Deferred {
        IkeSaKeys k;
        KeyFormat f;
        unsigned line;
    };
    std::vector<Deferred> deferred_;
    const std::string& file_;
    KeyStore& store_;
    LoadResult& result_;
};

// ---- text --------------------------------------------------------------------------

std::string_view trim(std::string_view s);
std::vector<std::string_view> split_ws(std::string_view s);
bool iequals(std::string_view a, std::string_view b);
bool istarts_with(std::string_view s, std::string_view prefix);
bool starts_with(std::string_view s, std::string_view prefix);
bool ends_with(std::string_view s, std::string_view suffix);
bool is_hex(char c);
bool all_hex(std::string_view s);
bool all_digits(std::string_view s);
std::string upper(std::string_view s);
// A name taken from the file, quoted for a message; a value that looks like key
// material (8 or more hex digits in a row, e.g. columns swapped) is not shown.
std::string shown(std::string_view name);
// True when shown() would hide the text: 8 or more hex digits in a row.
bool looks_like_key_material(std::string_view text);
// Decimal number; false when not all digits or above `max`.
bool parse_uint(std::string_view s, uint64_t max, uint64_t& out);

// ---- hex ---------------------------------------------------------------------------

// Hex digits (a leading 0x / 0X is allowed) into `out`. Returns "" or what is wrong
// (position of the first bad character, odd digit count), never the digits themselves.
std::string parse_hex(std::string_view text, std::vector<uint8_t>& out);
// Exactly `octets` octets of hex (0x allowed) into a number.
std::string parse_hex_number(std::string_view text, size_t octets, uint64_t& out);

// ---- addresses ---------------------------------------------------------------------

// "", "*" (any), an IPv4 or IPv6 address, optionally "/prefix", with Wireshark's "*"
// octets (IPv4) or groups (IPv6). Returns "" or what is wrong.
std::string parse_address_pattern(std::string_view text, AddressPattern& out);
// An exact IPv4 or IPv6 address (no wildcards, no prefix).
bool parse_exact_address(std::string_view text, AddressPattern& out);

// ESP SPI "0x1a2b3c4d" (up to 8 hex digits) or decimal. Returns "" or what is wrong.
std::string parse_esp_spi(std::string_view text, uint32_t& out);
// An ESP SPI as Wireshark's esp_sa takes it: "*" (any), "0x1234****" ('*' stands for one
// hex digit of "0x%08x"), or parse_esp_spi()'s forms; `mask` has the bits that count.
std::string parse_esp_spi_pattern(std::string_view text, uint32_t& spi, uint32_t& mask);

// ---- algorithms --------------------------------------------------------------------

// An integrity choice, whatever the format calls it.
struct IntegChoice {
    uint16_t id = 0;            // IKEv2 INTEG ID (0 = none)
    uint8_t key_size = 0;       // key octets the algorithm takes
    uint8_t icv_unchecked = 0;  // ICV octets that cannot be checked (see key_store.hpp)
    bool takes_no_key = true;   // NONE and "ANY n bits": a key is an error
    std::string label;          // for messages: AUTH_HMAC_SHA2_256_128, "ANY 96-bits ..."
};

// From an INTEG ID of the crypto table (algorithms.hpp). False for unknown IDs.
bool integ_from_id(uint16_t id, IntegChoice& out);
// No key, `icv` octets of ICV skipped unchecked (Wireshark's "ANY n bits" choices).
IntegChoice integ_unchecked(uint8_t icv, std::string label);

// "ENCR_AES_CBC-256", "ENCR_CHACHA20_POLY1305": for messages.
std::string encr_label(uint16_t id, uint16_t bits);
// The key length (bits, 0 for fixed-size ciphers) of ENCR `id` whose key material
// (key and salt) is `len` octets. False when no key length fits.
bool bits_from_key_material(uint16_t id, size_t len, uint16_t& bits);
// "16, 24 or 32": the key material lengths of ENCR `id`, for messages.
std::string key_material_choices(uint16_t id);

// Names in IANA or strongSwan style, case-insensitive: ENCR_AES_CBC-128, AES_CBC_128,
// AES_GCM_16_256, 3DES_CBC, DES_CBC, BLOWFISH_CBC_128, TWOFISH_CBC_256, NULL,
// CHACHA20_POLY1305, NULL_AES_GMAC_128, and numbers "12/128". Bits 0 when none given.
bool parse_encr_name(std::string_view name, uint16_t& id, uint16_t& bits);
// The names of the INTEG table with or without AUTH_: AUTH_HMAC_SHA2_256_128,
// HMAC_SHA1_96, AES_XCBC_96, HMAC_MD5_128, HMAC_SHA2_256_96, HMAC_RIPEMD_160_96; NONE,
// NULL; numbers.
bool parse_integ_name(std::string_view name, IntegChoice& out);
// PRF_HMAC_SHA2_256, HMAC_SHA2_256, AES128_XCBC, numbers.
bool parse_prf_name(std::string_view name, uint16_t& id);

// ---- key length checks ("" when fine) ----------------------------------------------

std::string check_encr_key(size_t len, uint16_t id, uint16_t bits);
std::string check_integ_key(size_t len, const IntegChoice& integ);
std::string check_prf_key(size_t len, uint16_t prf_id);

// ---- readers -------------------------------------------------------------------------

// Native "ikev2 ..." / "esp ..." lines. False when the line does not have their shape.
bool read_native_line(Ctx& ctx, unsigned line, std::string_view text);

// Wireshark ikev2_decryption_table / esp_sa rows. False when not comma-separated values.
bool read_uat_line(Ctx& ctx, unsigned line, std::string_view text);

// tcpdump's ESP secrets "0xspi@dst algo:0xkey". False when not that shape.
bool read_tcpdump_esp_line(Ctx& ctx, unsigned line, std::string_view text);

// libreswan (pluto) key output: "ikev2 I|R" lines (also tcpdump -E syntax), SK_pi/SK_pr
// dumps, and the ESP enckey/authkey dumps of each add_sa(). IKE halves are merged by
// SPI pair and added by finish(); ESP SAs at their add_sa() line.
class LibreswanReader {
public:
    bool line(Ctx& ctx, unsigned line, std::string_view text);
    void finish(Ctx& ctx);

private:
    bool ike_line(Ctx& ctx, unsigned line, const std::vector<std::string_view>& t);
    void add_sa(Ctx& ctx, unsigned line, std::string_view msg);

    struct Half {
        bool present = false;
        std::vector<uint8_t> e, a;
    };
    struct Pending {
        unsigned line = 0;
        uint16_t encr_id = 0, encr_bits = 0;
        IntegChoice integ;
        Half i, r;
        std::vector<uint8_t> sk_pi, sk_pr;
    };
    std::map<std::pair<uint64_t, uint64_t>, Pending> pending_;
    std::vector<std::pair<uint64_t, uint64_t>> order_;
    std::vector<uint8_t> sk_pi_, sk_pr_, enc_, auth_;
    std::vector<uint8_t>* dump_ = nullptr;  // the dump being collected
    bool expect_unwrapped_ = false;
};

// ip [-s] xfrm state blocks.
class XfrmReader {
public:
    // A "src A dst B" line starts a block (the previous one ends).
    bool begin(Ctx& ctx, unsigned line, std::string_view text);
    // An indented line while a block is open; false when no block is open.
    bool more(Ctx& ctx, unsigned line, std::string_view text);
    bool open() const { return open_; }
    // End the open block, if any, and add its SA.
    void end(Ctx& ctx);

private:
    struct Algo {
        unsigned line = 0;
        std::string kind;  // "enc", "auth", "auth-trunc", "aead"
        std::string name;
        std::string key;  // hex as printed ("0x...")
        bool key_shown = false;
        long bits = -1;  // truncation / ICV bits when printed
    };
    bool open_ = false;
    bool policy_ = false;
    unsigned start_ = 0;
    std::string src_, dst_;
    std::string proto_;
    unsigned proto_line_ = 0;
    std::string spi_;
    bool esn_ = false;
    bool esn_known_ = false;  // the flags line ("replay-window ... flag ...") was seen
    std::vector<Algo> algos_;
};

// strongSwan charon log lines (the whole log is one block, lines may interleave with
// other formats), and `swanctl --list-sas` IKE SA lines (SPIs by unique ID).
class CharonReader {
public:
    CharonReader();
    ~CharonReader();
    CharonReader(const CharonReader&) = delete;
    CharonReader& operator=(const CharonReader&) = delete;

    bool line(Ctx& ctx, unsigned line, std::string_view text);
    bool list_sas_line(Ctx& ctx, unsigned line, std::string_view text);
    void finish(Ctx& ctx);

private:
    struct State;
    State* s_;
};

}  // namespace ikev2::keys::detail
