// Delete payload (RFC 7296 section 3.11):
//   Protocol ID(1) SPI Size(1) Num of SPIs(2) SPIs (SPI Size each)
#include "payloads.hpp"

namespace ikev2::payloads {

DeleteBody parse_delete(ByteView body, Issues& issues) {
    DeleteBody d;
    Reader r(body);
    ByteView h;
    if (!r.bytes(layout::del::kSize, h)) {
        issues.push_back({Problem::PayloadTooShort, body.span()});
        return d;
    }
    d.protocol = layout::u8(h, layout::del::kProtocol);
    d.spi_size = layout::u8(h, layout::del::kSpiSize);
    d.num_spis = layout::u16(h, layout::del::kNumSpis);
    if (d.spi_size == 0) {
        // Deleting an IKE SA: no SPIs (the header names it).
        if (d.num_spis != 0) issues.push_back({Problem::SubstructureCountMismatch, body.sub(layout::del::kNumSpis.off, layout::del::kNumSpis.len).span()});
        if (!r.at_end()) issues.push_back({Problem::ExtraBytesInPayload, r.rest().span()});
        return d;
    }
    ByteView spi;
    while (r.remaining() >= d.spi_size && d.spis.size() < d.num_spis) {
        if (d.spis.size() >= kMaxItemsPerPayload) {
            issues.push_back({Problem::TooManyItems, r.rest().span()});
            return d;
        }
        r.bytes(d.spi_size, spi);
        d.spis.push_back(spi.span());
    }
    if (d.spis.size() != d.num_spis)
        issues.push_back({Problem::SubstructureCountMismatch, body.sub(layout::del::kNumSpis.off, layout::del::kNumSpis.len).span()});
    if (!r.at_end()) issues.push_back({Problem::ExtraBytesInPayload, r.rest().span()});
    return d;
}

}  // namespace ikev2::payloads
