// Helpers shared by the ESP unit tests: an ESP packet builder that encrypts and protects
// with libgcrypt directly (its own nonce, counter-block, AAD and ICV construction, written
// from RFC 4303, 3602, 3686, 4106, 4309, 4543, 7634, 8750, not from esp_cipher.cpp), a small
// deterministic random generator and IPv4 / IPv6 / UDP inner packets. Built on
// ../crypto/crypto_test.hpp (Bytes, hex, EXPECT_BYTES, EXPECT_STATUS).
#pragma once

#include <cstdint>
#include <cstring>
#include <vector>

#include "../crypto/crypto_test.hpp"
#include "../crypto/mac_reference.hpp"

#include <gcrypt.h>

#include "crypto/algorithms.hpp"

namespace esp_test {

using crypto_test::Bytes;
using ikev2::crypto::CipherKind;
using ikev2::crypto::CipherMode;
using ikev2::crypto::EncrAlgorithm;
using ikev2::crypto::IntegAlgorithm;
using ikev2::crypto::MacAlgo;

using crypto_test::check;
using crypto_test::mac_ref;
using crypto_test::xcbc_ref;

// xorshift64*: reproducible test data, independent of the C library's rand().
struct Rng {
    uint64_t s;
    explicit Rng(uint64_t seed) : s(seed ? seed : 1) {}
    uint64_t next() {
        s ^= s >> 12;
        s ^= s << 25;
        s ^= s >> 27;
        return s * 2685821657736338717ULL;
    }
    uint8_t byte() { return static_cast<uint8_t>(next() >> 56); }
    Bytes bytes(size_t n) {
        Bytes b;
        for (size_t i = 0; i < n; i++) b.u8(byte());
        return b;
    }
};

inline Bytes pattern(size_t n, unsigned seed) {
    Bytes b;
    for (size_t i = 0; i < n; i++) b.u8((seed + i * 7 + (i >> 3)) & 0xff);
    return b;
}

// ---- Inner packets --------------------------------------------------------------------

// IPv4 header (RFC 791) with `payload` after it; protocol 17 by default.
inline Bytes ipv4_packet(const Bytes& payload, uint8_t proto = 17) {
    Bytes p;
    p.u8(0x45).u8(0).u16(static_cast<unsigned>(20 + payload.size())).u16(0x1234).u16(0x4000);
    p.u8(64).u8(proto).u16(0).raw({192, 0, 2, 1}).raw({198, 51, 100, 7});
    return p.add(payload);
}

// IPv6 header (RFC 8200) with `payload` after it.
inline Bytes ipv6_packet(const Bytes& payload, uint8_t next = 17) {
    Bytes p;
    p.u32(0x60000000).u16(static_cast<unsigned>(payload.size())).u8(next).u8(64);
    p.hex("20010db8000000000000000000000001").hex("20010db8000000000000000000000002");
    return p.add(payload);
}

// UDP datagram (RFC 768) carrying `data`.
inline Bytes udp_datagram(const Bytes& data) {
    Bytes u;
    u.u16(5000).u16(53).u16(static_cast<unsigned>(8 + data.size())).u16(0);
    return u.add(data);
}

// ---- The independent reference --------------------------------------------------------

using crypto_test::gcry_cipher_for;
using crypto_test::gcry_mode_for;

// One SA's algorithms and keys (encr_key includes the salt).
struct Suite {
    const EncrAlgorithm* encr = nullptr;
    const IntegAlgorithm* integ = nullptr;
    Bytes encr_key, integ_key;
    bool esn = false;
    size_t icv_size() const { return encr->aead ? encr->icv_size : integ->icv_size; }
};

inline Suite make_suite(uint16_t encr_id, uint16_t bits, uint16_t integ_id, bool esn = false,
                        unsigned seed = 1) {
    Suite s;
    s.encr = ikev2::crypto::find_encr(encr_id, bits);
    s.integ = ikev2::crypto::find_integ(integ_id);
    assert_non_null(s.encr);
    assert_non_null(s.integ);
    s.encr_key = pattern(s.encr->key_material(), seed);
    s.integ_key = pattern(s.integ->key_size, seed + 100);
    s.esn = esn;
    return s;
}

struct BuildOptions {
    int force_pad_length = -1;  // >= 0: write this Pad Length octet (BadPadding)
    bool odd_padding = false;   // padding octets that are not 1, 2, 3, ... (RFC 4303 2.4)
    size_t extra_pad = 0;       // padding beyond the minimum, in alignment units
    unsigned iv_seed = 7;
};

struct Built {
    Bytes packet;  // SPI .. ICV
    Bytes plain;   // Payload | Padding | Pad Length | Next Header
    size_t pad_length = 0;
};

// An ESP packet (RFC 4303 2) carrying `payload` with Next Header `nh`, sequence number
// `seq` (its low half is sent; the high half counts only with ESN).
inline Built build_esp(const Suite& s, uint32_t spi, uint64_t seq, const Bytes& payload,
                       uint8_t nh, const BuildOptions& o = BuildOptions()) {
    const EncrAlgorithm& e = *s.encr;
    // RFC 4303 2.4: the cipher's block size, and at least 4-octet alignment of the trailer.
    const size_t align = e.block_size > 4 ? e.block_size : 4;
    const size_t pad = (align - (payload.size() + 2) % align) % align + o.extra_pad * align;
    Built b;
    b.pad_length = pad;
    b.plain = payload;
    for (size_t i = 0; i < pad; i++) b.plain.u8(o.odd_padding ? 0xee : static_cast<unsigned>(i + 1));
    b.plain.u8(o.force_pad_length >= 0 ? static_cast<unsigned>(o.force_pad_length)
                                       : static_cast<unsigned>(pad));
    b.plain.u8(nh);

    const uint32_t lo = static_cast<uint32_t>(seq), hi = static_cast<uint32_t>(seq >> 32);
    Bytes& p = b.packet;
    p.u32(spi).u32(lo);
    // RFC 8750 3: an implicit IV is not sent; it is the 64-bit sequence number, the high
    // half zero without ESN.
    Bytes iv = pattern(e.iv_size, o.iv_seed);
    p.add(iv);
    if (e.implicit_iv) iv.u32(s.esn ? hi : 0).u32(lo);
    // AEAD associated data: SPI | SN, or SPI | ESN high | ESN low (RFC 4106 5, 4309 5, 7634 2.1).
    Bytes aad;
    aad.u32(spi);
    if (s.esn) aad.u32(hi);
    aad.u32(lo);

    std::vector<uint8_t> ct(b.plain.size());
    Bytes tag;
    if (e.mode == CipherMode::None) {
        std::memcpy(ct.data(), b.plain.data(), b.plain.size());
    } else {
        gcry_cipher_hd_t h;
        check(gcry_cipher_open(&h, gcry_cipher_for(e), gcry_mode_for(e.mode), 0));
        check(gcry_cipher_setkey(h, s.encr_key.data(), e.key_size));
        const uint8_t* salt = s.encr_key.data() + e.key_size;
        if (e.mode == CipherMode::Cbc) {
            check(gcry_cipher_setiv(h, iv.data(), iv.size()));
        } else if (e.mode == CipherMode::Ctr) {
            uint8_t ctr[16] = {};  // RFC 3686 4: nonce | IV | 00000001
            std::memcpy(ctr, salt, 4);
            std::memcpy(ctr + 4, iv.data(), 8);
            ctr[15] = 1;
            check(gcry_cipher_setctr(h, ctr, 16));
        } else {
            uint8_t nonce[16];
            std::memcpy(nonce, salt, e.salt_size);
            std::memcpy(nonce + e.salt_size, iv.data(), iv.size());
            check(gcry_cipher_setiv(h, nonce, e.salt_size + iv.size()));
            if (e.mode == CipherMode::Ccm) {
                uint64_t l[3] = {b.plain.size(), aad.size(), e.icv_size};
                check(gcry_cipher_ctl(h, GCRYCTL_SET_CCM_LENGTHS, l, sizeof l));
            }
            if (e.mode == CipherMode::Gmac) {
                // RFC 4543 3.3: AAD = SPI | (E)SN | IV | Payload .. Next Header, nothing
                // encrypted; the "ciphertext" is the plaintext.
                Bytes all(aad);
                all.add(iv).add(b.plain);
                check(gcry_cipher_authenticate(h, all.data(), all.size()));
            } else {
                check(gcry_cipher_authenticate(h, aad.data(), aad.size()));
            }
        }
        if (e.mode == CipherMode::Gmac) {
            std::memcpy(ct.data(), b.plain.data(), b.plain.size());
        } else {
            check(gcry_cipher_encrypt(h, ct.data(), ct.size(), b.plain.data(), b.plain.size()));
        }
        if (e.aead) {
            uint8_t t[16];
            check(gcry_cipher_gettag(h, t, e.icv_size));
            tag.raw(t, e.icv_size);
        }
        gcry_cipher_close(h);
    }
    p.raw(ct.data(), ct.size());
    if (e.aead) {
        p.add(tag);
    } else if (s.integ->mac != MacAlgo::None) {
        // RFC 4303 2.8 / 3.3.2.1: ICV over SPI .. Next Header, then the ESN high half
        // (not sent) when ESN is on.
        Bytes in(p);
        if (s.esn) in.u32(hi);
        Bytes full = mac_ref(s.integ->mac, s.integ_key, in.data(), in.size());
        p.raw(full.data(), s.integ->icv_size);
    }
    return b;
}

}  // namespace esp_test
