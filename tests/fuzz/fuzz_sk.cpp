// libFuzzer target: SK and SKF decryption (core/crypto/sk.hpp) with fixed keys, and the
// inner payload chain of whatever decrypts.
//
// Input: one selector octet, then an IKE message. Selector bits:
//   0-1  which fixed IKE SA (kConfigs: the keys of a real test capture, so its messages
//        decrypt as they are and the fuzzer mutates from there)
//   2    re-MAC: before decrypting, write the right ICV over the (mutated) message with
//        SK_a, so the fuzzer gets past the integrity check into the CBC decryption, the
//        padding checks and the inner chain (non-AEAD configurations only)
// The direction (SK_ei/SK_ai or SK_er/SK_ar) follows the message's I flag, as in the
// decryptor.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "crypto/mac.hpp"
#include "fuzz_util.hpp"
#include "crypto/sk.hpp"
#include "iana.hpp"
#include "message.hpp"

using namespace ikev2;

namespace {

using fuzz_util::hex;

struct Config {
    crypto::Transforms alg;
    const char *sk_ei, *sk_er, *sk_ai, *sk_ar;
};

// test-captures/psk-aescbc-sha256 and test-captures/aes-gcm (their ikev2_decryption_table).
const Config kConfigs[] = {
    {{12, 128, 12},
     "524548c384b4861597082d2a7e22a7fd", "27d1d1f11516299c0c35cd9a17df833b",
     "75378dd5f37e2a5e02dc47719d7d85cc0de0c914cc781869fbb1cdc387afa0a3",
     "5f9884481a3a47c63423fc313877df4000de1f8568167ffa7ae21f7909773f20"},
    {{20, 256, 0},
     "c5e080f617a6f9065feb2897557cceeabcbe4fa7bf4e6d81408607e54f09a168a24f9a79",
     "a78085c4a33bb8dd4b871fc935c32572b8426378e1e7e5e21ad7456f5fda5865df46b989", "", ""},
};
constexpr size_t kConfigCount = sizeof kConfigs / sizeof kConfigs[0];

struct Direction {
    std::unique_ptr<crypto::SkCipher> cipher;
    crypto::Mac mac;  // SK_a for re-MAC; closed for AEAD
};

Direction* directions() {
    static Direction d[kConfigCount][2];
    static bool ready = false;
    if (!ready) {
        for (size_t i = 0; i < kConfigCount; i++) {
            for (int r = 0; r < 2; r++) {
                const auto e = hex(r ? kConfigs[i].sk_er : kConfigs[i].sk_ei);
                const auto a = hex(r ? kConfigs[i].sk_ar : kConfigs[i].sk_ai);
                if (crypto::SkCipher::create(kConfigs[i].alg, ByteView(e.data(), e.size()),
                                             ByteView(a.data(), a.size()), d[i][r].cipher) !=
                    crypto::Status::Ok)
                    __builtin_trap();  // the fixed keys must fit
                if (!a.empty()) d[i][r].mac.open(d[i][r].cipher->integ().mac, ByteView(a.data(), a.size()));
            }
        }
        ready = true;
    }
    return &d[0][0];
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 1) return 0;
    Direction* dirs = directions();
    const size_t config = (data[0] & 3) % kConfigCount;
    const bool remac = data[0] & 4;
    std::vector<uint8_t> msg(data + 1, data + size);
    const ByteView view(msg.data(), msg.size());
    const Message m = parse_message(view);
    if (m.payloads.empty()) return 0;
    const Payload& last = m.payloads.back();
    const bool skf = last.type == iana::payload::kSKF;
    if (last.type != iana::payload::kSK && !skf) return 0;
    Direction& d = dirs[config * 2 + (m.header.initiator() ? 0 : 1)];

    const size_t icv = d.cipher->integ().icv_size;
    if (remac && d.mac.is_open() && icv && last.span.end() <= msg.size() && last.span.len >= icv) {
        // The ICV covers the message from its first octet to the end of the ciphertext.
        const size_t covered = last.span.end() - icv;
        d.mac.compute(ByteView(msg.data(), covered), msg.data() + covered, icv);
    }
    const crypto::SkResult r = skf ? d.cipher->decrypt_skf(view, last.span)
                                   : d.cipher->decrypt_sk(view, last.span);
    // The spans handed to the glue must lie inside the message.
    for (const Span& s : {r.iv, r.ciphertext, r.icv, r.authenticated})
        if (s.end() > msg.size() || s.end() < s.off) __builtin_trap();
    // Plaintext that failed its ICV is parsed too: the glue shows it, unauthenticated.
    if (r.decrypted && r.padding_ok) {
        std::vector<Payload> inner;
        Issues issues;
        parse_payload_chain(ByteView(r.plaintext.data(), r.plaintext.size()), last.next_payload,
                            inner, issues);
    }
    return 0;
}
