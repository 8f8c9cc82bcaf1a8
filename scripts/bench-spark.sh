#!/usr/bin/env bash
# The Spark benchmark (issues "Scale out on Apache Spark" and 21; results in docs/performance.md):
# the single-JVM engine and the distributed crossmatch (local[1], local[2]) on the same two
# index-first surveys, one process each, plus the task-time skew on crowded geometry.
# Overhead target (issue 21): spark-2 seconds <= 1.2 x regional-2 seconds (both from the datasets:
# planning, reading each region's index rows, matching, the rows counted).
#
#   scripts/bench-spark.sh [N] [RADIUS_ARCSEC] [STEPS]   default 1e7 objects per survey, 1", local,cluster
#
# STEPS: "local" (engine vs local[1]/local[2], skew), "cluster" (a two-worker standalone cluster
# and mmu-spark xmatch on it against mmu xmatch, with the report's index rows, tasks and skew).
#
# Timed: "engine" the in-memory matcher on loaded indices; "regional" the library's crossmatch from
# the datasets, region by region (what mmu xmatch runs); "spark" MmuSpark.crossmatch from the
# datasets (the driver's planning included) to Spark's count of the rows.
# Whole processes are measured with /usr/bin/time -v (wall, peak RSS). Surveys are generated
# once under bench-out/spark/ (not committed). Environment: MMU_BENCH_HEAP (default 8g).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1e7}
radius=${2:-1}
steps=${3:-local,cluster}
heap=${MMU_BENCH_HEAP:-8g}
out=$PWD/bench-out/spark # absolute: executors run in their workers' directories
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
c=$out/crowded-$n
if [[ $steps == *local* ]]; then
echo "== overhead and scaling: $n x $n, all pairs within $radius\""
run "engine-2-$n" engine "$u/left" "$u/right" "$radius" 2
run "engine-1-$n" engine "$u/left" "$u/right" "$radius" 1
run "regional-2-$n" regional "$u/left" "$u/right" "$radius" 2
run "regional-1-$n" regional "$u/left" "$u/right" "$radius" 1
run "spark-2-$n" spark "$u/left" "$u/right" "$radius" "local[2]"
run "spark-1-$n" spark "$u/left" "$u/right" "$radius" "local[1]"
echo "== skew on crowded geometry (half of each survey in 20 clusters of 0.1 deg)"
run "engine-2-crowded-$n" engine "$c/left" "$c/right" "$radius" 2
run "regional-2-crowded-$n" regional "$c/left" "$c/right" "$radius" 2
run "spark-2-crowded-$n" spark "$c/left" "$c/right" "$radius" "local[2]"
for g in "" "-crowded"; do
  python3 - "$out/regional-2$g-$n.out" "$out/spark-2$g-$n.out" "$g" <<'PY'
import re, sys
sec = lambda f: float(re.search(r"seconds=([0-9.]+)", open(f).read()).group(1))
e, s = sec(sys.argv[1]), sec(sys.argv[2])
print(f"  overhead{sys.argv[3]}: local[2] {s:.2f} s / regional engine (2 threads) {e:.2f} s = {s / e:.2f} x (target <= 1.2)")
PY
done
fi
[[ $steps == *cluster* ]] || exit 0

# == a real cluster (issue 21): a standalone master and two worker JVMs on loopback
# (org.mmu.spark.bench.StandaloneCluster), executors with Spark's jars only plus the shipped
# runtime jar, 1 GB each; crowded geometry. Targets: pairs identical to `mmu xmatch`; the report's
# index_rows_read <= 1.3 x objects, driver_index_rows_read = 0, skew <= 3.
#   MMU_BENCH_DRIVER_HEAP (default 512m: the target; the driver plans from per-cell counts and
#   holds no index), MMU_BENCH_CLI_HEAP (default 512m: mmu-spark xmatch streams the rows region
#   by region to the CSV it writes on the driver).
runtime=mmu-spark/target/mmu-spark-runtime.jar
driver_heap=${MMU_BENCH_DRIVER_HEAP:-512m}
cli_heap=${MMU_BENCH_CLI_HEAP:-512m}
on_cluster() { # label, then the command ({master} becomes the master URL)
  local label=$1; shift
  rm -rf "$out/cluster-$label"
  /usr/bin/time -v -o "$out/$label.time" java -Xmx256m -cp "$cp" org.mmu.spark.bench.StandaloneCluster \
    "$out/cluster-$label" 2 1280 --runtime-jar "$runtime" -- "$@" 2>"$out/$label.err" | tee "$out/$label.out"
  echo "  ($label: whole cluster and driver $(grep 'Elapsed (wall' "$out/$label.time" | awk '{print $NF}') wall;" \
    "daemon and executor logs in $out/cluster-$label)"
}
echo "== two-worker standalone cluster: $n x $n crowded, all pairs within $radius\", driver -Xmx$driver_heap, executors 1g"
on_cluster "cluster-crowded-$n" java "${opens[@]}" -Djdk.reflect.useDirectMethodHandle=false \
  -Dlog4j2.configurationFile=scripts/mmu-spark-log4j2.properties -Xmx"$driver_heap" \
  -Dspark.jars="$runtime" -Dspark.executor.memory=1g -Dspark.scheduler.minRegisteredResourcesRatio=1.0 \
  -cp "$cp" org.mmu.spark.bench.SparkBench spark "$c/left" "$c/right" "$radius" '{master}'
echo "== the same on the cluster through the command line, against mmu xmatch (CSV bytes) and with the report"
on_cluster "cluster-cli-$n" env MMU_JAVA_OPTS="-Xmx$cli_heap -Dspark.executor.memory=1g -Dspark.scheduler.minRegisteredResourcesRatio=1.0" \
  scripts/mmu-spark xmatch "$c/left" "$c/right" --radius-arcsec "$radius" --mode all --overwrite \
  --out "$out/cluster-$n.csv" --report "$out/cluster-$n.json" --master '{master}'
MMU_JAVA_OPTS="-Xmx${MMU_BENCH_MMU_HEAP:-2g}" scripts/mmu xmatch "$c/left" "$c/right" --radius-arcsec "$radius" --mode all --overwrite \
  --out "$out/mmu-$n.csv" >/dev/null
if cmp -s "$out/mmu-$n.csv" "$out/cluster-$n.csv"; then
  echo "  pairs identical to mmu xmatch ($(($(wc -l <"$out/mmu-$n.csv") - 1)) rows)"
else
  echo "  PAIRS DIFFER from mmu xmatch: $out/mmu-$n.csv vs $out/cluster-$n.csv"
fi
python3 - "$out/cluster-$n.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
print(f"  tasks={r['tasks']} skew={r['skew']} seconds={r['seconds']}")
for name, s in r["per_survey"].items():
    print(f"  {name}: index_rows_read={s['index_rows_read']} ({s['index_rows_read'] / s['objects']:.2f} x objects),"
          f" driver_index_rows_read={s['driver_index_rows_read']}, largest_task_index_rows={s['largest_task_index_rows']}")
PY
