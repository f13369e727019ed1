// Printable forms of wire values: addresses, prefixes, DER names and OIDs. Kept in the
// core so the Info column, ladders and tests show the same text as the tree.
#pragma once

#include <cstdint>
#include <string>

#include "bytes.hpp"

namespace ikev2 {

std::string ipv4_text(ByteView a);  // 4 octets -> "192.0.2.1"
std::string ipv6_text(ByteView a);  // 16 octets -> RFC 5952 form
// An SPI as the plugin writes it everywhere: "0x" and fixed-width hex (8 digits for ESP
// and AH, 16 for IKE).
std::string spi_text(uint32_t spi);
std::string spi_text(uint64_t spi);
// Prefix length when [start, end] is exactly one CIDR block, else -1 (same-size views).
int cidr_prefix(ByteView start, ByteView end);
// Printable string: bytes outside 0x20..0x7e shown as \xNN.
std::string printable(ByteView s);

// DER: the dotted form of an OBJECT IDENTIFIER's content octets ("" when malformed).
std::string oid_text(ByteView content);
// DER Name (SEQUENCE OF RDN) -> "C=CH, O=strongSwan, CN=moon"; false when not a Name.
bool der_name_text(ByteView der, std::string& out);
// RFC 7427 AlgorithmIdentifier SEQUENCE -> dotted OID of its algorithm; false if malformed.
bool der_algorithm_oid(ByteView der, std::string& oid);
// DER X.509 Certificate (RFC 5280 4.1) -> the bit length of its RSA public key's modulus
// (rsaEncryption or RSASSA-PSS keys, RFC 3279 2.3.1, RFC 4055); false when the key is not
// RSA or the certificate is malformed.
bool rsa_key_bits(ByteView certificate, uint32_t& bits);
// Well-known signature algorithm OIDs (RFC 7427 appendix A and RFC 8420) or nullptr.
const char* signature_algorithm_name(const std::string& oid);

}  // namespace ikev2
