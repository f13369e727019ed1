// The fixed fields of IKEv2 structures, as the RFC diagrams draw them: offset and length
// from the start of the structure, and the size of its fixed part. The one description
// that the parsers (which read the fields here) and the tree (which draws them here) use.
#pragma once

#include <cstddef>
#include <cstdint>

#include "../bytes.hpp"

namespace ikev2::layout {

struct Field {
    uint8_t off;
    uint8_t len;
};

// The field `f` of the structure starting at `v` (bounds-checked: 0 past the end).
inline uint8_t u8(ByteView v, Field f) { return f.off < v.size ? v.data[f.off] : 0; }
inline uint16_t u16(ByteView v, Field f) {
    return size_t{f.off} + 2 <= v.size ? static_cast<uint16_t>((v.data[f.off] << 8) | v.data[f.off + 1]) : 0;
}
inline uint64_t u64(ByteView v, Field f) {  // the first f.len (<= 8) octets, big-endian
    uint64_t x = 0;
    if (size_t{f.off} + f.len > v.size || f.len > 8) return 0;
    for (size_t i = 0; i < f.len; i++) x = (x << 8) | v.data[f.off + i];
    return x;
}
inline Span span(ByteView v, Field f) { return v.sub(f.off, f.len).span(); }

// RFC 7296 3.1, IKE Header: IKE SA Initiator's SPI(8) IKE SA Responder's SPI(8) Next
// Payload(1) MjVer|MnVer(1) Exchange Type(1) Flags(1) Message ID(4) Length(4)
namespace header {
constexpr Field kSpiI{0, 8}, kSpiR{8, 8}, kNext{16, 1}, kVersion{17, 1}, kExchange{18, 1}, kFlags{19, 1},
    kMessageId{20, 4}, kLength{24, 4};
constexpr size_t kSize = 28;
}  // namespace header

// RFC 7296 3.2, Generic Payload Header:
//   Next Payload(1) C|RESERVED(1) Payload Length(2)
namespace generic {
constexpr Field kNext{0, 1}, kCritical{1, 1}, kLength{2, 2};
constexpr size_t kSize = 4;
}  // namespace generic

// 3.3.1 Proposal Substructure:
//   Last Substruc(1) RESERVED(1) Proposal Length(2) Proposal Num(1) Protocol ID(1)
//   SPI Size(1) Num Transforms(1), then SPI and transforms
namespace proposal {
constexpr Field kLast{0, 1}, kReserved{1, 1}, kLength{2, 2}, kNumber{4, 1}, kProtocol{5, 1},
    kSpiSize{6, 1}, kNumTransforms{7, 1};
constexpr size_t kSize = 8;
}  // namespace proposal

// 3.3.2 Transform Substructure:
//   Last Substruc(1) RESERVED(1) Transform Length(2) Transform Type(1) RESERVED(1)
//   Transform ID(2), then attributes
namespace transform {
constexpr Field kLast{0, 1}, kReserved{1, 1}, kLength{2, 2}, kType{4, 1}, kReserved2{5, 1}, kId{6, 2};
constexpr size_t kSize = 8;
}  // namespace transform

// 3.3.5 Transform Attributes: A|Attribute Type(2), then Value (TV) or Length and Value (TLV)
namespace attribute {
constexpr Field kType{0, 2}, kLength{2, 2};
constexpr size_t kSize = 4;
}  // namespace attribute

// 3.4 Key Exchange: Key Exchange Method Num(2) RESERVED(2), then data
namespace ke {
constexpr Field kGroup{0, 2}, kReserved{2, 2};
constexpr size_t kSize = 4;
}  // namespace ke

// 3.5 Identification: ID Type(1) RESERVED(3), then data
namespace id {
constexpr Field kType{0, 1}, kReserved{1, 3};
constexpr size_t kSize = 4;
}  // namespace id

// 3.6 / 3.7 CERT, CERTREQ: Cert Encoding(1), then data
namespace cert {
constexpr Field kEncoding{0, 1};
constexpr size_t kSize = 1;
}  // namespace cert

// 3.8 Authentication: Auth Method(1) RESERVED(3), then data
namespace auth {
constexpr Field kMethod{0, 1}, kReserved{1, 3};
constexpr size_t kSize = 4;
}  // namespace auth

// 3.10 Notify: Protocol ID(1) SPI Size(1) Notify Message Type(2), then SPI and data
namespace notify {
constexpr Field kProtocol{0, 1}, kSpiSize{1, 1}, kType{2, 2};
constexpr size_t kSize = 4;
}  // namespace notify

// Notify data with fixed fields:
// RFC 5685 4 (REDIRECT, REDIRECTED_FROM): Gateway Identity Type(1) Length(1), then identity
namespace gateway_identity {
constexpr Field kType{0, 1}, kLength{1, 1};
constexpr size_t kSize = 2;
}  // namespace gateway_identity
// RFC 7296 3.10.1 (IPCOMP_SUPPORTED): IPComp CPI(2) Transform ID(1)
namespace ipcomp {
constexpr Field kCpi{0, 2}, kTransform{2, 1};
constexpr size_t kSize = 3;
}  // namespace ipcomp
// RFC 6311 4.1 (IKEV2_MESSAGE_ID_SYNC): Nonce Data(4) EXPECTED_SEND_REQ_MESSAGE_ID(4)
// EXPECTED_RECV_REQ_MESSAGE_ID(4)
namespace message_id_sync {
constexpr Field kNonce{0, 4}, kSendMid{4, 4}, kRecvMid{8, 4};
constexpr size_t kSize = 12;
}  // namespace message_id_sync
// RFC 5723 4.3.2 (TICKET_LT_OPAQUE): Lifetime(4), then the ticket
namespace ticket_lt {
constexpr Field kLifetime{0, 4};
constexpr size_t kSize = 4;
}  // namespace ticket_lt

// 3.11 Delete: Protocol ID(1) SPI Size(1) Num of SPIs(2), then SPIs
namespace del {
constexpr Field kProtocol{0, 1}, kSpiSize{1, 1}, kNumSpis{2, 2};
constexpr size_t kSize = 4;
}  // namespace del

// 3.13 Traffic Selector: Number of TSs(1) RESERVED(3), then selectors
namespace ts {
constexpr Field kCount{0, 1}, kReserved{1, 3};
constexpr size_t kSize = 4;
}  // namespace ts

// 3.13.1 Traffic Selector: TS Type(1) IP Protocol ID(1) Selector Length(2), then for the
// IP range types Start Port(2) End Port(2) and the addresses
namespace selector {
constexpr Field kType{0, 1}, kProtocol{1, 1}, kLength{2, 2}, kStartPort{4, 2}, kEndPort{6, 2};
constexpr size_t kSize = 4;
}  // namespace selector

// RFC 4595 4.1.1 Fibre Channel Traffic Selector: TS Type(1) RESERVED(1) Selector
// Length(2) RESERVED(1) Starting Address(3) RESERVED(1) Ending Address(3) Starting R_CTL(1)
// Ending R_CTL(1) Starting Type(1) Ending Type(1)
namespace fc_selector {
constexpr Field kReserved{1, 1}, kReserved2{4, 1}, kStart{5, 3}, kReserved3{8, 1}, kEnd{9, 3},
    kStartRCtl{12, 1}, kEndRCtl{13, 1}, kStartType{14, 1}, kEndType{15, 1};
constexpr size_t kSize = 16;
}  // namespace fc_selector

// 3.15 Configuration: CFG Type(1) RESERVED(3), then attributes
namespace cp {
constexpr Field kType{0, 1}, kReserved{1, 3};
constexpr size_t kSize = 4;
}  // namespace cp

// 3.15.1 Configuration Attributes: R|Attribute Type(2) Length(2), then Value
namespace cp_attribute {
constexpr Field kType{0, 2}, kLength{2, 2};
constexpr size_t kSize = 4;
}  // namespace cp_attribute

// RFC 7383 2.5 Encrypted Fragment: Fragment Number(2) Total Fragments(2), then IV ...
namespace skf {
constexpr Field kNumber{0, 2}, kTotal{2, 2};
constexpr size_t kSize = 4;
}  // namespace skf

}  // namespace ikev2::layout
