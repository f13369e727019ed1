// Helpers for the plugin's stat_tap_table tables (taps/sa_table.cpp: IKE SAs and
// CHILD_SAs; taps/esp_sa_table.cpp: ESP SAs). Each table has one row per SA, numbered
// from 1 in its first column; rows are (re)filled from the capture's state as packets
// pass the tap, so a table shows each SA as of its last packet. Strings are g_strdup'ed
// and freed by free_item.
#pragma once

#include <cstdio>
#include <cstring>
#include <string>

#include <epan/stat_tap_ui.h>
#include <epan/tap.h>

namespace ikev2::ws::stat_table {

inline void set_string(stat_tap_table* table, guint row, guint col, const std::string& v) {
    stat_tap_table_item_type* item = stat_tap_get_field_data(table, row, col);
    if (item->value.string_value && std::string(item->value.string_value) == v) return;
    g_free(const_cast<char*>(item->value.string_value));
    item->value.string_value = g_strdup(v.c_str());
    stat_tap_set_field_data(table, row, col, item);
}

inline void set_uint(stat_tap_table* table, guint row, guint col, guint v) {
    stat_tap_table_item_type* item = stat_tap_get_field_data(table, row, col);
    item->value.uint_value = v;
    stat_tap_set_field_data(table, row, col, item);
}

inline void set_float(stat_tap_table* table, guint row, guint col, double v) {
    stat_tap_table_item_type* item = stat_tap_get_field_data(table, row, col);
    item->value.float_value = v;
    stat_tap_set_field_data(table, row, col, item);
}

// Rows 1..rows exist (empty strings, zeros, the row number in column 0).
inline void add_rows_up_to(stat_tap_table* table, guint rows, const stat_tap_table_item* columns,
                           guint ncolumns) {
    while (table->num_elements < rows) {
        stat_tap_table_item_type* items = g_new0(stat_tap_table_item_type, ncolumns);
        for (guint c = 0; c < ncolumns; c++) {
            items[c].type = columns[c].type;
            if (columns[c].type == TABLE_ITEM_STRING) items[c].value.string_value = g_strdup("");
        }
        items[0].value.uint_value = table->num_elements + 1;
        // stat_tap_init_table_row copies the items into the table.
        stat_tap_init_table_row(table, table->num_elements, ncolumns, items);
        g_free(items);
    }
}

// The init callback: one table named `name` (cleared when the dialog is opened again).
inline void init(stat_tap_table_ui* ui, const char* name, guint ncolumns) {
    stat_tap_table* table = stat_tap_find_table(ui, name);
    if (table) {
        if (ui->stat_tap_reset_table_cb) ui->stat_tap_reset_table_cb(table);
        return;
    }
    table = stat_tap_init_table(name, ncolumns, 0, nullptr);
    stat_tap_add_table(ui, table);
}

// The reset callback: every cell but the row number emptied.
inline void reset(stat_tap_table* table) {
    for (guint row = 0; row < table->num_elements; row++)
        for (guint c = 1; c < table->num_fields; c++) {
            stat_tap_table_item_type* item = stat_tap_get_field_data(table, row, c);
            if (item->type == TABLE_ITEM_STRING) {
                g_free(const_cast<char*>(item->value.string_value));
                item->value.string_value = g_strdup("");
            } else {
                item->value.uint_value = 0;
                item->value.float_value = 0;
            }
        }
}

inline void free_item(stat_tap_table*, guint, guint, stat_tap_table_item_type* field) {
    if (field->type == TABLE_ITEM_STRING) g_free(const_cast<char*>(field->value.string_value));
}

}  // namespace ikev2::ws::stat_table
