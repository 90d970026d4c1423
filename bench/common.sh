# Sourced by the bench scripts (from the repository's root): the build's version, read from the
# root pom, and the jars the build makes with it (module/target/module-VERSION[-classifier].jar).
# CORE_JAR names another mes-core jar, e.g. a copy of an older build's.
version=$(grep -A1 '<artifactId>unitrace-parent</artifactId>' pom.xml | sed -n 's:.*<version>\(.*\)</version>.*:\1:p')
[ -n "$version" ] || { echo "no project version in pom.xml" >&2; exit 1; }
core_jar=${CORE_JAR:-mes-core/target/mes-core-$version.jar}
agent_jar=edge-agent/target/edge-agent-$version-exec.jar
sim_jar=simulators/target/simulators-$version-exec.jar
demo_jar=simulators/target/simulators-$version-demo.jar

# A fresh database named $1 on the PostgreSQL server of UNITRACE_DB_URL (default the local one,
# trust): defines psql() for that server and sets url, the core's JDBC URL of the new database.
fresh_database() {
  local admin=${UNITRACE_DB_URL:-jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres}
  db_host=$(echo "$admin" | sed -n 's|jdbc:postgresql://\([^:/]*\).*|\1|p')
  db_port=$(echo "$admin" | sed -n 's|jdbc:postgresql://[^:/]*:\([0-9]*\)/.*|\1|p')
  psql() { command psql -h "$db_host" -p "${db_port:-5432}" -U postgres "$@"; }
  db=$1
  psql -qc "CREATE DATABASE $db"
  url="${admin%/*}/$db?user=postgres"
}

# Starts the mes-core jar $1 on the JDBC URL $2 with MQTT off, on $port, its admin's password $pw,
# its data folder and log (core.log) in folder $3; sets core to its pid and returns once it answers.
# The caller kills it (trap 'kill $core' EXIT).
start_core() {
  mkdir -p "$3"
  UNITRACE_DB_URL="$2" UNITRACE_ADMIN_PASSWORD="$pw" java -Xmx1g -jar "$1" \
    --unitrace.mqtt.enabled=false --server.port="$port" --unitrace.data-dir="$3/data" \
    > "$3/core.log" 2>&1 &
  core=$!
  for _ in $(seq 1 180); do curl -sf "localhost:$port/actuator/health" >/dev/null && return; sleep 1; done
  echo "mes-core did not answer on port $port within 3 minutes: see $3/core.log" >&2
  return 1
}

# A new API token with role $1 for the admin of start_core, for a day.
api_token() {
  curl -sf -u "admin:$pw" -H 'Content-Type: application/json' \
    -d '{"name":"bench-'$RANDOM'","roles":["'"$1"'"],"validity":"P1D"}' \
    "localhost:$port/api/admin/tokens" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])'
}
