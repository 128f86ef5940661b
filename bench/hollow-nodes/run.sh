#!/usr/bin/env bash
# Hollow node fleet benchmark: starts the all-in-one (embedded store, fresh data dir, free loopback
# port) without nodes, then configures a fleet of N hollow nodes (kubelet + runtime.sim each, PID
# orchestrator.kubelet.hollow), waits until all are Ready with leases renewed twice, measures the idle
# cost, creates pods and waits until they are Running, removes the fleet, and stops the server by PID.
# Long (several minutes): not part of ./orch test. Usage:
#   bench/hollow-nodes/run.sh [nodes] [pods] [idle-seconds] [extra fleet config line]
# The server runs with the JVM settings of ./orch up (run/java.sh) but a -Xmx3g heap; BENCH_SERVER_JAVA_OPTS
# adds JVM options after those. BENCH_NO_BUILD=1 uses the jars as built.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
. run/java.sh   # the JVM settings of ./orch up (run/allinone.jvm.options)
NODES="${1:-1000}"; PODS="${2:-2000}"; IDLE="${3:-60}"; EXTRA="${4:-}"
[ -n "${BENCH_NO_BUILD:-}" ] || mvn -B -q -o install -DskipTests -pl orchestrator.api,orchestrator.runtime.sim,orchestrator.kubelet,run,bench/hollow-nodes
DATA="$(mktemp -d /tmp/orch-bench-hollow.XXXXXX)"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
mkdir -p "$DATA/etc"
orch_java_args allinone "$DATA"
java "${ORCH_JAVA_ARGS[@]}" -Xmx3g ${BENCH_SERVER_JAVA_OPTS:-} -Dorchestrator.data.dir="$DATA" -Dfelix.fileinstall.dir="$DATA/etc" \
  -Dorg.osgi.service.http.port="$PORT" -Dorg.apache.felix.http.host=127.0.0.1 \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dorg.slf4j.simpleLogger.log.dev.orchestrator.kubelet.internal.HollowFleet=info \
  -jar run/target/allinone.jar >"$DATA/server.log" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; rm -rf "$DATA"' EXIT
for _ in $(seq 1 120); do curl -sf -m 2 "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.5; done
echo "machine: $(nproc) vCPU, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1)"
java -Xmx512m -cp bench/hollow-nodes/target/classes dev.orchestrator.bench.hollow.HollowNodesBenchmark \
  "http://127.0.0.1:$PORT" "$SERVER" "$DATA/etc" "$NODES" "$PODS" "$IDLE" "$EXTRA"
echo "server log: $(grep -c WARN "$DATA/server.log" || true) warnings"; grep WARN "$DATA/server.log" | sort | uniq -c | sort -rn | head -5 || true
