// Glue between the dissector and the analysis: the per-capture Tracker (core/analysis),
// what one IKE message hands to the taps, and the registration entry points of the
// analysis tree (analysis_tree.cpp) and the taps (taps/*.cpp).
#pragma once

#include <vector>

#include "glue.hpp"
#include "session/capture.hpp"

namespace ikev2::ws {

// Queued on the "ikev2" tap once per IKE message (packet scope: valid during the tap
// callbacks only).
struct IkeTapInfo {
    const Message* message = nullptr;
    const std::vector<Payload>* inner = nullptr;  // decrypted payloads, or nullptr
    const analysis::MessageRecord* record = nullptr;
    const analysis::Tracker* tracker = nullptr;
    const char* label = nullptr;                  // "IKE_AUTH request: IDi AUTH SA TSi TSr"
};

// The analysis of one IKE message (the capture's analysis record `record`, 0 when it
// was not tracked): shown as an "IKEv2 analysis" subtree of `tree` with expert infos,
// and queued on the tap. `inner` is the decrypted payload chain (nullptr when none),
// `ladder` the Flow Graph label (session::IkeView, packet scope).
void analysis_message(tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree, const Message& m,
                      uint32_t record, const std::vector<Payload>* inner, const char* ladder);

// The analysis options the preferences ask for, for the capture's tracker.
analysis::Tracker::Options analysis_options();

// Fields, subtrees, expert infos, preferences and the tap; called from proto_register_ikev2.
void register_analysis(int proto, module_t* prefs);
// Stats tree "IKEv2", the IKE SA table and the Flow Graph entry (taps/).
void register_ikev2_stats_tree();
void register_ikev2_sa_table();
void register_ikev2_flow_graph(int proto);

inline int ikev2_tap = -1;

}  // namespace ikev2::ws
