// What the core knows about each IKEv2 ENCR, INTEG and PRF transform: sizes on the wire,
// key material, and which primitive implements it. A description only: no libgcrypt
// here, so the glue can fill its UAT choices and check key lengths from the same table
// that the decryption uses.
//
// Numbers are the IANA "Transform Type 1/2/3" IDs (see iana.hpp for their names), except
// for algorithms Wireshark's key tables name but IANA never numbered: those take a number
// from the private-use range (1024-65535), strongSwan's where it has one (see below).
// Lookups return nullptr for IDs (or key lengths) the core cannot decrypt with.
#pragma once

#include <cstddef>
#include <cstdint>

namespace ikev2::crypto {

// Transform IDs used by the table and the tests.
namespace transform {
constexpr uint16_t kEncrDes = 2, kEncr3Des = 3, kEncrCast = 6, kEncrBlowfish = 7,
                   kEncrNull = 11, kEncrAesCbc = 12, kEncrAesCtr = 13,
                   kEncrAesCcm8 = 14, kEncrAesCcm12 = 15, kEncrAesCcm16 = 16,
                   kEncrAesGcm8 = 18, kEncrAesGcm12 = 19, kEncrAesGcm16 = 20,
                   kEncrNullAuthAesGmac = 21, kEncrCamelliaCbc = 23,
                   kEncrChaCha20Poly1305 = 28, kEncrAesGcm16Iiv = 30,
                   kEncrChaCha20Poly1305Iiv = 31;
// Twofish-CBC has no IANA number: strongSwan's private-use ENCR_TWOFISH_CBC
// (libstrongswan/crypto/crypters/crypter.h), which strongSwan peers negotiate.
constexpr uint16_t kEncrTwofishCbc = 1027;
constexpr uint16_t kIntegNone = 0, kIntegHmacMd5_96 = 1, kIntegHmacSha1_96 = 2,
                   kIntegAesXcbc96 = 5, kIntegHmacMd5_128 = 6, kIntegHmacSha1_160 = 7,
                   kIntegAesCmac96 = 8, kIntegHmacSha2_256_128 = 12,
                   kIntegHmacSha2_384_192 = 13, kIntegHmacSha2_512_256 = 14;
// HMAC-SHA-256-96 (draft-ietf-ipsec-ciph-sha-256-00, the Linux "hmac(sha256)" default):
// strongSwan's private-use AUTH_HMAC_SHA2_256_96 (libstrongswan/crypto/signers/signer.h).
constexpr uint16_t kIntegHmacSha2_256_96 = 1026;
// HMAC-RIPEMD-160-96 (RFC 2857) has no IKEv2 number anywhere: this one is the plugin's
// own, from the private-use range, only so that key tables naming RIPEMD have an entry.
// It is never expected on the wire (should a peer use 0xff00 privately for something
// else, its ICV simply fails to verify).
constexpr uint16_t kIntegHmacRipemd160_96 = 0xff00;
constexpr uint16_t kPrfHmacMd5 = 1, kPrfHmacSha1 = 2, kPrfAes128Xcbc = 4,
                   kPrfHmacSha2_256 = 5, kPrfHmacSha2_384 = 6, kPrfHmacSha2_512 = 7,
                   kPrfAes128Cmac = 8;
}  // namespace transform

// The transforms that protect one SA, as IKEv2 transform IDs (RFC 7296 3.3.2): the one
// description that keys, SK and ESP decryption, CHILD_SA key derivation, the analysis and
// the export share.
struct Transforms {
    uint16_t encr_id = 0;
    uint16_t encr_key_bits = 0;  // Key Length attribute; 0 for fixed-size ciphers
    uint16_t integ_id = 0;       // 0: NONE (AEAD ciphers, RFC 5282 8), or not named
    // Non-zero: an ICV of this many octets is there but cannot be checked (a key table's
    // "ANY 96-bits of Authentication [No Checking]", MACs the core lacks); it overrides
    // integ_id, no integrity key is used, and results say integrity_checked false.
    uint8_t icv_unchecked = 0;
    bool esn = false;            // ESP: extended sequence numbers (RFC 4303 2.2.1)
};

enum class CipherKind : uint8_t {
    Null,
    Aes,
    TripleDes,
    Camellia,
    ChaCha20,
    Des,       // RFC 2405
    Cast5,     // RFC 2144 (CAST-128), RFC 2451
    Blowfish,  // RFC 2451
    Twofish,   // Schneier et al., "Twofish: A 128-Bit Block Cipher" (1998)
};

enum class CipherMode : uint8_t {
    None,      // ENCR_NULL: the "ciphertext" is the plaintext
    Cbc,       // RFC 3602 (AES), RFC 2405 (DES), RFC 2451 (3DES, CAST, Blowfish),
               // RFC 5529 (Camellia); Twofish-CBC as strongSwan and Linux run it
    Ctr,       // RFC 3686 / RFC 5930: counter block = salt(4) | IV(8) | 00000001
    Gcm,       // RFC 4106 / RFC 5282: nonce = salt(4) | IV(8); RFC 8750: IV = the ESN
    Ccm,       // RFC 4309 / RFC 5282: nonce = salt(3) | IV(8)
    Gmac,      // RFC 4543: GCM authenticating everything, encrypting nothing
    Poly1305,  // RFC 7634: ChaCha20-Poly1305, nonce = salt(4) | IV(8); RFC 8750 as GCM
};

// Keyed MACs behind the INTEG and PRF transforms.
enum class MacAlgo : uint8_t {
    None,
    HmacMd5,        // RFC 2104 / RFC 2403
    HmacSha1,       // RFC 2104 / RFC 2404
    HmacSha256,     // RFC 4868
    HmacSha384,     // RFC 4868
    HmacSha512,     // RFC 4868
    AesXcbc,        // RFC 3566 (AES-XCBC-MAC), RFC 4434 as a PRF
    AesCmac,        // RFC 4493 (AES-CMAC), RFC 4494 as INTEG, RFC 4615 as a PRF
    HmacRipemd160,  // RFC 2104 / RFC 2857
};

// One ENCR transform at one key length.
struct EncrAlgorithm {
    uint16_t id;
    // The Key Length attribute (RFC 7296 3.3.5) this entry answers to, in bits; 0 for the
    // fixed-size ciphers that take no attribute (3DES, NULL, ChaCha20-Poly1305).
    uint16_t key_bits;
    const char* name;
    CipherKind cipher;
    CipherMode mode;
    bool aead;
    // Defined for the IKE SK payload. ENCR_NULL_AUTH_AES_GMAC is specified for ESP only
    // (RFC 4543); RFC 5282 gives no IKEv2 construction for it, so it is described here
    // (for ESP) but not used to decrypt SK payloads.
    bool ike_sk;
    uint8_t key_size;    // cipher key, octets
    uint8_t salt_size;   // octets that follow the key in SK_e (RFC 5282 7.1, RFC 5930, RFC 7634)
    uint8_t iv_size;     // IV on the wire, octets
    // Padding alignment: the ciphertext must be a multiple of it. 1 for the counter-based
    // modes (CTR, GCM, CCM, ChaCha20) and NULL, which need no alignment.
    uint8_t block_size;
    uint8_t icv_size;    // AEAD tag on the wire, octets; 0 for non-AEAD ciphers
    // RFC 8750 implicit IV (ESP only): no IV on the wire (iv_size 0); the 8 octets of the
    // nonce after the salt are the 64-bit sequence number (esp_cipher.cpp).
    bool implicit_iv = false;

    // Length of SK_e / SK_ei / SK_er: key and salt (RFC 7296 2.14, RFC 5282 7.1).
    size_t key_material() const { return size_t{key_size} + salt_size; }
};

struct IntegAlgorithm {
    uint16_t id;
    const char* name;
    MacAlgo mac;
    uint8_t key_size;   // SK_a length, octets
    uint8_t icv_size;   // truncated output on the wire, octets
};

struct PrfAlgorithm {
    uint16_t id;
    const char* name;
    MacAlgo mac;
    uint8_t key_size;     // preferred key size (SK_d, SK_pi, SK_pr length), octets
    uint8_t output_size;  // octets per PRF output block
};

// The ENCR transform `id` with Key Length attribute `key_bits` (0 when absent). For the
// fixed-size ciphers, 0 and their one size in bits are both accepted. nullptr when the
// ID is unknown or the key length is not one the transform defines (AES without the
// attribute, AES-100, ...).
const EncrAlgorithm* find_encr(uint16_t id, uint16_t key_bits);

// True when some entry has this ENCR ID (so a failed find_encr means a bad key length).
bool encr_id_known(uint16_t id);

const IntegAlgorithm* find_integ(uint16_t id);  // includes NONE (0)
const PrfAlgorithm* find_prf(uint16_t id);

// Full output length of a MAC (before truncation), octets; 0 for None.
size_t mac_output_size(MacAlgo mac);

// HMAC (RFC 2104) is defined for a key of any length; the INTEG key size is what IKE
// derives. ESP keys given by hand may have another length: Wireshark's own ESP takes
// "any keylen" for its HMAC choices, and so does ESP here. XCBC and CMAC take 16 octets.
constexpr bool mac_takes_any_key(MacAlgo mac) {
    return mac == MacAlgo::HmacMd5 || mac == MacAlgo::HmacSha1 || mac == MacAlgo::HmacSha256 ||
           mac == MacAlgo::HmacSha384 || mac == MacAlgo::HmacSha512 || mac == MacAlgo::HmacRipemd160;
}

// The tables themselves, for UAT choice lists and tests.
extern const EncrAlgorithm kEncrAlgorithms[];
extern const size_t kEncrAlgorithmCount;
extern const IntegAlgorithm kIntegAlgorithms[];
extern const size_t kIntegAlgorithmCount;
extern const PrfAlgorithm kPrfAlgorithms[];
extern const size_t kPrfAlgorithmCount;

}  // namespace ikev2::crypto
