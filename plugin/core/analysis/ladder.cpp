#include "ladder.hpp"

#include "../iana.hpp"
#include "../summary.hpp"

namespace ikev2::analysis {

std::string ladder_label(const Message& m, const std::vector<Payload>* inner) {
    const Header& h = m.header;
    std::string s = iana::name_or(iana::kExchangeTypes, h.exchange, "Unknown exchange");
    s += h.response() ? " response: " : " request: ";
    std::vector<std::string> labels;
    for (const Payload& p : m.payloads) {
        const bool encrypted = p.type == iana::payload::kSK || p.type == iana::payload::kSKF;
        if (encrypted && inner) {
            for (const Payload& q : *inner) labels.push_back(payload_label(q, h.response()));
            continue;
        }
        labels.push_back(payload_label(p, h.response()));
    }
    std::string body;
    for (const std::string& l : labels) {
        if (!body.empty()) body += ' ';
        body += l;
    }
    if (body.empty()) body = "(empty)";
    return s + body;
}

}  // namespace ikev2::analysis
