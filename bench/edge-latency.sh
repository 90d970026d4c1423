#!/usr/bin/env bash
# Edge agent latency: PLC cycle complete (the simulator's source timestamp of the cycle counter)
# to the event committed in mes-core, p50/p99, with three stations cycling every 100 ms and the
# agent as its own process; also the agent's memory under that load.
# Needs PostgreSQL and the test Mosquitto as .ci/run starts them.
# Usage: bench/edge-latency.sh [seconds]   (default 60)
# AGENT_JVM_ARGS (comma-separated) adds agent JVM options, e.g.
#   AGENT_JVM_ARGS=-XX:NativeMemoryTracking=summary to print the JVM's committed memory by area;
# AGENT_JVM_OPTIONS replaces the launch options (AgentProcess.JVM_OPTIONS, as the systemd unit).
set -euo pipefail
cd "$(dirname "$0")/.."
export UNITRACE_DB_URL="${UNITRACE_DB_URL:-jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres}"
export UNITRACE_MQTT_URL="${UNITRACE_MQTT_URL:-tcp://127.0.0.1:1884}"
# a failed IT run earlier leaves its summary behind, and the modules built here with no IT selected
# would report that old failure as theirs
rm -f ./*/target/failsafe-reports/failsafe-summary.xml
./mvnw -B -q -pl system-tests -am verify -DskipUTs -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=EdgeLatencyBenchmark -Dfailsafe.failIfNoSpecifiedTests=false -Dspotless.check.skip=true \
  "-Dtest.jvm.args=-Xmx768m -Djava.io.tmpdir=target -Dbench.seconds=${1:-60} -Dagent.jvm.args=${AGENT_JVM_ARGS:-} ${AGENT_JVM_OPTIONS:+-Dagent.jvm.options=$AGENT_JVM_OPTIONS}" 2>&1 | grep -A1 "EDGE LATENCY" || {
  echo "benchmark failed: see system-tests/target/failsafe-reports"; exit 1; }
