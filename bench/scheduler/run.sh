#!/usr/bin/env bash
# Scheduler benchmark: starts the all-in-one (embedded store, fresh data dir, free loopback port),
# posts hollow nodes, creates pods and measures how fast and how soon they are bound, then stops
# the server by PID. Usage:
#   bench/scheduler/run.sh [nodes] [pods] [client-threads] [creates/s, 0 = as fast as possible] [scheduler config lines...]
# e.g. bench/scheduler/run.sh 5000 30000 16 0 scheduledEvents=false
# The server runs with the JVM settings of ./orch up (run/java.sh) but a -Xmx4g heap; BENCH_SERVER_JAVA_OPTS
# adds JVM options after those (e.g. -Xmx1g, or a flight recording). BENCH_NO_BUILD=1 uses the jars as built.
# BENCH_WARMUP_PODS=N first creates N pods in a namespace of their own and waits for them to be bound (not measured).
# BENCH_JAR=FILE runs that all-in-one jar instead of run/target/allinone.jar (an older build, to compare).
# BENCH_CONFIG_DIR=DIR starts the server with DIR's *.cfg files (component configurations, as in ./orch's etc/).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
. run/java.sh   # the JVM settings of ./orch up (run/allinone.jvm.options)
NODES="${1:-5000}"; PODS="${2:-30000}"; CLIENTS="${3:-16}"; RATE="${4:-0}"
shift $(( $# < 4 ? $# : 4 ))
[ -n "${BENCH_NO_BUILD:-}" ] || mvn -B -q -ntp install -DskipTests
DATA="$(mktemp -d /tmp/orch-bench-sched.XXXXXX)"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
mkdir -p "$DATA/etc"
[ -z "${BENCH_CONFIG_DIR:-}" ] || cp "$BENCH_CONFIG_DIR"/*.cfg "$DATA/etc/"
for line in "$@"; do echo "$line" >> "$DATA/etc/orchestrator.scheduler.cfg"; done
# The nodes are Node objects without kubelets: the node lifecycle controller would rightly find them unreachable 40 s
# after they are posted, taint them and write every pod on them NotReady, and a /16 cluster range holds only 256 node
# ranges for the node IPAM controller to hand out. Those two are off, as kube-scheduler's scheduler_perf runs without a
# controller manager; every other controller runs.
for controller in nodelifecycle nodeipam; do echo enabled=false >"$DATA/etc/orchestrator.controllers.$controller.cfg"; done
orch_java_args allinone "$DATA"
java "${ORCH_JAVA_ARGS[@]}" -Xmx4g ${BENCH_SERVER_JAVA_OPTS:-} -Dorchestrator.data.dir="$DATA" -Dfelix.fileinstall.dir="$DATA/etc" -Dorg.osgi.service.http.port="$PORT" \
  -Dorg.apache.felix.http.host=127.0.0.1 -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -Dorg.slf4j.simpleLogger.log.dev.orchestrator.scheduler=info \
  -jar "${BENCH_JAR:-run/target/allinone.jar}" >"$DATA/server.log" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; rm -rf "$DATA"' EXIT
for _ in $(seq 1 120); do curl -sf -m 2 "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.5; done
java -Xmx2g -Djava.util.concurrent.ForkJoinPool.common.parallelism=2 -cp bench/scheduler/target/classes dev.orchestrator.bench.scheduler.SchedulerBenchmark \
  "http://127.0.0.1:$PORT" "$NODES" "$PODS" "$CLIENTS" "$SERVER" "$RATE" "${BENCH_WARMUP_PODS:-0}"
grep -E "scheduler (started|stopped)|holding|released" "$DATA/server.log" | tail -3 || true
