#include "ike_sa.hpp"

#include <cstring>
#include <variant>

#include "crypto/algorithms.hpp"
#include "iana.hpp"
#include "text.hpp"

namespace ikev2 {

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

const char* child_keys_text(ChildKeyOutcome k) {
    using K = ChildKeyOutcome;
    switch (k) {
    case K::Derived: return "ESP keys derived from SK_d";
    case K::NoSkD: return "ESP keys not derived: the IKE SA's keys have no SK_d";
    case K::NoPrf: return "ESP keys not derived: the PRF is unknown (name it with the keys)";
    case K::NeedsPfsSecret:
        return "ESP keys not derived: PFS was used, and the new Diffie-Hellman secret g^ir is "
               "not known";
    case K::NoNonces: return "ESP keys not derived: the nonces of the exchange were not seen";
    case K::NoRequest:
        return "ESP keys not derived: the request with the proposals was not seen, not "
               "decrypted, or not authenticated (ICV bad)";
    case K::NotOffered:
        return "ESP keys not derived: the response chose a proposal the request did not offer";
    case K::Unsupported: return "ESP keys not derived: transforms the plugin cannot decrypt";
    case K::NotEsp: return "no ESP keys to derive";
    }
    return "";
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

// --- algorithms ----------------------------------------------------------------------

IkeSaAlgorithms algorithms_of(const Proposal& p, uint32_t frame) {
    IkeSaAlgorithms a;
    a.learned_in = frame;
    for (const Transform& t : p.transforms) {
        switch (t.type) {
        case iana::transform_type::kEncr:
            a.transforms.encr_id = t.id;
            a.transforms.encr_key_bits = t.key_length;
            break;
        case iana::transform_type::kPrf: a.prf = t.id; break;
        case iana::transform_type::kInteg: a.transforms.integ_id = t.id; break;
        case iana::transform_type::kKe: a.ke = t.id; break;
        default: break;
        }
    }
    return a;
}

bool split_encrypted(const crypto::Transforms& algs, Span enc, EncryptedLayout& out) {
    const crypto::EncrAlgorithm* e = crypto::find_encr(algs.encr_id, algs.encr_key_bits);
    if (!e) return false;
    size_t icv = e->icv_size;
    if (!e->aead) {
        const crypto::IntegAlgorithm* i = crypto::find_integ(algs.integ_id);
        if (!i) return false;
        icv = i->icv_size;
    }
    if (enc.len < e->iv_size + icv) return false;
    out.iv = Span{enc.off, e->iv_size};
    out.icv = Span{static_cast<uint32_t>(enc.end() - icv), static_cast<uint32_t>(icv)};
    out.ciphertext = Span{out.iv.end(), static_cast<uint32_t>(enc.len - e->iv_size - icv)};
    return true;
}

// --- requests ------------------------------------------------------------------------

namespace {

void scan(const std::vector<Payload>& ps, ByteView bytes, MessageParts& out) {
    for (const Payload& p : ps) {
        if (const auto* sa = std::get_if<SaBody>(&p.content)) {
            if (!out.sa) out.sa = sa;
        } else if (const auto* n = std::get_if<NonceBody>(&p.content)) {
            if (!out.nonce.size && n->data.off >= bytes.base && n->data.off - bytes.base <= bytes.size &&
                n->data.len <= bytes.size - (n->data.off - bytes.base))
                out.nonce = bytes.sub(n->data.off - bytes.base, n->data.len);
        } else if (std::get_if<KeBody>(&p.content)) {
            out.has_ke = true;
        } else if (const auto* t = std::get_if<TsBody>(&p.content)) {
            (p.type == iana::payload::kTSi ? out.tsi : out.tsr) = t;
        } else if (const auto* no = std::get_if<NotifyBody>(&p.content)) {
            if (no->type == iana::notify::kUseTransportMode) out.transport = true;
            if (no->type == iana::notify::kRekeySa) out.rekey = no;
        }
    }
}

}  // namespace

MessageParts message_parts(const Message& m, ByteView bytes, const std::vector<Payload>* inner,
                           ByteView inner_bytes) {
    MessageParts out;
    scan(m.payloads, bytes, out);
    if (inner) scan(*inner, inner_bytes, out);
    return out;
}

Request collect_request(const Message& m, ByteView bytes, const std::vector<Payload>* inner,
                        ByteView inner_bytes, uint32_t frame, const Endpoint& src,
                        const Endpoint& dst) {
    const MessageParts parts = message_parts(m, bytes, inner, inner_bytes);
    Request rq;
    rq.frame = frame;
    rq.exchange = m.header.exchange;
    rq.src = src;
    rq.dst = dst;
    if (parts.sa) rq.proposals = parts.sa->proposals;
    rq.nonce.assign(parts.nonce.data, parts.nonce.data + parts.nonce.size);
    rq.has_ke = parts.has_ke;
    rq.transport = parts.transport;
    if (parts.rekey) {
        rq.rekey = true;
        rq.rekey_protocol = parts.rekey->protocol;
        rq.rekey_spi = parts.rekey->spi_value;
    }
    if (parts.tsi) rq.ts_i = parts.tsi->selectors;
    if (parts.tsr) rq.ts_r = parts.tsr->selectors;
    return rq;
}

void learn_ike_sa_init(IkeSa& sa, const Message& m, ByteView bytes, uint32_t frame) {
    const Header& h = m.header;
    if (h.exchange != iana::exchange::kIkeSaInit) return;
    const MessageParts q = message_parts(m, bytes, nullptr, ByteView());
    if (!h.response()) {
        if (q.nonce.size) sa.ni.assign(q.nonce.data, q.nonce.data + q.nonce.size);  // a retry replaces it
        return;
    }
    if (h.spi_r == 0) return;  // COOKIE, INVALID_KE_PAYLOAD: no IKE SA yet
    if (q.nonce.size) sa.nr.assign(q.nonce.data, q.nonce.data + q.nonce.size);
    if (q.sa && q.sa->proposals.size() == 1 && q.sa->proposals[0].protocol == iana::protocol::kIke)
        sa.selected = algorithms_of(q.sa->proposals[0], frame);
}

// --- the table -----------------------------------------------------------------------

IkeSa* IkeSaTable::add(uint64_t spi_i, uint64_t spi_r) {
    if (sas_.size() >= kMaxSas) {
        refusals_++;
        return nullptr;
    }
    IkeSa& sa = sas_.emplace_back();
    sa.id = static_cast<uint32_t>(sas_.size());
    sa.spi_i = spi_i;
    sa.spi_r = spi_r;
    by_spi_i_.emplace(spi_i, sa.id);
    return &sa;
}

const IkeSa* IkeSaTable::find(uint64_t spi_i, uint64_t spi_r) const {
    const IkeSa* best = nullptr;
    auto range = by_spi_i_.equal_range(spi_i);
    for (auto it = range.first; it != range.second; ++it) {
        const IkeSa& sa = sas_[it->second - 1];
        if (sa.spi_r == spi_r && (!best || sa.id > best->id)) best = &sa;  // latest wins
    }
    return best;
}

IkeSa* IkeSaTable::find_or_create(const Header& h, const Endpoint& src, const Endpoint& dst,
                                  uint32_t frame, double time, uint32_t* restart_of) {
    if (restart_of) *restart_of = 0;
    IkeSa* best = const_cast<IkeSa*>(find(h.spi_i, h.spi_r));
    if (!best) {
        auto range = by_spi_i_.equal_range(h.spi_i);
        for (auto it = range.first; it != range.second; ++it) {
            IkeSa& sa = sas_[it->second - 1];
            // The responder's SPI becomes known with the IKE_SA_INIT response; a repeated
            // IKE_SA_INIT request (SPIr still zero) belongs to the SA it started.
            if (h.exchange == iana::exchange::kIkeSaInit && (sa.spi_r == 0 || h.spi_r == 0) &&
                (!best || sa.id > best->id))
                best = &sa;
        }
        if (best && best->spi_r == 0 && h.spi_r != 0) best->spi_r = h.spi_r;
    }
    if (best) return best;

    IkeSa* sa = add(h.spi_i, h.spi_r);
    if (!sa) return nullptr;
    const bool sender_is_initiator = h.initiator();
    sa->initiator = sender_is_initiator ? src : dst;
    sa->responder = sender_is_initiator ? dst : src;
    sa->first_frame = frame;
    sa->start = time;
    if (h.exchange == iana::exchange::kIkeSaInit && !h.response()) {
        // A new SPIi after a COOKIE or INVALID_KE_PAYLOAD from the same responder: the
        // initiator restarted with a fresh SPI (RFC 7296 2.6 allows either).
        auto it = last_restart_.find({src, dst});
        if (it != last_restart_.end()) {
            if (restart_of) *restart_of = it->second;
            sa->restart_of = it->second;
            last_restart_.erase(it);
        }
    } else if (h.exchange != iana::exchange::kIkeSaInit && h.exchange != iana::exchange::kIkeAuth) {
        sa->state = SaState::Established;
        sa->reason = "IKE_SA_INIT and IKE_AUTH not in the capture";
    }
    return sa;
}

IkeSa* IkeSaTable::add_rekeyed(uint64_t spi_i, uint64_t spi_r) { return add(spi_i, spi_r); }

ChildSa* IkeSaTable::add_child(uint32_t ike_sa) {
    if (children_.size() >= kMaxChildren) {
        refusals_++;
        return nullptr;
    }
    ChildSa& c = children_.emplace_back();
    c.id = static_cast<uint32_t>(children_.size());
    c.ike_sa = ike_sa;
    if (IkeSa* s = sa(ike_sa)) s->children.push_back(c.id);
    return &c;
}

bool IkeSaTable::keep_request(IkeSa& sa, uint32_t requester, uint32_t message_id, Request&& rq) {
    if (rq.exchange == iana::exchange::kIkeAuth) {
        // With EAP only the first IKE_AUTH request carries the SA payload: the later
        // ones do not replace it.
        if (rq.proposals.empty() && sa.auth_request) return true;
        sa.auth_request = std::make_unique<Request>(std::move(rq));
        return true;
    }
    const uint64_t key = request_key(requester, message_id);
    auto it = sa.pending.find(key);
    if (it != sa.pending.end()) {
        it->second = std::move(rq);  // a retransmission: the same request
        return true;
    }
    if (pending_ >= kMaxPending) {
        refusals_++;
        return false;
    }
    sa.pending.emplace(key, std::move(rq));
    pending_++;
    return true;
}

const Request* IkeSaTable::request_for(const IkeSa& sa, uint8_t exchange, uint32_t requester,
                                       uint32_t message_id) const {
    if (exchange == iana::exchange::kIkeAuth) return sa.auth_request.get();
    auto it = sa.pending.find(request_key(requester, message_id));
    return it == sa.pending.end() ? nullptr : &it->second;
}

void IkeSaTable::answered(IkeSa& sa, uint8_t exchange, uint32_t requester, uint32_t message_id) {
    if (exchange == iana::exchange::kIkeAuth) return;
    if (sa.pending.erase(request_key(requester, message_id))) pending_--;
}

}  // namespace ikev2
