// The "IKEv2 analysis" subtree: IKE SA and CHILD_SA life cycle, request/response links,
// retransmissions, and their expert infos (error notifies, cookies, restarts, storms,
// unanswered requests, weak crypto, broad selectors, NAT). The tracking itself is
// core/analysis/tracker.cpp, run by the capture engine (core/session) on the first pass;
// this file shows the record of each frame (the engine keeps its handle), so a request
// shows its response on every later pass. Expert infos are added with or without a tree.
// Strings go to wmem before any proto_tree call (those may longjmp).
#include <string>

#include "analysis.hpp"

#include <epan/proto_data.h>
#include <epan/tap.h>

#include "analysis/crypto_policy.hpp"
#include "iana.hpp"
#include "text.hpp"

namespace ikev2::ws {

namespace {

using analysis::FindingKind;

// Preferences (Wireshark writes them: plain ints / gbooleans).
guint pref_storm_threshold = 4;
pref_bool pref_check_crypto = true;
pref_bool pref_check_selectors = true;


namespace hfa {
int tree = -1, ike_sa = -1, spis = -1, state = -1, reason = -1, request_in = -1, response_in = -1,
    response_time = -1, retransmission_of = -1, copies = -1, restarts = -1, retry_in = -1,
    rekeyed_from = -1, rekeyed_to = -1, nat_behind = -1, child_sa = -1, child_spi_i = -1,
    child_spi_r = -1, child_transforms = -1, child_ts_i = -1, child_ts_r = -1, child_state = -1,
    error_notify = -1, weak_crypto = -1, broad_selector = -1, unanswered = -1, outside_window = -1,
    cookie = -1, storm = -1, algorithms = -1, event = -1, ladder = -1;
}  // namespace hfa
int ett_analysis = -1, ett_child = -1;

expert_field ei_kind[static_cast<size_t>(FindingKind::kCount)];
// Weak cryptography: one expert info per verdict (analysis::Verdict order), so that the
// severity follows the RFC's word: MUST NOT warns, SHOULD NOT and DEPRECATED note, MAY chats.
expert_field ei_weak[analysis::kVerdictCount];
expert_field ei_unanswered = EI_INIT;

const char* dup(packet_info* pinfo, const std::string& s) { return wmem_strdup(pinfo->pool, s.c_str()); }


// Everything the tree shows, copied to wmem first (no std::string alive across tree calls).
struct Child {
    uint32_t id, spi_i, spi_r;
    const char *text, *transforms, *ts_i, *ts_r, *state;
};
struct Shown {
    const analysis::MessageRecord* r;
    const analysis::IkeSa* sa;
    const char *spis, *state, *reason, *algorithms, *nat;
    // As many as the record holds (the tracker bounds them: MessageRecord).
    Child* children;
    size_t nchildren;
    const char** texts;
    FindingKind* kinds;
    uint32_t* values;
    size_t nfindings;
};

void fill(packet_info* pinfo, const analysis::Tracker& tracker, const analysis::MessageRecord& r, Shown& s) {
    const analysis::IkeSa* sa = tracker.ike_sa(r.ike_sa);
    s.r = &r;
    s.sa = sa;
    s.spis = dup(pinfo, spi_text(sa ? sa->spi_i : uint64_t{0}) + "/" + spi_text(sa ? sa->spi_r : uint64_t{0}));
    s.state = analysis::state_name(r.state);
    s.reason = r.reason.empty() ? nullptr : dup(pinfo, r.reason);
    s.algorithms = sa && !sa->algorithms.empty() ? dup(pinfo, sa->algorithms) : nullptr;
    s.nat = nullptr;
    if (sa && (sa->initiator_behind_nat == 1 || sa->responder_behind_nat == 1))
        s.nat = sa->initiator_behind_nat == 1 && sa->responder_behind_nat == 1 ? "both peers"
                : sa->initiator_behind_nat == 1 ? "initiator" : "responder";
    else if (sa && sa->initiator_behind_nat == 0 && sa->responder_behind_nat == 0)
        s.nat = "none";
    s.nchildren = 0;
    s.children = wmem_alloc_array(pinfo->pool, Child, r.children.size());
    for (uint32_t id : r.children) {
        const analysis::ChildSa* c = tracker.child_sa(id);
        if (!c) continue;
        Child& x = s.children[s.nchildren++];
        x.id = c->id;
        x.spi_i = c->spi_i;
        x.spi_r = c->spi_r;
        const char* st = c->deleted_frame ? "deleted" : c->replaced_by ? "rekeyed" : "installed";
        std::string t = "#" + std::to_string(c->id) + " " + (c->protocol == 2 ? "AH" : "ESP") + " SPIs " +
                        spi_text(c->spi_i) + "/" + spi_text(c->spi_r) + " " + c->ts_i + " === " + c->ts_r +
                        " (created in frame " + std::to_string(c->created_frame);
        if (c->rekeyed_frame) t += ", rekeyed in frame " + std::to_string(c->rekeyed_frame);
        if (c->deleted_frame) t += ", deleted in frame " + std::to_string(c->deleted_frame);
        t += ")";
        x.text = dup(pinfo, t);
        x.transforms = dup(pinfo, c->transforms);
        x.ts_i = dup(pinfo, c->ts_i);
        x.ts_r = dup(pinfo, c->ts_r);
        x.state = st;
    }
    s.nfindings = 0;
    s.texts = wmem_alloc_array(pinfo->pool, const char*, r.findings.size());
    s.kinds = wmem_alloc_array(pinfo->pool, FindingKind, r.findings.size());
    s.values = wmem_alloc_array(pinfo->pool, uint32_t, r.findings.size());
    for (const analysis::Finding& f : r.findings) {
        s.texts[s.nfindings] = dup(pinfo, f.text);
        s.kinds[s.nfindings] = f.kind;
        s.values[s.nfindings] = f.value;
        s.nfindings++;
    }
}

proto_item* gen(proto_item* pi) {
    proto_item_set_generated(pi);
    return pi;
}

void show(const Shown& s, const char* label, tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree) {
    const analysis::MessageRecord& r = *s.r;
    proto_item* ti = gen(proto_tree_add_item(tree, hfa::tree, tvb, 0, 0, ENC_NA));
    proto_item_append_text(ti, ": IKE SA #%u %s", r.ike_sa, s.state);
    proto_tree* t = proto_item_add_subtree(ti, ett_analysis);
    gen(proto_tree_add_string(t, hfa::ladder, tvb, 0, 0, label));
    gen(proto_tree_add_uint(t, hfa::ike_sa, tvb, 0, 0, r.ike_sa));
    gen(proto_tree_add_string(t, hfa::spis, tvb, 0, 0, s.spis));
    gen(proto_tree_add_string(t, hfa::state, tvb, 0, 0, s.state));
    if (s.reason) gen(proto_tree_add_string(t, hfa::reason, tvb, 0, 0, s.reason));
    if (s.algorithms) gen(proto_tree_add_string(t, hfa::algorithms, tvb, 0, 0, s.algorithms));
    if (r.request_frame) gen(proto_tree_add_uint(t, hfa::request_in, tvb, 0, 0, r.request_frame));
    if (r.response_frame) gen(proto_tree_add_uint(t, hfa::response_in, tvb, 0, 0, r.response_frame));
    if (r.response && r.response_time >= 0) {
        nstime_t ns;
        ns.secs = static_cast<time_t>(r.response_time);
        ns.nsecs = static_cast<int>((r.response_time - static_cast<double>(ns.secs)) * 1e9);
        gen(proto_tree_add_time(t, hfa::response_time, tvb, 0, 0, &ns));
    }
    if (r.original_frame) gen(proto_tree_add_uint(t, hfa::retransmission_of, tvb, 0, 0, r.original_frame));
    if (r.copies > 1) gen(proto_tree_add_uint(t, hfa::copies, tvb, 0, 0, r.copies));
    if (r.restarts_frame) gen(proto_tree_add_uint(t, hfa::restarts, tvb, 0, 0, r.restarts_frame));
    if (r.retry_frame) gen(proto_tree_add_uint(t, hfa::retry_in, tvb, 0, 0, r.retry_frame));
    if (s.sa && s.sa->rekeyed_from) gen(proto_tree_add_uint(t, hfa::rekeyed_from, tvb, 0, 0, s.sa->rekeyed_from));
    if (s.sa && s.sa->rekeyed_to && r.state != analysis::SaState::Established)
        gen(proto_tree_add_uint(t, hfa::rekeyed_to, tvb, 0, 0, s.sa->rekeyed_to));
    if (s.nat && r.exchange == iana::exchange::kIkeSaInit)
        gen(proto_tree_add_string(t, hfa::nat_behind, tvb, 0, 0, s.nat));
    for (size_t i = 0; i < s.nchildren; i++) {
        const Child& c = s.children[i];
        proto_item* ci = gen(proto_tree_add_string(t, hfa::child_sa, tvb, 0, 0, c.text));
        proto_tree* ct = proto_item_add_subtree(ci, ett_child);
        gen(proto_tree_add_uint(ct, hfa::child_spi_i, tvb, 0, 0, c.spi_i));
        gen(proto_tree_add_uint(ct, hfa::child_spi_r, tvb, 0, 0, c.spi_r));
        gen(proto_tree_add_string(ct, hfa::child_transforms, tvb, 0, 0, c.transforms));
        gen(proto_tree_add_string(ct, hfa::child_ts_i, tvb, 0, 0, c.ts_i));
        gen(proto_tree_add_string(ct, hfa::child_ts_r, tvb, 0, 0, c.ts_r));
        gen(proto_tree_add_string(ct, hfa::child_state, tvb, 0, 0, c.state));
    }
    // One field and one expert info per finding.
    for (size_t i = 0; i < s.nfindings; i++) {
        proto_item* fi = nullptr;
        switch (s.kinds[i]) {
        case FindingKind::ErrorNotify: fi = proto_tree_add_uint(t, hfa::error_notify, tvb, 0, 0, s.values[i]); break;
        case FindingKind::CookieChallenge: fi = proto_tree_add_boolean(t, hfa::cookie, tvb, 0, 0, TRUE); break;
        case FindingKind::RetransmissionStorm: fi = proto_tree_add_uint(t, hfa::storm, tvb, 0, 0, s.values[i]); break;
        case FindingKind::MessageIdOutsideWindow: fi = proto_tree_add_boolean(t, hfa::outside_window, tvb, 0, 0, TRUE); break;
        case FindingKind::WeakCrypto: fi = proto_tree_add_string(t, hfa::weak_crypto, tvb, 0, 0, s.texts[i]); break;
        case FindingKind::BroadSelector: fi = proto_tree_add_string(t, hfa::broad_selector, tvb, 0, 0, s.texts[i]); break;
        case FindingKind::SaEvent: fi = proto_tree_add_string(t, hfa::event, tvb, 0, 0, s.texts[i]); break;
        default: fi = ti; break;  // NAT, restart, retransmission: fields above
        }
        if (fi != ti) gen(fi);
        expert_field* ei = &ei_kind[static_cast<size_t>(s.kinds[i])];
        if (s.kinds[i] == FindingKind::WeakCrypto) ei = &ei_weak[s.values[i] < analysis::kVerdictCount ? s.values[i] : 0];
        expert_add_info_format(pinfo, fi, ei, "%s", s.texts[i]);
    }
    // Unanswered: only known once the whole capture was seen (second pass, GUI).
    if (PINFO_FD_VISITED(pinfo) && analysis::Tracker::unanswered(r)) {
        proto_item* ui = gen(proto_tree_add_boolean(t, hfa::unanswered, tvb, 0, 0, TRUE));
        expert_add_info_format(pinfo, ui, &ei_unanswered, "%s request MID %u got no response in this capture%s",
                               iana::name_or(iana::kExchangeTypes, r.exchange, "?"), r.message_id,
                               r.copies > 1 ? " (retransmitted)" : "");
    }
}

}  // namespace

analysis::Tracker::Options analysis_options() {
    analysis::Tracker::Options o;
    o.storm_threshold = pref_storm_threshold < 2 ? 2 : pref_storm_threshold;
    o.check_crypto = pref_check_crypto;
    o.check_selectors = pref_check_selectors;
    return o;
}

void analysis_message(tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree, const Message& m,
                      uint32_t record, const std::vector<Payload>* inner, const char* ladder) {
    const session::Capture* cap = capture_state();
    if (!cap) return;
    const analysis::Tracker& tracker = cap->tracker();
    const analysis::MessageRecord* r = tracker.record(record);
    if (!r) return;
    Shown* s = wmem_new(pinfo->pool, Shown);
    fill(pinfo, tracker, *r, *s);
    IkeTapInfo* info = wmem_new0(pinfo->pool, IkeTapInfo);
    info->message = &m;
    info->inner = inner;
    info->record = r;
    info->tracker = &tracker;
    info->label = ladder;
    // Without a tree too: the expert infos must reach -z expert and the Expert Information
    // dialog whether or not a tree is built (proto_tree_add_* with a NULL tree add nothing).
    show(*s, info->label, tvb, pinfo, tree);
    tap_queue_packet(ikev2_tap, pinfo, info);
}

namespace {

#define F(id, name, abbrev, type, display, strings, blurb) \
    { &hfa::id, { name, abbrev, type, display, strings, 0, blurb, HFILL } }

hf_register_info fields[] = {
    F(tree, "IKEv2 analysis", "ikev2.analysis", FT_NONE, BASE_NONE, nullptr, "What the plugin concluded from the whole capture"),
    F(ladder, "Ladder label", "ikev2.analysis.ladder", FT_STRING, BASE_NONE, nullptr, "Exchange, request or response, and the payloads (decrypted when possible), as the Flow Graph shows them"),
    F(ike_sa, "IKE SA", "ikev2.analysis.ike_sa", FT_UINT32, BASE_DEC, nullptr, "Number of the IKE SA in this capture, in order of appearance"),
    F(spis, "IKE SA SPIs", "ikev2.analysis.spis", FT_STRING, BASE_NONE, nullptr, "Initiator SPI / responder SPI of the IKE SA"),
    F(state, "IKE SA state", "ikev2.analysis.state", FT_STRING, BASE_NONE, nullptr, "State after this message: IKE_SA_INIT, IKE_AUTH, ESTABLISHED, REKEYED, DELETING, DELETED, FAILED"),
    F(reason, "State reason", "ikev2.analysis.state_reason", FT_STRING, BASE_NONE, nullptr, "Why the IKE SA is in that state (failure notify, rekey, delete)"),
    F(algorithms, "IKE SA algorithms", "ikev2.analysis.algorithms", FT_STRING, BASE_NONE, nullptr, "Transforms the IKE_SA_INIT response selected"),
    F(request_in, "Request in frame", "ikev2.analysis.request_in", FT_FRAMENUM, BASE_NONE, FRAMENUM_TYPE(FT_FRAMENUM_REQUEST), "The request this response answers"),
    F(response_in, "Response in frame", "ikev2.analysis.response_in", FT_FRAMENUM, BASE_NONE, FRAMENUM_TYPE(FT_FRAMENUM_RESPONSE), "The first response to this request"),
    F(response_time, "Response time", "ikev2.analysis.response_time", FT_RELATIVE_TIME, BASE_NONE, nullptr, "Time since the request"),
    F(retransmission_of, "Retransmission of frame", "ikev2.analysis.retransmission_of", FT_FRAMENUM, BASE_NONE, FRAMENUM_TYPE(FT_FRAMENUM_DUP_ACK), "Same IKE SA, message ID, role and direction as that frame"),
    F(copies, "Times sent", "ikev2.analysis.copies", FT_UINT32, BASE_DEC, nullptr, "How often this message was sent in the capture (first copy)"),
    F(restarts, "Restarts IKE_SA_INIT of frame", "ikev2.analysis.restarts", FT_FRAMENUM, BASE_NONE, FRAMENUM_TYPE(FT_FRAMENUM_REQUEST), "IKE_SA_INIT repeated after COOKIE or INVALID_KE_PAYLOAD"),
    F(retry_in, "Retried in frame", "ikev2.analysis.retry_in", FT_FRAMENUM, BASE_NONE, FRAMENUM_TYPE(FT_FRAMENUM_NONE), "The IKE_SA_INIT retry this COOKIE / INVALID_KE_PAYLOAD led to"),
    F(rekeyed_from, "Rekeyed from IKE SA", "ikev2.analysis.rekeyed_from", FT_UINT32, BASE_DEC, nullptr, "The IKE SA this one replaced (CREATE_CHILD_SA rekey)"),
    F(rekeyed_to, "Rekeyed to IKE SA", "ikev2.analysis.rekeyed_to", FT_UINT32, BASE_DEC, nullptr, "The IKE SA that replaced this one"),
    F(nat_behind, "Behind a NAT", "ikev2.analysis.nat.behind", FT_STRING, BASE_NONE, nullptr, "From the NAT_DETECTION_* hashes: initiator, responder, both peers or none"),
    F(child_sa, "CHILD_SA", "ikev2.analysis.child_sa", FT_STRING, BASE_NONE, nullptr, "A CHILD_SA created, rekeyed or deleted by this message"),
    F(child_spi_i, "SPI (requester)", "ikev2.analysis.child_sa.spi_i", FT_UINT32, BASE_HEX, nullptr, "SPI chosen by the exchange's requester (its inbound SA)"),
    F(child_spi_r, "SPI (responder)", "ikev2.analysis.child_sa.spi_r", FT_UINT32, BASE_HEX, nullptr, "SPI chosen by the exchange's responder (its inbound SA)"),
    F(child_transforms, "Transforms", "ikev2.analysis.child_sa.transforms", FT_STRING, BASE_NONE, nullptr, "The selected proposal"),
    F(child_ts_i, "TSi", "ikev2.analysis.child_sa.tsi", FT_STRING, BASE_NONE, nullptr, "Initiator's traffic selectors as accepted"),
    F(child_ts_r, "TSr", "ikev2.analysis.child_sa.tsr", FT_STRING, BASE_NONE, nullptr, "Responder's traffic selectors as accepted"),
    F(child_state, "CHILD_SA state", "ikev2.analysis.child_sa.state", FT_STRING, BASE_NONE, nullptr, "installed, rekeyed or deleted, as of the end of the capture"),
    F(event, "SA event", "ikev2.analysis.event", FT_STRING, BASE_NONE, nullptr, "IKE SA established / rekeyed / deleted, CHILD_SA created / rekeyed / deleted"),
    F(error_notify, "Error notify", "ikev2.analysis.error_notify", FT_UINT16, BASE_DEC | BASE_RANGE_STRING, nullptr, "An error notification (type below 16384)"),
    F(weak_crypto, "Weak cryptography", "ikev2.analysis.weak_crypto", FT_STRING, BASE_NONE, nullptr, "A grade of RFC 8247 (IKE), RFC 8221 (ESP/AH) or RFC 9395: MUST NOT, SHOULD NOT, DEPRECATED, or MAY after a downgrade"),
    F(broad_selector, "Broad traffic selector", "ikev2.analysis.broad_selector", FT_STRING, BASE_NONE, nullptr, "A selector covering all (or nearly all) addresses"),
    F(unanswered, "Unanswered request", "ikev2.analysis.unanswered", FT_BOOLEAN, BASE_NONE, nullptr, "No response to this request in the capture (needs two passes: tshark -2, or the GUI)"),
    F(outside_window, "Message ID outside the window", "ikev2.analysis.outside_window", FT_BOOLEAN, BASE_NONE, nullptr, "Request beyond the window of outstanding requests (RFC 7296 2.3)"),
    F(cookie, "Cookie challenge", "ikev2.analysis.cookie_challenge", FT_BOOLEAN, BASE_NONE, nullptr, "The responder asked for a cookie (RFC 7296 2.6)"),
    F(storm, "Retransmission storm", "ikev2.analysis.retransmission_storm", FT_UINT32, BASE_DEC, nullptr, "Times this message was sent when the storm threshold was reached"),
};

#undef F

}  // namespace

void register_analysis(int proto, module_t* prefs) {
    static_assert(sizeof(iana::Entry) == sizeof(range_string), "iana::Entry must match range_string");
    // BASE_RANGE_STRING fields take the core's tables as they are (see register.cpp).
    for (hf_register_info& f : fields)
        if (f.p_id == &hfa::error_notify) f.hfinfo.strings = iana::kNotifyTypes;
    proto_register_field_array(proto, fields, G_N_ELEMENTS(fields));
    static int* subtrees[] = {&ett_analysis, &ett_child};
    proto_register_subtree_array(subtrees, G_N_ELEMENTS(subtrees));

    using K = FindingKind;
    using V = analysis::Verdict;
    static ei_register_info infos[] = {
        {&ei_kind[size_t(K::ErrorNotify)], {"ikev2.expert.error_notify", PI_RESPONSE_CODE, PI_WARN, "Error notify", EXPFILL}},
        {&ei_kind[size_t(K::CookieChallenge)], {"ikev2.expert.cookie_challenge", PI_SEQUENCE, PI_NOTE, "Cookie challenge", EXPFILL}},
        {&ei_kind[size_t(K::Restart)], {"ikev2.expert.restart", PI_SEQUENCE, PI_NOTE, "IKE_SA_INIT restarted", EXPFILL}},
        {&ei_kind[size_t(K::Retransmission)], {"ikev2.expert.retransmission", PI_SEQUENCE, PI_NOTE, "Retransmission", EXPFILL}},
        {&ei_kind[size_t(K::RetransmissionStorm)], {"ikev2.expert.retransmission_storm", PI_SEQUENCE, PI_WARN, "Retransmission storm", EXPFILL}},
        {&ei_kind[size_t(K::MessageIdOutsideWindow)], {"ikev2.expert.outside_window", PI_SEQUENCE, PI_WARN, "Message ID outside the window", EXPFILL}},
        {&ei_weak[size_t(V::MustNot)], {"ikev2.expert.weak_crypto.must_not", PI_SECURITY, PI_WARN, "Weak cryptography: MUST NOT (RFC 8247 / RFC 8221)", EXPFILL}},
        {&ei_weak[size_t(V::ShouldNot)], {"ikev2.expert.weak_crypto.should_not", PI_SECURITY, PI_NOTE, "Weak cryptography: SHOULD NOT (RFC 8247 / RFC 8221)", EXPFILL}},
        {&ei_weak[size_t(V::Deprecated)], {"ikev2.expert.weak_crypto.deprecated", PI_SECURITY, PI_NOTE, "Weak cryptography: DEPRECATED (RFC 9395)", EXPFILL}},
        {&ei_weak[size_t(V::May)], {"ikev2.expert.weak_crypto.may", PI_SECURITY, PI_CHAT, "Weak cryptography: MAY, downgraded (RFC 8247)", EXPFILL}},
        {&ei_kind[size_t(K::BroadSelector)], {"ikev2.expert.broad_selector", PI_SECURITY, PI_NOTE, "Overly broad traffic selector", EXPFILL}},
        {&ei_kind[size_t(K::NatDetected)], {"ikev2.expert.nat_detected", PI_PROTOCOL, PI_NOTE, "NAT detected", EXPFILL}},
        {&ei_kind[size_t(K::SaEvent)], {"ikev2.expert.sa_event", PI_SEQUENCE, PI_CHAT, "SA event", EXPFILL}},
        {&ei_unanswered, {"ikev2.expert.unanswered", PI_SEQUENCE, PI_WARN, "Unanswered request", EXPFILL}},
    };
    expert_register_field_array(expert_register_protocol(proto), infos, G_N_ELEMENTS(infos));

    prefs_register_uint_preference(prefs, "storm_threshold", "Retransmission storm threshold",
        "A message sent this many times (first copy included) is flagged as a retransmission storm",
        10, &pref_storm_threshold);
    prefs_register_bool_preference(prefs, "check_crypto", "Flag weak cryptography",
        "Expert infos for what RFC 8247 (IKE), RFC 8221 (ESP/AH) or RFC 9395 grade MUST NOT (warning), SHOULD NOT or DEPRECATED (note), or MAY after a downgrade (chat)",
        &pref_check_crypto);
    prefs_register_bool_preference(prefs, "check_selectors", "Flag broad traffic selectors",
        "Expert infos for traffic selectors covering all (or nearly all) addresses", &pref_check_selectors);

    ikev2_tap = register_tap("ikev2");
    register_ikev2_stats_tree();
    register_ikev2_sa_table();
    register_ikev2_flow_graph(proto);
}

}  // namespace ikev2::ws
