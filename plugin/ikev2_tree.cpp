// Core IKE message -> protocol tree, Info column and expert infos.
//
// tvb_* and proto_tree_add_* may longjmp (Wireshark exceptions). So the PDU is parsed
// once by the core into a Message owned by the packet's wmem pool (freed with it, even
// after a longjmp), and no C++ object with a destructor lives on the stack while the
// tree is built: strings are copied into wmem first.
#include <new>
#include <string>

#include "esp_glue.hpp"
#include "analysis.hpp"
#include "glue.hpp"

#include <epan/proto_data.h>

#include <epan/exceptions.h>
// These two headers have no extern "C" guard of their own.
extern "C" {
#include <epan/ipproto.h>
#include <epan/show_exception.h>
}
#include "detect.hpp"
#include "iana.hpp"
#include "message.hpp"
#include "key_sources.hpp"
#include "skf_reassembly.hpp"

namespace ikev2::ws {

namespace {

template <class T>
wmem_cb_result delete_on_free(wmem_allocator_t*, wmem_cb_event_t, void* data) {
    delete static_cast<T*>(data);
    return false;  // one-shot
}

// `value` moved to the heap, deleted when the packet scope is freed.
template <class T>
T* packet_scoped(packet_info* pinfo, T&& value) {
    T* p = new T(std::move(value));
    wmem_register_callback(pinfo->pool, delete_on_free<T>, p);
    return p;
}

proto_item* add(proto_tree* t, int hf, tvbuff_t* tvb, Span s) {
    return proto_tree_add_item(t, hf, tvb, s.off, s.len, ENC_BIG_ENDIAN);
}
proto_item* add_at(proto_tree* t, int hf, tvbuff_t* tvb, uint32_t off, uint32_t len);

// A fixed field of the structure starting at `base`, where layout.hpp places it.
proto_item* add_field(proto_tree* t, int hf, tvbuff_t* tvb, uint32_t base, layout::Field f) {
    return add_at(t, hf, tvb, base + f.off, f.len);
}

proto_item* add_at(proto_tree* t, int hf, tvbuff_t* tvb, uint32_t off, uint32_t len) {
    return proto_tree_add_item(t, hf, tvb, off, len, ENC_BIG_ENDIAN);
}
void add_bytes(proto_tree* t, int hf, tvbuff_t* tvb, Span s) {
    if (s.len) proto_tree_add_item(t, hf, tvb, s.off, s.len, ENC_NA);
}

// Hand `len` octets at `off` to another dissector; its exceptions stay inside its subtree
// so the rest of the IKE message is still shown.
void call_contained(dissector_handle_t h, tvbuff_t* tvb, uint32_t off, uint32_t len,
                    packet_info* pinfo, proto_tree* tree) {
    if (!h || len == 0) return;
    tvbuff_t* sub = tvb_new_subset_length(tvb, off, len);
    // The columns stay ours: the x509 media dissector would append its media type.
    const gboolean writable = col_get_writable(pinfo->cinfo, -1);
    col_set_writable(pinfo->cinfo, -1, FALSE);
    TRY {
        call_dissector(h, sub, pinfo, tree);
    }
    CATCH_NONFATAL_ERRORS {
        show_exception(sub, pinfo, tree, EXCEPT_CODE, GET_MESSAGE);
    }
    ENDTRY;
    col_set_writable(pinfo->cinfo, -1, writable);
}

const char* rname(const iana::Entry* table, uint64_t v) {
    return iana::name_or(table, v, "Unknown");
}

// Set by add_issues when a PI_MALFORMED problem was reported in the message being
// dissected: the Info column then ends in "[Malformed Packet]", as after an exception.
bool malformed_seen = false;

void add_issues(const Issues& issues, packet_info* pinfo, proto_tree* tree, tvbuff_t* tvb) {
    for (const Issue& i : issues) {
        expert_field* ei = &ei::problem[static_cast<size_t>(i.code)];
        if (problem_is_malformed(i.code)) malformed_seen = true;
        if (i.code == Problem::NextPayloadMissing) {
            // Named as in the Info column ("IDi"), or by the registry for other types.
            const char* label = iana::payload_short_name(static_cast<uint8_t>(i.value));
            proto_tree_add_expert_format(tree, pinfo, ei, tvb, i.where.off, i.where.len,
                                         "Next payload %s (%u) announced, but the message ends",
                                         label ? label : rname(iana::kPayloadTypes, i.value), i.value);
            continue;
        }
        proto_tree_add_expert(tree, pinfo, ei, tvb, i.where.off, i.where.len);
    }
}

// Names of the data sources of decrypted SK / SKF plaintext.
constexpr const char* kSourceSk = "Decrypted SK";
constexpr const char* kSourceSkUnauthenticated = "Decrypted SK (ICV bad, not authenticated)";
constexpr const char* kSourceSkf = "Decrypted SKF";
constexpr const char* kSourceSkfUnauthenticated = "Decrypted SKF (ICV bad, not authenticated)";

// Decryption results of one message, for the tree: the cached result and the parsed
// inner payloads (packet scope).
// What the capture found is in `frame` (session::IkeFrame: unauthenticated,
// payloads_unauthenticated, complete, ...); the rest is made again on each pass.
struct Inner {
    const session::IkeFrame* frame = nullptr;
    const session::IkeView* view = nullptr;  // view->inner: the payloads of frame->inner
    tvbuff_t* fragment = nullptr;       // SKF: this fragment's plaintext
    tvbuff_t* reassembled = nullptr;    // SKF: the whole plaintext, in the completing frame
};

// --- payload bodies -----------------------------------------------------------------

void tree_sa(const SaBody& sa, tvbuff_t* tvb, proto_tree* t) {
    for (const Proposal& p : sa.proposals) {
        proto_item* pi = proto_tree_add_none_format(
            t, hf::prop, tvb, p.span.off, p.span.len, "Proposal #%u: %s, %u transform%s",
            p.number, rname(iana::kProtocolIds, p.protocol), p.num_transforms,
            p.num_transforms == 1 ? "" : "s");
        proto_tree* pt = proto_item_add_subtree(pi, ett::proposal);
        uint32_t o = p.span.off;
        add_field(pt, hf::prop_last, tvb, o, layout::proposal::kLast);
        add_field(pt, hf::prop_reserved, tvb, o, layout::proposal::kReserved);
        add_field(pt, hf::prop_length, tvb, o, layout::proposal::kLength);
        add_field(pt, hf::prop_number, tvb, o, layout::proposal::kNumber);
        add_field(pt, hf::prop_protocol, tvb, o, layout::proposal::kProtocol);
        add_field(pt, hf::prop_spi_size, tvb, o, layout::proposal::kSpiSize);
        add_field(pt, hf::prop_num_transforms, tvb, o, layout::proposal::kNumTransforms);
        add_bytes(pt, hf::prop_spi, tvb, p.spi);
        for (const Transform& x : p.transforms) {
            const iana::Entry* ids = iana::transform_id_table(x.type);
            proto_item* xi = ids
                ? proto_tree_add_none_format(pt, hf::xform, tvb, x.span.off, x.span.len,
                                             "Transform: %s = %s", rname(iana::kTransformTypes, x.type),
                                             rname(ids, x.id))
                : proto_tree_add_none_format(pt, hf::xform, tvb, x.span.off, x.span.len,
                                             "Transform: %s = %u", rname(iana::kTransformTypes, x.type),
                                             x.id);
            if (x.key_length) proto_item_append_text(xi, " (%u-bit key)", x.key_length);
            proto_tree* xt = proto_item_add_subtree(xi, ett::transform);
            uint32_t xo = x.span.off;
            add_field(xt, hf::xform_last, tvb, xo, layout::transform::kLast);
            add_field(xt, hf::xform_reserved, tvb, xo, layout::transform::kReserved);
            add_field(xt, hf::xform_length, tvb, xo, layout::transform::kLength);
            add_field(xt, hf::xform_type, tvb, xo, layout::transform::kType);
            add_field(xt, hf::xform_reserved2, tvb, xo, layout::transform::kReserved2);
            int hf_id = hf::xform_id;
            switch (x.type) {
            case 1: hf_id = hf::xform_encr; break;
            case 2: hf_id = hf::xform_prf; break;
            case 3: hf_id = hf::xform_integ; break;
            case 5: hf_id = hf::xform_esn; break;
            default:
                if (ids == iana::kKeyExchangeIds) hf_id = hf::xform_ke;
                break;
            }
            add_field(xt, hf_id, tvb, xo, layout::transform::kId);
            for (const TransformAttribute& a : x.attributes) {
                proto_item* ai = proto_tree_add_none_format(
                    xt, hf::attr, tvb, a.span.off, a.span.len, "Attribute: %s",
                    rname(iana::kTransformAttrTypes, a.type));
                proto_tree* at = proto_item_add_subtree(ai, ett::attribute);
                add_field(at, hf::attr_format, tvb, a.span.off, layout::attribute::kType);
                add_field(at, hf::attr_type, tvb, a.span.off, layout::attribute::kType);
                if (a.tv) {
                    if (a.type == 14) {
                        add_at(at, hf::xform_key_length, tvb, a.value_span.off, 2);
                        proto_item_append_text(ai, " = %u", a.value);
                    } else {
                        add(at, hf::attr_value, tvb, a.value_span);
                    }
                } else {
                    add_field(at, hf::attr_length, tvb, a.span.off, layout::attribute::kLength);
                    add_bytes(at, hf::attr_data, tvb, a.value_span);
                }
            }
        }
    }
}

void tree_id(const IdBody& id, tvbuff_t* tvb, proto_tree* t, uint32_t o) {
    add_field(t, hf::id_type, tvb, o, layout::id::kType);
    add_field(t, hf::id_reserved, tvb, o, layout::id::kReserved);
    Span d = id.data;
    switch (id.id_type) {
    case 1: if (d.len == 4) add(t, hf::id_ipv4, tvb, d); else add_bytes(t, hf::id_data, tvb, d); break;
    case 5: if (d.len == 16) add(t, hf::id_ipv6, tvb, d); else add_bytes(t, hf::id_data, tvb, d); break;
    case 2: proto_tree_add_string(t, hf::id_fqdn, tvb, d.off, d.len, id.text.c_str()); break;
    case 3: proto_tree_add_string(t, hf::id_rfc822, tvb, d.off, d.len, id.text.c_str()); break;
    case 9:
        if (!id.text.empty()) proto_tree_add_string(t, hf::id_dn, tvb, d.off, d.len, id.text.c_str());
        add_bytes(t, hf::id_data, tvb, d);
        break;
    case 11: add_bytes(t, hf::id_key_id, tvb, d); break;
    default: add_bytes(t, hf::id_data, tvb, d); break;
    }
    if (!id.text.empty()) {
        proto_item* ti = proto_tree_add_string(t, hf::id_text, tvb, d.off, d.len, id.text.c_str());
        proto_item_set_generated(ti);
    }
}

void tree_cert(const CertBody& c, bool certreq, tvbuff_t* tvb, packet_info* pinfo,
               proto_tree* t, uint32_t o) {
    add_field(t, certreq ? hf::certreq_encoding : hf::cert_encoding, tvb, o, layout::cert::kEncoding);
    if (certreq) {
        if (!c.ca_hashes.empty())
            for (const Span& h : c.ca_hashes) add_bytes(t, hf::certreq_ca, tvb, h);
        else
            add_bytes(t, hf::certreq_data, tvb, c.data);
        return;
    }
    add_bytes(t, hf::cert_data, tvb, c.data);
    // Hash and URL (12, 13): the SHA-1 hash of the certificate or bundle, then its URL.
    if (c.hash.len) {
        add_bytes(t, hf::cert_hash, tvb, c.hash);
        proto_tree_add_item(t, hf::cert_url, tvb, c.url.off, c.url.len, ENC_ASCII | ENC_NA);
    }
    // X.509 Certificate - Signature (4): the DER certificate, for Wireshark's x509 dissector.
    if (c.encoding == 4) call_contained(handles.x509, tvb, c.data.off, c.data.len, pinfo, t);
}

void tree_auth(const AuthBody& a, tvbuff_t* tvb, proto_tree* t, uint32_t o) {
    add_field(t, hf::auth_method, tvb, o, layout::auth::kMethod);
    add_field(t, hf::auth_reserved, tvb, o, layout::auth::kReserved);
    if (a.method != 14 || a.algorithm_id.len == 0) {
        add_bytes(t, hf::auth_data, tvb, a.data);
        return;
    }
    add_at(t, hf::auth_sig_alg_length, tvb, a.data.off, 1);
    proto_item* ai = proto_tree_add_item(t, hf::auth_sig_alg_id, tvb, a.algorithm_id.off,
                                         a.algorithm_id.len, ENC_NA);
    proto_tree* at = proto_item_add_subtree(ai, ett::auth_sig);
    if (!a.algorithm_oid.empty())
        proto_tree_add_string(at, hf::auth_sig_alg_oid, tvb, a.algorithm_id.off,
                              a.algorithm_id.len, a.algorithm_oid.c_str());
    if (a.algorithm_name) {
        proto_tree_add_string(at, hf::auth_sig_alg_name, tvb, a.algorithm_id.off,
                              a.algorithm_id.len, a.algorithm_name);
        proto_item_append_text(ai, " (%s)", a.algorithm_name);
    }
    add_bytes(t, hf::auth_signature, tvb, a.signature);
}

// RFC 5857 3.1: the ROHC attributes of ROHC_SUPPORTED.
void tree_rohc(const NotifyData& d, tvbuff_t* tvb, proto_tree* t) {
    for (const RohcAttribute& a : d.rohc) {
        proto_item* ai = proto_tree_add_none_format(t, hf::rohc_attr, tvb, a.span.off, a.span.len,
                                                    "ROHC Attribute: %s", rname(iana::kRohcAttrTypes, a.type));
        proto_tree* at = proto_item_add_subtree(ai, ett::rohc_attr);
        add_field(at, hf::rohc_attr_af, tvb, a.span.off, layout::attribute::kType);
        add_field(at, hf::rohc_attr_type, tvb, a.span.off, layout::attribute::kType);
        if (!a.tv) add_field(at, hf::rohc_attr_length, tvb, a.span.off, layout::attribute::kLength);
        // The decoded value first: it is what a reader (and the parity check) looks for.
        int hf_number = a.type == 1 ? hf::rohc_max_cid : a.type == 2 ? hf::rohc_profile
                      : a.type == 3 ? hf::rohc_integ : a.type == 4 ? hf::rohc_icv_len
                      : a.type == 5 ? hf::rohc_mrru : -1;
        if (hf_number != -1 && a.value.len >= 1 && a.value.len <= 4) {
            proto_tree_add_uint(at, hf_number, tvb, a.value.off, a.value.len, a.number);
            proto_item_append_text(ai, " = %u", a.number);
        }
        add_bytes(at, hf::rohc_attr_value, tvb, a.value);
    }
}

void tree_notify(const NotifyBody& n, tvbuff_t* tvb, proto_tree* t, uint32_t o) {
    add_field(t, hf::notify_protocol, tvb, o, layout::notify::kProtocol);
    add_field(t, hf::notify_spi_size, tvb, o, layout::notify::kSpiSize);
    add_field(t, hf::notify_type, tvb, o, layout::notify::kType);
    add_bytes(t, hf::notify_spi, tvb, n.spi);
    if (n.data.len == 0) return;
    proto_item* di = proto_tree_add_item(t, hf::notify_data, tvb, n.data.off, n.data.len, ENC_NA);
    proto_tree* dt = proto_item_add_subtree(di, ett::notify_data);
    const NotifyData& d = n.decoded;
    switch (d.kind) {
    case NotifyData::Kind::Group: add(dt, hf::notify_ke_group, tvb, d.value_span); break;
    case NotifyData::Kind::Hash: add_bytes(dt, hf::notify_nat_hash, tvb, d.value_span); break;
    case NotifyData::Kind::U32:
        add(dt, n.type == 16385 ? hf::notify_window_size
                : n.type == 16403 ? hf::notify_auth_lifetime : hf::notify_message_id,
            tvb, d.value_span);
        break;
    case NotifyData::Kind::HashList:
        for (const Span& s : d.list_spans) add(dt, hf::notify_hash_algorithm, tvb, s);
        break;
    case NotifyData::Kind::U16List:
        for (const Span& s : d.list_spans) add(dt, hf::notify_password_method, tvb, s);
        break;
    case NotifyData::Kind::Gateway: {
        uint32_t go = n.data.off;
        add_field(dt, hf::notify_gw_type, tvb, go, layout::gateway_identity::kType);
        add_field(dt, hf::notify_gw_length, tvb, go, layout::gateway_identity::kLength);
        if (d.gw_type == 1 && d.gw_identity.len == 4) add(dt, hf::notify_gw_ipv4, tvb, d.gw_identity);
        else if (d.gw_type == 2 && d.gw_identity.len == 16) add(dt, hf::notify_gw_ipv6, tvb, d.gw_identity);
        else if (d.gw_type == 3) proto_tree_add_string(dt, hf::notify_gw_fqdn, tvb, d.gw_identity.off, d.gw_identity.len, d.gw_text.c_str());
        else add_bytes(dt, hf::notify_gw_identity, tvb, d.gw_identity);
        add_bytes(dt, hf::notify_gw_nonce, tvb, d.gw_nonce);
        break;
    }
    case NotifyData::Kind::Ipcomp:
        add_field(dt, hf::notify_ipcomp_cpi, tvb, n.data.off, layout::ipcomp::kCpi);
        add_field(dt, hf::notify_ipcomp_transform, tvb, n.data.off, layout::ipcomp::kTransform);
        break;
    case NotifyData::Kind::Spi: add_bytes(dt, hf::notify_invalid_spi, tvb, d.value_span); break;
    case NotifyData::Kind::TicketLifetime:
        add(dt, hf::notify_ticket_lifetime, tvb, d.length_span);
        add_bytes(dt, hf::notify_ticket, tvb, d.value_span);
        break;
    case NotifyData::Kind::MessageIdSync:
        add_field(dt, hf::notify_sync_nonce, tvb, n.data.off, layout::message_id_sync::kNonce);
        add_field(dt, hf::notify_sync_send_mid, tvb, n.data.off, layout::message_id_sync::kSendMid);
        add_field(dt, hf::notify_sync_recv_mid, tvb, n.data.off, layout::message_id_sync::kRecvMid);
        break;
    case NotifyData::Kind::Rohc:
        tree_rohc(d, tvb, dt);
        break;
    case NotifyData::Kind::BackoffTimer: {
        add(dt, hf::g3_backoff_length, tvb, d.length_span);
        proto_item* ti = proto_tree_add_uint_format_value(
            dt, hf::g3_backoff_timer, tvb, d.value_span.off, d.value_span.len, d.value,
            "%s (0x%02x)", d.text.c_str(), d.value);
        proto_tree* tt = proto_item_add_subtree(ti, ett::backoff_timer);
        add(tt, hf::g3_backoff_unit, tvb, d.value_span);
        add(tt, hf::g3_backoff_value, tvb, d.value_span);
        proto_item_append_text(di, " (backoff %s)", d.text.c_str());
        break;
    }
    case NotifyData::Kind::DeviceIdentity:
        add(dt, hf::g3_device_identity_length, tvb, d.length_span);
        add(dt, hf::g3_device_identity_type, tvb, d.type_span);
        if (d.value == 1 || d.value == 2) {
            proto_tree_add_string(dt, d.value == 1 ? hf::g3_imei : hf::g3_imeisv, tvb,
                                  d.value_span.off, d.value_span.len, d.text.c_str());
            proto_item_append_text(di, " (%s %s)", d.value == 1 ? "IMEI" : "IMEISV", d.text.c_str());
        } else {
            add_bytes(dt, hf::notify_data, tvb, d.value_span);
        }
        break;
    case NotifyData::Kind::EmergencyNumbers:
        add(dt, hf::g3_emergency_length, tvb, d.length_span);
        for (const EmergencyNumber& e : d.numbers) {
            proto_item* ei = proto_tree_add_none_format(dt, hf::g3_emergency, tvb, e.span.off, e.span.len,
                                                        "Emergency Number: %s", e.digits.c_str());
            proto_tree* et = proto_item_add_subtree(ei, ett::emergency);
            add_at(et, hf::g3_emergency_element_length, tvb, e.span.off, 1);
            static int* const kCategory[] = {
                &hf::g3_emergency_spare, &hf::g3_emergency_mountain, &hf::g3_emergency_marine,
                &hf::g3_emergency_fire, &hf::g3_emergency_ambulance, &hf::g3_emergency_police,
                nullptr};
            proto_tree_add_bitmask(et, tvb, e.span.off + 1, hf::g3_emergency_category,
                                   ett::emergency_category, kCategory, ENC_BIG_ENDIAN);
            proto_tree_add_string(et, hf::g3_emergency_number, tvb, e.digits_span.off,
                                  e.digits_span.len, e.digits.c_str());
        }
        break;
    case NotifyData::Kind::Opaque:
        if (n.type == 16390) add_bytes(dt, hf::notify_cookie, tvb, d.value_span);
        break;
    case NotifyData::Kind::None: break;
    }
}

void tree_ts(const TsBody& b, tvbuff_t* tvb, proto_tree* t, uint32_t o) {
    add_field(t, hf::ts_count, tvb, o, layout::ts::kCount);
    add_field(t, hf::ts_reserved, tvb, o, layout::ts::kReserved);
    for (const TrafficSelector& s : b.selectors) {
        proto_item* si = proto_tree_add_none_format(t, hf::ts, tvb, s.span.off, s.span.len,
                                                    "Traffic Selector: %s", rname(iana::kTsTypes, s.type));
        proto_tree* st = proto_item_add_subtree(si, ett::selector);
        uint32_t so = s.span.off;
        add_field(st, hf::ts_type, tvb, so, layout::selector::kType);
        if (s.type == 7 || s.type == 8) {
            add_field(st, hf::ts_protocol, tvb, so, layout::selector::kProtocol);
            add_field(st, hf::ts_length, tvb, so, layout::selector::kLength);
            if (s.start_address.len == 0) continue;  // wrong length, reported by the core
            add_field(st, hf::ts_start_port, tvb, so, layout::selector::kStartPort);
            add_field(st, hf::ts_end_port, tvb, so, layout::selector::kEndPort);
            bool v4 = s.type == 7;
            add(st, v4 ? hf::ts_start_ipv4 : hf::ts_start_ipv6, tvb, s.start_address);
            add(st, v4 ? hf::ts_end_ipv4 : hf::ts_end_ipv6, tvb, s.end_address);
            if (!s.cidr.empty()) {
                proto_item* ci = proto_tree_add_string(st, hf::ts_cidr, tvb, s.start_address.off,
                                                       s.start_address.len * 2, s.cidr.c_str());
                proto_item_set_generated(ci);
                proto_item_append_text(si, " %s", s.cidr.c_str());
            } else {
                proto_item_append_text(si, " %s - %s", s.start_text.c_str(), s.end_text.c_str());
            }
            if (s.ip_protocol) proto_item_append_text(si, " proto %s", ipprotostr(s.ip_protocol));
            if (s.start_port == s.end_port) proto_item_append_text(si, " port %u", s.start_port);
            else if (!(s.start_port == 0 && s.end_port == 65535))
                proto_item_append_text(si, " ports %u-%u", s.start_port, s.end_port);
        } else if (s.type == 9) {
            add_field(st, hf::ts_fc_reserved, tvb, so, layout::fc_selector::kReserved);
            add_field(st, hf::ts_length, tvb, so, layout::selector::kLength);
            if (s.start_address.len == 0) continue;
            add_field(st, hf::ts_fc_reserved, tvb, so, layout::fc_selector::kReserved2);
            add(st, hf::ts_fc_start, tvb, s.start_address);
            add_field(st, hf::ts_fc_reserved, tvb, so, layout::fc_selector::kReserved3);
            add(st, hf::ts_fc_end, tvb, s.end_address);
            add_field(st, hf::ts_fc_start_r_ctl, tvb, so, layout::fc_selector::kStartRCtl);
            add_field(st, hf::ts_fc_end_r_ctl, tvb, so, layout::fc_selector::kEndRCtl);
            add_field(st, hf::ts_fc_start_type, tvb, so, layout::fc_selector::kStartType);
            add_field(st, hf::ts_fc_end_type, tvb, so, layout::fc_selector::kEndType);
        } else if (s.type == 10) {
            add_field(st, hf::ts_length, tvb, so, layout::selector::kLength);
            add_bytes(st, hf::ts_seclabel, tvb, s.label);
        } else {
            add_field(st, hf::ts_length, tvb, so, layout::selector::kLength);
            constexpr auto kHead = static_cast<uint32_t>(layout::selector::kSize);
            add_bytes(st, hf::ts_data, tvb, Span{so + kHead, s.span.len - kHead});
        }
    }
}

void tree_cp(const CpBody& cp, tvbuff_t* tvb, proto_tree* t, uint32_t o) {
    add_field(t, hf::cp_type, tvb, o, layout::cp::kType);
    add_field(t, hf::cp_reserved, tvb, o, layout::cp::kReserved);
    for (const CpAttribute& a : cp.attributes) {
        proto_item* ai = proto_tree_add_none_format(t, hf::cp_attr, tvb, a.span.off, a.span.len,
                                                    "Attribute: %s", rname(iana::kCfgAttrTypes, a.type));
        if (!a.text.empty()) proto_item_append_text(ai, " = %s", a.text.c_str());
        proto_tree* at = proto_item_add_subtree(ai, ett::cp_attr);
        add_field(at, hf::cp_attr_r, tvb, a.span.off, layout::cp_attribute::kType);
        add_field(at, hf::cp_attr_type, tvb, a.span.off, layout::cp_attribute::kType);
        add_field(at, hf::cp_attr_length, tvb, a.span.off, layout::cp_attribute::kLength);
        add_bytes(at, hf::cp_attr_value, tvb, a.value);
        if (!a.text.empty())
            proto_tree_add_string(at, hf::cp_attr_text, tvb, a.value.off, a.value.len, a.text.c_str());
        // RFC 7651: the P-CSCF addresses as addresses, for filters (ikev2.cp.attr.p_cscf_ipv4).
        if (a.type == iana::cfg_attr::kPcscfIp4Address && a.value.len == 4) add(at, hf::cp_p_cscf_ipv4, tvb, a.value);
        else if (a.type == iana::cfg_attr::kPcscfIp6Address && a.value.len == 16) add(at, hf::cp_p_cscf_ipv6, tvb, a.value);
    }
}

// SK / SKF content: IV | ciphertext | ICV when the IKE SA's algorithms are known from its
// IKE_SA_INIT response, one opaque block otherwise.
void tree_payload(const Payload& p, const IkeSaAlgorithms* algs, const Inner* inner,
                  tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree);

// The end of a decrypted SK payload or SKF fragment (RFC 7296 3.14): Padding and Pad
// Length, after the inner payloads in the decrypted data source `plain`.
void tree_padding(const session::SkFrame& d, tvbuff_t* plain, proto_tree* t) {
    if (!d.trailer.size) return;
    const auto at = static_cast<gint>(d.plaintext.size);
    if (d.trailer.size > 1) proto_tree_add_item(t, hf::sk_padding, plain, at, static_cast<gint>(d.trailer.size - 1), ENC_NA);
    proto_tree_add_item(t, hf::sk_pad_length, plain, at + static_cast<gint>(d.trailer.size - 1), 1, ENC_BIG_ENDIAN);
}

// The decrypted content of an SK / SKF payload: status, then the inner payloads in their
// own data source ("Decrypted SK").
void tree_decrypted(const Inner& in, proto_item* pi, tvbuff_t* tvb, packet_info* pinfo,
                    proto_tree* t) {
    const session::SkFrame& d = in.frame->sk;
    switch (d.kind) {
    case DecryptOutcome::Kind::NoKeys:
        // Once per IKE SA, not on every encrypted message.
        if (d.first_miss) expert_add_info(pinfo, pi, &ei::sk_no_keys);
        return;
    case DecryptOutcome::Kind::NoAlgorithms:
        expert_add_info(pinfo, pi, &ei::sk_no_algorithms);
        return;
    case DecryptOutcome::Kind::BadKeys:
        expert_add_info_format(pinfo, pi, &ei::sk_bad_keys, "Keys unusable: %s",
                               crypto::status_text(d.status));
        return;
    case DecryptOutcome::Kind::Done:
        break;
    }
    if (d.bound_from)
        expert_add_info_format(pinfo, pi, &ei::sk_keys_bound, "Keys bound by ICV: no SPIs in %s",
                               d.bound_from);
    if (d.integrity_checked || d.status != crypto::Status::Ok) {
        bool good = d.status == crypto::Status::Ok || d.status == crypto::Status::BadPadding;
        proto_item* ii = proto_tree_add_boolean(t, hf::sk_icv_status, tvb, d.icv.off, d.icv.len, good);
        proto_item_set_generated(ii);
    }
    // Expert infos go through expert_add_info*, which records them (for -z expert and the
    // Expert Information dialog) even when `pi` is NULL because no tree is being built.
    if (d.status == crypto::Status::AeadTagMismatch) {
        expert_add_info_format(pinfo, pi, &ei::sk_icv_bad,
                               "AEAD tag bad: no plaintext (an AEAD cipher releases nothing unauthenticated)");
        return;
    }
    if (d.status == crypto::Status::IcvMismatch) {
        if (!in.frame->unauthenticated) {  // preference ikev2.decrypt_unauthenticated off
            expert_add_info_format(pinfo, pi, &ei::sk_icv_bad,
                                   "Integrity check failed: wrong keys or a corrupted message; nothing decrypted");
            return;
        }
        expert_add_info_format(pinfo, pi, &ei::sk_icv_bad, "ICV bad: the plaintext below is not authenticated");
        if (!d.padding_ok)
            expert_add_info_format(pinfo, pi, &ei::sk_decrypt_failed, "Decryption failed: %s",
                                   crypto::status_text(crypto::Status::BadPadding));
    } else if (d.status != crypto::Status::Ok) {
        expert_add_info_format(pinfo, pi, &ei::sk_decrypt_failed, "Decryption failed: %s",
                               crypto::status_text(d.status));
        if (d.status != crypto::Status::BadPadding) return;
    }
    tvbuff_t* plain = nullptr;
    if (in.fragment) {
        // RFC 7383: this fragment's plaintext, then the fragment list or where the
        // message was completed.
        add_new_data_source(pinfo, in.fragment, in.frame->unauthenticated ? kSourceSkfUnauthenticated : kSourceSkf);
        proto_item* fi = proto_tree_add_item(t, hf::skf_plaintext, in.fragment, 0, -1, ENC_NA);
        tree_padding(d, in.fragment, proto_item_add_subtree(fi, ett::decrypted));
        if (in.frame->unauthenticated)
            proto_item_set_generated(proto_tree_add_boolean(t, hf::sk_unauthenticated, in.fragment, 0, 0, true));
        skf_tree(*in.frame, in.fragment, in.reassembled, pinfo, t);
        if (!in.reassembled) return;
        plain = in.reassembled;
    } else {
        // The decrypted data whole: the inner payloads, then Padding and Pad Length.
        const auto n = static_cast<guint>(d.plaintext.size + d.trailer.size);
        plain = tvb_new_child_real_data(tvb, d.plaintext.data, n, static_cast<gint>(n));
        add_new_data_source(pinfo, plain, in.frame->unauthenticated ? kSourceSkUnauthenticated : kSourceSk);
    }
    proto_item* di = proto_tree_add_item(t, hf::sk_decrypted, plain, 0, -1, ENC_NA);
    proto_tree* dt = proto_item_add_subtree(di, ett::decrypted);
    if (in.frame->payloads_unauthenticated) {
        proto_item_append_text(di, " (not authenticated: not used by the analysis or for ESP keys)");
        proto_item_set_generated(proto_tree_add_boolean(dt, hf::sk_unauthenticated, plain, 0, 0, true));
    }
    for (const Payload& ip : in.view->inner) tree_payload(ip, nullptr, nullptr, plain, pinfo, dt);
    add_issues(in.view->inner_issues, pinfo, dt, plain);
    if (!in.fragment) tree_padding(d, plain, dt);
}

void tree_encrypted(Span enc, int hf_whole, const IkeSaAlgorithms* algs, const Inner* inner,
                    proto_item* pi, tvbuff_t* tvb, packet_info* pinfo, proto_tree* t) {
    const session::SkFrame* d = inner ? &inner->frame->sk : nullptr;
    const bool done = d && d->kind == DecryptOutcome::Kind::Done && d->iv.len;
    if (d && !done) tree_decrypted(*inner, pi, tvb, pinfo, t);  // why nothing was decrypted

    // The layout and algorithms: the decryptor's (they may come from the keys), else the
    // ones the IKE_SA_INIT response selected, else one opaque block.
    EncryptedLayout l;
    crypto::Transforms a;
    uint32_t learned_in = 0;
    if (done) {
        a = d->algorithms;
        l = EncryptedLayout{d->iv, d->ciphertext, d->icv};
    } else if (algs && split_encrypted(algs->transforms, enc, l)) {
        a = algs->transforms;
        learned_in = algs->learned_in;
    } else {
        add_bytes(t, hf_whole, tvb, enc);
        return;
    }
    proto_item* ei = add_transform_id(t, hf::sk_encr, tvb, a.encr_id, false);
    if (a.encr_key_bits) proto_item_append_text(ei, ", %u-bit key", a.encr_key_bits);
    proto_item_set_generated(ei);
    if (a.integ_id) proto_item_set_generated(add_transform_id(t, hf::sk_integ, tvb, a.integ_id, true));
    if (learned_in) proto_item_set_generated(proto_tree_add_uint(t, hf::sk_sa_frame, tvb, 0, 0, learned_in));
    add_bytes(t, hf::sk_iv, tvb, l.iv);
    add_bytes(t, hf::sk_ciphertext, tvb, l.ciphertext);
    add_bytes(t, hf::sk_icv, tvb, l.icv);
    if (done) tree_decrypted(*inner, pi, tvb, pinfo, t);
}

// One payload: generic header, then the body by type.
void tree_payload(const Payload& p, const IkeSaAlgorithms* algs, const Inner* inner,
                  tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree) {
    const char* name = rname(iana::kPayloadTypes, p.type);
    proto_item* pi = proto_tree_add_uint_format(tree, hf::payload_type, tvb, p.span.off, p.span.len,
                                                p.type, "Payload: %s (%u)", name, p.type);
    proto_tree* t = proto_item_add_subtree(pi, ett::payload);
    uint32_t o = p.span.off;
    add_field(t, hf::payload_next, tvb, o, layout::generic::kNext);
    add_field(t, hf::payload_critical, tvb, o, layout::generic::kCritical);
    add_field(t, hf::payload_reserved, tvb, o, layout::generic::kCritical);
    if (p.span.len >= 4) add_field(t, hf::payload_length, tvb, o, layout::generic::kLength);
    uint32_t b = p.body.off;

    if (const auto* sa = std::get_if<SaBody>(&p.content)) {
        tree_sa(*sa, tvb, t);
    } else if (const auto* ke = std::get_if<KeBody>(&p.content)) {
        if (p.body.len >= 4) {
            add_field(t, hf::ke_group, tvb, b, layout::ke::kGroup);
            add_field(t, hf::ke_reserved, tvb, b, layout::ke::kReserved);
            proto_item_append_text(pi, " - %s", rname(iana::kKeyExchangeIds, ke->group));
        }
        add_bytes(t, hf::ke_data, tvb, ke->data);
    } else if (const auto* id = std::get_if<IdBody>(&p.content)) {
        if (p.body.len >= 4) tree_id(*id, tvb, t, b);
        if (!id->text.empty()) proto_item_append_text(pi, " - %s", id->text.c_str());
    } else if (const auto* c = std::get_if<CertBody>(&p.content)) {
        if (p.body.len >= 1) tree_cert(*c, p.type == 38, tvb, pinfo, t, b);
    } else if (const auto* a = std::get_if<AuthBody>(&p.content)) {
        if (p.body.len >= 4) {
            tree_auth(*a, tvb, t, b);
            proto_item_append_text(pi, " - %s", rname(iana::kAuthMethods, a->method));
        }
    } else if (const auto* nb = std::get_if<NonceBody>(&p.content)) {
        add_bytes(t, hf::nonce_data, tvb, nb->data);
    } else if (const auto* n = std::get_if<NotifyBody>(&p.content)) {
        if (p.body.len >= 4) {
            const char* nname = rname(iana::kNotifyTypes, n->type);
            proto_item_append_text(pi, " - %s", nname);
            tree_notify(*n, tvb, t, b);
            if (iana::notify_is_error(n->type))
                expert_add_info_format(pinfo, pi, &ei::notify_error, "Error notification: %s (%u)",
                                       nname, n->type);
        }
    } else if (const auto* d = std::get_if<DeleteBody>(&p.content)) {
        if (p.body.len >= 4) {
            add_field(t, hf::del_protocol, tvb, b, layout::del::kProtocol);
            add_field(t, hf::del_spi_size, tvb, b, layout::del::kSpiSize);
            add_field(t, hf::del_num_spis, tvb, b, layout::del::kNumSpis);
            proto_item_append_text(pi, " - %s", rname(iana::kProtocolIds, d->protocol));
        }
        for (const Span& s : d->spis) add_bytes(t, hf::del_spi, tvb, s);
    } else if (const auto* v = std::get_if<VendorIdBody>(&p.content)) {
        add_bytes(t, hf::vid_data, tvb, v->data);
        if (v->vendor) {
            proto_item* vi = proto_tree_add_string(t, hf::vid_vendor, tvb, v->data.off, v->data.len, v->vendor);
            proto_item_set_generated(vi);
            proto_item_append_text(pi, " - %s", v->vendor);
        }
    } else if (const auto* ts = std::get_if<TsBody>(&p.content)) {
        if (p.body.len >= 4) tree_ts(*ts, tvb, t, b);
    } else if (const auto* sk = std::get_if<SkBody>(&p.content)) {
        tree_encrypted(sk->encrypted, hf::sk_data, algs, inner, pi, tvb, pinfo, t);
    } else if (const auto* f = std::get_if<SkfBody>(&p.content)) {
        if (p.body.len >= 4) {
            add_field(t, hf::skf_number, tvb, b, layout::skf::kNumber);
            add_field(t, hf::skf_total, tvb, b, layout::skf::kTotal);
            proto_item_append_text(pi, " (%u/%u)", f->fragment_number, f->total_fragments);
        }
        tree_encrypted(f->encrypted, hf::skf_data, algs, inner, pi, tvb, pinfo, t);
    } else if (const auto* cp = std::get_if<CpBody>(&p.content)) {
        if (p.body.len >= 4) {
            tree_cp(*cp, tvb, t, b);
            proto_item_append_text(pi, " - %s", rname(iana::kCfgTypes, cp->cfg_type));
        }
    } else if (const auto* e = std::get_if<EapBody>(&p.content)) {
        add_bytes(t, hf::eap_data, tvb, e->message);
        call_contained(handles.eap, tvb, e->message.off, e->message.len, pinfo, t);
    } else if (const auto* op = std::get_if<OpaqueBody>(&p.content)) {
        add_bytes(t, hf::payload_data, tvb, op->data);
    }
    add_issues(p.issues, pinfo, t, tvb);
}

void tree_header(const Message& m, tvbuff_t* tvb, proto_tree* t) {
    using namespace layout::header;
    add_field(t, hf::spi_i, tvb, 0, kSpiI);
    add_field(t, hf::spi_r, tvb, 0, kSpiR);
    add_field(t, hf::next_payload, tvb, 0, kNext);
    proto_item* vi = add_field(t, hf::version, tvb, 0, kVersion);
    proto_tree* vt = proto_item_add_subtree(vi, ett::version);
    add_field(vt, hf::version_major, tvb, 0, kVersion);
    add_field(vt, hf::version_minor, tvb, 0, kVersion);
    proto_item_append_text(vi, " (%u.%u)", m.header.major, m.header.minor);
    add_field(t, hf::exchange_type, tvb, 0, kExchange);
    static int* const flag_fields[] = {&hf::flag_response, &hf::flag_version,
                                       &hf::flag_initiator, nullptr};
    proto_tree_add_bitmask(t, tvb, kFlags.off, hf::flags, ett::flags, flag_fields, ENC_BIG_ENDIAN);
    add_field(t, hf::message_id, tvb, 0, kMessageId);
    add_field(t, hf::length, tvb, 0, kLength);
}

}  // namespace

int dissect_ikev2_message(tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree) {
    const uint32_t len = tvb_captured_length(tvb);
    malformed_seen = false;
    col_set_str(pinfo->cinfo, COL_PROTOCOL, "IKEv2");
    session::Capture* cap = capture_state();
    if (!cap) return 0;

    // What the capture made of this message: on the first pass it is processed (keys,
    // decryption, fragments, CHILD_SAs, analysis), later passes get the same result; the
    // message and its decrypted payloads are parsed again on every pass.
    const bool first_pass = !PINFO_FD_VISITED(pinfo);
    if (first_pass) refresh_keys_throttled();
    session::IkePacket pk;
    pk.frame = pinfo->num;
    pk.offset = static_cast<uint32_t>(tvb_raw_offset(tvb));
    pk.time = static_cast<double>(pinfo->abs_ts.secs) + pinfo->abs_ts.nsecs / 1e9;
    pk.src = endpoint_of(pinfo->net_src, pinfo->srcport);
    pk.dst = endpoint_of(pinfo->net_dst, pinfo->destport);
    pk.message = ByteView(tvb_get_ptr(tvb, 0, len), len);
    auto* v = packet_scoped(pinfo, session::IkeView());
    // The Info text when there are columns (tshark -T fields has none), the summary when
    // there is a tree.
    session::ViewTexts texts;
    texts.info = pinfo->cinfo != nullptr;
    texts.summary = tree != nullptr;
    cap->view(pk, keys_for_binding(), first_pass,
              prefs::info_all_payloads ? SummaryDetail::Full : SummaryDetail::Brief, *v, texts);
    const Message& m = v->message;
    const session::IkeFrame* f = v->frame;

    // The decrypted data as data sources: this SKF fragment's, the reassembled message.
    Inner* inner = nullptr;
    if (f && f->encrypted) {
        inner = packet_scoped(pinfo, Inner());
        inner->frame = f;
        inner->view = v;
        const bool skf = m.payloads.back().type == iana::payload::kSKF;
        if (skf && f->shown && f->sk.padding_ok) {
            const auto n = static_cast<guint>(f->sk.plaintext.size + f->sk.trailer.size);
            inner->fragment = tvb_new_child_real_data(tvb, f->sk.plaintext.data, n, static_cast<gint>(n));
        }
        if (f->complete && f->reassembled) {
            const auto n = static_cast<guint>(f->inner.size);
            inner->reassembled = tvb_new_child_real_data(tvb, f->inner.data, n, static_cast<gint>(n));
            add_new_data_source(pinfo, inner->reassembled,
                                f->payloads_unauthenticated
                                    ? "Reassembled IKEv2 message (ICV bad, not authenticated)"
                                    : "Reassembled IKEv2 message");
        }
    }

    col_append_sep_str(pinfo->cinfo, COL_INFO, " | ", v->ikev2 ? v->info.c_str() : "Malformed IKEv2 message");

    proto_item* root = proto_tree_add_item(tree, proto_ikev2, tvb, 0, -1, ENC_NA);
    proto_tree* t = proto_item_add_subtree(root, ett::ikev2);
    if (m.header_ok) {
        tree_header(m, tvb, t);
        if (v->ikev2) {
            proto_item* si = proto_tree_add_string(t, hf::summary, tvb, 0, 0, v->summary.c_str());
            proto_item_set_generated(si);
            proto_item_append_text(root, ", %s", v->head.c_str());
        }
    }
    add_issues(m.issues, pinfo, t, tvb);
    if (f && f->sa_refused) proto_tree_add_expert(t, pinfo, &ei::sa_table_full, tvb, 0, 0);
    if (f && f->analysis_refused) proto_tree_add_expert(t, pinfo, &ei::analysis_full, tvb, 0, 0);
    for (const Payload& p : m.payloads) tree_payload(p, v->algorithms, inner, tvb, pinfo, t);
    if (f) {
        tree_child_sas(*f, tvb, pinfo, t);
        analysis_message(tvb, pinfo, t, m, f->record, v->opened ? &v->inner : nullptr, v->ladder.c_str());
    }
    // Wireshark's own mark, as after a dissector exception; the PI_MALFORMED expert infos
    // above make `_ws.malformed` match.
    if (malformed_seen) col_append_str(pinfo->cinfo, COL_INFO, " [Malformed Packet]");
    return static_cast<int>(len);
}

int dissect_ikev2_pdu(tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree, void*) {
    return dissect_ikev2_message(tvb, pinfo, tree);
}

int dispatch_udp500(tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree, void* data) {
    // This handle has no protocol of its own, so the frame's protocol list shows only the
    // dissector that really decodes the datagram (ikev2, or isakmp exactly as before).
    if ((ike_major_version_of(tvb) != 2 || !proto_is_protocol_enabled(find_protocol_by_id(proto_ikev2))) &&
        handles.isakmp)
        return call_dissector_with_data(handles.isakmp, tvb, pinfo, tree, data);
    col_clear(pinfo->cinfo, COL_INFO);
    return call_dissector(handles.ikev2, tvb, pinfo, tree);
}

heur_result heur_udp(tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree, void*) {
    const uint32_t len = tvb_captured_length(tvb);
    if (len != tvb_reported_length(tvb)) return false;  // a sliced capture: can't check the chain
    const ByteView d(tvb_get_ptr(tvb, 0, len), len);
    // strongSwan and others put the non-ESP marker before IKE on every port but 500
    // (RFC 3948 framing), so a non-standard port may carry either form.
    if (classify_udp_encap(d) == UdpEncap::Ike && looks_like_ikev2(d.from(kNonEspMarkerSize))) {
        call_dissector(handles.natt, tvb, pinfo, tree);
        return true;
    }
    if (!looks_like_ikev2(d)) return false;
    col_clear(pinfo->cinfo, COL_INFO);
    dissect_ikev2_message(tvb, pinfo, tree);
    return true;
}

}  // namespace ikev2::ws
