#!/usr/bin/env bash
# Smoke run of bench/results on a small ledger with the test suite's build:
# every benchmark runs and adds its rows to the table, none fails. It asserts
# no speed (that is the benchmarks' report, not a test's job).
# Usage: results_smoke.sh BUILD_DIR
set -euo pipefail
build=$1
cd "$(dirname "$0")/../.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
BENCH_BUILD="$build" BENCH_DIR="$work" SOAK_SECONDS=3 RUNS=2 APPENDS=200 \
  RESULTS="$work/RESULTS.md" bench/results 5000 1
cat "$work/RESULTS.md"
status=0
for bench in ledger_bench service_bench report_bench soak slow_clients; do
  rows=$(grep -c "^| $bench | " "$work/RESULTS.md" || true)
  least=4
  [[ $bench == slow_clients ]] && least=2
  if [[ $rows -lt $least ]]; then
    echo "FAIL: $bench added $rows rows"
    status=1
  fi
done
if grep -q "the benchmark failed" "$work/RESULTS.md"; then
  echo "FAIL: a benchmark failed"
  status=1
fi
if grep -Eq "nan| \| /s|\|  *\|" "$work/RESULTS.md"; then
  echo "FAIL: a figure is missing"
  status=1
fi
for figure in "durable appends, one per commit" "GET one entry" "POST a donation, 32 clients" \
  "the books alone: 32 threads recording donations" "the books alone as above, commits not fsynced" \
  "report fund-statement, computed" \
  "soak: peak resident memory" "POST p99 latency while 200 slow connections trickle their heads"; do
  grep -q "| $figure" "$work/RESULTS.md" || { echo "FAIL: no row: $figure"; status=1; }
done
for figure in "verify after the POSTs (the service killed, not stopped)" \
  "donations in the ledger after the kill, of those answered 201" \
  "GET the export ([0-9.]* MiB): the service's memory at its peak, above its resting size" \
  "soak: verify afterwards"; do
  grep "| $figure |" "$work/RESULTS.md" | grep -q "| yes |$" || { echo "FAIL: $figure"; status=1; }
done
exit $status
