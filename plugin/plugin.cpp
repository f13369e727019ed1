// The C exports Wireshark's plugin loader looks for, and nothing else.
//
// In C++ a const global has internal linkage, so the three version symbols are declared
// extern "C" first and defined after: otherwise they would not be exported. Wireshark 4.2
// and later also ask plugin_describe() what kind of plugin this is; 4.0 ignores it.
#include <epan/proto.h>
#include <wireshark.h>

#include "glue.hpp"

extern "C" {
WS_DLL_PUBLIC const char plugin_version[];
WS_DLL_PUBLIC const int plugin_want_major;
WS_DLL_PUBLIC const int plugin_want_minor;
WS_DLL_PUBLIC void plugin_register(void);
WS_DLL_PUBLIC uint32_t plugin_describe(void);
}

const char plugin_version[] = PLUGIN_VERSION;
const int plugin_want_major = WIRESHARK_VERSION_MAJOR;
const int plugin_want_minor = WIRESHARK_VERSION_MINOR;

void plugin_register(void) {
    static proto_plugin plugin;
    plugin.register_protoinfo = proto_register_ikev2;
    plugin.register_handoff = proto_reg_handoff_ikev2;
    proto_register_plugin(&plugin);
}

uint32_t plugin_describe(void) { return WS_PLUGIN_DESC_DISSECTOR; }
