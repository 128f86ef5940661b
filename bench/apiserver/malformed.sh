#!/usr/bin/env bash
# Memory of the all-in-one under malformed requests: starts it like run.sh (JVM settings of ./orch up
# through run/java.sh; ORCH_JAVA_OPTS / ORCH_JVM_OPTIONS_FILE change them), then CLIENTS threads send,
# for SECONDS, bodies of almost the size limit (3 MiB) that are not valid JSON, not valid YAML, deeply
# nested, or over the limit (10 MiB, 413), and prints the server's RSS idle, every 10 s, and at the
# end with its peak. Every answer must be a 4xx. Usage:
#   bench/apiserver/malformed.sh [seconds] [clients]      (BENCH_NO_BUILD=1 uses the jars as built)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
. run/java.sh
SECONDS_TO_RUN="${1:-60}"; CLIENTS="${2:-16}"
[ -n "${BENCH_NO_BUILD:-}" ] || mvn -B -q -ntp install -DskipTests
DATA="$(mktemp -d /tmp/orch-bench-malformed.XXXXXX)"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
mkdir -p "$DATA/etc"
orch_java_args allinone "$DATA"
java "${ORCH_JAVA_ARGS[@]}" -Dorchestrator.data.dir="$DATA" -Dfelix.fileinstall.dir="$DATA/etc" -Dorg.osgi.service.http.port="$PORT" \
  -Dorg.apache.felix.http.host=127.0.0.1 -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -jar run/target/allinone.jar >"$DATA/server.log" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; rm -rf "$DATA"' EXIT
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.5; done
sleep 10
echo "server JVM options: ${ORCH_JAVA_ARGS[*]}"
python3 - "$PORT" "$SERVER" "$SECONDS_TO_RUN" "$CLIENTS" <<'PY'
import http.client, sys, threading, time, collections
port, pid, seconds, clients = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
def rss(field):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith(field + ":"):
            return int(line.split()[1]) // 1024
near = 3 * 1024 * 1024 - 4096
bodies = [
    ("application/json", b'{"metadata":{"name":"x"},"data":{"a":"' + b"a" * near),          # unterminated JSON
    ("application/json", b"[" * 200000 + b"]" * 200000),                                     # deep nesting
    ("application/yaml", b"metadata:\n  name: x\ndata:\n  a: [" + b"b, " * (near // 4)),      # unclosed YAML flow
    ("application/json", b"a" * (10 * 1024 * 1024)),                                          # over the limit
]
path = "/api/v1/namespaces/default/configmaps"
counts, bad = collections.Counter(), collections.Counter()
deadline = time.time() + seconds
def client(i):
    conn = None
    n = i
    while time.time() < deadline:
        ctype, body = bodies[n % len(bodies)]
        n += 1
        try:
            if conn is None:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            conn.request("POST", path, body=body, headers={"Content-Type": ctype})
            r = conn.getresponse(); r.read()
            counts[r.status] += 1
            if r.status < 400 or r.status >= 500:
                bad[r.status] += 1
            if r.getheader("Connection", "").lower() == "close":
                conn.close(); conn = None
        except Exception as e:
            counts[type(e).__name__] += 1
            if conn: conn.close()
            conn = None
print(f"server RSS idle, 10 s after ready: {rss('VmRSS')} MiB")
threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
for t in threads: t.start()
start = time.time()
while any(t.is_alive() for t in threads):
    time.sleep(10)
    print(f"  {time.time() - start:4.0f} s: RSS {rss('VmRSS')} MiB, answers {dict(counts)}", flush=True)
print(f"server RSS after {seconds} s of malformed requests from {clients} clients: {rss('VmRSS')} MiB (peak {rss('VmHWM')} MiB)")
print(f"answers: {dict(counts)}; not 4xx: {dict(bad) or 'none'}")
PY
kill -0 "$SERVER" 2>/dev/null || { echo "the server exited:"; tail -20 "$DATA/server.log"; exit 1; }
