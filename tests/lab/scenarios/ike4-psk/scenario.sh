# ike4-psk: the psk-aescbc-sha256 scenario run again, kept for the logs charon writes at "ike 4" alone
# (keys/charon-X-ike4.log); configuration and steps are those of ../psk-aescbc-sha256.
. "$LAB/scenarios/psk-aescbc-sha256/scenario.sh"
