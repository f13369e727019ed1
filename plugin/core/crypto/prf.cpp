// PRFs over crypto::Mac, the AES-based PRF key processing, and prf+.
#include "prf.hpp"

#include <algorithm>
#include <cstring>

namespace ikev2::crypto {

namespace {

constexpr size_t kAesKey = 16;

// RFC 4434 2 (AES-XCBC-PRF-128) and RFC 4615 3 (AES-CMAC-PRF-128): the AES MAC needs a
// 128-bit key. A 16-octet key is used as it is. A longer one (and, for CMAC, a shorter
// one too) becomes MAC(K = 0^128, key). XCBC pads a shorter key with zeros on the right.
Status aes_prf_key(MacAlgo mac, ByteView key, uint8_t out[kAesKey]) {
    if (key.size == kAesKey) {
        std::memcpy(out, key.data, kAesKey);
        return Status::Ok;
    }
    if (mac == MacAlgo::AesXcbc && key.size < kAesKey) {
        std::memset(out, 0, kAesKey);
        if (key.size) std::memcpy(out, key.data, key.size);
        return Status::Ok;
    }
    static const uint8_t kZeroKey[kAesKey] = {};
    Mac m;
    Status s = m.open(mac, ByteView(kZeroKey, kAesKey));
    if (s != Status::Ok) return s;
    return m.compute(key, out, kAesKey) ? Status::Ok : Status::CryptoError;
}

}  // namespace

Status Prf::open(uint16_t prf_id, ByteView key) {
    alg_ = nullptr;
    const PrfAlgorithm* a = find_prf(prf_id);
    if (!a) return Status::UnsupportedAlgorithm;
    Status s;
    if (a->mac == MacAlgo::AesXcbc || a->mac == MacAlgo::AesCmac) {
        uint8_t k[kAesKey];
        s = aes_prf_key(a->mac, key, k);
        if (s == Status::Ok) s = mac_.open(a->mac, ByteView(k, kAesKey));
        std::memset(k, 0, sizeof k);
    } else {
        s = mac_.open(a->mac, key);
    }
    if (s == Status::Ok) alg_ = a;
    return s;
}

Status Prf::compute(ByteView data, std::vector<uint8_t>& out) {
    if (!alg_) return Status::UnsupportedAlgorithm;
    out.assign(alg_->output_size, 0);
    if (!mac_.compute(data, out.data(), out.size())) {
        out.clear();
        return Status::CryptoError;
    }
    return Status::Ok;
}

Status Prf::plus(ByteView seed, size_t length, std::vector<uint8_t>& out) {
    out.clear();
    if (!alg_) return Status::UnsupportedAlgorithm;
    const size_t n = alg_->output_size;
    if (length > kPrfPlusMaxBlocks * n) return Status::BadLength;
    out.reserve(length + n);
    // RFC 7296 2.13: T1 = prf(K, S | 0x01); Tn = prf(K, Tn-1 | S | n). T0 is empty.
    std::vector<uint8_t> t;
    uint8_t counter = 1;
    while (out.size() < length) {
        bool ok = mac_.begin() && mac_.update(ByteView(t.data(), t.size())) &&
                  mac_.update(seed) && mac_.update(&counter, 1);
        t.assign(n, 0);
        if (!ok || !mac_.finish(t.data(), n)) {
            out.clear();
            return Status::CryptoError;
        }
        out.insert(out.end(), t.begin(), t.end());
        counter++;
    }
    out.resize(length);
    std::fill(t.begin(), t.end(), 0);
    return Status::Ok;
}

Status prf(uint16_t prf_id, ByteView key, ByteView data, std::vector<uint8_t>& out) {
    Prf p;
    Status s = p.open(prf_id, key);
    if (s != Status::Ok) {
        out.clear();
        return s;
    }
    return p.compute(data, out);
}

Status prf_plus(uint16_t prf_id, ByteView key, ByteView seed, size_t length,
                std::vector<uint8_t>& out) {
    Prf p;
    Status s = p.open(prf_id, key);
    if (s != Status::Ok) {
        out.clear();
        return s;
    }
    return p.plus(seed, length, out);
}

}  // namespace ikev2::crypto
