#!/bin/sh
# First start (empty $PGDATA): a cluster with TimescaleDB preloaded, password logins only from
# the network, and the application's user and database:
#   POSTGRES_DB (default unitrace), POSTGRES_USER (default unitrace),
#   POSTGRES_PASSWORD_FILE (required: a mounted secret), PGPORT (default 5432),
#   LISTEN_ADDRESSES (default *).
# Later starts run PostgreSQL on what is there.
set -eu
db=${POSTGRES_DB:-unitrace}
user=${POSTGRES_USER:-unitrace}
port=${PGPORT:-5432}
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  [ -r "${POSTGRES_PASSWORD_FILE:-}" ] || { echo "timescaledb: POSTGRES_PASSWORD_FILE is not a readable file" >&2; exit 1; }
  initdb -D "$PGDATA" -U postgres --auth-local=peer --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
  cat >>"$PGDATA/postgresql.conf" <<CONF
listen_addresses = '${LISTEN_ADDRESSES:-*}'
port = $port
shared_preload_libraries = 'timescaledb'
timescaledb.telemetry_level = off
timescaledb.max_background_workers = 8
max_worker_processes = 16
password_encryption = scram-sha-256
CONF
  echo "host all all all scram-sha-256" >>"$PGDATA/pg_hba.conf"
  pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -c port=$port" -w start >/dev/null
  password=$(cat "$POSTGRES_PASSWORD_FILE")
  psql -v ON_ERROR_STOP=1 -q -p "$port" -d postgres -v user="$user" -v db="$db" -v pw="$password" <<'SQL'
CREATE ROLE :"user" LOGIN PASSWORD :'pw';
CREATE DATABASE :"db" OWNER :"user";
SQL
  pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
  echo "timescaledb: initialised $PGDATA (database $db, user $user, TimescaleDB preloaded)"
fi
exec postgres -D "$PGDATA"
