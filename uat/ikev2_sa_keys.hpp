// The UAT "ikev2_sa_keys": one row per IKE SA with its SPIs and keys (Edit > Preferences >
// Protocols > IKEv2 > IKEv2 SA keys). Rows are checked when edited or loaded, and copied
// into the plugin's key store.
#pragma once

#include <epan/prefs.h>

#include "keys/key_store.hpp"

namespace ikev2::ws {

// Register the table and its preference under `module`. `changed` runs after every edit
// or load, so the owner can rebuild its key store.
void register_ikev2_sa_keys_uat(module_t* module, void (*changed)());

// Copy the current rows into `store` (rows that failed their checks are skipped).
size_t add_uat_keys(keys::KeyStore& store);

}  // namespace ikev2::ws
