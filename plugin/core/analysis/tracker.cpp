#include "tracker.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "../crypto/nat_detection.hpp"
#include "../iana.hpp"
#include "../text.hpp"
#include "crypto_policy.hpp"

namespace ikev2::analysis {

namespace {

// A payload together with the bytes its spans point into.
struct Seen {
    const Payload* p;
    ByteView base;
};

std::vector<Seen> visible_payloads(const Observation& o) {
    std::vector<Seen> v;
    for (const Payload& p : o.message->payloads)
        if (p.type != iana::payload::kSK && p.type != iana::payload::kSKF) v.push_back({&p, o.bytes});
    if (o.inner)
        for (const Payload& p : *o.inner) v.push_back({&p, o.inner_bytes});
    return v;
}

std::string hex64(uint64_t v) {
    char b[20];
    std::snprintf(b, sizeof b, "%016llx", static_cast<unsigned long long>(v));
    return b;
}
std::string hex32(uint32_t v) {
    char b[12];
    std::snprintf(b, sizeof b, "%08x", v);
    return b;
}

std::string notify_name(uint16_t t) { return iana::name_or(iana::kNotifyTypes, t, "Unknown notify"); }
std::string exchange_name(uint8_t x) { return iana::name_or(iana::kExchangeTypes, x, "Unknown exchange"); }
std::string group_name(uint16_t g) {
    return std::string(iana::name_or(iana::kKeyExchangeIds, g, "Unknown")) + " (" + std::to_string(g) + ")";
}

// Selectors of a TS payload: "10.1.0.0/24, 10.1.1.0/24".
std::string ts_list(const TsBody& ts) {
    std::string s;
    for (const TrafficSelector& t : ts.selectors) {
        if (!s.empty()) s += ", ";
        s += selector_text(t);
    }
    return s;
}

uint64_t msg_key(uint32_t side, uint32_t mid, uint16_t frag, bool response) {
    return (uint64_t{side} << 63) | (uint64_t{response} << 62) | (uint64_t{frag} << 32) | mid;
}

void add(MessageRecord& r, FindingKind k, std::string text, uint32_t value = 0) {
    if (r.findings.size() < 256) r.findings.push_back(Finding{k, value, std::move(text)});
}

}  // namespace

// --- Endpoint ------------------------------------------------------------------------

Endpoint Endpoint::make(const uint8_t* a, uint8_t len, uint16_t port) {
    Endpoint e;
    if (a && (len == 4 || len == 16)) {
        e.len = len;
        std::memcpy(e.addr, a, len);
    }
    e.port = port;
    return e;
}

bool Endpoint::operator==(const Endpoint& o) const {
    return len == o.len && port == o.port && std::memcmp(addr, o.addr, sizeof addr) == 0;
}

bool Endpoint::operator<(const Endpoint& o) const {
    if (len != o.len) return len < o.len;
    int c = std::memcmp(addr, o.addr, sizeof addr);
    if (c != 0) return c < 0;
    return port < o.port;
}

std::string Endpoint::address_text() const {
    if (len == 4) return ipv4_text(address());
    if (len == 16) return ipv6_text(address());
    return "?";
}

std::string Endpoint::text() const {
    if (len == 16) return "[" + address_text() + "]:" + std::to_string(port);
    return address_text() + ":" + std::to_string(port);
}

const char* state_name(SaState s) {
    switch (s) {
    case SaState::None: return "UNKNOWN";
    case SaState::IkeSaInit: return "IKE_SA_INIT";
    case SaState::IkeAuth: return "IKE_AUTH";
    case SaState::Established: return "ESTABLISHED";
    case SaState::Rekeyed: return "REKEYED";
    case SaState::Deleting: return "DELETING";
    case SaState::Deleted: return "DELETED";
    case SaState::Failed: return "FAILED";
    }
    return "UNKNOWN";
}

// --- selectors -----------------------------------------------------------------------

std::string selector_text(const TrafficSelector& s) {
    if (s.type != 7 && s.type != 8) return iana::name_or(iana::kTsTypes, s.type, "TS");
    std::string t = s.cidr.empty() ? s.start_text + "-" + s.end_text : s.cidr;
    if (s.ip_protocol) t += " proto " + std::to_string(s.ip_protocol);
    if (s.start_port == s.end_port) t += " port " + std::to_string(s.start_port);
    else if (!(s.start_port == 0 && s.end_port == 65535))
        t += " ports " + std::to_string(s.start_port) + "-" + std::to_string(s.end_port);
    return t;
}

std::string broad_selector(const TrafficSelector& s) {
    if (s.type != 7 && s.type != 8) return "";
    const bool v4 = s.type == 7;
    // All addresses, or a block so large (shorter than /8, /16 for IPv6) that it is
    // nearly all: the usual sign of a "0.0.0.0/0" road-warrior or a mistyped prefix.
    const int limit = v4 ? 8 : 16;
    if (s.prefix_len < 0 || s.prefix_len >= limit) return "";
    std::string t = s.prefix_len == 0 ? (v4 ? "all IPv4 addresses" : "all IPv6 addresses")
                                      : "a /" + std::to_string(s.prefix_len) + " block";
    if (s.start_port == 0 && s.end_port == 65535) t += ", all ports";
    if (s.ip_protocol == 0) t += ", all protocols";
    return "covers " + t;
}

// --- NAT detection -------------------------------------------------------------------

NatCheck check_nat(const Header& h, const std::vector<Payload>& payloads, ByteView bytes,
                   const Endpoint& src, const Endpoint& dst) {
    NatCheck c;
    crypto::NatHash want_src{}, want_dst{};
    const bool have_src = crypto::nat_detection_hash(h.spi_i, h.spi_r, src.address(), src.port, want_src);
    const bool have_dst = crypto::nat_detection_hash(h.spi_i, h.spi_r, dst.address(), dst.port, want_dst);
    for (const Payload& p : payloads) {
        const auto* n = std::get_if<NotifyBody>(&p.content);
        if (!n || (n->type != iana::notify::kNatDetectionSourceIp && n->type != iana::notify::kNatDetectionDestinationIp)) continue;
        ByteView d = bytes.sub(n->data.off - bytes.base, n->data.len);
        if (n->type == iana::notify::kNatDetectionSourceIp && have_src) {
            // Several SOURCE_IP notifies are allowed (one per local address): any match.
            const bool match = d.equals(want_src.data(), want_src.size());
            c.source = (c.source == 0 || match) ? 0 : 1;
        } else if (n->type == iana::notify::kNatDetectionDestinationIp && have_dst) {
            c.destination = d.equals(want_dst.data(), want_dst.size()) ? 0 : 1;
        }
    }
    return c;
}

// --- Tracker -------------------------------------------------------------------------

const MessageRecord* Tracker::record(uint32_t handle) const {
    return handle && handle <= records_.size() ? &records_[handle - 1] : nullptr;
}
const IkeSa* Tracker::ike_sa(uint32_t id) const {
    return id && id <= sas_.size() ? &sas_[id - 1] : nullptr;
}
const ChildSa* Tracker::child_sa(uint32_t id) const {
    return id && id <= children_.size() ? &children_[id - 1] : nullptr;
}

IkeSa* Tracker::find_or_create_sa(const Observation& o, uint32_t& restart_of) {
    const Header& h = o.message->header;
    restart_of = 0;
    IkeSa* best = nullptr;
    auto range = by_spi_i_.equal_range(h.spi_i);
    for (auto it = range.first; it != range.second; ++it) {
        IkeSa& sa = sas_[it->second - 1];
        if (sa.spi_r == h.spi_r) best = &sa;  // exact: latest wins
    }
    if (!best) {
        for (auto it = range.first; it != range.second; ++it) {
            IkeSa& sa = sas_[it->second - 1];
            // The responder's SPI becomes known with the IKE_SA_INIT response; a repeated
            // IKE_SA_INIT request (SPIr still zero) belongs to the SA it started.
            if (h.exchange == iana::exchange::kIkeSaInit && (sa.spi_r == 0 || h.spi_r == 0)) best = &sa;
        }
        if (best && best->spi_r == 0 && h.spi_r != 0) best->spi_r = h.spi_r;
    }
    if (best) return best;
    if (sas_.size() >= kMaxSas) return nullptr;

    IkeSa sa;
    sa.id = static_cast<uint32_t>(sas_.size() + 1);
    sa.spi_i = h.spi_i;
    sa.spi_r = h.spi_r;
    const bool sender_is_initiator = h.initiator();
    sa.initiator = sender_is_initiator ? o.src : o.dst;
    sa.responder = sender_is_initiator ? o.dst : o.src;
    sa.first_frame = o.frame;
    sa.start = o.time;
    if (h.exchange == iana::exchange::kIkeSaInit && !h.response()) {
        // A new SPIi after a COOKIE or INVALID_KE_PAYLOAD from the same responder: the
        // initiator restarted with a fresh SPI (RFC 7296 2.6 allows either).
        auto it = last_restart_.find({o.src, o.dst});
        if (it != last_restart_.end()) {
            restart_of = it->second;
            sa.restart_of = it->second;
            last_restart_.erase(it);
        }
    } else if (h.exchange != iana::exchange::kIkeSaInit && h.exchange != iana::exchange::kIkeAuth) {
        sa.state = SaState::Established;
        sa.reason = "IKE_SA_INIT and IKE_AUTH not in the capture";
    }
    sas_.push_back(std::move(sa));
    by_spi_i_.emplace(h.spi_i, sas_.back().id);
    return &sas_.back();
}

uint32_t Tracker::observe(const Observation& o) {
    if (!o.message || !o.message->header_ok || o.message->header.major != 2) return 0;
    if (records_.size() >= kMaxRecords) return 0;
    const Header& h = o.message->header;
    uint32_t restart_of = 0;
    IkeSa* sap = find_or_create_sa(o, restart_of);
    if (!sap) return 0;
    IkeSa& sa = *sap;
    sa.packets++;
    sa.last_frame = o.frame;
    // The latest addresses: NAT-T moves to port 4500, MOBIKE may move the peers.
    if (o.src.len && o.dst.len) {
        sa.initiator = h.initiator() ? o.src : o.dst;
        sa.responder = h.initiator() ? o.dst : o.src;
    }
    sa.end = o.time;

    records_.emplace_back();
    const uint32_t index = static_cast<uint32_t>(records_.size() - 1);
    MessageRecord& r = records_.back();
    r.frame = o.frame;
    r.time = o.time;
    r.ike_sa = sa.id;
    r.exchange = h.exchange;
    r.response = h.response();
    r.from_initiator = h.initiator();
    r.message_id = h.message_id;
    r.decrypted = o.inner != nullptr;
    for (const Payload& p : o.message->payloads) {
        if (p.type == iana::payload::kSK || p.type == iana::payload::kSKF) r.encrypted = true;
        if (const auto* f = std::get_if<SkfBody>(&p.content)) r.fragment = f->fragment_number;
    }
    if (restart_of) {
        const IkeSa& old = sas_[restart_of - 1];
        if (const MessageRecord* q = record(old.restart_request)) r.restarts_frame = q->frame;
    }

    const uint32_t sa_id = sa.id;
    track_messages(sa, r, o, index);
    run_payloads(sa, r, o);  // may add an IKE SA (rekey): `sa` is not used after this
    r.state = sas_[sa_id - 1].state;
    r.reason = sas_[sa_id - 1].reason;
    return index + 1;
}

void Tracker::track_messages(IkeSa& sa, MessageRecord& r, const Observation& o, uint32_t index) {
    const Header& h = o.message->header;
    const uint32_t sender = h.initiator() ? 0 : 1;
    const uint32_t requester = r.response ? 1 - sender : sender;

    // IKE_SA_INIT request after COOKIE / INVALID_KE_PAYLOAD with the same SPIi: a restart
    // of the exchange, not a retransmission (RFC 7296 2.6, 1.2).
    if (!r.response && h.exchange == iana::exchange::kIkeSaInit && sa.restart_pending) {
        if (const MessageRecord* q = record(sa.restart_request)) r.restarts_frame = q->frame;
        sa.restart_pending = false;
        for (auto it = sa.seen.begin(); it != sa.seen.end();)
            it = ((it->first & 0xffffffffull) == 0) ? sa.seen.erase(it) : std::next(it);
        sa.outstanding[0].clear();
    }
    if (r.restarts_frame) {
        // The COOKIE / INVALID_KE_PAYLOAD response(s) since the restarted request.
        for (size_t i = records_.size() - 1; i-- > 0;) {
            MessageRecord& x = records_[i];
            if (x.frame <= r.restarts_frame) break;
            if (x.response && x.exchange == iana::exchange::kIkeSaInit && x.retry_frame == 0) x.retry_frame = r.frame;
        }
    }

    const uint64_t key = msg_key(requester, h.message_id, r.fragment, r.response);
    auto it = sa.seen.find(key);
    if (it != sa.seen.end()) {
        MessageRecord& first = records_[it->second];
        r.original_frame = first.frame;
        first.copies++;
        r.request_frame = first.request_frame;
        r.request_record = first.request_record;
        r.response_time = first.request_frame ? r.time - (first.time - first.response_time) : -1;
        add(r, FindingKind::Retransmission,
            std::string(r.response ? "Retransmitted response" : "Retransmission") + " of frame " +
                std::to_string(first.frame) + " (" + exchange_name(h.exchange) + " MID " +
                std::to_string(h.message_id) + ", copy " + std::to_string(first.copies) + ")",
            first.frame);
        if (first.copies >= opt_.storm_threshold)
            add(r, FindingKind::RetransmissionStorm,
                "Retransmission storm: " + exchange_name(h.exchange) + (r.response ? " response" : " request") +
                    " MID " + std::to_string(h.message_id) + " sent " + std::to_string(first.copies) +
                    " times since frame " + std::to_string(first.frame) +
                    (r.response ? "" : " without an answer"),
                first.copies);
        return;
    }
    sa.seen[key] = index;

    if (!r.response) {
        // RFC 7296 2.3: requests beyond the window the peer announced.
        std::set<uint32_t>& out = sa.outstanding[requester];
        const uint32_t window = sa.window[requester];
        if (!out.empty() && h.message_id >= *out.begin() + window) {
            r.outside_window = true;
            add(r, FindingKind::MessageIdOutsideWindow,
                "Message ID " + std::to_string(h.message_id) + " outside the window: request MID " +
                    std::to_string(*out.begin()) + " is still unanswered and the window is " +
                    std::to_string(window));
        }
        if (out.size() < 4096) out.insert(h.message_id);
        return;
    }
    // A response: find its request (unfragmented, else its first fragment).
    auto req = sa.seen.find(msg_key(requester, h.message_id, 0, false));
    if (req == sa.seen.end()) req = sa.seen.find(msg_key(requester, h.message_id, 1, false));
    sa.outstanding[requester].erase(h.message_id);
    if (req == sa.seen.end()) return;
    MessageRecord& q = records_[req->second];
    r.request_frame = q.frame;
    r.request_record = req->second + 1;
    r.response_time = r.time - q.time;
    if (q.response_frame == 0) q.response_frame = r.frame;
    // Retransmitted copies of the request point at the same response.
    if (q.copies > 1)
        for (size_t i = req->second + 1; i < records_.size(); i++) {
            MessageRecord& x = records_[i];
            if (x.original_frame == q.frame && x.ike_sa == q.ike_sa && x.response_frame == 0) x.response_frame = r.frame;
        }
}

void Tracker::run_payloads(IkeSa& sa, MessageRecord& r, const Observation& o) {
    const Header& h = o.message->header;
    const std::vector<Seen> payloads = visible_payloads(o);
    const uint32_t sender = h.initiator() ? 0 : 1;
    const uint32_t requester = r.response ? 1 - sender : sender;
    const auto pkey = std::make_pair(sa.id, (uint64_t{requester} << 32) | h.message_id);
    const bool retransmission = r.original_frame != 0;

    const SaBody* sa_payload = nullptr;
    const TsBody* tsi = nullptr;
    const TsBody* tsr = nullptr;
    bool has_eap = false;
    const AuthBody* auth = nullptr;
    std::vector<const NotifyBody*> notifies;
    std::vector<std::pair<const DeleteBody*, ByteView>> deletes;
    for (const Seen& s : payloads) {
        const Payload& p = *s.p;
        if (const auto* b = std::get_if<SaBody>(&p.content)) sa_payload = b;
        else if (const auto* k = std::get_if<KeBody>(&p.content)) r.ke_group = k->group;
        else if (const auto* t = std::get_if<TsBody>(&p.content)) (p.type == iana::payload::kTSi ? tsi : tsr) = t;
        else if (const auto* a = std::get_if<AuthBody>(&p.content)) auth = a;
        else if (std::get_if<EapBody>(&p.content)) has_eap = true;
        else if (const auto* n = std::get_if<NotifyBody>(&p.content)) notifies.push_back(n);
        else if (const auto* d = std::get_if<DeleteBody>(&p.content)) deletes.emplace_back(d, s.base);
    }

    // Offered / chosen proposals, weak crypto.
    if (sa_payload) {
        std::string text;
        for (const Proposal& p : sa_payload->proposals) {
            if (!text.empty()) text += ", ";
            text += proposal_text(p, true);
        }
        (r.response ? r.negotiated : r.offered) = text;
        if (opt_.check_crypto && !retransmission)
            for (const WeakTransform& w : weak_transforms(*sa_payload, r.response))
                add(r, FindingKind::WeakCrypto, weak_text(w), static_cast<uint32_t>(w.verdict));
    }
    // The authentication method (RFC 8247 3.1) and the signature hashes announced (3.2).
    if (opt_.check_crypto && !retransmission) {
        WeakTransform w;
        if (auth && grade_auth_method(auth->method, w))
            add(r, FindingKind::WeakCrypto, weak_text(w), static_cast<uint32_t>(w.verdict));
        for (const NotifyBody* n : notifies)
            for (const WeakTransform& hash : weak_signature_hashes(*n))
                add(r, FindingKind::WeakCrypto, weak_text(hash), static_cast<uint32_t>(hash.verdict));
    }
    if (opt_.check_selectors && !retransmission) {
        for (const TsBody* ts : {tsi, tsr}) {
            if (!ts) continue;
            for (const TrafficSelector& s : ts->selectors) {
                std::string b = broad_selector(s);
                if (!b.empty())
                    add(r, FindingKind::BroadSelector,
                        std::string(ts == tsi ? "TSi " : "TSr ") + selector_text(s) + " " + b);
            }
        }
    }

    // Window size announcements (RFC 7296 2.3): the sender accepts that many requests.
    for (const NotifyBody* n : notifies)
        if (n->type == iana::notify::kSetWindowSize && n->decoded.kind == NotifyData::Kind::U32 && n->decoded.value > 0)
            sa.window[1 - sender] = std::min<uint32_t>(n->decoded.value, 1u << 16);

    // The request this response answers, for context in the texts.
    const MessageRecord* request = r.response ? record(r.request_record) : nullptr;

    // Error notifies.
    uint16_t first_error = 0;
    for (const NotifyBody* n : notifies) {
        if (!iana::notify_is_error(n->type)) continue;
        if (r.error_notifies.size() < 32) r.error_notifies.push_back(n->type);
        if (!first_error) first_error = n->type;
        std::string t = "Error notify " + notify_name(n->type);
        if (n->type == iana::notify::kNoProposalChosen) {
            t += ": no acceptable proposal";
            if (request && !request->offered.empty())
                t += "; offered in frame " + std::to_string(request->frame) + ": " + request->offered;
        } else if (n->type == iana::notify::kInvalidKePayload && n->decoded.kind == NotifyData::Kind::Group) {
            t += ": the responder wants " + group_name(static_cast<uint16_t>(n->decoded.value));
            if (request && request->ke_group) t += " instead of " + group_name(request->ke_group);
        } else if (n->type == iana::notify::kAuthenticationFailed) {
            t += r.response ? ": the responder rejected the initiator's authentication"
                            : ": the sender could not authenticate its peer";
        }
        if (request) t += " (answer to " + exchange_name(request->exchange) + " request in frame " +
                           std::to_string(request->frame) + ")";
        if (!retransmission) add(r, FindingKind::ErrorNotify, t, n->type);
    }
    bool has_cookie = false;
    for (const NotifyBody* n : notifies) has_cookie |= n->type == iana::notify::kCookie;

    if (retransmission) return;  // the first copy already moved the state

    // NAT detection (RFC 7296 2.23), in IKE_SA_INIT messages.
    if (opt_.check_nat && h.exchange == iana::exchange::kIkeSaInit) {
        NatCheck c = check_nat(h, o.message->payloads, o.bytes, o.src, o.dst);
        const bool sender_is_initiator = h.initiator();
        const char* sender_role = sender_is_initiator ? "initiator" : "responder";
        const char* receiver_role = sender_is_initiator ? "responder" : "initiator";
        if (c.source == 1) {
            (sender_is_initiator ? sa.initiator_behind_nat : sa.responder_behind_nat) = 1;
            add(r, FindingKind::NatDetected,
                std::string("NAT detected: the ") + sender_role + " is behind a NAT (its NAT_DETECTION_SOURCE_IP "
                "does not hash to " + o.src.text() + ", the source seen here; a peer may also fake it to force UDP "
                "encapsulation, as strongSwan's encap=yes does)",
                sender_is_initiator ? 1 : 2);
        } else if (c.source == 0) {
            int8_t& v = sender_is_initiator ? sa.initiator_behind_nat : sa.responder_behind_nat;
            if (v < 0) v = 0;
        }
        if (c.destination == 1) {
            (sender_is_initiator ? sa.responder_behind_nat : sa.initiator_behind_nat) = 1;
            add(r, FindingKind::NatDetected,
                std::string("NAT detected: the ") + receiver_role + " is behind a NAT (NAT_DETECTION_DESTINATION_IP "
                "does not hash to " + o.dst.text() + ", the destination seen here)",
                sender_is_initiator ? 2 : 1);
        }
    }

    auto set_state = [&](SaState s, std::string why) {
        sa.state = s;
        sa.reason = std::move(why);
    };
    const std::string in_frame = " in frame " + std::to_string(r.frame);

    switch (h.exchange) {
    case iana::exchange::kIkeSaInit:
        if (!r.response) {
            if (sa.state == SaState::None || sa.state == SaState::IkeSaInit) set_state(SaState::IkeSaInit, "");
            if (r.restarts_frame) {
                const bool cookie = has_cookie;
                add(r, FindingKind::Restart,
                    std::string("IKE_SA_INIT restarted ") +
                        (cookie ? "with the responder's cookie" : "with key exchange " + group_name(r.ke_group)) +
                        "; restarts the exchange of frame " + std::to_string(r.restarts_frame),
                    r.restarts_frame);
            }
            break;
        }
        if (has_cookie) {
            sa.restart_pending = true;
            sa.restart_request = r.request_record;
            last_restart_[{sa.initiator, sa.responder}] = sa.id;
            add(r, FindingKind::CookieChallenge,
                "Cookie challenge: the responder asks the initiator to repeat IKE_SA_INIT with this COOKIE "
                "(RFC 7296 2.6)");
            set_state(SaState::IkeSaInit, "cookie challenge" + in_frame);
        } else if (first_error == iana::notify::kInvalidKePayload) {
            sa.restart_pending = true;
            sa.restart_request = r.request_record;
            last_restart_[{sa.initiator, sa.responder}] = sa.id;
            set_state(SaState::IkeSaInit, "INVALID_KE_PAYLOAD" + in_frame + ", retry expected");
        } else if (first_error) {
            set_state(SaState::Failed, notify_name(first_error) + in_frame);
        } else if (sa_payload && sa_payload->proposals.size() == 1) {
            sa.algorithms = proposal_text(sa_payload->proposals[0], false);
            set_state(SaState::IkeSaInit, "");
        }
        break;
    case iana::exchange::kIkeAuth:
        if (!r.response) {
            if (sa.state == SaState::None || sa.state == SaState::IkeSaInit) set_state(SaState::IkeAuth, "");
        } else if (o.inner) {
            if (auth && !has_eap) {
                // RFC 7296 2.21.2: an IKE_AUTH response may carry AUTH and an error about the
                // CHILD_SA only: the IKE SA is up all the same.
                set_state(SaState::Established, "");
                add(r, FindingKind::SaEvent, "IKE SA #" + std::to_string(sa.id) + " established");
            } else if (first_error) {
                set_state(SaState::Failed, notify_name(first_error) + in_frame);
            }
        }
        break;
    case iana::exchange::kInformational:
        if (first_error == iana::notify::kAuthenticationFailed) set_state(SaState::Failed, notify_name(first_error) + in_frame);
        [[fallthrough]];
    default:
        // A protected exchange after IKE_AUTH means the IKE SA came up, even when IKE_AUTH
        // could not be decrypted.
        if (sa.state == SaState::IkeAuth || sa.state == SaState::IkeSaInit)
            set_state(SaState::Established, "IKE_AUTH not decrypted; in use" + in_frame);
        break;
    }

    // CHILD_SAs and IKE SA rekeys: IKE_AUTH and CREATE_CHILD_SA carry SA (+ TS).
    const bool child_exchange = h.exchange == iana::exchange::kIkeAuth || h.exchange == iana::exchange::kCreateChildSa;
    if (child_exchange && o.inner && !r.response) {
        Pending p;
        p.exchange = h.exchange;
        if (sa_payload)
            for (const Proposal& x : sa_payload->proposals)
                p.proposals.push_back(PendingProposal{x.number, x.protocol, x.spi_value});
        for (const NotifyBody* n : notifies)
            if (n->type == iana::notify::kRekeySa) {
                p.rekey = true;
                p.rekey_protocol = n->protocol;
                p.rekey_spi = n->spi_value;
            }
        if (tsi) p.ts_i = ts_list(*tsi);
        if (tsr) p.ts_r = ts_list(*tsr);
        if (pending_.size() < 65536) pending_[pkey] = std::move(p);
    } else if (child_exchange && o.inner && r.response) {
        auto pit = pending_.find(pkey);
        if (pit != pending_.end()) {
            Pending p = std::move(pit->second);
            pending_.erase(pit);
            const Proposal* chosen = sa_payload && sa_payload->proposals.size() == 1 ? &sa_payload->proposals[0] : nullptr;
            const PendingProposal* offered = nullptr;
            if (chosen)
                for (const PendingProposal& x : p.proposals)
                    if (x.number == chosen->number && x.protocol == chosen->protocol) offered = &x;
            if (first_error && !chosen) {
                add(r, FindingKind::SaEvent,
                    std::string(p.rekey ? "CHILD_SA rekey" : (h.exchange == iana::exchange::kCreateChildSa &&
                                                                      !p.proposals.empty() && p.proposals[0].protocol == iana::protocol::kIke
                                                                  ? "IKE SA rekey" : "CHILD_SA creation")) +
                        " refused: " + notify_name(first_error));
            } else if (chosen && offered && chosen->protocol == iana::protocol::kIke && sas_.size() < kMaxSas) {
                // IKE SA rekey (RFC 7296 2.18): the new SPIs are in the proposals.
                IkeSa n;
                n.id = static_cast<uint32_t>(sas_.size() + 1);
                n.spi_i = offered->spi;
                n.spi_r = chosen->spi_value;
                n.initiator = requester == 0 ? sa.initiator : sa.responder;
                n.responder = requester == 0 ? sa.responder : sa.initiator;
                n.algorithms = proposal_text(*chosen, false);
                n.state = SaState::Established;
                n.rekeyed_from = sa.id;
                n.first_frame = r.request_frame ? r.request_frame : r.frame;
                n.start = r.time;
                n.initiator_behind_nat = requester == 0 ? sa.initiator_behind_nat : sa.responder_behind_nat;
                n.responder_behind_nat = requester == 0 ? sa.responder_behind_nat : sa.initiator_behind_nat;
                const uint32_t old_id = sa.id;
                sa.rekeyed_to = n.id;
                set_state(SaState::Rekeyed, "rekeyed to IKE SA #" + std::to_string(n.id) + " (SPIs " +
                                               hex64(n.spi_i) + "/" + hex64(n.spi_r) + ")" + in_frame);
                add(r, FindingKind::SaEvent,
                    "IKE SA #" + std::to_string(old_id) + " rekeyed: new IKE SA #" + std::to_string(n.id) + " SPIs " +
                        hex64(n.spi_i) + "/" + hex64(n.spi_r) + ", " + n.algorithms);
                // The CHILD_SAs still installed move to the new IKE SA (RFC 7296 2.18).
                std::vector<uint32_t> kept;
                for (uint32_t cid : sa.children) {
                    ChildSa& c = children_[cid - 1];
                    if (c.deleted_frame || c.replaced_by) {
                        kept.push_back(cid);
                    } else {
                        c.ike_sa = n.id;
                        n.children.push_back(cid);
                    }
                }
                sa.children = kept;
                const uint64_t spi_i = n.spi_i;
                sas_.push_back(std::move(n));  // invalidates `sa`
                by_spi_i_.emplace(spi_i, sas_.back().id);
                return;
            } else if (chosen && offered && (chosen->protocol == iana::protocol::kEsp || chosen->protocol == iana::protocol::kAh) &&
                       children_.size() < kMaxSas) {
                ChildSa c;
                c.id = static_cast<uint32_t>(children_.size() + 1);
                c.ike_sa = sa.id;
                c.protocol = chosen->protocol;
                c.spi_i = static_cast<uint32_t>(offered->spi);
                c.spi_r = static_cast<uint32_t>(chosen->spi_value);
                c.transforms = proposal_text(*chosen, true);
                c.ts_i = tsi ? ts_list(*tsi) : p.ts_i;
                c.ts_r = tsr ? ts_list(*tsr) : p.ts_r;
                c.created_frame = r.frame;
                c.created_time = r.time;
                std::string t = "CHILD_SA #" + std::to_string(c.id) + " created: SPIs " + hex32(c.spi_i) + "/" +
                                hex32(c.spi_r) + ", " + c.transforms + ", " + c.ts_i + " === " + c.ts_r;
                if (p.rekey) {
                    for (ChildSa& old : children_) {
                        if (old.ike_sa != sa.id && !(sa.rekeyed_from && old.ike_sa == sa.rekeyed_from)) continue;
                        if (old.spi_i != p.rekey_spi && old.spi_r != p.rekey_spi) continue;
                        if (old.replaced_by) continue;
                        old.rekeyed_frame = r.frame;
                        old.replaced_by = c.id;
                        c.rekey_of = old.id;
                        t = "CHILD_SA #" + std::to_string(old.id) + " (SPIs " + hex32(old.spi_i) + "/" +
                            hex32(old.spi_r) + ") rekeyed: new " + t.substr(0, t.find(" created")) + t.substr(t.find(" created") + 8);
                        if (r.children.size() < 64) r.children.push_back(old.id);
                        break;
                    }
                }
                add(r, FindingKind::SaEvent, t);
                if (r.children.size() < 64) r.children.push_back(c.id);
                sa.children.push_back(c.id);
                children_.push_back(std::move(c));
            }
        }
    }

    // Delete payloads (RFC 7296 3.11): the IKE SA itself or CHILD_SAs by SPI.
    for (const auto& [d, base] : deletes) {
        if (d->protocol == iana::protocol::kIke) {
            set_state(r.response ? SaState::Deleted : SaState::Deleting, "deleted" + in_frame);
            // Deleting an IKE SA deletes its CHILD_SAs (RFC 7296 1.4.1).
            for (uint32_t cid : sa.children) {
                ChildSa& c = children_[cid - 1];
                if (!c.deleted_frame && !c.replaced_by) {
                    c.deleted_frame = r.frame;
                    c.end_time = r.time;
                }
            }
            add(r, FindingKind::SaEvent, "IKE SA #" + std::to_string(sa.id) + (r.response ? " deleted" : " delete requested"));
            continue;
        }
        for (const Span& s : d->spis) {
            ByteView v = base.sub(s.off - base.base, s.len);
            if (v.size != 4) continue;
            const uint32_t spi = load_be32(v.data);
            for (ChildSa& c : children_) {
                if (c.deleted_frame || (c.spi_i != spi && c.spi_r != spi)) continue;
                if (c.ike_sa != sa.id && sas_[c.ike_sa - 1].rekeyed_to != sa.id && sa.rekeyed_from != c.ike_sa &&
                    sa.rekeyed_to != c.ike_sa)
                    continue;
                c.deleted_frame = r.frame;
                c.end_time = r.time;
                if (r.children.size() < 64) r.children.push_back(c.id);
                add(r, FindingKind::SaEvent, "CHILD_SA #" + std::to_string(c.id) + " (SPIs " + hex32(c.spi_i) + "/" +
                                                 hex32(c.spi_r) + ") deleted");
                break;
            }
        }
    }
    // An IKE SA deleted by an empty response to a Delete request.
    if (r.response && h.exchange == iana::exchange::kInformational && sa.state == SaState::Deleting)
        set_state(SaState::Deleted, "deleted" + in_frame);
}

}  // namespace ikev2::analysis
