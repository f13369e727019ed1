#include "child_sa_keys.hpp"

#include <cstdio>
#include <cstring>
#include <variant>

#include "../crypto/algorithms.hpp"
#include "../crypto/prf.hpp"
#include "../iana.hpp"
#include "../text.hpp"

namespace ikev2::esp {

namespace {

std::vector<uint8_t> bytes_at(ByteView v, Span s) {
    if (s.off < v.base || s.off - v.base > v.size || s.len > v.size - (s.off - v.base)) return {};
    const uint8_t* p = v.data + (s.off - v.base);
    return std::vector<uint8_t>(p, p + s.len);
}

// The parts of one message that matter for CHILD_SA keys, from its clear payloads and
// its decrypted ones.
struct Parts {
    const SaBody* sa = nullptr;
    std::vector<uint8_t> nonce;
    bool has_ke = false;
    bool transport = false;
    uint32_t rekeys_spi = 0;
};

void scan(const std::vector<Payload>& ps, ByteView bytes, Parts& out) {
    for (const Payload& p : ps) {
        if (const auto* sa = std::get_if<SaBody>(&p.content)) {
            if (!out.sa) out.sa = sa;
        } else if (const auto* n = std::get_if<NonceBody>(&p.content)) {
            if (out.nonce.empty()) out.nonce = bytes_at(bytes, n->data);
        } else if (std::get_if<KeBody>(&p.content)) {
            out.has_ke = true;
        } else if (const auto* no = std::get_if<NotifyBody>(&p.content)) {
            if (no->type == iana::notify::kUseTransportMode) out.transport = true;
            if (no->type == iana::notify::kRekeySa && no->protocol == iana::protocol::kEsp && no->spi_size == 4)
                out.rekeys_spi = static_cast<uint32_t>(no->spi_value);
        }
    }
}

keys::AddressPattern exact(const std::vector<uint8_t>& a) {
    keys::AddressPattern p;
    if (a.size() != 4 && a.size() != 16) return p;  // unknown: any
    p.family = a.size() == 4 ? keys::AddressFamily::IPv4 : keys::AddressFamily::IPv6;
    std::memcpy(p.bytes.data(), a.data(), a.size());
    std::memset(p.mask.data(), 0xff, a.size());
    const ByteView v(a.data(), a.size());
    p.text = a.size() == 4 ? ipv4_text(v) : ipv6_text(v);
    return p;
}

}  // namespace

crypto::Status derive_child_keys(uint16_t prf_id, ByteView sk_d, ByteView g_ir, ByteView ni,
                                 ByteView nr, uint16_t encr_id, uint16_t encr_key_bits,
                                 uint16_t integ_id, ChildKeys& out) {
    const crypto::EncrAlgorithm* e = crypto::find_encr(encr_id, encr_key_bits);
    if (!e) return crypto::encr_id_known(encr_id) ? crypto::Status::BadKeyLength
                                                  : crypto::Status::UnsupportedAlgorithm;
    const crypto::IntegAlgorithm* i = crypto::find_integ(integ_id);
    if (!i) return crypto::Status::UnsupportedAlgorithm;
    const size_t ek = e->key_material(), ik = i->key_size;

    std::vector<uint8_t> seed;
    seed.reserve(g_ir.size + ni.size + nr.size);
    seed.insert(seed.end(), g_ir.data, g_ir.data + g_ir.size);
    seed.insert(seed.end(), ni.data, ni.data + ni.size);
    seed.insert(seed.end(), nr.data, nr.data + nr.size);
    std::vector<uint8_t> keymat;
    crypto::Status s = crypto::prf_plus(prf_id, sk_d, ByteView(seed.data(), seed.size()),
                                        2 * (ek + ik), keymat);
    std::fill(seed.begin(), seed.end(), 0);
    if (s != crypto::Status::Ok) return s;
    const uint8_t* k = keymat.data();
    out.encr_i.assign(k, k + ek);
    k += ek;
    out.integ_i.assign(k, k + ik);
    k += ik;
    out.encr_r.assign(k, k + ek);
    k += ek;
    out.integ_r.assign(k, k + ik);
    std::fill(keymat.begin(), keymat.end(), 0);
    return crypto::Status::Ok;
}

const char* outcome_text(ChildSaRecord::Outcome o) {
    using O = ChildSaRecord::Outcome;
    switch (o) {
    case O::Derived: return "ESP keys derived from SK_d";
    case O::NoSkD: return "ESP keys not derived: the IKE SA's keys have no SK_d";
    case O::NoPrf: return "ESP keys not derived: the PRF is unknown (name it with the keys)";
    case O::NeedsPfsSecret:
        return "ESP keys not derived: PFS was used, and the new Diffie-Hellman secret g^ir is "
               "not known";
    case O::NoNonces: return "ESP keys not derived: the nonces of the exchange were not seen";
    case O::NoRequest:
        return "ESP keys not derived: the request with the proposals was not seen, not "
               "decrypted, or not authenticated (ICV bad)";
    case O::NotOffered:
        return "ESP keys not derived: the response chose a proposal the request did not offer";
    case O::Unsupported: return "ESP keys not derived: transforms the plugin cannot decrypt";
    }
    return "";
}

void ChildSaDeriver::clear() {
    init_ni_.clear();
    init_nonces_.clear();
    auth_requests_.clear();
    pending_.clear();
    derived_.clear();
    records_.clear();
}

std::vector<ChildSaRecord> ChildSaDeriver::observe(const Message& m, ByteView msg,
                                                   const std::vector<Payload>* inner,
                                                   ByteView inner_bytes, ByteView src,
                                                   ByteView dst, uint32_t ref,
                                                   const keys::IkeSaKeys* ike,
                                                   uint16_t capture_prf) {
    std::vector<ChildSaRecord> done;
    if (!m.header_ok || m.header.major != 2) return done;
    const Header& h = m.header;
    const IkeKey sa{h.spi_i, h.spi_r};
    Parts parts;
    scan(m.payloads, msg, parts);
    if (inner) scan(*inner, inner_bytes, parts);

    if (h.exchange == iana::exchange::kIkeSaInit) {
        if (parts.nonce.empty()) return done;
        if (!h.response()) {
            if (init_ni_.size() < kMaxIkeSas || init_ni_.count(h.spi_i))
                init_ni_[h.spi_i] = parts.nonce;  // a COOKIE / INVALID_KE retry replaces it
        } else if (h.spi_r != 0) {
            auto it = init_ni_.find(h.spi_i);
            if (it != init_ni_.end() && (init_nonces_.size() < kMaxIkeSas || init_nonces_.count(sa)))
                init_nonces_[sa] = {it->second, parts.nonce};
        }
        return done;
    }
    if (h.exchange != iana::exchange::kIkeAuth && h.exchange != iana::exchange::kCreateChildSa)
        return done;

    // Sent by the IKE SA's original initiator: the request's I flag; the response's is
    // the opposite one (RFC 7296 3.1).
    const bool request_from_initiator = h.response() ? !h.initiator() : h.initiator();
    const MsgKey mk{h.spi_i, h.spi_r, h.message_id, request_from_initiator};

    if (!h.response()) {
        if (!parts.sa) return done;
        Request rq;
        rq.ref = ref;
        rq.exchange = h.exchange;
        for (const Proposal& p : parts.sa->proposals)
            if (p.protocol == iana::protocol::kEsp && p.spi_size == 4) rq.proposals.push_back(p);
        if (rq.proposals.empty()) return done;  // an IKE SA rekey, or AH: not ours
        rq.nonce = parts.nonce;
        rq.has_ke = parts.has_ke;
        rq.transport = parts.transport;
        rq.rekeys_spi = parts.rekeys_spi;
        rq.src.assign(src.data, src.data + src.size);
        rq.dst.assign(dst.data, dst.data + dst.size);
        if (h.exchange == iana::exchange::kIkeAuth) {
            if (auth_requests_.size() < kMaxIkeSas || auth_requests_.count(sa))
                auth_requests_[sa] = std::move(rq);
        } else if (pending_.size() < kMaxPending || pending_.count(mk)) {
            pending_[mk] = std::move(rq);
        }
        return done;
    }

    // A response: the one proposal it chose (RFC 7296 2.7).
    if (!parts.sa || parts.sa->proposals.size() != 1) return done;
    const Proposal& chosen = parts.sa->proposals.front();
    if (chosen.protocol != iana::protocol::kEsp || chosen.spi_size != 4) return done;

    ChildSaRecord rec;
    rec.ike_spi_i = h.spi_i;
    rec.ike_spi_r = h.spi_r;
    rec.exchange = h.exchange;
    rec.message_id = h.message_id;
    rec.response_ref = ref;
    rec.spi_to_responder = static_cast<uint32_t>(chosen.spi_value);

    const Request* rq = nullptr;
    ByteView ni, nr;
    if (h.exchange == iana::exchange::kIkeAuth) {
        auto a = auth_requests_.find(sa);
        if (a != auth_requests_.end()) rq = &a->second;
        auto n = init_nonces_.find(sa);
        if (n != init_nonces_.end()) {
            ni = ByteView(n->second.first.data(), n->second.first.size());
            nr = ByteView(n->second.second.data(), n->second.second.size());
        }
    } else {
        auto p = pending_.find(mk);
        if (p != pending_.end()) {
            rq = &p->second;
            ni = ByteView(rq->nonce.data(), rq->nonce.size());
            nr = ByteView(parts.nonce.data(), parts.nonce.size());
        }
    }
    if (!rq) {
        rec.outcome = ChildSaRecord::Outcome::NoRequest;
    } else {
        derive(*rq, chosen, ni, nr, h.exchange == iana::exchange::kCreateChildSa && (rq->has_ke || parts.has_ke),
               rq->transport && parts.transport, ike, capture_prf, rec);
        if (h.exchange == iana::exchange::kCreateChildSa) pending_.erase(mk);
    }
    records_.push_back(rec);
    done.push_back(rec);
    return done;
}

void ChildSaDeriver::derive(const Request& rq, const Proposal& chosen, ByteView ni, ByteView nr,
                            bool pfs, bool transport, const keys::IkeSaKeys* ike,
                            uint16_t capture_prf, ChildSaRecord& rec) {
    using O = ChildSaRecord::Outcome;
    rec.request_ref = rq.ref;
    rec.transport = transport;
    rec.rekeys_spi = rq.rekeys_spi;
    // The initiator's SPI is the one of its proposal with the chosen number (3.3.1).
    bool offered = false;
    for (const Proposal& p : rq.proposals)
        if (p.number == chosen.number) {
            rec.spi_to_initiator = static_cast<uint32_t>(p.spi_value);
            offered = true;
        }
    for (const Transform& t : chosen.transforms) {
        if (t.type == iana::transform_type::kEncr) {
            rec.encr_id = t.id;
            rec.encr_key_bits = t.key_length;
        } else if (t.type == iana::transform_type::kInteg) {
            rec.integ_id = t.id;
        } else if (t.type == iana::transform_type::kEsn) {
            rec.esn = t.id == 1;
        }
    }
    if (!offered) {
        rec.outcome = O::NotOffered;
        return;
    }
    if (!ike || ike->sk_d.empty()) {
        rec.outcome = O::NoSkD;
        return;
    }
    const uint16_t prf = ike->prf_id ? ike->prf_id : capture_prf;
    if (!prf) {
        rec.outcome = O::NoPrf;
        return;
    }
    if (pfs) {
        rec.outcome = O::NeedsPfsSecret;
        return;
    }
    if (!ni.size || !nr.size) {
        rec.outcome = O::NoNonces;
        return;
    }
    ChildKeys k;
    crypto::Status s = derive_child_keys(prf, ByteView(ike->sk_d.data(), ike->sk_d.size()),
                                         ByteView(), ni, nr, rec.encr_id, rec.encr_key_bits,
                                         rec.integ_id, k);
    if (s != crypto::Status::Ok) {
        rec.outcome = O::Unsupported;
        rec.status = s;
        return;
    }
    char sa_name[96];
    std::snprintf(sa_name, sizeof sa_name, "SK_d of IKE SA %016llx/%016llx, frame %u",
                  static_cast<unsigned long long>(rec.ike_spi_i),
                  static_cast<unsigned long long>(rec.ike_spi_r), rec.response_ref);
    auto add = [&](uint32_t spi, const std::vector<uint8_t>& from, const std::vector<uint8_t>& to,
                   std::vector<uint8_t>& ek, std::vector<uint8_t>& ik) {
        keys::EspSaKeys e;
        e.src = exact(from);
        e.dst = exact(to);
        e.family = e.src.family;
        e.spi = spi;
        e.encr_id = rec.encr_id;
        e.encr_key_bits = rec.encr_key_bits;
        e.encr_key = std::move(ek);
        e.integ_id = rec.integ_id;
        e.integ_key = std::move(ik);
        e.esn = rec.esn;
        e.esn_known = true;  // the chosen proposal's ESN transform (none: 32-bit)
        e.source.file = sa_name;
        e.source.line = rec.response_ref;  // the frame, for derived keys (key_store.hpp)
        e.source.format = "derived";
        return derived_.add_esp(std::move(e)) != keys::AddResult::Failed;
    };
    const bool ok = add(rec.spi_to_responder, rq.src, rq.dst, k.encr_i, k.integ_i) &&
                    add(rec.spi_to_initiator, rq.dst, rq.src, k.encr_r, k.integ_r);
    rec.outcome = ok ? O::Derived : O::Unsupported;
    if (!ok) rec.status = crypto::Status::CryptoError;
}

}  // namespace ikev2::esp
