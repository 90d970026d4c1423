#!/usr/bin/env bash
# The demo plant as a new user starts it: seconds from `java -jar ...-demo.jar --fresh` to the
# "running" banner, to the first units on both lines, to the three field returns, and from SIGTERM
# to the last process gone (the units figure is up to 10 s late: the demo prints its status line
# every 10 s). Usage: bench/demo-startup.sh [--resume]   (after ./mvnw -B -q
# -DskipTests install; uses ports 8080, 11883, 8091-8092, 4841-4842 and ./bench-demo/)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
fresh=--fresh; [ "${1:-}" = --resume ] && fresh=
log=$(mktemp)
t0=$(date +%s%N)
java -jar "$demo_jar" $fresh --dir bench-demo >"$log" 2>&1 &
pid=$!
at() { # seconds since start when a line matching $1 first appeared (waits up to $2 s)
  for _ in $(seq 1 $(( $2 * 5 ))); do
    if grep -qE "$1" "$log"; then echo $(( ($(date +%s%N) - t0) / 1000000000 )); return; fi
    if ! kill -0 $pid 2>/dev/null; then
      { echo "the demo exited:"; cat "$log"; } >&2
      exit 1
    fi
    sleep 0.2
  done
  echo "not within $2 s" >&2; exit 1
}
banner=$(at '==> Unitrace demo plant is running' 300)
units=$(at 'demo: L2 [1-9][0-9]* units.*L1 [1-9][0-9]* units' 300)
returns=$(at '==> (Three units came back|Returned earlier)' 600)
kids=$(pgrep -P $pid | tr '\n' ' ')
t1=$(date +%s%N)
kill -TERM $pid; wait $pid || true
for k in $kids; do while kill -0 "$k" 2>/dev/null; do sleep 0.2; done; done
stop=$(( ($(date +%s%N) - t1) / 1000000000 ))
echo "| $(date +%F) | ${fresh:-resume} | ${banner} s | ${units} s | ${returns} s | ${stop} s |"
rm -f "$log"
