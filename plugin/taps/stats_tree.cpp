// Statistics > IKEv2 (GUI) and `tshark -z ikev2,tree`: exchanges by type, requests and
// responses, failures by notify, retransmissions, and the algorithms negotiated.
#include "../analysis.hpp"
#include "iana.hpp"

#include <string>

#include <epan/stats_tree.h>

namespace ikev2::ws {

namespace {

int node_messages = -1, node_exchanges = -1, node_failures = -1, node_ike_algs = -1,
    node_child_algs = -1, node_findings = -1;

const char kMessages[] = "IKEv2 messages";
const char kExchanges[] = "Exchanges by type";
const char kFailures[] = "Failures by notify";
const char kIkeAlgs[] = "IKE SA algorithms negotiated";
const char kChildAlgs[] = "CHILD_SA algorithms negotiated";
const char kFindings[] = "Analysis";

void tree_init(stats_tree* st) {
    node_messages = stats_tree_create_node(st, kMessages, 0, STAT_DT_INT, TRUE);
    node_exchanges = stats_tree_create_node(st, kExchanges, 0, STAT_DT_INT, TRUE);
    node_failures = stats_tree_create_node(st, kFailures, 0, STAT_DT_INT, TRUE);
    node_ike_algs = stats_tree_create_node(st, kIkeAlgs, 0, STAT_DT_INT, TRUE);
    node_child_algs = stats_tree_create_node(st, kChildAlgs, 0, STAT_DT_INT, TRUE);
    node_findings = stats_tree_create_node(st, kFindings, 0, STAT_DT_INT, TRUE);
}

tap_packet_status tree_packet(stats_tree* st, packet_info*, epan_dissect_t*, const void* data, tap_flags_t) {
    const auto* info = static_cast<const IkeTapInfo*>(data);
    if (!info || !info->record) return TAP_PACKET_DONT_REDRAW;
    const analysis::MessageRecord& r = *info->record;
    tick_stat_node(st, kMessages, 0, FALSE);
    const std::string x = iana::name_or(iana::kExchangeTypes, r.exchange, "Unknown");
    tick_stat_node(st, kExchanges, 0, TRUE);
    tick_stat_node(st, x.c_str(), node_exchanges, TRUE);
    const int xnode = stats_tree_parent_id_by_name(st, x.c_str());
    tick_stat_node(st, r.response ? "responses" : "requests", xnode, FALSE);
    for (uint16_t n : r.error_notifies) {
        tick_stat_node(st, kFailures, 0, TRUE);
        tick_stat_node(st, iana::name_or(iana::kNotifyTypes, n, "Unknown"), node_failures, FALSE);
    }
    if (r.response && !r.negotiated.empty() && r.original_frame == 0) {
        const bool ike = r.negotiated.rfind("IKE:", 0) == 0;
        tick_stat_node(st, ike ? kIkeAlgs : kChildAlgs, 0, TRUE);
        tick_stat_node(st, r.negotiated.c_str(), ike ? node_ike_algs : node_child_algs, FALSE);
    }
    for (const analysis::Finding& f : r.findings) {
        const char* name = nullptr;
        switch (f.kind) {
        case analysis::FindingKind::CookieChallenge: name = "Cookie challenges"; break;
        case analysis::FindingKind::Restart: name = "IKE_SA_INIT restarts"; break;
        case analysis::FindingKind::Retransmission: name = "Retransmissions"; break;
        case analysis::FindingKind::RetransmissionStorm: name = "Retransmission storms"; break;
        case analysis::FindingKind::MessageIdOutsideWindow: name = "Message IDs outside the window"; break;
        case analysis::FindingKind::WeakCrypto: name = "Weak cryptography (RFC 8247 / 8221)"; break;
        case analysis::FindingKind::BroadSelector: name = "Broad traffic selectors"; break;
        case analysis::FindingKind::NatDetected: name = "NAT detected"; break;
        default: break;
        }
        if (!name) continue;
        tick_stat_node(st, kFindings, 0, TRUE);
        tick_stat_node(st, name, node_findings, FALSE);
    }
    return TAP_PACKET_REDRAW;
}

}  // namespace

void register_ikev2_stats_tree() {
    stats_tree_register_plugin("ikev2", "ikev2", "IKEv2/Exchanges and failures", 0, tree_packet, tree_init, nullptr);
}

}  // namespace ikev2::ws
