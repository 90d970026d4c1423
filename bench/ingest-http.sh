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
core_port_and_password 18092   # PORT= when two benchmarks run side by side
trap 'stop_core; psql -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)"' EXIT

mkdir -p target
[ -f "$core_jar" ] || ./mvnw -B -q -DskipTests install
start_core --log=target/bench-http-core.log "$core_jar" "$url" target/bench-http ${CORE_ARGS:-}
token=$(api_token production)

cp=$(./mvnw -B -q -pl simulators dependency:build-classpath -Dmdep.outputFile=/dev/stdout)
java -Xmx1g -cp "simulators/target/classes:$cp" org.unitrace.sim.load.IngestHttpLoad \
  "http://localhost:$port" "$token" "$events" "$clients" "$batch"
psql -d "$db" -Atc "SELECT 'ledger rows: ' || count(*) FROM event"
