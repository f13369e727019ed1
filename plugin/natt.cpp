// UDP 4500 (RFC 3948 section 2): NAT-keepalive, non-ESP marker + IKE, or ESP.
//
// IKEv2 behind the marker, keepalives, runts and ESP are shown by this plugin under
// `natt` (ESP by the plugin's `ipsec` dissector). IKEv1 datagrams go to Wireshark's
// built-in UDPENCAP dissector whole, so they look exactly as they did without the
// plugin; so does ESP when the preference ipsec.take_esp is off.
#include "detect.hpp"
#include "esp_glue.hpp"
#include "glue.hpp"

namespace ikev2::ws {

int dispatch_udp4500(tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree, void* data) {
    const uint32_t len = tvb_captured_length(tvb);
    const UdpEncap kind = classify_udp_encap(ByteView(tvb_get_ptr(tvb, 0, len), len));
    const bool ours = kind == UdpEncap::Keepalive || kind == UdpEncap::Invalid ||
                      (kind == UdpEncap::Esp && plugin_takes_esp()) ||
                      (kind == UdpEncap::Ike && ike_major_version_of(tvb, kNonEspMarkerSize) == 2 &&
                       proto_is_protocol_enabled(find_protocol_by_id(proto_ikev2)));
    // The dispatcher has no protocol of its own: the frame's protocol list names only the
    // dissector that decodes the datagram (natt, or udpencap exactly as before).
    if ((!ours || !proto_is_protocol_enabled(find_protocol_by_id(proto_natt))) && handles.udpencap)
        return call_dissector_with_data(handles.udpencap, tvb, pinfo, tree, data);
    return call_dissector_with_data(handles.natt, tvb, pinfo, tree, data);
}

int dissect_natt(tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree, void*) {
    const uint32_t len = tvb_captured_length(tvb);
    const UdpEncap kind = classify_udp_encap(ByteView(tvb_get_ptr(tvb, 0, len), len));
    col_set_str(pinfo->cinfo, COL_PROTOCOL, "NAT-T");
    col_clear(pinfo->cinfo, COL_INFO);
    proto_item* root = proto_tree_add_item(tree, proto_natt, tvb, 0, -1, ENC_NA);
    proto_tree* t = proto_item_add_subtree(root, ett::natt);
    switch (kind) {
    case UdpEncap::Keepalive:
        proto_tree_add_item(t, hf::natt_keepalive, tvb, 0, 1, ENC_NA);
        proto_item_append_text(root, ", NAT-keepalive");
        col_set_str(pinfo->cinfo, COL_INFO, "NAT-keepalive");
        return 1;
    case UdpEncap::Ike: {
        proto_tree_add_item(t, hf::natt_non_esp_marker, tvb, 0, 4, ENC_BIG_ENDIAN);
        proto_item_set_len(root, 4);
        tvbuff_t* ike = tvb_new_subset_remaining(tvb, kNonEspMarkerSize);
        if (ike_major_version_of(ike) == 2)
            call_dissector(handles.ikev2, ike, pinfo, tree);
        else if (handles.isakmp)
            call_dissector(handles.isakmp, ike, pinfo, tree);
        return static_cast<int>(len);
    }
    case UdpEncap::Esp:
        proto_item_set_len(root, 0);
        return call_esp(tvb, pinfo, tree);
    case UdpEncap::Invalid:
        break;
    }
    proto_tree_add_item(t, hf::natt_data, tvb, 0, -1, ENC_NA);
    proto_tree_add_expert(t, pinfo, &ei::natt_invalid, tvb, 0, -1);
    col_set_str(pinfo->cinfo, COL_INFO, "Invalid UDP-encapsulated datagram [Malformed Packet]");
    return static_cast<int>(len);
}

}  // namespace ikev2::ws
