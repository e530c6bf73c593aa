#!/usr/bin/env bash
# Whole-process decryption speed: `age -d` (Go) against `java -jar secrets-cli/target/sops4j.jar age decrypt`
# on the same 1 GiB file, on the default java (JDK 17) and on Temurin 25. Prints MB/s and ratios.
#
#   benchmarks/age-decrypt.sh            # SIZE_MIB=1024 RUNS=3 by default
#   SIZE_MIB=256 RUNS=5 benchmarks/age-decrypt.sh
#
# Uses hyperfine when installed (apt-get install -y hyperfine), else a date +%s.%N loop; reports the median.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
size_mib=${SIZE_MIB:-1024}
runs=${RUNS:-3}
jar=${JAR:-$root/secrets-cli/target/sops4j.jar}
java17=${JAVA17:-java}
java25=${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
work_parent=${TMPDIR:-/tmp}

command -v age >/dev/null || { echo "age not found (run .ci/install-peers)" >&2; exit 1; }
if [ ! -f "$jar" ]; then
  echo "building $jar ..." >&2
  (cd "$root" && mvn -B -q install -DskipTests)
fi
free_mib=$(df -Pm "$work_parent" | awk 'NR==2 {print $4}')
if [ "$free_mib" -lt $((size_mib * 2 + 512)) ]; then
  echo "need $((size_mib * 2 + 512)) MiB free in $work_parent, have $free_mib MiB" >&2
  exit 1
fi

work=$(mktemp -d "$work_parent/sops4j-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
age-keygen -o "$work/key.txt" 2>/dev/null
recipient=$(age-keygen -y "$work/key.txt")
echo "creating a ${size_mib} MiB random file and encrypting it with age ..." >&2
head -c "$((size_mib * 1024 * 1024))" /dev/urandom > "$work/plain.bin"
expected=$(sha256sum < "$work/plain.bin" | cut -d' ' -f1)
age -r "$recipient" -o "$work/file.age" "$work/plain.bin"
rm "$work/plain.bin"

declare -a names commands
names+=("age -d (Go)");            commands+=("age -d -i $work/key.txt -o /dev/null $work/file.age")
if [ -x "$(command -v "$java17")" ]; then
  names+=("sops4j, $("$java17" -version 2>&1 | head -1 | cut -d'"' -f2)")
  commands+=("$java17 -jar $jar age decrypt -i $work/key.txt -o /dev/null $work/file.age")
fi
if [ -x "$java25" ]; then
  names+=("sops4j, $("$java25" -version 2>&1 | head -1 | cut -d'"' -f2)")
  commands+=("$java25 -jar $jar age decrypt -i $work/key.txt -o /dev/null $work/file.age")
else
  echo "no JDK 25 at $java25 (set JAVA25): skipping it" >&2
fi

# Correctness first: each java decrypts to the same bytes.
for i in "${!commands[@]}"; do
  [ "$i" = 0 ] && continue
  got=$(${commands[$i]/-o \/dev\/null/-o -} | sha256sum | cut -d' ' -f1)
  [ "$got" = "$expected" ] || { echo "${names[$i]}: wrong plaintext" >&2; exit 1; }
done

median_seconds() { # command -> median wall time of $runs runs, after one warm-up run
  local cmd=$1
  if command -v hyperfine >/dev/null; then
    hyperfine --style none --warmup 1 --runs "$runs" --export-csv "$work/h.csv" "$cmd" >/dev/null
    awk -F, 'NR==2 {print $4}' "$work/h.csv"
  else
    $cmd
    local times=() start end
    for _ in $(seq "$runs"); do
      start=$(date +%s.%N); $cmd; end=$(date +%s.%N)
      times+=("$(echo "$end - $start" | bc -l)")
    done
    printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'
  fi
}

mb=$(echo "$size_mib * 1.048576" | bc -l)
echo "file: ${size_mib} MiB, $(nproc) CPUs, $(lscpu | sed -n 's/^Model name: *//p' | head -1), runs: $runs (median)"
printf '%-28s %10s %10s %14s\n' "decrypt" "seconds" "MB/s" "time / age"
base=""
for i in "${!commands[@]}"; do
  s=$(median_seconds "${commands[$i]}")
  [ -n "$base" ] || base=$s
  printf '%-28s %10.3f %10.0f %14.2f\n' "${names[$i]}" "$s" "$(echo "$mb / $s" | bc -l)" "$(echo "$s / $base" | bc -l)"
done
