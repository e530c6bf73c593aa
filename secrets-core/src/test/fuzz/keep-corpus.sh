#!/usr/bin/env bash
# Keeps what fuzzing found: merges each target's generated corpus (secrets-core/.cifuzz-corpus) into
# its regression inputs (src/test/resources/dev/sops4j/fuzz/<Class>Inputs/<method>/corpus), adding
# only inputs that reach coverage features the kept ones do not (libFuzzer -merge=1), so every build
# replays them.
#
#   secrets-core/src/test/fuzz/keep-corpus.sh [Class#method ...]     (default: every target with a corpus)
set -euo pipefail
cd "$(dirname "$0")/../../.."   # the secrets-core module
mvn -B -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/fuzz-classpath.txt
cp="target/test-classes:target/classes:$(cat target/fuzz-classpath.txt)"
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for d in .cifuzz-corpus/dev.sops4j.fuzz.*/*/; do
    class=$(basename "$(dirname "$d")"); targets+=("${class#dev.sops4j.fuzz.}#$(basename "$d")")
  done
fi
for t in "${targets[@]}"; do
  class=${t%#*}; method=${t#*#}
  from=.cifuzz-corpus/dev.sops4j.fuzz.$class/$method
  to=src/test/resources/dev/sops4j/fuzz/${class}Inputs/$method/corpus
  [ -d "$from" ] || { echo "$t: no corpus in $from" >&2; continue; }
  mkdir -p "$to"
  before=$(find "$to" -type f | wc -l)
  java -cp "$cp" com.code_intelligence.jazzer.Jazzer --target_class="dev.sops4j.fuzz.$class" \
    --target_method="$method" -merge=1 "$to" "$from" >"target/merge-$class-$method.log" 2>&1 \
    || { echo "$t: merge failed, see target/merge-$class-$method.log" >&2; exit 1; }
  echo "$t: $(find "$from" -type f | wc -l) generated, $before kept before, $(find "$to" -type f | wc -l) kept now"
done
