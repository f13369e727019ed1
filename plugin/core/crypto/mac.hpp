// Keyed MACs behind the INTEG and PRF transforms: HMAC (RFC 2104) with MD5, SHA-1, SHA-2
// and RIPEMD-160, AES-XCBC-MAC (RFC 3566) and AES-CMAC (RFC 4493). One Mac is keyed once
// and then computes any number of messages, reusing its libgcrypt handle.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include "../bytes.hpp"
#include "algorithms.hpp"
#include "status.hpp"

namespace ikev2::crypto {

class Mac {
public:
    Mac();
    ~Mac();
    Mac(Mac&&) noexcept;
    Mac& operator=(Mac&&) noexcept;
    Mac(const Mac&) = delete;
    Mac& operator=(const Mac&) = delete;

    // Keys the MAC. HMAC takes a key of any length (RFC 2104 2); AES-XCBC-MAC and
    // AES-CMAC take exactly 16 octets (the PRF key processing of RFC 4434 and RFC 4615
    // lives in prf.cpp). UnsupportedAlgorithm for MacAlgo::None, BadKeyLength, or
    // CryptoError when libgcrypt refuses.
    Status open(MacAlgo algo, ByteView key);
    bool is_open() const;
    MacAlgo algo() const;
    // Full output size in octets (before any truncation).
    size_t size() const;

    // Streaming use: begin() starts a message (with the same key), update() adds data,
    // finish() writes the first out_len octets of the MAC (out_len <= size(); the
    // truncation of RFC 2104 5, RFC 4868 2.3, RFC 4494 2). False on any error.
    bool begin();
    bool update(ByteView data);
    bool update(const uint8_t* data, size_t len) { return update(ByteView(data, len)); }
    bool finish(uint8_t* out, size_t out_len);

    // begin + update + finish.
    bool compute(ByteView data, uint8_t* out, size_t out_len);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace ikev2::crypto
