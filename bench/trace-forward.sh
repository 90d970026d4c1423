#!/usr/bin/env bash
# The forward trace alone on the 1M-unit history `KEEP_DB=1 bench/trace.sh` keeps: starts the given
# mes-core jar on DB (default unitrace_bench_trace), makes an API token, saves the JSON of a few
# answers into OUT (to byte-compare two builds: the lot closest to 10,000 units, two more lots, a
# page of it, a run) and times the lot's trace (limit 10,000) `calls` times after 5 warm-up calls.
# JFR=file.jfr records the timed calls with Java Flight Recorder (settings=profile).
# Usage: DB=... PORT=... OUT=dir bench/trace-forward.sh [mes-core jar] [calls=50]
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
jar="${1:-$core_jar}"
calls="${2:-50}"
local_database "${DB:-unitrace_bench_trace}"
core_port_and_password 18092
out="${OUT:-target/bench-forward}"
psql -d "$db" -c "VACUUM (ANALYZE) unit, unit_component, unit_last_seen" >/dev/null
forget_admin
trap 'kill ${core:-} 2>/dev/null || true' EXIT
start_core "$jar" "$url" "$out"
token=$(api_token quality)
H="Authorization: Bearer $token"
api="localhost:$port/api/trace/where-used"
read -r part lot <<<"$(psql -d "$db" -F ' ' -c "SELECT part_number, lot FROM unit_component WHERE lot IS NOT NULL GROUP BY 1,2 ORDER BY abs(count(*) - 3300), 1, 2 LIMIT 1")"
i=0
while read -r p l; do
  curl -sf -H "$H" -D "$out/lot-$i.headers" -o "$out/lot-$i.json" "$api?partNumber=$p&lot=$l&limit=10000"
  i=$((i + 1))
done <<<"$(psql -d "$db" -F ' ' -c "(SELECT part_number, lot FROM unit_component WHERE lot IS NOT NULL GROUP BY 1,2 ORDER BY abs(count(*) - 3300), 1, 2 LIMIT 1)
  UNION ALL (SELECT part_number, lot FROM unit_component WHERE lot LIKE '%-L1X01' GROUP BY 1,2)
  UNION ALL (SELECT part_number, lot FROM unit_component WHERE lot IS NOT NULL GROUP BY 1,2 ORDER BY abs(count(*) - 500), 1, 2 LIMIT 1)")"
curl -sf -H "$H" -o "$out/page.json" "$api?partNumber=$part&lot=$lot&offset=5000&limit=100"
curl -sf -H "$H" -o "$out/top.json" "$api?partNumber=$part&lot=$lot&topLevelOnly=true&limit=50"
curl -sf -H "$H" -o "$out/run.json" "$api?runId=$(psql -d "$db" -c "SELECT run_id FROM unit WHERE run_id IS NOT NULL ORDER BY serial LIMIT 1")&limit=10000"
curl -s -H "$H" -o "$out/empty.json" "$api?partNumber=$part&lot=no-such-lot"
curl -s -H "$H" -o "$out/bad-limit.json" "$api?partNumber=$part&lot=$lot&limit=10001"
q="$api?partNumber=$part&lot=$lot&limit=10000"
for _ in $(seq 1 5); do curl -s -o /dev/null -H "$H" "$q"; done
[ -z "${JFR:-}" ] || jcmd $core JFR.start name=forward settings=profile >/dev/null
echo -n "forward trace from lot $part/$lot ($(grep -o '"unitCount":[0-9]*' "$out/lot-0.json"), $(wc -c <"$out/lot-0.json") bytes), load $(cut -d' ' -f1 /proc/loadavg): "
for _ in $(seq 1 "$calls"); do curl -s -o /dev/null -w '%{time_total}\n' -H "$H" "$q"; done |
  awk '{print $1 * 1000}' | sort -n |
  awk '{a[NR]=$1} END {printf "p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms (n=%d)", a[int(NR*0.5)+1], a[int(NR*0.9)+1], a[int(NR*0.99)+(NR*0.99==int(NR*0.99)?0:1)], a[NR], NR}'
echo ", load at the end $(cut -d' ' -f1 /proc/loadavg)"
[ -z "${JFR:-}" ] || jcmd $core JFR.dump name=forward filename="$(realpath "$JFR")" >/dev/null
