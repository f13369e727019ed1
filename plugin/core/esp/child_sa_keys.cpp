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

keys::AddressPattern exact(const Endpoint& a) {
    keys::AddressPattern p;
    if (a.len != 4 && a.len != 16) return p;  // unknown: any
    p.family = a.len == 4 ? keys::AddressFamily::IPv4 : keys::AddressFamily::IPv6;
    std::memcpy(p.bytes.data(), a.addr, a.len);
    std::memset(p.mask.data(), 0xff, a.len);
    p.text = a.address_text();
    return p;
}

}  // namespace

crypto::Status derive_child_keys(uint16_t prf_id, ByteView sk_d, ByteView g_ir, ByteView ni,
                                 ByteView nr, const crypto::Transforms& t, ChildKeys& out) {
    const crypto::EncrAlgorithm* e = crypto::find_encr(t.encr_id, t.encr_key_bits);
    if (!e) return crypto::encr_id_known(t.encr_id) ? crypto::Status::BadKeyLength
                                                  : crypto::Status::UnsupportedAlgorithm;
    const crypto::IntegAlgorithm* i = crypto::find_integ(t.integ_id);
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

void ChildSaDeriver::clear() {
    derived_.clear();
    responses_ = 0;
}

bool ChildSaDeriver::observe(const IkeSa& sa, const Message& m, ByteView msg,
                             const std::vector<Payload>* inner, ByteView inner_bytes,
                             const Request* request, uint32_t frame, const keys::IkeSaKeys* ike,
                             ChildKeysResult& rec, bool* refused) {
    rec = ChildKeysResult();
    if (!m.header_ok || m.header.major != 2) return false;
    const Header& h = m.header;
    if (!h.response() || (h.exchange != iana::exchange::kIkeAuth && h.exchange != iana::exchange::kCreateChildSa))
        return false;
    // The response's chosen proposal, nonce, KE, transport mode.
    const MessageParts parts = message_parts(m, msg, inner, inner_bytes);

    // The one proposal the response chose (RFC 7296 2.7).
    if (!parts.sa || parts.sa->proposals.size() != 1) return false;
    const Proposal& chosen = parts.sa->proposals.front();
    if (chosen.protocol != iana::protocol::kEsp || chosen.spi_size != 4) return false;
    if (responses_ >= kMaxResponses) {
        if (refused) *refused = true;
        return false;
    }
    responses_++;

    rec.spi_to_responder = static_cast<uint32_t>(chosen.spi_value);

    // A request counts when it offered ESP (an IKE SA rekey or AH offers none).
    bool offered_esp = false;
    if (request)
        for (const Proposal& p : request->proposals)
            offered_esp |= p.protocol == iana::protocol::kEsp && p.spi_size == 4;
    if (!offered_esp) {
        rec.outcome = ChildKeyOutcome::NoRequest;
    } else {
        // IKE_AUTH: Ni and Nr of IKE_SA_INIT; CREATE_CHILD_SA: the exchange's own (2.17).
        const bool auth = h.exchange == iana::exchange::kIkeAuth;
        const ByteView ni = auth ? ByteView(sa.ni.data(), sa.ni.size())
                                 : ByteView(request->nonce.data(), request->nonce.size());
        const ByteView nr = auth ? ByteView(sa.nr.data(), sa.nr.size())
                                 : parts.nonce;
        derive(sa, *request, chosen, ni, nr, !auth && (request->has_ke || parts.has_ke),
               request->transport && parts.transport, ike, frame, rec);
    }
    return true;
}

void ChildSaDeriver::derive(const IkeSa& sa, const Request& rq, const Proposal& chosen, ByteView ni,
                            ByteView nr, bool pfs, bool transport, const keys::IkeSaKeys* ike,
                            uint32_t frame, ChildKeysResult& rec) {
    using O = ChildKeyOutcome;
    rec.request_frame = rq.frame;
    rec.transport = transport;
    if (rq.rekey && rq.rekey_protocol == iana::protocol::kEsp && rq.rekey_spi <= 0xffffffffu)
        rec.rekeys_spi = static_cast<uint32_t>(rq.rekey_spi);
    // The initiator's SPI is the one of its proposal with the chosen number (3.3.1).
    bool offered = false;
    for (const Proposal& p : rq.proposals)
        if (p.number == chosen.number && p.protocol == iana::protocol::kEsp && p.spi_size == 4) {
            rec.spi_to_initiator = static_cast<uint32_t>(p.spi_value);
            offered = true;
        }
    for (const Transform& t : chosen.transforms) {
        if (t.type == iana::transform_type::kEncr) {
            rec.transforms.encr_id = t.id;
            rec.transforms.encr_key_bits = t.key_length;
        } else if (t.type == iana::transform_type::kInteg) {
            rec.transforms.integ_id = t.id;
        } else if (t.type == iana::transform_type::kEsn) {
            rec.transforms.esn = t.id == 1;
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
    const uint16_t prf = ike->prf_id ? ike->prf_id : sa.selected.prf;
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
                                         ByteView(), ni, nr, rec.transforms, k);
    if (s != crypto::Status::Ok) {
        rec.outcome = O::Unsupported;
        rec.status = s;
        return;
    }
    const std::string sa_name = "SK_d of IKE SA " + spi_text(sa.spi_i) + "/" + spi_text(sa.spi_r) +
                                ", frame " + std::to_string(frame);
    auto add = [&](uint32_t spi, const Endpoint& from, const Endpoint& to,
                   std::vector<uint8_t>& ek, std::vector<uint8_t>& ik) {
        keys::EspSaKeys e;
        e.src = exact(from);
        e.dst = exact(to);
        e.family = e.src.family;
        e.spi = spi;
        static_cast<crypto::Transforms&>(e) = rec.transforms;
        e.encr_key = std::move(ek);
        e.integ_key = std::move(ik);
        e.esn_known = true;  // the chosen proposal's ESN transform (none: 32-bit)
        e.source.file = sa_name;
        e.source.line = frame;  // the response's frame, for derived keys (key_store.hpp)
        e.source.format = "derived";
        return derived_.add_esp(std::move(e)) != keys::AddResult::Failed;
    };
    const bool ok = add(rec.spi_to_responder, rq.src, rq.dst, k.encr_i, k.integ_i) &&
                    add(rec.spi_to_initiator, rq.dst, rq.src, k.encr_r, k.integ_r);
    rec.outcome = ok ? O::Derived : O::Unsupported;
    if (!ok) rec.status = crypto::Status::CryptoError;
}

}  // namespace ikev2::esp
