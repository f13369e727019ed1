// Header and payload chain (RFC 7296 sections 3.1 and 3.2).
#include "message.hpp"

#include <algorithm>

#include "iana.hpp"
#include "payloads/payloads.hpp"

namespace ikev2 {

namespace {

constexpr size_t kGenericHeaderSize = layout::generic::kSize;

bool is_known_payload(uint8_t type) {
    using namespace iana::payload;
    switch (type) {
    case kSA: case kKE: case kIDi: case kIDr: case kCERT: case kCERTREQ: case kAUTH:
    case kNonce: case kNotify: case kDelete: case kVendorId: case kTSi: case kTSr: case kSK:
    case kCP: case kEAP: case kSKF:
        return true;
    default:
        return false;
    }
}

}  // namespace

PayloadBody parse_payload_body(uint8_t type, ByteView body, Issues& issues) {
    using namespace iana::payload;
    switch (type) {
    case kSA: return payloads::parse_sa(body, issues);
    case kKE: return payloads::parse_ke(body, issues);
    case kIDi: case kIDr: return payloads::parse_id(body, issues);
    case kCERT: return payloads::parse_cert(body, issues, false);
    case kCERTREQ: return payloads::parse_cert(body, issues, true);
    case kAUTH: return payloads::parse_auth(body, issues);
    case kNonce: return NonceBody{body.span()};
    case kNotify: return payloads::parse_notify(body, issues);
    case kDelete: return payloads::parse_delete(body, issues);
    case kVendorId: return payloads::parse_vendor_id(body);
    case kTSi: case kTSr: return payloads::parse_ts(body, issues);
    case kSK: return SkBody{body.span()};
    case kSKF: return payloads::parse_skf(body, issues);
    case kCP: return payloads::parse_cp(body, issues);
    case kEAP: return EapBody{body.span()};
    default: return OpaqueBody{body.span()};
    }
}

void parse_payload_chain(ByteView chain, uint8_t first_type, std::vector<Payload>& out,
                         Issues& issues, Span first_type_field) {
    uint8_t type = first_type;
    size_t pos = 0;
    size_t count = 0;
    // The Next Payload field that named `type`; else an empty span where the chain starts.
    Span announced = first_type_field.empty() ? chain.sub(0, 0).span() : first_type_field;
    // Room for a usual chain at once (a Payload is large, and growing the vector one by
    // one moves each several times): at most one payload per header's worth of octets.
    out.reserve(out.size() + std::min<size_t>(chain.size / kGenericHeaderSize, 16));
    while (type != iana::payload::kNone) {
        ByteView here = chain.from(pos);
        if (here.size == 0) {
            // Nothing is cut off: the data ends where a payload ends, and the field names a
            // next one where the last payload's should be 0 (RFC 7296 3.2).
            issues.push_back({Problem::NextPayloadMissing, announced, type});
            return;
        }
        if (here.size < kGenericHeaderSize) {
            issues.push_back({Problem::PayloadHeaderTruncated, here.span()});
            return;
        }
        if (++count > kMaxPayloadsPerMessage) {
            issues.push_back({Problem::TooManyItems, here.span()});
            return;
        }
        Payload p;
        p.type = type;
        p.next_payload = layout::u8(here, layout::generic::kNext);
        p.critical = layout::u8(here, layout::generic::kCritical) & 0x80;
        p.reserved = layout::u8(here, layout::generic::kCritical) & 0x7f;
        p.length = layout::u16(here, layout::generic::kLength);
        p.known = is_known_payload(type);

        size_t len = p.length;
        bool stop = false;
        if (len < kGenericHeaderSize) {
            // A length below the header would loop forever or walk backwards: stop here.
            // Nothing tells where the body ends: show the header alone and stop.
            p.issues.push_back({Problem::PayloadLengthTooShort, here.sub(2, 2).span()});
            len = kGenericHeaderSize;
            stop = true;
        } else if (len > here.size) {
            p.issues.push_back({Problem::PayloadLengthBeyondData, here.sub(2, 2).span()});
            len = here.size;
            stop = true;
        }
        ByteView whole = here.sub(0, len);
        p.span = whole.span();
        announced = here.sub(0, 1).span();
        ByteView body = whole.from(kGenericHeaderSize);
        p.body = body.span();
        if (!p.known)
            p.issues.push_back({p.critical ? Problem::UnknownCriticalPayload
                                           : Problem::UnknownPayload,
                                whole.span()});
        // A body whose end is unknown (length below the header) is not parsed: it would
        // only add problems that repeat the one already reported.
        p.content = len == kGenericHeaderSize && p.length < kGenericHeaderSize
                        ? PayloadBody{OpaqueBody{body.span()}}
                        : parse_payload_body(type, body, p.issues);
        pos += len;
        // SK and SKF must be last (RFC 7296 3.14, RFC 7383 2.5): their Next Payload names
        // the first inner payload, so the outer chain ends here.
        bool encrypted = type == iana::payload::kSK || type == iana::payload::kSKF;
        type = p.next_payload;
        out.push_back(std::move(p));
        if (stop) return;
        if (encrypted) break;
    }
    if (pos < chain.size) issues.push_back({Problem::TrailingData, chain.from(pos).span()});
}

Message parse_message(ByteView msg) {
    Message m;
    using namespace layout::header;
    Header& h = m.header;
    if (msg.size < kSize) {
        m.issues.push_back({Problem::HeaderTruncated, msg.span()});
        return m;
    }
    h.spi_i = layout::u64(msg, kSpiI);
    h.spi_r = layout::u64(msg, kSpiR);
    h.next_payload = layout::u8(msg, kNext);
    const uint8_t version = layout::u8(msg, kVersion);
    h.exchange = layout::u8(msg, kExchange);
    h.flags = layout::u8(msg, kFlags);
    h.message_id = static_cast<uint32_t>(layout::u64(msg, kMessageId));
    h.length = static_cast<uint32_t>(layout::u64(msg, kLength));
    m.header_ok = true;
    h.major = version >> 4;
    h.minor = version & 0x0f;
    if (h.major != 2) {
        m.issues.push_back({Problem::BadMajorVersion, layout::span(msg, kVersion)});
        return m;  // RFC 7296 3.1: not a message this parser may interpret
    }
    if (h.minor != 0) m.issues.push_back({Problem::UnexpectedMinorVersion, layout::span(msg, kVersion)});
    if (h.flags & ~(Header::kFlagInitiator | Header::kFlagVersion | Header::kFlagResponse))
        m.issues.push_back({Problem::ReservedFlagsSet, layout::span(msg, kFlags)});

    ByteView chain = msg.sub(Header::kSize, msg.size);
    if (h.length != msg.size) {
        m.issues.push_back({Problem::LengthMismatch, msg.sub(24, 4).span()});
        // Trust the smaller of the two so no payload reaches past either.
        if (h.length >= Header::kSize && h.length < msg.size)
            chain = msg.sub(Header::kSize, h.length - Header::kSize);
    }
    parse_payload_chain(chain, h.next_payload, m.payloads, m.issues, msg.sub(16, 1).span());
    return m;
}

const char* problem_text(Problem p) {
    switch (p) {
    case Problem::HeaderTruncated: return "IKE header truncated (fewer than 28 octets)";
    case Problem::BadMajorVersion: return "Major version is not 2";
    case Problem::UnexpectedMinorVersion: return "Minor version is not 0";
    case Problem::ReservedFlagsSet: return "Reserved flag bits are set";
    case Problem::LengthMismatch: return "Length in the IKE header differs from the message size";
    case Problem::PayloadHeaderTruncated: return "Payload header truncated";
    case Problem::PayloadLengthTooShort: return "Payload length is shorter than the payload header";
    case Problem::PayloadLengthBeyondData: return "Payload length runs past the end of the message";
    case Problem::TrailingData: return "Data after the last payload";
    case Problem::PayloadTooShort: return "Payload too short for its fixed fields";
    case Problem::ExtraBytesInPayload: return "Extra bytes at the end of the payload";
    case Problem::UnknownCriticalPayload: return "Unknown payload with the critical bit set";
    case Problem::UnknownPayload: return "Unknown payload type (skipped)";
    case Problem::BadSubstructureLength: return "Invalid substructure length";
    case Problem::SubstructureCountMismatch: return "Declared count differs from the items present";
    case Problem::BadLastSubstructure: return "Wrong \"last substructure\" value";
    case Problem::BadProposalNumber: return "Proposal numbers are not consecutive from 1";
    case Problem::BadAddressLength: return "Address length does not match its type";
    case Problem::BadSelectorRange: return "Traffic selector start is above its end";
    case Problem::BadEncoding: return "Content could not be decoded";
    case Problem::TooManyItems: return "Too many items (parser limit reached)";
    case Problem::NextPayloadMissing: return "Next payload announced, but the message ends";
    }
    return "Unknown problem";
}

}  // namespace ikev2
