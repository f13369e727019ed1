#include "sa_table.hpp"

#include "crypto/algorithms.hpp"
#include "iana.hpp"

namespace ikev2 {

bool IkeSaTable::observe(const Message& m, uint32_t reference, bool* refused) {
    const Header& h = m.header;
    if (!m.header_ok || h.major != 2 || h.exchange != iana::exchange::kIkeSaInit || !h.response() ||
        h.spi_r == 0)
        return false;
    for (const Payload& p : m.payloads) {
        const auto* sa = std::get_if<SaBody>(&p.content);
        // The responder accepts exactly one proposal (RFC 7296 2.7).
        if (!sa || sa->proposals.size() != 1 || sa->proposals[0].protocol != iana::protocol::kIke) continue;
        IkeSaAlgorithms a;
        a.learned_in = reference;
        for (const Transform& t : sa->proposals[0].transforms) {
            switch (t.type) {
            case iana::transform_type::kEncr: a.encr = t.id; a.encr_key_bits = t.key_length; break;
            case iana::transform_type::kPrf: a.prf = t.id; break;
            case iana::transform_type::kInteg: a.integ = t.id; break;
            case iana::transform_type::kKe: a.ke = t.id; break;
            default: break;
            }
        }
        auto key = std::make_pair(h.spi_i, h.spi_r);
        if (sas_.size() >= kMaxSas && !sas_.count(key)) {
            if (refused) *refused = true;
            return false;
        }
        sas_[key] = a;
        return true;
    }
    return false;
}

const IkeSaAlgorithms* IkeSaTable::find(uint64_t spi_i, uint64_t spi_r) const {
    auto it = sas_.find(std::make_pair(spi_i, spi_r));
    return it == sas_.end() ? nullptr : &it->second;
}

bool split_encrypted(const IkeSaAlgorithms& algs, Span enc, EncryptedLayout& out) {
    const crypto::EncrAlgorithm* e = crypto::find_encr(algs.encr, algs.encr_key_bits);
    if (!e) return false;
    size_t icv = e->icv_size;
    if (!e->aead) {
        const crypto::IntegAlgorithm* i = crypto::find_integ(algs.integ);
        if (!i) return false;
        icv = i->icv_size;
    }
    if (enc.len < e->iv_size + icv) return false;
    out.iv = Span{enc.off, e->iv_size};
    out.icv = Span{static_cast<uint32_t>(enc.end() - icv), static_cast<uint32_t>(icv)};
    out.ciphertext = Span{out.iv.end(), static_cast<uint32_t>(enc.len - e->iv_size - icv)};
    return true;
}

}  // namespace ikev2
