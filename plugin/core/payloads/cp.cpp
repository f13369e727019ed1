// Configuration payload (RFC 7296 section 3.15):
//   CFG Type(1) RESERVED(3) Configuration Attributes
//   Attribute (3.15.1): R(1 bit) Attribute Type(15 bits) Length(2) Value
#include "../iana.hpp"
#include "../text.hpp"
#include "payloads.hpp"

namespace ikev2::payloads {

namespace {

// Attribute types with a text form (RFC 7296 3.15.1, RFC 5739, RFC 7651, RFC 8598).
enum : uint16_t {
    kIp4Address = 1, kIp4Netmask = 2, kIp4Dns = 3, kIp4Nbns = 4, kIp4Dhcp = 6,
    kApplicationVersion = 7, kIp6Address = 8, kIp6Dns = 10, kIp6Dhcp = 12, kIp4Subnet = 13,
    kSupportedAttributes = 14, kIp6Subnet = 15, kIp6Prefix = 18, kPcscfIp4 = iana::cfg_attr::kPcscfIp4Address,
    kPcscfIp6 = iana::cfg_attr::kPcscfIp6Address, kDnsDomain = 25,
};

// Required value size of the address-valued types; 0 when free-form. An empty value is
// always allowed: it is how a request asks for the attribute (RFC 7296 3.15.1).
size_t address_size(uint16_t type) {
    switch (type) {
    case kIp4Address: case kIp4Netmask: case kIp4Dns: case kIp4Nbns: case kIp4Dhcp:
    case kPcscfIp4:
        return 4;
    case kIp4Subnet: return 8;
    case kIp6Dns: case kIp6Dhcp: case kPcscfIp6: return 16;
    case kIp6Address: case kIp6Subnet: case kIp6Prefix: return 17;
    default: return 0;
    }
}

std::string decode(uint16_t type, ByteView v) {
    switch (type) {
    case kIp4Address: case kIp4Netmask: case kIp4Dns: case kIp4Nbns: case kIp4Dhcp:
    case kPcscfIp4:
        return v.size == 4 ? ipv4_text(v) : std::string();
    case kIp4Subnet:
        return v.size == 8 ? ipv4_text(v.sub(0, 4)) + "/" + ipv4_text(v.sub(4, 4)) : std::string();
    case kIp6Dns: case kIp6Dhcp: case kPcscfIp6:
        return v.size == 16 ? ipv6_text(v) : std::string();
    case kIp6Address: case kIp6Subnet: case kIp6Prefix:
        return v.size == 17 ? ipv6_text(v.sub(0, 16)) + "/" + std::to_string(v[16]) : std::string();
    case kApplicationVersion: case kDnsDomain:
        return printable(v);
    case kSupportedAttributes: {
        std::string s;
        for (size_t i = 0; i + 1 < v.size; i += 2) {
            if (!s.empty()) s += ",";
            s += std::to_string(load_be16(v.data + i) & 0x7fff);
        }
        return s;
    }
    default:
        return std::string();
    }
}

}  // namespace

CpBody parse_cp(ByteView body, Issues& issues) {
    CpBody cp;
    Reader r(body);
    ByteView h;
    if (!r.bytes(layout::cp::kSize, h)) {
        issues.push_back({Problem::PayloadTooShort, body.span()});
        return cp;
    }
    cp.cfg_type = layout::u8(h, layout::cp::kType);
    while (!r.at_end()) {
        CpAttribute a;
        uint32_t start = r.offset();
        ByteView ah, value;
        const bool header = r.bytes(layout::cp_attribute::kSize, ah);
        if (header) a.length = layout::u16(ah, layout::cp_attribute::kLength);
        if (!header || !r.bytes(a.length, value)) {
            issues.push_back({Problem::BadSubstructureLength, Span{start, static_cast<uint32_t>(body.span().end() - start)}});
            break;
        }
        a.type = layout::u16(ah, layout::cp_attribute::kType) & 0x7fff;  // without the R bit
        a.value = value.span();
        a.span = Span{start, r.offset() - start};
        size_t want = address_size(a.type);
        if (want && value.size && value.size != want)
            issues.push_back({Problem::BadAddressLength, value.span()});
        a.text = decode(a.type, value);
        if (cp.attributes.size() >= kMaxItemsPerPayload) {
            issues.push_back({Problem::TooManyItems, a.span});
            break;
        }
        cp.attributes.push_back(std::move(a));
    }
    return cp;
}

}  // namespace ikev2::payloads
