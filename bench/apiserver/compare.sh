#!/usr/bin/env bash
# The API server benchmark against two builds in one run: BASE (a git revision, by default the
# last one before typed decoding and per-kind validation) and the working tree, each started
# with the same JVM settings on a fresh data dir. Usage:
#   bench/apiserver/compare.sh [BASE_REV]
# Per build: creates at 500/s for 20 s (latency at the issue's rate), then at 3,000/s for 10 s
# (more than the server takes: the achieved rate is its create throughput).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
BASE="${1:-dba168a}"
WORK="$(mktemp -d /tmp/orch-bench-base.XXXXXX)"
cleanup() { git worktree remove --force "$WORK/src" >/dev/null 2>&1 || true; rm -rf "$WORK"; }
trap cleanup EXIT
echo "== building the working tree"
mvn -B -q -ntp -o -DskipTests package
echo "== building $BASE in $WORK/src"
git worktree add --detach -q "$WORK/src" "$BASE"
(cd "$WORK/src" && mvn -B -q -ntp -o -DskipTests package)
cp "$WORK/src/run/target/allinone.jar" "$WORK/base.jar"
cp run/target/allinone.jar "$WORK/head.jar"
for build in base head; do
  for load in "500 20 100 10 5" "3000 10 100 10 5"; do
    echo "== $build ($([ "$build" = base ] && echo "$BASE" || git rev-parse --short HEAD)), load: $load"
    # shellcheck disable=SC2086
    BENCH_NO_BUILD=1 BENCH_JAR="$WORK/$build.jar" bench/apiserver/run.sh $load
  done
done
