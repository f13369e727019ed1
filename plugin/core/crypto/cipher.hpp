// The ENCR half of SK / SKF (and, later, ESP) decryption: one cipher keyed once per SA
// direction, reused for every message (the libgcrypt handle is reset, not reopened).
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "../bytes.hpp"
#include "algorithms.hpp"
#include "status.hpp"

namespace ikev2::crypto {

class EncrCipher {
public:
    EncrCipher();
    ~EncrCipher();
    EncrCipher(EncrCipher&&) noexcept;
    EncrCipher& operator=(EncrCipher&&) noexcept;
    EncrCipher(const EncrCipher&) = delete;
    EncrCipher& operator=(const EncrCipher&) = delete;

    // Keys the cipher with `key_material` laid out as SK_e: the key, then the salt for
    // CTR / GCM / CCM / ChaCha20-Poly1305 (RFC 5930, RFC 5282 7.1, RFC 7634).
    // BadKeyLength when its size is not alg.key_material(). GMAC (RFC 4543) is GCM that
    // encrypts nothing: callers put everything it authenticates in `aad`.
    Status open(const EncrAlgorithm& alg, ByteView key_material);
    const EncrAlgorithm* algorithm() const;

    // Decrypts `ciphertext` into `plain` (same length). How `iv` is used:
    //   CBC                  the CBC IV; must be one block; ciphertext a multiple of it
    //   CTR                  counter block = salt(4) | iv(8) | 00000001 (RFC 3686 4)
    //   GCM, CCM, ChaCha20   nonce = salt | iv; `aad` is authenticated and `tag` (of
    //                        exactly icv_size octets) checked: AeadTagMismatch, and
    //                        `plain` left empty, when it does not match
    //   GMAC                 nonce = salt | iv; `ciphertext` must be empty, `aad` holds
    //                        all authenticated data and `tag` is checked
    //   NULL                 ignored; plain = ciphertext
    // The wire layout (IV of iv_size octets) is the SK layer's business: here a CCM or
    // GCM nonce may be of any length libgcrypt accepts, so published vectors with other
    // nonce sizes can be run through this very code.
    Status decrypt(ByteView iv, ByteView aad, ByteView ciphertext, ByteView tag,
                   std::vector<uint8_t>& plain);

    // The same into a caller's buffer of ciphertext.size octets (ESP decrypts straight
    // into the capture-lifetime buffer the glue allocates). `out` is zeroed on failure.
    Status decrypt_into(ByteView iv, ByteView aad, ByteView ciphertext, ByteView tag,
                        uint8_t* out);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace ikev2::crypto
