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

// What one exchange's response told about a CHILD_SA, for the tree and for listings.
struct ChildSaRecord {
    enum class Outcome : uint8_t {
        Derived,         // keys for both directions are in the derived store
        NoSkD,           // the IKE SA's keys lack SK_d
        NoPrf,           // the PRF is unknown (neither keys nor capture name it)
        NeedsPfsSecret,  // PFS: the new shared secret g^ir is needed and not known
        NoNonces,        // IKE_SA_INIT (or the request) was not in the capture
        NoRequest,       // the request with the proposals was not seen, decrypted or authenticated
        NotOffered,      // the response chose a proposal number the request did not offer
        Unsupported,     // transforms the core cannot decrypt (status says why)
    };
    Outcome outcome = Outcome::Derived;
    crypto::Status status = crypto::Status::Ok;
    uint64_t ike_spi_i = 0, ike_spi_r = 0;
    uint8_t exchange = 0;
    uint32_t message_id = 0;
    uint32_t request_ref = 0, response_ref = 0;  // frames
    uint32_t spi_to_responder = 0;  // carried by packets from the exchange initiator
    uint32_t spi_to_initiator = 0;
    crypto::Transforms transforms;  // the chosen proposal's, ESN included
    bool transport = false;        // USE_TRANSPORT_MODE in both messages
    uint32_t rekeys_spi = 0;       // REKEY_SA: the SPI of the CHILD_SA it replaces
};

class ChildSaDeriver {
public:
    // Bound for hostile captures: responses with an ESP SA payload remembered
    // (docs/robustness.md); past it a response derives nothing and says so.
    static constexpr size_t kMaxRecords = 1u << 18;

    // Feed one IKE_AUTH or CREATE_CHILD_SA response of IKE SA `sa`. `msg` holds the outer
    // message (m's spans), `inner` the decrypted payload chain (nullptr when not
    // decrypted) and `inner_bytes` its bytes; `request` is the request it answers, as the
    // IKE SA kept it (nullptr when none was). `ike` are the IKE SA's keys (nullptr when
    // none). Returns how many records (records()) this response added, 0 when it chose
    // no ESP proposal; `*refused` is set when the bound refused one.
    size_t observe(const IkeSa& sa, const Message& m, ByteView msg, const std::vector<Payload>* inner,
                   ByteView inner_bytes, const Request* request, uint32_t ref,
                   const keys::IkeSaKeys* ike, bool* refused);

    const keys::KeyStore& keys() const { return derived_; }
    const std::vector<ChildSaRecord>& records() const { return records_; }
    void clear();

private:
    void derive(const IkeSa& sa, const Request& rq, const Proposal& chosen, ByteView ni, ByteView nr,
                bool pfs, bool transport, const keys::IkeSaKeys* ike, ChildSaRecord& rec);

    keys::KeyStore derived_;
    std::vector<ChildSaRecord> records_;
};

// A sentence for the tree: "keys derived from SK_d", "PFS: ...".
const char* outcome_text(ChildSaRecord::Outcome o);

}  // namespace ikev2::esp
