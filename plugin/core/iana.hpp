// IANA "Internet Key Exchange Version 2 (IKEv2) Parameters" registry, one table per
// sub-registry, written once and used by the core (Info column, checks) and by the
// Wireshark glue (hf value strings) alike.
#pragma once

#include <cstddef>
#include <cstdint>

namespace ikev2::iana {

// Layout matches Wireshark 4.0's range_string {uint64_t, uint64_t, const char*} so the
// glue can hand these tables to header fields unchanged (a static_assert there checks it).
// Every table is sorted by `lo` and terminated by {0, 0, nullptr}. Unassigned and
// private-use ranges are named explicitly ("Unassigned", "Private use").
struct Entry {
    uint64_t lo;
    uint64_t hi;
    const char* name;
};

// Date the registry snapshot was taken from (ISO 8601), shown in docs and `-G` output.
extern const char kRegistryDate[];

extern const Entry kExchangeTypes[];      // IKEv2 Exchange Types
extern const Entry kPayloadTypes[];       // IKEv2 Payload Types (incl. 0 "No Next Payload")
extern const Entry kTransformTypes[];     // Transform Type Values (incl. ADDKE1..7)
extern const Entry kEncrIds[];            // Transform Type 1 - Encryption Algorithm IDs
extern const Entry kPrfIds[];             // Transform Type 2 - PRF IDs
extern const Entry kIntegIds[];           // Transform Type 3 - Integrity Algorithm IDs
extern const Entry kKeyExchangeIds[];     // Transform Type 4 - Key Exchange Method IDs (DH, ECP, x25519, ML-KEM)
extern const Entry kEsnIds[];             // Transform Type 5 - Sequence Numbers
extern const Entry kTransformAttrTypes[]; // IKEv2 Transform Attribute Types
extern const Entry kNotifyTypes[];        // IKEv2 Notify Message Types (error and status)
extern const Entry kIdTypes[];            // IKEv2 Identification Payload ID Types
extern const Entry kAuthMethods[];        // IKEv2 Authentication Method
extern const Entry kTsTypes[];            // IKEv2 Traffic Selector Types
extern const Entry kCfgTypes[];           // IKEv2 Configuration Payload CFG Types
extern const Entry kCfgAttrTypes[];       // IKEv2 Configuration Payload Attribute Types
extern const Entry kCertEncodings[];      // IKEv2 Certificate Encodings
extern const Entry kProtocolIds[];        // IKEv2 Security Protocol Identifiers
extern const Entry kHashAlgorithms[];     // IKEv2 Hash Algorithms (RFC 7427)
extern const Entry kGatewayIdTypes[];     // IKEv2 Gateway Identity Types (RFC 5685)
extern const Entry kIpcompIds[];          // IPCOMP Transform IDs (IPCOMP_SUPPORTED notify)

extern const Entry kRohcAttrTypes[];      // ROHC Attribute Types (RFC 5857 3.1)
extern const Entry kGprsTimer3Units[];    // GPRS timer 3 units (3GPP TS 24.008 10.5.7.4a)
extern const Entry kDeviceIdentityTypes[];// DEVICE_IDENTITY types (3GPP TS 24.302 8.2.9.2)

// Name of `value` in `table`, or nullptr when no entry covers it.
const char* name_of(const Entry* table, uint64_t value);

// Name of `value`, or `fallback` when no entry covers it.
const char* name_or(const Entry* table, uint64_t value, const char* fallback);

// Transform ID table for a transform type (1..5 and the ADDKE types, which use the key
// exchange method IDs); nullptr for types without an ID registry.
const Entry* transform_id_table(uint64_t transform_type);

// Short label used in the Info column and ladders ("SA", "KE", "IDi", "N", "SK", ...),
// as network engineers know them from router debugs; nullptr for unknown payload types.
const char* payload_short_name(uint64_t payload_type);

// Notify types below 16384 are errors (RFC 7296 section 3.10.1).
constexpr bool notify_is_error(uint64_t type) { return type < 16384; }

// Some well-known numbers used by the parsers.
namespace payload {
constexpr uint8_t kNone = 0, kSA = 33, kKE = 34, kIDi = 35, kIDr = 36, kCERT = 37, kCERTREQ = 38,
                  kAUTH = 39, kNonce = 40, kNotify = 41, kDelete = 42, kVendorId = 43, kTSi = 44,
                  kTSr = 45, kSK = 46, kCP = 47, kEAP = 48, kGSPM = 49, kIDg = 50, kGSA = 51,
                  kKD = 52, kSKF = 53, kPS = 54;
}  // namespace payload

namespace exchange {
constexpr uint8_t kIkeSaInit = 34, kIkeAuth = 35, kCreateChildSa = 36, kInformational = 37,
                  kIkeSessionResume = 38, kGsaAuth = 39, kGsaRegistration = 40, kGsaRekey = 41,
                  kIkeIntermediate = 43, kIkeFollowupKe = 44;
}  // namespace exchange

// Security Protocol Identifiers (RFC 7296 3.3.1).
namespace protocol {
constexpr uint8_t kIke = 1, kAh = 2, kEsp = 3;
}  // namespace protocol

// Transform Type Values (RFC 7296 3.3.2).
namespace transform_type {
constexpr uint8_t kEncr = 1, kPrf = 2, kInteg = 3, kKe = 4, kEsn = 5;
}  // namespace transform_type

// Notify Message Types the core acts on (RFC 7296 3.10.1 and the RFCs named).
namespace notify {
constexpr uint16_t kInvalidMessageId = 9, kInvalidSpi = 11, kNoProposalChosen = 14,
                   kInvalidKePayload = 17, kAuthenticationFailed = 24,
                   kSetWindowSize = 16385, kIpcompSupported = 16387,
                   kNatDetectionSourceIp = 16388, kNatDetectionDestinationIp = 16389,
                   kCookie = 16390, kUseTransportMode = 16391, kRekeySa = 16393,
                   kAuthLifetime = 16403,            // RFC 4478
                   kRedirect = 16407, kRedirectedFrom = 16408,  // RFC 5685
                   kTicketLtOpaque = 16409,          // RFC 5723
                   kRohcSupported = 16416,           // RFC 5857
                   kMessageIdSync = 16422,           // RFC 6311
                   kSecurePasswordMethods = 16424,   // RFC 6467
                   kSignatureHashAlgorithms = 16431,  // RFC 7427
                   // 3GPP private status types (TS 24.302 8.1.2.3).
                   kBackoffTimer3gpp = 41041, kDeviceIdentity3gpp = 41101,
                   kEmergencyCallNumbers3gpp = 41134;
}  // namespace notify

// Configuration attribute types the glue shows as addresses (RFC 7651).
namespace cfg_attr {
constexpr uint16_t kPcscfIp4Address = 20, kPcscfIp6Address = 21;
}  // namespace cfg_attr

// Gateway Identity Types (RFC 5685 9).
namespace gateway_id {
constexpr uint8_t kIpv4 = 1, kIpv6 = 2, kFqdn = 3;
}  // namespace gateway_id

// Certificate Encodings (RFC 7296 3.6).
namespace cert_encoding {
constexpr uint8_t kX509Signature = 4, kHashUrlX509 = 12, kHashUrlX509Bundle = 13;
}  // namespace cert_encoding

}  // namespace ikev2::iana
