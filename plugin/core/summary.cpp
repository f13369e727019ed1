#include "summary.hpp"

#include "iana.hpp"

namespace ikev2 {

std::string header_summary(const Header& h) {
    std::string s = iana::name_or(iana::kExchangeTypes, h.exchange, "UNKNOWN");
    if (s == "Unassigned" || s == "Reserved" || s == "Private use")
        s = "EXCHANGE(" + std::to_string(h.exchange) + ")";
    s += " MID=" + std::to_string(h.message_id);
    s += h.initiator() ? " Initiator" : " Responder";
    s += h.response() ? " Response" : " Request";
    return s;
}

std::string payload_label(const Payload& p) {
    if (const auto* n = std::get_if<NotifyBody>(&p.content)) {
        const char* name = iana::name_of(iana::kNotifyTypes, n->type);
        return std::string("N(") + (name ? name : std::to_string(n->type).c_str()) + ")";
    }
    if (const auto* f = std::get_if<SkfBody>(&p.content))
        return "SKF(" + std::to_string(f->fragment_number) + "/" +
               std::to_string(f->total_fragments) + ")";
    const char* shortname = iana::payload_short_name(p.type);
    return shortname ? shortname : "PAYLOAD(" + std::to_string(p.type) + ")";
}

std::string payloads_summary(const std::vector<Payload>& payloads) {
    std::string s;
    for (const Payload& p : payloads) {
        if (!s.empty()) s += ' ';
        s += payload_label(p);
    }
    return s;
}

}  // namespace ikev2
