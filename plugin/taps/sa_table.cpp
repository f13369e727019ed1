// Statistics > IKEv2 > IKE SAs (GUI) and `tshark -z ikev2,sa`: one row per IKE SA with
// its peers, SPIs, algorithms, state, CHILD_SAs, start, end and packet count. Rows are
// (re)filled from the tracker whenever a message of that IKE SA passes the tap, so the
// table shows each SA as of its last message.
#include "../analysis.hpp"

#include <string>

#include <epan/stat_tap_ui.h>
#include <epan/tap.h>

namespace ikev2::ws {

namespace {

const char kTableName[] = "IKE SAs";

enum Column : guint {
    kId, kInitiator, kResponder, kSpiI, kSpiR, kAlgorithms, kState, kChildren, kStart, kEnd, kPackets, kColumns
};

stat_tap_table_item columns[] = {
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "IKE SA", "%u"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Initiator", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Responder", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "SPIi", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "SPIr", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Algorithms", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "State", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "CHILD_SAs", "%s"},
    {TABLE_ITEM_FLOAT, TAP_ALIGN_RIGHT, "Start (s)", "%.6f"},
    {TABLE_ITEM_FLOAT, TAP_ALIGN_RIGHT, "End (s)", "%.6f"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Packets", "%u"},
};
static_assert(sizeof columns / sizeof columns[0] == kColumns, "one entry per column");

std::string hex64(uint64_t v) {
    char b[20];
    snprintf(b, sizeof b, "%016llx", static_cast<unsigned long long>(v));
    return b;
}

std::string children_text(const analysis::Tracker& t, const analysis::IkeSa& sa) {
    std::string s;
    for (uint32_t id : sa.children) {
        const analysis::ChildSa* c = t.child_sa(id);
        if (!c) continue;
        char b[24];
        snprintf(b, sizeof b, "%08x/%08x", c->spi_i, c->spi_r);
        if (!s.empty()) s += "; ";
        s += b;
        s += " " + c->transforms + " " + c->ts_i + "===" + c->ts_r;
        s += c->deleted_frame ? " deleted" : c->replaced_by ? " rekeyed" : " installed";
    }
    return s.empty() ? "-" : s;
}

void set_string(stat_tap_table* table, guint row, guint col, const std::string& v) {
    stat_tap_table_item_type* item = stat_tap_get_field_data(table, row, col);
    if (item->value.string_value && std::string(item->value.string_value) == v) return;
    g_free(const_cast<char*>(item->value.string_value));
    item->value.string_value = g_strdup(v.c_str());
    stat_tap_set_field_data(table, row, col, item);
}

void set_uint(stat_tap_table* table, guint row, guint col, guint v) {
    stat_tap_table_item_type* item = stat_tap_get_field_data(table, row, col);
    item->value.uint_value = v;
    stat_tap_set_field_data(table, row, col, item);
}

void set_float(stat_tap_table* table, guint row, guint col, double v) {
    stat_tap_table_item_type* item = stat_tap_get_field_data(table, row, col);
    item->value.float_value = v;
    stat_tap_set_field_data(table, row, col, item);
}

void add_rows_up_to(stat_tap_table* table, guint rows) {
    while (table->num_elements < rows) {
        stat_tap_table_item_type items[kColumns];
        memset(items, 0, sizeof items);
        for (guint c = 0; c < kColumns; c++) {
            items[c].type = columns[c].type;
            if (columns[c].type == TABLE_ITEM_STRING) items[c].value.string_value = g_strdup("");
        }
        items[kId].value.uint_value = table->num_elements + 1;
        stat_tap_init_table_row(table, table->num_elements, kColumns, items);
    }
}

void fill_row(stat_tap_table* table, const analysis::Tracker& t, const analysis::IkeSa& sa) {
    add_rows_up_to(table, sa.id);
    const guint row = sa.id - 1;
    const double t0 = t.ike_sas().empty() ? 0 : t.ike_sas().front().start;
    set_string(table, row, kInitiator, sa.initiator.text());
    set_string(table, row, kResponder, sa.responder.text());
    set_string(table, row, kSpiI, hex64(sa.spi_i));
    set_string(table, row, kSpiR, hex64(sa.spi_r));
    set_string(table, row, kAlgorithms, sa.algorithms.empty() ? "-" : sa.algorithms);
    std::string state = analysis::state_name(sa.state);
    if (!sa.reason.empty()) state += " (" + sa.reason + ")";
    set_string(table, row, kState, state);
    set_string(table, row, kChildren, children_text(t, sa));
    set_float(table, row, kStart, sa.start - t0);
    set_float(table, row, kEnd, sa.end - t0);
    set_uint(table, row, kPackets, sa.packets);
}

tap_packet_status sa_packet(void* tapdata, packet_info*, epan_dissect_t*, const void* data, tap_flags_t) {
    auto* sd = static_cast<stat_data_t*>(tapdata);
    const auto* info = static_cast<const IkeTapInfo*>(data);
    if (!sd || !info || !info->record || !info->tracker) return TAP_PACKET_DONT_REDRAW;
    stat_tap_table* table = stat_tap_find_table(sd->stat_tap_data, kTableName);
    if (!table) return TAP_PACKET_DONT_REDRAW;
    const analysis::Tracker& t = *info->tracker;
    const analysis::IkeSa* sa = t.ike_sa(info->record->ike_sa);
    if (!sa) return TAP_PACKET_DONT_REDRAW;
    fill_row(table, t, *sa);
    // A rekey creates the new IKE SA on a message of the old one; earlier attempts that a
    // cookie restarted keep their own row.
    if (const analysis::IkeSa* n = t.ike_sa(sa->rekeyed_to)) fill_row(table, t, *n);
    return TAP_PACKET_REDRAW;
}

void sa_init(stat_tap_table_ui* ui) {
    stat_tap_table* table = stat_tap_find_table(ui, kTableName);
    if (table) {
        if (ui->stat_tap_reset_table_cb) ui->stat_tap_reset_table_cb(table);
        return;
    }
    table = stat_tap_init_table(kTableName, kColumns, 0, nullptr);
    stat_tap_add_table(ui, table);
}

void sa_reset(stat_tap_table* table) {
    for (guint row = 0; row < table->num_elements; row++)
        for (guint c = 0; c < kColumns; c++) {
            stat_tap_table_item_type* item = stat_tap_get_field_data(table, row, c);
            if (item->type == TABLE_ITEM_STRING) {
                g_free(const_cast<char*>(item->value.string_value));
                item->value.string_value = g_strdup("");
            } else if (c != kId) {
                item->value.uint_value = 0;
                item->value.float_value = 0;
            }
        }
}

void sa_free_item(stat_tap_table*, guint, guint, stat_tap_table_item_type* field) {
    if (field->type == TABLE_ITEM_STRING) g_free(const_cast<char*>(field->value.string_value));
}

}  // namespace

void register_ikev2_sa_table() {
    static stat_tap_table_ui ui = {
        REGISTER_PACKET_STAT_GROUP_UNSORTED, "IKEv2/IKE SAs", "ikev2", "ikev2,sa", sa_init, sa_packet, sa_reset,
        sa_free_item, nullptr, sizeof columns / sizeof columns[0], columns, 0, nullptr, nullptr, 0,
    };
    register_stat_tap_table_ui(&ui);
}

}  // namespace ikev2::ws
