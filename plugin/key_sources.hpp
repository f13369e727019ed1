// Where the plugin's keys come from, merged into one key store: the UATs ikev2_sa_keys and
// ipsec_sa, the key file named by the preference ikev2.key_file (any format the core reads, mixed),
// and the user's existing Wireshark tables `ikev2_decryption_table` and `esp_sa`, read from
// the built-in dissectors' UATs (the configuration folder's rows and those given with
// `-o uat:esp_sa:...`), so keys that worked with the built-in dissectors keep working.
#pragma once

#include <epan/prefs.h>

#include "keys/key_store.hpp"

namespace ikev2::ws {

void register_key_sources(module_t* module);

// Reload the merged store if a source changed (UAT edit, preference, a Wireshark table's
// rows, or a key file whose modification time moved). Called when a capture is opened or reloaded, not per packet.
// Problems are reported once per load, naming file, line and field; never a key.
void refresh_keys();

// Like refresh_keys(), at most once a second and looking at the files only (not at the
// UATs' rows, which change only with an init routine run): called while packets are
// dissected so that a key file edited while a capture is open is picked up by the frames
// decrypted after it.
void refresh_keys_throttled();

// A key source changed (a UAT edit): the next refresh reloads the store.
void keys_changed();

// The merged store as last loaded.
const keys::KeyStore& current_keys();
// The same store for the IKE decryptor, which binds key sets without SPIs to the IKE SAs
// whose messages verify with them (keys/key_store.hpp).
keys::KeyStore& keys_for_binding();

}  // namespace ikev2::ws
