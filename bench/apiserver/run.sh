#!/usr/bin/env bash
# API server benchmark: starts the all-in-one (embedded store, fresh data dir, free loopback
# port), drives it over HTTP, stops it by PID. Usage:
#   bench/apiserver/run.sh [creates/s] [create-seconds] [watchers] [updates/s] [watch-seconds]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
mvn -B -q -ntp install -DskipTests
DATA="$(mktemp -d /tmp/orch-bench-api.XXXXXX)"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
mkdir -p "$DATA/etc"
java -Xmx2g -Dorchestrator.data.dir="$DATA" -Dfelix.fileinstall.dir="$DATA/etc" -Dorg.osgi.service.http.port="$PORT" \
  -Dorg.apache.felix.http.host=127.0.0.1 -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -jar run/target/allinone.jar >"$DATA/server.log" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; rm -rf "$DATA"' EXIT
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.5; done
java -Xmx2g -cp bench/apiserver/target/classes dev.orchestrator.bench.apiserver.ApiServerBenchmark \
  "http://127.0.0.1:$PORT" "$@"
echo "server RSS after the run: $(ps -o rss= -p "$SERVER" | awk '{printf "%.0f MiB", $1/1024}')"
