#!/usr/bin/env bash
# Install engine (issue 6): `java -jar sops4j.jar install` of a sops-nix manifest, at two sizes.
#
#   benchmarks/install.sh                  # RUNS=5 INPROCESS_RUNS=10, sizes 1k and 10k
#   RUNS=10 TUNED= benchmarks/install.sh   # more runs, no C1-only/serial-GC rows
#   RUNTIME_BASE=/var/tmp benchmarks/install.sh   # runtime dir on disk instead of /dev/shm (fsync costs)
#
# 1. InstallBenchFiles (run as a source file on sops4j.jar) writes, per size, a fresh age key, SOPS YAML
#    files (values from a fixed seed, encrypted by sops4j) and a sops-nix manifest JSON (every field,
#    userMode true, %r paths, one secret per value, templates of ten sops-nix placeholders each):
#      small: 1,000 secrets in 20 files, 100 templates;  large: 10,000 secrets in 200 files, 1,000 templates.
# 2. Correctness first: one install per size; the live generation must hold every secret and template,
#    no placeholder may be left in a rendered file, and one value must equal `sops4j decrypt --extract`.
# 3. Whole process, hyperfine -N (one warm-up, RUNS runs; a date loop without hyperfine) of
#    `java [TUNED] -jar sops4j.jar install manifest.json`: "fresh" (the runtime dir emptied before each run:
#    everything added) and "again" (a live generation with the same contents: everything is written,
#    compared, switched and the old generation pruned). Median wall time and user CPU, large / small.
# 4. In-process: InstallBenchFiles time (Installer.install in one JVM, 3 warm-ups, INPROCESS_RUNS runs).
#
# The runtime dir (XDG_RUNTIME_DIR, %r) is under RUNTIME_BASE (default /dev/shm, a tmpfs, as sops-nix's
# ramfs); on a disk file system the per-file fsync dominates.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${RUNS:-5}
inprocess_runs=${INPROCESS_RUNS:-10}
jar=${JAR:-$root/secrets-cli/target/sops4j.jar}
java=${JAVA:-java}
tuned=${TUNED--XX:TieredStopAtLevel=1 -XX:+UseSerialGC}
runtime_base=${RUNTIME_BASE:-/dev/shm}
generator=$root/benchmarks/src/main/java/dev/sops4j/bench/InstallBenchFiles.java

if [ ! -f "$jar" ]; then
  echo "building $jar ..." >&2
  (cd "$root" && mvn -B -q -pl secrets-core,secrets-cli -am package -DskipTests)
fi
[ -d "$runtime_base" ] || runtime_base=${TMPDIR:-/tmp}

work=$(mktemp -d "${TMPDIR:-/tmp}/sops4j-install-bench.XXXXXX")
runtime=$(mktemp -d "$runtime_base/sops4j-install-run.XXXXXX")
trap 'rm -rf "$work" "$runtime"' EXIT
load() { cut -d' ' -f1-3 /proc/loadavg; }

sizes=(small large)
declare -A secrets=([small]=1000 [large]=10000) files=([small]=20 [large]=200) templates=([small]=100 [large]=1000)

# --- 1. files ----------------------------------------------------------------------------------------
for s in "${sizes[@]}"; do
  "$java" -cp "$jar" "$generator" write "$work/$s" "${secrets[$s]}" "${files[$s]}" "${templates[$s]}"
  mkdir -p "$runtime/$s"
done

# --- 2. correctness ----------------------------------------------------------------------------------
for s in "${sizes[@]}"; do
  XDG_RUNTIME_DIR=$runtime/$s "$java" -jar "$jar" install "$work/$s/manifest.json" > "$work/$s.out" 2> "$work/$s.err"
  live=$runtime/$s/secrets
  n_secrets=$(find -L "$live" -type f -not -path '*/rendered/*' | wc -l)
  n_templates=$(find -L "$live/rendered" -type f | wc -l)
  [ "$n_secrets" = "${secrets[$s]}" ] && [ "$n_templates" = "${templates[$s]}" ] \
    || { echo "$s: $n_secrets secrets and $n_templates templates installed" >&2; exit 1; }
  ! grep -rlq '<SOPS:' "$live/rendered/" || { echo "$s: a placeholder was left in a template" >&2; exit 1; }
  want=$("$java" -jar "$jar" decrypt --key-file "$work/$s/key.txt" --extract '["secrets"]["s0007"]' \
    "$work/$s/sops/f003.yaml")
  [ "$(cat "$live/f003/s0007")" = "$want" ] || { echo "$s: f003/s0007 differs from sops4j decrypt" >&2; exit 1; }
  echo "$s: ${secrets[$s]} secrets from ${files[$s]} files and ${templates[$s]} templates installed and checked;" \
    "manifest $(stat -c %s "$work/$s/manifest.json") bytes; stdout $(wc -l < "$work/$s.out") lines" >&2
done

# --- 3. whole process --------------------------------------------------------------------------------
median_and_user() { # prepare-command command... -> "median_seconds user_seconds"
  local prepare=$1
  shift
  if command -v hyperfine >/dev/null; then
    hyperfine --style none -N --warmup 1 --runs "$runs" --prepare "$prepare" --export-csv "$work/h.csv" "$*" \
      >/dev/null 2>&1
    awk -F, 'NR==2 {printf "%.3f %.3f\n", $4, $5}' "$work/h.csv"
  else
    local times=() start end
    for _ in $(seq "$runs"); do
      bash -c "$prepare"
      start=$(date +%s.%N); "$@" >/dev/null 2>&1; end=$(date +%s.%N)
      times+=("$(echo "$end - $start" | bc -l)")
    done
    printf '%s\n' "${times[@]}" | sort -g \
      | awk '{a[NR]=$1} END {print ((NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2), "-"}'
  fi
}

echo
echo "$(nproc) CPUs, $(lscpu | sed -n 's/^Model name: *//p' | head -1); $("$java" -version 2>&1 | head -1);" \
  "$(date -u +%Y-%m-%dT%H:%MZ); commit $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown);" \
  "runtime dir on $(df -T "$runtime" | awk 'NR==2 {print $2}')"
echo "whole process, median of $runs runs ($(command -v hyperfine >/dev/null && echo hyperfine -N || echo date loop));" \
  "tuned: $tuned"
printf '%-7s %-7s %-8s %10s %10s\n' size run jvm "median s" "user s"
declare -A result
variants=(default)
[ -z "$tuned" ] || variants+=(tuned)
for s in "${sizes[@]}"; do
  for v in "${variants[@]}"; do
    opts=()
    # shellcheck disable=SC2206 # the options are words
    [ "$v" = default ] || opts=($tuned)
    for mode in fresh again; do
      prepare=true
      [ "$mode" = fresh ] && prepare="rm -rf '$runtime/$s/secrets' '$runtime/$s/secrets.d'"
      echo "  load before $s $mode $v: $(load)"
      read -r t user <<<"$(XDG_RUNTIME_DIR=$runtime/$s median_and_user "$prepare" \
        "$java" "${opts[@]}" -jar "$jar" install "$work/$s/manifest.json")"
      result[$s.$mode.$v]=$t
      printf '%-7s %-7s %-8s %10.3f %10s\n' "$s" "$mode" "$v" "$t" "$user"
    done
  done
done
echo "  load after: $(load)"
for v in "${variants[@]}"; do
  for mode in fresh again; do
    printf 'large / small, %s, %s: %.2f\n' "$mode" "$v" \
      "$(echo "${result[large.$mode.$v]} / ${result[small.$mode.$v]}" | bc -l)"
  done
done

# --- 4. in-process -----------------------------------------------------------------------------------
echo
echo "in-process Installer.install (3 warm-ups, median of $inprocess_runs; ms median, fastest), load before: $(load)"
declare -A inproc
for s in "${sizes[@]}"; do
  read -r ms fastest _ < <(XDG_RUNTIME_DIR=$runtime/$s "$java" -cp "$jar" "$generator" time "$work/$s" \
    "$inprocess_runs" 2>/dev/null)
  inproc[$s]=$ms
  printf '%-7s %10s %10s\n' "$s" "$ms" "$fastest"
done
printf 'large / small: %.2f\n' "$(echo "${inproc[large]} / ${inproc[small]}" | bc -l)"
echo "  load after: $(load)"
