#!/usr/bin/env bash
# API server benchmark: starts the all-in-one (embedded store, fresh data dir, free loopback
# port), drives it over HTTP, stops it by PID. Usage:
#   bench/apiserver/run.sh [creates/s] [create-seconds] [watchers] [updates/s] [watch-seconds]
#   BENCH_SEQUENTIAL=N bench/apiserver/run.sh   (only one sequential client: N creates per row, SequentialClientBenchmark)
# The server runs with the JVM settings of ./orch up (run/allinone.jvm.options through run/java.sh);
# ORCH_JAVA_OPTS overrides them as it does for ./orch. BENCH_NO_BUILD=1 uses the jars as built;
# BENCH_JAR=FILE runs that all-in-one jar instead of run/target/allinone.jar (bench/apiserver/compare.sh).
# BENCH_CONFIG_DIR=DIR starts the server with DIR's *.cfg files (component configurations, as in ./orch's etc/).
# BENCH_TIMELINE=1 also prints the creates' latency second by second (p50 / p99 / max) on stderr.
# BENCH_TLS=1 starts the server as ./orch up does by default (HTTPS, client certificates; the benchmark authenticates
# with the admin's certificate); without it, plain HTTP without authentication (--insecure-http). BENCH_TLS=full adds
# what else ./orch up turns on — the audit log with its policy, Secrets encrypted at rest — and authenticates as a user
# outside system:masters bound to cluster-admin, so every request's RBAC rules are evaluated.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
. run/java.sh
[ -n "${BENCH_NO_BUILD:-}" ] || mvn -B -q -ntp install -DskipTests
DATA="$(mktemp -d /tmp/orch-bench-api.XXXXXX)"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
mkdir -p "$DATA/etc"
[ -z "${BENCH_CONFIG_DIR:-}" ] || cp "$BENCH_CONFIG_DIR"/*.cfg "$DATA/etc/"
orch_java_args allinone "$DATA"
SCHEME=http SECURITY=() CURL=()
if [ -n "${BENCH_TLS:-}" ]; then
  java -cp "orchestrator.pki/target/orchestrator.pki-0.1.0-SNAPSHOT.jar:orchestrator.pki/target/lib/*" dev.orchestrator.pki.PkiTool \
    init --dir "$DATA/pki" --server "https://127.0.0.1:$PORT" --kubeconfig "$DATA/kubeconfig" 2>/dev/null
  SCHEME=https
  SECURITY=("-Dorchestrator.pki.dir=$DATA/pki" "-Dorchestrator.client.kubeconfig=$DATA/pki/control-plane.kubeconfig")
  CURL=(--cacert "$DATA/pki/ca.crt")
  export BENCH_PKI="$DATA/pki"
  if [ "$BENCH_TLS" = full ]; then
    java -cp "orchestrator.pki/target/orchestrator.pki-0.1.0-SNAPSHOT.jar:orchestrator.pki/target/lib/*" dev.orchestrator.pki.PkiTool \
      kubeconfig --dir "$DATA/pki" --server "https://127.0.0.1:$PORT" --user bench --out "$DATA/bench.kubeconfig"
    sed -n 's/^ *client-certificate-data: //p' "$DATA/bench.kubeconfig" | base64 -d >"$DATA/pki/bench.crt"
    sed -n 's/^ *client-key-data: //p' "$DATA/bench.kubeconfig" | base64 -d >"$DATA/pki/bench.key"
    export BENCH_USER=bench
    # the files ./orch up writes, by its own functions
    orch_fn() { bash -c 'set -euo pipefail; say() { :; }; die() { echo "$*" >&2; exit 1; }; eval "$(sed -n "/^$1() {/,/^}/p" orch)"; "$1" "$2"' orch "$@"; }
    SECURITY+=("-Dorchestrator.audit.policy=$(orch_fn audit_policy "$DATA")" "-Dorchestrator.encryption.config=$(orch_fn encryption_config "$DATA")")
  fi
fi
java "${ORCH_JAVA_ARGS[@]}" -Dorchestrator.data.dir="$DATA" -Dfelix.fileinstall.dir="$DATA/etc" -Dorg.osgi.service.http.port="$PORT" \
  -Dorg.apache.felix.http.host=127.0.0.1 -Dorg.slf4j.simpleLogger.defaultLogLevel=warn "${SECURITY[@]}" \
  -jar "${BENCH_JAR:-run/target/allinone.jar}" >"$DATA/server.log" 2>&1 &
SERVER=$!
# a server that ended before the benchmark did leaves its last lines (an OutOfMemoryError, a crash) in the output
trap 'kill -0 "$SERVER" 2>/dev/null || { echo "the server exited during the benchmark; its log ends:"; tail -n 30 "$DATA/server.log"; ls "$DATA/logs"; }
      kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; rm -rf "$DATA"' EXIT
# rss FIELD — VmRSS (now) or VmHWM (peak) of the server in MiB
rss() { awk -v f="$1:" '$1 == f {printf "%.0f MiB", $2/1024}' "/proc/$SERVER/status"; }
for _ in $(seq 1 120); do curl "${CURL[@]}" -sf -m 2 "$SCHEME://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.5; done
if [ "${BENCH_TLS:-}" = full ]; then
  curl "${CURL[@]}" -sf --cert "$DATA/pki/admin.crt" --key "$DATA/pki/admin.key" -H 'Content-Type: application/json' \
    -d '{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRoleBinding","metadata":{"name":"bench"},
         "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"cluster-admin"},
         "subjects":[{"apiGroup":"rbac.authorization.k8s.io","kind":"User","name":"bench"}]}' \
    "$SCHEME://127.0.0.1:$PORT/apis/rbac.authorization.k8s.io/v1/clusterrolebindings" >/dev/null
fi
export BENCH_SERVER_PID="$SERVER"
sleep 10
echo "server JVM options: ${ORCH_JAVA_ARGS[*]}; $SCHEME"
echo "server RSS idle, 10 s after ready: $(rss VmRSS)"
if [ -n "${BENCH_SEQUENTIAL:-}" ]; then
  java -Xmx1g -Djava.util.concurrent.ForkJoinPool.common.parallelism=2 -cp bench/apiserver/target/classes dev.orchestrator.bench.apiserver.SequentialClientBenchmark \
    "$SCHEME://127.0.0.1:$PORT" "$BENCH_SEQUENTIAL"
else
  java -Xmx2g -Djava.util.concurrent.ForkJoinPool.common.parallelism=2 -cp bench/apiserver/target/classes dev.orchestrator.bench.apiserver.ApiServerBenchmark \
    "$SCHEME://127.0.0.1:$PORT" "$@"
fi
echo "server RSS after the run: $(rss VmRSS) (peak $(rss VmHWM))"
