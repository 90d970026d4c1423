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
