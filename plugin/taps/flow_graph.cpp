// Statistics > Flow Graph > "IKEv2" and `tshark -z flow,ikev2,network`: one arrow per IKE
// message, labelled "IKE_AUTH request: IDi AUTH SA TSi TSr" (decrypted payloads when the
// keys are known), the comment naming the IKE SA, message ID and analysis.
//
// Debian's libwireshark-dev does not ship epan/sequence_analysis.h, so the little we use
// is declared here. The layout below is Wireshark 4.0's seq_analysis_item_t; it was checked
// against libwireshark.so.16 (sequence_analysis_create_sai_with_addresses allocates 0x90
// octets, frame_label is at 0x48, comment at 0x58, fg/bg colour at 0x64/0x68). We never
// allocate the struct ourselves: the library does, so only the offsets we write matter.
#include "../analysis.hpp"
#include "iana.hpp"

#include <cstddef>

#include <epan/address.h>
#include <epan/tap.h>

extern "C" {
typedef struct _seq_analysis_item {
    guint32 frame_number;
    address src_addr;
    guint16 port_src;
    address dst_addr;
    guint16 port_dst;
    gchar* frame_label;
    gchar* time_str;
    gchar* comment;
    guint16 conv_num;
    unsigned fg_color;
    unsigned bg_color;
    gboolean has_color_filter;
    gboolean display;
    guint src_node;
    guint dst_node;
    guint16 line_style;
    gchar* protocol;
    void* reserved;  // 4.0 has one more pointer-sized member we never touch
} seq_analysis_item_t;

// 4.0 has no all_packets member (sequence_analysis_list_free clears nconv at 0x0c and
// frees items at 0x10); the members after `items` are not used here.
typedef struct _seq_analysis_info {
    const char* name;
    gboolean any_addr;
    int nconv;
    GQueue* items;
} seq_analysis_info_t;

WS_DLL_PUBLIC void register_seq_analysis(const char* name, const char* ui_name, const int proto_id,
                                         const char* tap_listener, guint tap_flags, tap_packet_cb tap_func);
WS_DLL_PUBLIC seq_analysis_item_t* sequence_analysis_create_sai_with_addresses(packet_info* pinfo,
                                                                               seq_analysis_info_t* sainfo);
}

static_assert(sizeof(address) == 24, "Wireshark 4.0 address layout");
static_assert(sizeof(seq_analysis_item_t) == 0x90, "Wireshark 4.0 seq_analysis_item_t size");
static_assert(offsetof(seq_analysis_item_t, frame_label) == 0x48, "frame_label offset");
static_assert(offsetof(seq_analysis_item_t, comment) == 0x58, "comment offset");
static_assert(offsetof(seq_analysis_item_t, fg_color) == 0x64, "fg_color offset");
static_assert(offsetof(seq_analysis_item_t, has_color_filter) == 0x6c, "has_color_filter offset");
static_assert(offsetof(seq_analysis_info_t, any_addr) == 0x08, "any_addr offset");
static_assert(offsetof(seq_analysis_info_t, items) == 0x10, "items offset");

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
    sai->display = TRUE;
    g_queue_push_tail(sainfo->items, sai);
    return TAP_PACKET_REDRAW;
}

}  // namespace

void register_ikev2_flow_graph(int proto) {
    register_seq_analysis("ikev2", "IKEv2", proto, "ikev2", 0, flow_packet);
}

}  // namespace ikev2::ws
