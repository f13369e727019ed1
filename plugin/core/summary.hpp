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

// The payloads of a message with what its SK / SKF payload decrypted to:
//   "SK {IDi AUTH}" (inner: the decrypted chain), "SKF(1/2)" (a fragment, nothing to show
//   yet). `unauthenticated`: the plaintext shown for the encrypted payload (its own, or the
//   reassembled message of an SKF) failed its integrity check, and the label says so:
//   "SK(unauthenticated) {IDi AUTH}", "SKF(2/2,unauthenticated) {IDi AUTH}".
std::string payloads_summary(const std::vector<Payload>& payloads, const std::vector<Payload>* inner,
                             bool unauthenticated);

}  // namespace ikev2
