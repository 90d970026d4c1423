#!/usr/bin/env bash
# Gives one production line's edge agent its broker user: edge-{site}-{line}, allowed to publish
# only under unitrace/v1/{site}/{line}/# and to read only unitrace/command/v1/{site}/{line}/#.
#
#   sudo ./add-agent.sh <site> <line> [password]
#   sudo ./add-agent.sh --cert-only <site> <line>
#
# Without a password, one is generated and printed once. Run again for an agent that exists to
# give it a new password. --cert-only writes only the acl block, for an agent that logs in with
# a client certificate (CN=edge-{site}-{line}) on the TLS listener.
# The files are in $UNITRACE_BROKER_DIR (default /etc/mosquitto/unitrace).
set -euo pipefail
# shellcheck source=broker-users.sh
source "$(dirname "$0")/broker-users.sh"

usage() {
  fail "usage: $0 [--cert-only] <site> <line> [password]"
}

cert_only=false
if [ "${1:-}" = "--cert-only" ]; then
  cert_only=true
  shift
fi
[ $# -eq 2 ] || [ $# -eq 3 ] || usage
site="$1"
line="$2"
password="${3:-}"
require_code site "$site"
require_code line "$line"
if $cert_only && [ -n "$password" ]; then
  fail "--cert-only takes no password: the certificate is the agent's proof"
fi

user="edge-$site-$line"
topics="topic write unitrace/v1/$site/$line/#
topic read unitrace/command/v1/$site/$line/#"

ensure_files
if has_acl_block "$user"; then
  # the same user name for another site/line split (edge-A-B-C) is refused here
  require_same_acl_block "$user" "$topics"
  echo "$user is already in $ACL_FILE with these rights."
else
  append_acl_block "$user" "edge agent of line $site/$line" "$topics"
  echo "Added $user to $ACL_FILE: publishes under unitrace/v1/$site/$line/#, reads unitrace/command/v1/$site/$line/#."
fi

if $cert_only; then
  echo "It logs in with a client certificate whose Common Name is CN=$user (TLS listener)."
else
  generated=false
  if [ -z "$password" ]; then
    password="$(new_password)"
    generated=true
  fi
  set_password "$PASSWD_FILE" "$user" "$password"
  echo "Password of $user set in $PASSWD_FILE."
  if $generated; then
    echo "Its password, shown only this once (put it in the agent's configuration):"
    echo "  $password"
  fi
fi
print_reload_hint
