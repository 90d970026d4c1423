#!/usr/bin/env bash
# HTTP batch ingestion: events/s through POST /api/events into PostgreSQL, from `clients` clients
# posting batches of `batch` events one request at a time each, with an API token. Uses the
# PostgreSQL that .ci/run sets up (or UNITRACE_DB_URL's server), a fresh database, and a packaged
# mes-core with MQTT off (CORE_JAR names another build's jar, e.g. a copy of an older one). CORE_ARGS
# adds mes-core options.
#   bash bench/ingest-http.sh [events=200000] [clients=2] [batch=1000]
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
events=${1:-200000}
clients=${2:-2}
batch=${3:-1000}
fresh_database unitrace_bench_http_$(date +%s)
port=${PORT:-18092}   # PORT= when two benchmarks run side by side
pw=bench-$RANDOM$RANDOM
trap '[ -n "${core:-}" ] && kill $core && wait $core; psql -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)"' EXIT

mkdir -p target
[ -f "$core_jar" ] || ./mvnw -B -q -DskipTests install
UNITRACE_DB_URL="$url" UNITRACE_ADMIN_PASSWORD="$pw" java -Xmx1g \
  -jar "$core_jar" --server.port=$port \
  --unitrace.mqtt.enabled=false --unitrace.data-dir=target/bench-http ${CORE_ARGS:-} \
  > target/bench-http-core.log 2>&1 &
core=$!
for _ in $(seq 1 180); do curl -sf localhost:$port/actuator/health >/dev/null && break; sleep 1; done
token=$(curl -sf -u "admin:$pw" -H 'Content-Type: application/json' \
  -d '{"name":"bench-http","roles":["production"],"validity":"P1D"}' \
  localhost:$port/api/admin/tokens | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')

cp=$(./mvnw -B -q -pl simulators dependency:build-classpath -Dmdep.outputFile=/dev/stdout)
java -Xmx1g -cp "simulators/target/classes:$cp" org.unitrace.sim.load.IngestHttpLoad \
  "http://localhost:$port" "$token" "$events" "$clients" "$batch"
psql -d "$db" -Atc "SELECT 'ledger rows: ' || count(*) FROM event"
