// libgcrypt plumbing shared by crypto/*.cpp: one-time library check, owning handles and a
// constant-time compare. Internal to the core's crypto code: the public crypto headers
// do not include <gcrypt.h>.
#pragma once

#include <cstddef>
#include <cstdint>

#include <gcrypt.h>

namespace ikev2::crypto::detail {

// Makes sure libgcrypt is usable. Calls gcry_check_version(NULL) once and nothing else:
// Wireshark initialises libgcrypt itself at start-up, and any further gcry_control()
// (secure memory, INITIALIZATION_FINISHED) could break a host that already did. Keys
// therefore live in ordinary memory, as in Wireshark's own decryption code.
bool gcrypt_ready();

// Compares in time that depends on `n` only, not on where the first difference is.
bool equal_ct(const uint8_t* a, const uint8_t* b, size_t n);

// Owning gcry_cipher_hd_t.
class CipherHandle {
public:
    CipherHandle() = default;
    ~CipherHandle() { reset(); }
    CipherHandle(const CipherHandle&) = delete;
    CipherHandle& operator=(const CipherHandle&) = delete;
    CipherHandle(CipherHandle&& o) noexcept : h_(o.h_) { o.h_ = nullptr; }
    CipherHandle& operator=(CipherHandle&& o) noexcept {
        if (this != &o) {
            reset();
            h_ = o.h_;
            o.h_ = nullptr;
        }
        return *this;
    }
    // Opens algo/mode and sets the key; false (and no handle) on any libgcrypt error.
    bool open(int algo, int mode, const uint8_t* key, size_t key_len);
    gcry_cipher_hd_t get() const { return h_; }
    explicit operator bool() const { return h_ != nullptr; }
    void reset() {
        if (h_) gcry_cipher_close(h_);
        h_ = nullptr;
    }

private:
    gcry_cipher_hd_t h_ = nullptr;
};

// Owning gcry_mac_hd_t.
class MacHandle {
public:
    MacHandle() = default;
    ~MacHandle() { reset(); }
    MacHandle(const MacHandle&) = delete;
    MacHandle& operator=(const MacHandle&) = delete;
    MacHandle(MacHandle&& o) noexcept : h_(o.h_) { o.h_ = nullptr; }
    MacHandle& operator=(MacHandle&& o) noexcept {
        if (this != &o) {
            reset();
            h_ = o.h_;
            o.h_ = nullptr;
        }
        return *this;
    }
    bool open(int algo, const uint8_t* key, size_t key_len);
    gcry_mac_hd_t get() const { return h_; }
    explicit operator bool() const { return h_ != nullptr; }
    void reset() {
        if (h_) gcry_mac_close(h_);
        h_ = nullptr;
    }

private:
    gcry_mac_hd_t h_ = nullptr;
};

}  // namespace ikev2::crypto::detail
