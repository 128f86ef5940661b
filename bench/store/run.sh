#!/usr/bin/env bash
# Store benchmark: embedded store and a real etcd (Debian etcd-server, started on loopback
# with a temporary data dir) measured in one run. Usage: bench/store/run.sh [seconds] [watch-rate]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
command -v etcd >/dev/null || { echo "bench: etcd is missing (Debian: apt-get install etcd-server)" >&2; exit 1; }
mvn -B -q -ntp install -DskipTests
mvn -B -q -ntp -f bench/store/pom.xml dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
CP="bench/store/target/classes:$(cat bench/store/target/classpath.txt)"
exec java -Xmx4g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Detcd.binary="$(command -v etcd)" \
  -cp "$CP" dev.orchestrator.bench.store.StoreBenchmark "$@"
