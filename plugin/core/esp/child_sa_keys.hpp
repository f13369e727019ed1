// CHILD_SA keys derived from SK_d (RFC 7296 2.17), so that a user with the keys of an
// IKE SA needs no ESP keys at all.
//
//   KEYMAT = prf+(SK_d, Ni | Nr)                 (no PFS)
//   KEYMAT = prf+(SK_d, g^ir (new) | Ni | Nr)    (CREATE_CHILD_SA with KE payloads)
//
// taken in this order: the encryption key (with its salt for CTR, GCM, CCM, GMAC and
// ChaCha20-Poly1305) and integrity key of the SA carrying data from the initiator of
// the exchange to its responder, then those of the opposite direction (2.17; strongSwan
// and Linux agree). "Initiator" is whoever sent the request of the exchange that created
// the CHILD_SA: for a CREATE_CHILD_SA it may be the IKE SA's original responder.
//
// Which SPI goes with which keys: each side picks the SPI of its inbound SA. Packets from
// the exchange initiator to the responder carry the SPI in the responder's SA payload,
// those the other way the SPI of the chosen proposal in the initiator's request.
//
// Nonces: for the CHILD_SA of IKE_AUTH, Ni and Nr of IKE_SA_INIT (2.17); for
// CREATE_CHILD_SA, the exchange's own nonces. With EAP the SA payloads of IKE_AUTH are
// in the first request and the last response, so IKE_AUTH requests are kept per IKE SA,
// not per message ID.
//
// The deriver reads the IKE SA's record (ike_sa.hpp): the nonces of IKE_SA_INIT and the
// request a response answers, both kept there by the capture engine; it adds what it
// derives to its own key store.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "../bytes.hpp"
#include "../crypto/status.hpp"
#include "../ike_sa.hpp"
#include "../keys/key_store.hpp"
#include "../message.hpp"

namespace ikev2::esp {

// The split of one KEYMAT into the four ESP keys.
struct ChildKeys {
    std::vector<uint8_t> encr_i, integ_i;  // initiator -> responder
    std::vector<uint8_t> encr_r, integ_r;  // responder -> initiator
};

// KEYMAT = prf+(SK_d, [g^ir |] Ni | Nr), split for ESP with these transforms.
// UnsupportedAlgorithm / BadKeyLength when the transforms are unknown to the core.
crypto::Status derive_child_keys(uint16_t prf_id, ByteView sk_d, ByteView g_ir, ByteView ni,
                                 ByteView nr, const crypto::Transforms& t, ChildKeys& out);

// What one IKE_AUTH or CREATE_CHILD_SA response told about the ESP keys of the CHILD_SA
// it created (one at most: a response chooses one proposal). The capture keeps the
// CHILD_SA itself in the IKE SA table (ChildSa) and this result in the message's frame.
struct ChildKeysResult {
    ChildKeyOutcome outcome = ChildKeyOutcome::NotEsp;  // NotEsp: the response chose no ESP proposal
    crypto::Status status = crypto::Status::Ok;
    uint32_t request_frame = 0;
    uint32_t spi_to_responder = 0;  // carried by packets from the exchange initiator
    uint32_t spi_to_initiator = 0;
    crypto::Transforms transforms;  // the chosen proposal's, ESN included
    bool transport = false;         // USE_TRANSPORT_MODE in both messages
    uint32_t rekeys_spi = 0;        // REKEY_SA: the SPI of the CHILD_SA it replaces
};

class ChildSaDeriver {
public:
    // Bound for hostile captures: responses choosing ESP whose keys are looked for
    // (docs/robustness.md); past it a response derives nothing and says so.
    static constexpr size_t kMaxResponses = 1u << 18;

    // Feed one IKE_AUTH or CREATE_CHILD_SA response of IKE SA `sa`, sent at `frame`.
    // `msg` holds the outer message (m's spans), `inner` the decrypted payload chain
    // (nullptr when not decrypted) and `inner_bytes` its bytes; `request` is the request
    // it answers, as the IKE SA kept it (nullptr when none was). `ike` are the IKE SA's
    // keys (nullptr when none). False when the response chose no ESP proposal, or when
    // the bound refused it (`*refused` set); otherwise `out` says what was derived.
    bool observe(const IkeSa& sa, const Message& m, ByteView msg, const std::vector<Payload>* inner,
                 ByteView inner_bytes, const Request* request, uint32_t frame,
                 const keys::IkeSaKeys* ike, ChildKeysResult& out, bool* refused);

    const keys::KeyStore& keys() const { return derived_; }
    size_t responses() const { return responses_; }
    void clear();

private:
    void derive(const IkeSa& sa, const Request& rq, const Proposal& chosen, ByteView ni, ByteView nr,
                bool pfs, bool transport, const keys::IkeSaKeys* ike, uint32_t frame, ChildKeysResult& rec);

    keys::KeyStore derived_;
    size_t responses_ = 0;
};

}  // namespace ikev2::esp
