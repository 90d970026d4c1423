#!/usr/bin/env bash
# Trace on a plant-sized history: generates a month of production (default 350,000 products,
# each with a module and a cell inside: ~1.05M units, ~20 bindings per product) into a fresh
# database with the generator in simulators, starts mes-core on it, and times the real HTTP API:
# backward trace (GET /api/units/{serial}/genealogy) on random products and forward trace
# (GET /api/trace/where-used) from a supplier lot whose reach is about 10,000 units.
# Usage: [DB=name] [CORE_JAR=jar] bench/trace.sh [products] [samples]   Needs PostgreSQL at 127.0.0.1:5432 (trust).
# Keep the database with KEEP_DB=1; then bench/trace-answers.sh times common factors and both
# traces on it with an API token (HTTP Basic here costs a bcrypt check, ~70 ms, per request).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
products="${1:-350000}"
samples="${2:-200}"
local_database "${DB:-unitrace_bench_trace}"
core_port_and_password 18090   # PORT= when two benchmarks run side by side

[ -f "$core_jar" ] && [ -f "$sim_jar" ] || ./mvnw -B -q -DskipTests package
psql -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"

echo "starting mes-core on $db (migrations)"
trap 'kill ${core:-} 2>/dev/null || true; [ "${KEEP_DB:-0}" = 1 ] || psql -c "DROP DATABASE IF EXISTS $db"' EXIT
start_core --wait=120 --log=target/bench-trace-core.log "$core_jar" "$url" target/bench-trace

echo "generating $products products"
start=$(date +%s)
java -Xmx1g -cp "$sim_jar" -Dloader.main=org.unitrace.sim.history.GenerateHistory \
  org.springframework.boot.loader.launch.PropertiesLauncher "$url" "$products" 2>&1 | grep -v DEBUG | tail -3
echo "generation took $(( $(date +%s) - start )) s"
psql -d $db -c "SELECT 'database size: ' || pg_size_pretty(pg_database_size(current_database()))"
psql -d $db -c "SELECT 'units: ' || count(*) FROM unit" -c "SELECT 'bindings: ' || count(*) FROM unit_component"

A="admin:$pw"
time_ms() { curl -s -o /dev/null -w '%{time_total}\n' -u "$A" "$1" | awk '{printf "%.1f\n", $1*1000}'; }

tops=$(psql -d $db -c "SELECT serial FROM unit u WHERE NOT EXISTS (SELECT 1 FROM unit_component c WHERE c.component_serial = u.serial) ORDER BY random() LIMIT $samples")
for s in $(echo "$tops" | head -10); do time_ms "localhost:$port/api/units/$s/genealogy" >/dev/null; done
echo -n "backward trace (genealogy of a product, 3 levels): "
for s in $tops; do time_ms "localhost:$port/api/units/$s/genealogy"; done | pct

# the lot whose bindings come closest to ~3,300 cells (each cell sits in a module in a product)
read -r part lot n <<<"$(psql -d $db -F ' ' -c "SELECT part_number, lot, count(*) FROM unit_component WHERE lot IS NOT NULL GROUP BY 1,2 ORDER BY abs(count(*) - 3300) LIMIT 1")"
q="localhost:$port/api/trace/where-used?partNumber=$part&lot=$lot&limit=10000"
reach=$(curl -s -u "$A" "$q" | grep -o '"unitCount":[0-9]*' | head -1)
echo "forward trace from lot $part/$lot ($n bindings, $reach):"
for _ in $(seq 1 5); do time_ms "$q" >/dev/null; done
for _ in $(seq 1 50); do time_ms "$q"; done | pct
