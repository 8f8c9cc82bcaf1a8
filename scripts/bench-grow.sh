#!/usr/bin/env bash
# Growing datasets (docs/performance.md): append 1e6 objects to a 1e7-object dataset against a
# rebuild of all 1.1e7 (target: append <= 15 % of the rebuild; sample objects of the two equal),
# then a crossmatch-load filtered by an index column keeping 10 % against the unfiltered load
# (target: <= 12 % of the data bytes) and the pairs and values after the append against the
# rebuild's (equal), then a float32[256] column added to the M objects (target: bytes written
# <= 1.1 x the column's PLAIN-encoded bytes, M x 1024) and loaded beside the features array.
#   scripts/bench-grow.sh [DIR] [N] [M] [--keep]     (defaults bench-out/grow 10000000 1000000; ~8 GB free)
set -euo pipefail
cd "$(dirname "$0")/.."
dir=$(realpath -m "${1:-bench-out/grow}")
n=${2:-10000000}
m=${3:-1000000}
keep=${4:-}
mvn -q -B -DskipTests package
jar=mmu-examples/target/mmu.jar
heap=${MMU_BENCH_HEAP:--Xmx12g}
rm -rf "$dir/grown" "$dir/rebuilt" "$dir/both" "$dir/deep-ds" "$dir/add-ds" "$dir/embedding.parquet"
if [[ ! -f $dir/add/part-0.parquet ]]; then
  java -Xmx4g -cp "$jar" org.mmu.bench.GrowBench generate "$dir" "$n" "$m"
fi
echo "machine load before: $(cut -d' ' -f1-3 /proc/loadavg)"
java "$heap" -cp "$jar" org.mmu.bench.GrowBench append "$dir"
java "$heap" -cp "$jar" org.mmu.bench.GrowBench where "$dir"
java "$heap" -cp "$jar" org.mmu.bench.GrowBench columns "$dir"
echo "machine load after: $(cut -d' ' -f1-3 /proc/loadavg)"
if [[ $keep != --keep ]]; then rm -rf "$dir"; echo "deleted $dir"; fi
