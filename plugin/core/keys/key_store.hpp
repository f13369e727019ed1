// The key store: IKE SA keys (SK_e, SK_a, SK_d, SK_p of RFC 7296 2.14) found by their SPI
// pair, and ESP SA keys found by SPI, then source and destination address. Filled by the
// key-file readers (key_file.hpp) and the UATs, read by IKE (SK payload) and ESP
// decryption.
//
// Design notes:
// - Lookups are O(1) on the SPIs: IKE SAs hash the SPI pair; ESP SAs hash the SPI and
//   then walk the few SAs that share it, matching addresses (wildcards and prefixes).
//   Wireshark's esp_sa table also allows wildcards in the SPI ("*", "0x1234****"); those
//   rare SAs sit in a separate list that is tried when no exact SPI matches.
// - Every change (add, replace, clear) bumps generation(): whoever caches cipher handles
//   derived from these keys keys them by generation and drops them when it moves.
//   Pointers returned by find_* stay valid until the next change.
// - Keys are secrets: nothing here (or in the readers) prints, logs or formats key bytes;
//   describe() and error messages name SPIs, algorithms, files, lines and fields only.
// - No exception leaves this API: allocation failures make add_* return Failed.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "bytes.hpp"
#include "crypto/algorithms.hpp"

namespace ikev2::keys {

// Where a key came from, for the tree and for messages: file (or UAT name), line, and the
// format the reader recognised ("ikev2_decryption_table", "esp_sa", "charon-log",
// "libreswan", "tcpdump-esp", "ip-xfrm", "native", "uat"). Keys derived from SK_d have
// format "derived", a file naming the IKE SA and, as line, the frame that derived them.
struct Source {
    std::string file;
    unsigned line = 0;
    std::string format;
};

// Keys of one IKE SA, with the transforms they are for (the base). Algorithms are
// optional: 0 means "take it from the capture" (the IKE_SA_INIT response). INTEG 0 with an
// AEAD ENCR is AUTH_NONE, which is what the capture would say anyway; with a non-AEAD
// ENCR it means "from the capture".
struct IkeSaKeys : crypto::Transforms {
    uint64_t spi_i = 0;
    uint64_t spi_r = 0;
    std::vector<uint8_t> sk_ei, sk_er;  // key | salt (RFC 5282 7.1, RFC 5930, RFC 7634)
    std::vector<uint8_t> sk_ai, sk_ar;  // empty for AEAD ciphers
    std::vector<uint8_t> sk_d;          // optional: CHILD_SA keys, rekeyed IKE SAs
    std::vector<uint8_t> sk_pi, sk_pr;  // optional: AUTH payload checks

    // The transforms (crypto::Transforms, the base): encr_id 0 = from the capture,
    // integ_id 0 = none / from the capture; icv_unchecked for the ICVs some key tables
    // name that cannot be checked (Wireshark's "ANY 96-bits of Authentication [No
    // Checking]", the RFC 4595 MACs the crypto core lacks). ESN is not an IKE SA's.
    uint16_t prf_id = 0;         // Transform Type 2 ID, 0 = from the capture

    // False when the source did not name the SPIs (a charon log at `ike 4`, which logs the
    // SK_* secrets but not the SPIs; a native line without spi_i/spi_r). Such a key set
    // waits in the store as a candidate until the first encrypted message of an IKE SA
    // without keys verifies with it (IkeDecryptor); it is then bound to that SA's SPIs.
    bool spis_given = true;
    // The SPIs were bound that way: learnt from a message whose ICV (or AEAD tag) verified
    // with these keys, not read from the key source.
    bool bound_by_icv = false;

    Source source;
};

enum class AddressFamily : uint8_t { Any, IPv4, IPv6 };

// An address with optional wildcards: an exact address, a prefix ("10.1.0.0/16"),
// Wireshark's per-octet wildcards ("192.0.*.1", "2001:db8::*"), or any ("*" or empty).
// An address matches when (address & mask) == (bytes & mask) and the family agrees.
struct AddressPattern {
    AddressFamily family = AddressFamily::Any;  // Any: matches every address
    std::array<uint8_t, 16> bytes{};            // network order; IPv4 in the first 4
    std::array<uint8_t, 16> mask{};
    std::string text;  // as written, for display

    bool any() const { return family == AddressFamily::Any; }
    // `addr` is 4 (IPv4) or 16 (IPv6) octets; an empty view (address unknown) matches.
    bool matches(ByteView addr) const;
    // Number of mask bits set: how specific the pattern is.
    unsigned specificity() const;
    bool same_as(const AddressPattern& o) const;
};

// The keys of one ESP SA (one direction), with its transforms.
struct EspSaKeys : crypto::Transforms {
    AddressFamily family = AddressFamily::Any;  // of the protocol column, else of the addresses
    AddressPattern src, dst;
    uint32_t spi = 0;
    uint32_t spi_mask = 0xffffffffu;  // bits of `spi` that must match; 0 = any SPI

    // The transforms (crypto::Transforms, the base): ENCR ID (12 AES-CBC, 20 AES-GCM-16,
    // 28 ChaCha20-Poly1305 ...), INTEG ID (0 = none: AEAD or NULL auth), ICV octets
    // skipped unchecked, ESN.
    std::vector<uint8_t>
        encr_key;               // key | salt for AEAD, CTR (RFC 4106 8.1, RFC 3686 5.1, RFC 7634 2)
    std::vector<uint8_t> integ_key;
    // Whether the key source said if the SA uses ESN (an ESN transform, "flag esn", a
    // sequence number column, esn=yes/no). When it did not (Wireshark 4.0's 8-column
    // esp_sa, tcpdump secrets, libreswan's log, ...), `esn` is false and ESP decryption
    // tries ESN once when an ICV fails without it (esp_decryptor.hpp).
    bool esn_known = false;

    Source source;
};

enum class AddResult : uint8_t { Added, Replaced, Failed };

class KeyStore {
public:
    // Add keys; an entry for the same SPI pair (IKE) or the same SPI, SPI mask, family
    // and address patterns (ESP) is replaced. IKE keys without SPIs (spis_given false)
    // join the unbound candidates.
    AddResult add_ike(IkeSaKeys keys) noexcept;
    AddResult add_esp(EspSaKeys keys) noexcept;

    const IkeSaKeys* find_ike(uint64_t spi_i, uint64_t spi_r) const noexcept;
    // IKE key sets without SPIs, in the order added.
    const std::vector<IkeSaKeys>& unbound_ike() const noexcept { return unbound_; }
    // Bind candidate `index` of unbound_ike() to the IKE SA (spi_i, spi_r): it leaves the
    // candidates for the SPI-keyed table, with bound_by_icv set. Returns the bound entry
    // (nullptr for a bad index or out of memory); pointers from find_* stay valid.
    const IkeSaKeys* bind_ike(size_t index, uint64_t spi_i, uint64_t spi_r) noexcept;
    // The ESP SA for `spi` whose patterns match `src` and `dst` (4 or 16 octets each, or
    // empty when unknown). Among several matches the most specific wins (most mask bits
    // over both addresses), then the one added last. Exact SPIs before SPI wildcards.
    const EspSaKeys* find_esp(uint32_t spi, ByteView src, ByteView dst) const noexcept;
    // Whether any ESP SA has this SPI, whatever its addresses (for "keys exist, but not
    // for these addresses" diagnostics).
    bool has_esp_spi(uint32_t spi) const noexcept;

    size_t ike_count() const noexcept { return ike_.size(); }
    size_t esp_count() const noexcept { return esp_size_; }
    bool empty() const noexcept { return ike_.empty() && unbound_.empty() && esp_size_ == 0; }
    void clear() noexcept;
    uint64_t generation() const noexcept { return generation_; }

    // All entries, for listing (order unspecified).
    std::vector<const IkeSaKeys*> ike_sas() const;
    std::vector<const EspSaKeys*> esp_sas() const;

private:
    struct SpiPair {
        uint64_t i, r;
        bool operator==(const SpiPair& o) const { return i == o.i && r == o.r; }
    };
    struct SpiPairHash {
        size_t operator()(const SpiPair& p) const noexcept;
    };
    std::unordered_map<SpiPair, IkeSaKeys, SpiPairHash> ike_;
    std::vector<IkeSaKeys> unbound_;
    std::unordered_map<uint32_t, std::vector<EspSaKeys>> esp_;  // exact SPI -> SAs, oldest first
    std::vector<EspSaKeys> esp_masked_;                         // SPI wildcards, oldest first
    size_t esp_size_ = 0;
    uint64_t generation_ = 0;
};

// One line about an SA for lists and messages: SPIs, addresses, algorithms and key
// lengths, never key bytes. E.g. "IKE SA 6ed2c9b61a19da82/7f850b9384535e2f ENCR 12/128
// INTEG 12 (SK_e 16, SK_a 32, SK_d 32 octets) from keys.txt:3 (native)".
std::string describe(const IkeSaKeys& k);
std::string describe(const EspSaKeys& k);

}  // namespace ikev2::keys
