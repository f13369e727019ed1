# ike4-aes-gcm: the aes-gcm scenario run again, kept for the logs charon writes at "ike 4" alone
# (keys/charon-X-ike4.log); configuration and steps are those of ../aes-gcm.
. "$LAB/scenarios/aes-gcm/scenario.sh"
