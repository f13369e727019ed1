// HMAC and AES-CMAC through gcry_mac; AES-XCBC-MAC (RFC 3566), which libgcrypt lacks,
// over a single AES-ECB handle.
#include "mac.hpp"

#include <cstring>

#include "gcry.hpp"

namespace ikev2::crypto {

namespace {

constexpr size_t kAesBlock = 16;

int gcry_mac_algo(MacAlgo a) {
    switch (a) {
    case MacAlgo::HmacMd5: return GCRY_MAC_HMAC_MD5;
    case MacAlgo::HmacSha1: return GCRY_MAC_HMAC_SHA1;
    case MacAlgo::HmacSha256: return GCRY_MAC_HMAC_SHA256;
    case MacAlgo::HmacSha384: return GCRY_MAC_HMAC_SHA384;
    case MacAlgo::HmacSha512: return GCRY_MAC_HMAC_SHA512;
    case MacAlgo::HmacRipemd160: return GCRY_MAC_HMAC_RMD160;
    case MacAlgo::AesCmac: return GCRY_MAC_CMAC_AES;
    case MacAlgo::AesXcbc:
    case MacAlgo::None: break;
    }
    return 0;
}

}  // namespace

struct Mac::Impl {
    MacAlgo algo = MacAlgo::None;
    detail::MacHandle mac;      // HMAC, CMAC

    // AES-XCBC-MAC state (RFC 3566 4): E(K1, .) handle, K2, K3, the running E[i-1] and
    // the last (possibly partial) block, held back until finish() knows it is the last.
    detail::CipherHandle k1;
    uint8_t k2[kAesBlock] = {};
    uint8_t k3[kAesBlock] = {};
    uint8_t e[kAesBlock] = {};
    uint8_t buf[kAesBlock] = {};
    size_t buf_len = 0;

    ~Impl() {
        // Key-derived material does not outlive the object.
        volatile uint8_t* p[] = {k2, k3, e, buf};
        for (auto* q : p)
            for (size_t i = 0; i < kAesBlock; i++) q[i] = 0;
    }

    bool open_xcbc(const uint8_t* key) {
        // RFC 3566 4 (1): K1 = E(K, 0x01..01), K2 = E(K, 0x02..02), K3 = E(K, 0x03..03).
        detail::CipherHandle k;
        if (!k.open(GCRY_CIPHER_AES128, GCRY_CIPHER_MODE_ECB, key, kAesBlock)) return false;
        uint8_t k1_bytes[kAesBlock];
        std::memset(k1_bytes, 0x01, kAesBlock);
        std::memset(k2, 0x02, kAesBlock);
        std::memset(k3, 0x03, kAesBlock);
        bool ok = gcry_cipher_encrypt(k.get(), k1_bytes, kAesBlock, nullptr, 0) == 0 &&
                  gcry_cipher_encrypt(k.get(), k2, kAesBlock, nullptr, 0) == 0 &&
                  gcry_cipher_encrypt(k.get(), k3, kAesBlock, nullptr, 0) == 0 &&
                  k1.open(GCRY_CIPHER_AES128, GCRY_CIPHER_MODE_ECB, k1_bytes, kAesBlock);
        std::memset(k1_bytes, 0, kAesBlock);
        return ok;
    }

    void xcbc_begin() {
        // RFC 3566 4 (2): E[0] = 0.
        std::memset(e, 0, kAesBlock);
        buf_len = 0;
    }

    bool xcbc_block(const uint8_t* m) {
        // RFC 3566 4 (3): E[i] = E(K1, M[i] XOR E[i-1]).
        for (size_t i = 0; i < kAesBlock; i++) e[i] ^= m[i];
        return gcry_cipher_encrypt(k1.get(), e, kAesBlock, nullptr, 0) == 0;
    }

    bool xcbc_update(const uint8_t* p, size_t n) {
        while (n > 0) {
            if (buf_len == kAesBlock) {  // more data follows, so buf is not the last block
                if (!xcbc_block(buf)) return false;
                buf_len = 0;
            }
            size_t take = kAesBlock - buf_len;
            if (take > n) take = n;
            std::memcpy(buf + buf_len, p, take);
            buf_len += take;
            p += take;
            n -= take;
        }
        return true;
    }

    bool xcbc_finish(uint8_t* out) {
        // RFC 3566 4 (4): a complete last block is XORed with K2; a partial (or empty)
        // one is padded with 0x80 00.. and XORed with K3; then encrypted with K1.
        const uint8_t* k = k2;
        if (buf_len < kAesBlock) {
            buf[buf_len] = 0x80;
            std::memset(buf + buf_len + 1, 0, kAesBlock - buf_len - 1);
            k = k3;
        }
        for (size_t i = 0; i < kAesBlock; i++) buf[i] ^= k[i];
        if (!xcbc_block(buf)) return false;
        std::memcpy(out, e, kAesBlock);
        buf_len = 0;
        return true;
    }
};

Mac::Mac() = default;
Mac::~Mac() = default;
Mac::Mac(Mac&&) noexcept = default;
Mac& Mac::operator=(Mac&&) noexcept = default;

Status Mac::open(MacAlgo algo, ByteView key) {
    impl_.reset();
    if (algo == MacAlgo::None) return Status::UnsupportedAlgorithm;
    if ((algo == MacAlgo::AesXcbc || algo == MacAlgo::AesCmac) && key.size != kAesBlock)
        return Status::BadKeyLength;
    if (!detail::gcrypt_ready()) return Status::CryptoError;

    auto impl = std::make_unique<Impl>();
    impl->algo = algo;
    if (algo == MacAlgo::AesXcbc) {
        if (!impl->open_xcbc(key.data)) return Status::CryptoError;
        impl->xcbc_begin();
    } else {
        // HMAC pads the key with zeros to the hash block size (RFC 2104 2), so an empty
        // key is the same as a single zero octet, which gcry_mac_setkey accepts.
        static const uint8_t kZero = 0;
        const uint8_t* k = key.size ? key.data : &kZero;
        size_t k_len = key.size ? key.size : 1;
        if (!impl->mac.open(gcry_mac_algo(algo), k, k_len)) return Status::CryptoError;
    }
    impl_ = std::move(impl);
    return Status::Ok;
}

bool Mac::is_open() const { return impl_ != nullptr; }

MacAlgo Mac::algo() const { return impl_ ? impl_->algo : MacAlgo::None; }

size_t Mac::size() const { return impl_ ? mac_output_size(impl_->algo) : 0; }

bool Mac::begin() {
    if (!impl_) return false;
    if (impl_->algo == MacAlgo::AesXcbc) {
        impl_->xcbc_begin();
        return true;
    }
    // GCRYCTL_RESET keeps the key (HMAC inner/outer state, CMAC subkeys).
    return gcry_mac_reset(impl_->mac.get()) == 0;
}

bool Mac::update(ByteView data) {
    if (!impl_) return false;
    if (data.size == 0) return true;
    if (impl_->algo == MacAlgo::AesXcbc) return impl_->xcbc_update(data.data, data.size);
    return gcry_mac_write(impl_->mac.get(), data.data, data.size) == 0;
}

bool Mac::finish(uint8_t* out, size_t out_len) {
    if (!impl_ || out_len > size()) return false;
    uint8_t full[64];
    size_t full_len = sizeof full;
    bool ok;
    if (impl_->algo == MacAlgo::AesXcbc) {
        ok = impl_->xcbc_finish(full);
        full_len = kAesBlock;
    } else {
        ok = gcry_mac_read(impl_->mac.get(), full, &full_len) == 0 && full_len == size();
    }
    if (ok) std::memcpy(out, full, out_len);
    std::memset(full, 0, sizeof full);
    return ok;
}

bool Mac::compute(ByteView data, uint8_t* out, size_t out_len) {
    return begin() && update(data) && finish(out, out_len);
}

}  // namespace ikev2::crypto
