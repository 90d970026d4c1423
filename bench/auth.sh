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
db=unitrace_bench_auth_$(date +%s)
port=${PORT:-18093}   # PORT= when two benchmarks run side by side
pw=bench-$RANDOM$RANDOM
psql() { command psql -h 127.0.0.1 -U postgres "$@"; }
psql -qc "CREATE DATABASE $db"
trap '[ -n "${core:-}" ] && kill $core 2>/dev/null; wait 2>/dev/null; psql -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)"' EXIT
mkdir -p target
[ -f "$core_jar" ] || ./mvnw -B -q -DskipTests install

start_core() {
  UNITRACE_DB_URL="jdbc:postgresql://127.0.0.1:5432/$db?user=postgres" UNITRACE_ADMIN_PASSWORD="$pw" \
    java -Xmx512m -jar "$core_jar" --server.port=$port --unitrace.mqtt.enabled=false \
    --unitrace.data-dir=target/bench-auth "$@" > target/bench-auth-core.log 2>&1 &
  core=$!
  for _ in $(seq 1 180); do curl -sf localhost:$port/actuator/health >/dev/null && return; sleep 1; done
  echo "mes-core did not start"; exit 1
}
stop_core() { kill $core; wait $core 2>/dev/null || true; core=; }
# p50, p99 and max of n timed calls of the same request
timed() {
  for _ in $(seq 1 10); do curl -s -o /dev/null "$@"; done
  for _ in $(seq 1 "$n"); do curl -s -o /dev/null -w '%{time_total}\n' "$@"; done |
    awk '{print $1*1000}' | sort -n |
    awk '{a[NR]=$1} END {printf "p50 %.1f ms, p99 %.1f ms, max %.1f ms (n=%d)\n", a[int(NR*0.5)], a[int(NR*0.99)], a[NR], NR}'
}

start_core
token=$(curl -sf -u "admin:$pw" -H 'Content-Type: application/json' \
  -d '{"name":"bench-auth","roles":["production","quality"],"validity":"P1D"}' \
  localhost:$port/api/admin/tokens | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
serial=AUTH-$RANDOM
curl -sf -H "Authorization: Bearer $token" -H 'Content-Type: application/json' localhost:$port/api/events \
  -d '[{"eventId":"'"$(cat /proc/sys/kernel/random/uuid)"'","schemaVersion":1,"occurredAt":"2026-12-01T08:00:00Z","site":"AKL","line":"L1","station":"MARK","agentId":"bench-auth","seq":0,"type":"UnitSerialized","payload":{"serial":"'$serial'","partNumber":"CTRL-900","revision":"A","runId":"R1"}}]' >/dev/null
url=localhost:$port/api/units/$serial
echo "API token:                      $(timed -H "Authorization: Bearer $token" "$url")"
echo "HTTP Basic, verified password remembered: $(timed -u "admin:$pw" "$url")"
stop_core
start_core --unitrace.security.password-cache.enabled=false
echo "HTTP Basic, bcrypt every request:        $(timed -u "admin:$pw" "$url")"
