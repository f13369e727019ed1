// Writing ESP SA keys for other tools: Wireshark's `esp_sa` UAT rows (4.0 columns) for
// every SA that format can express, and the plugin's native `esp` lines, commented out,
// for the others (ChaCha20-Poly1305, CCM, GMAC, the RFC 8750 implicit-IV ciphers, XCBC,
// CMAC, extended sequence numbers), which Wireshark 4.0's table has no names for.
//
// This is the one place that writes key bytes: the user asked for them.
#pragma once

#include <string>
#include <vector>

#include "../keys/key_store.hpp"

namespace ikev2::esp {

std::string export_esp_sa(const std::vector<const keys::EspSaKeys*>& sas);

}  // namespace ikev2::esp
