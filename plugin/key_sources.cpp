#include "key_sources.hpp"

#include <sys/stat.h>

#include <epan/uat-int.h>
#include <wsutil/filesystem.h>
#include <wsutil/report_message.h>

#include <cstdio>
#include <memory>
#include <string>

#include "../uat/ikev2_sa_keys.hpp"
#include "../uat/ipsec_sa.hpp"
#include "keys/key_file.hpp"

namespace ikev2::ws {

namespace {

const char* key_file_pref = "";
// The merged store: Wireshark's configuration as the core reads it, kept across captures
// and reloaded when a source changes (refresh_keys).
std::unique_ptr<keys::KeyStore> store;
bool dirty = true;

// Wireshark's own key tables, read twice: the rows the built-in dissector's UAT accepted
// (those of the configuration folder's file and those given with `-o uat:<file>:<row>`
// alike), then the file itself, whose rows win. The file is read as before for what
// Wireshark's table of the running version cannot hold: a newer version's algorithm names
// or a ninth (ESN) column, which Wireshark 4.0 drops.
struct WiresharkTable {
    const char* uat_name;  // uat_new()'s name in packet-isakmp.c / packet-ipsec.c
    const char* file;      // its file in the configuration folder
};
constexpr WiresharkTable kWiresharkTables[] = {
    {"IKEv2 Decryption Table", "ikev2_decryption_table"},
    {"ESP SAs", "esp_sa"},
};
constexpr size_t kTables = sizeof kWiresharkTables / sizeof kWiresharkTables[0];

// What was last loaded, to notice changes: the key file's path and modification time, and
// each Wireshark table's UAT rows as text and its file's modification time.
std::string loaded_own;
time_t loaded_own_mtime = 0;
std::string loaded_tables[kTables];
time_t loaded_table_mtimes[kTables] = {};

time_t mtime_of(const std::string& path) {
    struct stat st;
    return (!path.empty() && stat(path.c_str(), &st) == 0) ? st.st_mtime : 0;
}

std::string conf_file(const char* name) {
    char* p = get_persconffile_path(name, TRUE);
    std::string s = p ? p : "";
    g_free(p);
    return s;
}

// One report per load: the first problems in full, then a count.
void report_problems(const keys::LoadResult& r, const std::string& where) {
    std::string msg;
    size_t shown = 0;
    for (const keys::KeyFileError& e : r.errors) {
        if (shown++ == 10) {
            msg += "... and " + std::to_string(r.errors.size() - 10) + " more\n";
            break;
        }
        msg += e.file + ":" + std::to_string(e.line) + ": " + e.field + ": " + e.message + "\n";
    }
    if (!msg.empty()) report_warning("IKEv2 keys: problems in %s:\n%s", where.c_str(), msg.c_str());
}

void load_file(const std::string& path, bool must_exist) {
    if (path.empty()) return;
    struct stat st;
    if (!must_exist && stat(path.c_str(), &st) != 0) return;  // optional file absent
    report_problems(keys::load_key_file(path, *store), path);
}

// One field as uat_save() writes it to the table's file (epan/uat.c): bytes as bare hex,
// everything else quoted, with '"', '\\' and unprintable octets as \xNN.
void append_uat_field(std::string& out, uat_text_mode_t mode, const char* text, unsigned len) {
    char hex[8];
    if (mode == PT_TXTMOD_HEXBYTES) {
        for (unsigned i = 0; i < len; i++) {
            std::snprintf(hex, sizeof hex, "%02x", static_cast<unsigned char>(text[i]));
            out += hex;
        }
        return;
    }
    out += '"';
    for (unsigned i = 0; i < len; i++) {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        if (c == '"' || c == '\\' || !g_ascii_isprint(c)) {
            std::snprintf(hex, sizeof hex, "\\x%02x", c);
            out += hex;
        } else {
            out += static_cast<char>(c);
        }
    }
    out += '"';
}

// The rows Wireshark's table accepted, as its file would hold them, each field through the
// UAT's own text callback, so nothing here depends on the built-in's record layout. Empty
// when the UAT is not registered.
std::string wireshark_table_text(const WiresharkTable& table) {
    std::string out;
    uat_t* u = uat_get_table_by_name(table.uat_name);
    if (!u || !u->filename || std::string(u->filename) != table.file) return out;
    for (guint row = 0; row < u->user_data->len; row++) {
        void* rec = UAT_USER_INDEX_PTR(u, row);
        for (guint col = 0; col < u->ncols; col++) {
            const uat_field_t& f = u->fields[col];
            char* text = nullptr;
            unsigned len = 0;
            f.cb.tostr(rec, &text, &len, f.cbdata.tostr, f.fld_data);
            if (col) out += ',';
            if (text) append_uat_field(out, f.mode, text, len);
            g_free(text);
        }
        out += '\n';
    }
    return out;
}

void mark_dirty() { dirty = true; }

// Whether the key file (its name or modification time) or a Wireshark table's file moved
// since the last load.
bool files_changed() {
    const std::string own = key_file_pref ? key_file_pref : "";
    if (own != loaded_own || mtime_of(own) != loaded_own_mtime) return true;
    for (size_t i = 0; i < kTables; i++)
        if (mtime_of(conf_file(kWiresharkTables[i].file)) != loaded_table_mtimes[i]) return true;
    return false;
}

}  // namespace

void register_key_sources(module_t* module) {
    register_ikev2_sa_keys_uat(module, mark_dirty);
    prefs_register_filename_preference(
        module, "key_file", "Key file",
        "A file of IKE and ESP keys in any mix of these formats: Wireshark's "
        "ikev2_decryption_table and esp_sa rows, strongSwan charon logs at level 4, "
        "libreswan key lines, `ip xfrm state` output, and this plugin's native lines (which "
        "can carry SK_d). Re-read when it changes.",
        &key_file_pref, FALSE);
}

void keys_changed() { mark_dirty(); }

void refresh_keys_throttled() {
    static gint64 last = 0;
    const gint64 now = g_get_monotonic_time();
    if (store && now - last < G_USEC_PER_SEC) return;
    last = now;
    // While packets are dissected only the files are looked at (names and modification
    // times): the tables' rows change through the GUI's UAT dialog or -o uat:, and either
    // makes Wireshark run the init routine, which compares them (refresh_keys). Comparing
    // 100,000 rows as text every second cost more than decrypting.
    if (!store || dirty || files_changed()) refresh_keys();
}

const keys::KeyStore& current_keys() { return keys_for_binding(); }

keys::KeyStore& keys_for_binding() {
    if (!store) refresh_keys();
    return *store;
}

void refresh_keys() {
    const std::string own = key_file_pref ? key_file_pref : "";
    const time_t own_mtime = mtime_of(own);
    std::string tables[kTables], paths[kTables];
    time_t table_mtimes[kTables];
    bool changed = !store || dirty || files_changed();
    for (size_t i = 0; i < kTables; i++) {
        tables[i] = wireshark_table_text(kWiresharkTables[i]);
        paths[i] = conf_file(kWiresharkTables[i].file);
        table_mtimes[i] = mtime_of(paths[i]);
        changed = changed || tables[i] != loaded_tables[i];
    }
    if (!changed) return;
    if (!store) store = std::make_unique<keys::KeyStore>();
    store->clear();
    for (size_t i = 0; i < kTables; i++) {
        const char* file = kWiresharkTables[i].file;
        // Named as on the command line, "uat:esp_sa:<row>", apart from the file's lines.
        report_problems(keys::load_key_text(tables[i], std::string("uat:") + file, *store),
                        std::string("Wireshark's ") + file + " table");
        load_file(paths[i], false);
        loaded_tables[i] = std::move(tables[i]);
        loaded_table_mtimes[i] = table_mtimes[i];
    }
    load_file(own, true);
    add_uat_keys(*store);  // the UATs win over files for the same SPIs
    add_ipsec_uat_keys(*store);
    loaded_own = own;
    loaded_own_mtime = own_mtime;
    dirty = false;
}

}  // namespace ikev2::ws
