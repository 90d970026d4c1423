#!/usr/bin/env bash
# Sustained ingestion: events/s from real MQTT publishers through the broker and mes-core into
# PostgreSQL, beside the broker's own ceiling on the same event mix and broker configuration (the
# same publishers and one plain Paho v5 subscriber that only counts), and their ratio. Uses the
# PostgreSQL and Mosquitto that .ci/run sets up (or UNITRACE_DB_URL's server and UNITRACE_MQTT_URL),
# a fresh database, and a packaged mes-core (CORE_JAR names another build's jar). CORE_ARGS adds
# mes-core options (e.g. --unitrace.mqtt.clients=2); JFR=1 records a flight recording of the core
# to target/bench-core.jfr. On a PostgreSQL server that preloads pg_stat_statements it also prints
# the database's time per statement. PG_OPTIONS sets server options for the core's connections
# (e.g. PG_OPTIONS=-c%20plan_cache_mode%3Dforce_custom_plan). INSTANCES=2 runs two cores on the
# same database and shared subscription, each with its own client id, as a plant runs them.
# KEEP_DB=1 keeps the database for a look at the plans afterwards.
#   bash bench/ingest.sh [events] [agents]
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
events=${1:-200000}
agents=${2:-4}
broker=${UNITRACE_MQTT_URL:-tcp://127.0.0.1:1884}
fresh_database unitrace_bench_$(date +%s)
url="$url${PG_OPTIONS:+&options=$PG_OPTIONS}"
cores=()
trap '[ ${#cores[@]} -gt 0 ] && kill "${cores[@]}" && { wait "${cores[@]}" || true; }; [ -n "${KEEP_DB:-}" ] && echo "kept database $db" || psql -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)"' EXIT

mkdir -p target
[ -f "$core_jar" ] || ./mvnw -B -q -DskipTests install
cp=$(./mvnw -B -q -pl simulators dependency:build-classpath -Dmdep.outputFile=/dev/stdout)
load() { java -cp "simulators/target/classes:$cp" org.unitrace.sim.load.IngestLoad "$@"; }

# the broker alone first, while no core is subscribed
ceiling=$(load ceiling "$broker" "$events" "$agents" | tee /dev/stderr | sed -n 's/.*: \([0-9]*\) events\/s$/\1/p')

jfr=
[ -n "${JFR:-}" ] && jfr="-XX:StartFlightRecording=filename=target/bench-core.jfr,settings=profile,dumponexit=true"
for i in $(seq 1 "${INSTANCES:-1}"); do
  log=target/bench-core$([ "$i" = 1 ] || echo "-$i").log
  java -Xmx1g $jfr -jar "$core_jar" --server.port=0 \
    --unitrace.db.url="$url" --unitrace.mqtt.url="$broker" \
    --unitrace.mqtt.client-id="bench-core-$i-$db" --unitrace.mqtt.share-group="$db" \
    --unitrace.mqtt.session-expiry=PT1M ${CORE_ARGS:-} > "$log" 2>&1 &
  cores+=($!)
  until grep -q "MQTT session .* connected to" "$log"; do
    kill -0 "${cores[-1]}" 2>/dev/null || { cat "$log"; exit 1; }
    sleep 0.5
  done
  jfr= # one recording: the first core's
done

# where the database's time goes, per statement, when the server preloads pg_stat_statements
stats=
if psql -d "$db" -Atc "SHOW shared_preload_libraries" | grep -q pg_stat_statements; then
  stats=1
  psql -d "$db" -qc "CREATE EXTENSION IF NOT EXISTS pg_stat_statements"
  psql -d "$db" -qAtc "SELECT pg_stat_statements_reset()" >/dev/null
fi

core_rate=$(load "$broker" "$url" "$events" "$agents" | tee /dev/stderr | sed -n 's/.*: \([0-9]*\) events\/s sustained$/\1/p')
echo "core sustained $core_rate events/s = $((100 * core_rate / ceiling)) % of the broker ceiling ($ceiling events/s)"
psql -d "$db" -Atc \
  "SELECT 'database size: ' || pg_size_pretty(pg_database_size(current_database())) || ', ledger rows: ' || count(*) FROM event"
if [ -n "$stats" ]; then
  echo "database time per statement (pg_stat_statements, this database, share of the total):"
  psql -d "$db" -c "
    SELECT round((100 * total_exec_time / sum(total_exec_time) OVER ())::numeric, 1) AS pct,
           round(total_exec_time::numeric, 0) AS total_ms, calls,
           round(mean_exec_time::numeric, 2) AS mean_ms,
           left(regexp_replace(query, '\s+', ' ', 'g'), 90) AS statement
      FROM pg_stat_statements
     WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
     ORDER BY total_exec_time DESC LIMIT 25"
fi
