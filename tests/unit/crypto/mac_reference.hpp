// Reference crypto for the tests, with libgcrypt directly and independently of core/crypto:
// the libgcrypt cipher and mode of an ENCR transform, and MACs: HMAC and AES-CMAC through gcry_mac, AES-XCBC-MAC (RFC 3566 4),
// which libgcrypt lacks, over AES-ECB. Shared by the SK and ESP tests.
#pragma once

#include <gcrypt.h>

#include <cstring>

#include "crypto/algorithms.hpp"
#include "crypto_test.hpp"

namespace crypto_test {

using ikev2::crypto::CipherKind;
using ikev2::crypto::CipherMode;
using ikev2::crypto::EncrAlgorithm;
using ikev2::crypto::MacAlgo;

inline void check(gcry_error_t err) {
    if (err) fail_msg("libgcrypt: %s", gcry_strerror(err));
}

inline int gcry_cipher_for(const EncrAlgorithm& e) {
    switch (e.cipher) {
    case CipherKind::Aes:
        return e.key_size == 16 ? GCRY_CIPHER_AES128
               : e.key_size == 24 ? GCRY_CIPHER_AES192 : GCRY_CIPHER_AES256;
    case CipherKind::Camellia:
        return e.key_size == 16 ? GCRY_CIPHER_CAMELLIA128
               : e.key_size == 24 ? GCRY_CIPHER_CAMELLIA192 : GCRY_CIPHER_CAMELLIA256;
    case CipherKind::Twofish:
        return e.key_size == 16 ? GCRY_CIPHER_TWOFISH128 : GCRY_CIPHER_TWOFISH;
    case CipherKind::TripleDes: return GCRY_CIPHER_3DES;
    case CipherKind::Des: return GCRY_CIPHER_DES;
    case CipherKind::Cast5: return GCRY_CIPHER_CAST5;
    case CipherKind::Blowfish: return GCRY_CIPHER_BLOWFISH;
    case CipherKind::ChaCha20: return GCRY_CIPHER_CHACHA20;
    case CipherKind::Null: break;
    }
    return 0;
}

inline int gcry_mode_for(CipherMode m) {
    switch (m) {
    case CipherMode::Cbc: return GCRY_CIPHER_MODE_CBC;
    case CipherMode::Ctr: return GCRY_CIPHER_MODE_CTR;
    case CipherMode::Gcm:
    case CipherMode::Gmac: return GCRY_CIPHER_MODE_GCM;
    case CipherMode::Ccm: return GCRY_CIPHER_MODE_CCM;
    case CipherMode::Poly1305: return GCRY_CIPHER_MODE_POLY1305;
    case CipherMode::None: break;
    }
    return 0;
}

// AES-XCBC-MAC-96 (RFC 3566 4) over AES-ECB: libgcrypt has no XCBC MAC.
inline Bytes xcbc_ref(const Bytes& key, const uint8_t* data, size_t len) {
    gcry_cipher_hd_t k, k1;
    check(gcry_cipher_open(&k, GCRY_CIPHER_AES128, GCRY_CIPHER_MODE_ECB, 0));
    check(gcry_cipher_setkey(k, key.data(), 16));
    uint8_t kk[3][16];
    for (int i = 0; i < 3; i++) {
        std::memset(kk[i], i + 1, 16);  // K1 = E(K, 0x01..), K2 = E(K, 0x02..), K3 = E(K, 0x03..)
        check(gcry_cipher_encrypt(k, kk[i], 16, nullptr, 0));
    }
    check(gcry_cipher_open(&k1, GCRY_CIPHER_AES128, GCRY_CIPHER_MODE_ECB, 0));
    check(gcry_cipher_setkey(k1, kk[0], 16));
    uint8_t e[16] = {};
    const size_t n = len == 0 ? 1 : (len + 15) / 16;
    for (size_t b = 0; b < n; b++) {
        uint8_t m[16] = {};
        const size_t take = len - b * 16 < 16 ? len - b * 16 : 16;
        if (len) std::memcpy(m, data + b * 16, take);
        if (b == n - 1) {
            if (len && take == 16) {
                for (int i = 0; i < 16; i++) m[i] ^= kk[1][i];
            } else {
                m[len ? take : 0] = 0x80;
                for (int i = 0; i < 16; i++) m[i] ^= kk[2][i];
            }
        }
        for (int i = 0; i < 16; i++) e[i] ^= m[i];
        check(gcry_cipher_encrypt(k1, e, 16, nullptr, 0));
    }
    gcry_cipher_close(k);
    gcry_cipher_close(k1);
    Bytes out;
    out.raw(e, 16);
    return out;
}

// The full (untruncated) MAC of `data`.
inline Bytes mac_ref(MacAlgo mac, const Bytes& key, const uint8_t* data, size_t len) {
    if (mac == MacAlgo::AesXcbc) return xcbc_ref(key, data, len);
    int algo = 0;
    switch (mac) {
    case MacAlgo::HmacMd5: algo = GCRY_MAC_HMAC_MD5; break;
    case MacAlgo::HmacSha1: algo = GCRY_MAC_HMAC_SHA1; break;
    case MacAlgo::HmacSha256: algo = GCRY_MAC_HMAC_SHA256; break;
    case MacAlgo::HmacSha384: algo = GCRY_MAC_HMAC_SHA384; break;
    case MacAlgo::HmacSha512: algo = GCRY_MAC_HMAC_SHA512; break;
    case MacAlgo::HmacRipemd160: algo = GCRY_MAC_HMAC_RMD160; break;
    case MacAlgo::AesCmac: algo = GCRY_MAC_CMAC_AES; break;
    default: fail_msg("no MAC");
    }
    gcry_mac_hd_t h;
    check(gcry_mac_open(&h, algo, 0, nullptr));
    check(gcry_mac_setkey(h, key.data(), key.size()));
    check(gcry_mac_write(h, data, len));
    uint8_t out[64];
    size_t out_len = sizeof out;
    check(gcry_mac_read(h, out, &out_len));
    gcry_mac_close(h);
    Bytes r;
    r.raw(out, out_len);
    return r;
}

}  // namespace crypto_test
