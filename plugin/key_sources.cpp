#include "key_sources.hpp"

#include <sys/stat.h>

#include <wsutil/filesystem.h>
#include <wsutil/report_message.h>

#include <string>

#include "../uat/ikev2_sa_keys.hpp"
#include "../uat/ipsec_sa.hpp"
#include "keys/key_file.hpp"

namespace ikev2::ws {

namespace {

const char* key_file_pref = "";
keys::KeyStore* store = nullptr;
bool dirty = true;
// Modification times of the files last loaded, to notice edits.
time_t mtimes[3] = {0, 0, 0};

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

void load_file(const std::string& path, bool must_exist) {
    if (path.empty()) return;
    struct stat st;
    if (!must_exist && stat(path.c_str(), &st) != 0) return;  // optional file absent
    keys::LoadResult r = keys::load_key_file(path, *store);
    // One report per load: the first problems in full, then a count.
    std::string msg;
    size_t shown = 0;
    for (const keys::KeyFileError& e : r.errors) {
        if (shown++ == 10) {
            msg += "... and " + std::to_string(r.errors.size() - 10) + " more\n";
            break;
        }
        msg += e.file + ":" + std::to_string(e.line) + ": " + e.field + ": " + e.message + "\n";
    }
    if (!msg.empty()) report_warning("IKEv2 keys: problems in %s:\n%s", path.c_str(), msg.c_str());
}

void mark_dirty() { dirty = true; }

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
    refresh_keys();
}

const keys::KeyStore& current_keys() { return keys_for_binding(); }

keys::KeyStore& keys_for_binding() {
    if (!store) refresh_keys();
    return *store;
}

void refresh_keys() {
    const std::string own = key_file_pref ? key_file_pref : "";
    const std::string ws_ike = conf_file("ikev2_decryption_table");
    const std::string ws_esp = conf_file("esp_sa");
    const time_t now[3] = {mtime_of(own), mtime_of(ws_ike), mtime_of(ws_esp)};
    static std::string loaded_own;
    if (!store || dirty || own != loaded_own || now[0] != mtimes[0] || now[1] != mtimes[1] ||
        now[2] != mtimes[2]) {
        if (!store) store = new keys::KeyStore();
        store->clear();
        load_file(ws_ike, false);
        load_file(ws_esp, false);
        load_file(own, true);
        add_uat_keys(*store);  // the UATs win over files for the same SPIs
        add_ipsec_uat_keys(*store);
        for (int i = 0; i < 3; i++) mtimes[i] = now[i];
        loaded_own = own;
        dirty = false;
    }
}

}  // namespace ikev2::ws
