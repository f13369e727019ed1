#include "decryptor.hpp"

#include "iana.hpp"

namespace ikev2 {

DecryptOutcome IkeDecryptor::decrypt(const keys::KeyStore& store, const IkeSaTable& sas,
                                     ByteView message, const Message& m, const Payload& payload) {
    DecryptOutcome out;
    const Header& h = m.header;
    const keys::IkeSaKeys* k = store.find_ike(h.spi_i, h.spi_r);
    if (!k) {
        // Bounded like the SA table: a hostile capture cannot grow this without limit.
        if (misses_.size() < IkeSaTable::kMaxSas)
            out.first_miss = misses_.insert(std::make_pair(h.spi_i, h.spi_r)).second;
        return out;
    }
    out.keys = k;

    // Algorithms named with the keys win; otherwise the capture's IKE_SA_INIT response.
    crypto::SkAlgorithms alg;
    if (k->encr_id) {
        alg.encr_id = k->encr_id;
        alg.encr_key_bits = k->encr_key_bits;
        alg.integ_id = k->integ_id;
    } else if (const IkeSaAlgorithms* a = sas.find(h.spi_i, h.spi_r)) {
        alg.encr_id = a->encr;
        alg.encr_key_bits = a->encr_key_bits;
        alg.integ_id = a->integ;
        out.from_capture = true;
    } else {
        out.kind = DecryptOutcome::Kind::NoAlgorithms;
        return out;
    }
    out.algorithms = alg;

    // Keys changed (UAT edit, key file reloaded): ciphers built from old keys are dropped.
    if (store.generation() != generation_) {
        ciphers_.clear();
        generation_ = store.generation();
    }
    const bool initiator = h.initiator();
    const Key key{h.spi_i, h.spi_r, initiator};
    auto it = ciphers_.find(key);
    if (it == ciphers_.end()) {
        const std::vector<uint8_t>& e = initiator ? k->sk_ei : k->sk_er;
        const std::vector<uint8_t>& a = initiator ? k->sk_ai : k->sk_ar;
        std::unique_ptr<crypto::SkCipher> c;
        crypto::Status s = crypto::SkCipher::create(alg, ByteView(e.data(), e.size()),
                                                    ByteView(a.data(), a.size()), c);
        if (s != crypto::Status::Ok) {
            out.kind = DecryptOutcome::Kind::BadKeys;
            out.result.status = s;
            return out;
        }
        it = ciphers_.emplace(key, std::move(c)).first;
    }
    out.kind = DecryptOutcome::Kind::Done;
    out.result = payload.type == iana::payload::kSKF ? it->second->decrypt_skf(message, payload.span)
                                                     : it->second->decrypt_sk(message, payload.span);
    return out;
}

}  // namespace ikev2
