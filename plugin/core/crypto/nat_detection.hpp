// NAT detection hashes of RFC 7296 section 2.23:
//   NAT_DETECTION_SOURCE_IP / _DESTINATION_IP data = SHA-1(SPIi | SPIr | IP | Port)
// with the SPIs as in the IKE header (SPIr zero in the IKE_SA_INIT request), the IPv4
// (4 octets) or IPv6 (16 octets) address and the UDP port in network order.
#pragma once

#include <array>
#include <cstdint>

#include "../bytes.hpp"

namespace ikev2::crypto {

constexpr size_t kNatHashSize = 20;  // SHA-1
using NatHash = std::array<uint8_t, kNatHashSize>;

// False when `address` is neither 4 nor 16 octets or libgcrypt is unusable.
bool nat_detection_hash(uint64_t spi_i, uint64_t spi_r, ByteView address, uint16_t port,
                        NatHash& out);

}  // namespace ikev2::crypto
