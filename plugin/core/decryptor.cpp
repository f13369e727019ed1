#include "decryptor.hpp"

#include "iana.hpp"

namespace ikev2 {

namespace {

// The algorithms for keys `k` on the IKE SA of `h`: those named with the keys win, else
// the capture's IKE_SA_INIT response. False when neither names them.
bool algorithms_for(const keys::IkeSaKeys& k, const IkeSaTable& sas, const Header& h,
                    crypto::SkAlgorithms& alg, bool& from_capture) {
    from_capture = false;
    alg.icv_unchecked = k.icv_unchecked;  // "ANY n bits [No Checking]": skipped, unchecked
    if (k.encr_id) {
        alg.encr_id = k.encr_id;
        alg.encr_key_bits = k.encr_key_bits;
        alg.integ_id = k.integ_id;
        return true;
    }
    if (const IkeSaAlgorithms* a = sas.find(h.spi_i, h.spi_r)) {
        alg.encr_id = a->encr;
        alg.encr_key_bits = a->encr_key_bits;
        alg.integ_id = a->integ;
        from_capture = true;
        return true;
    }
    return false;
}

crypto::SkResult run(crypto::SkCipher& c, ByteView message, const Payload& payload) {
    return payload.type == iana::payload::kSKF ? c.decrypt_skf(message, payload.span)
                                               : c.decrypt_sk(message, payload.span);
}

crypto::Status make_cipher(const crypto::SkAlgorithms& alg, const keys::IkeSaKeys& k, bool initiator,
                           std::unique_ptr<crypto::SkCipher>& out) {
    const std::vector<uint8_t>& e = initiator ? k.sk_ei : k.sk_er;
    const std::vector<uint8_t>& a = initiator ? k.sk_ai : k.sk_ar;
    return crypto::SkCipher::create(alg, ByteView(e.data(), e.size()), ByteView(a.data(), a.size()), out);
}

}  // namespace

const keys::IkeSaKeys* IkeDecryptor::bind_by_icv(keys::KeyStore& store, const IkeSaTable& sas,
                                                 ByteView message, const Message& m,
                                                 const Payload& payload, DecryptOutcome& out) {
    const Header& h = m.header;
    const std::vector<keys::IkeSaKeys>& candidates = store.unbound_ike();
    if (candidates.empty() || tried_.size() >= IkeSaTable::kMaxSas) return nullptr;
    if (!tried_.insert(std::make_pair(h.spi_i, h.spi_r)).second) return nullptr;
    for (size_t i = 0; i < candidates.size(); i++) {
        crypto::SkAlgorithms alg;
        bool from_capture = false;
        if (!algorithms_for(candidates[i], sas, h, alg, from_capture)) continue;
        std::unique_ptr<crypto::SkCipher> c;
        if (make_cipher(alg, candidates[i], h.initiator(), c) != crypto::Status::Ok) continue;
        trials_++;
        crypto::SkResult r = run(*c, message, payload);
        // Only a checked ICV or tag binds: BadPadding still means it verified.
        if (!r.integrity_checked || (r.status != crypto::Status::Ok && r.status != crypto::Status::BadPadding))
            continue;
        const keys::IkeSaKeys* k = store.bind_ike(i, h.spi_i, h.spi_r);
        if (!k) return nullptr;
        // Binding changed the store: ciphers of the old generation go, this one stays.
        ciphers_.clear();
        generation_ = store.generation();
        ciphers_.emplace(Key{h.spi_i, h.spi_r, h.initiator()}, std::move(c));
        out.kind = DecryptOutcome::Kind::Done;
        out.keys = k;
        out.algorithms = alg;
        out.from_capture = from_capture;
        out.result = std::move(r);
        out.bound_by_icv = true;
        return k;
    }
    return nullptr;
}

DecryptOutcome IkeDecryptor::decrypt(keys::KeyStore& store, const IkeSaTable& sas,
                                     ByteView message, const Message& m, const Payload& payload) {
    DecryptOutcome out;
    const Header& h = m.header;
    const keys::IkeSaKeys* k = store.find_ike(h.spi_i, h.spi_r);
    if (!k && bind_by_icv(store, sas, message, m, payload, out)) return out;
    if (!k) {
        // Bounded like the SA table: a hostile capture cannot grow this without limit.
        if (misses_.size() < IkeSaTable::kMaxSas)
            out.first_miss = misses_.insert(std::make_pair(h.spi_i, h.spi_r)).second;
        return out;
    }
    out.keys = k;

    crypto::SkAlgorithms alg;
    if (!algorithms_for(*k, sas, h, alg, out.from_capture)) {
        out.kind = DecryptOutcome::Kind::NoAlgorithms;
        return out;
    }
    out.algorithms = alg;

    // Keys changed (UAT edit, key file reloaded, a key set bound): ciphers built from old
    // keys are dropped.
    if (store.generation() != generation_) {
        ciphers_.clear();
        generation_ = store.generation();
    }
    const bool initiator = h.initiator();
    const Key key{h.spi_i, h.spi_r, initiator};
    auto it = ciphers_.find(key);
    if (it == ciphers_.end()) {
        std::unique_ptr<crypto::SkCipher> c;
        crypto::Status s = make_cipher(alg, *k, initiator, c);
        if (s != crypto::Status::Ok) {
            out.kind = DecryptOutcome::Kind::BadKeys;
            out.result.status = s;
            return out;
        }
        it = ciphers_.emplace(key, std::move(c)).first;
    }
    out.kind = DecryptOutcome::Kind::Done;
    out.result = run(*it->second, message, payload);
    return out;
}

}  // namespace ikev2
