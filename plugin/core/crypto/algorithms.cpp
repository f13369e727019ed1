// The ENCR / INTEG / PRF tables. Sizes come from the RFC named beside each row; the
// salt sizes are those of the nonce construction each RFC defines for IPsec and IKEv2.
#include "algorithms.hpp"

namespace ikev2::crypto {

namespace {

constexpr CipherKind kAes = CipherKind::Aes;
constexpr CipherKind kCam = CipherKind::Camellia;
constexpr CipherKind kBf = CipherKind::Blowfish;
constexpr CipherKind kTf = CipherKind::Twofish;

}  // namespace

// clang-format off
const EncrAlgorithm kEncrAlgorithms[] = {
    // id  bits  name                        cipher                  mode               aead  sk    key salt iv blk icv iiv
    // RFC 2405: DES-CBC, 64-bit key (parity bits included), 8-octet IV and block.
    {2,    0,   "ENCR_DES",                   CipherKind::Des,       CipherMode::Cbc,      false, true, 8,  0, 8,  8,  0},
    // RFC 2451: 3DES-CBC, 192-bit key (parity bits included), 8-octet IV and block.
    {3,    0,   "ENCR_3DES",                  CipherKind::TripleDes, CipherMode::Cbc,      false, true, 24, 0, 8,  8,  0},
    // RFC 2144 / RFC 2451: CAST-128 (CAST5) in CBC, 8-octet IV and block. Only the
    // 128-bit key, the one Wireshark, libreswan and strongSwan use.
    {6,    128, "ENCR_CAST",                  CipherKind::Cast5,     CipherMode::Cbc,      false, true, 16, 0, 8,  8,  0},
    // RFC 2451: Blowfish-CBC, 8-octet IV and block; variable key, here 128, 192, 256.
    {7,    128, "ENCR_BLOWFISH",              kBf,                   CipherMode::Cbc,      false, true, 16, 0, 8,  8,  0},
    {7,    192, "ENCR_BLOWFISH",              kBf,                   CipherMode::Cbc,      false, true, 24, 0, 8,  8,  0},
    {7,    256, "ENCR_BLOWFISH",              kBf,                   CipherMode::Cbc,      false, true, 32, 0, 8,  8,  0},
    // RFC 2410 / RFC 7296 3.14: no encryption, no IV; integrity still required.
    {11,   0,   "ENCR_NULL",                  CipherKind::Null,      CipherMode::None,     false, true, 0,  0, 0,  1,  0},
    // RFC 3602: AES-CBC, 16-octet IV and block; the Key Length attribute is mandatory.
    {12,   128, "ENCR_AES_CBC",               kAes,                  CipherMode::Cbc,      false, true, 16, 0, 16, 16, 0},
    {12,   192, "ENCR_AES_CBC",               kAes,                  CipherMode::Cbc,      false, true, 24, 0, 16, 16, 0},
    {12,   256, "ENCR_AES_CBC",               kAes,                  CipherMode::Cbc,      false, true, 32, 0, 16, 16, 0},
    // RFC 3686 / RFC 5930: AES-CTR, SK_e = key | 4-octet nonce, 8-octet IV.
    {13,   128, "ENCR_AES_CTR",               kAes,                  CipherMode::Ctr,      false, true, 16, 4, 8,  1,  0},
    {13,   192, "ENCR_AES_CTR",               kAes,                  CipherMode::Ctr,      false, true, 24, 4, 8,  1,  0},
    {13,   256, "ENCR_AES_CTR",               kAes,                  CipherMode::Ctr,      false, true, 32, 4, 8,  1,  0},
    // RFC 4309 / RFC 5282: AES-CCM, SK_e = key | 3-octet salt, 8-octet IV, ICV 8/12/16.
    {14,   128, "ENCR_AES_CCM_8",             kAes,                  CipherMode::Ccm,      true,  true, 16, 3, 8,  1,  8},
    {14,   192, "ENCR_AES_CCM_8",             kAes,                  CipherMode::Ccm,      true,  true, 24, 3, 8,  1,  8},
    {14,   256, "ENCR_AES_CCM_8",             kAes,                  CipherMode::Ccm,      true,  true, 32, 3, 8,  1,  8},
    {15,   128, "ENCR_AES_CCM_12",            kAes,                  CipherMode::Ccm,      true,  true, 16, 3, 8,  1,  12},
    {15,   192, "ENCR_AES_CCM_12",            kAes,                  CipherMode::Ccm,      true,  true, 24, 3, 8,  1,  12},
    {15,   256, "ENCR_AES_CCM_12",            kAes,                  CipherMode::Ccm,      true,  true, 32, 3, 8,  1,  12},
    {16,   128, "ENCR_AES_CCM_16",            kAes,                  CipherMode::Ccm,      true,  true, 16, 3, 8,  1,  16},
    {16,   192, "ENCR_AES_CCM_16",            kAes,                  CipherMode::Ccm,      true,  true, 24, 3, 8,  1,  16},
    {16,   256, "ENCR_AES_CCM_16",            kAes,                  CipherMode::Ccm,      true,  true, 32, 3, 8,  1,  16},
    // RFC 4106 / RFC 5282: AES-GCM, SK_e = key | 4-octet salt, 8-octet IV, ICV 8/12/16.
    {18,   128, "ENCR_AES_GCM_8",             kAes,                  CipherMode::Gcm,      true,  true, 16, 4, 8,  1,  8},
    {18,   192, "ENCR_AES_GCM_8",             kAes,                  CipherMode::Gcm,      true,  true, 24, 4, 8,  1,  8},
    {18,   256, "ENCR_AES_GCM_8",             kAes,                  CipherMode::Gcm,      true,  true, 32, 4, 8,  1,  8},
    {19,   128, "ENCR_AES_GCM_12",            kAes,                  CipherMode::Gcm,      true,  true, 16, 4, 8,  1,  12},
    {19,   192, "ENCR_AES_GCM_12",            kAes,                  CipherMode::Gcm,      true,  true, 24, 4, 8,  1,  12},
    {19,   256, "ENCR_AES_GCM_12",            kAes,                  CipherMode::Gcm,      true,  true, 32, 4, 8,  1,  12},
    {20,   128, "ENCR_AES_GCM_16",            kAes,                  CipherMode::Gcm,      true,  true, 16, 4, 8,  1,  16},
    {20,   192, "ENCR_AES_GCM_16",            kAes,                  CipherMode::Gcm,      true,  true, 24, 4, 8,  1,  16},
    {20,   256, "ENCR_AES_GCM_16",            kAes,                  CipherMode::Gcm,      true,  true, 32, 4, 8,  1,  16},
    // RFC 4543: AES-GMAC, key | 4-octet salt, 8-octet IV, 16-octet ICV. ESP only.
    {21,   128, "ENCR_NULL_AUTH_AES_GMAC",    kAes,                  CipherMode::Gmac,     true,  false, 16, 4, 8, 1,  16},
    {21,   192, "ENCR_NULL_AUTH_AES_GMAC",    kAes,                  CipherMode::Gmac,     true,  false, 24, 4, 8, 1,  16},
    {21,   256, "ENCR_NULL_AUTH_AES_GMAC",    kAes,                  CipherMode::Gmac,     true,  false, 32, 4, 8, 1,  16},
    // RFC 5529: Camellia-CBC, as AES-CBC (16-octet IV and block, Key Length mandatory).
    {23,   128, "ENCR_CAMELLIA_CBC",          kCam,                  CipherMode::Cbc,      false, true, 16, 0, 16, 16, 0},
    {23,   192, "ENCR_CAMELLIA_CBC",          kCam,                  CipherMode::Cbc,      false, true, 24, 0, 16, 16, 0},
    {23,   256, "ENCR_CAMELLIA_CBC",          kCam,                  CipherMode::Cbc,      false, true, 32, 0, 16, 16, 0},
    // RFC 7634: ChaCha20-Poly1305, SK_e = 32-octet key | 4-octet salt, 8-octet IV,
    // 16-octet tag; no Key Length attribute.
    {28,   0,   "ENCR_CHACHA20_POLY1305",     CipherKind::ChaCha20,  CipherMode::Poly1305, true,  true, 32, 4, 8,  1,  16},
    // RFC 8750: the same two with an implicit IV, for ESP only (no SK construction): no IV
    // on the wire, the nonce is salt | 64-bit sequence number; keys as RFC 4106 / 7634.
    {30,   128, "ENCR_AES_GCM_16_IIV",        kAes,                  CipherMode::Gcm,      true,  false, 16, 4, 0, 1, 16, true},
    {30,   192, "ENCR_AES_GCM_16_IIV",        kAes,                  CipherMode::Gcm,      true,  false, 24, 4, 0, 1, 16, true},
    {30,   256, "ENCR_AES_GCM_16_IIV",        kAes,                  CipherMode::Gcm,      true,  false, 32, 4, 0, 1, 16, true},
    {31,   0,   "ENCR_CHACHA20_POLY1305_IIV", CipherKind::ChaCha20,  CipherMode::Poly1305, true,  false, 32, 4, 0, 1, 16, true},
    // Twofish-CBC, strongSwan's private-use ENCR_TWOFISH_CBC: 16-octet IV and block, as
    // AES-CBC; 128- and 256-bit keys (libgcrypt has no 192-bit Twofish).
    {1027, 128, "ENCR_TWOFISH_CBC",           kTf,                   CipherMode::Cbc,      false, true, 16, 0, 16, 16, 0},
    {1027, 256, "ENCR_TWOFISH_CBC",           kTf,                   CipherMode::Cbc,      false, true, 32, 0, 16, 16, 0},
};
const size_t kEncrAlgorithmCount = sizeof kEncrAlgorithms / sizeof kEncrAlgorithms[0];

const IntegAlgorithm kIntegAlgorithms[] = {
    // id  name                       mac                  key icv
    {0,  "NONE",                     MacAlgo::None,        0,  0},   // AEAD ciphers (RFC 5282 8)
    {1,  "AUTH_HMAC_MD5_96",         MacAlgo::HmacMd5,     16, 12},  // RFC 2403
    {2,  "AUTH_HMAC_SHA1_96",        MacAlgo::HmacSha1,    20, 12},  // RFC 2404
    {5,  "AUTH_AES_XCBC_96",         MacAlgo::AesXcbc,     16, 12},  // RFC 3566
    {6,  "AUTH_HMAC_MD5_128",        MacAlgo::HmacMd5,     16, 16},  // RFC 4595 (untruncated)
    {7,  "AUTH_HMAC_SHA1_160",       MacAlgo::HmacSha1,    20, 20},  // RFC 4595 (untruncated)
    {8,  "AUTH_AES_CMAC_96",         MacAlgo::AesCmac,     16, 12},  // RFC 4494
    {12, "AUTH_HMAC_SHA2_256_128",   MacAlgo::HmacSha256,  32, 16},  // RFC 4868
    {13, "AUTH_HMAC_SHA2_384_192",   MacAlgo::HmacSha384,  48, 24},  // RFC 4868
    {14, "AUTH_HMAC_SHA2_512_256",   MacAlgo::HmacSha512,  64, 32},  // RFC 4868
    // draft-ietf-ipsec-ciph-sha-256-00: HMAC-SHA-256 truncated to 96 bits (what Linux's
    // "hmac(sha256)" gives by default); strongSwan's private-use number.
    {1026, "AUTH_HMAC_SHA2_256_96",  MacAlgo::HmacSha256,  32, 12},
    // RFC 2857, ESP only; the plugin's private-use number (algorithms.hpp).
    {0xff00, "AUTH_HMAC_RIPEMD_160_96", MacAlgo::HmacRipemd160, 20, 12},
};
const size_t kIntegAlgorithmCount = sizeof kIntegAlgorithms / sizeof kIntegAlgorithms[0];

const PrfAlgorithm kPrfAlgorithms[] = {
    // id name                  mac                  key out
    {1, "PRF_HMAC_MD5",         MacAlgo::HmacMd5,    16, 16},  // RFC 2104
    {2, "PRF_HMAC_SHA1",        MacAlgo::HmacSha1,   20, 20},  // RFC 2104
    {4, "PRF_AES128_XCBC",      MacAlgo::AesXcbc,    16, 16},  // RFC 4434
    {5, "PRF_HMAC_SHA2_256",    MacAlgo::HmacSha256, 32, 32},  // RFC 4868
    {6, "PRF_HMAC_SHA2_384",    MacAlgo::HmacSha384, 48, 48},  // RFC 4868
    {7, "PRF_HMAC_SHA2_512",    MacAlgo::HmacSha512, 64, 64},  // RFC 4868
    {8, "PRF_AES128_CMAC",      MacAlgo::AesCmac,    16, 16},  // RFC 4615
};
const size_t kPrfAlgorithmCount = sizeof kPrfAlgorithms / sizeof kPrfAlgorithms[0];
// clang-format on

const EncrAlgorithm* find_encr(uint16_t id, uint16_t key_bits) {
    for (size_t i = 0; i < kEncrAlgorithmCount; i++) {
        const EncrAlgorithm& a = kEncrAlgorithms[i];
        if (a.id != id) continue;
        if (a.key_bits == key_bits) return &a;
        // Fixed-size ciphers: a Key Length equal to their one size is harmless.
        if (a.key_bits == 0 && key_bits == a.key_size * 8u) return &a;
    }
    return nullptr;
}

bool encr_id_known(uint16_t id) {
    for (size_t i = 0; i < kEncrAlgorithmCount; i++)
        if (kEncrAlgorithms[i].id == id) return true;
    return false;
}

const IntegAlgorithm* find_integ(uint16_t id) {
    for (size_t i = 0; i < kIntegAlgorithmCount; i++)
        if (kIntegAlgorithms[i].id == id) return &kIntegAlgorithms[i];
    return nullptr;
}

const PrfAlgorithm* find_prf(uint16_t id) {
    for (size_t i = 0; i < kPrfAlgorithmCount; i++)
        if (kPrfAlgorithms[i].id == id) return &kPrfAlgorithms[i];
    return nullptr;
}

size_t mac_output_size(MacAlgo mac) {
    switch (mac) {
    case MacAlgo::None: return 0;
    case MacAlgo::HmacMd5: return 16;
    case MacAlgo::HmacSha1: return 20;
    case MacAlgo::HmacSha256: return 32;
    case MacAlgo::HmacSha384: return 48;
    case MacAlgo::HmacSha512: return 64;
    case MacAlgo::AesXcbc: return 16;
    case MacAlgo::AesCmac: return 16;
    case MacAlgo::HmacRipemd160: return 20;
    }
    return 0;
}

}  // namespace ikev2::crypto
