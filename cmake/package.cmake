# `cpack -G DEB` in a build folder (tools/package.sh does it for every supported Wireshark):
# one .deb per Wireshark version, named for it, that puts ikev2.so in that version's global
# plugin folder and depends on the libwireshark it was built against, so that apt installs
# it only next to the matching Wireshark.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME wireshark-ikev2-plugin)
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}+ws${WS_API_DIR}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "IKEv2 and IPsec ESP analysis plugin for Wireshark ${WS_API_DIR}")
set(CPACK_PACKAGE_DESCRIPTION "Dissects IKEv2 on any UDP port, behind NAT-T and over TCP \
(RFC 8229), decrypts IKE and ESP from UATs, key files and SK_d, and analyses IKE and CHILD \
SAs. Built for Wireshark ${WS_API_DIR}.")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "IKEv2 plugin maintainers <root@localhost>")
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)  # libwiresharkNN (>= x.y.z), libgcrypt20, ...

# The libwireshark package of this Wireshark (libwireshark16 for 4.0, 18 for 4.4, 19 for
# 4.6), capped below the next release: a plugin loads only into the major.minor it was
# built for.
get_target_property(_ws_configs epan IMPORTED_CONFIGURATIONS)  # Debian's: NONE
list(GET _ws_configs 0 _ws_config)
get_target_property(_ws_lib epan IMPORTED_LOCATION_${_ws_config})
get_filename_component(_ws_lib "${_ws_lib}" REALPATH)
execute_process(COMMAND dpkg-query -S "${_ws_lib}" OUTPUT_VARIABLE _ws_owner
                OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
string(REGEX REPLACE ":.*" "" _ws_pkg "${_ws_owner}")
if(_ws_pkg)
  math(EXPR _ws_next_minor "${Wireshark_MINOR_VERSION} + 1")
  set(CPACK_DEBIAN_PACKAGE_DEPENDS
      "${_ws_pkg} (>= ${WS_API_DIR}.0), ${_ws_pkg} (<< ${Wireshark_MAJOR_VERSION}.${_ws_next_minor}~)")
else()
  message(STATUS "libwireshark is not from a Debian package: the .deb will not name it")
endif()
set(CPACK_DEBIAN_PACKAGE_ENHANCES "wireshark, tshark")
include(CPack)
