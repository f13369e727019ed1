// Statistics > IPsec ESP SAs (GUI) and `tshark -z ipsec,sa`: one row per ESP SA (SPI,
// source, destination) with its packets, bytes, decrypted packets, ICV failures,
// sequence analysis and where its keys came from. A row is (re)filled from the capture's
// ESP state whenever a packet of that SA passes the tap.
#include "../esp_glue.hpp"
#include "../glue.hpp"
#include "stat_table.hpp"

#include <string>

#include "text.hpp"

namespace ikev2::ws {

namespace {

using namespace stat_table;

const char kTableName[] = "ESP SAs";

enum Column : guint {
    kSa, kSpi, kSource, kDestination, kPackets, kBytes, kDecrypted, kIcvFailed, kLost, kLate, kDuplicates,
    kWraps, kKeys, kColumns
};

stat_tap_table_item columns[] = {
    {TABLE_ITEM_UINT, TAP_ALIGN_LEFT, "#", "%u"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "SPI", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Source", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Destination", "%s"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Packets", "%u"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Bytes", "%u"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Decrypted", "%u"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "ICV failed", "%u"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Lost", "%u"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Late", "%u"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Duplicates", "%u"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Wraps", "%u"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Keys", "%s"},
};
static_assert(sizeof columns / sizeof columns[0] == kColumns, "one entry per column");

std::string addr_text(const std::vector<uint8_t>& a) {
    const ByteView v(a.data(), a.size());
    return a.size() == 4 ? ipv4_text(v) : a.size() == 16 ? ipv6_text(v) : "?";
}

guint clamp(uint64_t v) { return v > G_MAXUINT ? G_MAXUINT : static_cast<guint>(v); }

tap_packet_status esp_packet(void* tapdata, packet_info*, epan_dissect_t*, const void* data, tap_flags_t) {
    auto* sd = static_cast<stat_data_t*>(tapdata);
    const auto* info = static_cast<const EspTapInfo*>(data);
    session::Capture* cap = capture_state();
    if (!sd || !info || !info->sa_id || !cap) return TAP_PACKET_DONT_REDRAW;
    stat_tap_table* table = stat_tap_find_table(sd->stat_tap_data, kTableName);
    if (!table) return TAP_PACKET_DONT_REDRAW;
    const esp::EspSaSummary s = cap->esp_sas().summary(info->sa_id);
    if (!s.sa_id) return TAP_PACKET_DONT_REDRAW;
    add_rows_up_to(table, s.sa_id, columns, kColumns);
    const guint row = s.sa_id - 1;
    set_string(table, row, kSpi, spi_text(s.spi));
    set_string(table, row, kSource, addr_text(s.src));
    set_string(table, row, kDestination, addr_text(s.dst));
    set_uint(table, row, kPackets, clamp(s.seq.packets));
    set_uint(table, row, kBytes, clamp(s.bytes));
    set_uint(table, row, kDecrypted, clamp(s.decrypted));
    set_uint(table, row, kIcvFailed, clamp(s.auth_failed));
    set_uint(table, row, kLost, clamp(s.seq.lost));
    set_uint(table, row, kLate, clamp(s.seq.late));
    set_uint(table, row, kDuplicates, clamp(s.seq.duplicates));
    set_uint(table, row, kWraps, clamp(s.seq.wraps));
    set_string(table, row, kKeys,
               !s.has_keys      ? "none"
               : s.derived      ? "derived from SK_d"
               : s.esn_inferred ? "given, ESN inferred from the ICV"
                                : "given");
    return TAP_PACKET_REDRAW;
}

void esp_init(stat_tap_table_ui* ui) { init(ui, kTableName, kColumns); }

}  // namespace

void register_esp_sa_table() {
    static stat_tap_table_ui ui = {
        REGISTER_PACKET_STAT_GROUP_UNSORTED, "IPsec ESP SAs", "ipsec", "ipsec,sa", esp_init, esp_packet, reset,
        free_item, nullptr, sizeof columns / sizeof columns[0], columns, 0, nullptr, nullptr, 0,
    };
    register_stat_tap_table_ui(&ui);
}

}  // namespace ikev2::ws
