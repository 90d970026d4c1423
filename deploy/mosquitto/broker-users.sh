# Shared by add-core.sh and add-agent.sh (sourced, not run): where the broker's user files are,
# and how a user is written to them.
#
# UNITRACE_BROKER_DIR   folder of the passwd, core-passwd and acl files named in unitrace.conf
#                       (default /etc/mosquitto/unitrace)

BROKER_DIR="${UNITRACE_BROKER_DIR:-/etc/mosquitto/unitrace}"
# The edge agents' listener reads passwd, the mes-core listener core-passwd: each user is in one.
PASSWD_FILE="$BROKER_DIR/passwd"
CORE_PASSWD_FILE="$BROKER_DIR/core-passwd"
ACL_FILE="$BROKER_DIR/acl"
TEMPLATE_ACL="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/acl"
# Site, line and user codes: what the Unitrace topics allow in one level (Topics.CODE).
CODE_PATTERN='^[A-Za-z0-9_.-]{1,32}$'

fail() {
  echo "$(basename "$0"): $*" >&2
  exit 1
}

require_code() { # what, value
  [[ "$2" =~ $CODE_PATTERN ]] || fail "$1 '$2' must be 1 to 32 of A-Z a-z 0-9 _ . -"
}

# Makes the folder and the acl file (from the template next to this script) when missing.
ensure_files() {
  command -v mosquitto_passwd >/dev/null 2>&1 ||
    fail "mosquitto_passwd not found: install Mosquitto first (e.g. apt-get install mosquitto)"
  if [ ! -d "$BROKER_DIR" ]; then
    mkdir -p "$BROKER_DIR"
    chmod 750 "$BROKER_DIR"
    share_with_broker "$BROKER_DIR"
  fi
  if [ ! -f "$ACL_FILE" ]; then
    cp "$TEMPLATE_ACL" "$ACL_FILE"
    chmod 640 "$ACL_FILE"
    share_with_broker "$ACL_FILE"
  fi
}

# The broker runs as user mosquitto and reads these files after dropping root.
share_with_broker() { # file...
  if [ "$(id -u)" = 0 ] && getent group mosquitto >/dev/null 2>&1; then
    chgrp mosquitto "$@"
  fi
}

new_password() {
  head -c 18 /dev/urandom | base64 | tr '+/' '-_'
}

set_password() { # password file, user, password
  if [ -f "$1" ]; then
    mosquitto_passwd -b "$1" "$2" "$3"
  else
    mosquitto_passwd -c -b "$1" "$2" "$3"
  fi
  chmod 640 "$1"
  share_with_broker "$1"
}

# Removes the user from the password file, if there. Returns 1 when it was not in it.
remove_password() { # password file, user
  [ -f "$1" ] && grep -q "^$2:" "$1" || return 1
  mosquitto_passwd -D "$1" "$2"
}

# The "topic" lines of a user's block in the acl file, empty when the user has none.
acl_topics_of() { # user
  awk -v user="$1" '
    $1 == "user" { inside = ($2 == user) ; next }
    inside && $1 == "topic" { print }
  ' "$ACL_FILE"
}

has_acl_block() { # user
  grep -qxF "user $1" "$ACL_FILE"
}

# Fails unless the user's block in the acl file grants exactly these topic lines.
require_same_acl_block() { # user, topic lines (newline separated)
  [ "$(acl_topics_of "$1")" = "$2" ] ||
    fail "$ACL_FILE already has a different block for user $1:
$(acl_topics_of "$1")
Remove it first (see the top of the acl file) if this user is to change its rights."
}

append_acl_block() { # user, comment, topic lines (newline separated)
  {
    echo "# $2 (added $(date +%Y-%m-%d))"
    echo "user $1"
    echo "$3"
    echo
  } >>"$ACL_FILE"
  chmod 640 "$ACL_FILE"
  share_with_broker "$ACL_FILE"
}

print_reload_hint() {
  echo "Reload the broker so it reads the change: sudo systemctl reload mosquitto"
}
