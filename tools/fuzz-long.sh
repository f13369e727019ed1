#!/bin/bash
# Long libFuzzer runs, one target at a time, with the figures docs/robustness.md reports.
#   tools/fuzz-long.sh BUILD_FUZZ_DIR [SECONDS_PER_TARGET] [TARGET...]
# BUILD_FUZZ_DIR is a build configured with -DIKEV2_FUZZ=ON (tests/fuzz/CMakeLists.txt).
# Logs go to BUILD_FUZZ_DIR/fuzz-long/<target>.log, the corpus grows in
# BUILD_FUZZ_DIR/tests/fuzz/work/<target>/corpus; a finding stops that target's run and
# leaves crash-* / leak-* / timeout-* beside the corpus. Prints one table row per target.
set -uo pipefail
cd "$(dirname "$0")/.."
build=${1:?usage: tools/fuzz-long.sh BUILD_FUZZ_DIR [SECONDS] [TARGET...]}
seconds=${2:-600}
shift $(( $# >= 2 ? 2 : 1 ))
fuzz=$build/tests/fuzz
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for f in "$fuzz"/fuzz_*; do [ -x "$f" ] && targets+=("${f##*/fuzz_}"); done
fi
mkdir -p "$build/fuzz-long"
printf "| target | seconds | executions | exec/s | coverage (edges) | corpus | peak RSS MB | result |\n"
printf "|---|---|---|---|---|---|---|---|\n"
for t in "${targets[@]}"; do
  log=$build/fuzz-long/$t.log
  extra=()
  case $t in keys_*) extra=(-max_len=4096) ;; esac
  start=$(date +%s)
  tests/fuzz/run_fuzzer.sh "$fuzz/fuzz_$t" "$fuzz/seeds/$t" "$fuzz/work/$t" "$seconds" "${extra[@]}" >"$log" 2>&1
  rc=$?
  took=$(( $(date +%s) - start ))
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$log")
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
  corp=$(grep -o 'corp: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
  result=$([ $rc -eq 0 ] && echo "no finding" || echo "FINDING (exit $rc, see $log)")
  printf "| %s | %s | %s | %s | %s | %s | %s | %s |\n" "$t" "$took" "${execs:-?}" \
    "$(( ${execs:-0} / (took > 0 ? took : 1) ))" "${cov:-?}" "${corp:-?}" "${rss:-?}" "$result"
done
