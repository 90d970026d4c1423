#!/usr/bin/env bash
# The edge agent's outbox on this machine: sustained write rate (one caller waiting for each
# commit, then group commit as the agent writes) and drain rate to an MQTT broker at QoS 1.
# Usage: bench/edge-outbox.sh [events] [brokerUrl]   (defaults: 20000, tcp://127.0.0.1:1884)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
events="${1:-20000}"
broker="${2:-${UNITRACE_MQTT_URL:-tcp://127.0.0.1:1884}}"
[ -f "$agent_jar" ] || ./mvnw -B -q -pl edge-agent -am package -DskipTests
mkdir -p target
java -Xmx256m -cp "$agent_jar" -Dloader.main=org.unitrace.edge.tools.OutboxBenchmark \
  org.springframework.boot.loader.launch.PropertiesLauncher "$events" "$broker" target
