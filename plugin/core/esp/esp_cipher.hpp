// Verifying and decrypting one ESP packet (RFC 4303) with the keys of its SA.
//
// RFC 4303 2, the packet from the SPI on:
//
//   0                   1                   2                   3
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |               Security Parameters Index (SPI)                 |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |                      Sequence Number                          |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |                    IV (optional, per algorithm)               |
//  ~          Payload Data* (TFC padding after it, 2.7)            ~
//  |               |     Padding (0-255 bytes)                     |
//  +-+-+-+-+-+-+-+-+                               +-+-+-+-+-+-+-+-+
//  |                               |  Pad Length   | Next Header   |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |         Integrity Check Value-ICV   (variable)                |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// What is authenticated, by algorithm family:
// - separate INTEG (HMAC, XCBC, CMAC): SPI through Next Header, then, with extended
//   sequence numbers, the high 32 bits of the sequence number, which are not sent
//   (RFC 4303 2.2.1, 3.3.2.1);
// - AEAD (GCM RFC 4106 5, CCM RFC 4309 5, ChaCha20-Poly1305 RFC 7634 2.1): the AAD is
//   SPI | Sequence Number, or SPI | ESN high | ESN low; with an implicit IV (RFC 8750:
//   ENCR_AES_GCM_16_IIV, ENCR_CHACHA20_POLY1305_IIV) no IV is sent and the nonce is
//   salt | ESN high (0 without ESN) | Sequence Number, the AAD as without it;
// - GMAC (ENCR_NULL_AUTH_AES_GMAC, RFC 4543 3.3): nothing is encrypted; the AAD is that
//   same SPI and sequence number, then the IV, the Payload Data, Padding, Pad Length and
//   Next Header.
//
// Design note: an EspCipher belongs to one SA (one direction). create() opens and keys
// the libgcrypt handles once; decrypt() only resets them, so the per-packet cost is the
// crypto itself. The plaintext goes straight into a buffer the caller owns (the glue
// hands a capture-lifetime buffer, so nothing is copied afterwards); with ENCR_NULL and
// GMAC nothing is decrypted and the payload is read in place. Order of checks: lengths,
// integrity, then decryption, then the trailer. Nothing failing integrity is returned,
// unless the SA was told to give unauthenticated plaintext: a cipher with a separate
// INTEG (CBC, CTR, NULL) then decrypts all the same, and the result says the plaintext
// is not authenticated. An AEAD cipher never releases plaintext without a valid tag.
#pragma once

#include <cstdint>
#include <memory>

#include "../bytes.hpp"
#include "../crypto/algorithms.hpp"
#include "../crypto/cipher.hpp"
#include "../crypto/mac.hpp"
#include "../crypto/status.hpp"

namespace ikev2::esp {

constexpr size_t kEspHeaderSize = 8;   // SPI, Sequence Number
constexpr size_t kEspTrailerSize = 2;  // Pad Length, Next Header

struct EspResult {
    crypto::Status status = crypto::Status::UnsupportedAlgorithm;
    bool integrity_checked = false;  // an ICV or tag was verified (good or bad)

    // In packet coordinates (the view handed to decrypt() starts at the SPI), set as far
    // as the layout could be determined, so the glue shows them on failure too.
    Span iv;
    Span encrypted;  // Payload Data through Next Header, as sent
    Span icv;

    // The plaintext "Payload Data | TFC padding | Padding | Pad Length | Next Header":
    // in the caller's buffer, or, when in_place, in the packet at `encrypted`.
    bool in_place = false;
    uint32_t plain_len = 0;
    uint32_t payload_len = 0;  // Payload Data with any TFC padding
    uint8_t pad_length = 0;
    uint8_t next_header = 0;
    // Padding that is not the default 1, 2, 3, ... (RFC 4303 2.4): a sender may choose
    // other values, so this is a note, not a failure.
    bool nonstandard_padding = false;
    // status is IcvMismatch, yet the plaintext fields above are set: the SA gives
    // unauthenticated plaintext (EspCipher::set_unauthenticated_plaintext) and the trailer
    // is well formed.
    bool unauthenticated = false;

    bool ok() const { return status == crypto::Status::Ok; }
};

// RFC 4303 2.7: TFC padding may follow the inner packet in tunnel mode, where the inner
// IP header's own length says where the packet ends. The length of the inner packet at
// the start of `payload` (the Payload Data, TFC padding included) for Next Header
// `next_header` (4 IPv4, 41 IPv6); payload.size when nothing says otherwise (transport
// mode, a header too short, or a length of 0 or beyond the data).
size_t inner_packet_length(ByteView payload, uint8_t next_header);

class EspCipher {
public:
    // UnsupportedAlgorithm for transforms the core lacks (or INTEG with an AEAD
    // cipher); BadKeyLength when a key does not have the size the transforms need
    // (encr_key includes the salt of CTR, GCM, CCM, GMAC, ChaCha20-Poly1305).
    static crypto::Status create(const crypto::Transforms& t, ByteView encr_key, ByteView integ_key,
                                 std::unique_ptr<EspCipher>& out);
    ~EspCipher();
    EspCipher(const EspCipher&) = delete;
    EspCipher& operator=(const EspCipher&) = delete;

    const crypto::EncrAlgorithm& encr() const { return *encr_; }
    const crypto::IntegAlgorithm& integ() const { return *integ_; }
    const crypto::Transforms& transforms() const { return t_; }
    size_t iv_size() const { return encr_->iv_size; }
    size_t icv_size() const;
    // Whether the payload is read in place (ENCR_NULL, GMAC): no buffer needed.
    bool in_place() const;

    // `packet` runs from the SPI to the end of the ICV. `seq_hi` is the high half of the
    // extended sequence number (ignored without ESN). `out` must hold at least
    // packet.size octets unless in_place(). ESN as transforms().esn says.
    EspResult decrypt(ByteView packet, uint32_t seq_hi, uint8_t* out) {
        return decrypt(packet, t_.esn, seq_hi, out);
    }
    // The same with ESN chosen by the caller: an SA whose key source did not say ESN is
    // tried with it when its ICV fails without (esp_decryptor.hpp).
    EspResult decrypt(ByteView packet, bool esn, uint32_t seq_hi, uint8_t* out);

    // Decrypt packets whose ICV fails all the same (CBC, CTR, NULL; never AEAD), marking
    // the result unauthenticated. Off by default.
    void set_unauthenticated_plaintext(bool on) { unauthenticated_plaintext_ = on; }

private:
    EspCipher() = default;
    bool check_icv(ByteView packet, size_t icv_off, bool esn, uint32_t seq_hi);

    crypto::Transforms t_;
    const crypto::EncrAlgorithm* encr_ = nullptr;
    const crypto::IntegAlgorithm* integ_ = nullptr;
    crypto::EncrCipher cipher_;
    crypto::Mac mac_;
    bool unauthenticated_plaintext_ = false;
};

}  // namespace ikev2::esp
