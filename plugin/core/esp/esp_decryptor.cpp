#include "esp_decryptor.hpp"

#include <algorithm>
#include <cstring>

namespace ikev2::esp {

namespace {

uint32_t be32(const uint8_t* p) {
    return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
}

// FNV-1a over what makes the keys of an SA and what is known of its ESN: the ESN trial's
// verdict holds while it stays the same (a store's generation also moves when other
// SAs' keys are added).
uint64_t fingerprint(const keys::EspSaKeys* k, bool esn_known, bool esn_said) {
    if (!k) return 0;
    uint64_t h = 1469598103934665603ull;
    auto mix = [&h](uint8_t b) {
        h ^= b;
        h *= 1099511628211ull;
    };
    for (uint16_t v : {k->encr_id, k->encr_key_bits, k->integ_id}) {
        mix(static_cast<uint8_t>(v >> 8));
        mix(static_cast<uint8_t>(v));
    }
    mix(k->icv_unchecked);
    mix(static_cast<uint8_t>((esn_said ? 1 : 0) | (esn_known ? 2 : 0)));
    for (uint8_t b : k->encr_key) mix(b);
    mix(0xff);
    for (uint8_t b : k->integ_key) mix(b);
    return h | 1;  // never 0, the value of "no keys"
}

bool integrity_failed(crypto::Status s) {
    return s == crypto::Status::IcvMismatch || s == crypto::Status::AeadTagMismatch;
}

bool verified(crypto::Status s) {
    return s == crypto::Status::Ok || s == crypto::Status::BadPadding;
}

}  // namespace

size_t EspDecryptor::hash_of(const FlowKey& k) {
    // Eight octets at a time (the unused address octets are zero), each word mixed in by
    // a multiply and a rotation; the final step spreads every input bit over the upper
    // half, which the index keeps.
    auto word = [](const uint8_t* p) {
        uint64_t w;
        std::memcpy(&w, p, 8);
        return w;
    };
    uint64_t h = (uint64_t{k.spi} << 8 | k.addr_len) * 0x9e3779b97f4a7c15ull;
    for (const uint8_t* p : {k.src.data(), k.src.data() + 8, k.dst.data(), k.dst.data() + 8}) {
        h ^= word(p);
        h = (h << 27 | h >> 37) * 0xff51afd7ed558ccdull;
    }
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ull;
    h ^= h >> 29;
    return static_cast<size_t>(h);
}

EspDecryptor::Flow* EspDecryptor::find(const FlowKey& k, size_t hash) const {
    if (index_.empty()) return nullptr;
    const size_t mask = index_.size() - 1;
    const uint64_t tag = uint64_t{hash} >> 32;
    for (size_t i = hash & mask;; i = (i + 1) & mask) {
        const uint64_t slot = index_[i];
        if (!slot) return nullptr;
        if (slot >> 32 == tag) {
            const auto& [key, flow] = order_[static_cast<uint32_t>(slot) - 1];
            if (key == k) return flow.get();
        }
    }
}

void EspDecryptor::insert(size_t hash, uint32_t sa_id) {
    if (order_.size() * 2 > index_.size()) {  // grow: at most half full
        std::vector<uint64_t> old(std::max<size_t>(64, index_.size() * 2), 0);
        old.swap(index_);
        const size_t mask = index_.size() - 1;
        for (uint64_t slot : old) {
            if (!slot) continue;
            size_t i = static_cast<size_t>(hash_of(order_[static_cast<uint32_t>(slot) - 1].first)) & mask;
            while (index_[i]) i = (i + 1) & mask;
            index_[i] = slot;
        }
    }
    const size_t mask = index_.size() - 1;
    size_t i = hash & mask;
    while (index_[i]) i = (i + 1) & mask;
    index_[i] = (uint64_t{hash} >> 32) << 32 | sa_id;
}

void EspDecryptor::resolve(Flow& f, const FlowKey& k, const keys::KeyStore& user,
                           const keys::KeyStore& derived) {
    const ByteView src(k.src.data(), k.addr_len), dst(k.dst.data(), k.addr_len);
    f.user_gen = user.generation();
    f.derived_gen = derived.generation();
    close_cipher(f);
    f.keys = user.find_esp(k.spi, src, dst);
    f.derived = false;
    f.address_mismatch = false;
    if (!f.keys) {
        f.keys = derived.find_esp(k.spi, src, dst);
        if (!f.keys) f.keys = derived.find_esp(k.spi, ByteView(), ByteView());
        f.derived = f.keys != nullptr;
    }
    if (!f.keys) {
        f.keys = user.find_esp(k.spi, ByteView(), ByteView());
        f.address_mismatch = f.keys != nullptr;
    }
    f.key_status = crypto::Status::Ok;
    f.keys_text.clear();
    f.keys_text_made = false;
    f.esn_known = f.keys && f.keys->esn_known;
    f.esn_said = f.keys && f.keys->esn;
    if (f.keys && !f.esn_known && !f.derived) {
        // The user's keys do not say ESN; keys derived for the same SA know it from the
        // IKE exchange.
        const keys::EspSaKeys* d = derived.find_esp(k.spi, src, dst);
        if (!d) d = derived.find_esp(k.spi, ByteView(), ByteView());
        if (d && d->esn_known) {
            f.esn_known = true;
            f.esn_said = d->esn;
        }
    }
    const uint64_t fp = fingerprint(f.keys, f.esn_known, f.esn_said);
    if (fp != f.keys_fp) {
        f.keys_fp = fp;
        f.esn_trial = Flow::EsnTrial::Untried;
    }
    if (!f.keys) return;
    open_cipher(f);
}

bool EspDecryptor::open_cipher(Flow& f) {
    f.key_status = EspCipher::create(
        *f.keys, ByteView(f.keys->encr_key.data(), f.keys->encr_key.size()),
        ByteView(f.keys->integ_key.data(), f.keys->integ_key.size()), f.cipher);
    if (!f.cipher) return false;
    f.cipher->set_unauthenticated_plaintext(unauthenticated_plaintext_);
    used(f);
    return true;
}

void EspDecryptor::used(Flow& f) {
    open_.used(f, f.open, [](Flow& last) { last.cipher.reset(); });
}

void EspDecryptor::close_cipher(Flow& f) {
    open_.forget(f.open);
    f.cipher.reset();
}

EspCipher* EspDecryptor::cipher(Flow& f) {
    if (f.cipher) {
        used(f);
        return f.cipher.get();
    }
    if (!f.keys || f.key_status != crypto::Status::Ok) return nullptr;
    return open_cipher(f) ? f.cipher.get() : nullptr;
}

void EspDecryptor::set_unauthenticated_plaintext(bool on) {
    unauthenticated_plaintext_ = on;
    for (auto& kf : order_)
        if (kf.second->cipher) kf.second->cipher->set_unauthenticated_plaintext(on);
}

EspOutcome EspDecryptor::process(const keys::KeyStore& user, const keys::KeyStore& derived,
                                 ByteView packet, ByteView src, ByteView dst, uint32_t ref,
                                 Alloc alloc, void* alloc_ctx) {
    EspOutcome o;
    if (packet.size < kEspHeaderSize) {
        o.kind = EspOutcome::Kind::Done;
        o.result.status = crypto::Status::BadLength;
        return o;
    }
    FlowKey key{};
    key.spi = be32(packet.data);
    if (src.size == dst.size && (src.size == 4 || src.size == 16)) {
        key.addr_len = static_cast<uint8_t>(src.size);
        std::memcpy(key.src.data(), src.data, src.size);
        std::memcpy(key.dst.data(), dst.data, dst.size);
    }
    Flow* f = last_ && last_key_ == key ? last_ : nullptr;
    if (!f) {
        const size_t hash = hash_of(key);
        f = find(key, hash);
        if (!f) {
            if (order_.size() >= kMaxFlows) {
                o.kind = EspOutcome::Kind::TooManySas;
                return o;
            }
            auto nf = std::make_unique<Flow>();
            f = nf.get();
            f->sa_id = static_cast<uint32_t>(order_.size() + 1);
            f->first_ref = ref;
            order_.emplace_back(key, std::move(nf));
            insert(hash, f->sa_id);
        }
    }
    last_key_ = key;
    last_ = f;
    if (f->user_gen != user.generation() || f->derived_gen != derived.generation())
        resolve(*f, key, user, derived);

    f->last_ref = ref;
    f->bytes += packet.size;
    o.sa_id = f->sa_id;
    o.keys = f->keys;
    o.derived = f->derived;
    o.address_mismatch = f->address_mismatch;
    const uint32_t low = be32(packet.data + 4);
    bool esn = f->keys && (f->esn_said || f->esn_trial == Flow::EsnTrial::Inferred);
    const uint32_t high = esn ? f->seq.infer_high(low) : 0;

    if (!f->keys) {
        o.kind = EspOutcome::Kind::NoKeys;
        o.first_miss = !f->miss_reported;
        f->miss_reported = true;
    } else if (!cipher(*f)) {
        o.kind = EspOutcome::Kind::BadKeys;
        o.key_status = f->key_status;
    } else {
        o.kind = EspOutcome::Kind::Done;
        EspCipher& c = *f->cipher;
        uint8_t* out = nullptr;
        if (!c.in_place() && packet.size > kEspHeaderSize) {
            out = alloc(packet.size, alloc_ctx);
            if (!out) {
                o.result.status = crypto::Status::CryptoError;
                return o;
            }
        }
        o.result = c.decrypt(packet, esn, high, out);
        o.plaintext = out;
        // The one ESN trial of keys that did not say ESN (design note in the header).
        if (!esn && !f->esn_known && f->esn_trial == Flow::EsnTrial::Untried &&
            integrity_failed(o.result.status)) {
            f->esn_trials++;
            const uint32_t trial_high = f->seq.infer_high(low);
            EspResult r = c.decrypt(packet, true, trial_high, out);
            if (verified(r.status)) {
                f->esn_trial = Flow::EsnTrial::Inferred;
                esn = true;
                o.result = r;
                o.esn_inferred_now = true;
            } else {
                f->esn_trial = Flow::EsnTrial::Refuted;
            }
        }
        if (verified(o.result.status)) f->decrypted++;
        else if (integrity_failed(o.result.status))
            f->auth_failed++;
        else
            f->other_failed++;
    }
    o.esn = esn;
    o.esn_inferred = esn && f->esn_trial == Flow::EsnTrial::Inferred;
    // A packet failing integrity says nothing trustworthy about the sequence; count it
    // all the same (a receiver would drop it, but the sender did send it).
    o.seq = f->seq.observe(low, esn, ref);
    return o;
}

EspResult EspDecryptor::decrypt_again(uint32_t sa_id, ByteView packet, bool esn, uint32_t seq_hi,
                                      uint8_t* out) {
    EspResult r;
    if (sa_id == 0 || sa_id > order_.size()) return r;
    Flow* f = order_[sa_id - 1].second.get();
    EspCipher* c = cipher(*f);
    if (!c) return r;
    if (!c->in_place() && !out) {
        r.status = crypto::Status::CryptoError;
        return r;
    }
    return c->decrypt(packet, esn, seq_hi, out);
}

const std::string& EspDecryptor::keys_text(uint32_t sa_id, const keys::KeyStore& user,
                                           const keys::KeyStore& derived) {
    static const std::string none;
    if (sa_id == 0 || sa_id > order_.size()) return none;
    const FlowKey& k = order_[sa_id - 1].first;
    Flow* f = order_[sa_id - 1].second.get();
    if (f->user_gen != user.generation() || f->derived_gen != derived.generation())
        resolve(*f, k, user, derived);
    if (!f->keys_text_made && f->keys) f->keys_text = keys::describe(*f->keys);
    f->keys_text_made = true;
    return f->keys_text;
}

EspSaSummary EspDecryptor::summary(uint32_t sa_id) const {
    EspSaSummary s;
    if (sa_id == 0 || sa_id > order_.size()) return s;
    const FlowKey& k = order_[sa_id - 1].first;
    const Flow* f = order_[sa_id - 1].second.get();
    s.sa_id = f->sa_id;
    s.spi = k.spi;
    s.src.assign(k.src.begin(), k.src.begin() + k.addr_len);
    s.dst.assign(k.dst.begin(), k.dst.begin() + k.addr_len);
    s.first_ref = f->first_ref;
    s.last_ref = f->last_ref;
    s.bytes = f->bytes;
    s.decrypted = f->decrypted;
    s.auth_failed = f->auth_failed;
    s.other_failed = f->other_failed;
    s.seq = f->seq.counts();
    s.has_keys = f->keys != nullptr;
    s.derived = f->derived;
    s.keys = f->keys_text;
    s.esn_trials = f->esn_trials;
    s.esn_inferred = f->esn_trial == Flow::EsnTrial::Inferred;
    return s;
}

std::vector<EspSaSummary> EspDecryptor::summaries() {
    std::vector<EspSaSummary> out;
    out.reserve(order_.size());
    for (uint32_t id = 1; id <= order_.size(); id++) out.push_back(summary(id));
    return out;
}

}  // namespace ikev2::esp
