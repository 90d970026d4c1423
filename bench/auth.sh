#!/usr/bin/env bash
# What a login costs per request: the same API call (one unit's record) timed with an API token,
# with HTTP Basic (bcrypt verified once, then remembered: unitrace.security.password-cache), and
# with HTTP Basic when every request verifies bcrypt (the cache off). A fresh database and a
# packaged mes-core with MQTT off; curl on loopback, one request at a time.
#   bash bench/auth.sh [requests=200]
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
n=${1:-200}
local_database unitrace_bench_auth_$(date +%s)
core_port_and_password 18093   # PORT= when two benchmarks run side by side
psql -qc "CREATE DATABASE $db"
trap 'stop_core; psql -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)"' EXIT
mkdir -p target
[ -f "$core_jar" ] || ./mvnw -B -q -DskipTests install

# mes-core on $db with a 512 MB heap, any arguments added to its options
auth_core() { start_core --heap=512m --log=target/bench-auth-core.log "$core_jar" "$url" target/bench-auth "$@"; }
# p50, p99 and max of n timed calls of the same request
timed() {
  for _ in $(seq 1 10); do curl -s -o /dev/null "$@"; done
  for _ in $(seq 1 "$n"); do curl -s -o /dev/null -w '%{time_total}\n' "$@"; done |
    awk '{print $1*1000}' | sort -n |
    awk '{a[NR]=$1} END {printf "p50 %.1f ms, p99 %.1f ms, max %.1f ms (n=%d)\n", a[int(NR*0.5)], a[int(NR*0.99)], a[NR], NR}'
}

auth_core
token=$(api_token production quality)
serial=AUTH-$RANDOM
curl -sf -H "Authorization: Bearer $token" -H 'Content-Type: application/json' localhost:$port/api/events \
  -d '[{"eventId":"'"$(cat /proc/sys/kernel/random/uuid)"'","schemaVersion":1,"occurredAt":"2026-12-01T08:00:00Z","site":"AKL","line":"L1","station":"MARK","agentId":"bench-auth","seq":0,"type":"UnitSerialized","payload":{"serial":"'$serial'","partNumber":"CTRL-900","revision":"A","runId":"R1"}}]' >/dev/null
unit=localhost:$port/api/units/$serial
echo "API token:                      $(timed -H "Authorization: Bearer $token" "$unit")"
echo "HTTP Basic, verified password remembered: $(timed -u "admin:$pw" "$unit")"
stop_core
auth_core --unitrace.security.password-cache.enabled=false
echo "HTTP Basic, bcrypt every request:        $(timed -u "admin:$pw" "$unit")"
