#!/bin/bash
# run_fuzzer.sh FUZZER SEEDS WORKDIR SECONDS [extra libFuzzer flags]
# One libFuzzer run: the seeds are read, new inputs go to WORKDIR/corpus, a crashing input
# to WORKDIR/crash-*. Prints libFuzzer's final stats (executions, coverage, memory).
set -euo pipefail
fuzzer=$1 seeds=$2 work=$3 seconds=$4
shift 4
mkdir -p "$work/corpus"
exec "$fuzzer" -max_total_time="$seconds" -print_final_stats=1 -timeout=10 -rss_limit_mb=2048 \
  -artifact_prefix="$work/" "$@" "$work/corpus" "$seeds"
