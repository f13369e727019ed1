#include "decryptor.hpp"

#include "iana.hpp"

namespace ikev2 {

namespace {

// The algorithms for keys `k` on the IKE SA of `h`: those named with the keys win, else
// the capture's IKE_SA_INIT response. False when neither names them.
bool algorithms_for(const keys::IkeSaKeys& k, const IkeSa* sa, crypto::Transforms& alg,
                    bool& from_capture) {
    from_capture = false;
    if (k.encr_id) {
        alg = k;  // with "ANY n bits [No Checking]": skipped, unchecked
        return true;
    }
    if (sa && sa->selected.learned_in) {
        alg = sa->selected.transforms;
        alg.icv_unchecked = k.icv_unchecked;
        from_capture = true;
        return true;
    }
    return false;
}

crypto::SkResult run(crypto::SkCipher& c, ByteView message, const Payload& payload) {
    return payload.type == iana::payload::kSKF ? c.decrypt_skf(message, payload.span)
                                               : c.decrypt_sk(message, payload.span);
}

crypto::Status make_cipher(const crypto::Transforms& alg, const keys::IkeSaKeys& k, bool initiator,
                           std::unique_ptr<crypto::SkCipher>& out) {
    const std::vector<uint8_t>& e = initiator ? k.sk_ei : k.sk_er;
    const std::vector<uint8_t>& a = initiator ? k.sk_ai : k.sk_ar;
    return crypto::SkCipher::create(alg, ByteView(e.data(), e.size()), ByteView(a.data(), a.size()), out);
}

}  // namespace

const keys::IkeSaKeys* IkeDecryptor::bind_by_icv(keys::KeyStore& store, IkeSa& sa, ByteView message,
                                                 const Message& m, const Payload& payload,
                                                 DecryptOutcome& out) {
    const Header& h = m.header;
    const std::vector<keys::IkeSaKeys>& candidates = store.unbound_ike();
    if (candidates.empty() || sa.unbound_tried) return nullptr;
    sa.unbound_tried = true;
    for (size_t i = 0; i < candidates.size(); i++) {
        crypto::Transforms alg;
        bool from_capture = false;
        if (!algorithms_for(candidates[i], &sa, alg, from_capture)) continue;
        std::unique_ptr<crypto::SkCipher> c;
        if (make_cipher(alg, candidates[i], h.initiator(), c) != crypto::Status::Ok) continue;
        trials_++;
        crypto::SkResult r = run(*c, message, payload);
        // Only a checked ICV or tag binds: BadPadding still means it verified.
        if (!r.integrity_checked || (r.status != crypto::Status::Ok && r.status != crypto::Status::BadPadding))
            continue;
        const keys::IkeSaKeys* k = store.bind_ike(i, h.spi_i, h.spi_r);
        if (!k) return nullptr;
        // Binding changed the store's generation: other SAs' ciphers are built again
        // when next used, this one is kept.
        IkeSa::Cipher& slot = sa.ciphers[h.initiator() ? 0 : 1];
        slot.cipher = std::move(c);
        slot.keys = k;
        slot.generation = store.generation();
        used(slot);
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

DecryptOutcome IkeDecryptor::decrypt(keys::KeyStore& store, IkeSa* sa, ByteView message,
                                     const Message& m, const Payload& payload) {
    DecryptOutcome out;
    const Header& h = m.header;
    const keys::IkeSaKeys* k = store.find_ike(h.spi_i, h.spi_r);
    if (!k && sa && bind_by_icv(store, *sa, message, m, payload, out)) return out;
    if (!k) {
        if (sa && !sa->no_keys_reported) out.first_miss = sa->no_keys_reported = true;
        return out;
    }
    out.keys = k;

    crypto::Transforms alg;
    if (!algorithms_for(*k, sa, alg, out.from_capture)) {
        out.kind = DecryptOutcome::Kind::NoAlgorithms;
        return out;
    }
    out.algorithms = alg;

    // A cipher built from other keys (UAT edited, key file reloaded, a key set bound) or
    // none yet: built now, and kept in the SA's record when there is one.
    const bool initiator = h.initiator();
    IkeSa::Cipher own;
    IkeSa::Cipher& slot = sa ? sa->ciphers[initiator ? 0 : 1] : own;
    if (!slot.cipher || slot.keys != k || slot.generation != store.generation()) {
        slot.cipher.reset();
        crypto::Status s = make_cipher(alg, *k, initiator, slot.cipher);
        if (s != crypto::Status::Ok) {
            if (sa) open_.forget(slot.open);
            out.kind = DecryptOutcome::Kind::BadKeys;
            out.result.status = s;
            return out;
        }
        slot.keys = k;
        slot.generation = store.generation();
    }
    out.kind = DecryptOutcome::Kind::Done;
    out.result = run(*slot.cipher, message, payload);
    if (sa) used(slot);
    return out;
}

void IkeDecryptor::used(IkeSa::Cipher& slot) {
    // The closed slot keeps its keys and generation: built again when next used.
    open_.used(slot, slot.open, [](IkeSa::Cipher& last) { last.cipher.reset(); });
}

}  // namespace ikev2
