#!/usr/bin/env bash
# Fuzzes sops4j's Jazzer targets one after the other, each for the maxDuration of its @FuzzTest
# annotation (10 minutes), and prints one summary row per target from libFuzzer's output.
#
#   secrets-core/src/test/fuzz/fuzz-all.sh [LOG_DIR] [Class#method ...]
#
# Without targets it runs all 15 (about 2.5 hours). Logs go to LOG_DIR (default
# secrets-core/target/fuzz-logs), one file per target; the corpus grows in secrets-core/.cifuzz-corpus.
# A finding stops its target: the log holds the Java stack trace, and the crashing input is written
# into the target's Inputs directory under src/test/resources (see docs/fuzzing.md).
set -uo pipefail
cd "$(dirname "$0")/../../.."   # the secrets-core module
logs=$(realpath -m "${1:-target/fuzz-logs}")
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(AgeFuzzTest#header AgeFuzzTest#armor AgeFuzzTest#payload AgeFuzzTest#identities
    SshKeyFuzzTest#privateKey SshKeyFuzzTest#publicKey
    SopsFuzzTest#yaml SopsFuzzTest#json SopsFuzzTest#dotenv SopsFuzzTest#ini SopsFuzzTest#binary
    SopsFuzzTest#metadata SopsFuzzTest#sopsConfig InstallFuzzTest#manifest InstallFuzzTest#template)
fi
mkdir -p "$logs"
mvn -B -q test-compile >"$logs/compile.log" 2>&1 || { echo "test-compile failed: $logs/compile.log" >&2; exit 1; }
status=0
for t in "${targets[@]}"; do
  log="$logs/${t//#/_}.log"
  start=$(date +%s)
  JAZZER_FUZZ=1 mvn -B surefire:test -Dtest="$t" -Dsurefire.failIfNoSpecifiedTests=false >"$log" 2>&1
  rc=$?
  [ $rc -eq 0 ] || status=1
  secs=$(( $(date +%s) - start ))
  runs=$(grep -oE '^Done [0-9]+ runs' "$log" | tail -1 | grep -oE '[0-9]+')
  last=$(grep -E '^#[0-9]+' "$log" | tail -1)
  cov=$(grep -oE 'cov: [0-9]+' <<<"$last" | grep -oE '[0-9]+')
  corp=$(grep -oE 'corp: [0-9]+' <<<"$last" | grep -oE '[0-9]+')
  printf '%-28s %s  %5ss  runs %-10s cov %-5s corpus %-5s\n' "$t" \
    "$([ $rc -eq 0 ] && echo 'no finding' || echo "FAILED ($log)")" "$secs" "${runs:-?}" "${cov:-?}" "${corp:-?}"
done
exit $status
