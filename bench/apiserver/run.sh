#!/usr/bin/env bash
# API server benchmark: starts the all-in-one (embedded store, fresh data dir, free loopback
# port), drives it over HTTP, stops it by PID. Usage:
#   bench/apiserver/run.sh [creates/s] [create-seconds] [watchers] [updates/s] [watch-seconds]
# The server runs with the JVM settings of ./orch up (run/allinone.jvm.options through run/java.sh);
# ORCH_JAVA_OPTS overrides them as it does for ./orch. BENCH_NO_BUILD=1 uses the jars as built;
# BENCH_JAR=FILE runs that all-in-one jar instead of run/target/allinone.jar (bench/apiserver/compare.sh).
# BENCH_TLS=1 starts the server as ./orch up does by default (HTTPS, client certificates; the benchmark authenticates
# with the admin's certificate); without it, plain HTTP without authentication (--insecure-http).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
. run/java.sh
[ -n "${BENCH_NO_BUILD:-}" ] || mvn -B -q -ntp install -DskipTests
DATA="$(mktemp -d /tmp/orch-bench-api.XXXXXX)"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
mkdir -p "$DATA/etc"
orch_java_args allinone "$DATA"
SCHEME=http SECURITY=() CURL=()
if [ -n "${BENCH_TLS:-}" ]; then
  java -cp "orchestrator.pki/target/orchestrator.pki-0.1.0-SNAPSHOT.jar:orchestrator.pki/target/lib/*" dev.orchestrator.pki.PkiTool \
    init --dir "$DATA/pki" --server "https://127.0.0.1:$PORT" --kubeconfig "$DATA/kubeconfig" 2>/dev/null
  SCHEME=https
  SECURITY=("-Dorchestrator.pki.dir=$DATA/pki" "-Dorchestrator.client.kubeconfig=$DATA/pki/control-plane.kubeconfig")
  CURL=(--cacert "$DATA/pki/ca.crt")
  export BENCH_PKI="$DATA/pki"
fi
java "${ORCH_JAVA_ARGS[@]}" -Dorchestrator.data.dir="$DATA" -Dfelix.fileinstall.dir="$DATA/etc" -Dorg.osgi.service.http.port="$PORT" \
  -Dorg.apache.felix.http.host=127.0.0.1 -Dorg.slf4j.simpleLogger.defaultLogLevel=warn "${SECURITY[@]}" \
  -jar "${BENCH_JAR:-run/target/allinone.jar}" >"$DATA/server.log" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; rm -rf "$DATA"' EXIT
# rss FIELD — VmRSS (now) or VmHWM (peak) of the server in MiB
rss() { awk -v f="$1:" '$1 == f {printf "%.0f MiB", $2/1024}' "/proc/$SERVER/status"; }
for _ in $(seq 1 120); do curl "${CURL[@]}" -sf "$SCHEME://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.5; done
sleep 10
echo "server JVM options: ${ORCH_JAVA_ARGS[*]}; $SCHEME"
echo "server RSS idle, 10 s after ready: $(rss VmRSS)"
java -Xmx2g -cp bench/apiserver/target/classes dev.orchestrator.bench.apiserver.ApiServerBenchmark \
  "$SCHEME://127.0.0.1:$PORT" "$@"
echo "server RSS after the run: $(rss VmRSS) (peak $(rss VmHWM))"
