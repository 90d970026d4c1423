#!/usr/bin/env bash
# A year of a 20-line plant: generates 12 months of production up to today (monthly station_event
# partitions, runs and shifts, station results with 1% NOK, rework, supplier lots and loads) with
# the generator in simulators, builds the dashboards' hourly rollup over all of it, then times the
# real HTTP API with an API token (SHA-256, no bcrypt per request):
#   production dashboard and a line's series for 8 hours, 24 hours, 7 and 30 days; the last 20
#   NOKs (8 hours and 30 days); the unit page (GET /api/units/{serial}, its timeline) of random
#   products; recall creation from a lot reaching about 10,000 units (each call a different lot);
#   the EPCIS export of one unit (GET /api/units/{serial}/epcis). Each recall is closed after it is
#   timed (its holds released), so REUSE_DB runs hold the same units again.
# Usage: [DB=name] [KEEP_DB=1] [REUSE_DB=1] bench/year.sh [products] [lines] [days] [samples]
#   defaults 1000000 products (3M units, ~20M bindings), 20 lines, 365 days, 20 samples.
#   REUSE_DB=1 times again on a database a KEEP_DB=1 run kept (no generation, no rollup).
#   A small proof that it works: bench/year.sh 20000 4 60 5
# Needs PostgreSQL at 127.0.0.1:5432 (trust), curl and python3. Run it on an idle machine: the
# generation is CPU-bound (about 50k rows/s) and the figures mean nothing under other load.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
products="${1:-1000000}"
lines="${2:-20}"
days="${3:-365}"
samples="${4:-20}"
local_database "${DB:-unitrace_bench_year}"
core_port_and_password 18092   # PORT= when two benchmarks run side by side
mkdir -p target

[ -f "$core_jar" ] && [ -f "$sim_jar" ] || ./mvnw -B -q -DskipTests package
core=
# mes-core with a fresh admin (a kept database keeps the admin of its first start)
year_core() { forget_admin; start_core --log=target/bench-year-core.log "$core_jar" "$url" target/bench-year; }
trap 'stop_core; [ "${KEEP_DB:-0}" = 1 ] || psql -c "DROP DATABASE IF EXISTS $db"' EXIT

if [ "${REUSE_DB:-0}" != 1 ]; then
  psql -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
  echo "migrating $db (mes-core start)"
  year_core
  stop_core
  from=$(date -u -d "-$days days" +%F)
  echo "generating $products products on $lines lines over $days days from $from"
  t=$(date +%s)
  java -Xmx2g -cp "$sim_jar" -Dloader.main=org.unitrace.sim.history.GenerateHistory \
    org.springframework.boot.loader.launch.PropertiesLauncher "$url" "$products" 500 "$lines" \
    --days="$days" --start="$from" 2>&1 | grep -v DEBUG | tail -2
  echo "generation took $(( $(date +%s) - t )) s"
  # the generator writes station_event directly (no event rows for HourlyRollup to find): mark
  # every hour dirty, as V12 did for the history it found, and roll it all up at once
  t=$(date +%s)
  psql -d "$db" -c "INSERT INTO station_hourly_dirty (site, line, station, hour)
    SELECT DISTINCT site, line, station, date_bin('1 hour', time, TIMESTAMPTZ '2000-01-01 00:00:00+00')
      FROM station_event ON CONFLICT DO NOTHING"
  sed 's/:limit/100000000/' mes-core/src/main/resources/org/unitrace/core/dashboard/sql/hourly-rollup-recompute.sql \
    | psql -d "$db" >/dev/null
  echo "hourly rollup of the whole history took $(( $(date +%s) - t )) s"
  psql -d "$db" -c "VACUUM (ANALYZE)"
fi
psql -d "$db" -c "SELECT 'database ' || pg_size_pretty(pg_database_size(current_database()))
  || ', units ' || (SELECT count(*) FROM unit) || ', bindings ' || (SELECT count(*) FROM unit_component)
  || ', station events ' || (SELECT count(*) FROM station_event)
  || ', partitions ' || (SELECT count(*) FROM pg_inherits WHERE inhparent = 'station_event'::regclass)
  || ', rollup hours ' || (SELECT count(*) FROM station_hourly)"

year_core
token=$(api_token quality)
H="Authorization: Bearer $token"
api=localhost:$port/api
ms() { awk '{printf "%.1f\n", $1*1000}'; }
get_ms() { curl -s -o target/bench-year-answer -w '%{http_code} %{time_total}\n' -H "$H" "$1" \
  | awk '$1 >= 400 {print "HTTP " $1 > "/dev/stderr"} {print $2}' | ms; }
# times GET $2 $samples times after 2 warm-up calls
timed() { echo -n "$1: "; for _ in 1 2; do get_ms "$2" >/dev/null; done
  for _ in $(seq 1 "$samples"); do get_ms "$2"; done | pct; }
iso() { date -u -d "$1" +%Y-%m-%dT%H:%M:%SZ; }
now=$(iso now)
first_line=$(psql -d "$db" -c "SELECT code FROM line ORDER BY code LIMIT 1")

for span in '8 hours' '24 hours' '7 days' '30 days'; do
  from=$(iso "-$span")
  timed "production dashboard, all lines, $span" "$api/dashboard/production?from=$from&to=$now"
  timed "series of line $first_line, $span" "$api/dashboard/lines/AKL/$first_line/series?from=$from&to=$now"
done
for span in '8 hours' '30 days'; do
  timed "last 20 NOKs, all lines, $span" "$api/dashboard/nok?from=$(iso "-$span")&to=$now&limit=20"
done

tops=$(psql -d "$db" -c "SELECT serial FROM unit TABLESAMPLE SYSTEM (1) WHERE part_number = 'CTRL-900' LIMIT $samples")
for s in $(echo "$tops" | head -2); do get_ms "$api/units/$s" >/dev/null; get_ms "$api/units/$s/epcis" >/dev/null; done
echo -n "unit page with its timeline (GET /api/units/{serial}), random products: "
for s in $tops; do get_ms "$api/units/$s"; done | pct
echo -n "EPCIS export of one unit (GET /api/units/{serial}/epcis), random products: "
for s in $tops; do get_ms "$api/units/$s/epcis"; done | pct

# lots whose bindings come closest to ~3,300 cells (each cell sits in a module in a product)
echo -n "recall creation (POST /api/recalls, hold) from a lot reaching ~10,000 units, one lot each: "
psql -d "$db" -F ' ' -c "SELECT part_number, lot FROM unit_component WHERE lot IS NOT NULL
  GROUP BY 1, 2 ORDER BY abs(count(*) - 3300) LIMIT 5" | while read -r part lot; do
  body=$(python3 -c 'import json,sys; print(json.dumps({"title": "bench " + sys.argv[2], "reason": "bench",
    "query": {"partNumber": sys.argv[1], "lot": sys.argv[2]}}))' "$part" "$lot")
  curl -s -o target/bench-year-recall.json -w '%{time_total}\n' -H "$H" -H 'Content-Type: application/json' \
    -d "$body" "$api/recalls" | ms
  python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print("  %s units, %s top-level, %s held" % (r.get("componentCount", 0) + r.get("unitCount", 0), r.get("unitCount"), r.get("onHold")) if "unitCount" in r else r, file=sys.stderr)' target/bench-year-recall.json
  # closed again (its holds released), so that the next run on a kept database holds the same units
  id=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["recall"]["id"])' target/bench-year-recall.json)
  curl -s -o /dev/null -w '  closing it (releasing its holds) took %{time_total} s\n' -H "$H" \
    -H 'Content-Type: application/json' -d '{"reason":"bench run over"}' "$api/recalls/$id/close" >&2
done | pct
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
