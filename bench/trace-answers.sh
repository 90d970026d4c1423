#!/usr/bin/env bash
# The quality engineer's questions on the 1M-unit history that `KEEP_DB=1 bench/trace.sh` keeps
# (database unitrace_bench_trace), through the real HTTP API with an API token (SHA-256, no
# bcrypt per request), the backward trace also with HTTP Basic, next to the floor of a request that
# does nothing (GET /actuator/health, no login; GET /api/me, token): common factors of 3 random products and of 3 returns from the faulty lot
# (POST /api/analysis/common-factors), the forward trace from the lot whose reach is closest to
# 10,000 units (GET /api/trace/where-used, limit 10,000) and the backward trace of random products.
# Usage: bench/trace-answers.sh [mes-core jar] [rounds of common factors, 0 for none]
#   e.g. bench/trace-answers.sh /tmp/before/mes-core.jar 3 to time an older build on
#   the same data (copy the jar first: a build replacing it under a running core breaks that core). Needs curl, python3 and PostgreSQL at 127.0.0.1:5432 (trust).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
jar="${1:-$core_jar}"
rounds="${2:-10}"
local_database "${DB:-unitrace_bench_trace}"
core_port_and_password 18091   # PORT= when two benchmarks run side by side
psql -d $db -c "SELECT 1" >/dev/null || { echo "no $db: run KEEP_DB=1 bench/trace.sh first"; exit 1; }
# the generator only ANALYZEs; autovacuum would set the visibility map later: do it now, so every
# build is timed on the same state
psql -d $db -c "VACUUM (ANALYZE) unit, unit_component, station_event, supplier_lot, material_load, production_run"

# a fresh admin password for this run (the database keeps the admin of the first start)
forget_admin
echo "starting $jar on $db"
trap 'kill ${core:-} 2>/dev/null || true' EXIT
start_core "$jar" "$url" target/bench-answers
token=$(api_token quality)
H="Authorization: Bearer $token"
ms() { awk '{printf "%.1f\n", $1*1000}'; }
get_ms() { curl -s -o /dev/null -w '%{time_total}\n' -H "$H" "$1" | ms; }
basic_ms() { curl -s -o /dev/null -w '%{time_total}\n' -u "admin:$pw" "$1" | ms; }
plain_ms() { curl -s -o /dev/null -w '%{time_total}\n' "$1" | ms; }
# many URLs through one curl, on one kept-alive connection (as an integration's HTTP client calls):
# each line is one request's time, without a new connection's set-up
kept_ms() { local login=("$1"); shift; curl -s -w '%{time_total}\n' "${login[@]}" \
  $(printf -- '-o /dev/null %s ' "$@") | ms; }
post_ms() { curl -s -o "$2" -w '%{time_total}\n' -H "$H" -H 'Content-Type: application/json' -d "$1" \
  localhost:$port/api/analysis/common-factors | ms; }
first() { python3 -c 'import json,sys; a=json.load(open(sys.argv[1])); f=a.get("factors") or [{}]; f=f[0]
print("%d factors, first %s %s (%s units%s)" % (a.get("factorCount",0), f.get("kind"), f.get("description"), f.get("unitCount"), ", lower bound" if f.get("unitCountIsLowerBound") else "") if "factors" in a else a)' "$1"; }

faulty=$(psql -d $db -c "SELECT c.unit_serial FROM unit_component c WHERE c.lot LIKE '%-ACM-L1X01' LIMIT 1")
faulty_tops=$(psql -d $db -c "SELECT t.unit_serial FROM unit_component m JOIN unit_component t ON t.component_serial = m.unit_serial
  WHERE m.component_serial IN (SELECT c.unit_serial FROM unit_component c WHERE c.lot LIKE '%-ACM-L1X01') ORDER BY t.unit_serial")
[ -n "$faulty" ] || { echo "the faulty lot is missing"; exit 1; }
[ "$rounds" -gt 0 ] && echo "common factors (POST /api/analysis/common-factors), $rounds rounds each, first call included:"
for kind in $([ "$rounds" -gt 0 ] && echo random faulty); do
  times=()
  for i in $(seq 1 "$rounds"); do
    if [ $kind = random ]; then
      s=$(psql -d $db -c "SELECT serial FROM unit WHERE part_number = 'CTRL-900' ORDER BY random() LIMIT 3")
    else
      s=$(echo "$faulty_tops" | shuf -n 3)
    fi
    body=$(printf '%s\n' $s | python3 -c 'import json,sys; print(json.dumps({"serials": sys.stdin.read().split()}))')
    t=$(post_ms "$body" target/bench-answers-factors.json)
    times+=("$t")
    echo "  $kind: $t ms, $(first target/bench-answers-factors.json)"
  done
  echo -n "common factors, 3 $kind products: "; printf '%s\n' "${times[@]}" | pct
done

read -r part lot n <<<"$(psql -d $db -F ' ' -c "SELECT part_number, lot, count(*) FROM unit_component WHERE lot IS NOT NULL GROUP BY 1,2 ORDER BY abs(count(*) - 3300) LIMIT 1")"
q="localhost:$port/api/trace/where-used?partNumber=$part&lot=$lot&limit=10000"
reach=$(curl -s -H "$H" "$q" | grep -o '"unitCount":[0-9]*' | head -1)
echo -n "forward trace from lot $part/$lot ($n bindings, $reach): "
for _ in $(seq 1 5); do get_ms "$q" >/dev/null; done
for _ in $(seq 1 100); do get_ms "$q"; done | pct

# the short requests are timed on a warm JVM: 200 calls of each kind first (on other products), so
# the figures are the server's steady state, not the JIT compiling the request path (with 10
# warm-up calls the first hundred timed genealogies ran partly interpreted). Token and Basic are
# timed on products of their own: the second kind timed on the first one's products would find
# their pages in the database's buffers. 1,000 of each kind: a p99 of 200 is the second slowest call.
products=$(psql -d $db -c "SELECT serial FROM unit WHERE part_number = 'CTRL-900' ORDER BY random() LIMIT 4200")
slice() { echo "$products" | sed -n "$(( 201 + $1 * 1000 )),$(( 200 + ($1 + 1) * 1000 ))p"; }
warm=$(echo "$products" | head -200)
tops=$(slice 0); basic_tops=$(slice 1); kept_tops=$(slice 2); kept_basic_tops=$(slice 3)
for s in $warm; do get_ms "localhost:$port/api/units/$s/genealogy" >/dev/null; basic_ms "localhost:$port/api/units/$s/genealogy" >/dev/null
  plain_ms "localhost:$port/actuator/health" >/dev/null; get_ms "localhost:$port/api/me" >/dev/null; done
echo -n "backward trace (genealogy of a product, 3 levels): "
for s in $tops; do get_ms "localhost:$port/api/units/$s/genealogy"; done | pct
echo -n "backward trace, HTTP Basic: "
for s in $basic_tops; do basic_ms "localhost:$port/api/units/$s/genealogy"; done | pct
urls() { for s in "$@"; do echo "localhost:$port/api/units/$s/genealogy"; done; }
echo -n "backward trace, token, one kept-alive connection: "
kept_ms "-HAuthorization: Bearer $token" $(urls $kept_tops) | pct
echo -n "backward trace, HTTP Basic, one kept-alive connection: "
kept_ms "-uadmin:$pw" $(urls $kept_basic_tops) | pct
echo -n "floor, GET /actuator/health (no login): "
for _ in $(seq 1 1000); do plain_ms "localhost:$port/actuator/health"; done | pct
echo -n "floor, GET /api/me (token): "
for _ in $(seq 1 1000); do get_ms "localhost:$port/api/me"; done | pct
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
