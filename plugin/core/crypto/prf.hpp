// The IKEv2 pseudorandom functions and prf+ (RFC 7296 section 2.13), for SKEYSEED and
// the key derivation of RFC 7296 2.14 / 2.17.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "../bytes.hpp"
#include "algorithms.hpp"
#include "mac.hpp"
#include "status.hpp"

namespace ikev2::crypto {

// prf+ may produce at most 255 PRF outputs: the counter is one octet (RFC 7296 2.13).
constexpr size_t kPrfPlusMaxBlocks = 255;

// One PRF keyed once; compute() and plus() may be called any number of times.
class Prf {
public:
    // Keys PRF `prf_id`. HMAC PRFs take any key length. PRF_AES128_XCBC and
    // PRF_AES128_CMAC first turn a key that is not 16 octets into one (RFC 4434 2,
    // RFC 4615 3). UnsupportedAlgorithm for an unknown ID.
    Status open(uint16_t prf_id, ByteView key);
    const PrfAlgorithm* algorithm() const { return alg_; }
    size_t size() const { return alg_ ? alg_->output_size : 0; }

    // out = prf(K, data).
    Status compute(ByteView data, std::vector<uint8_t>& out);

    // out = the first `length` octets of prf+(K, seed) = T1 | T2 | ... where
    //   T1 = prf(K, S | 0x01), Tn = prf(K, Tn-1 | S | n)         (RFC 7296 2.13)
    // BadLength when `length` needs more than 255 blocks.
    Status plus(ByteView seed, size_t length, std::vector<uint8_t>& out);

private:
    const PrfAlgorithm* alg_ = nullptr;
    Mac mac_;
};

// One-shot forms of the above.
Status prf(uint16_t prf_id, ByteView key, ByteView data, std::vector<uint8_t>& out);
Status prf_plus(uint16_t prf_id, ByteView key, ByteView seed, size_t length,
                std::vector<uint8_t>& out);

}  // namespace ikev2::crypto
