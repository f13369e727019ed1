// Shared declarations of the Wireshark glue: protocol, field, subtree and expert ids
// (registered in register.cpp) and the dissector entry points. Only the glue includes
// Wireshark headers; the core (core/) never does.
#pragma once

#include <epan/expert.h>
#include <epan/packet.h>

#include "ws_compat.hpp"

#include "detect.hpp"
#include "problems.hpp"
#include "session/capture.hpp"

namespace ikev2::ws {

inline int proto_ikev2 = -1;
inline int proto_natt = -1;
inline int proto_iketcp = -1;

// Header fields, grouped as the tree shows them. Each is documented in docs/fields.md.
namespace hf {
// IKE header (RFC 7296 3.1)
inline int spi_i = -1, spi_r = -1, next_payload = -1, version = -1, version_major = -1,
           version_minor = -1, exchange_type = -1, flags = -1, flag_initiator = -1,
           flag_version = -1, flag_response = -1, message_id = -1, length = -1, summary = -1;
// Generic payload header (3.2)
inline int payload_type = -1, payload_next = -1, payload_critical = -1, payload_reserved = -1,
           payload_length = -1, payload_data = -1;
// SA (3.3)
inline int prop = -1, prop_last = -1, prop_reserved = -1, prop_length = -1, prop_number = -1,
           prop_protocol = -1, prop_spi_size = -1, prop_num_transforms = -1, prop_spi = -1;
inline int xform = -1, xform_last = -1, xform_reserved = -1, xform_length = -1,
           xform_type = -1, xform_reserved2 = -1, xform_id = -1, xform_encr = -1,
           xform_prf = -1, xform_integ = -1, xform_ke = -1, xform_esn = -1,
           xform_key_length = -1;
inline int attr = -1, attr_format = -1, attr_type = -1, attr_value = -1, attr_length = -1,
           attr_data = -1;
// KE (3.4)
inline int ke_group = -1, ke_reserved = -1, ke_data = -1;
// IDi / IDr (3.5)
inline int id_type = -1, id_reserved = -1, id_data = -1, id_ipv4 = -1, id_ipv6 = -1,
           id_fqdn = -1, id_rfc822 = -1, id_dn = -1, id_key_id = -1, id_text = -1;
// CERT / CERTREQ (3.6, 3.7)
inline int cert_encoding = -1, cert_data = -1, cert_hash = -1, cert_url = -1, certreq_encoding = -1, certreq_ca = -1,
           certreq_data = -1;
// AUTH (3.8, RFC 7427)
inline int auth_method = -1, auth_reserved = -1, auth_data = -1, auth_sig_alg_length = -1,
           auth_sig_alg_id = -1, auth_sig_alg_oid = -1, auth_sig_alg_name = -1,
           auth_signature = -1;
// Nonce (3.9)
inline int nonce_data = -1;
// Notify (3.10)
inline int notify_protocol = -1, notify_spi_size = -1, notify_type = -1, notify_spi = -1,
           notify_data = -1, notify_ke_group = -1, notify_nat_hash = -1, notify_cookie = -1,
           notify_window_size = -1, notify_auth_lifetime = -1, notify_message_id = -1,
           notify_hash_algorithm = -1, notify_password_method = -1, notify_gw_type = -1,
           notify_gw_length = -1, notify_gw_ipv4 = -1, notify_gw_ipv6 = -1,
           notify_gw_fqdn = -1, notify_gw_identity = -1, notify_gw_nonce = -1,
           notify_ipcomp_cpi = -1, notify_ipcomp_transform = -1, notify_invalid_spi = -1,
           notify_ticket_lifetime = -1, notify_ticket = -1, notify_sync_nonce = -1,
           notify_sync_send_mid = -1, notify_sync_recv_mid = -1;
// ROHC_SUPPORTED attributes (RFC 5857 3.1)
inline int rohc_attr = -1, rohc_attr_af = -1, rohc_attr_type = -1, rohc_attr_length = -1,
           rohc_attr_value = -1, rohc_max_cid = -1, rohc_profile = -1, rohc_integ = -1,
           rohc_icv_len = -1, rohc_mrru = -1;
// 3GPP private notifies (TS 24.302 8.2.9)
inline int g3_backoff_length = -1, g3_backoff_timer = -1, g3_backoff_unit = -1,
           g3_backoff_value = -1, g3_device_identity_length = -1, g3_device_identity_type = -1,
           g3_imei = -1, g3_imeisv = -1, g3_emergency_length = -1, g3_emergency = -1,
           g3_emergency_element_length = -1, g3_emergency_category = -1,
           g3_emergency_spare = -1, g3_emergency_police = -1, g3_emergency_ambulance = -1,
           g3_emergency_fire = -1, g3_emergency_marine = -1, g3_emergency_mountain = -1,
           g3_emergency_number = -1;
// Delete (3.11)
inline int del_protocol = -1, del_spi_size = -1, del_num_spis = -1, del_spi = -1;
// Vendor ID (3.12)
inline int vid_data = -1, vid_vendor = -1;
// TSi / TSr (3.13)
inline int ts_count = -1, ts_reserved = -1, ts = -1, ts_type = -1, ts_protocol = -1,
           ts_length = -1, ts_start_port = -1, ts_end_port = -1, ts_start_ipv4 = -1,
           ts_end_ipv4 = -1, ts_start_ipv6 = -1, ts_end_ipv6 = -1, ts_cidr = -1,
           ts_fc_reserved = -1, ts_fc_start = -1, ts_fc_end = -1, ts_fc_start_r_ctl = -1,
           ts_fc_end_r_ctl = -1, ts_fc_start_type = -1, ts_fc_end_type = -1,
           ts_seclabel = -1, ts_data = -1;
inline int sk_icv_status = -1, sk_decrypted = -1, skf_plaintext = -1, sk_unauthenticated = -1;
inline int sk_padding = -1, sk_pad_length = -1;
// SK (3.14) and SKF (RFC 7383)
inline int sk_data = -1, skf_number = -1, skf_total = -1, skf_data = -1, sk_iv = -1,
           sk_ciphertext = -1, sk_icv = -1, sk_encr = -1, sk_integ = -1, sk_sa_frame = -1;
// CP (3.15)
inline int cp_type = -1, cp_reserved = -1, cp_attr = -1, cp_attr_type = -1,
           cp_attr_length = -1, cp_attr_value = -1, cp_attr_text = -1, cp_attr_r = -1,
           cp_p_cscf_ipv4 = -1, cp_p_cscf_ipv6 = -1;
// EAP (3.16)
inline int eap_data = -1;
// NAT-T layer (RFC 3948)
inline int natt_non_esp_marker = -1, natt_keepalive = -1, natt_data = -1;
// IKE over TCP (RFC 8229)
inline int tcp_prefix = -1, tcp_length = -1, tcp_non_esp_marker = -1, tcp_data = -1;
}  // namespace hf

namespace ett {
inline int ikev2 = -1, header = -1, flags = -1, version = -1, payload = -1, proposal = -1,
           transform = -1, attribute = -1, selector = -1, notify_data = -1, cp_attr = -1,
           auth_sig = -1, natt = -1, iketcp = -1, decrypted = -1, rohc_attr = -1,
           emergency = -1, emergency_category = -1, backoff_timer = -1;
}  // namespace ett

namespace ei {
// One expert info per core Problem (ikev2.malformed.*), indexed by the Problem value.
inline expert_field problem[32];
inline expert_field notify_error = EI_INIT;        // error Notify received
inline expert_field sk_no_keys = EI_INIT;          // first SK of an IKE SA without keys
inline expert_field sk_no_algorithms = EI_INIT;    // keys, but algorithms unknown
inline expert_field sk_bad_keys = EI_INIT;         // keys do not fit the algorithms
inline expert_field sk_icv_bad = EI_INIT;          // ICV or AEAD tag mismatch (the text says what is shown)
inline expert_field sk_decrypt_failed = EI_INIT;   // bad length or padding
inline expert_field sk_keys_bound = EI_INIT;       // keys without SPIs bound by this message
inline expert_field natt_invalid = EI_INIT;        // UDP 4500 datagram that is neither
inline expert_field tcp_invalid = EI_INIT;         // bad RFC 8229 frame length
inline expert_field sa_table_full = EI_INIT;       // IKE SA not remembered: table bound hit
inline expert_field analysis_full = EI_INIT;       // a CHILD_SA, request or record not remembered
}  // namespace ei

// Whether the expert info of a core Problem is in the PI_MALFORMED group (register.cpp).
bool problem_is_malformed(Problem p);

// Preferences.
namespace prefs {
// Take UDP 500/4500 and TCP 4500 from the built-ins (a gboolean: Wireshark writes it).
inline pref_bool take_ports = true;
// Decrypt and show SK / SKF payloads whose ICV fails (ciphers with a separate INTEG only),
// marked as not authenticated.
inline pref_bool decrypt_unauthenticated = true;
// The Info column lists every payload (else: without Vendor IDs and routine notifies).
inline pref_bool info_all_payloads = false;
}  // namespace prefs

// Handles of Wireshark's own dissectors we hand data to.
struct Handles {
    dissector_handle_t isakmp = nullptr;
    dissector_handle_t udpencap = nullptr;
    dissector_handle_t esp = nullptr;
    dissector_handle_t eap = nullptr;
    dissector_handle_t x509 = nullptr;
    dissector_handle_t data = nullptr;
    dissector_handle_t ikev2 = nullptr;       // one whole IKEv2 message
    dissector_handle_t natt = nullptr;        // the RFC 3948 layer
    dissector_handle_t iketcp = nullptr;      // RFC 8229 stream
    dissector_handle_t udp500 = nullptr;      // port dispatchers, without a protocol
    dissector_handle_t udp4500 = nullptr;
};
inline Handles handles;

// Major version of the IKE header at `offset` in `tvb` (core ike_major_version), -1 when
// too short.
inline int ike_major_version_of(tvbuff_t* tvb, int offset = 0) {
    const int len = tvb_captured_length_remaining(tvb, offset);
    if (len <= 0) return -1;
    return ike_major_version(ByteView(tvb_get_ptr(tvb, offset, len), static_cast<size_t>(len)));
}

// Dissect one IKEv2 message occupying all of `tvb`. Returns the bytes consumed.
int dissect_ikev2_message(tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree);

// One IKEv2 message (registered as "ikev2").
int dissect_ikev2_pdu(tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree, void* data);
// UDP 500: IKEv2 to us, anything else to the built-in ISAKMP dissector.
int dispatch_udp500(tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree, void* data);
// UDP 4500: IKEv2 and keepalives to `natt`, IKEv1 and ESP to the built-in UDPENCAP.
int dispatch_udp4500(tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree, void* data);
// UDP heuristic (any port).
heur_result heur_udp(tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree, void* data);
// The RFC 3948 layer (registered as "natt").
int dissect_natt(tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree, void* data);
// TCP 4500 (RFC 8229).
int dissect_iketcp(tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree, void* data);

// The open capture's IKE and ESP state (core/session), made by Wireshark's init routine
// and freed by its cleanup routine; nullptr outside a capture.
session::Capture* capture_state();

// A transform ID as a header field: IANA's name, or, for the numbers IANA leaves to
// private use that the crypto table gives a meaning (strongSwan's Twofish and
// HMAC-SHA-256-96, the plugin's HMAC-RIPEMD-160-96), that algorithm's name.
proto_item* add_transform_id(proto_tree* tree, int hf, tvbuff_t* tvb, uint16_t id, bool integ);

// An address and port as the core's analysis takes them.
analysis::Endpoint endpoint_of(const address& a, guint32 port);


}  // namespace ikev2::ws

extern "C" {
void proto_register_ikev2(void);
void proto_reg_handoff_ikev2(void);
}
