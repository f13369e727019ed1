#include "esp_cipher.hpp"

#include <cstring>
#include <new>

namespace ikev2::esp {

using crypto::CipherMode;
using crypto::MacAlgo;
using crypto::Status;

namespace {

void put32(uint8_t* p, uint32_t v) {
    p[0] = static_cast<uint8_t>(v >> 24);
    p[1] = static_cast<uint8_t>(v >> 16);
    p[2] = static_cast<uint8_t>(v >> 8);
    p[3] = static_cast<uint8_t>(v);
}

// The AEAD associated data: SPI | Sequence Number, or SPI | ESN high | ESN low
// (RFC 4106 5, RFC 4309 5, RFC 4543 3.3, RFC 7634 2.1). Returns its length.
size_t make_aad(ByteView packet, bool esn, uint32_t seq_hi, uint8_t* aad) {
    std::memcpy(aad, packet.data, 4);
    if (!esn) {
        std::memcpy(aad + 4, packet.data + 4, 4);
        return 8;
    }
    put32(aad + 4, seq_hi);
    std::memcpy(aad + 8, packet.data + 4, 4);
    return 12;
}

// Constant-time comparison: the ICV is a secret-dependent value.
bool same(const uint8_t* a, const uint8_t* b, size_t n) {
    uint8_t d = 0;
    for (size_t i = 0; i < n; i++) d |= static_cast<uint8_t>(a[i] ^ b[i]);
    return d == 0;
}

}  // namespace

size_t inner_packet_length(ByteView payload, uint8_t next_header) {
    constexpr uint8_t kIpv4 = 4, kIpv6 = 41;  // IANA protocol numbers
    size_t n = payload.size;
    if (next_header == kIpv4 && payload.size >= 20) n = (size_t{payload[2]} << 8) | payload[3];
    else if (next_header == kIpv6 && payload.size >= 40) n = 40 + ((size_t{payload[4]} << 8) | payload[5]);
    return n > 0 && n < payload.size ? n : payload.size;
}

EspCipher::~EspCipher() = default;

Status EspCipher::create(const crypto::Transforms& t, ByteView encr_key, ByteView integ_key,
                         std::unique_ptr<EspCipher>& out) {
    const crypto::EncrAlgorithm* e = crypto::find_encr(t.encr_id, t.encr_key_bits);
    if (!e) return crypto::encr_id_known(t.encr_id) ? Status::BadKeyLength : Status::UnsupportedAlgorithm;
    const crypto::IntegAlgorithm* i = crypto::find_integ(t.icv_unchecked ? 0 : t.integ_id);
    if (!i) return Status::UnsupportedAlgorithm;
    if (e->aead && (i->mac != MacAlgo::None || t.icv_unchecked)) return Status::UnsupportedAlgorithm;
    const bool integ_key_ok = t.icv_unchecked || integ_key.size == i->key_size ||
                              (crypto::mac_takes_any_key(i->mac) && integ_key.size > 0);
    if (encr_key.size != e->key_material() || !integ_key_ok)
        return Status::BadKeyLength;

    std::unique_ptr<EspCipher> c(new EspCipher());
    c->t_ = t;
    c->encr_ = e;
    c->integ_ = i;
    Status s = c->cipher_.open(*e, encr_key);
    if (s != Status::Ok) return s;
    if (i->mac != MacAlgo::None) {
        s = c->mac_.open(i->mac, integ_key);
        if (s != Status::Ok) return s;
    }
    out = std::move(c);
    return Status::Ok;
}

size_t EspCipher::icv_size() const {
    if (encr_->aead) return encr_->icv_size;
    if (t_.icv_unchecked) return t_.icv_unchecked;
    return integ_->icv_size;
}

bool EspCipher::in_place() const {
    return encr_->mode == CipherMode::None || encr_->mode == CipherMode::Gmac;
}

bool EspCipher::check_icv(ByteView packet, size_t icv_off, bool esn, uint32_t seq_hi) {
    uint8_t mac[64];
    const size_t n = integ_->icv_size;
    bool ok = mac_.begin() && mac_.update(packet.data, icv_off);
    if (ok && esn) {
        uint8_t hi[4];
        put32(hi, seq_hi);
        ok = mac_.update(hi, 4);
    }
    ok = ok && mac_.finish(mac, n) && same(mac, packet.data + icv_off, n);
    return ok;
}

EspResult EspCipher::decrypt(ByteView packet, bool esn, uint32_t seq_hi, uint8_t* out) {
    EspResult r;
    const size_t iv = iv_size(), icv = icv_size();
    if (packet.size < kEspHeaderSize + iv + kEspTrailerSize + icv) {
        r.status = Status::BadLength;
        return r;
    }
    const size_t enc_off = kEspHeaderSize + iv;
    const size_t icv_off = packet.size - icv;
    r.iv = Span{packet.base + static_cast<uint32_t>(kEspHeaderSize), static_cast<uint32_t>(iv)};
    r.encrypted = Span{packet.base + static_cast<uint32_t>(enc_off), static_cast<uint32_t>(icv_off - enc_off)};
    r.icv = Span{packet.base + static_cast<uint32_t>(icv_off), static_cast<uint32_t>(icv)};
    const ByteView ivv(packet.data + kEspHeaderSize, iv);
    const ByteView enc(packet.data + enc_off, icv_off - enc_off);
    const ByteView tag(packet.data + icv_off, icv);
    const uint8_t* plain = nullptr;

    switch (encr_->mode) {
    case CipherMode::Gmac: {
        // RFC 4543 3.3: everything but the ICV is authenticated, nothing encrypted. The AAD
        // is SPI | (E)SN | IV | payload ... Next Header; with ESN the high half goes after
        // the SPI, as for the other combined modes.
        r.integrity_checked = true;
        r.in_place = true;
        // Assemble the AAD without a copy of the payload: header part in a small buffer,
        // then the packet from the IV on. EncrCipher takes one AAD view, so GMAC without
        // ESN (the AAD is then exactly the packet's first octets) is the fast path.
        if (!esn) {
            r.status = cipher_.decrypt_into(ivv, ByteView(packet.data, icv_off), ByteView(), tag, nullptr);
        } else {
            uint8_t stack[2048];
            const size_t aad_len = icv_off + 4;
            std::unique_ptr<uint8_t[]> heap;
            uint8_t* aad = stack;
            if (aad_len > sizeof stack) {
                heap.reset(new (std::nothrow) uint8_t[aad_len]);
                if (!heap) {
                    r.status = Status::CryptoError;
                    return r;
                }
                aad = heap.get();
            }
            make_aad(packet, true, seq_hi, aad);
            std::memcpy(aad + 12, packet.data + kEspHeaderSize, icv_off - kEspHeaderSize);
            r.status = cipher_.decrypt_into(ivv, ByteView(aad, aad_len), ByteView(), tag, nullptr);
        }
        plain = enc.data;
        break;
    }
    case CipherMode::Gcm:
    case CipherMode::Ccm:
    case CipherMode::Poly1305: {
        uint8_t aad[12];
        const size_t aad_len = make_aad(packet, esn, seq_hi, aad);
        // RFC 8750 3: with an implicit IV none is sent; the nonce's IV part is the 64-bit
        // sequence number, its high half zero without ESN. The AAD is unchanged.
        uint8_t iiv[8];
        ByteView nonce_iv = ivv;
        if (encr_->implicit_iv) {
            put32(iiv, esn ? seq_hi : 0);
            std::memcpy(iiv + 4, packet.data + 4, 4);
            nonce_iv = ByteView(iiv, sizeof iiv);
        }
        r.integrity_checked = true;
        r.status = cipher_.decrypt_into(nonce_iv, ByteView(aad, aad_len), enc, tag, out);
        plain = out;
        break;
    }
    case CipherMode::None:
    case CipherMode::Cbc:
    case CipherMode::Ctr:
        if (integ_->mac != MacAlgo::None) {
            r.integrity_checked = true;
            if (!check_icv(packet, icv_off, esn, seq_hi)) {
                if (!unauthenticated_plaintext_) {
                    r.status = Status::IcvMismatch;
                    return r;
                }
                r.unauthenticated = true;
            }
        }
        if (encr_->mode == CipherMode::None) {
            r.in_place = true;
            r.status = Status::Ok;
            plain = enc.data;
        } else {
            r.status = cipher_.decrypt_into(ivv, ByteView(), enc, ByteView(), out);
            plain = out;
        }
        if (r.unauthenticated) {
            if (r.status != Status::Ok) {
                r.unauthenticated = false;
                r.status = Status::IcvMismatch;
                return r;
            }
            r.status = Status::IcvMismatch;
        }
        break;
    }
    if (r.status != Status::Ok && !r.unauthenticated) return r;

    // The trailer (RFC 4303 2.4-2.6).
    const size_t n = enc.size;
    r.plain_len = static_cast<uint32_t>(n);
    r.pad_length = plain[n - 2];
    r.next_header = plain[n - 1];
    if (size_t{r.pad_length} + kEspTrailerSize > n) {
        if (r.unauthenticated) {  // nothing worth showing: most likely the wrong keys
            r.unauthenticated = false;
            return r;
        }
        r.status = Status::BadPadding;  // authenticated, but not well formed
        return r;
    }
    r.payload_len = static_cast<uint32_t>(n - kEspTrailerSize - r.pad_length);
    const uint8_t* pad = plain + r.payload_len;
    for (size_t k = 0; k < r.pad_length; k++)
        if (pad[k] != static_cast<uint8_t>(k + 1)) {
            r.nonstandard_padding = true;
            break;
        }
    return r;
}

}  // namespace ikev2::esp
