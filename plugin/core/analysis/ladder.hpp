// Arrow labels of the ladder diagrams (Flow Graph, tshark -z flow, tools/ladder.py):
//   "IKE_AUTH request: IDi AUTH SA TSi TSr"
//   "IKE_SA_INIT response: SA KE Nr N(NAT_DETECTION_SOURCE_IP)"
// The payloads are the decrypted ones when the SK payload could be opened, else "SK".
#pragma once

#include <string>
#include <vector>

#include "../message.hpp"

namespace ikev2::analysis {

std::string ladder_label(const Message& m, const std::vector<Payload>* inner);

}  // namespace ikev2::analysis
