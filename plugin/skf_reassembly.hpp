// RFC 7383 fragments in the tree: each SKF payload is verified and decrypted on its own
// and the capture (core/session) joins the plaintexts; here the fragment list is drawn
// in the frame that completed the message, "Reassembled in" in the others.
#pragma once

#include <epan/packet.h>

#include "session/capture.hpp"

namespace ikev2::ws {

void register_skf_reassembly(int proto);

// The fragment list / "reassembled in" items for the SKF fragment of `f` (its plaintext
// in `fragment`; `reassembled`: the whole plaintext, in the frame that completed the
// message, else nullptr). Expert infos when the total is above the reassembler's bound
// or when, on a later pass, the message was never completed in the capture.
void skf_tree(const session::IkeFrame& f, tvbuff_t* fragment, tvbuff_t* reassembled,
              packet_info* pinfo, proto_tree* tree);

}  // namespace ikev2::ws
