// Statistics > Flow Graph > "IKEv2" and `tshark -z flow,ikev2,network`: one arrow per IKE
// message, labelled "IKE_AUTH request: IDi AUTH SA TSi TSr" (decrypted payloads when the
// keys are known), the comment naming the IKE SA, message ID and analysis.
// The Flow Graph item is declared in ws_compat.hpp (Debian ships no sequence_analysis.h).
#include "../analysis.hpp"
#include "../ws_compat.hpp"
#include "iana.hpp"

namespace ikev2::ws {

namespace {

tap_packet_status flow_packet(void* ptr, packet_info* pinfo, epan_dissect_t*, const void* data, tap_flags_t) {
    auto* sainfo = static_cast<seq_analysis_info_t*>(ptr);
    const auto* info = static_cast<const IkeTapInfo*>(data);
    if (!sainfo || !info || !info->record || !info->label) return TAP_PACKET_DONT_REDRAW;
    seq_analysis_item_t* sai = sequence_analysis_create_sai_with_addresses(pinfo, sainfo);
    if (!sai) return TAP_PACKET_DONT_REDRAW;
    const analysis::MessageRecord& r = *info->record;
    sai->frame_number = pinfo->num;
    sai->port_src = static_cast<guint16>(pinfo->srcport);
    sai->port_dst = static_cast<guint16>(pinfo->destport);
    sai->frame_label = g_strdup(info->label);
    GString* c = g_string_new(nullptr);
    g_string_printf(c, "IKE SA #%u MID %u %s", r.ike_sa, r.message_id, analysis::state_name(r.state));
    if (r.original_frame) g_string_append_printf(c, ", retransmission of %u", r.original_frame);
    for (const analysis::Finding& f : r.findings)
        if (f.kind == analysis::FindingKind::ErrorNotify || f.kind == analysis::FindingKind::CookieChallenge ||
            f.kind == analysis::FindingKind::NatDetected || f.kind == analysis::FindingKind::Restart)
            g_string_append_printf(c, "; %s", f.text.c_str());
    sai->comment = g_string_free(c, FALSE);
    sai->conv_num = static_cast<guint16>(r.ike_sa);
    sai->line_style = 1;
    sai->display = true;
    g_queue_push_tail(sainfo->items, sai);
    return TAP_PACKET_REDRAW;
}

}  // namespace

void register_ikev2_flow_graph(int proto) {
    register_seq_analysis("ikev2", "IKEv2", proto, "ikev2", 0, flow_packet);
}

}  // namespace ikev2::ws
