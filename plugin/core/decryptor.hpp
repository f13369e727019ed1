// Decrypting the SK and SKF payloads of a capture: keys from a KeyStore, algorithms from
// the keys or from the IKE_SA_INIT response (IkeSaTable), one SkCipher per IKE SA and
// direction, kept for the life of the capture.
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
#include <map>
#include <memory>
#include <set>
#include <tuple>
#include <utility>

#include "crypto/sk.hpp"
#include "keys/key_store.hpp"
#include "message.hpp"
#include "sa_table.hpp"

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
    crypto::SkAlgorithms algorithms;
    const keys::IkeSaKeys* keys = nullptr;
    bool from_capture = false;  // algorithms taken from the IKE_SA_INIT response
    bool first_miss = false;    // NoKeys, and the first such message of this IKE SA
    bool bound_by_icv = false;  // this message bound an unbound key set to the IKE SA
};

class IkeDecryptor {
public:
    // Decrypt `payload` (an SK or SKF payload of `m`, parsed from `message`). May bind an
    // unbound key set of `store` to the message's IKE SA.
    DecryptOutcome decrypt(keys::KeyStore& store, const IkeSaTable& sas, ByteView message,
                           const Message& m, const Payload& payload);

    // Forget cached ciphers (keys changed, or a new capture).
    void clear() {
        ciphers_.clear();
        misses_.clear();
        tried_.clear();
        trials_ = 0;
    }

    // ICV checks made so far to bind key sets without SPIs (for tests and benchmarks).
    uint64_t binding_trials() const { return trials_; }

private:
    // The first unbound key set of `store` that verifies `payload`, bound to the IKE SA;
    // nullptr if none does or this SA was tried before. On success `out` holds the
    // algorithms and the result of that verification, and the cipher is kept.
    const keys::IkeSaKeys* bind_by_icv(keys::KeyStore& store, const IkeSaTable& sas,
                                       ByteView message, const Message& m, const Payload& payload,
                                       DecryptOutcome& out);

    using Key = std::tuple<uint64_t, uint64_t, bool>;  // SPIs, sent by the initiator
    std::map<Key, std::unique_ptr<crypto::SkCipher>> ciphers_;
    uint64_t generation_ = 0;  // key store generation the ciphers were built from
    std::set<std::pair<uint64_t, uint64_t>> misses_;  // IKE SAs already reported without keys
    std::set<std::pair<uint64_t, uint64_t>> tried_;   // IKE SAs tried against unbound keys
    uint64_t trials_ = 0;
};

}  // namespace ikev2
