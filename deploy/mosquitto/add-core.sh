#!/usr/bin/env bash
# Gives mes-core its broker user (default mes-core): may read every event, unitrace/v1/#, and
# send commands to every line, unitrace/command/v1/#.
#
#   sudo ./add-core.sh [--user NAME] [password]
#
# Without a password, one is generated and printed once. Run again to set a new password. The
# password goes to core-passwd, which only the mes-core listener reads (unitrace.conf): there the
# client id is the one mes-core sends, so that a live instance can adopt a dead one's session, and
# no edge agent can log in. Give each instance a user of its own (--user mes-core-2), so that
# removing one instance's user shuts out that instance alone. A user that an older setup put in
# passwd (the agents' file) is moved. The files are in $UNITRACE_BROKER_DIR (default
# /etc/mosquitto/unitrace).
set -euo pipefail
# shellcheck source=broker-users.sh
source "$(dirname "$0")/broker-users.sh"

usage() {
  fail "usage: $0 [--user NAME] [password]"
}

user="mes-core"
if [ "${1:-}" = "--user" ]; then
  [ $# -ge 2 ] || usage
  user="$2"
  shift 2
fi
[ $# -le 1 ] || usage
password="${1:-}"
require_code user "$user"
case "$user" in
  edge-*) fail "user names edge-... are for edge agents (add-agent.sh)" ;;
esac

topics="topic read unitrace/v1/#
topic write unitrace/command/v1/#"

ensure_files
if has_acl_block "$user"; then
  require_same_acl_block "$user" "$topics"
  echo "$user is already in $ACL_FILE with these rights."
else
  append_acl_block "$user" "mes-core instance" "$topics"
  echo "Added $user to $ACL_FILE: reads unitrace/v1/#, writes unitrace/command/v1/#."
fi

generated=false
if [ -z "$password" ]; then
  password="$(new_password)"
  generated=true
fi
set_password "$CORE_PASSWD_FILE" "$user" "$password"
echo "Password of $user set in $CORE_PASSWD_FILE."
if remove_password "$PASSWD_FILE" "$user"; then
  echo "Removed $user from $PASSWD_FILE: mes-core logs in on the mes-core listener only."
fi
if $generated; then
  echo "Its password, shown only this once:"
  echo "  $password"
fi
echo "Give mes-core UNITRACE_MQTT_USERNAME=$user and UNITRACE_MQTT_PASSWORD=<the password>"
echo "(or unitrace.mqtt.username / unitrace.mqtt.password), and the URL of the mes-core listener"
echo "(e.g. UNITRACE_MQTT_URL=tcp://<broker>:1884)."
print_reload_hint
