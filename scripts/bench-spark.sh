#!/usr/bin/env bash
# The Spark benchmark (issue "Scale out on Apache Spark"; results in docs/performance.md):
# the single-JVM engine and the distributed crossmatch (local[1], local[2]) on the same two
# index-first surveys, one process each, plus the task-time skew on crowded geometry.
#
#   scripts/bench-spark.sh [N] [RADIUS_ARCSEC]      default 1e7 objects per survey, 1"
#
# Timed: the matching, with both indices already loaded (index loading is the same code in both).
# Whole processes are measured with /usr/bin/time -v (wall, peak RSS). Surveys are generated
# once under bench-out/spark/ (not committed). Environment: MMU_BENCH_HEAP (default 8g).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1e7}
radius=${2:-1}
heap=${MMU_BENCH_HEAP:-8g}
out=bench-out/spark
mkdir -p "$out"
scripts/mmu-spark --help >/dev/null # builds the modules and the class path once
cp=mmu-spark/target/mmu-spark-0.2.0.jar:$(cat mmu-spark/target/classpath.txt)
opens=()
for p in java.lang java.lang.invoke java.lang.reflect java.io java.net java.nio java.util java.util.concurrent \
  java.util.concurrent.atomic jdk.internal.ref sun.nio.ch sun.nio.cs sun.security.action sun.util.calendar; do
  opens+=(--add-opens=java.base/$p=ALL-UNNAMED)
done
export SPARK_LOCAL_IP=127.0.0.1
run() { # label, then SparkBench arguments
  local label=$1; shift
  /usr/bin/time -v -o "$out/$label.time" java "${opens[@]}" -Djdk.reflect.useDirectMethodHandle=false \
    -Dlog4j2.configurationFile=scripts/mmu-spark-log4j2.properties -XX:+UseParallelGC -Xmx"$heap" \
    -cp "$cp" org.mmu.spark.bench.SparkBench "$@" 2>"$out/$label.err" | tee "$out/$label.out"
  echo "  ($label: whole process $(grep 'Elapsed (wall' "$out/$label.time" | awk '{print $NF}') wall," \
    "peak RSS $(( $(grep 'Maximum resident' "$out/$label.time" | awk '{print $NF}') / 1024 )) MB)"
}
for geometry in uniform crowded; do
  dir=$out/$geometry-$n
  [[ -d $dir/right ]] || run "build-$geometry-$n" build "$geometry" "$n" "$dir"
done
u=$out/uniform-$n
echo "== overhead and scaling: $n x $n, all pairs within $radius\""
run "engine-2-$n" engine "$u/left" "$u/right" "$radius" 2
run "engine-1-$n" engine "$u/left" "$u/right" "$radius" 1
run "spark-2-$n" spark "$u/left" "$u/right" "$radius" "local[2]"
run "spark-1-$n" spark "$u/left" "$u/right" "$radius" "local[1]"
c=$out/crowded-$n
echo "== skew on crowded geometry (half of each survey in 20 clusters of 0.1 deg)"
run "engine-2-crowded-$n" engine "$c/left" "$c/right" "$radius" 2
run "spark-2-crowded-$n" spark "$c/left" "$c/right" "$radius" "local[2]"
