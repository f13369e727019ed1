// The `ipsec` dissector: ESP (RFC 4303) on IP protocol 50, in UDP (RFC 3948, via natt)
// and in TCP (RFC 8229, via iketcp), decrypted with keys from the key store (UAT
// ipsec_sa, key files, the user's esp_sa) or derived from SK_d (core/esp/child_sa_keys).
//
// When decryption happens: on the first pass, by the capture engine (core/session), which
// keeps the frame's outcome (a POD); the plaintext goes to packet memory, and a GUI click
// or a second pass decrypts again with the SA's cipher into the same result. Sequence
// analysis and key derivation run on the first pass, in frame order.
//
// Without keys the tree is what the built-in shows (SPI, sequence number, data), plus the
// sequence analysis, which needs no keys.
#include "esp_glue.hpp"

#include <epan/expert.h>
#include <epan/plugin_if.h>
#include <epan/prefs.h>
#include <epan/proto_data.h>
#include <epan/stat_tap_ui.h>
#include <epan/tap.h>
#include <wsutil/report_message.h>

#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <type_traits>
#include <unordered_map>

extern "C" {
#include <epan/ipproto.h>
}

#include "glue.hpp"
#include "iana.hpp"
#include "key_sources.hpp"
#include "text.hpp"
#include "../uat/ipsec_sa.hpp"

namespace ikev2::ws {

namespace {

using esp::EspOutcome;
using esp::SeqEvent;

// ---- registration data ---------------------------------------------------------------

namespace hfe {
int spi = -1, seq = -1, seq64 = -1, iv = -1, encrypted = -1, tfc_padding = -1, padding = -1,
    pad_length = -1, next_header = -1, icv = -1, icv_status = -1, sa_id = -1, sa_keys = -1,
    sa_encr = -1, sa_integ = -1, sa_derived_in = -1, seq_status = -1, seq_number = -1,
    seq_expected = -1, seq_lost = -1, seq_duplicate_of = -1, dummy = -1, null_guess = -1,
    esn_inferred = -1, unauthenticated = -1;
// On the IKEv2 side: what a CHILD_SA exchange gave.
int child = -1, child_outcome = -1, child_spi_to_responder = -1, child_spi_to_initiator = -1,
    child_request = -1, child_rekeys = -1;
}  // namespace hfe

int ett_ipsec = -1, ett_sa = -1, ett_seq = -1, ett_child = -1;

expert_field ei_no_keys = EI_INIT, ei_bad_keys = EI_INIT, ei_icv_bad = EI_INIT,
             ei_decrypt_failed = EI_INIT, ei_bad_padding = EI_INIT, ei_odd_padding = EI_INIT,
             ei_short = EI_INIT, ei_seq_gap = EI_INIT, ei_seq_late = EI_INIT,
             ei_seq_duplicate = EI_INIT, ei_seq_old = EI_INIT, ei_seq_wrap = EI_INIT,
             ei_dummy = EI_INIT, ei_tfc = EI_INIT, ei_too_many = EI_INIT,
             ei_null_guess = EI_INIT, ei_child_derived = EI_INIT, ei_spi_only = EI_INIT,
             ei_child_not_derived = EI_INIT, ei_esn_inferred = EI_INIT,
             ei_unauthenticated = EI_INIT, ei_unauthenticated_kept = EI_INIT;

enum IcvStatus : uint8_t { kIcvUnverified = 0, kIcvGood = 1, kIcvBad = 2, kIcvUnchecked = 3 };
const value_string icv_status_vals[] = {{kIcvUnverified, "Not verified"},
                                        {kIcvGood, "Good"},
                                        {kIcvBad, "Bad"},
                                        {kIcvUnchecked, "Not checked (no integrity key or algorithm)"},
                                        {0, nullptr}};
const value_string seq_status_vals[] = {
    {static_cast<uint32_t>(SeqEvent::Kind::First), "First packet of the SA in the capture"},
    {static_cast<uint32_t>(SeqEvent::Kind::Next), "In order"},
    {static_cast<uint32_t>(SeqEvent::Kind::Gap), "Gap: packets missing before this one"},
    {static_cast<uint32_t>(SeqEvent::Kind::Late), "Late: arrived after a higher number"},
    {static_cast<uint32_t>(SeqEvent::Kind::Duplicate), "Duplicate (replay or captured twice)"},
    {static_cast<uint32_t>(SeqEvent::Kind::Old), "Older than the replay window"},
    {static_cast<uint32_t>(SeqEvent::Kind::Wrap), "Sequence number wrapped"},
    {0, nullptr}};
const value_string child_outcome_vals[] = {
    {static_cast<uint32_t>(ChildKeyOutcome::Derived), "Keys derived from SK_d"},
    {static_cast<uint32_t>(ChildKeyOutcome::NoSkD), "Not derived: no SK_d"},
    {static_cast<uint32_t>(ChildKeyOutcome::NoPrf), "Not derived: PRF unknown"},
    {static_cast<uint32_t>(ChildKeyOutcome::NeedsPfsSecret), "Not derived: PFS secret g^ir unknown"},
    {static_cast<uint32_t>(ChildKeyOutcome::NoNonces), "Not derived: nonces not seen"},
    {static_cast<uint32_t>(ChildKeyOutcome::NoRequest), "Not derived: request not seen, not decrypted or not authenticated"},
    {static_cast<uint32_t>(ChildKeyOutcome::Unsupported), "Not derived: transforms not supported"},
    {0, nullptr}};

// Preferences.
pref_bool pref_take_esp = true;
pref_bool pref_null_heuristic = false;
pref_bool pref_decrypt_unauthenticated = true;
const char* pref_export_file = "";

dissector_handle_t ipsec_handle = nullptr;
dissector_handle_t ip50_handle = nullptr;
dissector_handle_t builtin_esp = nullptr;
dissector_handle_t ip_handle = nullptr, ipv6_handle = nullptr, data_handle = nullptr;
dissector_table_t ip_proto_table = nullptr;
int esp_tap = -1;

// ---- per-frame results ---------------------------------------------------------------

using session::EspFrame;

// Plaintext goes to packet memory: a later pass decrypts again (cheaper than keeping every
// plaintext for the life of the capture; see docs/performance.md).
uint8_t* packet_alloc(size_t n, void* pinfo) {
    return static_cast<uint8_t*>(wmem_alloc(static_cast<packet_info*>(pinfo)->pool, n));
}

ByteView address_bytes(const address& a) {
    if (a.type == AT_IPv4 && a.len == 4) return ByteView(static_cast<const uint8_t*>(a.data), 4);
    if (a.type == AT_IPv6 && a.len == 16) return ByteView(static_cast<const uint8_t*>(a.data), 16);
    return ByteView();
}

const keys::KeyStore& derived_keys() {
    static const keys::KeyStore empty;
    const session::Capture* cap = capture_state();
    return cap ? cap->derived_keys() : empty;
}

// The capture's result for this ESP packet; `plain` gets the plaintext (packet memory).
const EspFrame* process_cached(tvbuff_t* tvb, packet_info* pinfo, uint8_t** plain) {
    *plain = nullptr;
    session::Capture* cap = capture_state();
    if (!cap) return nullptr;
    const bool first_pass = !PINFO_FD_VISITED(pinfo);
    if (first_pass) refresh_keys_throttled();
    const uint32_t len = tvb_captured_length(tvb);
    return cap->esp(pinfo->num, static_cast<uint32_t>(tvb_raw_offset(tvb)), ByteView(tvb_get_ptr(tvb, 0, len), len),
                    address_bytes(pinfo->src), address_bytes(pinfo->dst), current_keys(), first_pass,
                    packet_alloc, pinfo, plain);
}

// ---- tree ---------------------------------------------------------------------------

// A plugin-made status (ICV, sequence analysis, CHILD_SA keys): its name alone, never the
// number behind it (filters still compare the number: ipsec.icv.status == 2).
proto_item* add_status(proto_tree* t, int hf, tvbuff_t* tvb, int off, int len, uint32_t v,
                       const value_string* names) {
    proto_item* ti = proto_tree_add_uint_format_value(t, hf, tvb, off, len, v, "%s",
                                                      val_to_str_const(v, names, "Unknown"));
    proto_item_set_generated(ti);
    return ti;
}

void add_seq_analysis(const EspFrame& f, tvbuff_t* tvb, packet_info* pinfo, proto_tree* t,
                      proto_item* seq_item) {
    const SeqEvent& s = f.seq;
    if (!f.sa_id) return;
    proto_item* ti = add_status(t, hfe::seq_status, tvb, 4, 4, static_cast<uint32_t>(s.kind), seq_status_vals);
    proto_tree* st = proto_item_add_subtree(ti, ett_seq);
    proto_item_set_generated(proto_tree_add_uint(st, hfe::sa_id, tvb, 0, 4, f.sa_id));
    proto_item_set_generated(proto_tree_add_uint64(st, hfe::seq_number, tvb, 4, 4, s.number));
    if (f.esn) proto_item_set_generated(proto_tree_add_uint64(st, hfe::seq64, tvb, 4, 4, s.seq));
    switch (s.kind) {
    case SeqEvent::Kind::First:
    case SeqEvent::Kind::Next:
        break;
    case SeqEvent::Kind::Gap:
        proto_item_set_generated(proto_tree_add_uint64(st, hfe::seq_expected, tvb, 4, 4, s.expected));
        proto_item_set_generated(proto_tree_add_uint64(st, hfe::seq_lost, tvb, 4, 4, s.lost));
        expert_add_info_format(pinfo, seq_item, &ei_seq_gap,
                               "Sequence gap: expected %" G_GUINT64_FORMAT ", got %" G_GUINT64_FORMAT
                               " (%" G_GUINT64_FORMAT " missing)", s.expected, s.seq, s.lost);
        break;
    case SeqEvent::Kind::Late:
        expert_add_info(pinfo, seq_item, &ei_seq_late);
        break;
    case SeqEvent::Kind::Duplicate:
        proto_item_set_generated(proto_tree_add_uint(st, hfe::seq_duplicate_of, tvb, 4, 4, s.duplicate_of));
        expert_add_info_format(pinfo, seq_item, &ei_seq_duplicate,
                               "Duplicate sequence number %" G_GUINT64_FORMAT " (first in frame %u): a replay, or the packet captured twice",
                               s.seq, s.duplicate_of);
        break;
    case SeqEvent::Kind::Old:
        expert_add_info(pinfo, seq_item, &ei_seq_old);
        break;
    case SeqEvent::Kind::Wrap:
        expert_add_info(pinfo, seq_item, &ei_seq_wrap);
        break;
    }
}

// The inner packet: tunnel mode (IPv4 / IPv6) or transport mode (the protocol itself).
void dissect_inner(tvbuff_t* payload, uint8_t nh, packet_info* pinfo, proto_tree* tree,
                   proto_tree* t, proto_item* root) {
    const int len = static_cast<int>(tvb_reported_length(payload));
    if (nh == IP_PROTO_NONE) {  // 59: a dummy packet (RFC 4303 2.6)
        proto_tree_add_item(t, hfe::dummy, payload, 0, -1, ENC_NA);
        expert_add_info(pinfo, root, &ei_dummy);
        col_append_str(pinfo->cinfo, COL_INFO, " (dummy packet)");
        return;
    }
    // TFC padding (RFC 4303 2.7) after the inner IP packet, as the core finds it.
    const auto inner_len = static_cast<int>(
        esp::inner_packet_length(ByteView(tvb_get_ptr(payload, 0, len), static_cast<size_t>(len)), nh));
    if (inner_len < len) {
        proto_tree_add_item(t, hfe::tfc_padding, payload, inner_len, len - inner_len, ENC_NA);
        expert_add_info(pinfo, root, &ei_tfc);
    }
    tvbuff_t* inner = tvb_new_subset_length(payload, 0, inner_len);
    if (nh == IP_PROTO_IPIP && ip_handle) call_dissector(ip_handle, inner, pinfo, tree);
    else if (nh == IP_PROTO_IPV6 && ipv6_handle) call_dissector(ipv6_handle, inner, pinfo, tree);
    else if (!dissector_try_uint(ip_proto_table, nh, inner, pinfo, tree))
        call_dissector(data_handle, inner, pinfo, tree);
}

int dissect_ipsec(tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree, void*) {
    col_set_str(pinfo->cinfo, COL_PROTOCOL, "ESP");
    const int len = static_cast<int>(tvb_captured_length(tvb));
    proto_item* root = proto_tree_add_item(tree, proto_ipsec, tvb, 0, -1, ENC_NA);
    proto_tree* t = proto_item_add_subtree(root, ett_ipsec);
    if (len < static_cast<int>(esp::kEspHeaderSize)) {
        col_set_str(pinfo->cinfo, COL_INFO, "ESP (too short)");
        proto_tree_add_expert(t, pinfo, &ei_short, tvb, 0, -1);
        return len;
    }
    const uint32_t spi = tvb_get_ntohl(tvb, 0);
    const uint32_t seq = tvb_get_ntohl(tvb, 4);
    col_add_fstr(pinfo->cinfo, COL_INFO, "ESP (SPI=0x%08x)", spi);
    // Text for a tree someone will read; a batch job's hidden tree skips the formatting.
    if (tree && PTREE_DATA(tree)->visible) proto_item_append_text(root, ", SPI: 0x%08x, Seq: %u", spi, seq);
    proto_tree_add_item(t, hfe::spi, tvb, 0, 4, ENC_BIG_ENDIAN);
    proto_item* seq_item = proto_tree_add_item(t, hfe::seq, tvb, 4, 4, ENC_BIG_ENDIAN);
    // The SA is known once the packet is processed below; taps run after the dissection.
    auto* tap_info = wmem_new0(pinfo->pool, EspTapInfo);
    tap_queue_packet(esp_tap, pinfo, tap_info);

    // Whatever follows the header, as one block; a packet of exactly SPI and sequence
    // number has none, and the root stands in for it as the anchor of expert infos.
    auto add_rest = [&]() {
        return len > static_cast<int>(esp::kEspHeaderSize)
                   ? proto_tree_add_item(t, hfe::encrypted, tvb, esp::kEspHeaderSize, -1, ENC_NA)
                   : root;
    };
    uint8_t* plaintext = nullptr;
    const EspFrame* f = process_cached(tvb, pinfo, &plaintext);
    if (f) tap_info->sa_id = f->sa_id;
    if (!f) {
        add_rest();
        return len;
    }
    add_seq_analysis(*f, tvb, pinfo, t, seq_item);
    // ESN found from the ICV (esp_decryptor.hpp): the field on every packet of the SA, the
    // note on the packet that showed it. Both calls work without a tree.
    if (f->esn_inferred) {
        proto_item* ni = proto_tree_add_boolean(t, hfe::esn_inferred, tvb, 4, 4, TRUE);
        proto_item_set_generated(ni);
        if (f->esn_inferred_now) expert_add_info(pinfo, ni, &ei_esn_inferred);
    }

    // The keys' description is made only for a tree someone reads or a filter uses.
    if (f->has_keys && tree && (PTREE_DATA(tree)->visible || proto_field_is_referenced(tree, hfe::sa_keys))) {
        const char* text = capture_state()->esp_sas().keys_text(f->sa_id, current_keys(), derived_keys()).c_str();
        proto_item* si = proto_tree_add_string(t, hfe::sa_keys, tvb, 0, 0, text);
        proto_item_set_generated(si);
        proto_tree* sat = proto_item_add_subtree(si, ett_sa);
        proto_item_set_generated(add_transform_id(sat, hfe::sa_encr, tvb, f->transforms.encr_id, false));
        proto_item_set_generated(add_transform_id(sat, hfe::sa_integ, tvb, f->transforms.integ_id, true));
        if (f->derived_in)
            proto_item_set_generated(proto_tree_add_uint(sat, hfe::sa_derived_in, tvb, 0, 0, f->derived_in));
        if (f->address_mismatch && f->seq.number == 1) expert_add_info(pinfo, si, &ei_spi_only);
    }

    const bool decrypted = f->has_plaintext(pref_decrypt_unauthenticated) && (f->in_place || plaintext);
    if (!decrypted) {
        // Show the layout as far as it is known, then why nothing was decrypted.
        if (f->iv.len) proto_tree_add_item(t, hfe::iv, tvb, f->iv.off, f->iv.len, ENC_NA);
        proto_item* ei = f->encrypted.len
                             ? proto_tree_add_item(t, hfe::encrypted, tvb, f->encrypted.off, f->encrypted.len, ENC_NA)
                             : add_rest();
        if (f->icv.len) {
            proto_tree_add_item(t, hfe::icv, tvb, f->icv.off, f->icv.len, ENC_NA);
            if (f->integrity_checked)
                add_status(t, hfe::icv_status, tvb, f->icv.off, f->icv.len, kIcvBad, icv_status_vals);
        }
        switch (f->kind) {
        case EspOutcome::Kind::NoKeys: {
            if (f->null_guessed) {
                const esp::NullGuess& g = f->null_guess;
                expert_add_info(pinfo, root, &ei_null_guess);
                proto_item_set_generated(proto_tree_add_uint(t, hfe::null_guess, tvb, 0, 0, g.icv_size));
                if (g.payload_len) {
                    tvbuff_t* payload = tvb_new_subset_length(tvb, 8, static_cast<int>(g.payload_len));
                    dissect_inner(payload, g.next_header, pinfo, tree, t, root);
                }
                const int trailer = 8 + static_cast<int>(g.payload_len);
                if (g.pad_length) proto_tree_add_item(t, hfe::padding, tvb, trailer, g.pad_length, ENC_NA);
                proto_tree_add_item(t, hfe::pad_length, tvb, trailer + g.pad_length, 1, ENC_NA);
                proto_tree_add_item(t, hfe::next_header, tvb, trailer + g.pad_length + 1, 1, ENC_NA);
                if (g.icv_size) proto_tree_add_item(t, hfe::icv, tvb, len - g.icv_size, g.icv_size, ENC_NA);
            } else if (f->first_miss) {
                expert_add_info(pinfo, ei, &ei_no_keys);
            }
            break;
        }
        case EspOutcome::Kind::BadKeys:
            expert_add_info_format(pinfo, ei, &ei_bad_keys, "ESP keys for this SA do not fit its algorithms: %s",
                                   crypto::status_text(f->key_status));
            break;
        case EspOutcome::Kind::TooManySas:
            expert_add_info(pinfo, ei, &ei_too_many);
            break;
        case EspOutcome::Kind::Done:
            if (f->status == crypto::Status::IcvMismatch || f->status == crypto::Status::AeadTagMismatch)
                expert_add_info(pinfo, ei, &ei_icv_bad);
            else
                expert_add_info_format(pinfo, ei, &ei_decrypt_failed, "ESP decryption failed: %s",
                                       crypto::status_text(f->status));
            break;
        }
        return len;
    }

    // Decrypted (or NULL): IV, payload, padding, trailer, ICV.
    if (f->iv.len) proto_tree_add_item(t, hfe::iv, tvb, f->iv.off, f->iv.len, ENC_NA);
    tvbuff_t* plain;
    if (f->in_place) {
        plain = tvb_new_subset_length(tvb, static_cast<int>(f->encrypted.off), static_cast<int>(f->plain_len));
    } else {
        plain = tvb_new_child_real_data(tvb, plaintext, f->plain_len, f->plain_len);
        add_new_data_source(pinfo, plain, f->unauthenticated ? "Decrypted ESP (ICV bad, not authenticated)" : "Decrypted ESP");
    }
    proto_item* unauth = nullptr;
    if (f->unauthenticated) {
        unauth = proto_tree_add_boolean(t, hfe::unauthenticated, plain, 0, 0, TRUE);
        proto_item_set_generated(unauth);
        expert_add_info(pinfo, unauth, &ei_unauthenticated);
        // Kept in the Info column whatever the inner dissectors write after it.
        col_append_str(pinfo->cinfo, COL_INFO, " [ICV bad, not authenticated] ");
        col_set_fence(pinfo->cinfo, COL_INFO);
    }
    if (f->status == crypto::Status::BadPadding) {
        proto_item* pi = proto_tree_add_item(t, hfe::encrypted, plain, 0, -1, ENC_NA);
        expert_add_info(pinfo, pi, &ei_bad_padding);
        return len;
    }
    const int pl = static_cast<int>(f->payload_len);
    if (f->pad_length) {
        proto_item* pi = proto_tree_add_item(t, hfe::padding, plain, pl, f->pad_length, ENC_NA);
        if (f->nonstandard_padding) expert_add_info(pinfo, pi, &ei_odd_padding);
    }
    proto_tree_add_item(t, hfe::pad_length, plain, pl + f->pad_length, 1, ENC_NA);
    proto_tree_add_item(t, hfe::next_header, plain, pl + f->pad_length + 1, 1, ENC_NA);
    if (f->icv.len) {
        proto_tree_add_item(t, hfe::icv, tvb, f->icv.off, f->icv.len, ENC_NA);
        add_status(t, hfe::icv_status, tvb, f->icv.off, f->icv.len,
                   f->unauthenticated ? kIcvBad : f->integrity_checked ? kIcvGood : kIcvUnchecked,
                   icv_status_vals);
    }
    proto_item_set_len(root, len);
    // Unauthenticated plaintext goes on to the inner dissectors only when its padding is
    // the default 1, 2, 3, ... (RFC 4303 2.4) that senders use: a good sign that the keys
    // are right and only the ICV was damaged. Otherwise it is shown as data.
    if (f->unauthenticated && f->nonstandard_padding) {
        if (pl > 0) proto_tree_add_item(t, hfe::encrypted, plain, 0, pl, ENC_NA);
        expert_add_info(pinfo, unauth, &ei_unauthenticated_kept);
    } else if (pl > 0 || f->next_header == IP_PROTO_NONE) {
        dissect_inner(tvb_new_subset_length(plain, 0, pl), f->next_header, pinfo, tree, t, root);
    }
    return len;
}

// IP protocol 50: the plugin's ESP when enabled, else the built-in (as before).
int dispatch_ip50(tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree, void* data) {
    // Through the registered handle, so that Wireshark names the layer (expert infos
    // and taps take pinfo->current_proto), as for any dissector.
    if (plugin_takes_esp()) return call_dissector_with_data(ipsec_handle, tvb, pinfo, tree, data);
    if (builtin_esp) return call_dissector_with_data(builtin_esp, tvb, pinfo, tree, data);
    return 0;
}

// ---- statistics and export -----------------------------------------------------------


// The export, on demand only (never while dissecting): `-z ipsec,esp_sa[,FILE]` at the
// end of a tshark run, Tools > IPsec > Export ESP SAs in the GUI. nullptr or "": standard
// output. False when the file cannot be written (reported).
bool write_export(const char* path, size_t* count = nullptr) {
    const session::Capture* cap = capture_state();
    const std::string text = cap ? cap->esp_sa_export(current_keys(), count) : std::string();
    if (!path || !*path) {
        std::fputs(text.c_str(), stdout);
        return true;
    }
    FILE* fp = std::fopen(path, "w");
    if (!fp) {
        report_failure("IPsec: cannot write the ESP SA export file %s", path);
        return false;
    }
    std::fputs(text.c_str(), fp);
    std::fclose(fp);
    return true;
}

std::string export_target;  // FILE of -z ipsec,esp_sa,FILE

void draw_export(void*) { write_export(export_target.c_str()); }

void export_menu_action(ext_menubar_gui_type, gpointer, gpointer) {
    if (!pref_export_file || !*pref_export_file) {
        report_failure("IPsec: name the export file first (Preferences > Protocols > IPsec > "
                       "Export ESP SAs to)");
        return;
    }
    size_t count = 0;
    if (write_export(pref_export_file, &count))
        report_warning("IPsec: %zu ESP SAs written to %s", count, pref_export_file);
}

int export_tapdata;  // listener identity

void export_init(const char* opt_arg, void*) {
    static constexpr char kPrefix[] = "ipsec,esp_sa,";
    export_target = opt_arg && std::strncmp(opt_arg, kPrefix, sizeof kPrefix - 1) == 0
                        ? opt_arg + sizeof kPrefix - 1 : "";
    GString* err = register_tap_listener("ipsec", &export_tapdata, nullptr, TL_REQUIRES_NOTHING,
                                         nullptr, nullptr, draw_export, nullptr);
    if (err) g_string_free(err, TRUE);
}

}  // namespace

bool esp_null_guess_enabled() { return pref_null_heuristic; }

bool plugin_takes_esp() {
    return pref_take_esp && proto_is_protocol_enabled(find_protocol_by_id(proto_ipsec));
}

int call_esp(tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree) {
    if (plugin_takes_esp()) return call_dissector(ipsec_handle, tvb, pinfo, tree);
    if (builtin_esp) return call_dissector(builtin_esp, tvb, pinfo, tree);
    return call_dissector(data_handle, tvb, pinfo, tree);
}

// ---- CHILD_SAs seen by the IKEv2 dissector --------------------------------------------

void tree_child_sas(const session::IkeFrame& f, tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree) {
    const esp::ChildKeysResult& r = f.child_keys;
    if (r.outcome == ChildKeyOutcome::NotEsp) return;
    // Requester's SPI first, as the analysis and the CHILD_SA table write them.
    proto_item* ci = proto_tree_add_uint_format_value(
        tree, hfe::child, tvb, 0, 0, r.spi_to_initiator,
        "ESP SPIs 0x%08x/0x%08x (requester/responder: to the exchange initiator, to its responder)",
        r.spi_to_initiator, r.spi_to_responder);
    proto_item_set_generated(ci);
    proto_tree* ct = proto_item_add_subtree(ci, ett_child);
    proto_item* oi = add_status(ct, hfe::child_outcome, tvb, 0, 0, static_cast<uint32_t>(r.outcome),
                                child_outcome_vals);
    proto_item_set_generated(proto_tree_add_uint(ct, hfe::child_spi_to_initiator, tvb, 0, 0, r.spi_to_initiator));
    proto_item_set_generated(proto_tree_add_uint(ct, hfe::child_spi_to_responder, tvb, 0, 0, r.spi_to_responder));
    if (r.request_frame)
        proto_item_set_generated(proto_tree_add_uint(ct, hfe::child_request, tvb, 0, 0, r.request_frame));
    if (r.rekeys_spi)
        proto_item_set_generated(proto_tree_add_uint(ct, hfe::child_rekeys, tvb, 0, 0, r.rekeys_spi));
    if (r.outcome == ChildKeyOutcome::Derived)
        expert_add_info(pinfo, oi, &ei_child_derived);
    else if (r.outcome != ChildKeyOutcome::NoSkD)
        expert_add_info_format(pinfo, oi, &ei_child_not_derived, "%s", child_keys_text(r.outcome));
}

// ---- registration --------------------------------------------------------------------

void register_ipsec() {
    proto_ipsec = proto_register_protocol("IPsec ESP (plugin)", "IPsec", "ipsec");
#define F(var, name, abbrev, type, display, strings, mask, blurb) \
    {&hfe::var, {name, abbrev, type, display, strings, mask, blurb, HFILL}}
    static hf_register_info fields[] = {
        F(spi, "SPI", "ipsec.spi", FT_UINT32, BASE_HEX, nullptr, 0, "Security Parameters Index (RFC 4303 2.1)"),
        F(seq, "Sequence Number", "ipsec.seq", FT_UINT32, BASE_DEC, nullptr, 0, "Low 32 bits of the sequence number (RFC 4303 2.2)"),
        F(seq64, "Extended Sequence Number", "ipsec.seq64", FT_UINT64, BASE_DEC, nullptr, 0, "The 64-bit sequence number, high half inferred (RFC 4303 2.2.1, A2)"),
        F(iv, "Initialization Vector", "ipsec.iv", FT_BYTES, BASE_NONE, nullptr, 0, nullptr),
        F(encrypted, "Encrypted Data", "ipsec.encrypted", FT_BYTES, BASE_NONE, nullptr, 0, "Payload, padding and trailer, not decrypted"),
        F(tfc_padding, "TFC Padding", "ipsec.tfc_padding", FT_BYTES, BASE_NONE, nullptr, 0, "Traffic flow confidentiality padding after the inner packet (RFC 4303 2.7)"),
        F(padding, "Padding", "ipsec.padding", FT_BYTES, BASE_NONE, nullptr, 0, nullptr),
        F(pad_length, "Pad Length", "ipsec.pad_length", FT_UINT8, BASE_DEC, nullptr, 0, nullptr),
        F(next_header, "Next Header", "ipsec.next_header", FT_UINT8, BASE_DEC | BASE_EXT_STRING, &ipproto_val_ext, 0, "Protocol of the payload: 4 IPv4 and 41 IPv6 in tunnel mode, 59 a dummy packet"),
        F(icv, "Integrity Check Value", "ipsec.icv", FT_BYTES, BASE_NONE, nullptr, 0, nullptr),
        F(icv_status, "ICV Status", "ipsec.icv.status", FT_UINT8, BASE_DEC, VALS(icv_status_vals), 0, "Result of the ICV or AEAD tag check"),
        F(sa_id, "SA Number", "ipsec.sa", FT_UINT32, BASE_DEC, nullptr, 0, "Index of the SA (SPI, source, destination) in this capture"),
        F(sa_keys, "Keys", "ipsec.sa.keys", FT_STRING, BASE_NONE, nullptr, 0, "The keys used: algorithms and where they came from (never key bytes)"),
        F(sa_encr, "Encryption Algorithm", "ipsec.sa.encr", FT_UINT16, BASE_DEC | BASE_RANGE_STRING, static_cast<const void*>(iana::kEncrIds), 0, nullptr),
        F(sa_integ, "Integrity Algorithm", "ipsec.sa.integ", FT_UINT16, BASE_DEC | BASE_RANGE_STRING, static_cast<const void*>(iana::kIntegIds), 0, nullptr),
        F(sa_derived_in, "Keys Derived In", "ipsec.sa.derived_in", FT_FRAMENUM, BASE_NONE, nullptr, 0, "Frame of the IKE response whose CHILD_SA keys (from SK_d) this SA uses"),
        F(seq_status, "Sequence Analysis", "ipsec.seq.status", FT_UINT8, BASE_DEC, VALS(seq_status_vals), 0, "How this packet's sequence number follows the SA's previous ones"),
        F(seq_number, "Packet Number in SA", "ipsec.seq.packet", FT_UINT64, BASE_DEC, nullptr, 0, "1-based count of this SA's packets in the capture"),
        F(seq_expected, "Expected Sequence Number", "ipsec.seq.expected", FT_UINT64, BASE_DEC, nullptr, 0, nullptr),
        F(seq_lost, "Missing Sequence Numbers", "ipsec.seq.lost", FT_UINT64, BASE_DEC, nullptr, 0, "Numbers skipped before this packet"),
        F(seq_duplicate_of, "Duplicate Of", "ipsec.seq.duplicate_of", FT_FRAMENUM, BASE_NONE, nullptr, 0, "Frame that carried this sequence number first"),
        F(dummy, "Dummy Packet Data", "ipsec.dummy", FT_BYTES, BASE_NONE, nullptr, 0, "Next header 59: traffic flow confidentiality dummy (RFC 4303 2.6)"),
        F(null_guess, "Guessed NULL Encryption, ICV Length", "ipsec.null_guess.icv_length", FT_UINT8, BASE_DEC, nullptr, 0, "The NULL-encryption heuristic took this ICV length"),
        F(esn_inferred, "ESN Inferred", "ipsec.esn_inferred", FT_BOOLEAN, BASE_NONE, nullptr, 0, "The keys did not say whether the SA uses extended sequence numbers; its ICVs verify only with the high half (RFC 4303 2.2.1), so ESN is used"),
        F(unauthenticated, "Unauthenticated", "ipsec.unauthenticated", FT_BOOLEAN, BASE_NONE, nullptr, 0, "The ICV failed; the payload was decrypted all the same and is shown, but it is not authenticated (preference ipsec.decrypt_unauthenticated)"),
    };
    static hf_register_info ike_fields[] = {
        F(child, "CHILD_SA", "ikev2.child_sa", FT_UINT32, BASE_HEX, nullptr, 0, "A CHILD_SA this response completed"),
        F(child_outcome, "ESP Keys", "ikev2.child_sa.keys", FT_UINT8, BASE_DEC, VALS(child_outcome_vals), 0, "Whether the CHILD_SA's ESP keys were derived from SK_d (RFC 7296 2.17)"),
        F(child_spi_to_responder, "SPI To Responder", "ikev2.child_sa.spi_to_responder", FT_UINT32, BASE_HEX, nullptr, 0, "ESP SPI of packets from the exchange initiator to its responder"),
        F(child_spi_to_initiator, "SPI To Initiator", "ikev2.child_sa.spi_to_initiator", FT_UINT32, BASE_HEX, nullptr, 0, "ESP SPI of packets from the exchange responder to its initiator"),
        F(child_request, "Proposals In", "ikev2.child_sa.request_frame", FT_FRAMENUM, BASE_NONE, nullptr, 0, "Frame of the request with the proposals"),
        F(child_rekeys, "Rekeys SPI", "ikev2.child_sa.rekeys", FT_UINT32, BASE_HEX, nullptr, 0, "REKEY_SA: the CHILD_SA this one replaces"),
    };
#undef F
    static int* subtrees[] = {&ett_ipsec, &ett_sa, &ett_seq, &ett_child};
    proto_register_field_array(proto_ipsec, fields, G_N_ELEMENTS(fields));
    proto_register_field_array(proto_ikev2, ike_fields, G_N_ELEMENTS(ike_fields));
    proto_register_subtree_array(subtrees, G_N_ELEMENTS(subtrees));

    static ei_register_info infos[] = {
        {&ei_no_keys, {"ipsec.decryption.no_keys", PI_DECRYPTION, PI_NOTE, "No keys for this ESP SA (shown once per SA)", EXPFILL}},
        {&ei_bad_keys, {"ipsec.decryption.bad_keys", PI_DECRYPTION, PI_WARN, "ESP keys do not fit the algorithms", EXPFILL}},
        {&ei_icv_bad, {"ipsec.decryption.icv_bad", PI_DECRYPTION, PI_ERROR, "ICV check failed: wrong keys or a corrupted packet; nothing decrypted", EXPFILL}},
        {&ei_decrypt_failed, {"ipsec.decryption.failed", PI_DECRYPTION, PI_ERROR, "ESP decryption failed", EXPFILL}},
        {&ei_bad_padding, {"ipsec.decryption.bad_padding", PI_MALFORMED, PI_ERROR, "Pad Length larger than the decrypted data", EXPFILL}},
        {&ei_odd_padding, {"ipsec.padding.nonstandard", PI_PROTOCOL, PI_NOTE, "Padding is not 1, 2, 3, ... (RFC 4303 2.4)", EXPFILL}},
        {&ei_short, {"ipsec.short", PI_MALFORMED, PI_ERROR, "Shorter than the SPI and sequence number", EXPFILL}},
        {&ei_seq_gap, {"ipsec.seq.gap", PI_SEQUENCE, PI_WARN, "Sequence gap", EXPFILL}},
        {&ei_seq_late, {"ipsec.seq.late", PI_SEQUENCE, PI_NOTE, "Out of order: arrived after a higher sequence number", EXPFILL}},
        {&ei_seq_duplicate, {"ipsec.seq.duplicate", PI_SEQUENCE, PI_WARN, "Duplicate sequence number", EXPFILL}},
        {&ei_seq_old, {"ipsec.seq.old", PI_SEQUENCE, PI_WARN, "Sequence number below the replay window: a receiver drops it", EXPFILL}},
        {&ei_seq_wrap, {"ipsec.seq.wrap", PI_SEQUENCE, PI_ERROR, "Sequence number wrapped without extended sequence numbers: the SA should have been rekeyed (RFC 4303 3.3.3)", EXPFILL}},
        {&ei_dummy, {"ipsec.dummy", PI_SEQUENCE, PI_CHAT, "Dummy packet (next header 59, RFC 4303 2.6)", EXPFILL}},
        {&ei_tfc, {"ipsec.tfc_padding", PI_PROTOCOL, PI_CHAT, "TFC padding after the inner packet (RFC 4303 2.7)", EXPFILL}},
        {&ei_spi_only, {"ipsec.keys_by_spi_only", PI_DECRYPTION, PI_NOTE, "Keys matched by SPI only: their addresses differ from the packet's (a NAT between the key source and the capture?)", EXPFILL}},
        {&ei_too_many, {"ipsec.too_many_sas", PI_UNDECODED, PI_WARN, "More ESP SAs than the plugin tracks in one capture: not decrypted", EXPFILL}},
        {&ei_null_guess, {"ipsec.null_guess", PI_DECRYPTION, PI_NOTE, "No keys: taken as NULL encryption by the heuristic (preference ipsec.null_heuristic)", EXPFILL}},
        {&ei_esn_inferred, {"ipsec.decryption.esn_inferred", PI_DECRYPTION, PI_NOTE, "ESN inferred from the ICV", EXPFILL}},
        {&ei_unauthenticated, {"ipsec.decryption.unauthenticated", PI_DECRYPTION, PI_ERROR, "ICV bad: the plaintext below is not authenticated", EXPFILL}},
        {&ei_unauthenticated_kept, {"ipsec.decryption.unauthenticated_not_dissected", PI_DECRYPTION, PI_NOTE, "Unauthenticated plaintext with padding other than 1, 2, 3, ...: probably the wrong keys, not handed to the inner dissectors", EXPFILL}},
    };
    static ei_register_info ike_infos[] = {
        {&ei_child_derived, {"ikev2.child_sa.derived", PI_DECRYPTION, PI_CHAT, "ESP keys of this CHILD_SA derived from SK_d", EXPFILL}},
        {&ei_child_not_derived, {"ikev2.child_sa.not_derived", PI_DECRYPTION, PI_NOTE, "ESP keys of this CHILD_SA not derived", EXPFILL}},
    };
    expert_register_field_array(expert_register_protocol(proto_ipsec), infos, G_N_ELEMENTS(infos));
    expert_register_field_array(expert_register_protocol(proto_ikev2), ike_infos, G_N_ELEMENTS(ike_infos));

    ipsec_handle = register_dissector("ipsec", dissect_ipsec, proto_ipsec);
    // IP protocol 50 goes through a dispatcher parented to the built-in ESP, so that
    // turning this plugin's ESP off (preference or Enabled Protocols) gives the built-in
    // back, and disabling the built-in ESP still silences protocol 50.
    const int esp_proto = proto_get_id_by_filter_name("esp");
    const int pino = proto_register_protocol_in_name_only(
        "ESP on IP protocol 50 (plugin dispatcher)", "ESP/IP50", "ipsec_ip50",
        esp_proto >= 0 ? esp_proto : proto_ipsec, FT_PROTOCOL);
    ip50_handle = create_dissector_handle(dispatch_ip50, pino);
    esp_tap = register_tap("ipsec");

    module_t* m = prefs_register_protocol(proto_ipsec, nullptr);
    prefs_register_bool_preference(m, "take_esp", "Dissect ESP",
        "Dissect ESP (IP protocol 50, and ESP in UDP and TCP) with this plugin instead of "
        "Wireshark's built-in ESP dissector. Off: ESP looks exactly as without the plugin.",
        &pref_take_esp);
    prefs_register_bool_preference(m, "null_heuristic", "Guess NULL encryption",
        "Without keys, try to read ESP as NULL-encrypted (RFC 5879 style: ICV length, padding, "
        "next header, a consistent inner header and inner ICMP, ICMPv6, TCP and UDP checksums "
        "that verify). Encrypted data can pass by chance (about once in 5,000 packets).",
        &pref_null_heuristic);
    prefs_register_bool_preference(m, "decrypt_unauthenticated", "Show plaintext whose ICV fails",
        "When the ICV of an ESP packet fails, decrypt it all the same (ciphers with a separate "
        "integrity algorithm: CBC, CTR, NULL) and show the payload marked as not "
        "authenticated; it goes on to the inner dissectors when its padding is the default "
        "1, 2, 3, ... AEAD ciphers (GCM, CCM, GMAC, ChaCha20-Poly1305) never give plaintext "
        "without a valid tag. Turn off to show nothing of such a packet.",
        &pref_decrypt_unauthenticated);
    prefs_register_filename_preference(m, "export_file", "Export ESP SAs to",
        "The file Tools > IPsec > Export ESP SAs writes: every ESP SA the plugin knows (given "
        "or derived from SK_d) as Wireshark esp_sa rows. tshark: -z ipsec,esp_sa,FILE.",
        &pref_export_file, TRUE);
    ext_menu_t* menu = ext_menubar_register_menu(proto_ipsec, "IPsec", TRUE);
    ext_menubar_set_parentmenu(menu, "Tools");
    ext_menubar_add_entry(menu, "Export ESP SAs",
                          "Write every ESP SA the plugin knows to the file named in the IPsec "
                          "preference \"Export ESP SAs to\"", export_menu_action, nullptr);
    register_ipsec_sa_uat(m, keys_changed);

    register_esp_sa_table();
    static stat_tap_ui export_ui = {REGISTER_STAT_GROUP_GENERIC, nullptr, "ipsec,esp_sa", stat_init<export_init>, 0, nullptr};
    register_stat_tap_ui(&export_ui, nullptr);
}

void handoff_ipsec() {
    static bool done = false;
    if (done) return;
    done = true;
    builtin_esp = find_dissector("esp");
    ip_handle = find_dissector_add_dependency("ip", proto_ipsec);
    ipv6_handle = find_dissector_add_dependency("ipv6", proto_ipsec);
    data_handle = find_dissector("data");
    ip_proto_table = find_dissector_table("ip.proto");
    dissector_add_uint("ip.proto", IP_PROTO_ESP, ip50_handle);
    dissector_add_for_decode_as("udp.port", ipsec_handle);
}

}  // namespace ikev2::ws
