// SK and SKF payloads: split the payload into IV, ciphertext and ICV, verify, decrypt,
// strip the padding.
//
// RFC 7296 3.14, Encrypted payload:
//                       1                   2                   3
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  | Next Payload  |C|  RESERVED   |         Payload Length        |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |                     Initialization Vector                     |
//  |         (length is block size for encryption algorithm)       |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  ~                    Encrypted IKE Payloads                     ~
//  +               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |               |             Padding (0-255 octets)            |
//  +-+-+-+-+-+-+-+-+                               +-+-+-+-+-+-+-+-+
//  |                                               |  Pad Length   |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  ~                    Integrity Checksum Data                    ~
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// RFC 7383 2.5, Encrypted Fragment payload: the same, with Fragment Number (2 octets)
// and Total Fragments (2 octets) between the generic header and the IV.
//
// With the combined-mode ciphers of RFC 5282 (and RFC 7634) the "Integrity Checksum
// Data" is the AEAD tag, the IV is 8 octets, and the associated data is the IKE header
// through the end of the SK generic header (RFC 5282 5); for SKF it runs through
// Total Fragments (RFC 7383 2.5).
#include "sk.hpp"

#include <algorithm>

#include "gcry.hpp"

namespace ikev2::crypto {

namespace {

constexpr size_t kGenericHeader = 4;
constexpr size_t kSkfFragmentFields = 4;  // Fragment Number, Total Fragments
constexpr size_t kMaxIcv = 32;

}  // namespace

SkCipher::~SkCipher() = default;

Status SkCipher::create(const Transforms& alg, ByteView sk_e, ByteView sk_a,
                        std::unique_ptr<SkCipher>& out) {
    const EncrAlgorithm* e = find_encr(alg.encr_id, alg.encr_key_bits);
    if (!e) return encr_id_known(alg.encr_id) ? Status::BadKeyLength : Status::UnsupportedAlgorithm;
    if (!e->ike_sk) return Status::UnsupportedAlgorithm;
    const IntegAlgorithm* i = find_integ(alg.icv_unchecked ? 0 : alg.integ_id);
    if (!i) return Status::UnsupportedAlgorithm;
    // RFC 5282 8: a combined-mode cipher is negotiated without an integrity transform
    // (or with NONE); its tag is the only integrity check.
    if (e->aead && (i->mac != MacAlgo::None || alg.icv_unchecked)) return Status::UnsupportedAlgorithm;
    if (sk_e.size != e->key_material() || (!alg.icv_unchecked && sk_a.size != i->key_size))
        return Status::BadKeyLength;
    if (alg.icv_unchecked > kMaxIcv) return Status::BadKeyLength;

    std::unique_ptr<SkCipher> c(new SkCipher());
    c->encr_ = e;
    c->integ_ = i;
    c->icv_unchecked_ = alg.icv_unchecked;
    Status s = c->cipher_.open(*e, sk_e);
    if (s != Status::Ok) return s;
    if (i->mac != MacAlgo::None) {
        s = c->mac_.open(i->mac, sk_a);
        if (s != Status::Ok) return s;
    }
    out = std::move(c);
    return Status::Ok;
}

SkResult SkCipher::decrypt_sk(ByteView message, Span payload) {
    return decrypt(message, payload, false);
}

SkResult SkCipher::decrypt_skf(ByteView message, Span payload) {
    return decrypt(message, payload, true);
}

SkResult SkCipher::decrypt(ByteView message, Span payload, bool fragment) {
    SkResult r;
    r.status = Status::BadLength;

    // The payload, located in the message view.
    if (payload.off < message.base) return r;
    const size_t local = payload.off - message.base;
    if (local > message.size || payload.len > message.size - local) return r;
    const size_t header = kGenericHeader + (fragment ? kSkfFragmentFields : 0);
    if (payload.len < header) return r;
    if (fragment) {
        r.fragment_number = load_be16(message.data + local + kGenericHeader);
        r.total_fragments = load_be16(message.data + local + kGenericHeader + 2);
    }

    // IV | ciphertext | ICV.
    const bool aead = encr_->aead;
    const size_t iv_len = encr_->iv_size;
    const size_t icv_len = aead ? encr_->icv_size : icv_unchecked_ ? icv_unchecked_ : integ_->icv_size;
    const ByteView body = message.sub(local + header, payload.len - header);
    if (body.size < iv_len + icv_len) return r;
    const ByteView iv = body.sub(0, iv_len);
    const ByteView ct = body.sub(iv_len, body.size - iv_len - icv_len);
    const ByteView icv = body.sub(body.size - icv_len, icv_len);
    r.iv = iv.span();
    r.ciphertext = ct.span();
    r.icv = icv.span();
    // At least the Pad Length octet, and whole cipher blocks (RFC 7296 3.14).
    if (ct.size == 0 || ct.size % encr_->block_size != 0) return r;

    std::vector<uint8_t> plain;
    if (aead) {
        // RFC 5282 5 / RFC 7383 2.5: associated data = IKE header .. end of the
        // (fragment) payload header.
        const ByteView aad = message.sub(0, local + header);
        r.authenticated = aad.span();
        r.status = cipher_.decrypt(iv, aad, ct, icv, plain);
        if (r.status != Status::Ok) return r;
        r.integrity_checked = true;
    } else {
        // RFC 7296 3.14: the ICV is computed over the IKE header through the end of the
        // ciphertext (IV and padding included). A mismatch is the result, but the
        // ciphertext is decrypted all the same: the caller may show it, unauthenticated.
        const ByteView covered = message.sub(0, local + header + iv_len + ct.size);
        r.authenticated = covered.span();
        bool icv_good = true;
        if (icv_len > 0 && !icv_unchecked_) {
            uint8_t want[kMaxIcv];
            if (icv_len > kMaxIcv || !mac_.compute(covered, want, icv_len)) {
                r.status = Status::CryptoError;
                return r;
            }
            icv_good = detail::equal_ct(want, icv.data, icv_len);
            r.integrity_checked = icv_good;
        }
        r.status = cipher_.decrypt(iv, ByteView(), ct, ByteView(), plain);
        if (r.status != Status::Ok) return r;
        if (!icv_good) r.status = Status::IcvMismatch;
    }
    r.decrypted = true;

    // RFC 7296 3.14: the last octet is the Pad Length; the padding before it may hold
    // any value, and any length that fits must be accepted.
    r.pad_length = plain.back();
    if (size_t{r.pad_length} + 1 > plain.size()) {
        if (r.status == Status::Ok) r.status = Status::BadPadding;
        r.plaintext = std::move(plain);
        return r;
    }
    r.padding.assign(plain.end() - r.pad_length - 1, plain.end() - 1);
    plain.resize(plain.size() - r.pad_length - 1);
    r.plaintext = std::move(plain);
    r.padding_ok = true;
    return r;
}

SkResult decrypt_sk(ByteView message, Span payload, const Transforms& alg, ByteView sk_e,
                    ByteView sk_a) {
    std::unique_ptr<SkCipher> c;
    SkResult r;
    r.status = SkCipher::create(alg, sk_e, sk_a, c);
    if (r.status != Status::Ok) return r;
    return c->decrypt_sk(message, payload);
}

SkResult decrypt_skf(ByteView message, Span payload, const Transforms& alg, ByteView sk_e,
                     ByteView sk_a) {
    std::unique_ptr<SkCipher> c;
    SkResult r;
    r.status = SkCipher::create(alg, sk_e, sk_a, c);
    if (r.status != Status::Ok) return r;
    return c->decrypt_skf(message, payload);
}

}  // namespace ikev2::crypto
