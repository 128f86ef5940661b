#!/usr/bin/env bash
# Service proxy benchmark: the iptables and the nftables proxy side by side, each programming a network
# namespace made for the run (never the host's rules): a full sync of N services × 2 endpoints, the median and
# worst of 20 one-endpoint changes on top (partial syncs), and the removal of everything. Then the cluster
# DNS: queries/s and latency for 10,000 Services on loopback (4 clients, 20 s). Needs root, iptables and nft.
# Usage:
#   bench/proxy/run.sh [services ...]      (default: 1000 10000)
# BENCH_NO_BUILD=1 uses the classes as built; BENCH_MODES=iptables (or nftables) times only that proxy;
# BENCH_DNS=0 skips the DNS part; MVN="flock /tmp/orch-build.lock mvn" shares a build lock with others.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
[ "$(id -u)" -eq 0 ] || { echo "bench/proxy needs root (network namespaces, iptables, nft)" >&2; exit 1; }
SIZES=("$@"); [ ${#SIZES[@]} -gt 0 ] || SIZES=(1000 10000)
read -r -a MVN <<< "${MVN:-mvn}"
if [ -z "${BENCH_NO_BUILD:-}" ]; then
  "${MVN[@]}" -B -q -o install -DskipTests -pl bench/proxy,orchestrator.dns -am
fi
"${MVN[@]}" -B -q -o -f bench/proxy/pom.xml dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
if [ "${BENCH_DNS:-1}" != 0 ]; then
  "${MVN[@]}" -B -q -o -f orchestrator.dns/pom.xml dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/bench-classpath.txt
fi
NS="orchbench-proxy-$$"
ip netns add "$NS"
trap 'ip netns del "$NS" 2>/dev/null || true' EXIT
ip netns exec "$NS" ip link set lo up
echo "machine: $(nproc) vCPU, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(iptables -V), nft $(nft -v | awk '{print $2}'), $(java -version 2>&1 | head -1)"
java -Xmx1g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dbench.modes="${BENCH_MODES:-iptables nftables}" \
  -cp "bench/proxy/target/classes:$(cat bench/proxy/target/classpath.txt)" \
  dev.orchestrator.bench.proxy.ProxyBenchmark "$NS" "${SIZES[@]}"
[ "${BENCH_DNS:-1}" != 0 ] || exit 0
echo
printf '%-9s %8s %8s %10s %12s %10s %10s %10s %8s\n' server services clients queries queries/s "p50 µs" "p99 µs" "max µs" errors
java -Xmx1g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "orchestrator.dns/target/classes:orchestrator.dns/target/test-classes:$(cat orchestrator.dns/target/bench-classpath.txt)" \
  dev.orchestrator.dns.internal.DnsLoadBench 10000 20 4
