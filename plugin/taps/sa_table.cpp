// Statistics > IKEv2 IKE SAs (GUI) and `tshark -z ikev2,sa`: one row per IKE SA with its
// peers, SPIs, algorithms, state, number of CHILD_SAs, start, end and packet count.
// Statistics > IKEv2 CHILD_SAs and `tshark -z ikev2,child_sa`: one row per CHILD_SA with
// its IKE SA, SPIs, transforms, traffic selectors, state and frames. Rows are (re)filled
// from the tracker whenever a message of that IKE SA passes the tap, so the tables show
// each SA as of its last message.
#include "../analysis.hpp"
#include "stat_table.hpp"
#include "text.hpp"

#include <string>

namespace ikev2::ws {

namespace {

using namespace stat_table;

const char kTableName[] = "IKE SAs";
const char kChildTableName[] = "CHILD_SAs";

enum Column : guint {
    kId, kInitiator, kResponder, kSpiI, kSpiR, kAlgorithms, kState, kChildren, kStart, kEnd, kPackets, kColumns
};

// The first column, the row number, is "#", left-aligned: the GUI sizes it to the table's
// name and the numbers, and a longer title was cut under the sort arrow ("KE SA").
stat_tap_table_item columns[] = {
    {TABLE_ITEM_UINT, TAP_ALIGN_LEFT, "#", "%u"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Initiator", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Responder", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "SPIi", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "SPIr", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Algorithms", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "State", "%s"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "CHILD_SAs", "%u"},
    {TABLE_ITEM_FLOAT, TAP_ALIGN_RIGHT, "Start (s)", "%.6f"},
    {TABLE_ITEM_FLOAT, TAP_ALIGN_RIGHT, "End (s)", "%.6f"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Packets", "%u"},
};
static_assert(sizeof columns / sizeof columns[0] == kColumns, "one entry per column");

enum ChildColumn : guint {
    kChildId, kChildIkeSa, kChildSpiI, kChildSpiR, kChildTransforms, kChildTsI, kChildTsR, kChildState,
    kChildCreated, kChildEnded, kChildColumns
};

stat_tap_table_item child_columns[] = {
    {TABLE_ITEM_UINT, TAP_ALIGN_LEFT, "#", "%u"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "IKE SA", "%u"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "SPI (requester)", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "SPI (responder)", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Transforms", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "TSi", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "TSr", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "State", "%s"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Created in", "%u"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Ended in", "%u"},
};
static_assert(sizeof child_columns / sizeof child_columns[0] == kChildColumns, "one entry per column");

void fill_row(stat_tap_table* table, const analysis::Tracker& t, const analysis::IkeSa& sa) {
    add_rows_up_to(table, sa.id, columns, kColumns);
    const guint row = sa.id - 1;
    const double t0 = t.ike_sas().empty() ? 0 : t.ike_sas().front().start;
    set_string(table, row, kInitiator, sa.initiator.text());
    set_string(table, row, kResponder, sa.responder.text());
    set_string(table, row, kSpiI, spi_text(sa.spi_i));
    set_string(table, row, kSpiR, spi_text(sa.spi_r));
    set_string(table, row, kAlgorithms, sa.algorithms.empty() ? "-" : sa.algorithms);
    std::string state = analysis::state_name(sa.state);
    if (!sa.reason.empty()) state += " (" + sa.reason + ")";
    set_string(table, row, kState, state);
    set_uint(table, row, kChildren, static_cast<guint>(sa.children.size()));
    set_float(table, row, kStart, sa.start - t0);
    set_float(table, row, kEnd, sa.end - t0);
    set_uint(table, row, kPackets, sa.packets);
}

void fill_child_row(stat_tap_table* table, const analysis::ChildSa& c) {
    add_rows_up_to(table, c.id, child_columns, kChildColumns);
    const guint row = c.id - 1;
    set_uint(table, row, kChildIkeSa, c.ike_sa);
    set_string(table, row, kChildSpiI, spi_text(c.spi_i));
    set_string(table, row, kChildSpiR, spi_text(c.spi_r));
    set_string(table, row, kChildTransforms, c.transforms);
    set_string(table, row, kChildTsI, c.ts_i);
    set_string(table, row, kChildTsR, c.ts_r);
    // "rekeyed to CHILD_SA 3, deleted (rekey of CHILD_SA 1)"
    std::string state;
    if (c.replaced_by) state = "rekeyed to CHILD_SA " + std::to_string(c.replaced_by);
    if (c.deleted_frame) state += state.empty() ? "deleted" : ", deleted";
    if (state.empty()) state = "installed";
    if (c.rekey_of) state += " (rekey of CHILD_SA " + std::to_string(c.rekey_of) + ")";
    set_string(table, row, kChildState, state);
    set_uint(table, row, kChildCreated, c.created_frame);
    set_uint(table, row, kChildEnded, c.deleted_frame ? c.deleted_frame : c.rekeyed_frame);
}

// The IKE SA of this message, and the one a rekey made on it (a rekey creates the new
// IKE SA on a message of the old one; earlier attempts that a cookie restarted keep
// their own row).
template <typename Fill>
tap_packet_status each_sa(void* tapdata, const void* data, const char* name, Fill fill) {
    auto* sd = static_cast<stat_data_t*>(tapdata);
    const auto* info = static_cast<const IkeTapInfo*>(data);
    if (!sd || !info || !info->record || !info->tracker) return TAP_PACKET_DONT_REDRAW;
    stat_tap_table* table = stat_tap_find_table(sd->stat_tap_data, name);
    if (!table) return TAP_PACKET_DONT_REDRAW;
    const analysis::Tracker& t = *info->tracker;
    const analysis::IkeSa* sa = t.ike_sa(info->record->ike_sa);
    if (!sa) return TAP_PACKET_DONT_REDRAW;
    fill(table, t, *sa);
    if (const analysis::IkeSa* n = t.ike_sa(sa->rekeyed_to)) fill(table, t, *n);
    return TAP_PACKET_REDRAW;
}

tap_packet_status sa_packet(void* tapdata, packet_info*, epan_dissect_t*, const void* data, tap_flags_t) {
    return each_sa(tapdata, data, kTableName, fill_row);
}

tap_packet_status child_packet(void* tapdata, packet_info*, epan_dissect_t*, const void* data, tap_flags_t) {
    return each_sa(tapdata, data, kChildTableName,
                   [](stat_tap_table* table, const analysis::Tracker& t, const analysis::IkeSa& sa) {
                       for (uint32_t id : sa.children)
                           if (const analysis::ChildSa* c = t.child_sa(id)) fill_child_row(table, *c);
                   });
}

void sa_init(stat_tap_table_ui* ui) { init(ui, kTableName, kColumns); }
void child_init(stat_tap_table_ui* ui) { init(ui, kChildTableName, kChildColumns); }

}  // namespace

void register_ikev2_sa_table() {
    static stat_tap_table_ui ui = {
        REGISTER_PACKET_STAT_GROUP_UNSORTED, "IKEv2 IKE SAs", "ikev2", "ikev2,sa", sa_init, sa_packet, reset,
        free_item, nullptr, sizeof columns / sizeof columns[0], columns, 0, nullptr, nullptr, 0,
    };
    register_stat_tap_table_ui(&ui);
    static stat_tap_table_ui child_ui = {
        REGISTER_PACKET_STAT_GROUP_UNSORTED, "IKEv2 CHILD_SAs", "ikev2", "ikev2,child_sa", child_init,
        child_packet, reset, free_item, nullptr, sizeof child_columns / sizeof child_columns[0], child_columns,
        0, nullptr, nullptr, 0,
    };
    register_stat_tap_table_ui(&child_ui);
}

}  // namespace ikev2::ws
