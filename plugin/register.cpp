// Registration: protocols, header fields, subtrees, expert infos, preferences, ports and
// heuristics. Nothing here dissects; see ikev2_tree.cpp, natt.cpp and tcp_encap.cpp.
#include <cstddef>
#include <cstring>
#include <memory>

#include <epan/ipproto.h>
#include <epan/prefs.h>

#include "esp_glue.hpp"
#include "crypto/algorithms.hpp"
#include "analysis.hpp"
#include "glue.hpp"
#include "iana.hpp"
#include "key_sources.hpp"
#include "skf_reassembly.hpp"

namespace ikev2::ws {

namespace {

// The core's IANA tables go straight into header fields: same layout as range_string.
static_assert(sizeof(iana::Entry) == sizeof(range_string), "iana::Entry must match range_string");
static_assert(offsetof(iana::Entry, lo) == offsetof(range_string, value_min), "layout");
static_assert(offsetof(iana::Entry, hi) == offsetof(range_string, value_max), "layout");
static_assert(offsetof(iana::Entry, name) == offsetof(range_string, strptr), "layout");

constexpr const void* R(const iana::Entry* t) { return t; }
constexpr int RS = BASE_RANGE_STRING;

const true_false_string tfs_tv = {"TV (fixed 2-octet value)", "TLV (variable length)"};
const true_false_string tfs_icv = {"Good", "Bad"};
// Traffic selector IP protocol: 0 is "any" in a selector (RFC 7296 3.13.1), not IANA's
// IPv6 Hop-by-Hop Option; other numbers by Wireshark's IP protocol names.
void ts_protocol_text(char* label, uint32_t v) {
    const char* name = v == 0 ? "any" : val_to_str_ext_const(v, &ipproto_val_ext, "Unknown");
    snprintf(label, ITEM_LABEL_LENGTH, "%s (%u)", name ? name : "Unknown", v);
}
// As the built-in isakmp dissector names them; the IKEv2 profile's role columns show these.
const true_false_string tfs_initiator = {"Initiator", "Responder"};
const true_false_string tfs_response = {"Response", "Request"};

#define F(id, name, abbrev, type, display, strings, mask, blurb) \
    { &hf::id, { name, abbrev, type, display, strings, mask, blurb, HFILL } }

hf_register_info ikev2_fields[] = {
    // IKE header
    F(spi_i, "Initiator SPI", "ikev2.spi_i", FT_UINT64, BASE_HEX, nullptr, 0, "IKE SA initiator's SPI"),
    F(spi_r, "Responder SPI", "ikev2.spi_r", FT_UINT64, BASE_HEX, nullptr, 0, "IKE SA responder's SPI"),
    F(next_payload, "Next Payload", "ikev2.next_payload", FT_UINT8, BASE_DEC | RS, R(iana::kPayloadTypes), 0, nullptr),
    F(version, "Version", "ikev2.version", FT_UINT8, BASE_HEX, nullptr, 0, nullptr),
    F(version_major, "Major Version", "ikev2.version.major", FT_UINT8, BASE_DEC, nullptr, 0xf0, nullptr),
    F(version_minor, "Minor Version", "ikev2.version.minor", FT_UINT8, BASE_DEC, nullptr, 0x0f, nullptr),
    F(exchange_type, "Exchange Type", "ikev2.exchange_type", FT_UINT8, BASE_DEC | RS, R(iana::kExchangeTypes), 0, nullptr),
    F(flags, "Flags", "ikev2.flags", FT_UINT8, BASE_HEX, nullptr, 0, nullptr),
    F(flag_initiator, "Initiator", "ikev2.flags.initiator", FT_BOOLEAN, 8, TFS(&tfs_initiator), 0x08, "Sent by the original initiator of the IKE SA"),
    F(flag_version, "Version", "ikev2.flags.version", FT_BOOLEAN, 8, TFS(&tfs_set_notset), 0x10, "Sender can speak a higher major version"),
    F(flag_response, "Response", "ikev2.flags.response", FT_BOOLEAN, 8, TFS(&tfs_response), 0x20, "Message is a response"),
    F(message_id, "Message ID", "ikev2.message_id", FT_UINT32, BASE_DEC, nullptr, 0, nullptr),
    F(length, "Length", "ikev2.length", FT_UINT32, BASE_DEC, nullptr, 0, "Length of the whole IKE message"),
    F(summary, "Summary", "ikev2.summary", FT_STRING, BASE_NONE, nullptr, 0, "Exchange, message ID, role and payloads in one line"),
    // Generic payload header
    F(payload_type, "Payload", "ikev2.payload.type", FT_UINT8, BASE_DEC | RS, R(iana::kPayloadTypes), 0, "Type of this payload"),
    F(payload_next, "Next Payload", "ikev2.payload.next_payload", FT_UINT8, BASE_DEC | RS, R(iana::kPayloadTypes), 0, nullptr),
    F(payload_critical, "Critical", "ikev2.payload.critical", FT_BOOLEAN, 8, TFS(&tfs_set_notset), 0x80, nullptr),
    F(payload_reserved, "Reserved", "ikev2.payload.reserved", FT_UINT8, BASE_HEX, nullptr, 0x7f, nullptr),
    F(payload_length, "Payload Length", "ikev2.payload.length", FT_UINT16, BASE_DEC, nullptr, 0, nullptr),
    F(payload_data, "Payload Data", "ikev2.payload.data", FT_BYTES, BASE_NONE, nullptr, 0, "Body of a payload this dissector does not decode"),
    // SA: proposals
    F(prop, "Proposal", "ikev2.sa.proposal", FT_NONE, BASE_NONE, nullptr, 0, nullptr),
    F(prop_last, "Last Substruc", "ikev2.sa.proposal.last", FT_UINT8, BASE_DEC, nullptr, 0, "0 for the last proposal, 2 when more follow"),
    F(prop_reserved, "Reserved", "ikev2.sa.proposal.reserved", FT_UINT8, BASE_HEX, nullptr, 0, nullptr),
    F(prop_length, "Proposal Length", "ikev2.sa.proposal.length", FT_UINT16, BASE_DEC, nullptr, 0, nullptr),
    F(prop_number, "Proposal Number", "ikev2.sa.proposal.number", FT_UINT8, BASE_DEC, nullptr, 0, nullptr),
    F(prop_protocol, "Protocol ID", "ikev2.sa.proposal.protocol", FT_UINT8, BASE_DEC | RS, R(iana::kProtocolIds), 0, nullptr),
    F(prop_spi_size, "SPI Size", "ikev2.sa.proposal.spi_size", FT_UINT8, BASE_DEC, nullptr, 0, nullptr),
    F(prop_num_transforms, "Number of Transforms", "ikev2.sa.proposal.num_transforms", FT_UINT8, BASE_DEC, nullptr, 0, nullptr),
    F(prop_spi, "SPI", "ikev2.sa.proposal.spi", FT_BYTES, BASE_NONE, nullptr, 0, nullptr),
    // SA: transforms
    F(xform, "Transform", "ikev2.sa.transform", FT_NONE, BASE_NONE, nullptr, 0, nullptr),
    F(xform_last, "Last Substruc", "ikev2.sa.transform.last", FT_UINT8, BASE_DEC, nullptr, 0, "0 for the last transform, 3 when more follow"),
    F(xform_reserved, "Reserved", "ikev2.sa.transform.reserved", FT_UINT8, BASE_HEX, nullptr, 0, nullptr),
    F(xform_length, "Transform Length", "ikev2.sa.transform.length", FT_UINT16, BASE_DEC, nullptr, 0, nullptr),
    F(xform_type, "Transform Type", "ikev2.sa.transform.type", FT_UINT8, BASE_DEC | RS, R(iana::kTransformTypes), 0, nullptr),
    F(xform_reserved2, "Reserved", "ikev2.sa.transform.reserved2", FT_UINT8, BASE_HEX, nullptr, 0, nullptr),
    F(xform_id, "Transform ID", "ikev2.sa.transform.id", FT_UINT16, BASE_DEC, nullptr, 0, "Transform ID of a type without its own registry"),
    F(xform_encr, "Transform ID (ENCR)", "ikev2.sa.transform.encr", FT_UINT16, BASE_DEC | RS, R(iana::kEncrIds), 0, "Encryption algorithm"),
    F(xform_prf, "Transform ID (PRF)", "ikev2.sa.transform.prf", FT_UINT16, BASE_DEC | RS, R(iana::kPrfIds), 0, "Pseudorandom function"),
    F(xform_integ, "Transform ID (INTEG)", "ikev2.sa.transform.integ", FT_UINT16, BASE_DEC | RS, R(iana::kIntegIds), 0, "Integrity algorithm"),
    F(xform_ke, "Transform ID (KE)", "ikev2.sa.transform.ke", FT_UINT16, BASE_DEC | RS, R(iana::kKeyExchangeIds), 0, "Key exchange method (also for ADDKE types)"),
    F(xform_esn, "Transform ID (ESN)", "ikev2.sa.transform.esn", FT_UINT16, BASE_DEC | RS, R(iana::kEsnIds), 0, "Extended sequence numbers"),
    F(xform_key_length, "Key Length", "ikev2.sa.transform.key_length", FT_UINT16, BASE_DEC, nullptr, 0, "Key length attribute, in bits"),
    // SA: transform attributes
    F(attr, "Transform Attribute", "ikev2.sa.attr", FT_NONE, BASE_NONE, nullptr, 0, nullptr),
    F(attr_format, "Format", "ikev2.sa.attr.format", FT_BOOLEAN, 16, TFS(&tfs_tv), 0x8000, "Attribute format bit (AF)"),
    F(attr_type, "Attribute Type", "ikev2.sa.attr.type", FT_UINT16, BASE_DEC | RS, R(iana::kTransformAttrTypes), 0x7fff, nullptr),
    F(attr_value, "Attribute Value", "ikev2.sa.attr.value", FT_UINT16, BASE_DEC, nullptr, 0, nullptr),
    F(attr_length, "Attribute Length", "ikev2.sa.attr.length", FT_UINT16, BASE_DEC, nullptr, 0, nullptr),
    F(attr_data, "Attribute Data", "ikev2.sa.attr.data", FT_BYTES, BASE_NONE, nullptr, 0, nullptr),
    // KE
    F(ke_group, "Key Exchange Method", "ikev2.ke.group", FT_UINT16, BASE_DEC | RS, R(iana::kKeyExchangeIds), 0, "Diffie-Hellman group or other key exchange method"),
    F(ke_reserved, "Reserved", "ikev2.ke.reserved", FT_UINT16, BASE_HEX, nullptr, 0, nullptr),
    F(ke_data, "Key Exchange Data", "ikev2.ke.data", FT_BYTES, BASE_NONE, nullptr, 0, nullptr),
    // ID
    F(id_type, "ID Type", "ikev2.id.type", FT_UINT8, BASE_DEC | RS, R(iana::kIdTypes), 0, nullptr),
    F(id_reserved, "Reserved", "ikev2.id.reserved", FT_UINT24, BASE_HEX, nullptr, 0, nullptr),
    F(id_data, "Identification Data", "ikev2.id.data", FT_BYTES, BASE_NONE, nullptr, 0, nullptr),
    F(id_ipv4, "IPv4 Address", "ikev2.id.ipv4", FT_IPv4, BASE_NONE, nullptr, 0, nullptr),
    F(id_ipv6, "IPv6 Address", "ikev2.id.ipv6", FT_IPv6, BASE_NONE, nullptr, 0, nullptr),
    F(id_fqdn, "FQDN", "ikev2.id.fqdn", FT_STRING, BASE_NONE, nullptr, 0, nullptr),
    F(id_rfc822, "RFC 822 Address", "ikev2.id.rfc822", FT_STRING, BASE_NONE, nullptr, 0, nullptr),
    F(id_dn, "Distinguished Name", "ikev2.id.dn", FT_STRING, BASE_NONE, nullptr, 0, "DER ASN.1 DN, shown as text"),
    F(id_key_id, "Key ID", "ikev2.id.key_id", FT_BYTES, BASE_NONE, nullptr, 0, nullptr),
    F(id_text, "Identity", "ikev2.id", FT_STRING, BASE_NONE, nullptr, 0, "The identity as text, whatever its type"),
    // CERT / CERTREQ
    F(cert_encoding, "Certificate Encoding", "ikev2.cert.encoding", FT_UINT8, BASE_DEC | RS, R(iana::kCertEncodings), 0, nullptr),
    F(cert_data, "Certificate Data", "ikev2.cert.data", FT_BYTES, BASE_NONE, nullptr, 0, nullptr),
    F(cert_hash, "Hash", "ikev2.cert.hash", FT_BYTES, BASE_NONE, nullptr, 0, "Hash and URL encodings: SHA-1 hash of the certificate or bundle (RFC 7296 3.6)"),
    F(cert_url, "URL", "ikev2.cert.url", FT_STRING, BASE_NONE, nullptr, 0, "Hash and URL encodings: where the certificate or bundle can be fetched (RFC 7296 3.6)"),
    F(certreq_encoding, "Certificate Encoding", "ikev2.certreq.encoding", FT_UINT8, BASE_DEC | RS, R(iana::kCertEncodings), 0, nullptr),
    F(certreq_ca, "Certification Authority", "ikev2.certreq.ca", FT_BYTES, BASE_NONE, nullptr, 0, "SHA-1 hash of a trusted CA's public key"),
    F(certreq_data, "Certification Authority Data", "ikev2.certreq.data", FT_BYTES, BASE_NONE, nullptr, 0, nullptr),
    // AUTH
    F(auth_method, "Auth Method", "ikev2.auth.method", FT_UINT8, BASE_DEC | RS, R(iana::kAuthMethods), 0, nullptr),
    F(auth_reserved, "Reserved", "ikev2.auth.reserved", FT_UINT24, BASE_HEX, nullptr, 0, nullptr),
    F(auth_data, "Authentication Data", "ikev2.auth.data", FT_BYTES, BASE_NONE, nullptr, 0, nullptr),
    F(auth_sig_alg_length, "ASN.1 Length", "ikev2.auth.sig_alg_length", FT_UINT8, BASE_DEC, nullptr, 0, "Length of the AlgorithmIdentifier (RFC 7427)"),
    F(auth_sig_alg_id, "AlgorithmIdentifier", "ikev2.auth.sig_alg_id", FT_BYTES, BASE_NONE, nullptr, 0, nullptr),
    F(auth_sig_alg_oid, "Algorithm OID", "ikev2.auth.sig_alg_oid", FT_STRING, BASE_NONE, nullptr, 0, nullptr),
    F(auth_sig_alg_name, "Signature Algorithm", "ikev2.auth.sig_alg", FT_STRING, BASE_NONE, nullptr, 0, nullptr),
    F(auth_signature, "Signature Value", "ikev2.auth.signature", FT_BYTES, BASE_NONE, nullptr, 0, nullptr),
    // Nonce
    F(nonce_data, "Nonce Data", "ikev2.nonce", FT_BYTES, BASE_NONE, nullptr, 0, nullptr),
    // Notify
    F(notify_protocol, "Protocol ID", "ikev2.notify.protocol", FT_UINT8, BASE_DEC | RS, R(iana::kProtocolIds), 0, nullptr),
    F(notify_spi_size, "SPI Size", "ikev2.notify.spi_size", FT_UINT8, BASE_DEC, nullptr, 0, nullptr),
    F(notify_type, "Notify Message Type", "ikev2.notify.type", FT_UINT16, BASE_DEC | RS, R(iana::kNotifyTypes), 0, nullptr),
    F(notify_spi, "SPI", "ikev2.notify.spi", FT_BYTES, BASE_NONE, nullptr, 0, nullptr),
    F(notify_data, "Notification Data", "ikev2.notify.data", FT_BYTES, BASE_NONE, nullptr, 0, nullptr),
    F(notify_ke_group, "Accepted Key Exchange Method", "ikev2.notify.ke_group", FT_UINT16, BASE_DEC | RS, R(iana::kKeyExchangeIds), 0, "INVALID_KE_PAYLOAD: the group the responder wants"),
    F(notify_nat_hash, "NAT Detection Hash", "ikev2.notify.nat_hash", FT_BYTES, BASE_NONE, nullptr, 0, "SHA-1(SPIs | IP | port)"),
    F(notify_cookie, "Cookie", "ikev2.notify.cookie", FT_BYTES, BASE_NONE, nullptr, 0, nullptr),
    F(notify_window_size, "Window Size", "ikev2.notify.window_size", FT_UINT32, BASE_DEC, nullptr, 0, nullptr),
    F(notify_auth_lifetime, "Auth Lifetime", "ikev2.notify.auth_lifetime", FT_UINT32, BASE_DEC, nullptr, 0, "Seconds until reauthentication (RFC 4478)"),
    F(notify_message_id, "Message ID", "ikev2.notify.message_id", FT_UINT32, BASE_DEC, nullptr, 0, "INVALID_MESSAGE_ID: the rejected message ID"),
    F(notify_hash_algorithm, "Hash Algorithm", "ikev2.notify.hash_algorithm", FT_UINT16, BASE_DEC | RS, R(iana::kHashAlgorithms), 0, nullptr),
    F(notify_password_method, "Secure Password Method", "ikev2.notify.password_method", FT_UINT16, BASE_DEC, nullptr, 0, nullptr),
    F(notify_gw_type, "Gateway Identity Type", "ikev2.notify.gw_type", FT_UINT8, BASE_DEC | RS, R(iana::kGatewayIdTypes), 0, nullptr),
    F(notify_gw_length, "Gateway Identity Length", "ikev2.notify.gw_length", FT_UINT8, BASE_DEC, nullptr, 0, nullptr),
    F(notify_gw_ipv4, "Gateway IPv4 Address", "ikev2.notify.gw_ipv4", FT_IPv4, BASE_NONE, nullptr, 0, nullptr),
    F(notify_gw_ipv6, "Gateway IPv6 Address", "ikev2.notify.gw_ipv6", FT_IPv6, BASE_NONE, nullptr, 0, nullptr),
    F(notify_gw_fqdn, "Gateway FQDN", "ikev2.notify.gw_fqdn", FT_STRING, BASE_NONE, nullptr, 0, nullptr),
    F(notify_gw_identity, "Gateway Identity", "ikev2.notify.gw_identity", FT_BYTES, BASE_NONE, nullptr, 0, nullptr),
    F(notify_gw_nonce, "Nonce Data", "ikev2.notify.gw_nonce", FT_BYTES, BASE_NONE, nullptr, 0, "REDIRECT: the initiator's nonce"),
    F(notify_ipcomp_cpi, "CPI", "ikev2.notify.ipcomp_cpi", FT_UINT16, BASE_HEX, nullptr, 0, nullptr),
    F(notify_ipcomp_transform, "IPCOMP Transform ID", "ikev2.notify.ipcomp_transform", FT_UINT8, BASE_DEC | RS, R(iana::kIpcompIds), 0, nullptr),
    F(notify_invalid_spi, "Invalid SPI", "ikev2.notify.invalid_spi", FT_BYTES, BASE_NONE, nullptr, 0, nullptr),
    F(notify_ticket_lifetime, "Ticket Lifetime", "ikev2.notify.ticket_lifetime", FT_UINT32, BASE_DEC, nullptr, 0, "TICKET_LT_OPAQUE: seconds the ticket stays valid (RFC 5723 4.3.2)"),
    F(notify_ticket, "Ticket", "ikev2.notify.ticket", FT_BYTES, BASE_NONE, nullptr, 0, "TICKET_LT_OPAQUE: the opaque ticket (RFC 5723 4.3.2)"),
    F(notify_sync_nonce, "Nonce Data", "ikev2.notify.sync.nonce", FT_UINT32, BASE_HEX, nullptr, 0, "IKEV2_MESSAGE_ID_SYNC (RFC 6311 4.1)"),
    F(notify_sync_send_mid, "Expected Send Request Message ID", "ikev2.notify.sync.expected_send_mid", FT_UINT32, BASE_DEC, nullptr, 0, "IKEV2_MESSAGE_ID_SYNC: EXPECTED_SEND_REQ_MESSAGE_ID (RFC 6311 4.1)"),
    F(notify_sync_recv_mid, "Expected Receive Request Message ID", "ikev2.notify.sync.expected_recv_mid", FT_UINT32, BASE_DEC, nullptr, 0, "IKEV2_MESSAGE_ID_SYNC: EXPECTED_RECV_REQ_MESSAGE_ID (RFC 6311 4.1)"),
    // ROHC_SUPPORTED (RFC 5857 3.1)
    F(rohc_attr, "ROHC Attribute", "ikev2.notify.rohc.attr", FT_NONE, BASE_NONE, nullptr, 0, nullptr),
    F(rohc_attr_af, "Format", "ikev2.notify.rohc.attr.af", FT_BOOLEAN, 16, TFS(&tfs_tv), 0x8000, "AF bit"),
    F(rohc_attr_type, "Attribute Type", "ikev2.notify.rohc.attr.type", FT_UINT16, BASE_DEC | RS, R(iana::kRohcAttrTypes), 0x7fff, nullptr),
    F(rohc_attr_length, "Length", "ikev2.notify.rohc.attr.length", FT_UINT16, BASE_DEC, nullptr, 0, nullptr),
    F(rohc_attr_value, "Value", "ikev2.notify.rohc.attr.value", FT_BYTES, BASE_NONE, nullptr, 0, nullptr),
    F(rohc_max_cid, "Maximum Context Identifier", "ikev2.notify.rohc.max_cid", FT_UINT32, BASE_DEC, nullptr, 0, "MAX_CID"),
    F(rohc_profile, "ROHC Profile", "ikev2.notify.rohc.profile", FT_UINT32, BASE_DEC, nullptr, 0, "ROHC_PROFILE"),
    F(rohc_integ, "ROHC Integrity Algorithm", "ikev2.notify.rohc.integ", FT_UINT32, BASE_DEC | RS, R(iana::kIntegIds), 0, "ROHC_INTEG"),
    F(rohc_icv_len, "ROHC ICV Length", "ikev2.notify.rohc.icv_len", FT_UINT32, BASE_DEC, nullptr, 0, "ROHC_ICV_LEN, in octets"),
    F(rohc_mrru, "MRRU", "ikev2.notify.rohc.mrru", FT_UINT32, BASE_DEC, nullptr, 0, "Maximum Reconstructed Reception Unit"),
    // 3GPP private notifies (TS 24.302 8.2.9)
    F(g3_backoff_length, "Length", "ikev2.notify.3gpp.backoff_timer.length", FT_UINT8, BASE_DEC, nullptr, 0, "BACKOFF_TIMER: octets of the GPRS timer 3 value (1)"),
    F(g3_backoff_timer, "Backoff Timer", "ikev2.notify.3gpp.backoff_timer", FT_UINT8, BASE_HEX, nullptr, 0, "BACKOFF_TIMER: GPRS timer 3 (3GPP TS 24.008 10.5.7.4a)"),
    F(g3_backoff_unit, "Unit", "ikev2.notify.3gpp.backoff_timer.unit", FT_UINT8, BASE_DEC | RS, R(iana::kGprsTimer3Units), 0xe0, "Multiple the timer value counts in"),
    F(g3_backoff_value, "Timer Value", "ikev2.notify.3gpp.backoff_timer.value", FT_UINT8, BASE_DEC, nullptr, 0x1f, nullptr),
    F(g3_device_identity_length, "Identity Length", "ikev2.notify.3gpp.device_identity.length", FT_UINT16, BASE_DEC, nullptr, 0, "DEVICE_IDENTITY: octets of the type and the value"),
    F(g3_device_identity_type, "Identity Type", "ikev2.notify.3gpp.device_identity.type", FT_UINT8, BASE_DEC | RS, R(iana::kDeviceIdentityTypes), 0x03, nullptr),
    F(g3_imei, "IMEI", "ikev2.notify.3gpp.imei", FT_STRING, BASE_NONE, nullptr, 0, "DEVICE_IDENTITY: the IMEI (BCD digits)"),
    F(g3_imeisv, "IMEISV", "ikev2.notify.3gpp.imeisv", FT_STRING, BASE_NONE, nullptr, 0, "DEVICE_IDENTITY: the IMEISV (BCD digits)"),
    F(g3_emergency_length, "Length", "ikev2.notify.3gpp.emergency_numbers.length", FT_UINT8, BASE_DEC, nullptr, 0, "EMERGENCY_CALL_NUMBERS: octets of the list"),
    F(g3_emergency, "Emergency Number Information", "ikev2.notify.3gpp.emergency", FT_NONE, BASE_NONE, nullptr, 0, "One number of EMERGENCY_CALL_NUMBERS (3GPP TS 24.008 10.5.3.13)"),
    F(g3_emergency_element_length, "Length", "ikev2.notify.3gpp.emergency.length", FT_UINT8, BASE_DEC, nullptr, 0, "Octets of the category and the digits"),
    F(g3_emergency_category, "Emergency Service Category Value", "ikev2.notify.3gpp.emergency.category", FT_UINT8, BASE_HEX, nullptr, 0, "3GPP TS 24.008 10.5.4.33"),
    F(g3_emergency_spare, "Spare", "ikev2.notify.3gpp.emergency.spare", FT_UINT8, BASE_DEC, nullptr, 0xe0, nullptr),
    F(g3_emergency_police, "Police", "ikev2.notify.3gpp.emergency.police", FT_BOOLEAN, 8, nullptr, 0x01, nullptr),
    F(g3_emergency_ambulance, "Ambulance", "ikev2.notify.3gpp.emergency.ambulance", FT_BOOLEAN, 8, nullptr, 0x02, nullptr),
    F(g3_emergency_fire, "Fire Brigade", "ikev2.notify.3gpp.emergency.fire_brigade", FT_BOOLEAN, 8, nullptr, 0x04, nullptr),
    F(g3_emergency_marine, "Marine Guard", "ikev2.notify.3gpp.emergency.marine_guard", FT_BOOLEAN, 8, nullptr, 0x08, nullptr),
    F(g3_emergency_mountain, "Mountain Rescue", "ikev2.notify.3gpp.emergency.mountain_rescue", FT_BOOLEAN, 8, nullptr, 0x10, nullptr),
    F(g3_emergency_number, "Emergency Number", "ikev2.notify.3gpp.emergency_number", FT_STRING, BASE_NONE, nullptr, 0, "BCD digits of the number"),
    // Delete
    F(del_protocol, "Protocol ID", "ikev2.delete.protocol", FT_UINT8, BASE_DEC | RS, R(iana::kProtocolIds), 0, nullptr),
    F(del_spi_size, "SPI Size", "ikev2.delete.spi_size", FT_UINT8, BASE_DEC, nullptr, 0, nullptr),
    F(del_num_spis, "Number of SPIs", "ikev2.delete.num_spis", FT_UINT16, BASE_DEC, nullptr, 0, nullptr),
    F(del_spi, "SPI", "ikev2.delete.spi", FT_BYTES, BASE_NONE, nullptr, 0, nullptr),
    // Vendor ID
    F(vid_data, "Vendor ID", "ikev2.vid", FT_BYTES, BASE_NONE, nullptr, 0, nullptr),
    F(vid_vendor, "Vendor", "ikev2.vid.vendor", FT_STRING, BASE_NONE, nullptr, 0, "Known vendor this ID belongs to"),
    // Traffic selectors
    F(ts_count, "Number of TSs", "ikev2.ts.count", FT_UINT8, BASE_DEC, nullptr, 0, nullptr),
    F(ts_reserved, "Reserved", "ikev2.ts.reserved", FT_UINT24, BASE_HEX, nullptr, 0, nullptr),
    F(ts, "Traffic Selector", "ikev2.ts", FT_NONE, BASE_NONE, nullptr, 0, nullptr),
    F(ts_type, "TS Type", "ikev2.ts.type", FT_UINT8, BASE_DEC | RS, R(iana::kTsTypes), 0, nullptr),
    F(ts_protocol, "IP Protocol ID", "ikev2.ts.protocol", FT_UINT8, BASE_CUSTOM, CF_FUNC(ts_protocol_text), 0, "0 means any protocol"),
    F(ts_length, "Selector Length", "ikev2.ts.length", FT_UINT16, BASE_DEC, nullptr, 0, nullptr),
    F(ts_start_port, "Start Port", "ikev2.ts.start_port", FT_UINT16, BASE_DEC, nullptr, 0, nullptr),
    F(ts_end_port, "End Port", "ikev2.ts.end_port", FT_UINT16, BASE_DEC, nullptr, 0, nullptr),
    F(ts_start_ipv4, "Starting Address", "ikev2.ts.start_ipv4", FT_IPv4, BASE_NONE, nullptr, 0, nullptr),
    F(ts_end_ipv4, "Ending Address", "ikev2.ts.end_ipv4", FT_IPv4, BASE_NONE, nullptr, 0, nullptr),
    F(ts_start_ipv6, "Starting Address", "ikev2.ts.start_ipv6", FT_IPv6, BASE_NONE, nullptr, 0, nullptr),
    F(ts_end_ipv6, "Ending Address", "ikev2.ts.end_ipv6", FT_IPv6, BASE_NONE, nullptr, 0, nullptr),
    F(ts_cidr, "Subnet", "ikev2.ts.cidr", FT_STRING, BASE_NONE, nullptr, 0, "The address range as one CIDR block, when it is one"),
    F(ts_fc_reserved, "Reserved", "ikev2.ts.fc.reserved", FT_UINT8, BASE_HEX, nullptr, 0, nullptr),
    F(ts_fc_start, "Starting Address", "ikev2.ts.fc.start", FT_UINT24, BASE_HEX, nullptr, 0, "Fibre Channel address (RFC 4595)"),
    F(ts_fc_end, "Ending Address", "ikev2.ts.fc.end", FT_UINT24, BASE_HEX, nullptr, 0, nullptr),
    F(ts_fc_start_r_ctl, "Starting R_CTL", "ikev2.ts.fc.start_r_ctl", FT_UINT8, BASE_HEX, nullptr, 0, nullptr),
    F(ts_fc_end_r_ctl, "Ending R_CTL", "ikev2.ts.fc.end_r_ctl", FT_UINT8, BASE_HEX, nullptr, 0, nullptr),
    F(ts_fc_start_type, "Starting Type", "ikev2.ts.fc.start_type", FT_UINT8, BASE_HEX, nullptr, 0, nullptr),
    F(ts_fc_end_type, "Ending Type", "ikev2.ts.fc.end_type", FT_UINT8, BASE_HEX, nullptr, 0, nullptr),
    F(ts_seclabel, "Security Label", "ikev2.ts.seclabel", FT_BYTES, BASE_NONE, nullptr, 0, "TS_SECLABEL (RFC 9478)"),
    F(ts_data, "Selector Data", "ikev2.ts.data", FT_BYTES, BASE_NONE, nullptr, 0, "Body of a selector of unknown type"),
    // SK / SKF
    F(sk_data, "Encrypted Data", "ikev2.sk.data", FT_BYTES, BASE_NONE, nullptr, 0, "IV, ciphertext and ICV"),
    F(sk_iv, "Initialization Vector", "ikev2.sk.iv", FT_BYTES, BASE_NONE, nullptr, 0, "IV of an SK or SKF payload, when the IKE SA's algorithms are known"),
    F(sk_ciphertext, "Encrypted Payloads", "ikev2.sk.ciphertext", FT_BYTES, BASE_NONE, nullptr, 0, "Ciphertext: inner payloads, padding and pad length"),
    F(sk_icv, "Integrity Checksum Data", "ikev2.sk.icv", FT_BYTES, BASE_NONE, nullptr, 0, "ICV (or AEAD tag)"),
    F(sk_encr, "Encryption Algorithm", "ikev2.sk.encr", FT_UINT16, BASE_DEC | RS, R(iana::kEncrIds), 0, "The IKE SA's encryption algorithm, from its IKE_SA_INIT response"),
    F(sk_integ, "Integrity Algorithm", "ikev2.sk.integ", FT_UINT16, BASE_DEC | RS, R(iana::kIntegIds), 0, "The IKE SA's integrity algorithm, from its IKE_SA_INIT response"),
    F(sk_icv_status, "ICV", "ikev2.sk.icv_good", FT_BOOLEAN, BASE_NONE, TFS(&tfs_icv), 0, "Integrity check (ICV or AEAD tag) result"),
    F(sk_decrypted, "Decrypted Payloads", "ikev2.sk.decrypted", FT_NONE, BASE_NONE, nullptr, 0, "The inner payload chain, in the \"Decrypted SK\" data source"),
    F(sk_padding, "Padding", "ikev2.sk.padding", FT_BYTES, BASE_NONE, nullptr, 0, "The Padding octets that end the decrypted data of an SK payload or SKF fragment (RFC 7296 3.14)"),
    F(sk_pad_length, "Pad Length", "ikev2.sk.pad_length", FT_UINT8, BASE_DEC, nullptr, 0, "The last octet of the decrypted data: how many Padding octets precede it (RFC 7296 3.14)"),
    F(sk_unauthenticated, "Unauthenticated", "ikev2.sk.unauthenticated", FT_BOOLEAN, BASE_NONE, nullptr, 0, "The decrypted plaintext failed its integrity check (ICV): shown, but not authenticated, and not used by the analysis or to derive ESP keys (preference ikev2.decrypt_unauthenticated)"),
    F(skf_plaintext, "Decrypted Fragment", "ikev2.skf.plaintext", FT_BYTES, BASE_NONE, nullptr, 0, "This fragment's decrypted part of the inner payload chain"),
    F(sk_sa_frame, "Algorithms From", "ikev2.sk.sa_frame", FT_FRAMENUM, BASE_NONE, nullptr, 0, "Frame of the IKE_SA_INIT response that selected the algorithms"),
    F(skf_number, "Fragment Number", "ikev2.skf.number", FT_UINT16, BASE_DEC, nullptr, 0, nullptr),
    F(skf_total, "Total Fragments", "ikev2.skf.total", FT_UINT16, BASE_DEC, nullptr, 0, nullptr),
    F(skf_data, "Encrypted Data", "ikev2.skf.data", FT_BYTES, BASE_NONE, nullptr, 0, "IV, ciphertext and ICV of the fragment"),
    // CP
    F(cp_type, "CFG Type", "ikev2.cp.type", FT_UINT8, BASE_DEC | RS, R(iana::kCfgTypes), 0, nullptr),
    F(cp_reserved, "Reserved", "ikev2.cp.reserved", FT_UINT24, BASE_HEX, nullptr, 0, nullptr),
    F(cp_attr, "Attribute", "ikev2.cp.attr", FT_NONE, BASE_NONE, nullptr, 0, nullptr),
    F(cp_attr_r, "Reserved", "ikev2.cp.attr.r", FT_BOOLEAN, 16, TFS(&tfs_set_notset), 0x8000, "R bit (RFC 7296 3.15.1: zero)"),
    F(cp_attr_type, "Attribute Type", "ikev2.cp.attr.type", FT_UINT16, BASE_DEC | RS, R(iana::kCfgAttrTypes), 0x7fff, nullptr),
    F(cp_attr_length, "Length", "ikev2.cp.attr.length", FT_UINT16, BASE_DEC, nullptr, 0, nullptr),
    F(cp_attr_value, "Value", "ikev2.cp.attr.value", FT_BYTES, BASE_NONE, nullptr, 0, nullptr),
    F(cp_attr_text, "Value", "ikev2.cp.attr.text", FT_STRING, BASE_NONE, nullptr, 0, "Address, subnet or string form of the value"),
    F(cp_p_cscf_ipv4, "P-CSCF IPv4 Address", "ikev2.cp.attr.p_cscf_ipv4", FT_IPv4, BASE_NONE, nullptr, 0, "P_CSCF_IP4_ADDRESS (RFC 7651)"),
    F(cp_p_cscf_ipv6, "P-CSCF IPv6 Address", "ikev2.cp.attr.p_cscf_ipv6", FT_IPv6, BASE_NONE, nullptr, 0, "P_CSCF_IP6_ADDRESS (RFC 7651)"),
    // EAP
    F(eap_data, "EAP Message", "ikev2.eap", FT_BYTES, BASE_NONE, nullptr, 0, nullptr),
};

hf_register_info natt_fields[] = {
    F(natt_non_esp_marker, "Non-ESP Marker", "natt.non_esp_marker", FT_UINT32, BASE_HEX, nullptr, 0, "Four zero octets: an IKE message follows (RFC 3948)"),
    F(natt_keepalive, "NAT-Keepalive", "natt.keepalive", FT_UINT8, BASE_HEX, nullptr, 0, "A single 0xFF octet (RFC 3948 2.3)"),
    F(natt_data, "Data", "natt.data", FT_BYTES, BASE_NONE, nullptr, 0, "A datagram too short for ESP or IKE"),
};

hf_register_info iketcp_fields[] = {
    F(tcp_prefix, "IKETCP Prefix", "iketcp.prefix", FT_STRING, BASE_NONE, nullptr, 0, "Stream prefix \"IKETCP\" (RFC 8229 3)"),
    F(tcp_length, "Length", "iketcp.length", FT_UINT16, BASE_DEC, nullptr, 0, "Frame length, including this field"),
    F(tcp_non_esp_marker, "Non-ESP Marker", "iketcp.non_esp_marker", FT_UINT32, BASE_HEX, nullptr, 0, nullptr),
    F(tcp_data, "Data", "iketcp.data", FT_BYTES, BASE_NONE, nullptr, 0, "A frame too short for ESP or IKE"),
};

#undef F

int* subtrees[] = {
    &ett::ikev2, &ett::header, &ett::flags, &ett::version, &ett::payload, &ett::proposal,
    &ett::transform, &ett::attribute, &ett::selector, &ett::notify_data, &ett::cp_attr,
    &ett::auth_sig, &ett::natt, &ett::iketcp, &ett::decrypted, &ett::rohc_attr,
    &ett::emergency, &ett::emergency_category, &ett::backoff_timer,
};

// Expert info abbreviations for the core's problems, in Problem order.
struct ProblemInfo {
    Problem code;
    const char* abbrev;
    int group;
    int severity;
};
const ProblemInfo kProblemInfo[] = {
    {Problem::HeaderTruncated, "ikev2.malformed.header_truncated", PI_MALFORMED, PI_ERROR},
    {Problem::BadMajorVersion, "ikev2.malformed.bad_major_version", PI_MALFORMED, PI_ERROR},
    {Problem::UnexpectedMinorVersion, "ikev2.unexpected_minor_version", PI_PROTOCOL, PI_NOTE},
    {Problem::ReservedFlagsSet, "ikev2.reserved_flags_set", PI_PROTOCOL, PI_WARN},
    {Problem::LengthMismatch, "ikev2.malformed.length_mismatch", PI_MALFORMED, PI_ERROR},
    {Problem::PayloadHeaderTruncated, "ikev2.malformed.payload_header_truncated", PI_MALFORMED, PI_ERROR},
    {Problem::PayloadLengthTooShort, "ikev2.malformed.payload_length_too_short", PI_MALFORMED, PI_ERROR},
    {Problem::PayloadLengthBeyondData, "ikev2.malformed.payload_length_beyond_data", PI_MALFORMED, PI_ERROR},
    {Problem::TrailingData, "ikev2.malformed.trailing_data", PI_MALFORMED, PI_WARN},
    {Problem::PayloadTooShort, "ikev2.malformed.payload_too_short", PI_MALFORMED, PI_ERROR},
    {Problem::ExtraBytesInPayload, "ikev2.malformed.extra_bytes", PI_MALFORMED, PI_WARN},
    {Problem::UnknownCriticalPayload, "ikev2.unknown_critical_payload", PI_PROTOCOL, PI_WARN},
    {Problem::UnknownPayload, "ikev2.unknown_payload", PI_UNDECODED, PI_NOTE},
    {Problem::BadSubstructureLength, "ikev2.malformed.bad_substructure_length", PI_MALFORMED, PI_ERROR},
    {Problem::SubstructureCountMismatch, "ikev2.malformed.count_mismatch", PI_MALFORMED, PI_WARN},
    {Problem::BadLastSubstructure, "ikev2.malformed.bad_last_substruc", PI_MALFORMED, PI_WARN},
    {Problem::BadProposalNumber, "ikev2.malformed.bad_proposal_number", PI_PROTOCOL, PI_WARN},
    {Problem::BadAddressLength, "ikev2.malformed.bad_address_length", PI_MALFORMED, PI_ERROR},
    {Problem::BadSelectorRange, "ikev2.bad_selector_range", PI_PROTOCOL, PI_WARN},
    {Problem::BadEncoding, "ikev2.malformed.bad_encoding", PI_MALFORMED, PI_WARN},
    {Problem::TooManyItems, "ikev2.too_many_items", PI_MALFORMED, PI_ERROR},
    {Problem::NextPayloadMissing, "ikev2.next_payload_missing", PI_PROTOCOL, PI_WARN},
};
static_assert(sizeof kProblemInfo / sizeof kProblemInfo[0] <= sizeof ei::problem / sizeof ei::problem[0],
              "ei::problem too small");

}  // namespace

bool problem_is_malformed(Problem p) {
    for (const ProblemInfo& i : kProblemInfo)
        if (i.code == p) return i.group == PI_MALFORMED;
    return false;
}

namespace {

void register_expert_infos() {
    constexpr size_t n = sizeof kProblemInfo / sizeof kProblemInfo[0];
    // Registered once for the process lifetime: Wireshark keeps pointers into this array.
    static ei_register_info infos[n + 9];
    for (size_t i = 0; i < n; i++) {
        const ProblemInfo& p = kProblemInfo[i];
        infos[i] = ei_register_info{&ei::problem[static_cast<size_t>(p.code)],
                                    {p.abbrev, p.group, p.severity, problem_text(p.code), EXPFILL}};
    }
    infos[n] = ei_register_info{&ei::notify_error,
                                {"ikev2.notify.error", PI_RESPONSE_CODE, PI_WARN, "Error notification", EXPFILL}};
    infos[n + 1] = ei_register_info{&ei::sk_no_keys, {"ikev2.decryption.no_keys", PI_DECRYPTION, PI_NOTE,
        "Encrypted payloads of this IKE SA: no keys (add them in the IKEv2 SA keys table or the key file)", EXPFILL}};
    infos[n + 2] = ei_register_info{&ei::sk_no_algorithms, {"ikev2.decryption.no_algorithms", PI_DECRYPTION, PI_WARN,
        "Keys found, but the algorithms are unknown: name them with the keys, or include the IKE_SA_INIT response", EXPFILL}};
    infos[n + 3] = ei_register_info{&ei::sk_bad_keys, {"ikev2.decryption.bad_keys", PI_DECRYPTION, PI_WARN,
        "Keys unusable", EXPFILL}};
    // One expert info for every failed integrity check, whatever is shown after it; the
    // text of each says which case it is (see tree_decrypted in ikev2_tree.cpp).
    infos[n + 4] = ei_register_info{&ei::sk_icv_bad, {"ikev2.decryption.icv_bad", PI_DECRYPTION, PI_ERROR,
        "Integrity check failed (ICV or AEAD tag): wrong keys or a corrupted message", EXPFILL}};
    infos[n + 5] = ei_register_info{&ei::sk_decrypt_failed, {"ikev2.decryption.failed", PI_DECRYPTION, PI_ERROR,
        "Decryption failed", EXPFILL}};
    infos[n + 6] = ei_register_info{&ei::sa_table_full, {"ikev2.limit.sa_table_full", PI_UNDECODED, PI_WARN,
        "IKE SA table full: this IKE SA is not remembered: no algorithms, analysis or CHILD_SA keys for it (docs/robustness.md)", EXPFILL}};
    infos[n + 7] = ei_register_info{&ei::sk_keys_bound, {"ikev2.decryption.keys_bound", PI_DECRYPTION, PI_NOTE,
        "Keys bound by ICV: the key source named no SPIs, and this message verified with these keys", EXPFILL}};
    infos[n + 8] = ei_register_info{&ei::analysis_full, {"ikev2.limit.analysis_full", PI_UNDECODED, PI_WARN,
        "Analysis bound reached: a CHILD_SA, request or record of this message is not remembered (docs/robustness.md)", EXPFILL}};
    expert_module_t* m = expert_register_protocol(proto_ikev2);
    expert_register_field_array(m, infos, n + 9);
}

void register_natt_expert() {
    static ei_register_info infos[] = {
        {&ei::natt_invalid, {"natt.invalid", PI_MALFORMED, PI_ERROR,
                             "Neither a NAT-keepalive, an IKE message nor an ESP packet", EXPFILL}},
    };
    expert_register_field_array(expert_register_protocol(proto_natt), infos, G_N_ELEMENTS(infos));
}

void register_iketcp_expert() {
    static ei_register_info infos[] = {
        {&ei::tcp_invalid, {"iketcp.invalid_length", PI_MALFORMED, PI_ERROR,
                            "Frame too short for an IKE message or an ESP packet", EXPFILL}},
    };
    expert_register_field_array(expert_register_protocol(proto_iketcp), infos, G_N_ELEMENTS(infos));
}

// Original owners of the ports, remembered so the preference can give them back.
dissector_handle_t udp500_owner = nullptr, udp4500_owner = nullptr, tcp4500_owner = nullptr;
bool ports_taken = false;

void apply_port_preference() {
    if (prefs::take_ports && !ports_taken) {
        udp500_owner = dissector_get_uint_handle(find_dissector_table("udp.port"), 500);
        udp4500_owner = dissector_get_uint_handle(find_dissector_table("udp.port"), 4500);
        tcp4500_owner = dissector_get_uint_handle(find_dissector_table("tcp.port"), 4500);
        dissector_add_uint("udp.port", 500, handles.udp500);
        dissector_add_uint("udp.port", 4500, handles.udp4500);
        dissector_add_uint("tcp.port", 4500, handles.iketcp);
        ports_taken = true;
    } else if (!prefs::take_ports && ports_taken) {
        dissector_delete_uint("udp.port", 500, handles.udp500);
        dissector_delete_uint("udp.port", 4500, handles.udp4500);
        dissector_delete_uint("tcp.port", 4500, handles.iketcp);
        if (udp500_owner) dissector_add_uint("udp.port", 500, udp500_owner);
        if (udp4500_owner) dissector_add_uint("udp.port", 4500, udp4500_owner);
        if (tcp4500_owner) dissector_add_uint("tcp.port", 4500, tcp4500_owner);
        ports_taken = false;
    }
}

}  // namespace

// ---- the capture's state -------------------------------------------------------------

namespace {

std::unique_ptr<session::Capture> g_capture;

void init_capture() {
    session::Options o;
    o.tracker = analysis_options();
    o.ike_unauthenticated = prefs::decrypt_unauthenticated;
    o.esp_null_guess = esp_null_guess_enabled();
    g_capture = std::make_unique<session::Capture>(o);
    refresh_keys();
}

void cleanup_capture() { g_capture.reset(); }

}  // namespace

session::Capture* capture_state() { return g_capture.get(); }

proto_item* add_transform_id(proto_tree* tree, int hf, tvbuff_t* tvb, uint16_t id, bool integ) {
    const char* iana_name = iana::name_of(integ ? iana::kIntegIds : iana::kEncrIds, id);
    // Named by IANA (the usual case, on every ESP packet of a visible tree): no search of
    // the algorithm tables.
    if (iana_name && std::strcmp(iana_name, "Private use") != 0)
        return proto_tree_add_uint(tree, hf, tvb, 0, 0, id);
    const char* own = nullptr;
    if (integ) {
        if (const crypto::IntegAlgorithm* a = crypto::find_integ(id)) own = a->name;
    } else {
        for (size_t i = 0; i < crypto::kEncrAlgorithmCount; i++)
            if (crypto::kEncrAlgorithms[i].id == id) own = crypto::kEncrAlgorithms[i].name;
    }
    if (own)
        return proto_tree_add_uint_format_value(tree, hf, tvb, 0, 0, id, "%s (%u, private use)", own, id);
    return proto_tree_add_uint(tree, hf, tvb, 0, 0, id);
}

analysis::Endpoint endpoint_of(const address& a, guint32 port) {
    const auto p = static_cast<uint16_t>(port);
    if (a.type == AT_IPv4 && a.len == 4) return analysis::Endpoint::make(static_cast<const uint8_t*>(a.data), 4, p);
    if (a.type == AT_IPv6 && a.len == 16) return analysis::Endpoint::make(static_cast<const uint8_t*>(a.data), 16, p);
    return analysis::Endpoint::make(nullptr, 0, p);
}

}  // namespace ikev2::ws

using namespace ikev2::ws;

extern "C" void proto_register_ikev2(void) {
    proto_ikev2 = proto_register_protocol("Internet Key Exchange Version 2 (plugin)", "IKEv2", "ikev2");
    proto_natt = proto_register_protocol("UDP Encapsulation of IPsec (RFC 3948, plugin)", "NAT-T", "natt");
    proto_iketcp = proto_register_protocol("IKE and ESP over TCP (RFC 8229, plugin)", "IKE-TCP", "iketcp");

    proto_register_field_array(proto_ikev2, ikev2_fields, G_N_ELEMENTS(ikev2_fields));
    proto_register_field_array(proto_natt, natt_fields, G_N_ELEMENTS(natt_fields));
    proto_register_field_array(proto_iketcp, iketcp_fields, G_N_ELEMENTS(iketcp_fields));
    proto_register_subtree_array(subtrees, G_N_ELEMENTS(subtrees));
    register_expert_infos();
    register_skf_reassembly(proto_ikev2);
    register_init_routine(init_capture);
    register_cleanup_routine(cleanup_capture);
    register_natt_expert();
    register_iketcp_expert();

    handles.ikev2 = register_dissector("ikev2", dissect_ikev2_pdu, proto_ikev2);
    // The port dispatchers are "protocols in name only": Wireshark adds no layer for them,
    // so an IKEv1 frame's protocol list stays eth:...:udp:isakmp exactly as before. Their
    // parents are the built-ins whose ports they take, so disabling ISAKMP or UDPENCAP
    // still silences those ports, while disabling ikev2 / natt hands everything back.
    int isakmp = proto_get_id_by_filter_name("isakmp");
    int udpencap = proto_get_id_by_filter_name("udpencap");
    int pino500 = proto_register_protocol_in_name_only(
        "IKEv2 or ISAKMP on UDP 500 (plugin dispatcher)", "IKE/UDP500", "ikev2_udp500",
        isakmp >= 0 ? isakmp : proto_ikev2, FT_PROTOCOL);
    int pino4500 = proto_register_protocol_in_name_only(
        "IKEv2, NAT-keepalive or UDPENCAP on UDP 4500 (plugin dispatcher)", "IKE/UDP4500",
        "natt_udp4500", udpencap >= 0 ? udpencap : proto_natt, FT_PROTOCOL);
    handles.udp500 = create_dissector_handle(dispatch_udp500, pino500);
    handles.udp4500 = create_dissector_handle(dispatch_udp4500, pino4500);
    handles.natt = register_dissector("natt", dissect_natt, proto_natt);
    handles.iketcp = register_dissector("iketcp", dissect_iketcp, proto_iketcp);

    module_t* m = prefs_register_protocol(proto_ikev2, proto_reg_handoff_ikev2);
    prefs_register_bool_preference(m, "take_ports", "Dissect UDP 500/4500 and TCP 4500",
        "Take UDP ports 500 and 4500 and TCP port 4500 from Wireshark's built-in ISAKMP and "
        "UDPENCAP dissectors. IKEv1 and ESP are still handed to the built-ins. Turn off to give "
        "the ports back (the UDP heuristic still finds IKEv2 on other ports).",
        &prefs::take_ports);
    prefs_register_bool_preference(m, "decrypt_unauthenticated", "Show plaintext whose ICV fails",
        "When the integrity check (ICV) of an SK or SKF payload fails, decrypt it all the same "
        "(ciphers with a separate integrity algorithm: CBC, CTR) and show the payloads marked "
        "as not authenticated; they are not used by the analysis or to derive ESP keys. "
        "AEAD ciphers (GCM, CCM, ChaCha20-Poly1305) never give plaintext without a valid tag. "
        "Turn off to show nothing of such a message.",
        &prefs::decrypt_unauthenticated);
    prefs_register_bool_preference(m, "info_all_payloads", "List every payload in the Info column",
        "The Info column names the exchange, message ID, role and the payloads a person looks "
        "for; Vendor IDs and the routine status notifies of IKE_SA_INIT and IKE_AUTH "
        "(NAT_DETECTION_*, *_SUPPORTED, SIGNATURE_HASH_ALGORITHMS, NO_ADDITIONAL_ADDRESSES, ...) "
        "are left out. Turn on to list every payload, as the Summary field of the tree does.",
        &prefs::info_all_payloads);
    register_key_sources(m);
    register_ipsec();
    register_analysis(proto_ikev2, m);
}

extern "C" void proto_reg_handoff_ikev2(void) {
    static bool initialized = false;
    if (!initialized) {
        handles.isakmp = find_dissector_add_dependency("isakmp", proto_ikev2);
        // Wireshark 4.0 does not register UDPENCAP by name: take the handle that owns
        // UDP 4500 before the plugin replaces it.
        handles.udpencap = find_dissector("udpencap");
        if (!handles.udpencap)
            handles.udpencap = dissector_get_uint_handle(find_dissector_table("udp.port"), 4500);
        handles.esp = find_dissector_add_dependency("esp", proto_natt);
        handles.eap = find_dissector_add_dependency("eap", proto_ikev2);
        handles.data = find_dissector("data");
        handles.x509 = dissector_get_string_handle(find_dissector_table("media_type"),
                                                   "application/pkix-cert");
        // Decode As: "ikev2" for bare IKEv2, "natt" for RFC 3948 framing (the non-ESP
        // marker strongSwan uses on every port but 500), "iketcp" for RFC 8229.
        dissector_add_for_decode_as("udp.port", handles.ikev2);
        dissector_add_for_decode_as("udp.port", handles.natt);
        dissector_add_for_decode_as("tcp.port", handles.iketcp);
        heur_dissector_add("udp", heur_udp, "IKEv2 over UDP (any port)", "ikev2_udp",
                           proto_ikev2, HEURISTIC_ENABLE);
        handoff_ipsec();
        initialized = true;
    }
    apply_port_preference();
}
