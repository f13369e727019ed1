#include "skf_reassembly.hpp"

#include <epan/expert.h>

// reassemble.h has no extern "C" guard of its own.
extern "C" {
#include <epan/reassemble.h>
}

namespace ikev2::ws {

namespace {

reassembly_table table;

int hf_fragments = -1, hf_fragment = -1, hf_fragment_overlap = -1,
    hf_fragment_overlap_conflicts = -1, hf_fragment_multiple_tails = -1,
    hf_fragment_too_long_fragment = -1, hf_fragment_error = -1, hf_fragment_count = -1,
    hf_reassembled_in = -1, hf_reassembled_length = -1, hf_reassembled_data = -1;
int ett_fragment = -1, ett_fragments = -1;
expert_field ei_too_many = EI_INIT, ei_incomplete = EI_INIT;

const fragment_items items = {
    &ett_fragment, &ett_fragments, &hf_fragments, &hf_fragment, &hf_fragment_overlap,
    &hf_fragment_overlap_conflicts, &hf_fragment_multiple_tails, &hf_fragment_too_long_fragment,
    &hf_fragment_error, &hf_fragment_count, &hf_reassembled_in, &hf_reassembled_length,
    &hf_reassembled_data, "IKEv2 fragments",
};

// Type of the first inner payload of each fragmented message, from its fragment 1.
wmem_map_t* first_types = nullptr;
// Messages being reassembled that have a fragment whose ICV failed (first pass), and the
// reassembled messages (their fragment_head, the same object on every pass) that had one.
wmem_map_t* unauthenticated_ids = nullptr;
wmem_map_t* unauthenticated_heads = nullptr;

// One message's fragments: SPIs, message ID and direction folded into the 32-bit ID that
// the reassembly table keys (with the addresses) on.
guint32 message_id_key(const Header& h) {
    uint64_t x = h.spi_i * 0x9e3779b97f4a7c15ull ^ h.spi_r * 0xc2b2ae3d27d4eb4full ^
                 (uint64_t{h.message_id} << 1) ^ (h.response() ? 1u : 0u);
    return static_cast<guint32>(x ^ (x >> 32));
}

}  // namespace

void register_skf_reassembly(int proto) {
    static hf_register_info hf[] = {
        {&hf_fragments, {"Fragments", "ikev2.fragments", FT_NONE, BASE_NONE, nullptr, 0, "RFC 7383 fragments of this message", HFILL}},
        {&hf_fragment, {"Fragment", "ikev2.fragment", FT_FRAMENUM, BASE_NONE, nullptr, 0, "Frame of one fragment", HFILL}},
        {&hf_fragment_overlap, {"Fragment overlap", "ikev2.fragment.overlap", FT_BOOLEAN, BASE_NONE, nullptr, 0, "The fragment overlaps others", HFILL}},
        {&hf_fragment_overlap_conflicts, {"Conflicting data in fragment overlap", "ikev2.fragment.overlap.conflicts", FT_BOOLEAN, BASE_NONE, nullptr, 0, "Overlapping fragments disagree", HFILL}},
        {&hf_fragment_multiple_tails, {"Multiple tail fragments", "ikev2.fragment.multiple_tails", FT_BOOLEAN, BASE_NONE, nullptr, 0, "More than one fragment claims to be the last", HFILL}},
        {&hf_fragment_too_long_fragment, {"Fragment too long", "ikev2.fragment.too_long_fragment", FT_BOOLEAN, BASE_NONE, nullptr, 0, "The fragment runs past the message", HFILL}},
        {&hf_fragment_error, {"Reassembly error", "ikev2.fragment.error", FT_FRAMENUM, BASE_NONE, nullptr, 0, "Reassembly failed", HFILL}},
        {&hf_fragment_count, {"Fragment count", "ikev2.fragment.count", FT_UINT32, BASE_DEC, nullptr, 0, "Number of fragments", HFILL}},
        {&hf_reassembled_in, {"Reassembled in", "ikev2.reassembled.in", FT_FRAMENUM, BASE_NONE, nullptr, 0, "Frame in which the message is complete", HFILL}},
        {&hf_reassembled_length, {"Reassembled length", "ikev2.reassembled.length", FT_UINT32, BASE_DEC, nullptr, 0, "Length of the reassembled plaintext", HFILL}},
        {&hf_reassembled_data, {"Reassembled data", "ikev2.reassembled.data", FT_BYTES, BASE_NONE, nullptr, 0, "The reassembled plaintext", HFILL}},
    };
    static int* ett[] = {&ett_fragment, &ett_fragments};
    proto_register_field_array(proto, hf, G_N_ELEMENTS(hf));
    proto_register_subtree_array(ett, G_N_ELEMENTS(ett));
    reassembly_table_register(&table, &addresses_reassembly_table_functions);
    static ei_register_info ei[] = {
        {&ei_too_many, {"ikev2.limit.skf_total", PI_UNDECODED, PI_WARN,
                        "Total Fragments above the plugin's bound (512): not reassembled (docs/robustness.md)", EXPFILL}},
        {&ei_incomplete, {"ikev2.skf.incomplete", PI_REASSEMBLE, PI_NOTE,
                          "Fragment of a message that is never completed in this capture", EXPFILL}},
    };
    expert_register_field_array(expert_register_protocol(proto), ei, G_N_ELEMENTS(ei));
}

tvbuff_t* skf_add_fragment(tvbuff_t* plain, packet_info* pinfo, const Header& h, uint16_t number,
                           uint16_t total, uint8_t first_type, bool unauthenticated,
                           uint8_t* first_payload, bool* unauthenticated_message) {
    if (!first_types) {
        first_types = wmem_map_new_autoreset(wmem_epan_scope(), wmem_file_scope(), g_direct_hash,
                                             g_direct_equal);
        unauthenticated_ids = wmem_map_new_autoreset(wmem_epan_scope(), wmem_file_scope(),
                                                     g_direct_hash, g_direct_equal);
        unauthenticated_heads = wmem_map_new_autoreset(wmem_epan_scope(), wmem_file_scope(),
                                                       g_direct_hash, g_direct_equal);
    }
    *unauthenticated_message = false;
    // Fragment numbers run 1..total (the core reports others); out-of-range numbers never
    // reach the reassembly table, whose cost grows with them.
    if (number == 0 || number > total || total > kMaxSkfFragments) return nullptr;
    const guint32 id = message_id_key(h);
    const bool first_pass = !PINFO_FD_VISITED(pinfo);
    if (number == 1 && first_pass)
        wmem_map_insert(first_types, GUINT_TO_POINTER(id), GUINT_TO_POINTER(first_type + 1u));
    if (unauthenticated && first_pass)
        wmem_map_insert(unauthenticated_ids, GUINT_TO_POINTER(id), GUINT_TO_POINTER(1));
    // Fragment numbers run 1..total (RFC 7383 2.5); the table counts from 0.
    fragment_head* fh = fragment_add_seq_check(&table, plain, 0, pinfo, id, nullptr, number - 1u,
                                               tvb_captured_length(plain), number < total);
    if (!fh || fh->reassembled_in != pinfo->num) return nullptr;
    // The message is complete in this frame. On the first pass the mark moves from the
    // message ID (reused by a later message) to this reassembly, which later passes find.
    if (first_pass && wmem_map_remove(unauthenticated_ids, GUINT_TO_POINTER(id)))
        wmem_map_insert(unauthenticated_heads, fh, GUINT_TO_POINTER(1));
    *unauthenticated_message = wmem_map_contains(unauthenticated_heads, fh);
    guint t = GPOINTER_TO_UINT(wmem_map_lookup(first_types, GUINT_TO_POINTER(id)));
    if (!t) return nullptr;  // fragment 1 never decrypted: no first payload type
    *first_payload = static_cast<uint8_t>(t - 1);
    return process_reassembled_data(plain, 0, pinfo,
                                    *unauthenticated_message
                                        ? "Reassembled IKEv2 message (ICV bad, not authenticated)"
                                        : "Reassembled IKEv2 message",
                                    fh, &items, nullptr, nullptr);
}

void skf_tree(tvbuff_t* plain, packet_info* pinfo, proto_tree* tree, const Header& h,
              tvbuff_t* reassembled, uint16_t number, uint16_t total) {
    if (total > kMaxSkfFragments) {
        proto_tree_add_expert(tree, pinfo, &ei_too_many, plain, 0, 0);
        return;
    }
    fragment_head* fh = fragment_get_reassembled_id(&table, pinfo, message_id_key(h));
    if (!fh) {
        // Only a later pass knows the whole capture (tshark -2, the GUI).
        if (PINFO_FD_VISITED(pinfo) && number >= 1 && number <= total)
            proto_tree_add_expert(tree, pinfo, &ei_incomplete, plain, 0, 0);
        return;
    }
    if (reassembled) {
        proto_item* fi = nullptr;
        show_fragment_seq_tree(fh, &items, tree, pinfo, reassembled, &fi);
    } else {
        proto_item* ri = proto_tree_add_uint(tree, hf_reassembled_in, plain, 0, 0, fh->reassembled_in);
        proto_item_set_generated(ri);
    }
}

}  // namespace ikev2::ws
