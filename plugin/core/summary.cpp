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

std::string payloads_summary(const std::vector<Payload>& payloads, bool response) {
    std::string s;
    for (const Payload& p : payloads) {
        if (!s.empty()) s += ' ';
        s += payload_label(p, response);
    }
    return s;
}

std::string payloads_summary(const std::vector<Payload>& payloads, const std::vector<Payload>* inner,
                             bool unauthenticated, bool response) {
    std::string s = payloads_summary(payloads, response);
    // SK and SKF end the chain (RFC 7296 3.14, RFC 7383 2.5): the mark goes on the last label.
    if (unauthenticated && !payloads.empty()) {
        if (payloads.back().type == iana::payload::kSK)
            s += "(unauthenticated)";
        else if (payloads.back().type == iana::payload::kSKF)  // "SKF(2/4)"
            s.insert(s.size() - 1, ",unauthenticated");
    }
    if (inner) s += " {" + payloads_summary(*inner, response) + "}";
    return s;
}

}  // namespace ikev2
