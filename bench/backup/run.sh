#!/usr/bin/env bash
# Backup and restore benchmark: starts the all-in-one (embedded store, no node, fresh data dir, free loopback
# port) with the settings of ./orch up, fills it with N ConfigMaps of about 1 KiB (default 10000; with the
# cluster's own objects that is N + ~50 keys), then times ./orch backup while it runs, ./orch restore into a new
# data directory, and a start on the restored store until /readyz. Stops every process by PID.
#   bench/backup/run.sh [configmaps]
# BENCH_NO_BUILD=1 uses the jars as built.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
. run/java.sh
N="${1:-10000}"
[ -n "${BENCH_NO_BUILD:-}" ] || mvn -B -q -ntp install -DskipTests
WORK="$(mktemp -d /tmp/orch-bench-backup.XXXXXX)"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
URL="http://127.0.0.1:$PORT"
SERVER=""
stop_server() {
  [ -n "$SERVER" ] || return 0
  kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; SERVER=""
}
trap 'stop_server; rm -rf "$WORK"' EXIT
# start_server DATA_DIR — the all-in-one on DATA_DIR, waited for until ready; prints seconds to ready
start_server() {
  local data=$1 started
  mkdir -p "$data/etc"
  orch_java_args allinone "$data"
  started=$(date +%s%N)
  java "${ORCH_JAVA_ARGS[@]}" -Dorchestrator.data.dir="$data" -Dfelix.fileinstall.dir="$data/etc" \
    -Dorg.osgi.service.http.port="$PORT" -Dorg.apache.felix.http.host=127.0.0.1 \
    -jar run/target/allinone.jar >"$data/server.log" 2>&1 &
  SERVER=$!
  until curl -sf "$URL/readyz" >/dev/null 2>&1; do sleep 0.1; done
  echo "$(( ($(date +%s%N) - started) / 1000000 ))"
}
ms_since() { echo "$(( ($(date +%s%N) - $1) / 1000000 ))"; }

start_server "$WORK/a" >/dev/null
PAYLOAD="$(head -c 700 /dev/zero | tr '\0' 'x')"
started=$(date +%s%N)
seq 1 "$N" | xargs -P 8 -I{} curl -sf -o /dev/null -X POST -H 'Content-Type: application/json' \
  "$URL/api/v1/namespaces/default/configmaps" \
  -d "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"cm-{}\",\"labels\":{\"bench\":\"backup\"}},\"data\":{\"payload\":\"$PAYLOAD\"}}"
echo "filled $N ConfigMaps in $(ms_since "$started") ms"

started=$(date +%s%N)
./orch backup "$WORK/cluster.orchsnap" --server "$URL" 2>/dev/null
echo "backup (while running, incl. the file check): $(ms_since "$started") ms, $(stat -c %s "$WORK/cluster.orchsnap") bytes"
stop_server

started=$(date +%s%N)
./orch restore "$WORK/cluster.orchsnap" --data-dir "$WORK/b" 2>/dev/null
echo "restore (./orch restore, whole command incl. JVM start and file check): $(ms_since "$started") ms"

echo "start on the restored store until ready: $(start_server "$WORK/b") ms"
echo "ConfigMaps after the restore: $(curl -sf "$URL/api/v1/namespaces/default/configmaps?labelSelector=bench%3Dbackup" \
  | grep -o '"name":"cm-' | wc -l)"
stop_server
