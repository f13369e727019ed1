// IKE SAs seen in a capture and the algorithms their IKE_SA_INIT response selected, so
// that SK and SKF payloads can be laid out (IV | ciphertext | ICV) even without keys,
// and, with keys, decrypted with the right transforms.
//
// Learned from the responder's single-proposal SA payload in an IKE_SA_INIT response
// (RFC 7296 2.7). The glue owns one table per capture file and feeds it on the first pass
// only, so later re-dissections see the same state.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <utility>

#include "message.hpp"

namespace ikev2 {

struct IkeSaAlgorithms {
    uint16_t encr = 0;
    uint16_t encr_key_bits = 0;  // Key Length attribute, 0 when absent
    uint16_t integ = 0;          // 0 (NONE) for AEAD
    uint16_t prf = 0;
    uint16_t ke = 0;
    uint32_t learned_in = 0;     // caller's reference (the frame number)
};

// Where the parts of an encrypted payload lie (RFC 7296 3.14, RFC 7383 2.5).
struct EncryptedLayout {
    Span iv;
    Span ciphertext;  // encrypted payloads, padding and pad length
    Span icv;
};

class IkeSaTable {
public:
    // Bound on the IKE SAs one capture may make us remember (hostile captures): about
    // 100 octets each, so at most ~26 MB however many SPIs a capture invents. Real
    // captures hold far fewer IKE SAs; the glue shows an expert info past the bound
    // (docs/robustness.md).
    static constexpr size_t kMaxSas = 1u << 18;

    // Remember the algorithms of `m` when it is an IKE_SA_INIT response that selected
    // one IKE proposal. Returns true when something was learned; `*refused` (if given)
    // is set when such a response was not remembered because the table is full.
    bool observe(const Message& m, uint32_t reference, bool* refused = nullptr);

    const IkeSaAlgorithms* find(uint64_t spi_i, uint64_t spi_r) const;
    size_t size() const { return sas_.size(); }
    void clear() { sas_.clear(); }

private:
    std::map<std::pair<uint64_t, uint64_t>, IkeSaAlgorithms> sas_;
};

// Split `encrypted` (the bytes after the SK header, or after SKF's fragment numbers) by
// the sizes of the selected algorithms. False when the algorithms are unknown to the
// crypto table or the data is too short for IV and ICV.
bool split_encrypted(const IkeSaAlgorithms& algs, Span encrypted, EncryptedLayout& out);

}  // namespace ikev2
