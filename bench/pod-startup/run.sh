#!/usr/bin/env bash
# Pod startup benchmark on one real node (root; containerd, runc and CNI from Debian, set up by
# node/node-env.sh): builds the images, starts a loopback registry on a free port and node 230
# (bridge orch230, pods in 10.244.230.0/24), starts the all-in-one with its kubelet on that node,
# runs one warm-up pod (pulls busybox), creates N pods at once and measures create -> Running / Ready,
# the server's CPU and RSS while they start and for a minute while they run, then deletes them. Three
# rounds in the same run: idle pods on containerd, pods probed every 2 s (httpGet liveness + readiness)
# on containerd, and idle pods on Docker through a RuntimeClass (dockerd started beside the node's
# containerd by node-env.sh docker-up; skipped without docker.io). Everything is removed at the end
# (node-env.sh down stops dockerd too).
# Usage: bench/pod-startup/run.sh [pods]   (BENCH_SERVER_JAVA_OPTS adds server JVM options, e.g. a JFR;
#        BENCH_ROUNDS picks rounds, e.g. "containerd-idle docker-idle"; default all three)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
. run/java.sh   # the JVM settings of ./orch up (run/allinone.jvm.options)
PODS="${1:-100}"
[ "$(id -u)" = 0 ] || { echo "pod-startup: needs root (containerd, bridges)" >&2; exit 2; }
[ -n "${BENCH_NO_BUILD:-}" ] || mvn -B -q -o install -DskipTests -pl orchestrator.kubelet,orchestrator.runtime.cri,orchestrator.runtime.docker,run,bench/pod-startup
ROUNDS="${BENCH_ROUNDS:-containerd-idle containerd-probes docker-idle}"
WORK="$(mktemp -d /tmp/orch-bench-startup.XXXXXX)"
ENV=node/node-env.sh
SERVER=""
cleanup() {
  [ -n "$SERVER" ] && { kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; }
  $ENV down "$WORK/node" || echo "pod-startup: node-env down reported leftovers" >&2
  $ENV registry-down "$WORK/registry" || true
  [ -n "${KEEP:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT
IMAGES="${BENCH_IMAGES:-$WORK/images}"; mkdir -p "$IMAGES"
$ENV images "$IMAGES" >/dev/null
REG_PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
$ENV registry-up "$WORK/registry" --port "$REG_PORT" >/dev/null
$ENV up "$WORK/node" --index 230 --registry-port "$REG_PORT" --images "$IMAGES" >/dev/null
DOCKER=""
if [[ " $ROUNDS " == *" docker-"* ]]; then
  if [ -x /usr/sbin/dockerd ]; then
    $ENV docker-up "$WORK/node" >/dev/null && DOCKER=1
  else
    echo "pod-startup: no dockerd (apt-get install docker.io): the Docker round is skipped" >&2
  fi
fi
set -a; . "$WORK/node/node.env"; set +a
DATA="$WORK/data"; mkdir -p "$DATA/etc"
printf 'nodeName=bench-node\nnodeIP=%s\npodCIDR=%s\ncgroupParent=%s\npodLogsDir=%s\n' \
  "$NODE_IP" "$POD_CIDR" "$CGROUP_PARENT" "$WORK/pods" > "$DATA/etc/orchestrator.kubelet.cfg"
printf 'endpoint=%s\n' "$CRI_ENDPOINT" > "$DATA/etc/orchestrator.runtime.cri.cfg"
[ -z "$DOCKER" ] || printf 'endpoint=%s\ncniConfDir=%s\ncniResultDir=%s\npauseImage=%s\n' "$DOCKER_ENDPOINT" \
  "$WORK/node/cni/net.d" "$WORK/node/cni/docker-results" "$REGISTRY/pause:1" > "$DATA/etc/orchestrator.runtime.docker.cfg"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
orch_java_args allinone "$DATA"
java "${ORCH_JAVA_ARGS[@]}" ${BENCH_SERVER_JAVA_OPTS:-} -Dorchestrator.data.dir="$DATA" -Dfelix.fileinstall.dir="$DATA/etc" \
  -Dorg.osgi.service.http.port="$PORT" -Dorg.apache.felix.http.host=127.0.0.1 \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -jar run/target/allinone.jar >"$DATA/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 120); do curl -sf -m 2 "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.5; done
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$PORT/api/v1/nodes/bench-node" | grep -q '"status":"True","type":"Ready"' && break; sleep 0.5
done
echo "machine: $(nproc) vCPU, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1), $(containerd --version | awk '{print $1, $3}')"
[ -z "$DOCKER" ] || curl -sf -X POST -H 'Content-Type: application/json' "http://127.0.0.1:$PORT/apis/node.k8s.io/v1/runtimeclasses" \
  -d '{"apiVersion":"node.k8s.io/v1","kind":"RuntimeClass","metadata":{"name":"docker"},"handler":"docker"}' >/dev/null
for round in $ROUNDS; do
  case "$round" in
    containerd-idle) class=- probes=idle ;;
    containerd-probes) class=- probes=probes ;;
    docker-idle) [ -n "$DOCKER" ] || continue; class=docker probes=idle ;;
    docker-probes) [ -n "$DOCKER" ] || continue; class=docker probes=probes ;;
    *) echo "pod-startup: unknown round $round" >&2; exit 2 ;;
  esac
  java -Xmx256m -cp bench/pod-startup/target/classes dev.orchestrator.bench.podstartup.PodStartupBenchmark \
    "http://127.0.0.1:$PORT" "$SERVER" "$REGISTRY/busybox:1" "$PODS" "$class" "$probes"
  sleep 10
done
echo "server log: $(grep -c WARN "$DATA/server.log" || true) warnings"
