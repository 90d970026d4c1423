#!/usr/bin/env bash
# A PostgreSQL 15 cluster with TimescaleDB preloaded on 127.0.0.1:5433, for the tests of the
# TimescaleDB storage path. Idempotent: builds TimescaleDB only when the copy below lacks it, starts
# the cluster only when it is down. Run as root (CI does); prints nothing to do on a ready machine.
#
# TimescaleDB is NOT installed into PostgreSQL 15's system folders: there the extension would become
# *available* to the plain 5432 cluster too, which must stay a server without TimescaleDB. Instead a
# copy of the PostgreSQL 15 installation lives under $TSDB_PREFIX (PostgreSQL finds its share and lib
# folders relative to its binaries), TimescaleDB is built against that copy's pg_config and
# installed into it, and the 5433 cluster runs from it.
set -euo pipefail
cd "$(dirname "$0")/.."

TSDB_VERSION=2.28.3
TSDB_SHA256=c80abd42995a317d9c046da6499a7a6e63c58e188124a2f20580f7c82fa4b801
PG_MAJOR=15
TSDB_PREFIX=${TSDB_PREFIX:-/opt/unitrace-pg15-tsdb}
TSDB_DATA=${TSDB_DATA:-/var/lib/unitrace/tsdb-5433}
TSDB_PORT=${TSDB_PORT:-5433}
BUILD_CACHE=${TSDB_BUILD_CACHE:-/var/cache/unitrace}
PGBIN=$TSDB_PREFIX/usr/lib/postgresql/$PG_MAJOR/bin
PGLIB=$TSDB_PREFIX/usr/lib/postgresql/$PG_MAJOR/lib

tarball() {
  for dir in "${UNITRACE_VENDOR_DIR:-}" ../shared/vendor /work/shared/vendor; do
    if [ -n "$dir" ] && [ -f "$dir/timescaledb-$TSDB_VERSION.tar.gz" ]; then
      echo "$dir/timescaledb-$TSDB_VERSION.tar.gz"
      return
    fi
  done
  echo "tsdb: timescaledb-$TSDB_VERSION.tar.gz not found (set UNITRACE_VENDOR_DIR)" >&2
  exit 1
}

# 1. The relocated copy of PostgreSQL 15 (binaries, libraries, share, server headers).
system_version=$(/usr/lib/postgresql/$PG_MAJOR/bin/postgres --version)
if [ ! -x "$PGBIN/postgres" ] || [ "$("$PGBIN/postgres" --version)" != "$system_version" ]; then
  need=()
  [ -d /usr/include/postgresql/$PG_MAJOR/server ] || need+=(postgresql-server-dev-$PG_MAJOR)
  for cmd in cmake gcc make; do command -v $cmd >/dev/null || need+=($cmd); done
  [ -f /usr/include/openssl/ssl.h ] || need+=(libssl-dev)
  [ -f /usr/include/krb5.h ] || need+=(libkrb5-dev)
  if [ ${#need[@]} -gt 0 ]; then
    echo "tsdb: installing ${need[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"
  fi
  if [ -x "$PGBIN/pg_ctl" ] && [ -f "$TSDB_DATA/postmaster.pid" ]; then
    echo "tsdb: stopping the cluster to renew the copy it runs from"
    runuser -u postgres -- "$PGBIN/pg_ctl" -D "$TSDB_DATA" -m fast -w stop >/dev/null || true
  fi
  echo "tsdb: copying PostgreSQL $PG_MAJOR to $TSDB_PREFIX ($system_version)"
  rm -rf "$TSDB_PREFIX"
  mkdir -p "$TSDB_PREFIX/usr/lib/postgresql" "$TSDB_PREFIX/usr/share/postgresql" "$TSDB_PREFIX/usr/include"
  cp -a /usr/lib/postgresql/$PG_MAJOR "$TSDB_PREFIX/usr/lib/postgresql/"
  cp -a /usr/share/postgresql/$PG_MAJOR "$TSDB_PREFIX/usr/share/postgresql/"
  cp -a /usr/include/postgresql "$TSDB_PREFIX/usr/include/"
fi
if [ "$("$PGBIN/pg_config" --sharedir)" != "$TSDB_PREFIX/usr/share/postgresql/$PG_MAJOR" ]; then
  echo "tsdb: the copy's pg_config does not point into $TSDB_PREFIX: $("$PGBIN/pg_config" --sharedir)" >&2
  exit 1
fi

# 2. TimescaleDB built against the copy and installed into it (cached: built once per copy).
if [ ! -f "$PGLIB/timescaledb-$TSDB_VERSION.so" ]; then
  src=$(tarball)
  echo "$TSDB_SHA256  $src" | sha256sum -c --quiet
  echo "tsdb: building TimescaleDB $TSDB_VERSION into $TSDB_PREFIX (about 2-3 minutes)"
  mkdir -p "$BUILD_CACHE"
  rm -rf "$BUILD_CACHE/timescaledb-$TSDB_VERSION"
  tar xzf "$src" -C "$BUILD_CACHE"
  (
    cd "$BUILD_CACHE/timescaledb-$TSDB_VERSION"
    log=$BUILD_CACHE/timescaledb-$TSDB_VERSION-build.log
    { ./bootstrap -DPG_CONFIG="$PGBIN/pg_config" -DREGRESS_CHECKS=OFF -DTAP_CHECKS=OFF \
        -DWARNINGS_AS_ERRORS=OFF -DLINTER=OFF -DCMAKE_BUILD_TYPE=Release &&
      make -C build -j2 && make -C build install; } >"$log" 2>&1 ||
      { tail -40 "$log"; echo "tsdb: the build failed, see $log" >&2; exit 1; }
  )
  rm -rf "$BUILD_CACHE/timescaledb-$TSDB_VERSION"
fi
for f in "$PGLIB/timescaledb.so" "$TSDB_PREFIX/usr/share/postgresql/$PG_MAJOR/extension/timescaledb.control"; do
  [ -f "$f" ] || { echo "tsdb: $f missing after the build" >&2; exit 1; }
done
if [ -e /usr/lib/postgresql/$PG_MAJOR/lib/timescaledb.so ]; then
  echo "tsdb: warning: TimescaleDB is installed in the system PostgreSQL $PG_MAJOR too," \
    "so the 5432 cluster is no longer a server without it" >&2
fi

# 3. The cluster on $TSDB_PORT, owned by postgres, trust on loopback, TimescaleDB preloaded.
if [ ! -f "$TSDB_DATA/PG_VERSION" ]; then
  echo "tsdb: initdb $TSDB_DATA"
  mkdir -p "$TSDB_DATA"
  chown postgres:postgres "$TSDB_DATA"
  chmod 700 "$TSDB_DATA"
  runuser -u postgres -- "$PGBIN/initdb" -D "$TSDB_DATA" -U postgres --auth=trust \
    --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  cat >>"$TSDB_DATA/postgresql.conf" <<EOF

# unitrace: the TimescaleDB test cluster (.ci/timescaledb.sh)
listen_addresses = '127.0.0.1'
port = $TSDB_PORT
shared_preload_libraries = 'timescaledb'
timescaledb.telemetry_level = off
max_connections = 200
max_worker_processes = 16
EOF
fi
if ! "$PGBIN/pg_isready" -h 127.0.0.1 -p "$TSDB_PORT" -q; then
  echo "tsdb: starting the TimescaleDB cluster on 127.0.0.1:$TSDB_PORT"
  runuser -u postgres -- "$PGBIN/pg_ctl" -D "$TSDB_DATA" -l "$TSDB_DATA/server.log" -w -t 60 start >/dev/null
fi
status=$("$PGBIN/psql" -h 127.0.0.1 -p "$TSDB_PORT" -U postgres -d postgres -Atqc \
  "SELECT version() || ', preloads ' || current_setting('shared_preload_libraries')")
echo "tsdb: 127.0.0.1:$TSDB_PORT: $status"
case "$status" in
  *"preloads "*timescaledb*) ;;
  *) echo "tsdb: the server on $TSDB_PORT does not preload timescaledb (another cluster there?)" >&2
     exit 1 ;;
esac
