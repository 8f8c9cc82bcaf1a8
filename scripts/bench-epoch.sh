#!/usr/bin/env bash
# Training epochs (issue "Feed model training"): a shuffled epoch beside a sequential scan of the
# same data and the hand-made random-read epoch, on Parquet and HDF5 partitions, then a shuffled
# epoch over a crossmatch whose matched data is larger than the heap, all in one JVM with -Xmx1g.
#
#   scripts/bench-epoch.sh [DIR] [--objects N] [--table-objects T] [--crossmatch-objects M]
#
# The data is generated once into DIR (default bench-out/epoch; untimed, with a bigger heap).
# Environment: MMU_BENCH_SKIP_BUILD=1 reuses mmu-examples/target/mmu.jar;
#              MMU_EPOCH_RUN_OPTS adds options to the run (e.g. "--buffer 4096 --rounds 5").
# Needs: JDK 17, Maven, /usr/bin/time. See docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=$(realpath -m "${1:-bench-out/epoch}"); shift || true
if [[ ${MMU_BENCH_SKIP_BUILD:-0} != 1 ]]; then
  mvn -q -o -B -pl mmu-examples -am -DskipTests package
fi
jar=mmu-examples/target/mmu.jar
if [[ ! -d $dir/spec ]]; then
  java -Xmx6g -cp "$jar" org.mmu.bench.EpochBench generate "$dir" "$@"
fi
# shellcheck disable=SC2086
/usr/bin/time -v java -Xmx1g -cp "$jar" org.mmu.bench.EpochBench run "$dir" ${MMU_EPOCH_RUN_OPTS:-} 2> >(grep -E "Maximum resident|Elapsed" >&2)
