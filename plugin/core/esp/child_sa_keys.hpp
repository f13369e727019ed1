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
// The deriver watches every IKEv2 message on the first pass (clear payloads and, when
// decrypted, the inner ones) and adds what it derives to its own key store.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "../bytes.hpp"
#include "../crypto/status.hpp"
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
                                 ByteView nr, uint16_t encr_id, uint16_t encr_key_bits,
                                 uint16_t integ_id, ChildKeys& out);

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
    uint16_t encr_id = 0, encr_key_bits = 0, integ_id = 0;
    bool esn = false;
    bool transport = false;        // USE_TRANSPORT_MODE in both messages
    uint32_t rekeys_spi = 0;       // REKEY_SA: the SPI of the CHILD_SA it replaces
};

class ChildSaDeriver {
public:
    // Bounds for hostile captures: open requests and IKE SAs remembered.
    static constexpr size_t kMaxPending = 1u << 16;
    static constexpr size_t kMaxIkeSas = 1u << 20;

    // Feed one IKEv2 message. `msg` holds the outer message (m's spans), `inner` the
    // decrypted payload chain (nullptr when not decrypted) and `inner_bytes` its bytes.
    // `src` / `dst`: the IP addresses of the packet (4 or 16 octets). `ike` are the IKE
    // SA's keys (nullptr when none); `capture_prf` the PRF its IKE_SA_INIT selected (0
    // when not seen). Returns the records of CHILD_SAs this message completed.
    std::vector<ChildSaRecord> observe(const Message& m, ByteView msg,
                                       const std::vector<Payload>* inner, ByteView inner_bytes,
                                       ByteView src, ByteView dst, uint32_t ref,
                                       const keys::IkeSaKeys* ike, uint16_t capture_prf);

    const keys::KeyStore& keys() const { return derived_; }
    const std::vector<ChildSaRecord>& records() const { return records_; }
    void clear();

private:
    struct Request {
        uint32_t ref = 0;
        uint8_t exchange = 0;
        std::vector<Proposal> proposals;  // ESP / AH proposals with their SPIs
        std::vector<uint8_t> nonce;       // CREATE_CHILD_SA
        bool has_ke = false;
        bool transport = false;
        uint32_t rekeys_spi = 0;
        std::vector<uint8_t> src, dst;    // request sender, receiver
    };
    using IkeKey = std::pair<uint64_t, uint64_t>;
    // (IKE SPIs, message ID, sent by the IKE SA's original initiator)
    using MsgKey = std::tuple<uint64_t, uint64_t, uint32_t, bool>;

    void derive(const Request& rq, const Proposal& chosen, ByteView ni, ByteView nr, bool pfs,
                bool transport, const keys::IkeSaKeys* ike, uint16_t capture_prf,
                ChildSaRecord& rec);

    std::map<uint64_t, std::vector<uint8_t>> init_ni_;  // IKE_SA_INIT request nonce by SPIi
    std::map<IkeKey, std::pair<std::vector<uint8_t>, std::vector<uint8_t>>> init_nonces_;
    std::map<IkeKey, Request> auth_requests_;  // IKE_AUTH request carrying the SA
    std::map<MsgKey, Request> pending_;        // CREATE_CHILD_SA requests
    keys::KeyStore derived_;
    std::vector<ChildSaRecord> records_;
};

// A sentence for the tree: "keys derived from SK_d", "PFS: ...".
const char* outcome_text(ChildSaRecord::Outcome o);

}  // namespace ikev2::esp
