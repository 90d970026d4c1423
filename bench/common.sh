# Sourced by the bench scripts (from the repository's root): the build's version, read from the
# root pom, and the jars the build makes with it (module/target/module-VERSION[-classifier].jar).
# CORE_JAR names another mes-core jar, e.g. a copy of an older build's.
version=$(grep -A1 '<artifactId>unitrace-parent</artifactId>' pom.xml | sed -n 's:.*<version>\(.*\)</version>.*:\1:p')
[ -n "$version" ] || { echo "no project version in pom.xml" >&2; exit 1; }
core_jar=${CORE_JAR:-mes-core/target/mes-core-$version.jar}
agent_jar=edge-agent/target/edge-agent-$version-exec.jar
sim_jar=simulators/target/simulators-$version-exec.jar
demo_jar=simulators/target/simulators-$version-demo.jar

# The database $2 on the PostgreSQL server of the JDBC URL $1 (an admin URL of that server, user
# postgres): defines psql() for that server, with any further arguments as options of every psql
# call, and sets db to $2 and url to the core's JDBC URL of that database. Creates nothing.
use_database() {
  local admin=$1
  db=$2
  shift 2
  db_host=$(echo "$admin" | sed -n 's|jdbc:postgresql://\([^:/]*\).*|\1|p')
  db_port=$(echo "$admin" | sed -n 's|jdbc:postgresql://[^:/]*:\([0-9]*\)/.*|\1|p')
  psql_options=("$@")
  psql() { command psql -h "$db_host" -p "${db_port:-5432}" -U postgres "${psql_options[@]}" "$@"; }
  url="${admin%/*}/$db?user=postgres"
}

# A fresh database named $1 on the PostgreSQL server of UNITRACE_DB_URL (default the local one,
# trust): defines psql() for that server and sets db and url, the core's JDBC URL of the new database.
fresh_database() {
  use_database "${UNITRACE_DB_URL:-jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres}" "$1"
  psql -qc "CREATE DATABASE $db"
}

# The database $1 on the local PostgreSQL server (127.0.0.1:5432, trust), which the caller creates
# or finds kept: defines psql() for that server (quiet, unaligned, tuples only: -qAt) and sets db
# and url, the core's JDBC URL of that database.
local_database() {
  use_database "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres" "$1" -qAt
}

# Sets port, start_core's HTTP port, to PORT or else $1 (PORT= when two benchmarks run side by
# side), and pw to a new password for the admin of start_core.
core_port_and_password() {
  port=${PORT:-$1}
  pw=bench-$RANDOM$RANDOM
}

# Deletes the admin of database $db (the admin of its first core start) so that the next
# start_core makes it again with the password $pw.
forget_admin() {
  psql -d "$db" -c "DELETE FROM app_user WHERE username = 'admin'" 2>/dev/null || true
}

# Starts the mes-core jar $1 on the JDBC URL $2 with MQTT off, on $port, its admin's password $pw,
# its data folder $3/data, its log $3/core.log, and any further arguments as more mes-core options;
# sets core to its pid and returns once it answers on /actuator/health. Options before the jar:
# --heap=SIZE (its -Xmx, default 1g), --log=FILE (its log there instead), --wait=SECONDS (how long
# it may take to answer, default 180; then start_core fails). The caller kills it
# (trap 'kill ${core:-}' EXIT) or stops it with stop_core.
start_core() {
  local heap=1g log= secs=180
  while :; do
    case $1 in
      --heap=*) heap=${1#*=} ;;
      --log=*) log=${1#*=} ;;
      --wait=*) secs=${1#*=} ;;
      *) break ;;
    esac
    shift
  done
  local jar=$1 jdbc=$2 dir=$3
  shift 3
  log=${log:-$dir/core.log}
  mkdir -p "$dir" "$(dirname "$log")"
  UNITRACE_DB_URL="$jdbc" UNITRACE_ADMIN_PASSWORD="$pw" java -Xmx"$heap" -jar "$jar" \
    --unitrace.mqtt.enabled=false --server.port="$port" --unitrace.data-dir="$dir/data" "$@" \
    > "$log" 2>&1 &
  core=$!
  for _ in $(seq 1 "$secs"); do curl -sf "localhost:$port/actuator/health" >/dev/null && return; sleep 1; done
  echo "mes-core did not answer on port $port within $secs s: see $log" >&2
  return 1
}

# Stops the core of start_core, if one was started (and still runs), and waits for its end;
# clears core.
stop_core() {
  [ -z "${core:-}" ] || { kill "$core" 2>/dev/null || true; wait "$core" 2>/dev/null || true; core=; }
}

# A new API token with the roles $@ (one or more) for the admin of start_core, for a day.
api_token() {
  local roles
  roles=$(printf ',"%s"' "$@")
  curl -sf -u "admin:$pw" -H 'Content-Type: application/json' \
    -d '{"name":"bench-'$RANDOM'","roles":['"${roles#,}"'],"validity":"P1D"}' \
    "localhost:$port/api/admin/tokens" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])'
}

# Reads milliseconds, one a line, and prints their p50, p99, max and count.
pct() { sort -n | awk '{a[NR]=$1} END {printf "p50 %.1f ms, p99 %.1f ms, max %.1f ms (n=%d)\n", a[int(NR*0.5)+1], a[int(NR*0.99)+ (NR*0.99==int(NR*0.99)?0:1)], a[NR], NR}'; }
