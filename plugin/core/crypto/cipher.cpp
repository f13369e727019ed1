// EncrCipher over libgcrypt: CBC (AES, DES, 3DES, CAST5, Blowfish, Camellia, Twofish),
// AES-CTR, AES-GCM, AES-CCM and ChaCha20-Poly1305, each with one handle opened and keyed
// in open() and only reset and given a new IV / nonce per message.
#include "cipher.hpp"

#include <algorithm>
#include <cstring>

#include "gcry.hpp"

namespace ikev2::crypto {

namespace {

int gcry_algo(const EncrAlgorithm& a) {
    switch (a.cipher) {
    case CipherKind::Aes:
        return a.key_size == 16   ? GCRY_CIPHER_AES128
               : a.key_size == 24 ? GCRY_CIPHER_AES192
               : a.key_size == 32 ? GCRY_CIPHER_AES256
                                  : 0;
    case CipherKind::Camellia:
        return a.key_size == 16   ? GCRY_CIPHER_CAMELLIA128
               : a.key_size == 24 ? GCRY_CIPHER_CAMELLIA192
               : a.key_size == 32 ? GCRY_CIPHER_CAMELLIA256
                                  : 0;
    case CipherKind::Twofish:
        return a.key_size == 16   ? GCRY_CIPHER_TWOFISH128
               : a.key_size == 32 ? GCRY_CIPHER_TWOFISH
                                  : 0;
    case CipherKind::TripleDes: return GCRY_CIPHER_3DES;
    case CipherKind::Des: return GCRY_CIPHER_DES;
    case CipherKind::Cast5: return GCRY_CIPHER_CAST5;
    // Variable key length: libgcrypt takes the key's own length.
    case CipherKind::Blowfish: return GCRY_CIPHER_BLOWFISH;
    case CipherKind::ChaCha20: return GCRY_CIPHER_CHACHA20;
    case CipherKind::Null: break;
    }
    return 0;
}

int gcry_mode(CipherMode m) {
    switch (m) {
    case CipherMode::Cbc: return GCRY_CIPHER_MODE_CBC;
    case CipherMode::Ctr: return GCRY_CIPHER_MODE_CTR;
    case CipherMode::Gcm: return GCRY_CIPHER_MODE_GCM;
    case CipherMode::Ccm: return GCRY_CIPHER_MODE_CCM;
    case CipherMode::Poly1305: return GCRY_CIPHER_MODE_POLY1305;
    case CipherMode::Gmac: return GCRY_CIPHER_MODE_GCM;  // GCM with nothing to encrypt
    case CipherMode::None: break;
    }
    return 0;
}

constexpr size_t kMaxSalt = 4;
constexpr size_t kMaxNonce = 16;

}  // namespace

struct EncrCipher::Impl {
    const EncrAlgorithm* alg = nullptr;
    detail::CipherHandle h;
    uint8_t salt[kMaxSalt] = {};

    ~Impl() {
        volatile uint8_t* p = salt;
        for (size_t i = 0; i < kMaxSalt; i++) p[i] = 0;
    }

    Status aead_decrypt(ByteView nonce, ByteView aad, ByteView ct, ByteView tag, uint8_t* out);
};

EncrCipher::EncrCipher() = default;
EncrCipher::~EncrCipher() = default;
EncrCipher::EncrCipher(EncrCipher&&) noexcept = default;
EncrCipher& EncrCipher::operator=(EncrCipher&&) noexcept = default;

const EncrAlgorithm* EncrCipher::algorithm() const { return impl_ ? impl_->alg : nullptr; }

Status EncrCipher::open(const EncrAlgorithm& alg, ByteView key_material) {
    impl_.reset();
    if (alg.salt_size > kMaxSalt) return Status::UnsupportedAlgorithm;
    if (key_material.size != alg.key_material()) return Status::BadKeyLength;
    auto impl = std::make_unique<Impl>();
    impl->alg = &alg;
    if (alg.salt_size) std::memcpy(impl->salt, key_material.data + alg.key_size, alg.salt_size);
    if (alg.mode != CipherMode::None) {
        int algo = gcry_algo(alg), mode = gcry_mode(alg.mode);
        if (!algo || !mode) return Status::UnsupportedAlgorithm;
        if (!impl->h.open(algo, mode, key_material.data, alg.key_size))
            return Status::CryptoError;
    }
    impl_ = std::move(impl);
    return Status::Ok;
}

Status EncrCipher::Impl::aead_decrypt(ByteView nonce, ByteView aad, ByteView ct, ByteView tag,
                                      uint8_t* out) {
    gcry_cipher_hd_t c = h.get();
    if (gcry_cipher_setiv(c, nonce.data, nonce.size) != 0) return Status::CryptoError;
    if (alg->mode == CipherMode::Ccm) {
        // libgcrypt's CCM needs all three lengths before any data (RFC 3610 2.2 puts
        // them in the first CBC-MAC block).
        uint64_t lengths[3] = {ct.size, aad.size, tag.size};
        if (gcry_cipher_ctl(c, GCRYCTL_SET_CCM_LENGTHS, lengths, sizeof lengths) != 0)
            return Status::CryptoError;
    }
    if (aad.size && gcry_cipher_authenticate(c, aad.data, aad.size) != 0)
        return Status::CryptoError;
    if (ct.size && gcry_cipher_decrypt(c, out, ct.size, ct.data, ct.size) != 0)
        return Status::CryptoError;
    gcry_error_t err = gcry_cipher_checktag(c, tag.data, tag.size);
    if (err == 0) return Status::Ok;
    return gcry_err_code(err) == GPG_ERR_CHECKSUM ? Status::AeadTagMismatch : Status::CryptoError;
}

Status EncrCipher::decrypt(ByteView iv, ByteView aad, ByteView ciphertext, ByteView tag,
                           std::vector<uint8_t>& plain) {
    plain.assign(ciphertext.size, 0);
    Status s = decrypt_into(iv, aad, ciphertext, tag, plain.data());
    if (s != Status::Ok) plain.clear();
    return s;
}

Status EncrCipher::decrypt_into(ByteView iv, ByteView aad, ByteView ciphertext, ByteView tag,
                                uint8_t* out) {
    if (!impl_) return Status::UnsupportedAlgorithm;
    const EncrAlgorithm& a = *impl_->alg;
    if (a.mode == CipherMode::None) {
        if (ciphertext.size) std::memmove(out, ciphertext.data, ciphertext.size);
        return Status::Ok;
    }
    if (a.aead && tag.size != a.icv_size) return Status::BadLength;
    if (a.block_size > 1 && ciphertext.size % a.block_size != 0) return Status::BadLength;
    if (a.mode == CipherMode::Gmac && ciphertext.size) return Status::BadLength;

    gcry_cipher_hd_t c = impl_->h.get();
    if (gcry_cipher_reset(c) != 0) return Status::CryptoError;
    Status s = Status::Ok;
    switch (a.mode) {
    case CipherMode::Cbc:
        if (iv.size != a.block_size) {
            s = Status::BadLength;
        } else if (gcry_cipher_setiv(c, iv.data, iv.size) != 0 ||
                   (ciphertext.size &&
                    gcry_cipher_decrypt(c, out, ciphertext.size, ciphertext.data,
                                        ciphertext.size) != 0)) {
            s = Status::CryptoError;
        }
        break;
    case CipherMode::Ctr: {
        // RFC 3686 4: nonce (the salt from SK_e) | IV | block counter starting at 1.
        if (iv.size != 8 || a.salt_size != 4) {
            s = Status::BadLength;
            break;
        }
        uint8_t ctr[16];
        std::memcpy(ctr, impl_->salt, 4);
        std::memcpy(ctr + 4, iv.data, 8);
        ctr[12] = ctr[13] = ctr[14] = 0;
        ctr[15] = 1;
        if (gcry_cipher_setctr(c, ctr, sizeof ctr) != 0 ||
            (ciphertext.size && gcry_cipher_decrypt(c, out, ciphertext.size, ciphertext.data,
                                                    ciphertext.size) != 0))
            s = Status::CryptoError;
        break;
    }
    case CipherMode::Gcm:
    case CipherMode::Ccm:
    case CipherMode::Gmac:
    case CipherMode::Poly1305: {
        // nonce = salt | IV: RFC 4106 4 and RFC 5282 (GCM, 12 octets), RFC 4543 3.1 (GMAC),
        // RFC 4309 4 (CCM, 11 octets), RFC 7634 (ChaCha20-Poly1305, 12 octets).
        size_t nonce_len = a.salt_size + iv.size;
        if (nonce_len > kMaxNonce || (a.mode == CipherMode::Poly1305 && nonce_len != 12)) {
            s = Status::BadLength;
            break;
        }
        uint8_t nonce[kMaxNonce];
        std::memcpy(nonce, impl_->salt, a.salt_size);
        if (iv.size) std::memcpy(nonce + a.salt_size, iv.data, iv.size);
        s = impl_->aead_decrypt(ByteView(nonce, nonce_len), aad, ciphertext, tag, out);
        break;
    }
    case CipherMode::None:
        s = Status::UnsupportedAlgorithm;
        break;
    }
    // Never hand out data that failed authentication, nor half-decrypted buffers.
    if (s != Status::Ok && ciphertext.size) std::memset(out, 0, ciphertext.size);
    return s;
}

}  // namespace ikev2::crypto
