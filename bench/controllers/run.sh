#!/usr/bin/env bash
# Controller benchmark: starts the all-in-one (embedded store, fresh data dir, free loopback port)
# without nodes, starts a fleet of hollow nodes in it, creates D Deployments × R replicas at once and
# measures the time until all pods are available (through the real API server, scheduler,
# controllers and hollow kubelets), reconciles/s and the server's CPU and memory; then a rolling
# update of every Deployment. Stops the server by PID. Long: not part of ./orch test. Usage:
#   bench/controllers/run.sh [deployments] [replicas] [nodes] [client-threads]
# e.g. bench/controllers/run.sh 1000 10 334 16   (30 pods per node, the density SLO's)
# The server runs with the JVM settings of ./orch up (run/java.sh) but a -Xmx6g heap; BENCH_SERVER_JAVA_OPTS
# adds JVM options after those. BENCH_NO_BUILD=1 uses the jars as built; BENCH_JAR=FILE runs that all-in-one jar
# instead of run/target/allinone.jar (an older build, to compare in one session). BENCH_WARMUP_DEPLOYMENTS=N first
# runs N Deployments of the same size in a namespace of their own until ready, deletes them and waits until the
# server is quiet (not measured): a fresh JVM spends a quarter of the two cores compiling for the first ~100 s.
# BENCH_CONFIG_DIR=DIR starts the server with DIR's *.cfg files (component configurations, as in ./orch's etc/).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
. run/java.sh   # the JVM settings of ./orch up (run/allinone.jvm.options)
DEPLOYMENTS="${1:-1000}"; REPLICAS="${2:-10}"; NODES="${3:-334}"; CLIENTS="${4:-16}"
[ -n "${BENCH_NO_BUILD:-}" ] || mvn -B -q -o install -DskipTests
DATA="$(mktemp -d /tmp/orch-bench-controllers.XXXXXX)"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
mkdir -p "$DATA/etc"
[ -z "${BENCH_CONFIG_DIR:-}" ] || cp "$BENCH_CONFIG_DIR"/*.cfg "$DATA/etc/"
orch_java_args allinone "$DATA"
java "${ORCH_JAVA_ARGS[@]}" -Xmx6g ${BENCH_SERVER_JAVA_OPTS:-} -Dorchestrator.data.dir="$DATA" -Dfelix.fileinstall.dir="$DATA/etc" \
  -Dorg.osgi.service.http.port="$PORT" -Dorg.apache.felix.http.host=127.0.0.1 \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -jar "${BENCH_JAR:-run/target/allinone.jar}" >"$DATA/server.log" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; rm -rf "$DATA"' EXIT
for _ in $(seq 1 120); do curl -sf -m 2 "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.5; done
echo "machine: $(nproc) vCPU, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1)"
java -Xmx512m -Djava.util.concurrent.ForkJoinPool.common.parallelism=2 -cp bench/controllers/target/classes dev.orchestrator.bench.controllers.ControllersBenchmark \
  "http://127.0.0.1:$PORT" "$SERVER" "$DATA/etc" "$NODES" "$DEPLOYMENTS" "$REPLICAS" "$CLIENTS" "${BENCH_WARMUP_DEPLOYMENTS:-0}"
echo "server log: $(grep -c WARN "$DATA/server.log" || true) warnings"; grep WARN "$DATA/server.log" | sed 's/^[^ ]* [^ ]* //' | cut -c1-160 | sort | uniq -c | sort -rn | head -8 || true
