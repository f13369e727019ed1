// The ESP SAs of a capture at run time: one entry per (SPI, source, destination) seen,
// holding the sequence analysis and, once keys are found, a keyed EspCipher.
//
// Design notes:
// - Lookup is a hash on SPI and addresses; the keys are resolved once per entry and
//   resolved again only when a key store changes (its generation moves). The user's keys
//   win over keys derived from SK_d; derived keys are bound to the addresses of the IKE
//   exchange, and are also taken for other addresses (a capture behind a NAT) when no
//   user key matches. Last, a user key for the SPI whatever its addresses (keys logged
//   behind a NAT name the private address); the outcome says so.
// - No per-packet allocation but the plaintext buffer, which the caller's allocator
//   provides. The glue gives packet memory and keeps only the outcome per frame: keeping
//   every plaintext for the life of the capture cost more than decrypting again when a
//   frame is dissected a second time (docs/performance.md).
// - Bounded: at most kMaxFlows entries; packets of further SAs are reported, not kept.
//   At most kMaxOpenCiphers SAs keep a libgcrypt cipher open (several KB each: an AES-GCM
//   handle holds its tables): the one used longest ago is closed and opened again from
//   its keys when its next packet comes (a few microseconds), so that a carrier's
//   100,000 SAs do not keep a gigabyte of handles.
// - ESN from the ICV: keys whose source did not say whether the SA uses extended sequence
//   numbers (EspSaKeys::esn_known false: Wireshark 4.0's esp_sa, tcpdump secrets, ...)
//   are used with 32-bit numbers. The first packet whose ICV or AEAD tag fails so is
//   checked once more with ESN, the high half inferred as the sequence analysis does
//   (RFC 4303 2.2.1: it enters the ICV, or the AAD of GCM, CCM, GMAC and
//   ChaCha20-Poly1305). If it verifies, the SA uses ESN from then on and the outcomes say
//   so; if not, the packet stays bad and the SA is never tried again. One trial per SA
//   and keys, not one per packet: a capture of wrong keys costs one extra check per SA.
//   Keys that said ESN either way (derived from SK_d, a ninth esp_sa column, ip xfrm
//   flags, a charon proposal, esn=yes/no) are never second-guessed, nor are the user's
//   keys that do not say it when keys derived from SK_d for the same SA do.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "../crypto/handle_lru.hpp"
#include "../keys/key_store.hpp"
#include "esp_cipher.hpp"
#include "sequence.hpp"

namespace ikev2::esp {

struct EspOutcome {
    enum class Kind : uint8_t {
        NoKeys,      // no keys for this SA
        BadKeys,     // keys found, but unusable (key_status says why)
        Done,        // decryption attempted: result.status says how it went
        TooManySas,  // more SAs than the table keeps
    };
    Kind kind = Kind::NoKeys;
    EspResult result;
    SeqEvent seq;
    crypto::Status key_status = crypto::Status::Ok;
    bool first_miss = false;  // NoKeys, and the first such packet of this SA
    bool derived = false;     // keys derived from SK_d
    // Keys matched by SPI alone: the SA's addresses differ from the packet's (a NAT
    // between the daemon that logged the keys and the capture point).
    bool address_mismatch = false;
    // The keys used, for display: valid until the next change of either store.
    const keys::EspSaKeys* keys = nullptr;
    // The buffer the plaintext went to (from `alloc`); nullptr when read in place.
    uint8_t* plaintext = nullptr;
    uint32_t sa_id = 0;       // 1-based index of the SA in this capture
    // Extended sequence numbers were used for this packet (the ICV, the AAD, seq.seq).
    bool esn = false;
    // ... because the ICV said so, not the key source: set on every packet of such an SA
    // from the one that showed it on.
    bool esn_inferred = false;
    // This packet is the one whose ICV showed it (verified with ESN after failing without).
    bool esn_inferred_now = false;
};

// Per-SA figures for statistics and the key export.
struct EspSaSummary {
    uint32_t sa_id = 0;
    uint32_t spi = 0;
    std::vector<uint8_t> src, dst;
    uint32_t first_ref = 0, last_ref = 0;
    uint64_t bytes = 0;
    uint64_t decrypted = 0, auth_failed = 0, other_failed = 0;
    SeqCounts seq;
    bool has_keys = false, derived = false;
    std::string keys;  // describe() of the keys if some packet's tree asked for it
    uint32_t esn_trials = 0;    // packets checked again with ESN (at most one per keys)
    bool esn_inferred = false;  // the SA uses ESN because a trial verified
};

class EspDecryptor {
public:
    static constexpr size_t kMaxFlows = 1u << 20;
    using Alloc = uint8_t* (*)(size_t size, void* ctx);

    // `packet` from the SPI on (at least 8 octets); `src`, `dst` the outer IP addresses (4
    // or 16 octets). `alloc` is called at most once, for the plaintext buffer.
    EspOutcome process(const keys::KeyStore& user, const keys::KeyStore& derived, ByteView packet,
                       ByteView src, ByteView dst, uint32_t ref, Alloc alloc, void* alloc_ctx);

    // Decrypt a packet of SA `sa_id` again with that SA's cipher (a later pass over a
    // frame: the caller keeps the outcome, not the plaintext). `esn` and `seq_hi` are what
    // the first pass used (EspOutcome::esn, the high half of seq.seq).
    // UnsupportedAlgorithm when the SA has no cipher now.
    EspResult decrypt_again(uint32_t sa_id, ByteView packet, bool esn, uint32_t seq_hi,
                            uint8_t* out);

    // describe() of the keys SA `sa_id` uses now (never key bytes), made on first request
    // and kept: a batch job that shows no tree never pays for the text. Empty when none.
    // The stores are those of process(): when either changed since, the SA's keys are
    // looked up again first (the old pointers may dangle).
    const std::string& keys_text(uint32_t sa_id, const keys::KeyStore& user,
                                 const keys::KeyStore& derived);

    // Give the plaintext of packets whose ICV fails (CBC, CTR, NULL), marked
    // unauthenticated (EspResult::unauthenticated); for every SA, now and later.
    void set_unauthenticated_plaintext(bool on);

    std::vector<EspSaSummary> summaries();
    // One SA's summary (sa_id 0 or unknown: an empty one, sa_id 0).
    EspSaSummary summary(uint32_t sa_id) const;
    size_t size() const { return order_.size(); }
    void clear() {
        index_.clear();
        order_.clear();
        open_.clear();
        last_ = nullptr;
    }

    static constexpr size_t kMaxOpenCiphers = 1u << 14;
    // SAs whose cipher is open now (at most max_open_ciphers()).
    size_t open_ciphers() const { return open_.size(); }
    // Whether SA `sa_id` holds an open cipher now (for tests).
    bool cipher_open(uint32_t sa_id) const {
        return sa_id && sa_id <= order_.size() && order_[sa_id - 1].second->cipher;
    }
    size_t max_open_ciphers() const { return open_.max(); }
    void set_max_open_ciphers(size_t n) { open_.set_max(n); }

private:
    struct FlowKey {
        uint32_t spi;
        uint8_t addr_len;
        std::array<uint8_t, 16> src, dst;
        bool operator==(const FlowKey& o) const {
            return spi == o.spi && addr_len == o.addr_len && src == o.src && dst == o.dst;
        }
    };
    static size_t hash_of(const FlowKey& k);
    struct Flow {
        uint32_t sa_id = 0;
        SeqTracker seq;
        uint64_t user_gen = ~uint64_t{0}, derived_gen = ~uint64_t{0};
        const keys::EspSaKeys* keys = nullptr;
        bool derived = false;
        bool address_mismatch = false;
        std::string keys_text;  // describe(*keys), made when first asked for
        bool keys_text_made = false;
        crypto::Status key_status = crypto::Status::Ok;
        std::unique_ptr<EspCipher> cipher;  // nullptr: no keys, bad keys, or closed (LRU)
        crypto::HandleLru<Flow>::Hook open;  // its place in open_, when cipher is set
        bool miss_reported = false;
        // ESN as the keys said it, or, when the user's keys do not say, as keys derived
        // from SK_d for the same SA say it (the negotiated ESN transform).
        bool esn_known = false, esn_said = false;
        // The ESN trial (design note above): not made yet, ESN inferred, or refuted. Kept
        // while the keys stay the same (keys_fp), even when a store's generation moves.
        enum class EsnTrial : uint8_t { Untried, Inferred, Refuted } esn_trial = EsnTrial::Untried;
        uint32_t esn_trials = 0;
        uint64_t keys_fp = 0;
        uint32_t first_ref = 0, last_ref = 0;
        uint64_t bytes = 0, decrypted = 0, auth_failed = 0, other_failed = 0;
    };

    void resolve(Flow& f, const FlowKey& k, const keys::KeyStore& user,
                 const keys::KeyStore& derived);
    // The SA's cipher, opened again from its keys when the bound closed it; nullptr when
    // it has none (no keys, or keys that do not fit: key_status).
    EspCipher* cipher(Flow& f);
    bool open_cipher(Flow& f);
    void close_cipher(Flow& f);
    void used(Flow& f);  // first in the order of open ciphers

    // The flow of a key, or nullptr; insert() adds one (the index grows as needed).
    Flow* find(const FlowKey& k, size_t hash) const;
    void insert(size_t hash, uint32_t sa_id);

    // The SAs by hash of their key: open addressing with linear probing, at most half
    // full. A slot holds the SA's number (0: empty) and the upper half of its key's hash,
    // so a probe touches an SA's key only when the hashes agree: with thousands of SAs
    // in round robin every lookup would otherwise miss the cache several times.
    std::vector<uint64_t> index_;
    // The SA of the previous packet: a capture's packets come in runs of one SA, and a
    // key comparison is cheaper than hashing.
    FlowKey last_key_{};
    Flow* last_ = nullptr;
    std::vector<std::pair<FlowKey, std::unique_ptr<Flow>>> order_;  // by sa_id
    crypto::HandleLru<Flow> open_{kMaxOpenCiphers};  // SAs with a cipher
    bool unauthenticated_plaintext_ = false;
};

}  // namespace ikev2::esp
