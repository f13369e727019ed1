// Decrypting the SK and SKF payloads of a capture: keys from a KeyStore, algorithms from
// the keys or from the IKE_SA_INIT response (IkeSa::selected), one SkCipher per IKE SA
// and direction, kept in the IKE SA's record (ike_sa.hpp) for the life of the capture.
//
// Direction (RFC 7296 2.14): messages sent by the original initiator (I flag set) are
// protected with SK_ei / SK_ai, those of the original responder with SK_er / SK_ar,
// whichever side sends the request.
//
// Keys without SPIs (a charon log at `ike 4`): the first encrypted message of an IKE SA
// that has no keys is tried against every unbound key set of the store, once; the first
// whose ICV (or AEAD tag) verifies is bound to that SA's SPIs in the store and used from
// then on, by ESP's SK_d derivation too. With N unbound key sets and M keyless IKE SAs
// that is at most N x M checks of one message each (docs/robustness.md).
#pragma once

#include <cstdint>

#include "crypto/sk.hpp"
#include "ike_sa.hpp"
#include "keys/key_store.hpp"
#include "message.hpp"

namespace ikev2 {

struct DecryptOutcome {
    enum class Kind : uint8_t {
        NoKeys,         // no keys for this IKE SA
        NoAlgorithms,   // keys, but neither they nor the capture name the algorithms
        BadKeys,        // the keys do not fit the algorithms (status says why)
        Done,           // decryption attempted: result.status says how it went
    };
    Kind kind = Kind::NoKeys;
    crypto::SkResult result;
    crypto::Transforms algorithms;
    const keys::IkeSaKeys* keys = nullptr;
    bool from_capture = false;  // algorithms taken from the IKE_SA_INIT response
    bool first_miss = false;    // NoKeys, and the first such message of this IKE SA
    bool bound_by_icv = false;  // this message bound an unbound key set to the IKE SA
};

class IkeDecryptor {
public:
    // Decrypt `payload` (an SK or SKF payload of `m`, parsed from `message`), sent on
    // IKE SA `sa` (nullptr when the IKE SA table is full: nothing is kept then, and keys
    // without SPIs are not tried). May bind an unbound key set of `store` to the SA.
    DecryptOutcome decrypt(keys::KeyStore& store, IkeSa* sa, ByteView message, const Message& m,
                           const Payload& payload);

    // ICV checks made so far to bind key sets without SPIs (for tests and benchmarks).
    uint64_t binding_trials() const { return trials_; }

    // At most this many SK ciphers (one per IKE SA and direction, each a libgcrypt cipher
    // and MAC handle of a few kB) are kept open; the one used longest ago is closed and
    // built again from its keys when its IKE SA sends again. A carrier's capture of
    // 100,000 IKE SAs would otherwise keep 200,000 open for its whole life.
    static constexpr size_t kMaxOpenCiphers = 1u << 12;
    size_t open_ciphers() const { return open_.size(); }
    void set_max_open_ciphers(size_t n) { open_.set_max(n); }

private:
    // `slot`'s cipher was just used: first in the order of open ciphers.
    void used(IkeSa::Cipher& slot);

    crypto::HandleLru<IkeSa::Cipher> open_{kMaxOpenCiphers};
    // The first unbound key set of `store` that verifies `payload`, bound to the IKE SA;
    // nullptr if none does or this SA was tried before. On success `out` holds the
    // algorithms and the result of that verification, and the cipher is kept.
    const keys::IkeSaKeys* bind_by_icv(keys::KeyStore& store, IkeSa& sa, ByteView message,
                                       const Message& m, const Payload& payload,
                                       DecryptOutcome& out);

    uint64_t trials_ = 0;
};

}  // namespace ikev2
