#!/usr/bin/env bash
# Backup and restore benchmark: starts the all-in-one (embedded store, no node, fresh data dir, free loopback
# port) with the settings of ./orch up, fills it with N ConfigMaps of about 1 KiB (default 10000; with the
# cluster's own objects that is N + ~50 keys), then times ./orch backup while it runs, ./orch restore into a new
# data directory, and a start on the restored store until /readyz. Stops every process by PID.
#   bench/backup/run.sh [configmaps]
# BENCH_ETCD=1 also restores the file into a new etcd (one member on loopback ports, started and stopped here by PID) and
# starts an all-in-one on it. BENCH_NO_BUILD=1 uses the jars as built; BENCH_KEEP=1 keeps the data directories and logs.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
. run/java.sh
N="${1:-10000}"
[ -n "${BENCH_NO_BUILD:-}" ] || mvn -B -q -ntp install -DskipTests
WORK="$(mktemp -d /tmp/orch-bench-backup.XXXXXX)"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
URL="http://127.0.0.1:$PORT"
SERVER="" ETCD=""
stop_server() {
  [ -n "$SERVER" ] || return 0
  kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; SERVER=""
}
stop_etcd() {
  [ -n "$ETCD" ] || return 0
  kill "$ETCD" 2>/dev/null || true; wait "$ETCD" 2>/dev/null || true; ETCD=""
}
trap 'stop_server; stop_etcd; if [ -n "${BENCH_KEEP:-}" ]; then echo "kept $WORK"; else rm -rf "$WORK"; fi' EXIT
# start_server DATA_DIR [ETCD_URL] — the all-in-one on DATA_DIR (its store in etcd at ETCD_URL if given), waited for
# until ready; sets READY_MS (not a subshell: SERVER must stay known, to be stopped)
start_server() {
  local data=$1 started
  mkdir -p "$data/etc"
  [ -z "${2:-}" ] || printf 'endpoints=%s\n' "$2" >"$data/etc/orchestrator.store.etcd.cfg"
  orch_java_args allinone "$data"
  started=$(date +%s%N)
  java "${ORCH_JAVA_ARGS[@]}" -Dorchestrator.data.dir="$data" -Dfelix.fileinstall.dir="$data/etc" \
    -Dorg.osgi.service.http.port="$PORT" -Dorg.apache.felix.http.host=127.0.0.1 \
    -jar run/target/allinone.jar >"$data/server.log" 2>&1 &
  SERVER=$!
  until curl -sf -m 2 "$URL/readyz" >/dev/null 2>&1; do
    kill -0 "$SERVER" 2>/dev/null || { echo "the all-in-one on $data ended; its log:" >&2; tail -20 "$data/server.log" >&2; exit 1; }
    sleep 0.1
  done
  READY_MS=$(ms_since "$started")
}
ms_since() { echo "$(( ($(date +%s%N) - $1) / 1000000 ))"; }

start_server "$WORK/a"
started=$(date +%s%N)
# 8 threads on keep-alive connections: one curl process per object managed only ~40 creates/s here
python3 - "$PORT" "$N" <<'PY'
import http.client, json, sys, threading
port, n = int(sys.argv[1]), int(sys.argv[2])
payload = "x" * 700
failures = []
def fill(first):
    conn = http.client.HTTPConnection("127.0.0.1", port)
    for i in range(first, n + 1, 8):
        body = json.dumps({"apiVersion": "v1", "kind": "ConfigMap",
                           "metadata": {"name": f"cm-{i}", "labels": {"bench": "backup"}}, "data": {"payload": payload}})
        conn.request("POST", "/api/v1/namespaces/default/configmaps", body, {"Content-Type": "application/json"})
        answer = conn.getresponse()
        answer.read()
        if answer.status != 201:
            failures.append(f"cm-{i}: HTTP {answer.status}")
            return
threads = [threading.Thread(target=fill, args=(k,)) for k in range(1, 9)]
for t in threads: t.start()
for t in threads: t.join()
sys.exit(failures[0] if failures else 0)
PY
echo "filled $N ConfigMaps in $(ms_since "$started") ms"

started=$(date +%s%N)
./orch backup "$WORK/cluster.orchsnap" --server "$URL" 2>/dev/null
echo "backup (while running, incl. the file check): $(ms_since "$started") ms, $(stat -c %s "$WORK/cluster.orchsnap") bytes"
stop_server

started=$(date +%s%N)
./orch restore "$WORK/cluster.orchsnap" --data-dir "$WORK/b" 2>/dev/null
echo "restore (./orch restore, whole command incl. JVM start and file check): $(ms_since "$started") ms"

start_server "$WORK/b"
echo "start on the restored store until ready: $READY_MS ms"
# count_listed [QUERY] — the bench's ConfigMaps in one list (as stored; with a query such as a selector, decoded)
count_listed() {
  local started listed
  started=$(date +%s%N)
  listed=$(curl -sf "$URL/api/v1/namespaces/default/configmaps${1:+?$1}" | grep -o '"name":"cm-' | wc -l)
  echo "$listed ($(ms_since "$started") ms)"
}
echo "ConfigMaps after the restore, in one list: $(count_listed); with a label selector: $(count_listed labelSelector=bench%3Dbackup)"
stop_server

[ -n "${BENCH_ETCD:-}" ] || exit 0
ETCD_PORTS=($(python3 -c 'import socket
for _ in range(2):
    s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'))
ETCD_URL="http://127.0.0.1:${ETCD_PORTS[0]}"
etcd --data-dir "$WORK/etcd" --listen-client-urls "$ETCD_URL" --advertise-client-urls "$ETCD_URL" \
  --listen-peer-urls "http://127.0.0.1:${ETCD_PORTS[1]}" --initial-advertise-peer-urls "http://127.0.0.1:${ETCD_PORTS[1]}" \
  --initial-cluster "default=http://127.0.0.1:${ETCD_PORTS[1]}" --quota-backend-bytes $((8 * 1024 * 1024 * 1024)) \
  >"$WORK/etcd.log" 2>&1 &
ETCD=$!
until curl -sf "$ETCD_URL/health" >/dev/null 2>&1; do sleep 0.1; done
echo "etcd $(etcd --version | head -1 | awk '{print $3}') on $ETCD_URL"
started=$(date +%s%N)
./orch restore "$WORK/cluster.orchsnap" --etcd-endpoints "$ETCD_URL" 2>/dev/null
echo "restore into the new etcd (whole command): $(ms_since "$started") ms; etcd's files: $(du -sm "$WORK/etcd" | cut -f1) MiB"
start_server "$WORK/c" "$ETCD_URL"
echo "start on the restored etcd until ready: $READY_MS ms"
echo "ConfigMaps after the restore into etcd, in one list: $(count_listed); with a label selector: $(count_listed labelSelector=bench%3Dbackup)"
stop_server
stop_etcd
