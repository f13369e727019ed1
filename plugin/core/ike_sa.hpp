// The IKE SAs of one capture: one record per IKE SA, read and written by everything that
// follows it (RFC 7296 1, 2.6, 2.17, 2.18):
//
//   IkeSaTable (one per capture, owned by session::Capture)
//     IkeSa        SPIs, peers, the algorithms its IKE_SA_INIT response selected, the
//                  nonces Ni / Nr, the SK ciphers built from its keys, the requests
//                  waiting for their responses, its life cycle, its CHILD_SAs
//     ChildSa      SPIs, transforms, selectors, life cycle, how its ESP keys were found
//
//   IkeDecryptor (decryptor.hpp)         SK / SKF: algorithms and ciphers of the record
//   esp::ChildSaDeriver (child_sa_keys)  ESP keys from the record's nonces and requests
//   analysis::Tracker (tracker.hpp)      state, findings, CHILD_SAs, rekeys, deletes
//
// Records are addressed by 1-based ids, kept for the life of the capture (a later pass
// sees what the first one built), and never move: references stay valid while records
// are added.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "crypto/algorithms.hpp"
#include "crypto/handle_lru.hpp"
#include "crypto/sk.hpp"
#include "message.hpp"

namespace ikev2 {

namespace keys {
struct IkeSaKeys;
}

// An IP address and UDP/TCP port as captured.
struct Endpoint {
    uint8_t len = 0;        // 4 (IPv4) or 16 (IPv6); 0 when unknown
    uint8_t addr[16] = {};
    uint16_t port = 0;

    static Endpoint make(const uint8_t* a, uint8_t len, uint16_t port);
    ByteView address() const { return ByteView(addr, len); }
    bool operator==(const Endpoint& o) const;
    bool operator<(const Endpoint& o) const;
    std::string text() const;          // "192.0.2.1:500", "[2001:db8::1]:500"
    std::string address_text() const;  // "192.0.2.1"
};

enum class SaState : uint8_t {
    None,
    IkeSaInit,    // IKE_SA_INIT under way or done, IKE_AUTH not started
    IkeAuth,      // IKE_AUTH under way
    Established,  // authenticated (or seen in use after IKE_AUTH)
    Rekeyed,      // replaced by a new IKE SA (CREATE_CHILD_SA), not yet deleted
    Deleting,     // Delete sent, not yet answered
    Deleted,
    Failed,       // an error notify ended it; the reason says which
};
const char* state_name(SaState s);  // "IKE_SA_INIT", "ESTABLISHED", ...

// The transforms an IKE SA's IKE_SA_INIT response (or, for a rekeyed IKE SA, its
// CREATE_CHILD_SA response) selected.
struct IkeSaAlgorithms {
    crypto::Transforms transforms;  // ENCR (with its key length) and INTEG (0 for AEAD)
    uint16_t prf = 0;
    uint16_t ke = 0;
    uint32_t learned_in = 0;        // frame of the response; 0: not learned
};

// Where the parts of an encrypted payload lie (RFC 7296 3.14, RFC 7383 2.5).
struct EncryptedLayout {
    Span iv;
    Span ciphertext;  // encrypted payloads, padding and pad length
    Span icv;
};

// The transforms of `p` (one proposal) as IKE SA algorithms.
IkeSaAlgorithms algorithms_of(const Proposal& p, uint32_t frame);

// Split `encrypted` (the bytes after the SK header, or after SKF's fragment numbers) by
// the sizes of the selected algorithms. False when the algorithms are unknown to the
// crypto table or the data is too short for IV and ICV.
bool split_encrypted(const crypto::Transforms& algs, Span encrypted, EncryptedLayout& out);

// A request of an exchange that may create a CHILD_SA or rekey an SA (IKE_AUTH,
// CREATE_CHILD_SA), kept in its IKE SA until the response: what the tracker and the
// CHILD_SA key deriver need of it, collected once (collect_request).
struct Request {
    uint32_t frame = 0;
    uint8_t exchange = 0;
    std::vector<Proposal> proposals;  // with their SPIs; spans point into the request
    std::vector<uint8_t> nonce;       // Ni of a CREATE_CHILD_SA
    bool has_ke = false;              // a KE payload: PFS (RFC 7296 1.3.1)
    bool transport = false;           // USE_TRANSPORT_MODE
    bool rekey = false;               // REKEY_SA (RFC 7296 1.3.3) ...
    uint8_t rekey_protocol = 0;       // ... of this protocol
    uint64_t rekey_spi = 0;           // ... and SPI
    std::vector<TrafficSelector> ts_i, ts_r;  // selectors offered
    Endpoint src, dst;                // the request's sender and receiver
};

// How the ESP keys of a CHILD_SA were found from SK_d (RFC 7296 2.17; esp/child_sa_keys).
enum class ChildKeyOutcome : uint8_t {
    Derived,         // keys for both directions are in the derived store
    NoSkD,           // the IKE SA's keys lack SK_d
    NoPrf,           // the PRF is unknown (neither keys nor capture name it)
    NeedsPfsSecret,  // PFS: the new shared secret g^ir is needed and not known
    NoNonces,        // IKE_SA_INIT (or the request) was not in the capture
    NoRequest,       // the request with the proposals was not seen, decrypted or authenticated
    NotOffered,      // the response chose a proposal number the request did not offer
    Unsupported,     // transforms the core cannot decrypt (the status says why)
    NotEsp,          // AH, or no response choosing ESP seen: nothing to derive
};
// A sentence for the tree: "ESP keys derived from SK_d", "ESP keys not derived: PFS ...".
const char* child_keys_text(ChildKeyOutcome k);

struct ChildSa {
    uint32_t id = 0;             // 1-based, in order of creation
    uint32_t ike_sa = 0;
    uint8_t protocol = 0;        // 2 AH, 3 ESP
    uint32_t spi_i = 0;          // SPI chosen by the exchange's requester (its inbound SPI)
    uint32_t spi_r = 0;          // SPI chosen by the responder of the exchange
    std::string transforms;      // "ESP:AES_CBC_128/HMAC_SHA2_256_128/NO_EXT_SEQ"
    std::string ts_i, ts_r;      // selectors as accepted in the response
    uint32_t created_frame = 0, rekeyed_frame = 0, deleted_frame = 0;
    double created_time = 0, end_time = 0;
    uint32_t rekey_of = 0, replaced_by = 0;  // CHILD_SA ids
    // ESP keys (esp::ChildSaDeriver): the chosen proposal's transforms (ESN included),
    // transport mode in both messages, and whether its keys came from SK_d.
    crypto::Transforms algorithms;
    bool transport = false;
    ChildKeyOutcome keys = ChildKeyOutcome::NotEsp;
    crypto::Status key_status = crypto::Status::Ok;
};

struct IkeSa {
    uint32_t id = 0;             // 1-based, in order of first appearance
    uint64_t spi_i = 0, spi_r = 0;
    Endpoint initiator, responder;

    // IKE_SA_INIT: the selected transforms and the nonces (RFC 7296 2.17: the keys of
    // the CHILD_SA of IKE_AUTH come from Ni | Nr).
    IkeSaAlgorithms selected;
    std::vector<uint8_t> ni, nr;

    // Decryption (decryptor.hpp): the cipher of each direction (0: sent by the original
    // initiator), the keys and key store generation it was built from.
    // A cipher may be closed by the decryptor's bound on open ciphers (nullptr with
    // keys set): it is built again from the same keys when next used.
    struct Cipher {
        std::unique_ptr<crypto::SkCipher> cipher;
        const keys::IkeSaKeys* keys = nullptr;
        uint64_t generation = 0;
        crypto::HandleLru<Cipher>::Hook open;  // its place in the decryptor's bound
    };
    Cipher ciphers[2];
    bool no_keys_reported = false;  // the first message without keys was reported
    bool unbound_tried = false;     // tried once against the keys without SPIs

    // Requests waiting for their response: the IKE_AUTH request with the SA payload
    // (with EAP its response is the last of several, RFC 7296 2.16), CREATE_CHILD_SA
    // requests by requester side and message ID.
    std::unique_ptr<Request> auth_request;
    std::map<uint64_t, Request> pending;

    // Life cycle (analysis/tracker).
    std::string algorithms;      // "AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048"
    SaState state = SaState::None;
    std::string reason;          // why Failed / how it ended
    uint32_t first_frame = 0, last_frame = 0, packets = 0;
    double start = 0, end = 0;
    uint32_t rekeyed_from = 0, rekeyed_to = 0;  // IKE SA ids
    uint32_t restart_of = 0;     // earlier attempt (other SPIi) restarted by a cookie / KE retry
    std::vector<uint32_t> children;
    int8_t initiator_behind_nat = -1, responder_behind_nat = -1;  // -1 unknown
    uint32_t window[2] = {1, 1};  // requests side s may have outstanding (announced by 1-s)
    bool restart_pending = false; // last IKE_SA_INIT response was COOKIE / INVALID_KE
    uint32_t restart_request = 0; // ... and the request it answered (record handle)
    // Message bookkeeping: (requester side, MID, fragment, response?) -> first record.
    std::map<uint64_t, uint32_t> seen;
    std::set<uint32_t> outstanding[2];   // unanswered request MIDs per requester side
};

// The key of a CREATE_CHILD_SA request in IkeSa::pending: requester side (0: the IKE
// SA's original initiator) and message ID.
inline uint64_t request_key(uint32_t requester, uint32_t message_id) {
    return (uint64_t{requester} << 32) | message_id;
}

class IkeSaTable {
public:
    // Bounds for hostile captures (docs/robustness.md; each an expert info in the glue):
    // IKE SAs (a few hundred octets each without their requests), CHILD_SAs, and the
    // requests waiting for a response over all IKE SAs.
    static constexpr size_t kMaxSas = 1u << 18;
    static constexpr size_t kMaxChildren = 1u << 18;
    static constexpr size_t kMaxPending = 1u << 16;

    // The IKE SA of message header `h` sent from `src` to `dst`, made when new. An
    // IKE_SA_INIT request with a new SPIi after a COOKIE or INVALID_KE_PAYLOAD response
    // between the same peers sets `*restart_of` to the SA it restarts. nullptr when the
    // table is full.
    IkeSa* find_or_create(const Header& h, const Endpoint& src, const Endpoint& dst,
                          uint32_t frame, double time, uint32_t* restart_of);
    // The IKE SA with these SPIs, nullptr when none.
    const IkeSa* find(uint64_t spi_i, uint64_t spi_r) const;
    // A new IKE SA made by a rekey (RFC 7296 2.18); nullptr when the table is full.
    IkeSa* add_rekeyed(uint64_t spi_i, uint64_t spi_r);
    // The peers' next IKE_SA_INIT with a new SPIi restarts `sa` (a COOKIE or
    // INVALID_KE_PAYLOAD response).
    void expect_restart(const IkeSa& sa) { last_restart_[{sa.initiator, sa.responder}] = sa.id; }

    // A new CHILD_SA of `ike_sa`; nullptr when the table is full.
    ChildSa* add_child(uint32_t ike_sa);

    // Keep `rq` as the request of its exchange (IKE_AUTH: the one with an SA payload).
    // False when the bound on waiting requests refused it.
    bool keep_request(IkeSa& sa, uint32_t requester, uint32_t message_id, Request&& rq);
    // The request a response of `exchange` answers, nullptr when none was kept.
    const Request* request_for(const IkeSa& sa, uint8_t exchange, uint32_t requester,
                               uint32_t message_id) const;
    // The response has been handled: a CREATE_CHILD_SA request is dropped.
    void answered(IkeSa& sa, uint8_t exchange, uint32_t requester, uint32_t message_id);

    IkeSa* sa(uint32_t id) { return id && id <= sas_.size() ? &sas_[id - 1] : nullptr; }
    const IkeSa* sa(uint32_t id) const { return id && id <= sas_.size() ? &sas_[id - 1] : nullptr; }
    ChildSa* child(uint32_t id) { return id && id <= children_.size() ? &children_[id - 1] : nullptr; }
    const ChildSa* child(uint32_t id) const {
        return id && id <= children_.size() ? &children_[id - 1] : nullptr;
    }
    const std::deque<IkeSa>& ike_sas() const { return sas_; }
    const std::deque<ChildSa>& child_sas() const { return children_; }
    std::deque<ChildSa>& child_sas() { return children_; }
    size_t size() const { return sas_.size(); }
    // IKE SAs, CHILD_SAs and requests the bounds refused so far (the capture engine
    // compares it before and after each message to flag the frame).
    uint64_t refusals() const { return refusals_; }

private:
    IkeSa* add(uint64_t spi_i, uint64_t spi_r);

    std::deque<IkeSa> sas_;
    std::deque<ChildSa> children_;
    // SPIi -> IKE SA ids, in no order (the latest is the highest id). Hashed: a tree of
    // 100,000 SPIs costs a cache miss per level on every message.
    std::unordered_multimap<uint64_t, uint32_t> by_spi_i_;
    std::map<std::pair<Endpoint, Endpoint>, uint32_t> last_restart_;  // peers -> SA awaiting a retry
    size_t pending_ = 0;                                              // requests kept
    uint64_t refusals_ = 0;
};

// What one message's payloads say about SAs, in the clear and, when decrypted, in `inner`
// (spans into `inner_bytes`): pointers and views into them, nothing copied.
struct MessageParts {
    const SaBody* sa = nullptr;        // the first SA payload
    ByteView nonce;                    // the first Nonce payload's data
    bool has_ke = false;               // a KE payload
    bool transport = false;            // USE_TRANSPORT_MODE
    const NotifyBody* rekey = nullptr; // REKEY_SA
    const TsBody* tsi = nullptr;
    const TsBody* tsr = nullptr;
};
MessageParts message_parts(const Message& m, ByteView bytes, const std::vector<Payload>* inner,
                           ByteView inner_bytes);

// What an IKE_SA_INIT message tells its IKE SA: the request's Ni, the response's Nr and
// its one selected IKE proposal (RFC 7296 2.7).
void learn_ike_sa_init(IkeSa& sa, const Message& m, ByteView bytes, uint32_t frame);

// The request `m` is, as IkeSa keeps it: its payloads in the clear and, when decrypted,
// `inner` (spans into `inner_bytes`).
Request collect_request(const Message& m, ByteView bytes, const std::vector<Payload>* inner,
                        ByteView inner_bytes, uint32_t frame, const Endpoint& src,
                        const Endpoint& dst);

}  // namespace ikev2
