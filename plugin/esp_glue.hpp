// The plugin's ESP side in the glue: the `ipsec` dissector (esp_dissector.cpp), the
// CHILD_SA key derivation fed by the IKEv2 dissector, and what the other glue files call.
#pragma once

#include <epan/packet.h>

#include <vector>

#include "message.hpp"
#include "session/capture.hpp"

namespace ikev2::ws {

inline int proto_ipsec = -1;

// Registration, from proto_register_ikev2 / proto_reg_handoff_ikev2.
void register_ipsec();
void handoff_ipsec();
// The ESP SA table `-z ipsec,sa` (taps/esp_sa_table.cpp), from register_ipsec.
void register_esp_sa_table();

// Queued on the "ipsec" tap once per ESP packet (packet scope): the packet's SA in the
// capture's ESP state (0 when it has none, e.g. too short).
struct EspTapInfo {
    uint32_t sa_id = 0;
};

// ESP from any carrier (IP protocol 50, UDP encapsulation, RFC 8229 TCP): the plugin's
// dissector when it is enabled and takes ESP, else Wireshark's built-in one.
int call_esp(tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree);
// Whether ESP in UDP / TCP goes to the plugin (so UDP 4500 must not hand it to UDPENCAP).
bool plugin_takes_esp();
// Preference ipsec.null_heuristic: packets without keys are tried as NULL encryption
// (session::Options::esp_null_guess, set when the capture is made).
bool esp_null_guess_enabled();

// From the IKEv2 dissector for every IKEv2 message: the CHILD_SAs it completed (their
// keys derived from SK_d by the capture).
void tree_child_sas(const session::IkeFrame& f, tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree);

}  // namespace ikev2::ws
