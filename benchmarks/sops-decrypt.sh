#!/usr/bin/env bash
# SOPS decryption: sops4j against npm sops-age (node), on the same files, in one run.
#
#   benchmarks/sops-decrypt.sh                 # RUNS=10 ROUND_MS=1000, whole process and in-process
#   RUNS=20 INPROCESS=0 benchmarks/sops-decrypt.sh   # whole process only (WHOLE=0: in-process only)
#
# 1. SopsBenchFiles (run as a source file on sops4j.jar) writes a 1,000-value YAML, a 10,000-value JSON
#    and a one-value YAML file, encrypted by sops4j to a fresh X25519 key, into a temporary directory.
# 2. Correctness first: for each file, `sops4j.jar decrypt --output-type json` on every JDK and
#    sops-age's JSON.stringify must parse to the same values in the same order (and, for the JSON file,
#    to its plaintext), else the script stops.
# 3. Whole process: hyperfine (one warm-up, then RUNS runs; a date +%s.%N loop without hyperfine) of
#    `node sops-age-decrypt.mjs key FILE` and `java -jar sops4j.jar decrypt --key-file key FILE` on
#    the default java (JDK 17) and Temurin 25, each also with the JVM options of TUNED (default:
#    C1 only and the serial GC, which suit a short process; TUNED= to skip); median wall time, user CPU,
#    ratio to node.
# 4. In-process (INPROCESS=1, the default): sops-age-decrypt.mjs --bench (warm-up, then the median of 5
#    rounds of ROUND_MS) and, when benchmarks/target/benchmarks.jar exists, JMH SopsDecryptBenchmark on
#    each JDK on the same files (build it: mvn -o -q -f benchmarks/reactor.xml package -DskipTests).
#
# Needs node and sops-age under $SOPS4J_NPM_PEERS/node_modules (default: the repository's .peers).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${RUNS:-10}
round_ms=${ROUND_MS:-1000}
whole=${WHOLE:-1}
inprocess=${INPROCESS:-1}
jar=${JAR:-$root/secrets-cli/target/sops4j.jar}
bench_jar=${BENCH_JAR:-$root/benchmarks/target/benchmarks.jar}
java17=${JAVA17:-java}
java25=${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
node=${NODE:-node}
tuned=${TUNED--XX:TieredStopAtLevel=1 -XX:+UseSerialGC}
export SOPS4J_NPM_PEERS=${SOPS4J_NPM_PEERS:-$root/.peers}
driver=$root/benchmarks/sops-age-decrypt.mjs

command -v "$node" >/dev/null || { echo "node not found (set NODE)" >&2; exit 1; }
[ -d "$SOPS4J_NPM_PEERS/node_modules/sops-age" ] \
  || { echo "no sops-age in $SOPS4J_NPM_PEERS/node_modules (set SOPS4J_NPM_PEERS)" >&2; exit 1; }
if [ ! -f "$jar" ]; then
  echo "building $jar ..." >&2
  (cd "$root" && mvn -B -q -pl secrets-core,secrets-cli -am package -DskipTests)
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/sops4j-sops-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
echo "writing the benchmark files into $work ..." >&2
"$java17" -cp "$jar" "$root/benchmarks/src/main/java/dev/sops4j/bench/SopsBenchFiles.java" "$work"
key=$work/key.txt
files=(secrets-1k.yaml secrets-10k.json tiny.yaml)

declare -a javas java_names
javas+=("$java17"); java_names+=("sops4j, JDK $("$java17" -version 2>&1 | head -1 | cut -d'"' -f2)")
if [ -x "$java25" ]; then
  javas+=("$java25"); java_names+=("sops4j, JDK $("$java25" -version 2>&1 | head -1 | cut -d'"' -f2)")
else
  echo "no JDK 25 at $java25 (set JAVA25): skipping it" >&2
fi
sops_age_version=$(sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' "$SOPS4J_NPM_PEERS/node_modules/sops-age/package.json" | head -1)
node_name="node $("$node" --version) sops-age $sops_age_version"

load() { cut -d' ' -f1-3 /proc/loadavg; }

# --- 2. correctness -------------------------------------------------------------------------------
same_values() { # expected.json actual.json [plain.json] -> prints the value count, fails when they differ
  "$node" -e '
    const fs = require("fs");
    const [a, b, plain] = process.argv.slice(1).map((f) => JSON.parse(fs.readFileSync(f, "utf8")));
    const count = (v) => v !== null && typeof v === "object" ? Object.values(v).reduce((n, x) => n + count(x), 0) : 1;
    if (JSON.stringify(a) !== JSON.stringify(b)) { console.error("values differ"); process.exit(1); }
    if (plain !== undefined && JSON.stringify(a) !== JSON.stringify(plain)) { console.error("not the plaintext"); process.exit(1); }
    console.log(count(a));' "$@"
}
for f in "${files[@]}"; do
  "$node" "$driver" "$key" "$work/$f" > "$work/$f.node.json"
  plain=()
  [ "$f" = secrets-10k.json ] && plain=("$work/plain-10k.json")
  for i in "${!javas[@]}"; do
    "${javas[$i]}" -jar "$jar" decrypt --key-file "$key" --output-type json "$work/$f" > "$work/$f.java$i.json"
    n=$(same_values "$work/$f.node.json" "$work/$f.java$i.json" "${plain[@]}") \
      || { echo "$f: ${java_names[$i]} and sops-age disagree" >&2; exit 1; }
  done
  echo "$f: $(stat -c %s "$work/$f") bytes, $n values, same values from sops-age and sops4j on every JDK" >&2
done

# --- 3. whole process -----------------------------------------------------------------------------
median_and_user() { # command... -> "median_seconds user_seconds" of $runs runs after one warm-up
  if command -v hyperfine >/dev/null; then
    hyperfine --style none -N --warmup 1 --runs "$runs" --export-csv "$work/h.csv" "$*" >/dev/null
    awk -F, 'NR==2 {printf "%.3f %.3f\n", $4, $5}' "$work/h.csv"
  else
    "$@" >/dev/null
    local times=() start end
    for _ in $(seq "$runs"); do
      start=$(date +%s.%N); "$@" >/dev/null; end=$(date +%s.%N)
      times+=("$(echo "$end - $start" | bc -l)")
    done
    printf '%s\n' "${times[@]}" | sort -g \
      | awk '{a[NR]=$1} END {print ((NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2), "-"}'
  fi
}

echo
echo "$(nproc) CPUs, $(lscpu | sed -n 's/^Model name: *//p' | head -1); $node_name; $(date -u +%Y-%m-%dT%H:%MZ);" \
  "commit $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [ "$whole" = 1 ]; then
echo "whole process, median of $runs runs ($(command -v hyperfine >/dev/null && echo hyperfine -N || echo date loop));" \
  "tuned: $tuned"
printf '%-18s %-28s %10s %10s %12s\n' "file" "command" "median s" "user s" "time / node"
for f in "${files[@]}"; do
  echo "  load before $f: $(load)"
  read -r base base_user <<<"$(median_and_user "$node" "$driver" "$key" "$work/$f")"
  printf '%-18s %-28s %10.3f %10s %12s\n' "$f" "$node_name" "$base" "$base_user" "1.00"
  for i in "${!javas[@]}"; do
    read -r s user <<<"$(median_and_user "${javas[$i]}" -jar "$jar" decrypt --key-file "$key" "$work/$f")"
    printf '%-18s %-28s %10.3f %10s %12.2f\n' "$f" "${java_names[$i]}" "$s" "$user" "$(echo "$s / $base" | bc -l)"
    [ -n "$tuned" ] || continue
    # shellcheck disable=SC2086 # the options are words
    read -r s user <<<"$(median_and_user "${javas[$i]}" $tuned -jar "$jar" decrypt --key-file "$key" "$work/$f")"
    printf '%-18s %-28s %10.3f %10s %12.2f\n' "$f" "${java_names[$i]}, tuned" "$s" "$user" \
      "$(echo "$s / $base" | bc -l)"
  done
done
echo "  load after: $(load)"
fi

# --- 4. in-process --------------------------------------------------------------------------------
[ "$inprocess" = 1 ] || exit 0
echo
echo "in-process (bytes in memory, key parsed once), load before: $(load)"
"$node" "$driver" --bench "$round_ms" "$key" "${files[@]/#/$work/}" > "$work/node-bench.txt"
if [ ! -f "$bench_jar" ]; then
  echo "no $bench_jar: only sops-age is timed in-process (build: mvn -o -q -f benchmarks/reactor.xml package -DskipTests)"
  sed 's/^/  sops-age: /' "$work/node-bench.txt"
  exit 0
fi
declare -a jmh_out
for i in "${!javas[@]}"; do
  "${javas[$i]}" -jar "$bench_jar" SopsDecryptBenchmark -p file=yaml,json,tiny -f 1 -wi 3 -w 1 -i 7 -r 1 \
    -jvmArgsAppend "-Dsops4j.bench.dir=$work" -rf json -rff "$work/jmh$i.json" > "$work/jmh$i.log" 2>&1 \
    || { tail -20 "$work/jmh$i.log" >&2; exit 1; }
  # "yaml 5.123 4.987": median and fastest of the measured iterations, ms/op
  "$node" -e '
    for (const b of JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))) {
      const s = b.primaryMetric.rawData.flat().sort((x, y) => x - y);
      console.log(b.params.file, s[s.length >> 1].toFixed(3), s[0].toFixed(3));
    }' "$work/jmh$i.json" > "$work/jmh$i.txt"
  jmh_out+=("$work/jmh$i.txt")
done
echo "median round (fastest round), ms per decrypt; ratio = sops-age median / sops4j median (fastest / fastest)"
printf '%-18s %22s' "file" "sops-age"
for i in "${!javas[@]}"; do printf ' %22s %16s' "${java_names[$i]}" "ratio"; done
echo
for f in "${files[@]}"; do
  param=$(case "$f" in tiny.yaml) echo tiny ;; *.yaml) echo yaml ;; *) echo json ;; esac)
  read -r _ node_ms node_min _ < <(grep "^$f " "$work/node-bench.txt")
  printf '%-18s %22s' "$f" "$node_ms ($node_min)"
  for i in "${!javas[@]}"; do
    read -r _ ms min < <(grep "^$param " "${jmh_out[$i]}")
    printf ' %22s %16s' "$ms ($min)" "$(printf '%.1fx (%.1fx)' "$(echo "$node_ms / $ms" | bc -l)" \
      "$(echo "$node_min / $min" | bc -l)")"
  done
  echo
done
echo "  load after: $(load)"
