#include "skf_reassembly.hpp"

#include <epan/expert.h>

#include "glue.hpp"

namespace ikev2::ws {

namespace {

int hf_fragments = -1, hf_fragment = -1, hf_fragment_count = -1, hf_reassembled_in = -1,
    hf_reassembled_length = -1, hf_reassembled_data = -1;
int ett_fragments = -1;
expert_field ei_too_many = EI_INIT, ei_full = EI_INIT, ei_incomplete = EI_INIT;

const char* plural(uint32_t n) { return n == 1 ? "" : "s"; }

}  // namespace

void register_skf_reassembly(int proto) {
    static hf_register_info hf[] = {
        {&hf_fragments, {"Fragments", "ikev2.fragments", FT_NONE, BASE_NONE, nullptr, 0, "RFC 7383 fragments of this message", HFILL}},
        {&hf_fragment, {"Fragment", "ikev2.fragment", FT_FRAMENUM, BASE_NONE, nullptr, 0, "Frame of one fragment", HFILL}},
        {&hf_fragment_count, {"Fragment count", "ikev2.fragment.count", FT_UINT32, BASE_DEC, nullptr, 0, "Number of fragments", HFILL}},
        {&hf_reassembled_in, {"Reassembled in", "ikev2.reassembled.in", FT_FRAMENUM, BASE_NONE, nullptr, 0, "Frame in which the message is complete", HFILL}},
        {&hf_reassembled_length, {"Reassembled length", "ikev2.reassembled.length", FT_UINT32, BASE_DEC, nullptr, 0, "Length of the reassembled plaintext", HFILL}},
        {&hf_reassembled_data, {"Reassembled data", "ikev2.reassembled.data", FT_BYTES, BASE_NONE, nullptr, 0, "The reassembled plaintext", HFILL}},
    };
    static int* ett[] = {&ett_fragments};
    proto_register_field_array(proto, hf, G_N_ELEMENTS(hf));
    proto_register_subtree_array(ett, G_N_ELEMENTS(ett));
    static ei_register_info ei[] = {
        {&ei_too_many, {"ikev2.limit.skf_total", PI_UNDECODED, PI_WARN,
                        "Total Fragments above the plugin's bound (512): not reassembled (docs/robustness.md)", EXPFILL}},
        {&ei_full, {"ikev2.limit.skf_waiting", PI_UNDECODED, PI_WARN,
                    "Dropped while waiting for the other fragments: more than 16,384 fragmented messages (or 64 MiB) were waiting, and this one had waited longest (docs/robustness.md)", EXPFILL}},
        {&ei_incomplete, {"ikev2.skf.incomplete", PI_REASSEMBLE, PI_NOTE,
                          "Fragment of a message that is never completed in this capture", EXPFILL}},
    };
    expert_register_field_array(expert_register_protocol(proto), ei, G_N_ELEMENTS(ei));
}

void skf_tree(const session::IkeFrame& f, tvbuff_t* fragment, tvbuff_t* reassembled,
              packet_info* pinfo, proto_tree* tree) {
    using R = session::SkfReassembler::Result;
    if (f.skf_result == R::TooManyTotal) {
        proto_tree_add_expert(tree, pinfo, &ei_too_many, fragment, 0, 0);
        return;
    }
    const session::Capture* cap = capture_state();
    const session::SkfReassembler::Message* whole = cap && f.reassembled ? cap->reassembled(f.reassembled) : nullptr;
    if (whole && reassembled) {
        // The list of fragments, as Wireshark's own reassembly shows it.
        const auto count = static_cast<uint32_t>(whole->pieces.size());
        const auto total = static_cast<uint32_t>(whole->plaintext.size());
        proto_item* fi = proto_tree_add_none_format(tree, hf_fragments, reassembled, 0, -1, "%u Fragments (%u byte%s): ",
                                                    count, total, plural(total));
        proto_item_set_generated(fi);
        proto_tree* ft = proto_item_add_subtree(fi, ett_fragments);
        uint32_t off = 0;
        for (uint32_t i = 0; i < count; i++) {
            const auto& piece = whole->pieces[i];
            const auto frame = static_cast<uint32_t>(piece.ref >> 32);
            proto_item_append_text(fi, "%s#%u(%u)", i ? ", " : "", frame, piece.length);
            proto_item* pi = proto_tree_add_uint_format(ft, hf_fragment, reassembled, static_cast<gint>(off),
                                                        static_cast<gint>(piece.length), frame,
                                                        "Frame: %u, payload: %u-%u (%u byte%s)", frame, off,
                                                        off + piece.length - 1, piece.length, plural(piece.length));
            proto_item_set_generated(pi);
            off += piece.length;
        }
        proto_item_set_generated(proto_tree_add_uint(ft, hf_fragment_count, reassembled, 0, 0, count));
        proto_item_set_generated(proto_tree_add_uint(ft, hf_reassembled_length, reassembled, 0, 0, total));
        proto_item_set_generated(proto_tree_add_item(ft, hf_reassembled_data, reassembled, 0, -1, ENC_NA));
        return;
    }
    if (f.skf_dropped) {
        proto_tree_add_expert(tree, pinfo, &ei_full, fragment, 0, 0);
        return;
    }
    if (f.reassembled_in) {
        proto_item_set_generated(proto_tree_add_uint(tree, hf_reassembled_in, fragment, 0, 0, f.reassembled_in));
        return;
    }
    // Only a later pass knows the whole capture (tshark -2, the GUI).
    if (PINFO_FD_VISITED(pinfo) && f.skf_number >= 1 && f.skf_number <= f.skf_total)
        proto_tree_add_expert(tree, pinfo, &ei_incomplete, fragment, 0, 0);
}

}  // namespace ikev2::ws
