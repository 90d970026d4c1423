#!/usr/bin/env bash
# Sustained ingestion: events/s from real MQTT publishers through the broker and mes-core into
# PostgreSQL. Uses the PostgreSQL and Mosquitto that .ci/run sets up (or UNITRACE_DB_URL's server
# and UNITRACE_MQTT_URL), a fresh database, and a packaged mes-core.
#   bash bench/ingest.sh [events] [agents]
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/version.sh
events=${1:-200000}
agents=${2:-4}
admin=${UNITRACE_DB_URL:-jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres}
broker=${UNITRACE_MQTT_URL:-tcp://127.0.0.1:1884}
db=unitrace_bench_$(date +%s)
psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $db"
url="${admin%/*}/$db?user=postgres"

[ -f "mes-core/target/mes-core-$version.jar" ] || ./mvnw -B -q -DskipTests install
java -Xmx1g -jar "mes-core/target/mes-core-$version.jar" --server.port=0 \
  --unitrace.db.url="$url" --unitrace.mqtt.url="$broker" \
  --unitrace.mqtt.client-id="bench-core-$db" --unitrace.mqtt.share-group="$db" \
  --unitrace.mqtt.session-expiry=PT1M ${CORE_ARGS:-} > "target/bench-core.log" 2>&1 &
core=$!
trap 'kill $core 2>/dev/null; psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)"' EXIT
until grep -q "MQTT ingestion connected" target/bench-core.log; do
  kill -0 $core 2>/dev/null || { cat target/bench-core.log; exit 1; }
  sleep 0.5
done

cp=$(./mvnw -B -q -pl simulators dependency:build-classpath -Dmdep.outputFile=/dev/stdout)
java -cp "simulators/target/classes:$cp" org.unitrace.sim.load.IngestLoad "$broker" "$url" "$events" "$agents"
psql -h 127.0.0.1 -U postgres -d "$db" -Atc \
  "SELECT 'database size: ' || pg_size_pretty(pg_database_size(current_database())) || ', ledger rows: ' || count(*) FROM event"
