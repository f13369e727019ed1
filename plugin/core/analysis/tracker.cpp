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

std::string hex64(uint64_t v) { return spi_text(v); }
std::string hex32(uint32_t v) { return spi_text(v); }

std::string notify_name(uint16_t t) { return iana::name_or(iana::kNotifyTypes, t, "Unknown notify"); }
std::string exchange_name(uint8_t x) { return iana::name_or(iana::kExchangeTypes, x, "Unknown exchange"); }
std::string group_name(uint16_t g) {
    return std::string(iana::name_or(iana::kKeyExchangeIds, g, "Unknown")) + " (" + std::to_string(g) + ")";
}

// Selectors of a TS payload: "10.1.0.0/24, 10.1.1.0/24".
std::string ts_list(const std::vector<TrafficSelector>& selectors) {
    std::string s;
    for (const TrafficSelector& t : selectors) {
        if (!s.empty()) s += ", ";
        s += selector_text(t);
    }
    return s;
}

uint64_t msg_key(uint32_t side, uint32_t mid, uint16_t frag, bool response) {
    return (uint64_t{side} << 63) | (uint64_t{response} << 62) | (uint64_t{frag} << 32) | mid;
}

// Bounds per message for hostile captures (docs/robustness.md): what does not fit is
// dropped and the record says so (`truncated`, an expert info in the glue).
constexpr size_t kMaxFindings = 256, kMaxErrorNotifies = 32, kMaxChildrenPerMessage = 64,
                 kMaxOutstanding = 4096;

template <class V, class T>
void append(MessageRecord& r, V& v, size_t bound, T&& x) {
    if (v.size() < bound) v.push_back(std::forward<T>(x));
    else r.truncated = true;
}

void add(MessageRecord& r, FindingKind k, std::string text, uint32_t value = 0) {
    append(r, r.findings, kMaxFindings, Finding{k, value, std::move(text)});
}

void set(IkeSa& sa, SaState s, std::string why) {
    sa.state = s;
    sa.reason = std::move(why);
}

}  // namespace

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
uint32_t Tracker::observe(const Observation& o) {
    if (!o.message || !o.message->header_ok || o.message->header.major != 2 || !o.sa) return 0;
    if (records_.size() >= kMaxRecords) return 0;
    const Header& h = o.message->header;
    const uint32_t restart_of = o.restart_of;
    IkeSa& sa = *o.sa;
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
    if (const IkeSa* old = sas_.sa(restart_of))
        if (const MessageRecord* q = record(old->restart_request)) r.restarts_frame = q->frame;

    track_messages(sa, r, o, index);
    run_payloads(sa, r, o);
    r.state = sa.state;
    r.reason = sa.reason;
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
        if (out.size() < kMaxOutstanding) out.insert(h.message_id);
        else r.truncated = true;
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

// What one message says, gathered once for the handlers below.
struct Tracker::Said {
    const Header* h = nullptr;
    uint32_t sender = 0, requester = 0;  // 0: the IKE SA's original initiator
    bool retransmission = false;
    const SaBody* sa = nullptr;
    const TsBody* tsi = nullptr;
    const TsBody* tsr = nullptr;
    const AuthBody* auth = nullptr;
    bool has_eap = false, has_cookie = false;
    uint16_t first_error = 0;
    std::vector<const NotifyBody*> notifies;
    std::vector<std::pair<const DeleteBody*, ByteView>> deletes;
    ByteView certificate;  // the first X.509 CERT payload's DER: the key AUTH is checked with
    std::string in_frame;  // " in frame N", for the reasons
};

void Tracker::run_payloads(IkeSa& sa, MessageRecord& r, const Observation& o) {
    Said m;
    m.h = &o.message->header;
    m.sender = m.h->initiator() ? 0 : 1;
    m.requester = r.response ? 1 - m.sender : m.sender;
    m.retransmission = r.original_frame != 0;
    for (const Seen& s : visible_payloads(o)) {
        const Payload& p = *s.p;
        if (const auto* b = std::get_if<SaBody>(&p.content)) m.sa = b;
        else if (const auto* k = std::get_if<KeBody>(&p.content)) r.ke_group = k->group;
        else if (const auto* t = std::get_if<TsBody>(&p.content)) (p.type == iana::payload::kTSi ? m.tsi : m.tsr) = t;
        else if (const auto* a = std::get_if<AuthBody>(&p.content)) m.auth = a;
        else if (std::get_if<EapBody>(&p.content)) m.has_eap = true;
        else if (const auto* n = std::get_if<NotifyBody>(&p.content)) m.notifies.push_back(n);
        else if (const auto* d = std::get_if<DeleteBody>(&p.content)) m.deletes.emplace_back(d, s.base);
        else if (const auto* c = std::get_if<CertBody>(&p.content))
            if (c->encoding == iana::cert_encoding::kX509Signature && !m.certificate.size && c->data.off >= s.base.base)
                m.certificate = s.base.sub(c->data.off - s.base.base, c->data.len);
    }
    for (const NotifyBody* n : m.notifies) {
        m.has_cookie |= n->type == iana::notify::kCookie;
        // Window size announcements (RFC 7296 2.3): the sender accepts that many requests.
        if (n->type == iana::notify::kSetWindowSize && n->decoded.kind == NotifyData::Kind::U32 && n->decoded.value > 0)
            sa.window[1 - m.sender] = std::min<uint32_t>(n->decoded.value, 1u << 16);
    }
    grade(r, m);
    error_notifies(r, m);
    if (m.retransmission) return;  // the first copy already moved the state
    m.in_frame = " in frame " + std::to_string(r.frame);

    switch (m.h->exchange) {
    case iana::exchange::kIkeSaInit: on_ike_sa_init(sa, r, m, o); break;
    case iana::exchange::kIkeAuth: on_ike_auth(sa, r, m, o); break;
    default: on_protected(sa, r, m); break;
    }
    if (m.h->exchange == iana::exchange::kIkeAuth || m.h->exchange == iana::exchange::kCreateChildSa)
        if (!on_child_exchange(sa, r, m, o)) return;  // an IKE SA rekey: nothing else in it
    on_deletes(sa, r, m);
}

// Offered / chosen proposals, and the grades of what they, AUTH and the signature hashes
// say (RFC 8247, RFC 8221); overly broad traffic selectors.
void Tracker::grade(MessageRecord& r, const Said& m) {
    if (m.sa) {
        std::string text;
        for (const Proposal& p : m.sa->proposals) {
            if (!text.empty()) text += ", ";
            text += proposal_text(p, true);
        }
        (r.response ? r.negotiated : r.offered) = text;
    }
    if (m.retransmission) return;
    if (opt_.check_crypto) {
        if (m.sa)
            for (const WeakTransform& w : weak_transforms(*m.sa, r.response))
                add(r, FindingKind::WeakCrypto, weak_text(w), static_cast<uint32_t>(w.verdict));
        // The authentication method (RFC 8247 3.1) and the signature hashes announced (3.2).
        WeakTransform w;
        if (m.auth && grade_auth_method(m.auth->method, w))
            add(r, FindingKind::WeakCrypto, weak_text(w), static_cast<uint32_t>(w.verdict));
        for (const NotifyBody* n : m.notifies)
            for (const WeakTransform& hash : weak_signature_hashes(*n))
                add(r, FindingKind::WeakCrypto, weak_text(hash), static_cast<uint32_t>(hash.verdict));
        // The RSA key of the peer's certificate (RFC 8247 3.1.1).
        uint32_t bits = 0;
        if (m.certificate.size && rsa_key_bits(m.certificate, bits) && grade_rsa_key(bits, w))
            add(r, FindingKind::WeakCrypto, weak_text(w), static_cast<uint32_t>(w.verdict));
    }
    if (opt_.check_selectors) {
        for (const TsBody* ts : {m.tsi, m.tsr}) {
            if (!ts) continue;
            for (const TrafficSelector& s : ts->selectors) {
                std::string b = broad_selector(s);
                if (!b.empty())
                    add(r, FindingKind::BroadSelector,
                        std::string(ts == m.tsi ? "TSi " : "TSr ") + selector_text(s) + " " + b);
            }
        }
    }
}

// Error notifies, each with what the request it answers had offered.
void Tracker::error_notifies(MessageRecord& r, Said& m) {
    const MessageRecord* request = r.response ? record(r.request_record) : nullptr;
    for (const NotifyBody* n : m.notifies) {
        if (!iana::notify_is_error(n->type)) continue;
        append(r, r.error_notifies, kMaxErrorNotifies, n->type);
        if (!m.first_error) m.first_error = n->type;
        if (m.retransmission) continue;
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
        add(r, FindingKind::ErrorNotify, t, n->type);
    }
}

// IKE_SA_INIT: NAT detection (RFC 7296 2.23), cookies and INVALID_KE_PAYLOAD restarts
// (2.6, 1.2), the algorithms chosen.
void Tracker::on_ike_sa_init(IkeSa& sa, MessageRecord& r, const Said& m, const Observation& o) {
    if (opt_.check_nat) {
        NatCheck c = check_nat(*m.h, o.message->payloads, o.bytes, o.src, o.dst);
        const bool sender_is_initiator = m.h->initiator();
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
    if (!r.response) {
        if (sa.state == SaState::None || sa.state == SaState::IkeSaInit) set(sa, SaState::IkeSaInit, "");
        if (r.restarts_frame)
            add(r, FindingKind::Restart,
                std::string("IKE_SA_INIT restarted ") +
                    (m.has_cookie ? "with the responder's cookie" : "with key exchange " + group_name(r.ke_group)) +
                    "; restarts the exchange of frame " + std::to_string(r.restarts_frame),
                r.restarts_frame);
        return;
    }
    if (m.has_cookie || m.first_error == iana::notify::kInvalidKePayload) {
        sa.restart_pending = true;
        sa.restart_request = r.request_record;
        sas_.expect_restart(sa);
        if (m.has_cookie) {
            add(r, FindingKind::CookieChallenge,
                "Cookie challenge: the responder asks the initiator to repeat IKE_SA_INIT with this COOKIE "
                "(RFC 7296 2.6)");
            set(sa, SaState::IkeSaInit, "cookie challenge" + m.in_frame);
        } else {
            set(sa, SaState::IkeSaInit, "INVALID_KE_PAYLOAD" + m.in_frame + ", retry expected");
        }
    } else if (m.first_error) {
        set(sa, SaState::Failed, notify_name(m.first_error) + m.in_frame);
    } else if (m.sa && m.sa->proposals.size() == 1) {
        sa.algorithms = proposal_text(m.sa->proposals[0], false);
        set(sa, SaState::IkeSaInit, "");
    }
}

// IKE_AUTH: the IKE SA is established by a response with AUTH (RFC 7296 2.21.2: even
// with an error about the CHILD_SA only), fails by an error notify without it.
void Tracker::on_ike_auth(IkeSa& sa, MessageRecord& r, const Said& m, const Observation& o) {
    if (!r.response) {
        if (sa.state == SaState::None || sa.state == SaState::IkeSaInit) set(sa, SaState::IkeAuth, "");
    } else if (o.inner) {
        if (m.auth && !m.has_eap) {
            set(sa, SaState::Established, "");
            add(r, FindingKind::SaEvent, "IKE SA #" + std::to_string(sa.id) + " established");
        } else if (m.first_error) {
            set(sa, SaState::Failed, notify_name(m.first_error) + m.in_frame);
        }
    }
}

// CREATE_CHILD_SA, INFORMATIONAL and later exchanges: AUTHENTICATION_FAILED ends the IKE
// SA; any protected exchange after IKE_AUTH means it came up, even when IKE_AUTH could
// not be decrypted.
void Tracker::on_protected(IkeSa& sa, MessageRecord&, const Said& m) {
    if (m.h->exchange == iana::exchange::kInformational && m.first_error == iana::notify::kAuthenticationFailed)
        set(sa, SaState::Failed, notify_name(m.first_error) + m.in_frame);
    if (sa.state == SaState::IkeAuth || sa.state == SaState::IkeSaInit)
        set(sa, SaState::Established, "IKE_AUTH not decrypted; in use" + m.in_frame);
}

// IKE_AUTH and CREATE_CHILD_SA carry SA (+ TS): a request whose payloads are all seen
// waits in the IKE SA; its response creates a CHILD_SA, rekeys one or the IKE SA, or
// refuses. False after an IKE SA rekey.
bool Tracker::on_child_exchange(IkeSa& sa, MessageRecord& r, const Said& m, const Observation& o) {
    const Header& h = *m.h;
    if (!r.response) {
        if (!r.encrypted || o.inner)
            sas_.keep_request(sa, m.requester, h.message_id,
                              collect_request(*o.message, o.bytes, o.inner, o.inner_bytes, o.frame, o.src, o.dst));
        return true;
    }
    const Request* kept = sas_.request_for(sa, h.exchange, m.requester, h.message_id);
    if (!kept) return true;
    bool more = true;
    if (o.inner) {
        const Request& p = *kept;
        const Proposal* chosen = m.sa && m.sa->proposals.size() == 1 ? &m.sa->proposals[0] : nullptr;
        const Proposal* offered = nullptr;
        if (chosen)
            for (const Proposal& x : p.proposals)
                if (x.number == chosen->number && x.protocol == chosen->protocol) offered = &x;
        if (m.first_error && !chosen) {
            const bool ike_rekey = h.exchange == iana::exchange::kCreateChildSa && !p.proposals.empty() &&
                                   p.proposals[0].protocol == iana::protocol::kIke;
            add(r, FindingKind::SaEvent,
                std::string(p.rekey ? "CHILD_SA rekey" : ike_rekey ? "IKE SA rekey" : "CHILD_SA creation") +
                    " refused: " + notify_name(m.first_error));
        } else if (chosen && offered && chosen->protocol == iana::protocol::kIke) {
            rekey_ike_sa(sa, r, m.requester, offered->spi_value, *chosen);
            more = false;
        } else if (chosen && offered && (chosen->protocol == iana::protocol::kEsp || chosen->protocol == iana::protocol::kAh)) {
            create_child_sa(sa, r, p, *offered, *chosen, m.tsi, m.tsr);
        }
    }
    sas_.answered(sa, h.exchange, m.requester, h.message_id);
    return more;
}

// The CHILD_SAs a Delete or a rekey may name: those of this IKE SA and of the IKE SAs it
// replaced or was replaced by (a rekey moves the installed ones), in order of creation.
std::vector<uint32_t> Tracker::related_children(const IkeSa& sa) const {
    std::vector<uint32_t> ids = sa.children;
    for (uint32_t other : {sa.rekeyed_from, sa.rekeyed_to})
        if (const IkeSa* x = sas_.sa(other)) ids.insert(ids.end(), x->children.begin(), x->children.end());
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    return ids;
}

// Delete payloads (RFC 7296 3.11): the IKE SA itself or CHILD_SAs by SPI.
void Tracker::on_deletes(IkeSa& sa, MessageRecord& r, const Said& m) {
    for (const auto& [d, base] : m.deletes) {
        if (d->protocol == iana::protocol::kIke) {
            set(sa, r.response ? SaState::Deleted : SaState::Deleting, "deleted" + m.in_frame);
            // Deleting an IKE SA deletes its CHILD_SAs (RFC 7296 1.4.1).
            for (uint32_t cid : sa.children) {
                ChildSa& c = *sas_.child(cid);
                if (!c.deleted_frame && !c.replaced_by) {
                    c.deleted_frame = r.frame;
                    c.end_time = r.time;
                }
            }
            add(r, FindingKind::SaEvent, "IKE SA #" + std::to_string(sa.id) + (r.response ? " deleted" : " delete requested"));
            continue;
        }
        const std::vector<uint32_t> candidates = related_children(sa);
        for (const Span& s : d->spis) {
            ByteView v = base.sub(s.off - base.base, s.len);
            if (v.size != 4) continue;
            const uint32_t spi = load_be32(v.data);
            for (uint32_t cid : candidates) {
                ChildSa& c = *sas_.child(cid);
                if (c.deleted_frame || (c.spi_i != spi && c.spi_r != spi)) continue;
                c.deleted_frame = r.frame;
                c.end_time = r.time;
                append(r, r.children, kMaxChildrenPerMessage, c.id);
                add(r, FindingKind::SaEvent, "CHILD_SA #" + std::to_string(c.id) + " (SPIs " + hex32(c.spi_i) + "/" +
                                                 hex32(c.spi_r) + ") deleted");
                break;
            }
        }
    }
    // An IKE SA deleted by an empty response to a Delete request.
    if (r.response && m.h->exchange == iana::exchange::kInformational && sa.state == SaState::Deleting)
        set(sa, SaState::Deleted, "deleted" + m.in_frame);
}

// An IKE SA rekey (RFC 7296 2.18): the new SPIs are the requester's offered proposal's
// and the responder's chosen one; the CHILD_SAs still installed move to the new IKE SA.
void Tracker::rekey_ike_sa(IkeSa& sa, MessageRecord& r, uint32_t requester, uint64_t offered_spi,
                           const Proposal& chosen) {
    IkeSa* n = sas_.add_rekeyed(offered_spi, chosen.spi_value);
    if (!n) return;
    n->initiator = requester == 0 ? sa.initiator : sa.responder;
    n->responder = requester == 0 ? sa.responder : sa.initiator;
    n->selected = algorithms_of(chosen, r.frame);
    n->algorithms = proposal_text(chosen, false);
    n->state = SaState::Established;
    n->rekeyed_from = sa.id;
    n->first_frame = r.request_frame ? r.request_frame : r.frame;
    n->start = r.time;
    n->initiator_behind_nat = requester == 0 ? sa.initiator_behind_nat : sa.responder_behind_nat;
    n->responder_behind_nat = requester == 0 ? sa.responder_behind_nat : sa.initiator_behind_nat;
    sa.rekeyed_to = n->id;
    set(sa, SaState::Rekeyed, "rekeyed to IKE SA #" + std::to_string(n->id) + " (SPIs " + hex64(n->spi_i) +
                                  "/" + hex64(n->spi_r) + ") in frame " + std::to_string(r.frame));
    add(r, FindingKind::SaEvent,
        "IKE SA #" + std::to_string(sa.id) + " rekeyed: new IKE SA #" + std::to_string(n->id) + " SPIs " +
            hex64(n->spi_i) + "/" + hex64(n->spi_r) + ", " + n->algorithms);
    std::vector<uint32_t> kept;
    for (uint32_t cid : sa.children) {
        ChildSa& c = *sas_.child(cid);
        if (c.deleted_frame || c.replaced_by) {
            kept.push_back(cid);
        } else {
            c.ike_sa = n->id;
            n->children.push_back(cid);
        }
    }
    sa.children = kept;
}

// A CHILD_SA created (or rekeyed, REKEY_SA in the request) by this response.
void Tracker::create_child_sa(IkeSa& sa, MessageRecord& r, const Request& p, const Proposal& offered,
                              const Proposal& chosen, const TsBody* tsi, const TsBody* tsr) {
    ChildSa* cp = sas_.add_child(sa.id);
    if (!cp) return;
    ChildSa& c = *cp;
    c.protocol = chosen.protocol;
    c.spi_i = static_cast<uint32_t>(offered.spi_value);
    c.spi_r = static_cast<uint32_t>(chosen.spi_value);
    c.transforms = proposal_text(chosen, true);
    c.ts_i = ts_list(tsi ? tsi->selectors : p.ts_i);
    c.ts_r = ts_list(tsr ? tsr->selectors : p.ts_r);
    c.created_frame = r.frame;
    c.created_time = r.time;
    std::string t = "CHILD_SA #" + std::to_string(c.id) + " created: SPIs " + hex32(c.spi_i) + "/" +
                    hex32(c.spi_r) + ", " + c.transforms + ", " + c.ts_i + " === " + c.ts_r;
    if (p.rekey) {
        for (uint32_t oid : related_children(sa)) {
            ChildSa& old = *sas_.child(oid);
            if (old.id == c.id) break;
            if (old.ike_sa != sa.id && !(sa.rekeyed_from && old.ike_sa == sa.rekeyed_from)) continue;
            if (old.spi_i != p.rekey_spi && old.spi_r != p.rekey_spi) continue;
            if (old.replaced_by) continue;
            old.rekeyed_frame = r.frame;
            old.replaced_by = c.id;
            c.rekey_of = old.id;
            t = "CHILD_SA #" + std::to_string(old.id) + " (SPIs " + hex32(old.spi_i) + "/" + hex32(old.spi_r) +
                ") rekeyed: new " + t.substr(0, t.find(" created")) + t.substr(t.find(" created") + 8);
            append(r, r.children, kMaxChildrenPerMessage, old.id);
            break;
        }
    }
    add(r, FindingKind::SaEvent, t);
    append(r, r.children, kMaxChildrenPerMessage, c.id);
}

}  // namespace ikev2::analysis
