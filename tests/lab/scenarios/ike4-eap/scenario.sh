# ike4-eap: the eap scenario run again, kept for the logs charon writes at "ike 4" alone
# (keys/charon-X-ike4.log); configuration and steps are those of ../eap.
. "$LAB/scenarios/eap/scenario.sh"
