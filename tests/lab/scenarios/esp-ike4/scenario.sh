# esp-ike4: the esp-aescbc-sha256 scenario (plain ESP from the kernel XFRM of a User-Mode
# Linux guest) run again, kept for the logs charon writes at "ike 4" alone
# (keys/charon-X-ike4.log); configuration and steps are those of ../esp-aescbc-sha256.
. "$LAB/scenarios/esp-aescbc-sha256/scenario.sh"
