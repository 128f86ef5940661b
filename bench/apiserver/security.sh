#!/usr/bin/env bash
# The cost of TLS, RBAC and the audit log as a median over several pairs: runs the API benchmark plain and with
# BENCH_TLS=full (HTTPS, client certificates, RBAC for a user outside system:masters, the audit log, Secrets encrypted
# at rest) alternately, PAIRS times, on the jars as built, and prints each pair's pod create p99 and pod GETs/s with
# the security cost, then the medians. One pair differs from the next by more than the 20 % the security issue
# allows (BENCHMARKS.md), so one pair is no verdict. Usage:
#   bench/apiserver/security.sh [PAIRS] [run.sh arguments]     (defaults: 3 pairs, 500 20 1000 100 20)
# BENCH_NO_BUILD=1 skips the build; the logs stay in the directory printed at the start.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
PAIRS="${1:-3}"
shift || true
ARGS=("$@")
[ "${#ARGS[@]}" -gt 0 ] || ARGS=(500 20 1000 100 20)
[[ "$PAIRS" =~ ^[1-9][0-9]*$ ]] || { echo "PAIRS must be a positive number, not '$PAIRS'" >&2; exit 2; }
[ -n "${BENCH_NO_BUILD:-}" ] || mvn -B -q -ntp install -DskipTests
LOGS="$(mktemp -d /tmp/orch-bench-security.XXXXXX)"
echo "logs: $LOGS; $PAIRS pairs of bench/apiserver/run.sh ${ARGS[*]}"
for pair in $(seq 1 "$PAIRS"); do
  # the first of a pair alternates, so neither mode always runs on a machine just warmed by the other
  if [ $((pair % 2)) -eq 1 ]; then modes="plain full"; else modes="full plain"; fi
  for mode in $modes; do
    echo "== pair $pair: $mode"
    BENCH_NO_BUILD=1 BENCH_TLS="$([ "$mode" = full ] && echo full || echo "")" bench/apiserver/run.sh "${ARGS[@]}" \
      >"$LOGS/$pair-$mode.log" 2>&1 || { echo "the $mode run of pair $pair failed; its log: $LOGS/$pair-$mode.log" >&2; exit 1; }
    grep -E '^\| pod (create|get)' "$LOGS/$pair-$mode.log"
  done
done
python3 - "$LOGS" "$PAIRS" <<'PY'
import re, statistics, sys
logs, pairs = sys.argv[1], int(sys.argv[2])
def figures(path):
    create = get = None
    for line in open(path):
        cells = [c.strip() for c in line.strip().strip('|').split('|')]
        if cells[0].startswith('pod create'):
            create = float(cells[4])  # p99 ms
        elif cells[0].startswith('pod get'):
            get = float(cells[2])  # ops/s
    if create is None or get is None:
        sys.exit(f'{path}: no pod create or pod get row')
    return create, get
rows = []
print()
print('| pair | plain create p99 ms | full create p99 ms | cost | plain GETs/s | full GETs/s | cost |')
print('|---:|---:|---:|---:|---:|---:|---:|')
for pair in range(1, pairs + 1):
    (pc, pg), (fc, fg) = figures(f'{logs}/{pair}-plain.log'), figures(f'{logs}/{pair}-full.log')
    rows.append((pc, fc, fc / pc - 1, pg, fg, fg / pg - 1))
    print(f'| {pair} | {pc:.1f} | {fc:.1f} | {100 * (fc / pc - 1):+.0f} % | {pg:,.0f} | {fg:,.0f} | {100 * (fg / pg - 1):+.0f} % |')
m = [statistics.median(r[i] for r in rows) for i in range(6)]
print(f'| median | {m[0]:.1f} | {m[1]:.1f} | {100 * (m[1] / m[0] - 1):+.0f} % | {m[3]:,.0f} | {m[4]:,.0f} | {100 * (m[4] / m[3] - 1):+.0f} % |')
print()
print('cost = full against plain of the same pair; the median row compares the medians of each mode.')
PY
