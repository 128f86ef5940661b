#!/usr/bin/env bash
# Node failure benchmark: an all-in-one (embedded store, fresh data dir, free loopback port) with two hollow
# nodes (in-process kubelets on the simulated runtime), a Deployment of PODS replicas spread over both; then node
# b's kubelet is stopped (its configuration removed: no more Lease renewals, as when a machine dies) and the
# script measures the time until node b is NotReady and until PODS ready pods of the Deployment run on node a.
# PROFILE default: Kubernetes' timings (grace 50 s, tolerations 300 s); fast: ./orch up --fast-failover's.
# Stops the server by PID. Usage:
#   bench/node-failure/run.sh [pods] [default|fast]
# BENCH_NO_BUILD=1 uses the jars as built.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
. run/java.sh   # the JVM settings of ./orch up (run/allinone.jvm.options)
PODS="${1:-10}"; PROFILE="${2:-fast}"
case "$PROFILE" in default|fast) ;; *) echo "profile must be default or fast" >&2; exit 2 ;; esac
command -v kubectl >/dev/null || { echo "needs kubectl" >&2; exit 2; }
[ -n "${BENCH_NO_BUILD:-}" ] || mvn -B -q -o install -DskipTests
DATA="$(mktemp -d /tmp/orch-bench-node-failure.XXXXXX)"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
mkdir -p "$DATA/etc"
hollow() { # NAME SUBNET — a hollow node's runtime and kubelet (as orchestrator.e2e's HollowNode)
  printf 'podCidr=10.244.%s.0/24\nnode=%s\n' "$2" "$1" >"$DATA/etc/orchestrator.runtime.sim-$1.cfg"
  printf 'nodeName=%s\nnodeIP=10.244.%s.1\npodCIDR=10.244.%s.0/24\nruntime.target=(&(orchestrator.runtime.handler=sim)(node=%s))\ncapacityCpu=8\ncapacityMemory=16Gi\nmaxPods=250\nleaseRenewSeconds=%s\nstatusCheckSeconds=1\nrelistMillis=200\n' \
    "$1" "$2" "$2" "$1" "$([ "$PROFILE" = fast ] && echo 2 || echo 10)" >"$DATA/etc/orchestrator.kubelet-$1.cfg"
}
hollow bench-a 231
hollow bench-b 232
printf 'strategy=spread\n' >"$DATA/etc/orchestrator.scheduler.cfg"
if [ "$PROFILE" = fast ]; then
  printf 'nodeMonitorGracePeriodSeconds=10\n' >"$DATA/etc/orchestrator.controllers.nodelifecycle.cfg"
  printf 'defaultNotReadyTolerationSeconds=5\ndefaultUnreachableTolerationSeconds=5\n' >"$DATA/etc/orchestrator.apiserver.cfg"
fi
orch_java_args allinone "$DATA"
java "${ORCH_JAVA_ARGS[@]}" -Dorchestrator.data.dir="$DATA" -Dfelix.fileinstall.dir="$DATA/etc" \
  -Dorg.osgi.service.http.port="$PORT" -Dorg.apache.felix.http.host=127.0.0.1 -jar run/target/allinone.jar \
  >"$DATA/server.log" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; rm -rf "$DATA"' EXIT
for _ in $(seq 1 120); do curl -sf -m 2 "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.5; done
k() { kubectl --server "http://127.0.0.1:$PORT" "$@"; }
now() { date +%s.%N; }
ready_on() { # NODE — ready pods of the Deployment on NODE, not being deleted
  k get pods -l app=failover -o jsonpath='{range .items[*]}{.spec.nodeName} {.metadata.deletionTimestamp}{.status.conditions[?(@.type=="Ready")].status}{"\n"}{end}' \
    | awk -v n="$1" '$1 == n && $2 == "True"' | wc -l
}
until [ "$(k get nodes -o jsonpath='{.items[*].status.conditions[?(@.type=="Ready")].status}')" = "True True" ]; do sleep 0.5; done
k create deployment failover --image=busybox:1 --replicas="$PODS" >/dev/null
until [ $(( $(ready_on bench-a) + $(ready_on bench-b) )) -eq "$PODS" ]; do sleep 0.5; done
on_b=$(ready_on bench-b)
echo "machine: $(nproc) vCPU, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); profile $PROFILE; $PODS pods, $on_b on bench-b"
t0=$(now)
rm "$DATA/etc/orchestrator.kubelet-bench-b.cfg"   # the kubelet stops: no more Lease renewals
until [ "$(k get node bench-b -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}')" != True ]; do sleep 0.2; done
t1=$(now)
until [ "$(ready_on bench-a)" -eq "$PODS" ]; do sleep 0.5; done
t2=$(now)
printf 'node failure (%s profile, %d pods, %d on the failed node): NotReady after %.1f s; all %d pods ready on the other node after %.1f s\n' \
  "$PROFILE" "$PODS" "$on_b" "$(echo "$t1 - $t0" | bc)" "$PODS" "$(echo "$t2 - $t0" | bc)"
