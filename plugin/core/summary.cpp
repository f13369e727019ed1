#include "summary.hpp"

#include "iana.hpp"

namespace ikev2 {

namespace {

// The registry's name for a single assigned value; nullptr for values that only fall in
// an "Unassigned", "Reserved" or "Private use" range (those are shown by number).
const char* assigned_name(const iana::Entry* table, uint64_t value) {
    for (const iana::Entry* e = table; e->name; e++)
        if (value >= e->lo && value <= e->hi) return e->lo == e->hi ? e->name : nullptr;
    return nullptr;
}

// A status notify that announces a capability or carries negotiation data every
// IKE_SA_INIT and IKE_AUTH has (NAT detection, *_SUPPORTED, signature hashes, MOBIKE's
// address lists): left out of the brief summary. Errors and the status notifies that
// change what happens (COOKIE, INITIAL_CONTACT, REKEY_SA, USE_TRANSPORT_MODE, REDIRECT,
// ...) stay.
bool routine_notify(uint16_t type) {
    if (type < 16384) return false;  // errors always show
    const char* name = assigned_name(iana::kNotifyTypes, type);
    if (!name) return false;
    const std::string n(name);
    static const char* const kRoutine[] = {
        "NAT_DETECTION_SOURCE_IP", "NAT_DETECTION_DESTINATION_IP", "ESP_TFC_PADDING_NOT_SUPPORTED",
        "NON_FIRST_FRAGMENTS_ALSO", "ADDITIONAL_IP4_ADDRESS", "ADDITIONAL_IP6_ADDRESS",
        "NO_ADDITIONAL_ADDRESSES", "EAP_ONLY_AUTHENTICATION", "SECURE_PASSWORD_METHODS",
        "SIGNATURE_HASH_ALGORITHMS",
    };
    for (const char* r : kRoutine)
        if (n == r) return true;
    const std::string suffix = "_SUPPORTED";
    return n.size() > suffix.size() && n.compare(n.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool shown(const Payload& p, SummaryDetail detail) {
    if (detail == SummaryDetail::Full) return true;
    if (p.type == iana::payload::kVendorId) return false;
    if (const auto* n = std::get_if<NotifyBody>(&p.content)) return !routine_notify(n->type);
    return true;
}

}  // namespace

std::string header_summary(const Header& h) {
    const char* name = assigned_name(iana::kExchangeTypes, h.exchange);
    std::string s = name ? name : "EXCHANGE(" + std::to_string(h.exchange) + ")";
    s += " MID=" + std::to_string(h.message_id);
    s += h.initiator() ? " Initiator" : " Responder";
    s += h.response() ? " Response" : " Request";
    return s;
}

std::string payload_label(const Payload& p, bool response) {
    if (p.type == iana::payload::kNonce) return response ? "Nr" : "Ni";
    if (const auto* n = std::get_if<NotifyBody>(&p.content)) {
        const char* name = assigned_name(iana::kNotifyTypes, n->type);
        return "N(" + (name ? std::string(name) : std::to_string(n->type)) + ")";
    }
    if (const auto* f = std::get_if<SkfBody>(&p.content))
        return "SKF(" + std::to_string(f->fragment_number) + "/" +
               std::to_string(f->total_fragments) + ")";
    const char* shortname = iana::payload_short_name(p.type);
    return shortname ? shortname : "PAYLOAD(" + std::to_string(p.type) + ")";
}

std::string payloads_summary(const std::vector<Payload>& payloads, bool response,
                             SummaryDetail detail) {
    std::string s;
    for (const Payload& p : payloads) {
        if (!shown(p, detail)) continue;
        if (!s.empty()) s += ' ';
        s += payload_label(p, response);
    }
    return s;
}

std::string payloads_summary(const std::vector<Payload>& payloads, const std::vector<Payload>* inner,
                             bool unauthenticated, bool response, SummaryDetail detail) {
    std::string s = payloads_summary(payloads, response, detail);
    // SK and SKF end the chain (RFC 7296 3.14, RFC 7383 2.5): the mark goes on the last label.
    if (unauthenticated && !payloads.empty()) {
        if (payloads.back().type == iana::payload::kSK)
            s += "(unauthenticated)";
        else if (payloads.back().type == iana::payload::kSKF)  // "SKF(2/4)"
            s.insert(s.size() - 1, ",unauthenticated");
    }
    if (inner) s += " {" + payloads_summary(*inner, response, detail) + "}";
    return s;
}

}  // namespace ikev2
