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
# KEEP_DB=1 keeps the database for a look at the plans afterwards. WARMUP=<events> sends an
# untimed stream to the core first. CORE_JAVA_OPTS adds JVM options to the core (e.g. a profiler).
# PIN=1 splits the two CPUs of a 2-core machine between the sides: the publishers and a broker of
# the run's own (Mosquitto with deploy/mosquitto/test.conf on port PIN_MQTT_PORT, default 1894) on
# CPU 0, the consumer on CPU 1: the ceiling's plain subscriber, then the core and PostgreSQL (every
# process of the postgres user is pinned to CPU 1 for the run and unpinned after it).
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
producer=() consumer=() pinned_broker=
unpin() {
  [ -n "${PIN:-}" ] || return 0
  [ -n "$pinned_broker" ] && kill "$pinned_broker" 2>/dev/null
  for p in $(pgrep -u postgres); do taskset -pc "0-$(($(nproc) - 1))" "$p" >/dev/null 2>&1 || true; done
}
trap '[ ${#cores[@]} -gt 0 ] && kill "${cores[@]}" && { wait "${cores[@]}" || true; }; unpin; [ -n "${KEEP_DB:-}" ] && echo "kept database $db" || psql -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)"' EXIT
if [ -n "${PIN:-}" ]; then
  producer=(taskset -c 0) consumer=(taskset -c 1)
  mkdir -p target
  sed "s/^listener 1884 /listener ${PIN_MQTT_PORT:-1894} /" deploy/mosquitto/test.conf > target/bench-mosquitto.conf
  taskset -c 0 mosquitto -c target/bench-mosquitto.conf > target/bench-mosquitto.log 2>&1 &
  pinned_broker=$!
  broker=tcp://127.0.0.1:${PIN_MQTT_PORT:-1894}
  sleep 1
  kill -0 "$pinned_broker" || { cat target/bench-mosquitto.log; exit 1; }
  for p in $(pgrep -u postgres); do taskset -pc 1 "$p" >/dev/null; done
fi

mkdir -p target
[ -f "$core_jar" ] || ./mvnw -B -q -DskipTests install
cp=$(./mvnw -B -q -pl simulators dependency:build-classpath -Dmdep.outputFile=/dev/stdout)
# the load generator, on the producer's CPU when pinned
load() { "${producer[@]}" java -cp "simulators/target/classes:$cp" org.unitrace.sim.load.IngestLoad "$@"; }

# the broker alone first, while no core is subscribed
if [ -n "${PIN:-}" ]; then
  "${consumer[@]}" java -cp "simulators/target/classes:$cp" org.unitrace.sim.load.IngestLoad \
    receive "$broker" "$events" > target/bench-ceiling.log 2>&1 &
  receiver=$!
  until grep -q subscribed target/bench-ceiling.log; do kill -0 $receiver || { cat target/bench-ceiling.log; exit 1; }; sleep 0.2; done
  load publish "$broker" "$events" "$agents"
  wait $receiver
  ceiling=$(tee /dev/stderr < target/bench-ceiling.log | sed -n 's/.*: \([0-9]*\) events\/s$/\1/p')
else
  ceiling=$(load ceiling "$broker" "$events" "$agents" | tee /dev/stderr | sed -n 's/.*: \([0-9]*\) events\/s$/\1/p')
fi

jfr=
[ -n "${JFR:-}" ] && jfr="-XX:StartFlightRecording=filename=target/bench-core.jfr,settings=profile,dumponexit=true"
for i in $(seq 1 "${INSTANCES:-1}"); do
  log=target/bench-core$([ "$i" = 1 ] || echo "-$i").log
  "${consumer[@]}" java -Xmx1g $jfr ${CORE_JAVA_OPTS:-} -jar "$core_jar" --server.port=0 \
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

# a warm-up stream first, untimed, when asked (WARMUP=events): the JIT compiles the core's paths
# while it runs, as it has in a core that has been up for a while
if [ "${WARMUP:-0}" -gt 0 ]; then
  load "$broker" "$url" "$WARMUP" "$agents" | sed 's/^/warm-up: /'
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
