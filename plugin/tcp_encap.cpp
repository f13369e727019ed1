// IKE and ESP over TCP (RFC 8229 section 3) on TCP 4500.
//
//   stream:  "IKETCP" (once, initiator to responder) then frames
//   IKE:     Length(2) Non-ESP Marker(4) IKE message     (Length counts itself)
//   ESP:     Length(2) ESP packet
//
// Frames are reassembled across segments by tcp_dissect_pdus. The 6-octet prefix is
// treated as a PDU of its own, recognised only at the first octet of the stream (relative
// sequence number 1), so a frame whose length happens to spell "IK" is not mistaken; a
// segment that ends inside the prefix is completed from the next like any other PDU.
//
// Several frames may share a segment. IKE appends its summary to the Info column; ESP and
// the inner packets set the column, so before each ESP frame a separator and a fence keep
// what the frames before it wrote (as Wireshark's own TCP-borne protocols do).
#include <epan/dissectors/packet-tcp.h>

#include <algorithm>

#include "detect.hpp"
#include "esp_glue.hpp"
#include "glue.hpp"

namespace ikev2::ws {

namespace {

// Whether the stream prefix starts at `offset`: the first octet of the stream, and as many
// octets of "IKETCP" as the segment holds (a segment may end inside the prefix).
bool prefix_at(tvbuff_t* tvb, int offset, void* data) {
    const auto* tcp = static_cast<const tcpinfo*>(data);
    if (tcp != nullptr && tcp->seq + static_cast<guint32>(offset) != 1) return false;
    const int have = tvb_captured_length_remaining(tvb, offset);
    const size_t n = std::min(static_cast<size_t>(std::max(have, 0)), kIkeTcpPrefixSize);
    return n > 0 && tvb_memeql(tvb, offset, kIkeTcpPrefix, n) == 0;
}

guint frame_length(packet_info*, tvbuff_t* tvb, int offset, void* data) {
    // The prefix, whole or begun: a 6-octet PDU that tcp_dissect_pdus completes.
    if (prefix_at(tvb, offset, data)) return kIkeTcpPrefixSize;
    guint len = tvb_get_ntohs(tvb, offset);
    // A length below the 2 octets of the field itself cannot advance: take the rest of
    // the segment as one invalid frame instead of looping.
    if (len < 2) return static_cast<guint>(tvb_reported_length_remaining(tvb, offset));
    return len;
}

int dissect_frame(tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree, void*) {
    const int len = static_cast<int>(tvb_reported_length(tvb));
    proto_item* root = proto_tree_add_item(tree, proto_iketcp, tvb, 0, -1, ENC_NA);
    proto_tree* t = proto_item_add_subtree(root, ett::iketcp);
    // frame_length() made a 6-octet PDU only of the stream prefix.
    if (len == static_cast<int>(kIkeTcpPrefixSize) &&
        tvb_memeql(tvb, 0, kIkeTcpPrefix, kIkeTcpPrefixSize) == 0) {
        proto_tree_add_item(t, hf::tcp_prefix, tvb, 0, kIkeTcpPrefixSize, ENC_ASCII);
        proto_item_append_text(root, ", stream prefix");
        col_set_str(pinfo->cinfo, COL_PROTOCOL, "IKE-TCP");
        col_append_sep_str(pinfo->cinfo, COL_INFO, " | ", "IKETCP stream prefix");
        return len;
    }
    proto_item* li = proto_tree_add_item(t, hf::tcp_length, tvb, 0, 2, ENC_BIG_ENDIAN);
    const uint32_t clen = tvb_captured_length(tvb);
    switch (classify_tcp_frame(ByteView(tvb_get_ptr(tvb, 0, clen), clen))) {
    case TcpFrame::Ike: {
        proto_tree_add_item(t, hf::tcp_non_esp_marker, tvb, 2, 4, ENC_BIG_ENDIAN);
        proto_item_set_len(root, 6);
        tvbuff_t* ike = tvb_new_subset_remaining(tvb, 6);
        // Through the registered handle, so that its expert infos and taps name IKEv2,
        // not IKE-TCP, as over UDP.
        if (ike_major_version_of(ike) == 2) call_dissector(handles.ikev2, ike, pinfo, tree);
        else if (handles.isakmp) call_dissector(handles.isakmp, ike, pinfo, tree);
        return len;
    }
    case TcpFrame::Esp:
        proto_item_set_len(root, 2);
        col_set_str(pinfo->cinfo, COL_PROTOCOL, "ESP");
        // The separator only when an earlier frame wrote something.
        col_append_sep_str(pinfo->cinfo, COL_INFO, " | ", "");
        col_set_fence(pinfo->cinfo, COL_INFO);
        call_esp(tvb_new_subset_remaining(tvb, 2), pinfo, tree);
        return len;
    case TcpFrame::Invalid:
        break;
    }
    expert_add_info(pinfo, li, &ei::tcp_invalid);
    col_append_str(pinfo->cinfo, COL_INFO, " [Malformed Packet]");
    if (len > 2) proto_tree_add_item(t, hf::tcp_data, tvb, 2, -1, ENC_NA);
    return len;
}

}  // namespace

int dissect_iketcp(tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree, void* data) {
    col_set_str(pinfo->cinfo, COL_PROTOCOL, "IKE-TCP");
    col_clear(pinfo->cinfo, COL_INFO);
    tcp_dissect_pdus(tvb, pinfo, tree, TRUE, 2, frame_length, dissect_frame, data);
    return static_cast<int>(tvb_captured_length(tvb));
}

}  // namespace ikev2::ws
