// The UAT "ipsec_sa": one row per ESP SA, one direction each (Edit > Preferences >
// Protocols > IPsec > ESP SAs). Rows are checked when edited or loaded, and copied into
// the plugin's key store. Unlike Wireshark's own esp_sa table, the algorithm choices are
// the crypto core's whole table (CCM, GMAC, ChaCha20-Poly1305, Camellia, XCBC, CMAC) and
// a row can say that the SA uses extended sequence numbers.
#pragma once

#include <epan/prefs.h>

#include "keys/key_store.hpp"

namespace ikev2::ws {

// Register the table and its preference under `module` (the `ipsec` protocol's module).
// `changed` runs after every edit or load, so the owner can rebuild its key store.
void register_ipsec_sa_uat(module_t* module, void (*changed)());

// Copy the current valid rows into `store`; returns how many.
size_t add_ipsec_uat_keys(keys::KeyStore& store);

}  // namespace ikev2::ws
