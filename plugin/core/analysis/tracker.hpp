// IKE SA and CHILD_SA tracking over a whole capture (RFC 7296 2.1-2.3, 2.6, 2.8, 2.9,
// 2.11, 2.17, 2.23, 1.3, 1.4).
//
// Design: the capture engine (session/capture) feeds every IKEv2 message once, on the
// first pass, in frame order, with its IKE SA's record (ike_sa.hpp: state, requests and
// CHILD_SAs live there) and the decrypted inner payloads when the keys were known. The
// tracker keeps each IKE_AUTH / CREATE_CHILD_SA request whose payloads it saw in the IKE
// SA (the CHILD_SA key deriver reads it too) and drops it once its response is handled. observe() returns the
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

#include "../chunked.hpp"
#include "../ike_sa.hpp"
#include "../message.hpp"

namespace ikev2::analysis {

// The records the analysis reads and writes are the capture's (ike_sa.hpp); their names
// are the analysis's vocabulary too.
using ikev2::ChildSa;
using ikev2::Endpoint;
using ikev2::IkeSa;
using ikev2::SaState;
using ikev2::state_name;

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
    // A per-message bound dropped something: findings past 256, error notifies past 32,
    // CHILD_SAs past 64, or the request MIDs outstanding past 4,096.
    bool truncated = false;
};

// One IKE message as the capture engine saw it.
struct Observation {
    IkeSa* sa = nullptr;         // its IKE SA (IkeSaTable::find_or_create)
    uint32_t restart_of = 0;     // ... and the SA it restarts, if any
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

    // Bound for hostile captures: message records (docs/robustness.md).
    static constexpr size_t kMaxRecords = 1u << 22;

    // The IKE SA and CHILD_SA records live in `sas` (one per capture, ike_sa.hpp).
    Tracker(IkeSaTable& sas, Options o) : opt_(o), sas_(sas) {}
    explicit Tracker(IkeSaTable& sas) : Tracker(sas, Options{}) {}

    // Feed one message (first pass, frame order) with its IKE SA in `o.sa`. Returns a
    // record index + 1, 0 when the message was not tracked (no valid IKEv2 header, no IKE
    // SA, or kMaxRecords reached: full() says which).
    uint32_t observe(const Observation& o);
    bool full() const { return records_.size() >= kMaxRecords; }

    const MessageRecord* record(uint32_t handle) const;
    const IkeSa* ike_sa(uint32_t id) const { return sas_.sa(id); }
    const ChildSa* child_sa(uint32_t id) const { return sas_.child(id); }
    size_t ike_sa_count() const { return sas_.ike_sas().size(); }
    size_t child_sa_count() const { return sas_.child_sas().size(); }
    const std::deque<IkeSa>& ike_sas() const { return sas_.ike_sas(); }
    const std::deque<ChildSa>& child_sas() const { return sas_.child_sas(); }

    // A request that got no response by the end of what was observed (the original copy
    // only; its retransmissions are counted in `copies`).
    static bool unanswered(const MessageRecord& r) {
        return !r.response && r.original_frame == 0 && r.response_frame == 0;
    }

private:
    void track_messages(IkeSa& sa, MessageRecord& r, const Observation& o, uint32_t index);
    struct Said;
    void run_payloads(IkeSa& sa, MessageRecord& r, const Observation& o);
    void grade(MessageRecord& r, const Said& m);
    void error_notifies(MessageRecord& r, Said& m);
    void on_ike_sa_init(IkeSa& sa, MessageRecord& r, const Said& m, const Observation& o);
    void on_ike_auth(IkeSa& sa, MessageRecord& r, const Said& m, const Observation& o);
    void on_protected(IkeSa& sa, MessageRecord& r, const Said& m);
    bool on_child_exchange(IkeSa& sa, MessageRecord& r, const Said& m, const Observation& o);
    void on_deletes(IkeSa& sa, MessageRecord& r, const Said& m);
    std::vector<uint32_t> related_children(const IkeSa& sa) const;
    void rekey_ike_sa(IkeSa& sa, MessageRecord& r, uint32_t requester, uint64_t offered_spi,
                      const Proposal& chosen);
    void create_child_sa(IkeSa& sa, MessageRecord& r, const Request& p, const Proposal& offered,
                         const Proposal& chosen, const TsBody* tsi, const TsBody* tsr);

    Options opt_;
    IkeSaTable& sas_;
    Chunked<MessageRecord> records_;  // by handle - 1; never moved
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
