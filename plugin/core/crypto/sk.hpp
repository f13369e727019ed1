// Decrypting and verifying one Encrypted payload (SK, RFC 7296 3.14) or Encrypted
// Fragment payload (SKF, RFC 7383 2.5) of an IKE message.
//
// Design note. An SkCipher belongs to one IKE SA and one direction (SK_ei/SK_ai or
// SK_er/SK_ar). It opens its libgcrypt handles once, in create(); decrypting a message
// only resets them and sets the IV, so the glue keeps one SkCipher per SA direction
// (in its SA state, on the heap) and calls it on the first pass of each frame; like a
// libgcrypt handle, one SkCipher is not for use by two threads at once. Nothing
// here throws: every outcome is a Status in the SkResult, together with the spans the
// glue needs to show the IV, the ciphertext and the ICV whatever the outcome.
//
// Order of checks: lengths first (BadLength), then integrity (IcvMismatch, or
// AeadTagMismatch for combined modes), then padding (BadPadding). A cipher with a
// separate INTEG (CBC, CTR, NULL) decrypts whatever the ICV says: with IcvMismatch the
// plaintext is returned all the same, flagged by the status as not authenticated, and the
// caller decides whether to show it (tcpdump and Wireshark's isakmp show it too). A
// combined-mode cipher (GCM, CCM, ChaCha20-Poly1305) releases nothing whose tag failed:
// AeadTagMismatch never comes with plaintext.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "../bytes.hpp"
#include "algorithms.hpp"
#include "cipher.hpp"
#include "mac.hpp"
#include "status.hpp"

namespace ikev2::crypto {

struct SkResult {
    Status status = Status::UnsupportedAlgorithm;
    // The ciphertext was decrypted: with Ok and BadPadding (authenticated), and with
    // IcvMismatch for a cipher with a separate INTEG (not authenticated). False for every
    // other outcome, whose plaintext is empty.
    bool decrypted = false;
    // The Pad Length fitted, so `plaintext` is the inner payload chain alone. False with
    // BadPadding, and with IcvMismatch when the (unauthenticated) Pad Length does not fit.
    bool padding_ok = false;
    // When decrypted: the inner payload chain (the decrypted data less the Padding and the
    // Pad Length octet) if padding_ok, else the whole decrypted data.
    std::vector<uint8_t> plaintext;
    uint8_t pad_length = 0;
    std::vector<uint8_t> padding;  // padding_ok: the Padding octets before Pad Length
    // True when an ICV or AEAD tag was checked and verified; false when it failed, and for
    // a non-AEAD cipher with INTEG NONE, which RFC 7296 does not allow but which a capture
    // may still show.
    bool integrity_checked = false;

    // Spans in the coordinates of the message view (ByteView::base), set as far as the
    // layout could be determined, so the glue can show them even on failure.
    Span iv;
    Span ciphertext;      // encrypted payloads, padding and Pad Length
    Span icv;             // ICV or AEAD tag
    Span authenticated;   // bytes under the ICV, or the AEAD associated data

    // SKF only (RFC 7383 2.5).
    uint16_t fragment_number = 0;
    uint16_t total_fragments = 0;

    bool ok() const { return status == Status::Ok; }
    // Decrypted although the ICV did not verify: the plaintext is not authenticated.
    bool unauthenticated() const { return decrypted && status == Status::IcvMismatch; }
};

class SkCipher {
public:
    // Builds the cipher of one SA direction from the negotiated transforms and that
    // direction's keys: sk_e = SK_ei or SK_er (key, then salt for CTR / GCM / CCM /
    // ChaCha20), sk_a = SK_ai or SK_ar (empty with AEAD). Returns
    //   UnsupportedAlgorithm  unknown ENCR or INTEG ID, GMAC, or INTEG other than NONE
    //                         with an AEAD cipher
    //   BadKeyLength          Key Length attribute not defined for the ENCR ID, or a
    //                         key whose size differs from what the transforms need
    //   CryptoError           libgcrypt refused to open or key a handle
    // `out` is set only on Ok.
    static Status create(const Transforms& alg, ByteView sk_e, ByteView sk_a,
                         std::unique_ptr<SkCipher>& out);

    ~SkCipher();
    SkCipher(const SkCipher&) = delete;
    SkCipher& operator=(const SkCipher&) = delete;

    // `message` is the IKE message from the first octet of its header (after any
    // RFC 3948 non-ESP marker or RFC 8229 length); `payload` is the whole SK (or SKF)
    // payload, generic header included, in the same coordinates as the view's base (as
    // parse_message() reports it). The ICV covers the header up to the end of the
    // ciphertext (RFC 7296 3.14); the AEAD associated data is the header up to the end of
    // the SK generic header (RFC 5282 5), for SKF up to the end of Total Fragments
    // (RFC 7383 2.5).
    SkResult decrypt_sk(ByteView message, Span payload);
    SkResult decrypt_skf(ByteView message, Span payload);

    const EncrAlgorithm& encr() const { return *encr_; }
    const IntegAlgorithm& integ() const { return *integ_; }

private:
    SkCipher() = default;
    SkResult decrypt(ByteView message, Span payload, bool fragment);

    const EncrAlgorithm* encr_ = nullptr;
    const IntegAlgorithm* integ_ = nullptr;
    uint8_t icv_unchecked_ = 0;
    EncrCipher cipher_;
    Mac mac_;
};

// One-shot forms: create a cipher, decrypt one payload. For tests and one-off use; the
// glue should keep an SkCipher per SA direction instead.
SkResult decrypt_sk(ByteView message, Span payload, const Transforms& alg, ByteView sk_e,
                    ByteView sk_a);
SkResult decrypt_skf(ByteView message, Span payload, const Transforms& alg, ByteView sk_e,
                     ByteView sk_a);

}  // namespace ikev2::crypto
