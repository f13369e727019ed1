// SA payload: proposals > transforms > attributes (RFC 7296 sections 3.3.1 - 3.3.5).
//
//  Proposal:  Last(1) RESERVED(1) Length(2) Num(1) Protocol(1) SPI Size(1) #Transforms(1) SPI
//  Transform: Last(1) RESERVED(1) Length(2) Type(1) RESERVED(1) Transform ID(2) Attributes
//  Attribute: AF|Type(2) Value(2)                 (TV, AF = 1)
//             AF|Type(2) Length(2) Value(Length)  (TLV, AF = 0)
#include "payloads.hpp"

namespace ikev2::payloads {

namespace {

constexpr uint8_t kLastProposal = 0, kMoreProposals = 2;
constexpr uint8_t kLastTransform = 0, kMoreTransforms = 3;
constexpr uint16_t kAttrKeyLength = 14;

void parse_attributes(ByteView v, Transform& t, Issues& issues) {
    Reader r(v);
    while (!r.at_end()) {
        TransformAttribute a;
        uint32_t start = r.offset();
        uint16_t type = 0;
        if (!r.u16(type) || r.remaining() < 2) {
            issues.push_back({Problem::BadSubstructureLength, r.rest().span()});
            return;
        }
        a.tv = type & 0x8000;
        a.type = type & 0x7fff;
        if (a.tv) {
            r.u16(a.value);
            a.value_span = Span{start + 2, 2};
        } else {
            uint16_t len = 0;
            r.u16(len);
            ByteView value;
            if (!r.bytes(len, value)) {
                issues.push_back({Problem::BadSubstructureLength, Span{start + 2, 2}});
                return;
            }
            a.value_span = value.span();
        }
        a.span = Span{start, r.offset() - start};
        if (a.tv && a.type == kAttrKeyLength) t.key_length = a.value;
        if (t.attributes.size() >= kMaxItemsPerPayload) {
            issues.push_back({Problem::TooManyItems, a.span});
            return;
        }
        t.attributes.push_back(a);
    }
}

void parse_transforms(ByteView v, Proposal& p, Issues& issues) {
    Reader r(v);
    while (!r.at_end()) {
        ByteView here = v.from(r.pos());
        Transform t;
        uint8_t reserved = 0;
        if (here.size < 8) {
            issues.push_back({Problem::BadSubstructureLength, here.span()});
            return;
        }
        r.u8(t.last);
        r.u8(reserved);
        r.u16(t.length);
        if (t.length < 8 || t.length > here.size) {
            issues.push_back({Problem::BadSubstructureLength, here.sub(2, 2).span()});
            return;
        }
        r.u8(t.type);
        r.u8(reserved);
        r.u16(t.id);
        ByteView attrs;
        r.bytes(t.length - 8u, attrs);
        t.span = here.sub(0, t.length).span();
        parse_attributes(attrs, t, issues);
        bool is_last = r.at_end();
        if ((is_last && t.last != kLastTransform) || (!is_last && t.last != kMoreTransforms))
            issues.push_back({Problem::BadLastSubstructure, here.sub(0, 1).span()});
        if (p.transforms.size() >= kMaxItemsPerPayload) {
            issues.push_back({Problem::TooManyItems, t.span});
            return;
        }
        p.transforms.push_back(std::move(t));
    }
}

}  // namespace

SaBody parse_sa(ByteView body, Issues& issues) {
    SaBody sa;
    Reader r(body);
    uint8_t expected_number = 1;
    while (!r.at_end()) {
        ByteView here = body.from(r.pos());
        Proposal p;
        uint8_t reserved = 0;
        if (here.size < 8) {
            issues.push_back({Problem::BadSubstructureLength, here.span()});
            break;
        }
        r.u8(p.last);
        r.u8(reserved);
        r.u16(p.length);
        if (p.length < 8 || p.length > here.size) {
            issues.push_back({Problem::BadSubstructureLength, here.sub(2, 2).span()});
            break;
        }
        r.u8(p.number);
        r.u8(p.protocol);
        r.u8(p.spi_size);
        r.u8(p.num_transforms);
        p.span = here.sub(0, p.length).span();
        ByteView inner = here.sub(8, p.length - 8u);
        r.skip(p.length - 8u);
        if (sa.proposals.size() >= kMaxItemsPerPayload) {
            issues.push_back({Problem::TooManyItems, p.span});
            break;
        }
        if (p.spi_size > inner.size) {
            issues.push_back({Problem::BadSubstructureLength, here.sub(6, 1).span()});
            sa.proposals.push_back(std::move(p));
            continue;
        }
        ByteView spi = inner.sub(0, p.spi_size);
        p.spi = spi.span();
        if (p.spi_size == 4 || p.spi_size == 8) {
            Reader sr(spi);
            if (p.spi_size == 4) {
                uint32_t v32 = 0;
                sr.u32(v32);
                p.spi_value = v32;
            } else {
                sr.u64(p.spi_value);
            }
        }
        parse_transforms(inner.from(p.spi_size), p, issues);
        if (p.transforms.size() != p.num_transforms)
            issues.push_back({Problem::SubstructureCountMismatch, here.sub(7, 1).span()});
        // Proposal numbers start at 1 and go up by one (RFC 7296 3.3.1); a responder's
        // single proposal keeps the number it accepted, so only the first is free.
        if (!sa.proposals.empty() && p.number != expected_number)
            issues.push_back({Problem::BadProposalNumber, here.sub(4, 1).span()});
        expected_number = static_cast<uint8_t>(p.number + 1);
        bool is_last = r.at_end();
        if ((is_last && p.last != kLastProposal) || (!is_last && p.last != kMoreProposals))
            issues.push_back({Problem::BadLastSubstructure, here.sub(0, 1).span()});
        sa.proposals.push_back(std::move(p));
    }
    return sa;
}

}  // namespace ikev2::payloads
