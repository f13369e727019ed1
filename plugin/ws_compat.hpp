// The differences between the Wireshark releases the plugin builds against (4.0, 4.4 and
// 4.6, as Debian packages them), in one place, so that the dissectors read the same on
// every version. Everything else in the glue includes this instead of naming a version.
//
// What changed, and how it is met here:
// - 4.2 turned many gboolean callbacks and preferences into bool (heuristic dissectors,
//   wmem callbacks, UAT update callbacks, boolean preferences) and later releases kept
//   going (stat_tap_init_cb returns bool in 4.6). Each type below is read off the
//   Wireshark declaration itself, so no version number is guessed for it.
// - 4.6 moved value_string.h to wsutil/ (true_false_string lives in epan/tfs.h on all).
// - 4.4 made UAT_BUFFER_CB_DEF store unsigned char* where 4.0 stored char*.
// - 4.2 loaders also read plugin_describe(); older ones ignore it.
// - epan/sequence_analysis.h is not in Debian's wireshark-dev: the Flow Graph item is
//   declared here, with the layout of each version read off its libwireshark.
#pragma once

#include <ws_version.h>

#include <epan/packet.h>
#include <epan/prefs.h>
#include <epan/stat_tap_ui.h>
#include <epan/tap.h>
#include <epan/tfs.h>
#include <epan/uat.h>
#include <wsutil/wmem/wmem_user_cb.h>
#if __has_include(<wsutil/value_string.h>)
#include <wsutil/value_string.h>  // 4.6
#else
#include <epan/value_string.h>    // 4.0, 4.4
#endif

#include <cstddef>
#include <tuple>
#include <type_traits>

#define IKEV2_WS_AT_LEAST(major, minor) \
    (WIRESHARK_VERSION_MAJOR > (major) || \
     (WIRESHARK_VERSION_MAJOR == (major) && WIRESHARK_VERSION_MINOR >= (minor)))

#ifndef WS_PLUGIN_DESC_DISSECTOR
#define WS_PLUGIN_DESC_DISSECTOR (1UL << 0)  // wsutil/plugins.h of 4.2 and later
#endif

namespace ikev2::ws {

namespace compat_detail {
template <class F> struct last_arg;
template <class R, class... A> struct last_arg<R (*)(A...)> {
    using type = std::tuple_element_t<sizeof...(A) - 1, std::tuple<A...>>;
};
}  // namespace compat_detail

// What a heuristic dissector returns (gboolean in 4.0, bool from 4.2).
using heur_result = std::invoke_result_t<heur_dissector_t, tvbuff_t*, packet_info*, proto_tree*, void*>;
// What a wmem user callback returns.
using wmem_cb_result = std::invoke_result_t<wmem_user_cb_t, wmem_allocator_t*, wmem_cb_event_t, void*>;
// What a UAT update callback returns.
using uat_update_result = std::invoke_result_t<uat_update_cb_t, void*, char**>;
// What a UAT field check callback returns.
using uat_check_result = std::invoke_result_t<uat_fld_chk_cb_t, void*, const char*, unsigned,
                                              const void*, const void*, char**>;
// The variable a boolean preference writes (gboolean in 4.0, bool from 4.2).
using pref_bool = std::remove_pointer_t<
    typename compat_detail::last_arg<decltype(&prefs_register_bool_preference)>::type>;

// A `-z` statistic's init callback: void in 4.0 and 4.4, bool (handled) in 4.6.
using stat_init_result = std::invoke_result_t<stat_tap_init_cb, const char*, void*>;
template <void (*Init)(const char*, void*), class R = stat_init_result>
R stat_init(const char* opt, void* userdata) {
    Init(opt, userdata);
    if constexpr (!std::is_void_v<R>) return true;
}

// The pointer UAT_BUFFER_CB_DEF stores in a record.
#if IKEV2_WS_AT_LEAST(4, 4)
using uat_buffer = unsigned char*;
#else
using uat_buffer = char*;
#endif

// A copy of a UAT buffer field (for a UAT copy callback), and its octets.
inline uat_buffer uat_buffer_dup(uat_buffer p, unsigned len) {
    return p ? static_cast<uat_buffer>(g_memdup2(p, len)) : nullptr;
}
inline const uint8_t* uat_buffer_octets(uat_buffer p) { return reinterpret_cast<const uint8_t*>(p); }

}  // namespace ikev2::ws

// ---- Flow Graph (epan/sequence_analysis.h) ------------------------------------------
// Only the members the plugin writes are named; the library allocates the item
// (sequence_analysis_create_sai_with_addresses), so its size does not matter here.
// Offsets checked against the disassembly of each libwireshark (create_sai_with_addresses,
// use_color_filter, get_nodes and the item free function): frame_label 0x48, comment 0x58,
// fg_color 0x64, has_color_filter 0x6c in all three; display 0x70 in 4.0 (gboolean) and
// 0x6d in 4.4 and 4.6 (bool); any_addr at 0x08 and items at 0x10 in seq_analysis_info_t.
// 4.2, which began the move to bool, is assumed to be laid out as 4.4 (not checked).
extern "C" {
#if IKEV2_WS_AT_LEAST(4, 2)
using seq_flag = bool;
#else
using seq_flag = gboolean;
#endif

typedef struct _seq_analysis_item {
    guint32 frame_number;
    address src_addr;
    guint16 port_src;
    address dst_addr;
    guint16 port_dst;
    gchar* frame_label;
    gchar* time_str;
    gchar* comment;
    guint16 conv_num;
    unsigned fg_color;
    unsigned bg_color;
    seq_flag has_color_filter;
    seq_flag display;
    guint src_node;
    guint dst_node;
    guint16 line_style;
    // Later members (protocol, ...) are never touched.
} seq_analysis_item_t;

// The members after `items` are not used here.
typedef struct _seq_analysis_info {
    const char* name;
    seq_flag any_addr;
    int nconv;
    GQueue* items;
} seq_analysis_info_t;

WS_DLL_PUBLIC void register_seq_analysis(const char* name, const char* ui_name, const int proto_id,
                                         const char* tap_listener, guint tap_flags, tap_packet_cb tap_func);
WS_DLL_PUBLIC seq_analysis_item_t* sequence_analysis_create_sai_with_addresses(packet_info* pinfo,
                                                                               seq_analysis_info_t* sainfo);
}

static_assert(sizeof(address) == 24, "address layout");
static_assert(offsetof(seq_analysis_item_t, frame_label) == 0x48, "frame_label offset");
static_assert(offsetof(seq_analysis_item_t, comment) == 0x58, "comment offset");
static_assert(offsetof(seq_analysis_item_t, fg_color) == 0x64, "fg_color offset");
static_assert(offsetof(seq_analysis_item_t, has_color_filter) == 0x6c, "has_color_filter offset");
static_assert(offsetof(seq_analysis_item_t, display) == (IKEV2_WS_AT_LEAST(4, 2) ? 0x6d : 0x70), "display offset");
static_assert(offsetof(seq_analysis_info_t, any_addr) == 0x08, "any_addr offset");
static_assert(offsetof(seq_analysis_info_t, items) == 0x10, "items offset");
