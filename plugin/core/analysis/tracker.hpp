// IKE SA and CHILD_SA tracking over a whole capture (RFC 7296 2.1-2.3, 2.6, 2.8, 2.9,
// 2.11, 2.17, 2.23, 1.3, 1.4).
//
// Design: the glue feeds every IKEv2 message once, on the first pass, in frame order,
// with the decrypted inner payloads when the keys were known. observe() returns the
// index of a MessageRecord that keeps a snapshot of what was true at that frame (the IKE
// SA's state, the findings); links that only later frames can fill (the response to a
// request, the number of retransmissions) are written into the earlier record when the
// later frame arrives, so the GUI's re-dissections and tshark's second pass show them.
// Nothing here knows about Wireshark; records are addressed by index so the glue can keep
// a plain integer per frame.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "../message.hpp"

namespace ikev2::analysis {

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

enum class FindingKind : uint8_t {
    ErrorNotify,          // an error Notify (type < 16384); value = notify type
    CookieChallenge,      // responder asked for a cookie (RFC 7296 2.6)
    Restart,              // IKE_SA_INIT repeated after COOKIE / INVALID_KE_PAYLOAD
    Retransmission,       // same message ID, direction and role as an earlier message
    RetransmissionStorm,  // a message sent at least Options::storm_threshold times
    MessageIdOutsideWindow,
    WeakCrypto,           // RFC 8247 / RFC 8221 grade; text names the verdict
    BroadSelector,        // traffic selector covering (nearly) everything
    NatDetected,          // value: 1 initiator behind NAT, 2 responder behind NAT
    SaEvent,              // established, rekeyed, deleted, CHILD_SA created ...
    kCount
};

struct Finding {
    FindingKind kind = FindingKind::SaEvent;
    uint32_t value = 0;
    std::string text;
};

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
};

struct IkeSa {
    uint32_t id = 0;             // 1-based, in order of first appearance
    uint64_t spi_i = 0, spi_r = 0;
    Endpoint initiator, responder;
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

struct MessageRecord {
    uint32_t frame = 0;
    double time = 0;
    uint32_t ike_sa = 0;         // IkeSa id
    uint8_t exchange = 0;
    bool response = false;
    bool from_initiator = false; // I flag: sent by the IKE SA's original initiator
    uint32_t message_id = 0;
    uint16_t fragment = 0;       // SKF fragment number, 0 when not fragmented
    bool decrypted = false;      // the inner payloads were seen
    bool encrypted = false;      // the message had SK / SKF
    // Links.
    uint32_t request_frame = 0;  // responses: the request's first frame
    uint32_t request_record = 0; // ... and its record handle (index + 1)
    uint32_t response_frame = 0; // requests: the first response (filled later)
    double response_time = -1;   // responses: seconds since the request
    uint32_t original_frame = 0; // retransmissions: the first copy
    uint32_t copies = 1;         // originals: times sent (filled later)
    uint32_t restarts_frame = 0; // IKE_SA_INIT retry: the request it restarts
    uint32_t retry_frame = 0;    // COOKIE / INVALID_KE response: the retry (filled later)
    bool outside_window = false;
    // Snapshot of the IKE SA after this message.
    SaState state = SaState::None;
    std::string reason;
    // For taps and the tree.
    std::vector<uint16_t> error_notifies;
    std::string offered;         // requests: proposals offered ("IKE:... , IKE:...")
    uint16_t ke_group = 0;       // KE payload's group
    std::string negotiated;      // responses: the proposal chosen
    std::vector<uint32_t> children;  // CHILD_SA ids created, rekeyed or deleted here
    std::vector<Finding> findings;
};

// One IKE message as the glue saw it.
struct Observation {
    uint32_t frame = 0;
    double time = 0;
    Endpoint src, dst;
    const Message* message = nullptr;  // outer payloads, spans into `bytes`
    ByteView bytes;
    const std::vector<Payload>* inner = nullptr;  // decrypted payloads, spans into `inner_bytes`
    ByteView inner_bytes;
};

class Tracker {
public:
    struct Options {
        uint32_t storm_threshold = 4;  // copies of one message that make a storm
        bool check_selectors = true;
        bool check_crypto = true;
        bool check_nat = true;
    };

    // Bounds for hostile captures.
    static constexpr size_t kMaxRecords = 1u << 22;
    static constexpr size_t kMaxSas = 1u << 18;

    explicit Tracker(Options o) : opt_(o) {}
    Tracker() : Tracker(Options{}) {}

    // Feed one message (first pass, frame order). Returns a record index + 1, 0 when the
    // message was not tracked (no valid IKEv2 header, or the bounds were reached).
    uint32_t observe(const Observation& o);

    const MessageRecord* record(uint32_t handle) const;
    const IkeSa* ike_sa(uint32_t id) const;
    const ChildSa* child_sa(uint32_t id) const;
    size_t ike_sa_count() const { return sas_.size(); }
    size_t child_sa_count() const { return children_.size(); }
    const std::vector<IkeSa>& ike_sas() const { return sas_; }
    const std::vector<ChildSa>& child_sas() const { return children_; }

    // A request that got no response by the end of what was observed (the original copy
    // only; its retransmissions are counted in `copies`).
    static bool unanswered(const MessageRecord& r) {
        return !r.response && r.original_frame == 0 && r.response_frame == 0;
    }

private:
    // What a request proposed, kept until its response: the SPIs of its proposals, the
    // REKEY_SA notify, the selectors.
    struct PendingProposal {
        uint8_t number = 0, protocol = 0;
        uint64_t spi = 0;
    };
    struct Pending {
        uint8_t exchange = 0;
        std::vector<PendingProposal> proposals;
        bool rekey = false;
        uint8_t rekey_protocol = 0;
        uint64_t rekey_spi = 0;
        std::string ts_i, ts_r;
    };
    IkeSa* find_or_create_sa(const Observation& o, uint32_t& restart_of);
    void track_messages(IkeSa& sa, MessageRecord& r, const Observation& o, uint32_t index);
    void run_payloads(IkeSa& sa, MessageRecord& r, const Observation& o);

    Options opt_;
    std::vector<MessageRecord> records_;
    std::vector<IkeSa> sas_;
    std::vector<ChildSa> children_;
    std::multimap<uint64_t, uint32_t> by_spi_i_;           // SPIi -> IKE SA ids
    std::map<std::pair<Endpoint, Endpoint>, uint32_t> last_restart_;  // peers -> SA awaiting a retry
    std::map<std::pair<uint32_t, uint64_t>, Pending> pending_;  // (IKE SA, side|MID) -> request
};

// RFC 7296 2.23: compare the NAT_DETECTION_* hashes of one IKE_SA_INIT message with the
// addresses it was captured with. Each result: -1 no such notify, 0 matches, 1 differs.
struct NatCheck {
    int source = -1;       // sender's NAT_DETECTION_SOURCE_IP vs the captured source
    int destination = -1;  // NAT_DETECTION_DESTINATION_IP vs the captured destination
};
NatCheck check_nat(const Header& h, const std::vector<Payload>& payloads, ByteView bytes,
                   const Endpoint& src, const Endpoint& dst);

// Traffic selector text "10.1.0.0/24", "10.1.0.5-10.1.0.9 proto 6 port 80".
std::string selector_text(const TrafficSelector& s);
// "covers all IPv4 addresses, all ports, all protocols" when `s` is overly broad, else "".
std::string broad_selector(const TrafficSelector& s);

}  // namespace ikev2::analysis
