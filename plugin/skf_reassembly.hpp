// RFC 7383 fragments: each SKF payload is verified and decrypted on its own, then the
// plaintexts are put together with Wireshark's reassembly API (keyed by addresses and a
// hash of SPIs, message ID and direction), and the whole inner chain is dissected in the
// frame that completes it, with links both ways.
#pragma once

#include <epan/packet.h>

#include "message.hpp"

namespace ikev2::ws {

void register_skf_reassembly(int proto);

// Messages announcing more fragments than this are not reassembled (an expert info says
// so): at IPv6's minimum MTU 512 fragments carry about 600 KB, far more than any real IKE
// message, while the reassembly table's work grows with the total (docs/robustness.md).
constexpr uint16_t kMaxSkfFragments = 512;

// Add the decrypted fragment `number` of `total` (plaintext of `len` octets) of message
// `h`. `first_type` is the fragment's Next Payload (meaningful in fragment 1 only);
// `unauthenticated`: this fragment's ICV failed (its plaintext is shown all the same).
// Returns the reassembled plaintext in the frame that completed the message, else
// nullptr; `*first_payload` then says the type of its first inner payload, and
// `*unauthenticated_message` whether any fragment of the message was unauthenticated (the
// reassembled data source is then named so). The same answer on every pass.
tvbuff_t* skf_add_fragment(tvbuff_t* plain, packet_info* pinfo, const Header& h, uint16_t number,
                           uint16_t total, uint8_t first_type, bool unauthenticated,
                           uint8_t* first_payload, bool* unauthenticated_message);

// The fragment list / "reassembled in" items for this frame's fragment `number` of
// `total`; expert infos when the total is above kMaxSkfFragments or when, on a later pass,
// the message was never completed in the capture.
void skf_tree(tvbuff_t* plain, packet_info* pinfo, proto_tree* tree, const Header& h,
              tvbuff_t* reassembled, uint16_t number, uint16_t total);

}  // namespace ikev2::ws
