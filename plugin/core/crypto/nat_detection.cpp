#include "nat_detection.hpp"

#include <vector>

#include "gcry.hpp"

namespace ikev2::crypto {

bool nat_detection_hash(uint64_t spi_i, uint64_t spi_r, ByteView address, uint16_t port,
                        NatHash& out) {
    if ((address.size != 4 && address.size != 16) || !detail::gcrypt_ready()) return false;
    std::vector<uint8_t> in;
    in.reserve(8 + 8 + 16 + 2);
    for (int i = 7; i >= 0; i--) in.push_back(static_cast<uint8_t>(spi_i >> (8 * i)));
    for (int i = 7; i >= 0; i--) in.push_back(static_cast<uint8_t>(spi_r >> (8 * i)));
    in.insert(in.end(), address.data, address.data + address.size);
    in.push_back(static_cast<uint8_t>(port >> 8));
    in.push_back(static_cast<uint8_t>(port));
    gcry_md_hash_buffer(GCRY_MD_SHA1, out.data(), in.data(), in.size());
    return true;
}

}  // namespace ikev2::crypto
