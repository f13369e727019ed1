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
        using namespace layout::transform;
        ByteView here = v.from(r.pos());
        Transform t;
        if (here.size < kSize) {
            issues.push_back({Problem::BadSubstructureLength, here.span()});
            return;
        }
        t.last = layout::u8(here, kLast);
        t.length = layout::u16(here, kLength);
        if (t.length < kSize || t.length > here.size) {
            issues.push_back({Problem::BadSubstructureLength, here.sub(kLength.off, kLength.len).span()});
            return;
        }
        t.type = layout::u8(here, kType);
        t.id = layout::u16(here, kId);
        r.skip(kSize);
        ByteView attrs;
        r.bytes(t.length - kSize, attrs);
        t.span = here.sub(0, t.length).span();
        parse_attributes(attrs, t, issues);
        bool is_last = r.at_end();
        if ((is_last && t.last != kLastTransform) || (!is_last && t.last != kMoreTransforms))
            issues.push_back({Problem::BadLastSubstructure, here.sub(kLast.off, kLast.len).span()});
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
        using namespace layout::proposal;
        ByteView here = body.from(r.pos());
        auto at = [&here](layout::Field f) { return here.sub(f.off, f.len).span(); };
        Proposal p;
        if (here.size < kSize) {
            issues.push_back({Problem::BadSubstructureLength, here.span()});
            break;
        }
        p.last = layout::u8(here, kLast);
        p.length = layout::u16(here, kLength);
        if (p.length < kSize || p.length > here.size) {
            issues.push_back({Problem::BadSubstructureLength, at(kLength)});
            break;
        }
        p.number = layout::u8(here, kNumber);
        p.protocol = layout::u8(here, kProtocol);
        p.spi_size = layout::u8(here, kSpiSize);
        p.num_transforms = layout::u8(here, kNumTransforms);
        p.span = here.sub(0, p.length).span();
        ByteView inner = here.sub(kSize, p.length - kSize);
        r.skip(p.length);
        if (sa.proposals.size() >= kMaxItemsPerPayload) {
            issues.push_back({Problem::TooManyItems, p.span});
            break;
        }
        if (p.spi_size > inner.size) {
            issues.push_back({Problem::BadSubstructureLength, at(kSpiSize)});
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
            issues.push_back({Problem::SubstructureCountMismatch, at(kNumTransforms)});
        // Proposal numbers start at 1 and go up by one (RFC 7296 3.3.1); a responder's
        // single proposal keeps the number it accepted, so only the first is free.
        if (!sa.proposals.empty() && p.number != expected_number)
            issues.push_back({Problem::BadProposalNumber, at(kNumber)});
        expected_number = static_cast<uint8_t>(p.number + 1);
        bool is_last = r.at_end();
        if ((is_last && p.last != kLastProposal) || (!is_last && p.last != kMoreProposals))
            issues.push_back({Problem::BadLastSubstructure, at(kLast)});
        sa.proposals.push_back(std::move(p));
    }
    return sa;
}

}  // namespace ikev2::payloads
