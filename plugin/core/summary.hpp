// One-line summaries of a message, in the style of router debugs:
//   IKE_SA_INIT MID=0 Initiator Request  SA KE Ni N(NAT_DETECTION_SOURCE_IP)
// Used for the Info column, ladders and tests alike.
#pragma once

#include <string>
#include <vector>

#include "message.hpp"

namespace ikev2 {

// Full: every payload. Brief (the default Info column): without Vendor IDs and the
// routine status notifies every IKE_SA_INIT / IKE_AUTH carries (NAT_DETECTION_*,
// *_SUPPORTED, SIGNATURE_HASH_ALGORITHMS, NO_ADDITIONAL_ADDRESSES, ...); errors and the
// notifies that change what happens (COOKIE, INITIAL_CONTACT, REKEY_SA, ...) stay.
enum class SummaryDetail { Full, Brief };

// "IKE_SA_INIT MID=0 Initiator Request"
std::string header_summary(const Header& h);

// "SA KE Ni N(NAT_DETECTION_SOURCE_IP) VID"; SKF shows as "SKF(1/3)". `response`: the
// message is a response (the R flag), which names its nonce Nr rather than Ni.
std::string payloads_summary(const std::vector<Payload>& payloads, bool response,
                             SummaryDetail detail = SummaryDetail::Full);

// Label of one payload as used in the summaries and ladders: the short name of its type
// ("SA", "IDi"), "N(TYPE)" for a Notify, "SKF(n/m)" for a fragment, and for a nonce "Ni" in
// a request and "Nr" in a response, as RFC 7296's exchanges name them.
std::string payload_label(const Payload& p, bool response);

// The payloads of a message with what its SK / SKF payload decrypted to:
//   "SK {IDi AUTH}" (inner: the decrypted chain), "SKF(1/2)" (a fragment, nothing to show
//   yet). `unauthenticated`: the plaintext shown for the encrypted payload (its own, or the
//   reassembled message of an SKF) failed its integrity check, and the label says so:
//   "SK(unauthenticated) {IDi AUTH}", "SKF(2/2,unauthenticated) {IDi AUTH}".
std::string payloads_summary(const std::vector<Payload>& payloads, const std::vector<Payload>* inner,
                             bool unauthenticated, bool response,
                             SummaryDetail detail = SummaryDetail::Full);

}  // namespace ikev2
