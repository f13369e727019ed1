#include "gcry.hpp"

namespace ikev2::crypto::detail {

bool gcrypt_ready() {
    // A function-local static: initialised once, thread-safe (C++11).
    static const bool ready = gcry_check_version(nullptr) != nullptr;
    return ready;
}

bool equal_ct(const uint8_t* a, const uint8_t* b, size_t n) {
    volatile uint8_t diff = 0;
    for (size_t i = 0; i < n; i++) diff = static_cast<uint8_t>(diff | (a[i] ^ b[i]));
    return diff == 0;
}

bool CipherHandle::open(int algo, int mode, const uint8_t* key, size_t key_len) {
    reset();
    if (!gcrypt_ready()) return false;
    gcry_cipher_hd_t h = nullptr;
    if (gcry_cipher_open(&h, algo, mode, 0) != 0) return false;
    // A dissector decrypts whatever key the peers derived: a weak DES key, a 3DES key with
    // a weak DES part or a Blowfish key libgcrypt calls weak (repeated S-box entries) is
    // used as it is rather than refused (libgcrypt still reports WEAK_KEY). The other
    // ciphers have no weak keys, so the switch is set for every handle.
    gcry_cipher_ctl(h, GCRYCTL_SET_ALLOW_WEAK_KEY, nullptr, 1);
    if (key_len > 0) {
        gcry_error_t err = gcry_cipher_setkey(h, key, key_len);
        if (err != 0 && gcry_err_code(err) != GPG_ERR_WEAK_KEY) {
            gcry_cipher_close(h);
            return false;
        }
    }
    h_ = h;
    return true;
}

bool MacHandle::open(int algo, const uint8_t* key, size_t key_len) {
    reset();
    if (!gcrypt_ready()) return false;
    gcry_mac_hd_t h = nullptr;
    if (gcry_mac_open(&h, algo, 0, nullptr) != 0) return false;
    if (gcry_mac_setkey(h, key, key_len) != 0) {
        gcry_mac_close(h);
        return false;
    }
    h_ = h;
    return true;
}

}  // namespace ikev2::crypto::detail
