#!/usr/bin/env bash
# Dashboard aggregates on a plant-sized history: 1M units over the last 60 days on 4 lines of 8
# stations (6M station events, bench/dashboards-data.sql) in a fresh plain-PostgreSQL database
# with the core's time-series schema; applies V12 (the hourly rollup and the NOK index) and V30
# (its covering index) and builds the rollup with the statement HourlyRollup runs; then times each
# dashboard query as the core runs it (the .sql resources the core loads) with EXPLAIN ANALYZE,
# best of 3, for ranges from 1 hour to 30 days: up to 24 hours ProductionQueries over the events,
# beyond that RollupQueries (production = its STATIONS + CYCLES), whole hours from the rollup and
# the edges from the events.
# Usage: bench/dashboards.sh   Needs PostgreSQL at 127.0.0.1:5432 (trust) and python3.
# Keep the database with KEEP_DB=1; time again on a kept one (no generating, no rollup build) with
# REUSE_DB=1 KEEP_DB=1. The data is relative to now(): an old one times ranges past its end.
set -euo pipefail
cd "$(dirname "$0")/.."
db=unitrace_bench_dashboards
psql() { command psql -h 127.0.0.1 -U postgres -qAt "$@"; }
trap '[ "${KEEP_DB:-0}" = 1 ] || psql -c "DROP DATABASE IF EXISTS $db"' EXIT
if [ "${REUSE_DB:-0}" != 1 ]; then
  psql -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
  m=mes-core/src/main/resources/db/migration
  psql -d $db -v ON_ERROR_STOP=1 -f $m/V1__backbone.sql -f $m/V2__time_series.sql >/dev/null
  echo "generating 1M units, 6M station events (a few minutes)"
  psql -d $db -v ON_ERROR_STOP=1 -f bench/dashboards-data.sql >/dev/null
fi
DB=$db REUSE_DB=${REUSE_DB:-0} python3 - <<'PY'
import os, re, subprocess, time
# the statements the core runs, from the .sql resources it loads (DashboardSql)
d = 'mes-core/src/main/resources/org/unitrace/core/dashboard/sql/'
mark = open(d + 'mark-failure.sql').read().strip()
def sql_of(prefix, names):
    return {n: open(d + prefix + n.lower() + '.sql').read().replace('%1$s', mark) for n in names}
q = sql_of('production-', ['STATIONS', 'SERIES', 'NOK', 'STATES'])
r = sql_of('rollup-', ['STATIONS', 'CYCLES', 'SERIES'])
job = sql_of('hourly-rollup-', ['RECOMPUTE'])['RECOMPUTE']
def psql(sql):
    return subprocess.run(['psql', '-h', '127.0.0.1', '-U', 'postgres', '-d', os.environ['DB'], '-At',
                           '-v', 'ON_ERROR_STOP=1', '-c', sql], capture_output=True, text=True, check=True).stdout
def timed(sql, params):
    for k, v in params.items():
        sql = re.sub(r'(?<!:):' + k + r'\b', v, sql)
    best = None
    for _ in range(3):
        out = psql('EXPLAIN (ANALYZE, SUMMARY ON) ' + sql)
        t = float(re.search(r'Execution Time: ([\d.]+)', out).group(1))
        best = t if best is None else min(best, t)
    return best
def ms(t):
    return f'{t:.0f} ms' if t < 1000 else f'{t / 1000:.1f} s'
def wall(sql):
    start = time.monotonic()
    psql(sql)
    return (time.monotonic() - start) * 1000
if os.environ['REUSE_DB'] != '1':
    print('applying V12 (rollup tables, backlog of every stored hour, NOK index): '
          + ms(wall(open('mes-core/src/main/resources/db/migration/V12__station_hourly.sql').read())))
    wall(open('mes-core/src/main/resources/db/migration/V30__station_hourly_covering.sql').read())
    print('rolling up the whole history (hourly-rollup-recompute.sql, every hour at once): '
          + ms(wall(job.replace(':limit', '100000000'))))
    psql('VACUUM (ANALYZE)')
print('rollup: ' + psql("SELECT count(*) || ' rows, ' || pg_size_pretty(pg_total_relation_size('station_hourly')) FROM station_hourly").strip())
origin = "TIMESTAMPTZ '2000-01-01 00:00:00+00'"
print('one run of the job over the current hour of all 32 stations: ' + ms(min(
    wall(f"INSERT INTO station_hourly_dirty SELECT site, line, code, date_bin('1 hour', now(), {origin}) FROM station")
    + wall(job.replace(':limit', '500')) for _ in range(3))))
print()
print('| range | production (all 32 stations) | series (one line) | last 20 NOK | state changes (one line) |')
print('| --- | --- | --- | --- | --- |')
for span, bucket in [('1 hour', 60), ('8 hours', 300), ('24 hours', 900), ('7 days', 3600), ('30 days', 21600)]:
    p = {'from': f"(now() - interval '{span}')", 'to': 'now()', 'site': 'NULL', 'line': 'NULL',
         'limit': '20', 'bucket': f"'{bucket} seconds'", 'station': 'NULL',
         'firstHour': f"(date_bin('1 hour', now() - interval '{span}', {origin}) + interval '1 hour')",
         'endHour': f"date_bin('1 hour', now(), {origin})"}
    one = dict(p, site="'AKL'", line="'L1'")
    if span.endswith('days'):  # longer than 24 hours: the rollup, as RollupQueries runs it
        production = timed(r['STATIONS'], p) + timed(r['CYCLES'], p)
        series = timed(r['SERIES'], one)
    else:
        production = timed(q['STATIONS'], p)
        series = timed(q['SERIES'], one)
    print(f"| {span} | {ms(production)} | {ms(series)} | {ms(timed(q['NOK'], p))} | {ms(timed(q['STATES'], one))} |")
PY
