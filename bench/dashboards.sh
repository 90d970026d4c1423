#!/usr/bin/env bash
# Dashboard aggregates on a plant-sized history: 1M units over the last 60 days on 4 lines of 8
# stations (6M station events, bench/dashboards-data.sql) in a fresh plain-PostgreSQL database
# with the core's time-series schema; then times each query of ProductionQueries (taken from
# the Java source, so the figures are of the SQL the core runs) with EXPLAIN ANALYZE, best of 3,
# for ranges from 1 hour to 30 days.
# Usage: bench/dashboards.sh   Needs PostgreSQL at 127.0.0.1:5432 (trust) and python3.
# Keep the database with KEEP_DB=1.
set -euo pipefail
cd "$(dirname "$0")/.."
db=unitrace_bench_dashboards
psql() { command psql -h 127.0.0.1 -U postgres -qAt "$@"; }
psql -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
trap '[ "${KEEP_DB:-0}" = 1 ] || psql -c "DROP DATABASE IF EXISTS $db"' EXIT
m=mes-core/src/main/resources/db/migration
psql -d $db -v ON_ERROR_STOP=1 -f $m/V1__backbone.sql -f $m/V2__time_series.sql >/dev/null
echo "generating 1M units, 6M station events (a few minutes)"
psql -d $db -v ON_ERROR_STOP=1 -f bench/dashboards-data.sql >/dev/null
DB=$db python3 - <<'PY'
import os, re, subprocess
src = open('mes-core/src/main/java/org/unitrace/core/dashboard/ProductionQueries.java').read()
mark = re.search(r'MARK_FAILURE =\s*"(.*?)";', src, re.S).group(1).replace('\\\\', '\\')
q = {n: re.search(n + r' =\s*"""(.*?)"""', src, re.S).group(1).replace('%1$s', mark)
     for n in ['STATIONS', 'SERIES', 'NOK', 'STATES']}
def run(label, sql, params):
    for k, v in params.items():
        sql = re.sub(r'(?<!:):' + k + r'\b', v, sql)
    best = None
    for _ in range(3):
        out = subprocess.run(['psql', '-h', '127.0.0.1', '-U', 'postgres', '-d', os.environ['DB'], '-At',
                              '-c', 'EXPLAIN (ANALYZE, SUMMARY ON) ' + sql], capture_output=True, text=True, check=True).stdout
        t = float(re.search(r'Execution Time: ([\d.]+)', out).group(1))
        best = t if best is None else min(best, t)
    print(f'| {label} | {best:.0f} ms |')
print('| query | time |\n| --- | --- |')
for span, bucket in [('1 hour', 60), ('8 hours', 300), ('24 hours', 900), ('7 days', 3600), ('30 days', 21600)]:
    p = {'from': f"(now() - interval '{span}')", 'to': 'now()', 'site': 'NULL', 'line': 'NULL',
         'limit': '20', 'bucket': f"'{bucket} seconds'", 'station': 'NULL'}
    one = dict(p, site="'AKL'", line="'L1'")
    run(f'production, all 32 stations, last {span}', q['STATIONS'], p)
    run(f'series of one line, last {span}', q['SERIES'], one)
    run(f'last 20 NOK, last {span}', q['NOK'], p)
    run(f'state changes of one line, last {span}', q['STATES'], one)
PY
