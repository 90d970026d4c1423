#!/usr/bin/env bash
# Gives mes-core its broker user (default mes-core): may read every event, unitrace/v1/#, and
# send commands to every line, unitrace/command/v1/#.
#
#   sudo ./add-core.sh [--user NAME] [password]
#
# Without a password, one is generated and printed once. Run again to set a new password. The
# broker uses the user name as MQTT client id, so each mes-core instance (each value of
# unitrace.mqtt.client-id) needs a user of its own: --user mes-core-2 for a second one.
# The files are in $UNITRACE_BROKER_DIR (default /etc/mosquitto/unitrace).
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
set_password "$user" "$password"
echo "Password of $user set in $PASSWD_FILE."
if $generated; then
  echo "Its password, shown only this once:"
  echo "  $password"
fi
echo "Give mes-core UNITRACE_MQTT_USERNAME=$user and UNITRACE_MQTT_PASSWORD=<the password>"
echo "(or unitrace.mqtt.username / unitrace.mqtt.password)."
print_reload_hint
