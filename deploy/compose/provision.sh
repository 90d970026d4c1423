#!/bin/sh
# The compose plant's one-shot provisioning (service provision): what the simulated line AKL/L1
# needs from mes-core before its edge agent starts, made through the real API as the admin.
#
#   - product CTRL-900 revision B, which the marking station serializes its units as (put with a
#     production-role API token the admin makes for it, good for ten minutes, revoked after);
#   - an edge API token for AKL/L1 (serial blocks come from the core's HTTP API with it), written
#     to $TOKEN_FILE (mode 600, in the agent's data volume), kept while the core still accepts it.
#
# Runs in unitrace/base-jre (sh, curl) as the agent's user; the admin password is the compose
# secret admin_password. Waits for the core (through the proxy) up to five minutes.
set -eu
core=${CORE_URL:-http://proxy:8080}
token_file=${TOKEN_FILE:-/var/lib/unitrace/edge-token}
admin="admin:$(cat /run/secrets/admin_password)"

tries=0
until curl -fsS -o /dev/null "$core/actuator/health"; do
  tries=$((tries + 1))
  [ "$tries" -lt 150 ] || { echo "provision: $core/actuator/health not up after 5 min" >&2; exit 1; }
  sleep 2
done

# call METHOD PATH [JSON]: as the admin, or with the API token in $bearer if set; the answer's
# body on stdout; fails with the status and body otherwise.
bearer=
call() {
  if [ -n "$bearer" ]; then set -- "$@" -H "Authorization: Bearer $bearer"; else set -- "$@" -u "$admin"; fi
  method=$1 path=$2 data=${3:-}
  shift 3
  out=$(curl -sS "$@" -X "$method" -H 'Content-Type: application/json' ${data:+--data "$data"} \
    -w '\n%{http_code}' "$core$path") || { echo "provision: $method $path: no answer" >&2; exit 1; }
  code=${out##*
}
  body=${out%
*}
  case "$code" in
    2??) printf '%s' "$body" ;;
    *) echo "provision: $method $path answered $code: $body" >&2; exit 1 ;;
  esac
}

# field: the value of a string field of the JSON on stdin (the API's answers are flat enough)
field() { sed -n "s/.*\"$1\" *: *\"\([^\"]*\)\".*/\1/p"; }

answer=$(call POST /api/admin/tokens \
  "{\"name\":\"compose-provision-$(date +%s)\",\"roles\":[\"production\"],\"validity\":\"PT10M\"}")
production_id=$(printf '%s' "$answer" | field id)
bearer=$(printf '%s' "$answer" | field token)
call PUT /api/products/CTRL-900/revisions/B \
  '{"description":"controller rev B (compose line AKL/L1)","bom":[]}' >/dev/null
bearer=
call POST "/api/admin/tokens/$production_id/revoke" "" >/dev/null
echo "provision: product CTRL-900 rev B"

if [ -s "$token_file" ] &&
  curl -fsS -o /dev/null -H "Authorization: Bearer $(cat "$token_file")" "$core/api/me"; then
  echo "provision: the edge token of AKL/L1 in $token_file is still valid"
  exit 0
fi
answer=$(call POST /api/admin/tokens \
  "{\"name\":\"compose-edge-AKL-L1-$(date +%s)\",\"roles\":[\"edge\"],\"site\":\"AKL\",\"line\":\"L1\"}")
token=$(printf '%s' "$answer" | field token)
[ -n "$token" ] || { echo "provision: no token in the answer: $answer" >&2; exit 1; }
umask 077
printf '%s' "$token" >"$token_file.new"
mv "$token_file.new" "$token_file"
echo "provision: made an edge token for AKL/L1 in $token_file"
