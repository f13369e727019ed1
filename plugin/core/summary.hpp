// One-line summaries of a message, in the style of router debugs:
//   IKE_SA_INIT MID=0 Initiator Request  SA KE N N(NAT_DETECTION_SOURCE_IP)
// Used for the Info column, ladders and tests alike.
#pragma once

#include <string>
#include <vector>

#include "message.hpp"

namespace ikev2 {

// "IKE_SA_INIT MID=0 Initiator Request"
std::string header_summary(const Header& h);

// "SA KE N N(NAT_DETECTION_SOURCE_IP) VID"; SKF shows as "SKF(1/3)".
std::string payloads_summary(const std::vector<Payload>& payloads);

// Label of one payload as used in the summaries.
std::string payload_label(const Payload& p);

}  // namespace ikev2
