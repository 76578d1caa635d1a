#!/usr/bin/env bash
# `make fuzz`: every cargo-fuzz target for SECONDS each (default 60), one after the other.
# Seeds (small realistic inputs, in git) are under fuzz/seeds/TARGET; what the fuzzer
# learns goes to fuzz/corpus/TARGET and crashes to fuzz/artifacts/TARGET (both ignored by
# git). Prints executions per target; exits non-zero when any target found a crash.
#   scripts/fuzz.sh [SECONDS]
set -uo pipefail
cd "$(dirname "$0")/../fuzz"
SECONDS_EACH=${1:-60}
say() { printf '\033[1m==> %s\033[0m\n' "$1"; }
TARGETS=$(cargo fuzz list)
declare -A RUNS RESULT
failed=0
for target in $TARGETS; do
  say "fuzzing $target for ${SECONDS_EACH}s"
  mkdir -p "corpus/$target" "artifacts/$target"
  log=$(mktemp)
  cargo fuzz run "$target" --sanitizer none --debug-assertions \
    "$PWD/corpus/$target" "$PWD/seeds/$target" -- \
    -max_total_time="$SECONDS_EACH" -print_final_stats=1 \
    -artifact_prefix="$PWD/artifacts/$target/" >"$log" 2>&1
  status=$?
  tail -n 4 "$log"
  RUNS[$target]=$(awk '/stat::number_of_executed_units:/ { print $2 }' "$log" | tail -1)
  if [ "$status" -eq 0 ]; then
    RESULT[$target]="no crash"
  else
    failed=1
    RESULT[$target]="CRASH (exit $status): $(ls -t "artifacts/$target" | head -1) — see the log above"
    grep -m1 -A12 -E "panicked|ERROR: libFuzzer" "$log" || tail -n 30 "$log"
  fi
  rm -f "$log"
done
say "fuzzing summary (${SECONDS_EACH}s per target)"
printf '%-14s %14s  %s\n' target executions result
for target in $TARGETS; do
  printf '%-14s %14s  %s\n' "$target" "${RUNS[$target]:-?}" "${RESULT[$target]}"
done
exit $failed
