// The IKEv2 message model: a header and a chain of payloads, each with the spans of its
// fields. parse_message() fills it from bytes; nothing here knows about Wireshark.
//
// Wire layouts follow RFC 7296 section 3 (and the RFCs named beside each body). All
// offsets in Span are relative to the start of the buffer given to the parser.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "bytes.hpp"
#include "payloads/layout.hpp"
#include "problems.hpp"

namespace ikev2 {

// RFC 7296 section 3.1: the IKE header, 28 octets.
struct Header {
    uint64_t spi_i = 0;
    uint64_t spi_r = 0;
    uint8_t next_payload = 0;
    uint8_t major = 0;
    uint8_t minor = 0;
    uint8_t exchange = 0;
    uint8_t flags = 0;
    uint32_t message_id = 0;
    uint32_t length = 0;

    static constexpr uint8_t kFlagInitiator = 0x08;
    static constexpr uint8_t kFlagVersion = 0x10;
    static constexpr uint8_t kFlagResponse = 0x20;
    static constexpr size_t kSize = layout::header::kSize;

    bool initiator() const { return flags & kFlagInitiator; }
    bool response() const { return flags & kFlagResponse; }
};

// RFC 7296 section 3.3.5: transform attribute, TV (AF=1) or TLV form.
struct TransformAttribute {
    Span span;
    bool tv = false;
    uint16_t type = 0;    // without the AF bit
    uint16_t value = 0;   // TV form
    Span value_span;      // TLV form
};

// RFC 7296 section 3.3.2.
struct Transform {
    Span span;
    uint8_t last = 0;
    uint16_t length = 0;
    uint8_t type = 0;
    uint16_t id = 0;
    std::vector<TransformAttribute> attributes;
    // Key length attribute (type 14) when present, else 0.
    uint16_t key_length = 0;
};

// RFC 7296 section 3.3.1.
struct Proposal {
    Span span;
    uint8_t last = 0;
    uint16_t length = 0;
    uint8_t number = 0;
    uint8_t protocol = 0;
    uint8_t spi_size = 0;
    uint8_t num_transforms = 0;
    Span spi;
    uint64_t spi_value = 0;  // SPI as a number when it is 4 or 8 octets
    std::vector<Transform> transforms;
};

struct SaBody {
    std::vector<Proposal> proposals;
};

// RFC 7296 section 3.4 (and RFC 9370 for additional key exchanges).
struct KeBody {
    uint16_t group = 0;
    Span data;
};

// RFC 7296 section 3.5.
struct IdBody {
    uint8_t id_type = 0;
    Span data;
    // Decoded form of the data: dotted/colon address, FQDN or RFC 822 string, or the DN
    // as "CN=..., O=..."; empty when the type has no text form (KEY_ID) or did not decode.
    std::string text;
};

// RFC 7296 sections 3.6 and 3.7.
struct CertBody {
    uint8_t encoding = 0;
    Span data;
    // Hash and URL of X.509 certificate / bundle (encodings 12, 13): the 20-octet SHA-1
    // hash, then the URL (RFC 7296 3.6); empty spans for other encodings.
    Span hash, url;
    // CERTREQ with X.509 encodings: SHA-1 hashes of trusted CA public keys (20 octets each).
    std::vector<Span> ca_hashes;
};

// RFC 7296 section 3.8; RFC 7427 for method 14 (Digital Signature).
struct AuthBody {
    uint8_t method = 0;
    Span data;
    // Method 14: the ASN.1 AlgorithmIdentifier and the signature after it.
    Span algorithm_id;
    std::string algorithm_oid;   // dotted form, e.g. "1.2.840.113549.1.1.11"
    const char* algorithm_name = nullptr;
    Span signature;
};

struct NonceBody {
    Span data;
};

// RFC 5857 3.1: one ROHC attribute of ROHC_SUPPORTED.
struct RohcAttribute {
    Span span;
    bool tv = false;      // AF bit: Type/Value, the value in the 2 octets after the type
    uint16_t type = 0;    // 15 bits
    uint16_t length = 0;  // TLV only
    Span value;
    uint32_t number = 0;  // the value as a number when it has 1 to 4 octets
};

// TS 24.008 10.5.3.13: one emergency number (its length octet, the Emergency Service
// Category Value octet, BCD digits).
struct EmergencyNumber {
    Span span;
    uint8_t length = 0;    // octets of category + digits
    uint8_t category = 0;  // the whole octet; bits 1-5: police, ambulance, fire brigade,
                           // marine guard, mountain rescue (TS 24.008 10.5.4.33)
    Span digits_span;
    std::string digits;
};

// Decoded Notify data of the common types (RFC 7296 3.10.1, RFC 5685, RFC 7383,
// RFC 7427, RFC 4555, ...). `kind` says which members are meaningful.
struct NotifyData {
    enum class Kind : uint8_t {
        None,      // no data defined for the type, or none sent
        Opaque,    // data shown as bytes (COOKIE, ...)
        Group,     // INVALID_KE_PAYLOAD: u16 key exchange method
        Hash,      // NAT_DETECTION_*: SHA-1 digest
        U32,       // SET_WINDOW_SIZE, AUTH_LIFETIME
        HashList,  // SIGNATURE_HASH_ALGORITHMS: list of u16
        U16List,   // SECURE_PASSWORD_METHODS and similar lists
        Gateway,   // REDIRECT, REDIRECTED_FROM: GW identity (+ nonce)
        Ipcomp,    // IPCOMP_SUPPORTED: CPI + transform ID
        Spi,       // INVALID_SPI: the SPI in the data
        TicketLifetime,   // TICKET_LT_OPAQUE: u32 lifetime + ticket (RFC 5723 4.3.2)
        MessageIdSync,    // IKEV2_MESSAGE_ID_SYNC: nonce, expected send / recv (RFC 6311 4.1)
        Rohc,             // ROHC_SUPPORTED: ROHC attributes (RFC 5857 3.1)
        BackoffTimer,     // 3GPP BACKOFF_TIMER: length + GPRS timer 3 (TS 24.302 8.2.9.1)
        DeviceIdentity,   // 3GPP DEVICE_IDENTITY: length, type, BCD IMEI(SV) (TS 24.302 8.2.9.2)
        EmergencyNumbers, // 3GPP EMERGENCY_CALL_NUMBERS: list of numbers (TS 24.302 8.2.9.3)
    };
    Kind kind = Kind::None;
    Span value_span;
    uint32_t value = 0;                 // Group, U32, Ipcomp transform ID
    uint16_t cpi = 0;                   // Ipcomp
    std::vector<uint16_t> list;         // HashList, U16List
    std::vector<Span> list_spans;
    uint8_t gw_type = 0;                // Gateway
    Span gw_identity;
    std::string gw_text;
    Span gw_nonce;
    // TicketLifetime: `value` is the lifetime, `value_span` the ticket.
    // MessageIdSync: `value` the nonce, `list32` the expected send and receive IDs.
    std::vector<uint32_t> list32;
    // Rohc (RFC 5857 3.1: AF bit, 15-bit type, then a 2-octet value (TV) or length + value).
    std::vector<RohcAttribute> rohc;
    // 3GPP (TS 24.302 8.2.9): the length octet(s) that open the data, its value.
    Span length_span;
    uint32_t length = 0;
    // BackoffTimer: GPRS timer 3 octet (TS 24.008 10.5.7.4a) in `value`, unit bits 8-6,
    // value bits 5-1; `value_span` the octet; `text` e.g. "1 hour".
    // DeviceIdentity: identity type (1 IMEI, 2 IMEISV) in `value`, its octet in
    // `type_span`; BCD digits in `text` over `value_span`.
    Span type_span;
    std::string text;
    // EmergencyNumbers: one entry per number (TS 24.008 10.5.3.13 octets 3 to j).
    std::vector<EmergencyNumber> numbers;
};

struct NotifyBody {
    uint8_t protocol = 0;
    uint8_t spi_size = 0;
    uint16_t type = 0;
    Span spi;
    uint64_t spi_value = 0;
    Span data;
    NotifyData decoded;
};

// RFC 7296 section 3.11.
struct DeleteBody {
    uint8_t protocol = 0;
    uint8_t spi_size = 0;
    uint16_t num_spis = 0;
    std::vector<Span> spis;
};

struct VendorIdBody {
    Span data;
    const char* vendor = nullptr;  // from the known vendor table, or nullptr
};

// RFC 7296 section 3.13.1; RFC 4595 (FC); RFC 9478 (TS_SECLABEL).
struct TrafficSelector {
    Span span;
    uint8_t type = 0;
    uint8_t ip_protocol = 0;
    uint16_t length = 0;
    uint16_t start_port = 0;
    uint16_t end_port = 0;
    Span start_address;
    Span end_address;
    std::string start_text;   // printable start / end address
    std::string end_text;
    int prefix_len = -1;      // >= 0 when [start, end] is exactly one CIDR block
    std::string cidr;         // "10.1.0.0/24" when prefix_len >= 0
    // TS_FC_ADDR_RANGE
    uint8_t start_r_ctl = 0, end_r_ctl = 0, start_fc_type = 0, end_fc_type = 0;
    // TS_SECLABEL
    Span label;
};

struct TsBody {
    uint8_t num_ts = 0;
    std::vector<TrafficSelector> selectors;
};

// RFC 7296 section 3.14: IV, encrypted payloads and ICV, whose sizes only the IKE SA's
// algorithms tell; split_encrypted (ike_sa.hpp) lays them out once those are known, and
// decryption (decryptor.hpp) returns the same spans.
struct SkBody {
    Span encrypted;   // IV | ciphertext | ICV
};

// RFC 7383 section 2.5.
struct SkfBody {
    uint16_t fragment_number = 0;
    uint16_t total_fragments = 0;
    Span encrypted;
};

// RFC 7296 section 3.15.1.
struct CpAttribute {
    Span span;
    uint16_t type = 0;  // 15 bits, R bit stripped
    uint16_t length = 0;
    Span value;
    std::string text;   // decoded address / prefix / string when the type has one
};

struct CpBody {
    uint8_t cfg_type = 0;
    std::vector<CpAttribute> attributes;
};

struct EapBody {
    Span message;
};

struct OpaqueBody {
    Span data;
};

using PayloadBody = std::variant<OpaqueBody, SaBody, KeBody, IdBody, CertBody, AuthBody,
                                 NonceBody, NotifyBody, DeleteBody, VendorIdBody, TsBody,
                                 SkBody, SkfBody, CpBody, EapBody>;

// RFC 7296 section 3.2: generic payload header plus the body.
struct Payload {
    uint8_t type = 0;          // the type announced by the previous Next Payload field
    uint8_t next_payload = 0;
    bool critical = false;
    uint8_t reserved = 0;      // the 7 reserved bits after C
    uint16_t length = 0;
    Span span;                 // whole payload, header included (clipped to the data)
    Span body;                 // after the 4-octet generic header
    bool known = false;        // a type this parser understands
    PayloadBody content;
    Issues issues;
};

struct Message {
    Header header;
    bool header_ok = false;
    std::vector<Payload> payloads;
    Issues issues;             // problems of the header and of the chain itself
};

// Parse the IKE header and the payload chain of `msg` (an IKE message from its first
// octet). Never fails: problems are recorded and what could be parsed is kept.
Message parse_message(ByteView msg);

// Parse a payload chain starting with `first_type` over `chain` (the plaintext of an SK
// payload, or a message body). Appends to `out`; problems of the chain go to `issues`.
// `first_type_field` is the span of the field that names the first type (the IKE header's
// Next Payload) when it lies in the same buffer, for a chain that ends before it.
void parse_payload_chain(ByteView chain, uint8_t first_type, std::vector<Payload>& out,
                         Issues& issues, Span first_type_field = Span{});

// Parse one payload body of `type` from `body` (after the generic header).
PayloadBody parse_payload_body(uint8_t type, ByteView body, Issues& issues);

// Bounds on what a single message may make the parser allocate (hostile input).
constexpr size_t kMaxPayloadsPerMessage = 4096;
constexpr size_t kMaxItemsPerPayload = 4096;

}  // namespace ikev2
