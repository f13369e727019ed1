# ike4-rekey: the rekey scenario run again, kept for the logs charon writes at "ike 4" alone
# (keys/charon-X-ike4.log); configuration and steps are those of ../rekey.
. "$LAB/scenarios/rekey/scenario.sh"
